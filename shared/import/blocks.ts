/**
 * Blocks: runs of non-blank lines, the paragraphs of a plain-text source before anyone decides what they
 * mean. Every convention that reads plain text starts from here, and keeps the line numbers so that
 * what it sets aside can be quoted exactly.
 */

/** A run of non-blank lines, with where it stands in the source. */
export interface Block {
  /** The lines, trimmed; never empty, none blank. */
  readonly lines: readonly string[];
  /** Index of the first and last line in the source (inclusive). */
  readonly first: number;
  readonly last: number;
}

/** A source split into lines and blocks. */
export interface BlockedText {
  /** Every line of the source, as written. */
  readonly lines: readonly string[];
  readonly blocks: readonly Block[];
}

/**
 * A line is blank when it holds nothing but white space. `trim` counts the no-break space (U+00A0) and
 * the other Unicode spaces, which web pages leave behind on lines that look empty.
 */
export function isBlankLine(line: string): boolean {
  return line.trim() === '';
}

/** Split text (LF line endings) into blocks separated by blank lines. */
export function splitBlocks(text: string): BlockedText {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let current: string[] = [];
  let first = 0;
  lines.forEach((line, i) => {
    if (isBlankLine(line)) {
      if (current.length > 0) blocks.push({ lines: current, first, last: i - 1 });
      current = [];
      return;
    }
    if (current.length === 0) first = i;
    current.push(line.trim());
  });
  if (current.length > 0) blocks.push({ lines: current, first, last: lines.length - 1 });
  return { lines, blocks };
}

/**
 * The lines of a paragraph as one string. Lines inside a paragraph are hard wraps, not breaks in
 * meaning, so they are joined with a space.
 */
export function joinLines(lines: readonly string[]): string {
  return lines.join(' ');
}

/** One non-blank line of a block, trimmed, with where it stands. */
export interface BlockLine {
  readonly text: string;
  /** Index of the line in the source. */
  readonly index: number;
  /** Index of its block in the list the lines were taken from. */
  readonly block: number;
  /** True for the first line of its block: a line after a blank line, or the first of the text. */
  readonly first: boolean;
  /** True when the line is its block's only line. */
  readonly alone: boolean;
}

/** The lines of some blocks, in order, each knowing its block. */
export function blockLines(blocks: readonly Block[]): BlockLine[] {
  const out: BlockLine[] = [];
  blocks.forEach((b, block) => {
    const alone = b.lines.length === 1;
    b.lines.forEach((text, i) => out.push({ text, index: b.first + i, block, first: i === 0, alone }));
  });
  return out;
}

/** The source text from the first line of one block to the last line of another, exactly as written. */
export function sourceText(text: BlockedText, from: Block, to: Block): string {
  return text.lines.slice(from.first, to.last + 1).join('\n');
}
