/**
 * The editor's compact annotation tables (id-pool.ts, record-table.ts) against plain Maps, the
 * structures they replace: whatever goes in must come out the same, field for field, in the same
 * order, through any sequence of changes, and an old table must not change when a new one is made
 * from it. Ids and timestamps are open-ended text, so both are generated (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/annotation.js';
import { IdPool } from '../../renderer/editor/id-pool.js';
import { PLACED, RecordTable } from '../../renderer/editor/record-table.js';

/** Ids: mostly short and colliding (to re-use, take out and put back), sometimes any text at all. */
const idArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c', 'ab', 'ba', 'a\u0000', 'é', 'e\u0301', '😀', '\ud83d') },
  { weight: 2, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.uuid() },
);

/** Timestamps as Parley writes them, and anything else a sidecar may hold. */
const timeArb = fc.oneof(
  fc.date({ min: new Date(-5e13), max: new Date(3e14), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms).toISOString()),
  // The canonical shape with fields out of range, or a year below 100.
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }))
    .map(([y, mo, d, h, s]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:${String(s).padStart(2, '0')}.000Z`),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000+00:00', '2024-02-29T12:00:00.000Z', '2023-02-29T12:00:00.000Z', '', 'yesterday'),
  fc.string({ maxLength: 24 }),
);

const targetArb = fc.record({ start: fc.nat(100), end: fc.nat(100), exact: fc.string({ maxLength: 8 }), prefix: fc.string({ maxLength: 4 }), suffix: fc.string({ maxLength: 4 }) });

const annotationArb = (id: fc.Arbitrary<string>): fc.Arbitrary<Annotation> =>
  fc
    .record({
      id,
      kind: fc.constantFrom('topic', 'claim', 'note'),
      target: fc.oneof(fc.constant(PLACED), targetArb),
      detached: fc.boolean(),
      // Topic ids that a joined or JSON key of several others would spell.
      topics: fc.array(fc.constantFrom('t1', 't2', 't3', 'x', 't1\u0000t2', '["t1","t2"]', '['), { maxLength: 3 }),
      note: fc.oneof(fc.constant(''), fc.string({ maxLength: 8 })),
      claim: fc.option(
        fc.record({
          type: fc.constantFrom('statistic', 'other'),
          status: fc.constantFrom('unchecked', 'false'),
          checkWorthiness: fc.option(fc.integer({ min: 0, max: 3 })),
          claimant: fc.option(fc.string({ maxLength: 4 })),
          sources: fc.array(fc.record({ url: fc.constant('https://example.org/a'), title: fc.string({ maxLength: 4 }) }), { maxLength: 2 }),
        }),
      ),
      created: timeArb,
      sameModified: fc.boolean(),
      modified: timeArb,
    })
    .map(({ sameModified, ...a }) => ({ ...a, modified: sameModified ? a.created : a.modified }));

/** What the table must give back for `a` (a record keeps its target only when detached or given one). */
function expected(a: Annotation): Annotation {
  return { ...a, topics: [...a.topics] };
}

function topicCounts(records: Iterable<Annotation>): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of records) for (const t of a.topics) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

function expectSame(table: RecordTable, model: ReadonlyMap<string, Annotation>, absent: readonly string[]): void {
  expect(table.size).toBe(model.size);
  expect([...table.values()]).toEqual([...model.values()].map(expected));
  expect([...table.ids()]).toEqual([...model.keys()]);
  expect([...table.detached()]).toEqual([...model.values()].filter((a) => a.detached).map(expected));
  expect(table.topicCounts()).toEqual(topicCounts(model.values()));
  for (const [id, a] of model) {
    expect(table.has(id)).toBe(true);
    expect(table.get(id)).toEqual(expected(a));
  }
  for (const id of absent) {
    if (model.has(id)) continue;
    expect(table.has(id)).toBe(false);
    expect(table.get(id)).toBeUndefined();
  }
}

describe('IdPool', () => {
  it('gives every id one key for good, and each key back its id, through batches that grow it', () => {
    fc.assert(
      fc.property(fc.array(fc.array(idArb, { maxLength: 120 }), { maxLength: 8 }), fc.array(idArb, { maxLength: 20 }), (batches, probes) => {
        const pool = new IdPool();
        const model = new Map<string, number>();
        for (const batch of batches) {
          const keys = pool.keysFor(batch);
          batch.forEach((id, i) => {
            if (!model.has(id)) model.set(id, model.size);
            expect(keys[i]).toBe(model.get(id));
          });
          expect(pool.size).toBe(model.size);
          for (const [id, key] of model) {
            expect(pool.keyOf(id)).toBe(key);
            expect(pool.id(key)).toBe(id);
          }
        }
        for (const id of probes) expect(pool.keyOf(id)).toBe(model.get(id) ?? -1);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a key it never gave', () => {
    const pool = new IdPool();
    pool.keysFor(['a']);
    expect(() => pool.id(1)).toThrow(RangeError);
    expect(() => pool.id(-1)).toThrow(RangeError);
    expect(pool.keyFor('b')).toBe(1);
    expect(pool.id(1)).toBe('b');
  });
});

describe('RecordTable', () => {
  it('holds what a Map of records holds, in the same order, through any changes, and an older table keeps what it had', () => {
    fc.assert(
      fc.property(
        fc.array(annotationArb(idArb), { maxLength: 30 }),
        fc.array(fc.array(fc.tuple(idArb, fc.option(annotationArb(fc.constant('')), { freq: 3 })), { maxLength: 12 }), { maxLength: 6 }),
        (initial, changeSets) => {
          const pool = new IdPool();
          const model = new Map<string, Annotation>();
          for (const a of initial) model.set(a.id, a);
          let table = RecordTable.from(initial, pool);
          const seen = initial.map((a) => a.id);
          expectSame(table, model, seen);
          const history: [RecordTable, Map<string, Annotation>][] = [[table, new Map(model)]];
          for (const set of changeSets) {
            const changes = new Map<string, Annotation | null>();
            for (const [id, a] of set) {
              changes.set(id, a && { ...a, id });
              seen.push(id);
            }
            for (const [id, a] of changes) {
              if (a) model.set(id, a);
              else model.delete(id);
            }
            table = table.with(changes);
            expectSame(table, model, seen);
            history.push([table, new Map(model)]);
          }
          for (const [old, was] of history) expectSame(old, was, seen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with `placed`, keeps attached ones without their target and marks the rest detached', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(annotationArb(idArb), fc.boolean()), { maxLength: 30 }), (entries) => {
        const list = entries.map(([a]) => a);
        const placed = entries.map(([, p]) => p);
        const model = new Map<string, Annotation>();
        entries.forEach(([a, p]) => model.set(a.id, p ? { ...a, detached: false, target: PLACED } : { ...a, detached: true }));
        expectSame(RecordTable.from(list, new IdPool(), placed), model, []);
      }),
      { numRuns: 200 },
    );
  });

  it('gives back a timestamp exactly as it was written, whatever its form', () => {
    const odd = ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000+00:00', '2023-02-29T12:00:00.000Z', '2026-01-01T24:00:00.000Z', '0050-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '', 'not a date'];
    const list = odd.map((created, i): Annotation => ({ id: `a${i}`, kind: 'topic', target: PLACED, detached: false, topics: [], note: '', claim: null, created, modified: created }));
    const table = RecordTable.from(list);
    expect([...table.values()].map((a) => [a.created, a.modified])).toEqual(odd.map((t) => [t, t]));
  });
});
