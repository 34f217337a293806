/**
 * Standoff targets: a range of the working text with the quote and its surroundings, so the range
 * can be found again after the text changed; and the conversions between UTF-16 offsets (what the
 * sidecar stores) and Unicode code points (what W3C Web Annotation and brat count).
 */
import type { TextTarget } from '../annotation.js';

/** How much text before and after the quote a target keeps, in UTF-16 code units. */
export const CONTEXT_LENGTH = 32;

/**
 * The target of `text.slice(start, end)`: the quote, up to CONTEXT_LENGTH units of prefix and suffix,
 * and the position. The context is shortened by one unit rather than cut through a surrogate pair,
 * so prefix and suffix are always well-formed strings. Throws RangeError for a range outside the
 * text, reversed, or with an end inside a surrogate pair.
 */
export function makeTarget(text: string, start: number, end: number): TextTarget {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    throw new RangeError(`The range ${start}..${end} is not inside the text (0..${text.length}).`);
  }
  if (splitsPair(text, start) || splitsPair(text, end)) {
    throw new RangeError(`The range ${start}..${end} cuts a character (a surrogate pair) in half.`);
  }
  let from = Math.max(0, start - CONTEXT_LENGTH);
  if (splitsPair(text, from)) from += 1;
  let to = Math.min(text.length, end + CONTEXT_LENGTH);
  if (splitsPair(text, to)) to -= 1;
  return { start, end, exact: text.slice(start, end), prefix: text.slice(from, start), suffix: text.slice(end, to) };
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
