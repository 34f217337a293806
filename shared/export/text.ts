/**
 * The working text as exports need it: where each turn and paragraph sits in it, UTF-16 offsets
 * turned into Unicode code points, and a quote found again when its stored position no longer fits.
 *
 * The working text itself and the code point conversion come from shared/anchoring/, which owns the
 * definition (shared/annotation.ts); this module only shapes them for rendering.
 */
import { codePointConverter, splitsPair, type CodePointConverter } from '../anchoring/target.js';
import { turnIndexAt as anchoringTurnIndexAt, workingText, type WorkingText } from '../anchoring/working-text.js';
import type { Turn } from '../model.js';

/** Where one paragraph sits in the working text. */
export interface ParagraphSpan {
  text: string;
  /** UTF-16 offset of its first character in the working text. */
  start: number;
  end: number;
}

/** Where one turn sits in the working text. */
export interface TurnSpan {
  /** Index of the turn in the body's turns. */
  index: number;
  start: number;
  end: number;
  paragraphs: ParagraphSpan[];
}

/** The working text and the place of every turn and paragraph in it. */
export interface WorkingLayout {
  text: string;
  turns: TurnSpan[];
  working: WorkingText;
}

/** Lay out the working text of the given turns. */
export function layoutWorkingText(turns: readonly Pick<Turn, 'paragraphs'>[]): WorkingLayout {
  const working = workingText(turns);
  const spans = turns.map((turn, index): TurnSpan => {
    const starts = working.paragraphStarts[index]!;
    return {
      index,
      start: working.turnStarts[index]!,
      end: working.turnEnds[index]!,
      paragraphs: turn.paragraphs.map((text, p) => ({ text, start: starts[p]!, end: starts[p]! + text.length })),
    };
  });
  return { text: working.text, turns: spans, working };
}

/** The index (into `layout.turns`) of the turn holding a working-text offset; a separator belongs to the turn before it. */
export function turnIndexAt(layout: WorkingLayout, offset: number): number {
  return anchoringTurnIndexAt(layout.working, offset);
}

/**
 * Converts UTF-16 offsets of one text to Unicode code point offsets (shared/anchoring's converter,
 * built once per text). Unlike the converter it never throws: an offset inside a surrogate pair
 * counts the pair as begun, and one past either end is clamped, because an export should write what
 * it can rather than fail on one odd offset.
 */
export class CodePointIndex {
  readonly #text: string;
  readonly #converter: CodePointConverter;

  constructor(text: string) {
    this.#text = text;
    this.#converter = codePointConverter(text);
  }

  toCodePoints(offset: number): number {
    const at = Math.max(0, Math.min(offset, this.#text.length));
    return splitsPair(this.#text, at) ? this.#converter.toCodePoint(at - 1) + 1 : this.#converter.toCodePoint(at);
  }
}

/** Code points in a string (what Python's len() and the W3C model count). */
export function codePointLength(text: string): number {
  return codePointConverter(text).toCodePoint(text.length);
}

/** Move an offset off the middle of a surrogate pair, toward `direction`. */
export function clampToCodePoint(text: string, offset: number, direction: -1 | 1): number {
  return splitsPair(text, offset) ? offset + direction : offset;
}

/** The stored quote and context an annotation is found again by. */
export interface Quote {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * Find a quote in a text: every exact occurrence is scored by how much of the stored prefix and suffix
 * it agrees with, and a tie goes to the one nearest `near`. Null when the quote is empty or absent.
 * Exports use this when a stored position no longer holds its quote, and to place annotations in the
 * source text; unlike the editor's re-anchoring it never guesses a fuzzy match, because an export must
 * not put a claim on words that were not claimed.
 */
export function findQuote(text: string, quote: Quote, near: number): { start: number; end: number } | null {
  if (quote.exact === '') return null;
  let best: { start: number; score: number; distance: number } | null = null;
  for (let at = text.indexOf(quote.exact); at >= 0; at = text.indexOf(quote.exact, at + 1)) {
    const score =
      commonSuffix(text.slice(Math.max(0, at - quote.prefix.length), at), quote.prefix) +
      commonPrefix(text.slice(at + quote.exact.length, at + quote.exact.length + quote.suffix.length), quote.suffix);
    const distance = Math.abs(at - near);
    if (!best || score > best.score || (score === best.score && distance < best.distance)) {
      best = { start: at, score, distance };
    }
  }
  return best && { start: best.start, end: best.start + quote.exact.length };
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
