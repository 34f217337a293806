/** The editor's ISO-8601 timestamp codec (iso-time.ts) against Date, which it stands in for. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTime, isoTime } from '../../renderer/editor/iso-time.js';

describe('ISO timestamps', () => {
  it('writes a time as toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const t of ['0100-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2000-02-29T23:59:59.999Z', '9999-12-31T23:59:59.999Z']) {
      expect(isoTime(Date.parse(t))).toBe(t);
    }
  });

  it('reads back what toISOString writes, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(canonicalTime(text)).toBe(text.length === 24 && !text.startsWith('00') ? ms : null);
      }),
      { numRuns: 2000 },
    );
    for (const t of ['2026-01-01T00:00:00Z', '2023-02-29T12:00:00.000Z', '2026-01-01T24:00:00.000Z', '0050-01-01T00:00:00.000Z', '2026-13-01T00:00:00.000Z', 'not a date']) {
      expect(canonicalTime(t)).toBeNull();
    }
  });
});
