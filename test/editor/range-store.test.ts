/**
 * The compact store of annotation ranges against what it replaced: ProseMirror's DecorationSet
 * of inline decorations. Through random edits, both must hold the same ranges and drop the same
 * ones, or annotations would drift or detach differently after the change.
 */
import fc from 'fast-check';
import { EditorState, TextSelection } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import { RangeStore, type IdRange } from '../../renderer/editor/range-store.js';
import { applyEdit, docArb, editArb, REMADE_TURN } from './edits.js';

const sorted = (list: readonly IdRange[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('RangeStore', () => {
  // The model is an inline decoration's own mapping (prosemirror-view's InlineType.map): the start
  // maps to the right of an insertion at it, the end to the left, and a range left empty is gone.
  // A whole DecorationSet is not the model: where a step replaces nodes, it maps the decorations
  // inside them by their place in the node, which put one a position off (see the test below).
  it('maps ranges through edits exactly as an inline decoration maps its own, dropping and reporting the same ones', () => {
    fc.assert(
      fc.property(
        docArb,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 30 })), { maxLength: 25 }),
        fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (doc, spans, transactions) => {
          const size = doc.content.size;
          const ranges = spans.map(([at, length], i) => {
            const from = at % (size + 1);
            return { id: `a${i}`, from, to: Math.min(size, from + length) };
          });
          let store = RangeStore.create(ranges);
          let model = ranges.filter((r) => r.to > r.from);
          let state = EditorState.create({ doc });
          for (const edits of transactions) {
            const tr = state.tr;
            for (const edit of edits) applyEdit(tr, edit);
            const removedFromStore: string[] = [];
            const removedFromModel: string[] = [];
            const before = store;
            store = store.map(
              tr.mapping,
              (id, was) => {
                removedFromStore.push(id);
                // What is reported is the range the annotation had before the edit.
                expect(was).toEqual(before.rangeOf(id));
              },
              (id, was) => expect(was).toEqual(before.rangeOf(id)),
            );
            model = model.flatMap((r) => {
              const from = tr.mapping.map(r.from, 1);
              const to = tr.mapping.map(r.to, -1);
              if (from < to) return [{ id: r.id, from, to }];
              removedFromModel.push(r.id);
              return [];
            });
            state = state.apply(tr);
            expect(removedFromStore.sort()).toEqual(removedFromModel.sort());
            expect(sorted(store.find())).toEqual(sorted(model));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a range on its text where a step re-creates the turn around it (a DecorationSet put it one position off)', () => {
    // Found by the property above while it compared with a DecorationSet.
    const { doc, at } = REMADE_TURN;
    expect(doc.textBetween(at, at + 1)).toBe('X');
    let store = RangeStore.create([{ id: 'x', from: at, to: at + 1 }]);
    let set = DecorationSet.create(doc, [Decoration.inline(at, at + 1, {}, { id: 'x' })]);
    let state = EditorState.create({ doc });
    const split = state.tr;
    split.setSelection(TextSelection.create(split.doc, at)).split(at);
    const tr = state.apply(split).tr;
    tr.delete(9, 16).delete(7, 10);
    for (const step of [split, tr]) {
      store = store.map(step.mapping);
      set = set.map(step.mapping, step.doc);
      state = state.apply(step);
    }
    const [range] = store.find();
    expect(state.doc.textBetween(range!.from, range!.to)).toBe('X');
    const [decoration] = set.find();
    expect(decoration!.from).toBe(range!.from + 1);
  });

  it('finds what touches a range, and what overlaps each of many spans, as a search of every range would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 200 }), fc.integer({ min: 0, max: 40 })), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }),
        fc.tuple(fc.nat({ max: 250 }), fc.nat({ max: 50 })),
        (raw, spanLengths, [qFrom, qLength]) => {
          const ranges = raw.map(([from, length], i) => ({ id: `a${i}`, from, to: from + length }));
          const store = RangeStore.create(ranges);
          const kept = ranges.filter((r) => r.to > r.from);
          expect(store.size).toBe(kept.length);
          const qTo = qFrom + qLength;
          expect(sorted(store.find(qFrom, qTo))).toEqual(sorted(kept.filter((r) => r.from <= qTo && r.to >= qFrom)));
          // Adjacent spans, as turns are.
          const spans: { from: number; to: number }[] = [];
          let at = 0;
          for (const length of spanLengths) spans.push({ from: at, to: (at += length) });
          const found: string[] = [];
          store.overlapping(spans, (id, range, s) => {
            expect(range).toEqual(store.rangeOf(id));
            found.push(`${id}@${s}`);
          });
          const expected = kept.flatMap((r) =>
            spans.flatMap((span, s) => (r.from < span.to && r.to > span.from ? [`${r.id}@${s}`] : [])),
          );
          expect(found.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes many ranges at once as changing them one by one would', () => {
    const rangeArb = fc.tuple(fc.nat({ max: 100 }), fc.nat({ max: 20 })).map(([from, length]) => ({ from, to: from + length }));
    fc.assert(
      fc.property(
        fc.array(rangeArb, { maxLength: 20 }),
        fc.array(fc.tuple(fc.nat({ max: 30 }), fc.option(rangeArb, { nil: null })), { maxLength: 20 }),
        (initial, edits) => {
          const store = RangeStore.create(initial.map((r, i) => ({ id: `a${i}`, ...r })));
          const changes = new Map(edits.map(([n, range]) => [`a${n}`, range] as const));
          let oneByOne = store;
          for (const [id, range] of changes) oneByOne = range ? oneByOne.set(id, range.from, range.to) : oneByOne.remove(id);
          // The model: what each id should have afterwards.
          const model = new Map(store.find().map((r) => [r.id, { from: r.from, to: r.to }] as const));
          for (const [id, range] of changes) {
            if (range && range.to > range.from) model.set(id, range);
            else model.delete(id);
          }
          const expected = [...model].map(([id, r]) => ({ id, ...r }));
          expect(sorted(store.setMany(changes).find())).toEqual(sorted(expected));
          expect(sorted(oneByOne.find())).toEqual(sorted(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sets, moves and removes one range and leaves the store it came from as it was', () => {
    const store = RangeStore.create([
      { id: 'a', from: 1, to: 5 },
      { id: 'b', from: 3, to: 9 },
      { id: 'empty', from: 4, to: 4 },
    ]);
    expect(store.size).toBe(2);
    expect(store.rangeOf('empty')).toBeNull();
    const moved = store.set('a', 10, 12);
    expect(moved.rangeOf('a')).toEqual({ from: 10, to: 12 });
    expect(moved.size).toBe(2);
    expect(store.rangeOf('a')).toEqual({ from: 1, to: 5 });
    const without = moved.remove('b');
    expect(without.find()).toEqual([{ id: 'a', from: 10, to: 12 }]);
    expect(moved.rangeOf('b')).toEqual({ from: 3, to: 9 });
    expect(without.set('a', 7, 7).size).toBe(0);
    expect(store.pick(new Set(['b', 'nobody']))).toEqual([{ id: 'b', from: 3, to: 9 }]);
  });
});
