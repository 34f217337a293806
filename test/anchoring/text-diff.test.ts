import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextMapping, diffTexts } from '../../shared/anchoring/text-diff.js';
import { generateTranscript } from '../bench/generate.js';

describe('diffTexts', () => {
  it('maps offsets through an insertion, a deletion and a replacement, as ProseMirror maps', () => {
    const m = diffTexts('hello world', 'hello brave world');
    expect(m.map(6, -1)).toBe(6); // text inserted here: before it with -1 ...
    expect(m.map(6, 1)).toBe(12); // ... after it with 1
    expect(m.map(11)).toBe(17);
    const r = diffTexts('The quick brown fox.', 'The quick red fox.');
    expect(r.map(10, 1)).toBe(10); // the start of replaced text stays at its start
    expect(r.map(12, -1)).toBe(10); // inside it: to one side
    expect(r.map(12, 1)).toBe(13);
    expect(r.map(15, -1)).toBe(13); // its end goes to the replacement's end
    expect(r.changes).toBe(1);
  });

  it('is one unchanged stretch for equal texts, and none for unrelated empty ones', () => {
    expect(diffTexts('same text', 'same text').segments).toEqual([{ oldStart: 0, newStart: 0, length: 9 }]);
    expect(diffTexts('', 'abc').segments).toEqual([]);
    expect(diffTexts('abc', '').map(2)).toBe(0);
  });

  it('tells where unchanged text came from', () => {
    const m = diffTexts('one two three', 'one 2 two three');
    expect(m.originOf(6, 9)).toEqual({ start: 4, end: 7 }); // "two"
    expect(m.originOf(4, 5)).toBeNull(); // "2" is new
    expect(m.originOf(2, 7)).toBeNull(); // spans the change
  });

  it('finds only equal stretches, in order, and maps monotonically (property)', () => {
    const word = fc.constantFrom('we', 'the', 'Ukraine', 'support', 'winter', '\n', '\n\n', '.', ',', '😀', 'é');
    const text = fc.array(word, { maxLength: 80 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), fc.nat(6), word), { maxLength: 10 }), (a, edits) => {
        let b = a;
        for (const [at, remove, insert] of edits) {
          const p = at % (b.length + 1);
          b = b.slice(0, p) + insert + b.slice(p + remove);
        }
        const m = diffTexts(a, b);
        let lastOld = 0;
        let lastNew = 0;
        for (const s of m.segments) {
          expect(a.slice(s.oldStart, s.oldStart + s.length)).toBe(b.slice(s.newStart, s.newStart + s.length));
          expect(s.oldStart).toBeGreaterThanOrEqual(lastOld);
          expect(s.newStart).toBeGreaterThanOrEqual(lastNew);
          lastOld = s.oldStart + s.length;
          lastNew = s.newStart + s.length;
        }
        const previous = { [-1]: 0, [1]: 0 };
        for (let p = 0; p <= a.length; p++) {
          expect(m.map(p, -1)).toBeLessThanOrEqual(m.map(p, 1));
          for (const assoc of [-1, 1] as const) {
            expect(m.map(p, assoc)).toBeGreaterThanOrEqual(previous[assoc]);
            previous[assoc] = m.map(p, assoc);
          }
        }
        expect(m.map(a.length, 1)).toBe(b.length);
        if (a === b) expect(m.changes).toBe(0);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('aligns a 1 MB text with edits scattered through it, keeping nearly all of it', () => {
    const { text } = generateTranscript({ bytes: 1_000_000 });
    let edited = text;
    for (let i = 1; i <= 200; i++) {
      const at = Math.floor((edited.length * i) / 201);
      edited = `${edited.slice(0, at)}INSERTED${edited.slice(at + 5)}`;
    }
    const m = diffTexts(text, edited);
    const kept = m.segments.reduce((n, s) => n + s.length, 0);
    expect(kept).toBeGreaterThan(text.length - 200 * 6);
    expect(m.changes).toBe(200);
  });
});

describe('TextMapping', () => {
  it('merges adjacent stretches and counts changes', () => {
    const m = new TextMapping(
      [
        { oldStart: 0, newStart: 0, length: 2 },
        { oldStart: 2, newStart: 2, length: 3 },
        { oldStart: 7, newStart: 5, length: 1 },
      ],
      8,
      6,
    );
    expect(m.segments).toEqual([
      { oldStart: 0, newStart: 0, length: 5 },
      { oldStart: 7, newStart: 5, length: 1 },
    ]);
    expect(m.changes).toBe(1);
  });
});
