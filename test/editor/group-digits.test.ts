import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../renderer/components/Panels.js';

describe('groupDigits', () => {
  it('writes a count as English number formatting does', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(groupDigits(n)).toBe(n.toLocaleString('en'));
      }),
    );
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1000)).toBe('1,000');
    expect(groupDigits(1234567)).toBe('1,234,567');
  });
});
