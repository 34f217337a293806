/**
 * The promise of the codebook operations, checked on random codebooks, annotations and sequences of
 * operations: no annotation is ever lost, every topic, claim type and status an annotation names
 * exists in the codebook, and the codebook stays consistent (no loop, unique ids and keys).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCodebook, type Annotation, type Codebook, type Topic } from '../../shared/annotation.js';
import {
  addLabelled,
  checkCodebook,
  createTopic,
  deleteTopic,
  mergeCodebooks,
  mergeTopics,
  moveTopic,
  recolourTopic,
  removeLabelled,
  renameTopic,
  setTopicKey,
  type ListName,
} from '../../shared/codebook/index.js';
import { annotation, frozen } from './builders.js';

/** A valid codebook: each topic's parent is an earlier topic (so no loop), keys unique. */
const codebookArb: fc.Arbitrary<Codebook> = fc
  .array(fc.record({ parentPick: fc.option(fc.nat(), { nil: null }), key: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }) }), {
    maxLength: 12,
  })
  .map((specs) => {
    const used = new Set<number>();
    const topics: Topic[] = specs.map((s, i) => {
      const key = s.key !== null && !used.has(s.key) ? s.key : null;
      if (key !== null) used.add(key);
      return {
        id: `t${i}`,
        label: `Topic ${i}`,
        color: '#332288',
        description: '',
        parent: s.parentPick === null || i === 0 ? null : `t${s.parentPick % i}`,
        key,
      };
    });
    return { ...emptyCodebook(), topics };
  });

function annotationsFor(cb: Codebook): fc.Arbitrary<Annotation[]> {
  const ids = cb.topics.map((t) => t.id);
  const topicsArb = ids.length ? fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }) : fc.constant<string[]>([]);
  return fc.array(
    fc.record({
      kind: fc.constantFrom('topic' as const, 'claim' as const, 'note' as const),
      topics: topicsArb,
      type: fc.constantFrom(...cb.claimTypes.map((t) => t.id)),
      status: fc.constantFrom(...cb.statuses.map((s) => s.id)),
    }),
    { maxLength: 25 },
  ).map((specs) => specs.map((s, i) => annotation(`a${i}`, s.topics, s.kind, { type: s.type, status: s.status })));
}

type Op =
  | { op: 'create'; label: string; parent: number | null; key: number | null }
  | { op: 'rename'; t: number; label: string }
  | { op: 'recolour'; t: number }
  | { op: 'move'; t: number; parent: number | null }
  | { op: 'key'; t: number; key: number | null }
  | { op: 'merge'; from: number; into: number }
  | { op: 'delete'; t: number; reassign: number | null }
  | { op: 'addEntry'; list: ListName; label: string }
  | { op: 'removeEntry'; list: ListName; e: number; to: number }
  | { op: 'import'; labels: string[] };

const pick = fc.nat({ max: 40 });
const label = fc.string({ minLength: 1, maxLength: 6 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), label, parent: fc.option(pick, { nil: null }), key: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }) }),
  fc.record({ op: fc.constant('rename' as const), t: pick, label }),
  fc.record({ op: fc.constant('recolour' as const), t: pick }),
  fc.record({ op: fc.constant('move' as const), t: pick, parent: fc.option(pick, { nil: null }) }),
  fc.record({ op: fc.constant('key' as const), t: pick, key: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }) }),
  fc.record({ op: fc.constant('merge' as const), from: pick, into: pick }),
  fc.record({ op: fc.constant('merge' as const), from: pick, into: pick }),
  fc.record({ op: fc.constant('delete' as const), t: pick, reassign: fc.option(pick, { nil: null }) }),
  fc.record({ op: fc.constant('delete' as const), t: pick, reassign: fc.option(pick, { nil: null }) }),
  fc.record({ op: fc.constant('addEntry' as const), list: fc.constantFrom<ListName>('claimTypes', 'statuses'), label }),
  fc.record({ op: fc.constant('removeEntry' as const), list: fc.constantFrom<ListName>('claimTypes', 'statuses'), e: pick, to: pick }),
  fc.record({ op: fc.constant('import' as const), labels: fc.array(label, { maxLength: 4 }) }),
);

/** Applies one operation; a RangeError (a refusal) leaves everything as it was. */
function apply(cb: Codebook, notes: Annotation[], o: Op): { cb: Codebook; notes: Annotation[] } {
  const t = (i: number): string => (cb.topics[i % Math.max(1, cb.topics.length)] as Topic | undefined)?.id ?? 'missing';
  try {
    switch (o.op) {
      case 'create':
        return { cb: createTopic(cb, { label: o.label, parent: o.parent === null ? null : t(o.parent), key: o.key }).codebook, notes };
      case 'rename':
        return { cb: renameTopic(cb, t(o.t), o.label), notes };
      case 'recolour':
        return { cb: recolourTopic(cb, t(o.t), '#117733'), notes };
      case 'move':
        return { cb: moveTopic(cb, t(o.t), o.parent === null ? null : t(o.parent)), notes };
      case 'key':
        return { cb: setTopicKey(cb, t(o.t), o.key), notes };
      case 'merge': {
        const r = mergeTopics(cb, t(o.from), t(o.into));
        return { cb: r.codebook, notes: r.updateAnnotations(notes) };
      }
      case 'delete': {
        const r = deleteTopic(cb, t(o.t), o.reassign === null ? {} : { reassignTo: t(o.reassign) });
        return { cb: r.codebook, notes: r.updateAnnotations(notes) };
      }
      case 'addEntry':
        return { cb: addLabelled(cb, o.list, { label: o.label }).codebook, notes };
      case 'removeEntry': {
        const list = cb[o.list];
        const r = removeLabelled(cb, o.list, list[o.e % list.length]?.id ?? '', list[o.to % list.length]?.id ?? '');
        return { cb: r.codebook, notes: r.updateAnnotations(notes) };
      }
      case 'import': {
        // An imported codebook that reuses some existing labels and ids and brings new ones.
        let imported = emptyCodebook();
        for (const l of o.labels) {
          try {
            imported = createTopic(imported, { label: l, parent: imported.topics.at(-1)?.id ?? null }).codebook;
          } catch (e) {
            if (!(e instanceof RangeError)) throw e;
          }
        }
        return { cb: mergeCodebooks(cb, imported).codebook, notes };
      }
    }
  } catch (e) {
    if (e instanceof RangeError) return { cb, notes };
    throw e;
  }
}

describe('codebook operations (property)', () => {
  it('never lose an annotation, never leave a dangling reference, never break the codebook', () => {
    const scenario = codebookArb.chain((cb) => fc.tuple(fc.constant(cb), annotationsFor(cb), fc.array(opArb, { maxLength: 25 })));
    fc.assert(
      fc.property(scenario, ([start, startNotes, ops]) => {
        let cb = start;
        let notes = startNotes;
        for (const o of ops) {
          ({ cb, notes } = apply(frozen(cb), frozen(notes), o));
          expect(notes.map((a) => a.id)).toEqual(startNotes.map((a) => a.id));
          expect(notes.map((a) => a.kind)).toEqual(startNotes.map((a) => a.kind));
          expect(checkCodebook(cb)).toBeNull();
          const topicIds = new Set(cb.topics.map((x) => x.id));
          const types = new Set(cb.claimTypes.map((x) => x.id));
          const statuses = new Set(cb.statuses.map((x) => x.id));
          for (const a of notes) {
            for (const id of a.topics) expect(topicIds.has(id), `${a.id} names ${id} after ${o.op}`).toBe(true);
            expect(new Set(a.topics).size).toBe(a.topics.length);
            if (a.claim) {
              expect(types.has(a.claim.type)).toBe(true);
              expect(statuses.has(a.claim.status)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('merge and delete keep the annotations that do not use the topic untouched (same objects)', () => {
    const scenario = codebookArb
      .filter((cb) => cb.topics.length >= 2)
      .chain((cb) => fc.tuple(fc.constant(cb), annotationsFor(cb), fc.nat(), fc.nat()));
    fc.assert(
      fc.property(scenario, ([cb, notes, i, j]) => {
        const from = cb.topics[i % cb.topics.length] as Topic;
        const into = cb.topics[(i + 1 + (j % (cb.topics.length - 1))) % cb.topics.length] as Topic;
        for (const update of [mergeTopics(cb, from.id, into.id).updateAnnotations, deleteTopic(cb, from.id).updateAnnotations]) {
          const after = update(notes);
          after.forEach((a, k) => {
            if (!notes[k]?.topics.includes(from.id)) expect(a).toBe(notes[k]);
            else expect(a.topics).not.toContain(from.id);
          });
        }
      }),
    );
  });
});
