/**
 * Standoff targets: a range of the working text with the quote and its surroundings, so the range
 * can be found again after the text changed; and the conversions between UTF-16 offsets (what the
 * sidecar stores) and Unicode code points (what W3C Web Annotation and brat count).
 */
import type { TextTarget } from '../annotation.js';

/** The most text a target keeps before and after the quote, in UTF-16 code units (see makeTarget). */
export const CONTEXT_LENGTH = 32;

/**
 * The standoff target of the range start..end of `text`: the quote, up to CONTEXT_LENGTH UTF-16
 * units of prefix and suffix, and the position. The one definition of quote and context: the
 * editor's save, its detaching, the exporters and re-anchoring all take theirs from here, so a
 * sidecar and an export of the same text agree to the unit.
 *
 * It never throws, since it runs for every annotation of a save and a save must not fail on one
 * odd offset. The range is put right first, and the target's start and end say where it ended up
 * (`exact` is always `text.slice(start, end)`):
 * - an offset that is not a number counts as 0; offsets are clamped to 0..text.length, and a
 *   fraction rounds outward (start down, end up);
 * - a reversed range is put in order, as a selection made backwards is;
 * - an offset between the two halves of a surrogate pair moves outward, so the quote holds the
 *   whole character (re-anchoring relies on this for a fuzzy match's ends).
 *
 * It never cuts a character in two. Where the 32nd unit of context would fall between the halves
 * of a surrogate pair (an emoji, a letter outside the Basic Multilingual Plane) the context is
 * narrowed to 31 units rather than widened to 33: CONTEXT_LENGTH then stays a true bound, which
 * readers of a sidecar and the fuzzy match (which scores context up to that length) may rely on,
 * and a unit less of context is a unit less to compare. Characters here are code points, not
 * grapheme clusters: a prefix may begin with a combining mark or a skin-tone modifier whose base
 * lies outside it. That is still well-formed text (a lone surrogate is not: UTF-8 writers turn it
 * into U+FFFD or refuse it), it only feeds a fuzzy match, and code points are what the formats
 * count (W3C Web Annotation, brat). Clusters would tie the saved context to the Unicode version of
 * whichever runtime's Intl.Segmenter saved it, and segmenting at both ends of 10,000 targets on
 * every save costs far more than the two character checks done here.
 */
export function makeTarget(text: string, start: number, end: number): TextTarget {
  let s = clampOffset(text, start);
  let e = clampOffset(text, end);
  if (s > e) [s, e] = [e, s];
  s = Math.floor(s);
  e = Math.ceil(e);
  if (splitsPair(text, s)) s -= 1;
  if (splitsPair(text, e)) e += 1;
  let from = Math.max(0, s - CONTEXT_LENGTH);
  if (splitsPair(text, from)) from += 1;
  let to = Math.min(text.length, e + CONTEXT_LENGTH);
  if (splitsPair(text, to)) to -= 1;
  return { start: s, end: e, exact: text.slice(s, e), prefix: text.slice(from, s), suffix: text.slice(e, to) };
}

/** `offset` inside 0..text.length; 0 when it is not a number. */
function clampOffset(text: string, offset: number): number {
  return Number.isNaN(offset) ? 0 : Math.min(text.length, Math.max(0, offset));
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  return isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

/**
 * The code point offset of a UTF-16 offset: how many Unicode code points precede it. Linear in the
 * offset; for many conversions on one text use `codePointConverter`. Throws RangeError for an offset
 * outside the text or inside a surrogate pair.
 */
export function codePointOffset(text: string, utf16: number): number {
  checkUtf16(text, utf16);
  let points = 0;
  for (let i = 0; i < utf16; i++) {
    if (!(isLow(text.charCodeAt(i)) && i > 0 && isHigh(text.charCodeAt(i - 1)))) points++;
  }
  return points;
}

/** The UTF-16 offset of a code point offset. Throws RangeError beyond the text's last code point. */
export function utf16Offset(text: string, codePoint: number): number {
  if (!Number.isInteger(codePoint) || codePoint < 0) throw new RangeError(`Code point offset ${codePoint} is not valid.`);
  let i = 0;
  for (let n = 0; n < codePoint; n++) {
    if (i >= text.length) {
      throw new RangeError(`Code point offset ${codePoint} is beyond the end of the text (${n} code points).`);
    }
    i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** Both conversions for one text, in O(log n) each after one pass over the text (for exports). */
export interface CodePointConverter {
  toCodePoint(utf16: number): number;
  toUtf16(codePoint: number): number;
}

export function codePointConverter(text: string): CodePointConverter {
  // The UTF-16 offsets of the low halves of surrogate pairs: each is one unit that is not a code point.
  const lows: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) lows.push(i);
  }
  const points = text.length - lows.length;
  return {
    toCodePoint(utf16) {
      checkUtf16(text, utf16);
      // Low halves strictly before the offset each took a unit without being a code point.
      return utf16 - countBelow(lows, utf16);
    },
    toUtf16(codePoint) {
      if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > points) {
        throw new RangeError(`Code point offset ${codePoint} is outside the text (0..${points}).`);
      }
      // The smallest u with u - (low halves below u) = codePoint; low halves only push it right.
      let u = codePoint;
      for (;;) {
        const next = codePoint + countBelow(lows, u + 1);
        if (next === u) return u;
        u = next;
      }
    },
  };
}

function checkUtf16(text: string, utf16: number): void {
  if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > text.length) {
    throw new RangeError(`Offset ${utf16} is outside the text (0..${text.length}).`);
  }
  if (splitsPair(text, utf16)) throw new RangeError(`Offset ${utf16} is inside a surrogate pair.`);
}

/** How many values in an ascending list are < x. */
function countBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
