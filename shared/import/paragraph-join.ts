/**
 * Lines back into paragraphs. Sources break lines for two reasons: a hard wrap at some width, which is
 * not a break in meaning, and one sentence or paragraph per line (research copies, exports from
 * databases), which is. Blank lines separate paragraphs, except the odd blank line that a copy put
 * inside a sentence ("a clear choice between working people" / blank / "across this country ...").
 */
import type { Block } from './blocks.js';

/** A line of text with the block it stands in. */
export interface FlowLine {
  readonly text: string;
  readonly block: number;
  /** Starts a new paragraph whatever comes before (a timestamp line began it). */
  readonly hard?: boolean;
}

/** How many lines a block needs before its line breaks can tell the two habits apart. */
const MIN_LINES = 3;
/**
 * Share of the longer lines that must end a sentence, and of breaks that must not be wraps, in a
 * one-per-line block. Short lines (names, headings, a table of contents) say nothing either way.
 */
const MIN_SENTENCE_ENDS = 0.8;
const MIN_NON_WRAP_BREAKS = 0.9;
const LONG_LINE_WORDS = 4;
/** Fewer longer lines than this are too few to tell the habits apart. */
const MIN_LONG_LINES = 3;
const MAX_SAMPLE_LINES = 400;

/**
 * A line that ends a sentence: a stop, a colon or semicolon, a stop inside closing quotes or brackets,
 * or a dash that cuts speech off. A hyphen is not one: it is as likely a word broken by the wrap.
 */
const SENTENCE_END = /(?:[.?!:;…]|[.?!…,]["”’')\]]+|[—–])$/u;

/**
 * True when a block writes a sentence or paragraph per line rather than hard-wrapping one paragraph:
 * nearly every longer line ends a sentence and nearly no line continues the one before.
 */
export function linesAreParagraphs(block: Block): boolean {
  // A few hundred lines show a block's habit as well as all of them: a record copied whole is one block.
  const lines = block.lines.length > MAX_SAMPLE_LINES ? block.lines.slice(0, MAX_SAMPLE_LINES) : block.lines;
  if (lines.length < MIN_LINES) return false;
  let long = 0;
  let ends = 0;
  let breaks = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (wordCount(line) >= LONG_LINE_WORDS) {
      long++;
      if (SENTENCE_END.test(line)) ends++;
    }
    const next = lines[i + 1];
    if (next !== undefined && !isWrap(line, next)) breaks++;
  }
  return long >= MIN_LONG_LINES && ends >= MIN_SENTENCE_ENDS * long && breaks >= MIN_NON_WRAP_BREAKS * (lines.length - 1);
}

function wordCount(line: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const space = line.charCodeAt(i) <= 0x20 || line[i] === '\u00A0';
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/**
 * The paragraphs of a run of lines: lines of one block are joined with a space, unless the block is one
 * paragraph per line; lines of different blocks start a new paragraph, unless the first stops in the
 * middle of a sentence and the second goes on in lower case.
 */
export function paragraphsOf(lines: readonly FlowLine[], perLine: (block: number) => boolean): string[] {
  const paragraphs: string[] = [];
  let current: string | null = null;
  let previous: FlowLine | null = null;
  for (const line of lines) {
    const text = line.text.trim();
    if (current === null || previous === null) {
      current = text;
    } else if (current === '') {
      current = text; // an empty first line (a label with its text below) starts nothing
    } else if (text === '') {
      // nothing to add
    } else if (line.hard === true) {
      paragraphs.push(current);
      current = text;
    } else if (line.block === previous.block ? !perLine(line.block) || isWrap(current, text) : isWrap(current, text)) {
      current = `${current} ${text}`;
    } else {
      paragraphs.push(current);
      current = text;
    }
    previous = line;
  }
  if (current !== null && (current !== '' || paragraphs.length === 0)) paragraphs.push(current);
  return paragraphs.filter((p, i) => p !== '' || i === 0);
}

/** A line that stops mid-sentence followed by one that goes on in lower case: a break that is a wrap. */
export function isWrap(before: string, after: string): boolean {
  return /[\p{L}\p{N},]$/u.test(before) && /^\p{Ll}/u.test(after);
}
