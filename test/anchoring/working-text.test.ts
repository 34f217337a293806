import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PARAGRAPH_SEPARATOR,
  TURN_SEPARATOR,
  offsetAt,
  placeAt,
  turnIndexAt,
  workingText,
} from '../../shared/anchoring/working-text.js';

const turns = [{ paragraphs: ['Good afternoon.', 'Second 👍 paragraph.'] }, { paragraphs: ['A question?'] }, { paragraphs: [''] }];

describe('workingText', () => {
  it('joins paragraphs with a line break and turns with a blank line', () => {
    expect(PARAGRAPH_SEPARATOR).toBe('\n');
    expect(TURN_SEPARATOR).toBe('\n\n');
    const wt = workingText(turns);
    expect(wt.text).toBe('Good afternoon.\nSecond 👍 paragraph.\n\nA question?\n\n');
    expect(wt.turnStarts).toEqual([0, 38, 51]);
    expect(wt.turnEnds).toEqual([36, 49, 51]);
    expect(wt.paragraphStarts).toEqual([[0, 16], [38], [51]]);
  });

  it('is empty for no turns', () => {
    expect(workingText([])).toEqual({ text: '', turnStarts: [], turnEnds: [], paragraphStarts: [] });
    expect(() => placeAt(workingText([]), 0)).toThrow(RangeError);
  });

  it('maps offsets to places and back, in UTF-16 units', () => {
    const wt = workingText(turns);
    expect(placeAt(wt, 0)).toEqual({ turn: 0, paragraph: 0, offset: 0 });
    // The end of a paragraph belongs to it; the next offset starts the next paragraph.
    expect(placeAt(wt, 15)).toEqual({ turn: 0, paragraph: 0, offset: 15 });
    expect(placeAt(wt, 16)).toEqual({ turn: 0, paragraph: 1, offset: 0 });
    // After the emoji (two units).
    expect(placeAt(wt, 16 + 9)).toEqual({ turn: 0, paragraph: 1, offset: 9 });
    // The middle of a turn separator resolves by bias.
    expect(placeAt(wt, 37, -1)).toEqual({ turn: 0, paragraph: 1, offset: 20 });
    expect(placeAt(wt, 37, 1)).toEqual({ turn: 1, paragraph: 0, offset: 0 });
    expect(placeAt(wt, 51)).toEqual({ turn: 2, paragraph: 0, offset: 0 });
    expect(offsetAt(wt, { turn: 1, paragraph: 0, offset: 2 })).toBe(40);
    expect(turnIndexAt(wt, 37)).toBe(0);
    expect(turnIndexAt(wt, 38)).toBe(1);
  });

  it('refuses places and offsets that do not exist', () => {
    const wt = workingText(turns);
    expect(() => placeAt(wt, -1)).toThrow(RangeError);
    expect(() => placeAt(wt, 52)).toThrow(RangeError);
    expect(() => offsetAt(wt, { turn: 3, paragraph: 0, offset: 0 })).toThrow(RangeError);
    expect(() => offsetAt(wt, { turn: 0, paragraph: 0, offset: 16 })).toThrow(RangeError);
  });

  it('round-trips every offset outside a separator middle (property)', () => {
    const paragraph = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', ' ', 'é', '😀') });
    const turnList = fc.array(fc.record({ paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(turnList, (ts) => {
        const wt = workingText(ts);
        expect(wt.text).toBe(ts.map((t) => t.paragraphs.join('\n')).join('\n\n'));
        for (let offset = 0; offset <= wt.text.length; offset++) {
          const before = placeAt(wt, offset, -1);
          const after = placeAt(wt, offset, 1);
          expect(offsetAt(wt, after)).toBe(before.turn === after.turn ? offset : offset + 1);
          expect(offsetAt(wt, before)).toBe(before.turn === after.turn ? offset : offset - 1);
          const place = placeAt(wt, offset);
          expect((ts[place.turn]?.paragraphs[place.paragraph] ?? '').length).toBeGreaterThanOrEqual(place.offset);
        }
      }),
      { seed: 4, numRuns: 200 },
    );
  });
});
