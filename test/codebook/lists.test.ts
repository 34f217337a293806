import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_TYPES, DEFAULT_STATUSES, emptyCodebook } from '../../shared/annotation.js';
import { addLabelled, recolourLabelled, removeLabelled, renameLabelled } from '../../shared/codebook/index.js';
import { annotation, frozen } from './builders.js';

describe('claim types and statuses', () => {
  const cb = frozen(emptyCodebook());

  it('start as the defaults', () => {
    expect(cb.claimTypes).toEqual(DEFAULT_CLAIM_TYPES);
    expect(cb.statuses).toEqual(DEFAULT_STATUSES);
  });

  it('add an entry with an id from the label and a palette colour', () => {
    const { codebook, entry } = addLabelled(cb, 'claimTypes', { label: 'Historical' });
    expect(entry).toEqual({ id: 'historical', label: 'Historical', color: '#cc6677' });
    expect(codebook.claimTypes.at(-1)).toEqual(entry);
    expect(addLabelled(cb, 'statuses', { label: 'Disputed', color: '#123ABC' }).entry.color).toBe('#123abc');
  });

  it('refuse a taken label or id, an empty label', () => {
    expect(() => addLabelled(cb, 'statuses', { label: 'false' })).toThrow('The check statuses already have one called "False".');
    expect(() => addLabelled(cb, 'claimTypes', { label: 'X', id: 'other' })).toThrow('There is already a claim type with the id "other".');
    expect(() => addLabelled(cb, 'claimTypes', { label: ' ' })).toThrow('A claim type needs a label.');
  });

  it('rename and recolour', () => {
    const renamed = renameLabelled(cb, 'statuses', 'false', 'Wrong');
    expect(renamed.statuses.find((s) => s.id === 'false')?.label).toBe('Wrong');
    expect(recolourLabelled(cb, 'claimTypes', 'other', '#000000').claimTypes.at(-1)?.color).toBe('#000000');
    expect(() => renameLabelled(cb, 'statuses', 'nope', 'X')).toThrow('No check status has the id "nope" in this codebook.');
  });

  it('remove with reassignment of the claims that had it; other annotations untouched', () => {
    const notes = frozen([
      annotation('c1', [], 'claim', { type: 'causal', status: 'false' }),
      annotation('c2', [], 'claim', { type: 'statistic', status: 'accurate' }),
      annotation('t1', ['x']),
    ]);
    const types = removeLabelled(cb, 'claimTypes', 'causal', 'other');
    expect(types.codebook.claimTypes.map((t) => t.id)).not.toContain('causal');
    const after = types.updateAnnotations(notes);
    expect(after.map((a) => a.claim?.type ?? null)).toEqual(['other', 'statistic', null]);
    expect(after[1]).toBe(notes[1]);
    expect(after[2]).toBe(notes[2]);

    const statuses = removeLabelled(cb, 'statuses', 'false', 'misleading');
    expect(statuses.updateAnnotations(notes).map((a) => a.claim?.status ?? null)).toEqual(['misleading', 'accurate', null]);
  });

  it('refuse removal without a different, existing entry to move the claims to', () => {
    expect(() => removeLabelled(cb, 'statuses', 'false', 'false')).toThrow(
      'The claims of the check status "False" need another check status to move to.',
    );
    expect(() => removeLabelled(cb, 'statuses', 'false', 'gone')).toThrow('No check status has the id "gone"');
    const single = { ...cb, claimTypes: [{ id: 'only', label: 'Only', color: '#000000' }] };
    expect(() => removeLabelled(single, 'claimTypes', 'only', 'only')).toThrow(RangeError);
  });
});
