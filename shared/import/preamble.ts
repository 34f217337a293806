/**
 * What stands before the first speaker label: a table of contents, metadata ("Date: ...", "Speakers
 * included ..."), a dateline and a time ("Aboard Air Force One / En Route Detroit, Michigan",
 * "3:18 P.M. EDT"), or speech that nobody was named for (a host's opening words). Every convention that
 * finds labels in running text hands its preamble here, so that all of them treat it alike.
 */
import type { BlockLine } from './blocks.js';
import { CONTENTS_REASON, contentsLength, laterEntries } from './contents.js';
import { isCapitalHeading } from './headings.js';
import { metadataKey } from './metadata.js';
import { paragraphsOf } from './paragraph-join.js';
import type { TranscriptBuilder } from './transcript-builder.js';

/** Fewer lines than this before the first label are never a table of contents: spare the look at the rest. */
const MIN_TABLE_LINES = 4;
/** A title line is short; anything longer is speech even without a full stop. */
const MAX_TITLE_WORDS = 12;
const MAX_TITLE_CHARS = 100;
/** A title of this many words needs no capitals: speech this short before the first label ends with a stop. */
const MAX_UNPUNCTUATED_TITLE_WORDS = 10;
/** Share of capitalised words (or numbers) that makes a line a title rather than words of speech. */
const MIN_TITLE_CAPITALS = 0.6;

const TIME_OF_DAY = /^(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?)|\d{1,2}:\d{2})(?:\s+\p{Lu}{2,5}\.?)?$/iu;
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const DATE = new RegExp(
  `^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+)?(?:\\d{1,2}\\s+(?:${MONTHS})\\.?,?\\s+\\d{4}|(?:${MONTHS})\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})$`,
  'iu',
);

/**
 * Sort the lines before the first label: a table of contents goes to removed text, metadata and title
 * lines to metadata, and what is left is returned as the paragraphs of a turn without a speaker.
 * @param lines the preamble's lines, in order
 * @param source every line of the source, to quote a table of contents exactly
 */
export function readPreamble(
  lines: readonly BlockLine[],
  source: readonly string[],
  perLine: (block: number) => boolean,
  builder: TranscriptBuilder,
): string[] {
  const after = (lines.at(-1)?.index ?? -1) + 1;
  const tableLength = lines.length < MIN_TABLE_LINES ? 0 : contentsLength(lines.map((l) => l.text), laterEntries(source.slice(after)));
  if (tableLength > 0) {
    const table = lines.slice(0, tableLength);
    const first = table[0]?.index ?? 0;
    const verbatim = source.slice(first, (table.at(-1)?.index ?? first) + 1);
    // Quoted exactly as written, unless the convention took something out of these lines (a timestamp).
    const exact = verbatim.filter((l) => l.trim() !== '').length === table.length && table.every((l) => l.text === source[l.index]?.trim());
    builder.addRemoved('contents', CONTENTS_REASON, exact ? verbatim.join('\n') : table.map((l) => l.text).join('\n'));
  }
  const rest = lines.slice(tableLength);
  const speech: string[] = [];
  for (const block of byBlock(rest)) {
    const text = block.map((l) => l.text);
    // A block of title lines ("Aboard Air Force One" / "En Route Detroit, Michigan") before any speech.
    const titles = speech.length === 0 ? text.map((l) => metadataKey(l) ?? titleKey(l)) : [];
    if (titles.length > 0 && titles.every((k) => k !== null)) {
      builder.addMetadata(metadataKey(text.join(' ')) ?? titles[0] ?? 'heading', text.join('\n'));
      continue;
    }
    for (const paragraph of paragraphsOf(block, perLine).filter((p) => p !== '')) {
      const key = metadataKey(paragraph) ?? (speech.length === 0 ? titleKey(paragraph) : null);
      if (key === null) speech.push(paragraph);
      else builder.addMetadata(key, paragraph);
    }
  }
  return speech;
}

/** Lines grouped by the block they stand in. */
function byBlock(lines: readonly BlockLine[]): BlockLine[][] {
  const out: BlockLine[][] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last && last[0]?.block === line.block) last.push(line);
    else out.push([line]);
  }
  return out;
}

/**
 * The metadata key of a title line before the speech: 'time' for a time of day, 'date' for a date,
 * 'heading' for any other short capitalised line without a full stop; null for speech.
 */
export function titleKey(paragraph: string): string | null {
  const text = paragraph.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > MAX_TITLE_CHARS) return null;
  if (TIME_OF_DAY.test(text)) return 'time';
  if (DATE.test(text)) return 'date';
  const words = text.split(' ');
  if (words.length > MAX_TITLE_WORDS || /[.?!…:;,]$/u.test(text)) return null;
  if (isCapitalHeading(text)) return 'heading';
  // A short line with no full stop before anyone speaks is a title ("Planning call — allotment committee").
  if (words.length <= MAX_UNPUNCTUATED_TITLE_WORDS) return 'heading';
  const counted = words.filter((w) => /\p{L}|\p{N}/u.test(w));
  const capitals = counted.filter((w) => /^[\p{Lu}\p{Lt}\p{N}]/u.test(w)).length;
  return counted.length > 0 && capitals >= MIN_TITLE_CAPITALS * counted.length ? 'heading' : null;
}
