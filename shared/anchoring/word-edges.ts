/**
 * Word edges: a quote that began a word must begin a word wherever it is found again, and likewise
 * at its end. "as" tagged as a word is not the "as" at the start of "assessment", however well the
 * surroundings happen to fit; and a quote "if strategic budget" does not start at " strategic".
 */
import type { TextTarget } from '../annotation.js';

/**
 * For each end of a quote: null when it was not at a word edge (a quote may start mid-word, and
 * then anything goes), else whether the quote's unit at that end is a word unit, which a match's
 * unit at that end must then also be, with a unit of the other kind (or the text's edge) beside it.
 */
export interface WordEdges {
  start: boolean | null;
  end: boolean | null;
}

/** The word edges of a stored target, read from its quote and what stood beside it. */
export function wordEdges(target: Pick<TextTarget, 'exact' | 'prefix' | 'suffix'>): WordEdges {
  const { prefix, exact, suffix } = target;
  if (exact.length === 0) return { start: null, end: null };
  const first = isWordUnit(exact, 0);
  const last = isWordUnit(exact, exact.length - 1);
  // Nothing stood beside the quote where it began or ended the text: text may have come since,
  // of either kind, so that end is left free.
  return {
    start: prefix.length > 0 && isWordUnit(prefix, prefix.length - 1) !== first ? first : null,
    end: suffix.length > 0 && isWordUnit(suffix, 0) !== last ? last : null,
  };
}

/** Whether text[start, end) has the same word edges. */
export function keepsEdges(text: string, start: number, end: number, edges: WordEdges): boolean {
  return keepsStart(text, start, edges) && keepsEnd(text, end, edges);
}

export function keepsStart(text: string, start: number, edges: WordEdges): boolean {
  return edges.start === null || (start < text.length && isWordEdge(text, start) && isWordUnit(text, start) === edges.start);
}

export function keepsEnd(text: string, end: number, edges: WordEdges): boolean {
  return edges.end === null || (end > 0 && isWordEdge(text, end) && isWordUnit(text, end - 1) === edges.end);
}

/** True at the text's ends and between a word unit and a unit that is not. */
export function isWordEdge(text: string, at: number): boolean {
  return at <= 0 || at >= text.length || isWordUnit(text, at - 1) !== isWordUnit(text, at);
}

const WORD_UNIT = /[\p{L}\p{N}\p{M}_]/u;

/** Whether the UTF-16 unit at `i` is part of a letter, digit, mark or underscore (a surrogate half: by its pair). */
export function isWordUnit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  const at = c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  return WORD_UNIT.test(String.fromCodePoint(s.codePointAt(at) as number));
}
