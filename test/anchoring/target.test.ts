import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_LENGTH,
  codePointConverter,
  codePointOffset,
  makeTarget,
  splitsPair,
  utf16Offset,
} from '../../shared/anchoring/target.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('makeTarget', () => {
  it('keeps the quote and 32 units either side', () => {
    const text = 'x'.repeat(40) + 'QUOTE' + 'y'.repeat(40);
    expect(makeTarget(text, 40, 45)).toEqual({ start: 40, end: 45, exact: 'QUOTE', prefix: 'x'.repeat(32), suffix: 'y'.repeat(32) });
    expect(CONTEXT_LENGTH).toBe(32);
  });

  it('keeps less context at the text edges, and none for an empty text', () => {
    expect(makeTarget('ab QUOTE cd', 3, 8)).toEqual({ start: 3, end: 8, exact: 'QUOTE', prefix: 'ab ', suffix: ' cd' });
    expect(makeTarget('', 0, 0)).toEqual({ start: 0, end: 0, exact: '', prefix: '', suffix: '' });
  });

  it('shortens the context rather than cut a surrogate pair in half', () => {
    // 31 units of "x" then an emoji: 32 units back from the quote falls between the emoji's halves.
    const before = '😀' + 'x'.repeat(31);
    const after = 'y'.repeat(31) + '😀';
    const text = `${before}Q${after}`;
    const t = makeTarget(text, before.length, before.length + 1);
    expect(t.prefix).toBe('x'.repeat(31));
    expect(t.suffix).toBe('y'.repeat(31));
    expect(splitsPair(text, 1)).toBe(true);
  });

  it('never throws: clamps a range outside the text, orders a reversed one, widens one inside a surrogate pair', () => {
    expect(makeTarget('abc', 2, 1)).toEqual({ start: 1, end: 2, exact: 'b', prefix: 'a', suffix: 'c' });
    expect(makeTarget('abc', -5, 4)).toEqual({ start: 0, end: 3, exact: 'abc', prefix: '', suffix: '' });
    expect(makeTarget('abc', 9, 7)).toEqual({ start: 3, end: 3, exact: '', prefix: 'abc', suffix: '' });
    expect(makeTarget('abc', Number.NaN, Infinity)).toEqual({ start: 0, end: 3, exact: 'abc', prefix: '', suffix: '' });
    expect(makeTarget('abc', 0.5, 1.5)).toEqual({ start: 0, end: 2, exact: 'ab', prefix: '', suffix: 'c' });
    expect(makeTarget('a😀b', 2, 4)).toEqual({ start: 1, end: 4, exact: '😀b', prefix: 'a', suffix: '' });
    expect(makeTarget('a😀b', 2, 2)).toEqual({ start: 1, end: 3, exact: '😀', prefix: 'a', suffix: 'b' });
  });

  it('keeps a combining mark apart from its base: characters are code points (one definition for editor, export and re-anchoring)', () => {
    // 32 units back from the quote falls between "e" and its combining acute accent.
    const text = `e\u0301${'x'.repeat(31)}Q`;
    expect(makeTarget(text, 33, 34).prefix).toBe(`\u0301${'x'.repeat(31)}`);
  });

  it('never leaves half a surrogate pair at either end of the context (property)', () => {
    const unit = fc.constantFrom('a', ' ', 'é', 'e\u0301', '😀', '👍🏽', '\n', '\r\n');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 120 }), fc.nat(), fc.nat(), (units, i, j) => {
        // Boundaries between the generated units never split a pair.
        const bounds = [0];
        for (const u of units) bounds.push((bounds.at(-1) as number) + u.length);
        const text = units.join('');
        const [a, b] = [bounds[i % bounds.length] as number, bounds[j % bounds.length] as number].sort((x, y) => x - y);
        const t = makeTarget(text, a as number, b as number);
        for (const s of [t.prefix, t.suffix, t.exact]) expect(LONE_SURROGATE.test(s)).toBe(false);
        expect(t.prefix.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
        expect(t.suffix.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
        expect(text.slice(a as number, b as number)).toBe(t.exact);
        expect(text.slice(0, a).endsWith(t.prefix) && text.slice(b).startsWith(t.suffix)).toBe(true);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('makeTarget over any offsets (property)', () => {
  const unit = fc.constantFrom('a', ' ', 'é', 'e\u0301', 'a\u0308\u0301', '😀', '👍🏽', '👩‍👩‍👧', '𝔸', '\n', '中');
  const offset = fc.oneof(fc.integer({ min: -40, max: 400 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, 0.5));

  it('puts quote and context where they belong, within bounds, without a lone surrogate at a cut', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 120 }), offset, offset, (units, start, end) => {
        const text = units.join('');
        const t = makeTarget(text, start, end);
        expect(0 <= t.start && t.start <= t.end && t.end <= text.length).toBe(true);
        expect(Number.isInteger(t.start) && Number.isInteger(t.end)).toBe(true);
        expect(t.exact).toBe(text.slice(t.start, t.end));
        expect(text.slice(t.start - t.prefix.length, t.start)).toBe(t.prefix);
        expect(text.slice(t.end, t.end + t.suffix.length)).toBe(t.suffix);
        // At most CONTEXT_LENGTH units, and at most one less than that unless the text ends first.
        for (const [context, room] of [
          [t.prefix, t.start],
          [t.suffix, text.length - t.end],
        ] as const) {
          expect(context.length).toBeLessThanOrEqual(CONTEXT_LENGTH);
          expect(context.length).toBeGreaterThanOrEqual(Math.min(room, CONTEXT_LENGTH - 1));
        }
        // No cut, of the quote or of the context, falls inside a surrogate pair.
        for (const cut of [t.start - t.prefix.length, t.start, t.end, t.end + t.suffix.length]) expect(splitsPair(text, cut)).toBe(false);
        for (const s of [t.prefix, t.suffix, t.exact]) expect(LONE_SURROGATE.test(s)).toBe(false);
        // A range that was already whole characters in order is kept as it was.
        if (Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= text.length && !splitsPair(text, start) && !splitsPair(text, end)) {
          expect([t.start, t.end]).toEqual([start, end]);
        }
      }),
      { seed: 20, numRuns: 500 },
    );
  });
});

describe('code point offsets', () => {
  const text = 'a😀e\u0301👍🏽\r\nz';

  it('counts code points: an emoji is one, a combining mark is its own, CRLF is two', () => {
    expect(codePointOffset(text, 0)).toBe(0);
    expect(codePointOffset(text, 3)).toBe(2); // after "a😀"
    expect(codePointOffset(text, 5)).toBe(4); // "e" and U+0301 are two code points
    expect(codePointOffset(text, 9)).toBe(6); // 👍 and the skin tone 🏽 are two
    expect(codePointOffset(text, text.length)).toBe(9);
    expect(utf16Offset(text, 2)).toBe(3);
    expect(utf16Offset(text, 9)).toBe(text.length);
  });

  it('refuses an offset inside a surrogate pair or outside the text', () => {
    expect(() => codePointOffset(text, 2)).toThrow(RangeError);
    expect(() => codePointOffset(text, 99)).toThrow(RangeError);
    expect(() => utf16Offset(text, 10)).toThrow(RangeError);
    expect(() => codePointConverter(text).toUtf16(10)).toThrow(RangeError);
    expect(() => codePointConverter(text).toCodePoint(2)).toThrow(RangeError);
  });

  it('round-trips, and the converter agrees with the plain functions (property)', () => {
    const unit = fc.constantFrom('a', 'é', 'e\u0301', '😀', '𝔸', '\r\n', '中');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (units) => {
        const s = units.join('');
        const convert = codePointConverter(s);
        const points = [...s].length;
        for (let cp = 0; cp <= points; cp++) {
          const u = utf16Offset(s, cp);
          expect(convert.toUtf16(cp)).toBe(u);
          expect(codePointOffset(s, u)).toBe(cp);
          expect(convert.toCodePoint(u)).toBe(cp);
          expect(splitsPair(s, u)).toBe(false);
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
