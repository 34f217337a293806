/**
 * A table of contents before the transcript: parliamentary records and long web pages list their
 * sections (headings) and speakers (bare names) before the first real speaker label. It is short lines
 * that do not end a sentence, one after another; speech is sentences. The table runs from the first
 * line before the transcript to the last such line, so that a stray line inside it ("The House met at
 * 10 a.m.") stays with the table instead of becoming a turn nobody said.
 */
import { isCapitalHeading } from './headings.js';
import { looksLikeLabel } from './label-shape.js';

/** A line of a table of contents is a title or a name: a handful of words. */
const MAX_ENTRY_WORDS = 10;
const MAX_ENTRY_CHARS = 90;
/** Enough entries, and a large enough share of the lines, to call the lines a table. */
const MIN_ENTRIES = 4;
const MIN_SHARE = 0.75;
/**
 * Of the entries, this many must come back later in the text, as a heading or a speaker's label: that
 * is what a table of contents does, and what a title block above a transcript ("THE WHITE HOUSE" /
 * "Office of the Press Secretary" / ...) does not.
 */
const MIN_RETURNING_ENTRIES = 2;

/** True when a line could be an entry of a table of contents. */
export function isContentsEntry(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > MAX_ENTRY_CHARS || text.split(/\s+/).length > MAX_ENTRY_WORDS) return false;
  if (/^\p{Ll}/u.test(text)) return false;
  return !/[.?!…:;,]$/u.test(text) || isCapitalHeading(text) || looksLikeLabel(text);
}

/**
 * How many of the lines before the first label, counted from the first, make up a table of contents;
 * 0 when they are not one.
 */
export function contentsLength(lines: readonly string[], later: ReadonlySet<string>): number {
  let entries = 0;
  let returning = 0;
  let last = -1;
  lines.forEach((line, i) => {
    if (!isContentsEntry(line)) return;
    entries++;
    if ((isCapitalHeading(line) || looksLikeLabel(line)) && later.has(entryKey(line))) returning++;
    last = i;
  });
  if (entries < MIN_ENTRIES || entries < MIN_SHARE * lines.length || returning < MIN_RETURNING_ENTRIES) return 0;
  return last + 1;
}

/** Lines longer than this are speech, never a heading or a label that an entry could name. */
const MAX_LATER_CHARS = 160;

/**
 * What the lines after the preamble could show of a table's entries: each short line as a heading, and
 * as a label cut before its bracket or colon ("Ms. Jocelyne Girard-Bujold (Jonquiere, BQ):").
 */
export function laterEntries(lines: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const line of lines) {
    if (line.length > MAX_LATER_CHARS) continue;
    const text = line.trim();
    if (text === '') continue;
    keys.add(entryKey(text));
    const bracket = text.indexOf(' (');
    if (bracket > 0) keys.add(entryKey(text.slice(0, bracket)));
  }
  return keys;
}

function entryKey(line: string): string {
  return line.trim().replace(/[:\uFF1A]$/u, '').replace(/\s+/g, ' ').toLowerCase();
}

/** The reason given for a table of contents set aside. */
export const CONTENTS_REASON =
  'A table of contents before the transcript: section headings and names, not speech. Restore it if any of it was said.';
