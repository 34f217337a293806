/**
 * Headings: the section titles that official records and web pages put between turns ("ROYAL CANADIAN
 * MINT ACT", "WOMEN'S HISTORY MONTH"). They are not speech and not speakers; the importer sets them
 * aside as removed text, where the editor can see and restore them. Only headings in capitals are
 * recognised by shape: a title-case line is too easily a short sentence or a speaker's name.
 */
import { anonymousKind, stripLabelColon } from './speaker-name.js';

/** A heading is a line, not a paragraph. */
const MAX_HEADING_WORDS = 15;
const MAX_HEADING_CHARS = 120;
/** "OK" and "NO" are short replies; a heading has a few letters at least. */
const MIN_HEADING_LETTERS = 3;

/** True when a line is shaped like a heading in capitals (see the module comment). */
export function isCapitalHeading(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > MAX_HEADING_CHARS || /\p{Ll}/u.test(text)) return false;
  // A colon ends a label ("MS. JEAN-PIERRE:"), and .?! end a shouted sentence.
  if (/[:\uFF1A.?!,;]$/u.test(text)) return false;
  if ((text.match(/\p{Lu}/gu)?.length ?? 0) < MIN_HEADING_LETTERS) return false;
  if (text.split(/\s+/).length > MAX_HEADING_WORDS) return false;
  // "(BEGIN VIDEOTAPE)", "[MUSIC]": a stage direction in capitals, which stays in the text as non-speech.
  if (/^[([].*[)\]]$/u.test(text)) return false;
  return anonymousKind(stripLabelColon(text)) === null;
}

/** The reason given for a heading set aside between turns. */
export const HEADING_REASON = 'A heading between turns, not speech. Restore it if it was said.';
