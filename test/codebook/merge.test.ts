import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCodebook, mergeCodebooks, reconcileCodebooks } from '../../shared/codebook/index.js';
import { codebookWithText } from './arbitraries.js';
import { book, frozen, get, ids, topic } from './builders.js';

describe('mergeCodebooks (importing a codebook)', () => {
  const existing = frozen(
    book(
      topic('war', { label: 'War', color: '#111111', key: 1 }),
      topic('energy', { label: 'Energy', key: 2 }),
      topic('grid', { label: 'Grid', parent: 'energy' }),
      topic('local', { label: 'Local only' }),
    ),
  );

  it('matches by id, then by label ignoring case; the import wins on what it says; nothing existing goes', () => {
    const imported = book(
      topic('war', { label: 'War and peace', color: '#222222', description: 'Fighting', key: null }),
      topic('e-1', { label: 'ENERGY', color: '#333333', key: 1 }),
      topic('drones', { label: 'Drones', parent: 'war', key: 3 }),
    );
    const { codebook, report } = mergeCodebooks(existing, imported);
    expect(ids(codebook)).toEqual(['war', 'energy', 'grid', 'local', 'drones']);
    expect(get(codebook, 'war')).toMatchObject({ label: 'War and peace', color: '#222222', description: 'Fighting' });
    // An imported key moves to its topic; an imported topic without a key leaves the existing key alone
    // unless another imported topic claims it.
    expect(get(codebook, 'energy')).toMatchObject({ label: 'ENERGY', color: '#333333', key: 1 });
    expect(get(codebook, 'war').key).toBeNull();
    expect(get(codebook, 'drones')).toMatchObject({ parent: 'war', key: 3 });
    expect(get(codebook, 'grid').parent).toBe('energy');
    expect(report.added).toEqual(['Drones']);
    expect(report.updated).toEqual(['War and peace', 'ENERGY']);
    expect(report.idMap).toEqual({ war: 'war', 'e-1': 'energy', drones: 'drones' });
    expect(checkCodebook(codebook)).toBeNull();
  });

  it('adds an unmatched topic under a fresh id when its id is taken, and notes duplicate labels', () => {
    const ex = book(topic('a', { label: 'Alpha' }), topic('b', { label: 'Beta' }));
    // "x" claims the existing "a" by label, so the imported "a" (another topic) must be added anew.
    const imported = book(topic('x', { label: 'alpha' }), topic('a', { label: 'Gamma' }), topic('b', { label: 'Beta' }), topic('c', { label: 'BETA' }));
    const { codebook, report } = mergeCodebooks(ex, imported);
    expect(report.idMap).toEqual({ x: 'a', a: 'a-2', b: 'b', c: 'c' });
    expect(ids(codebook)).toEqual(['a', 'b', 'a-2', 'c']);
    expect(report.notes).toEqual([
      'The imported topic "Gamma" has the id "a-2", because "a" was taken.',
      'Two topics are now called "BETA" (ids "b" and "c"); merge or rename one.',
    ]);
  });

  it('keeps the tree whole when the import would make it loop, and says so', () => {
    const ex = book(topic('a'), topic('b', { parent: 'a' }));
    const { codebook, report } = mergeCodebooks(ex, book(topic('a', { parent: 'b' }), topic('b', { parent: 'x' }), topic('x')));
    expect(checkCodebook(codebook)).toBeNull();
    expect(get(codebook, 'a').parent).toBe('b');
    expect(get(codebook, 'b').parent).toBe('x');
    expect(report.notes).toEqual([]); // the order of the imported list does not matter
    const looping = mergeCodebooks(ex, book(topic('a', { parent: 'b' })));
    expect(checkCodebook(looping.codebook)).toBeNull();
    expect(looping.report.notes).toEqual(['"A" stays where it was: the imported parent would make the topic tree loop.']);
  });

  it('merges claim types and statuses by id, then label', () => {
    const imported = { ...book(), claimTypes: [{ id: 'stat', label: 'statistic', color: '#000000' }, { id: 'legal', label: 'Legal', color: '#111111' }], statuses: [] };
    const { codebook } = mergeCodebooks(existing, imported);
    expect(codebook.claimTypes.find((c) => c.id === 'statistic')).toEqual({ id: 'statistic', label: 'statistic', color: '#000000' });
    expect(codebook.claimTypes.at(-1)).toEqual({ id: 'legal', label: 'Legal', color: '#111111' });
    expect(codebook.statuses).toEqual(existing.statuses);
  });

  it('never drops a topic of either side and always yields a consistent codebook (property)', () => {
    fc.assert(
      fc.property(codebookWithText(), codebookWithText(), (a, b) => {
        const { codebook, report } = mergeCodebooks(frozen(a), frozen(b));
        expect(checkCodebook(codebook)).toBeNull();
        const result = new Set(ids(codebook));
        for (const t of a.topics) expect(result.has(t.id)).toBe(true);
        for (const t of b.topics) expect(result.has(report.idMap[t.id] ?? '')).toBe(true);
      }),
    );
  });
});

describe('reconcileCodebooks', () => {
  const folder = frozen(book(topic('war', { label: 'War', key: 1 }), topic('energy', { label: 'Energy' })));

  it('adds the sidecar topics the folder lacks, keeping ids, parents it knows and free keys', () => {
    const sidecar = book(
      topic('war', { label: 'War' }),
      topic('drones', { label: 'Drones', parent: 'war', key: 1 }),
      topic('fpv', { label: 'FPV', parent: 'drones', key: 4 }),
      topic('orphan', { label: 'Orphan', parent: 'missing' }),
    );
    const r = reconcileCodebooks(folder, sidecar, '"kyiv.txt.annotations.json"');
    expect(ids(r.codebook)).toEqual(['war', 'energy', 'drones', 'fpv', 'orphan']);
    expect(r.added.map((t) => [t.id, t.parent, t.key])).toEqual([
      ['drones', 'war', null],
      ['fpv', 'drones', 4],
      ['orphan', null, null],
    ]);
    expect(r.conflicts).toEqual([]);
    expect(checkCodebook(r.codebook)).toBeNull();
  });

  it('keeps the folder\'s label on an id clash and reports it; reports a likely duplicate', () => {
    const sidecar = book(topic('war', { label: 'Warfare' }), topic('w2', { label: 'energy' }));
    const r = reconcileCodebooks(folder, sidecar, '"kyiv.txt.annotations.json"');
    expect(get(r.codebook, 'war').label).toBe('War');
    expect(r.conflicts).toEqual([
      'The topic "war" is called "War" in the folder\'s codebook and "Warfare" in "kyiv.txt.annotations.json"; Parley keeps "War".',
      '"kyiv.txt.annotations.json" has its own topic "energy" (id "w2") beside the folder\'s "Energy" (id "energy"); both are kept, merge them if they are the same theme.',
    ]);
  });

  it('adds claim types and statuses the folder lacks and reports label clashes', () => {
    const sidecar = { ...book(), claimTypes: [...folder.claimTypes.slice(1), { id: 'legal', label: 'Legal', color: '#000000' }], statuses: [{ id: 'false', label: 'Wrong', color: '#000000' }] };
    const r = reconcileCodebooks(folder, sidecar);
    expect(r.codebook.claimTypes.map((c) => c.id)).toEqual([...folder.claimTypes.map((c) => c.id), 'legal']);
    expect(r.conflicts).toEqual([
      'The check status "false" is called "False" in the folder\'s codebook and "Wrong" in the transcript; Parley keeps "False".',
    ]);
  });

  it('never drops a topic of either side and cuts a loop the sidecar brings (property)', () => {
    fc.assert(
      fc.property(codebookWithText(), codebookWithText(), (f, s) => {
        const r = reconcileCodebooks(f, s);
        expect(checkCodebook(r.codebook)).toBeNull();
        const result = new Set(ids(r.codebook));
        for (const t of [...f.topics, ...s.topics]) expect(result.has(t.id)).toBe(true);
      }),
    );
    const loop = book(topic('x', { parent: 'y' }), topic('y', { parent: 'x' }));
    expect(checkCodebook(reconcileCodebooks(book(), loop).codebook)).toBeNull();
  });
});
