/**
 * The annotation plugin on its own (no view): annotations follow edits, undo and redo cover them,
 * deleted text detaches them without losing them, and highlights are drawn only inside the turns
 * the browser renders, never across a turn's edge.
 */
import fc from 'fast-check';
import { history, redo, undo } from 'prosemirror-history';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/annotation.js';
import { mergeWithPrevious } from '../../renderer/editor/transcript-commands.js';
import { applyEdit, docArb, editArb, REMADE_TURN } from './edits.js';
import { p, speaker, transcript, turn } from './builder.js';
import { docFromBody } from '../../renderer/editor/convert.js';
import {
  addAnnotation,
  annotationPlugin,
  annotationsForSave,
  getAnnotation,
  listAnnotations,
  selectAnnotation,
  updateAnnotation,
  withAnnotationsLoaded,
  withTurnsRendered,
} from '../../renderer/editor/annotations.js';

const t = transcript(
  {
    speakers: [speaker('a', { name: 'Ana Silva' })],
    codebook: {
      topics: [{ id: 'x', label: 'Topic X', color: '#1f77b4', description: '', parent: null, key: 1 }],
      claimTypes: [],
      statuses: [],
    },
  },
  turn('a', p('<alpha>Alpha <beta>beta <gamma>gamma.<p1>'), p('Delta epsilon.')),
  turn('a', p('<zeta>Zeta eta<eta> theta.')),
  turn('a', p('<iota>Iota <kappa>kappa <lambda>lambda.<p3>')),
);
const body = t.body;
const TEXT = t.text;

function annotation(id: string, from: string, to: string): Annotation {
  const start = TEXT.indexOf(from);
  const end = TEXT.indexOf(to) + to.length;
  return {
    id,
    kind: 'topic',
    target: { start, end, exact: TEXT.slice(start, end), prefix: '', suffix: '' },
    detached: false,
    topics: ['x'],
    note: '',
    claim: null,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
  };
}

const plugin = annotationPlugin();
const LIST = [annotation('beta', 'beta', 'beta'), annotation('across', 'epsilon', 'Zeta'), annotation('kappa', 'kappa', 'kappa')];

function open(): EditorState {
  const state = EditorState.create({ doc: docFromBody(body), plugins: [history({ newGroupDelay: 0 }), plugin] });
  return state.apply(withAnnotationsLoaded(state.tr, LIST));
}

/** The document range of each turn node. */
function turns(state: EditorState): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  state.doc.forEach((node, offset) => out.push({ from: offset, to: offset + node.nodeSize }));
  return out;
}

function drawn(state: EditorState): { id: string; from: number; to: number }[] {
  const set = plugin.props.decorations!.call(plugin, state) as DecorationSet;
  return set
    .find()
    .map((d) => ({ id: (d.spec as { id: string }).id, from: d.from, to: d.to }))
    .sort((a, b) => a.from - b.from);
}

function run(state: EditorState, command: (s: EditorState, d: (tr: Transaction) => void) => boolean): EditorState {
  let next = state;
  expect(command(state, (tr) => (next = state.apply(tr)))).toBe(true);
  return next;
}

const saved = (state: EditorState, id: string) => annotationsForSave(state).find((a) => a.id === id);

/** A stretch of the test transcript: from any position in it, 1 to 40 positions long, cut at its end. */
const stretch = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([at, length]) => {
  const size = open().doc.content.size;
  const from = at % size;
  return { from, to: Math.min(size, from + length) };
});

/** The test transcript with its third turn ("Iota kappa lambda.") rendered, and where that turn's text begins. */
function thirdTurnShown(): { state: EditorState; text: number } {
  const state = open();
  const [, , t3] = turns(state);
  return { state: state.apply(withTurnsRendered(state.tr, [t3!])), text: t3!.from + 2 };
}

/** "kappa" attached (on its word, highlighted) or detached (kept with its quote, not drawn). */
function expectKappa(state: EditorState, attached: boolean): void {
  expect(saved(state, 'kappa')).toMatchObject({ detached: !attached, target: { exact: 'kappa' } });
  expect(drawn(state).map((d) => d.id)).toEqual(attached ? ['kappa'] : []);
}

describe('annotation highlights', () => {
  it('are drawn only in turns the browser renders, clipped to each turn', () => {
    let state = open();
    expect(drawn(state)).toEqual([]);
    const [t1, t2] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [t1!]));
    const first = drawn(state);
    expect(first.map((d) => d.id)).toEqual(['beta', 'across']);
    // Inside the turn's content, so ProseMirror files it under that turn.
    for (const d of first) expect(d.from > t1!.from && d.to < t1!.to).toBe(true);
    expect(state.doc.textBetween(first[1]!.from, first[1]!.to)).toBe('epsilon.');

    state = state.apply(withTurnsRendered(state.tr, [t2!, t1!]));
    const both = drawn(state);
    expect(both.map((d) => d.id)).toEqual(['beta', 'across', 'across']);
    expect(state.doc.textBetween(both[2]!.from, both[2]!.to)).toBe('Zeta');
  });

  it('are drawn again, once, when an annotation is selected or added', () => {
    let state = open();
    const [t1] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [t1!]));
    state = state.apply(selectAnnotation(state.tr, 'beta'));
    state = state.apply(selectAnnotation(state.tr, 'across'));
    expect(drawn(state).map((d) => d.id)).toEqual(['beta', 'across']);
    const alpha = { ...annotation('alpha', 'Alpha', 'Alpha'), target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' } };
    state = state.apply(addAnnotation(state.tr, alpha, t.pos.alpha!, t.pos.alpha! + 'Alpha'.length));
    expect(drawn(state).map((d) => d.id)).toEqual(['alpha', 'beta', 'across']);
    // Added in a turn that is not rendered: recorded, not drawn.
    state = state.apply(addAnnotation(state.tr, { ...alpha, id: 'iota' }, t.pos.iota!, t.pos.iota! + 'Iota'.length));
    expect(drawn(state).map((d) => d.id)).toEqual(['alpha', 'beta', 'across']);
    expect(saved(state, 'iota')?.target.exact).toBe('Iota');
  });
});

/** The positions of the characters from..to covers (those inside a paragraph's text). */
function charsIn(doc: PMNode, from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from; p < to; p++) {
    const $p = doc.resolve(p);
    if ($p.parent.inlineContent && $p.parentOffset < $p.parent.content.size) out.push(p);
  }
  return out;
}

/** Each annotation's characters: as its highlights cover them, and as its range holds them. */
function highlightedChars(state: EditorState): { drawn: Record<string, number[]>; ranges: Record<string, number[]> } {
  const drawnChars: Record<string, number[]> = {};
  for (const d of drawn(state)) (drawnChars[d.id] ??= []).push(...charsIn(state.doc, d.from, d.to));
  const rangeChars: Record<string, number[]> = {};
  for (const { annotation: a, range } of listAnnotations(state)) {
    if (range) rangeChars[a.id] = charsIn(state.doc, range.from, range.to);
  }
  const tidy = (m: Record<string, number[]>) =>
    Object.fromEntries(Object.entries(m).filter(([, c]) => c.length).map(([id, c]) => [id, [...new Set(c)].sort((a, b) => a - b)]));
  return { drawn: tidy(drawnChars), ranges: tidy(rangeChars) };
}

describe('annotation highlights through edits', () => {
  it('cover exactly the text of their annotations in rendered turns, whatever the edits, undo and redo', () => {
    const data = (id: string): Annotation => ({ ...annotation(id, 'Alpha', 'Alpha'), target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' } });
    fc.assert(
      fc.property(
        docArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 12 }),
        fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (doc, spans, batches) => {
          let state = EditorState.create({ doc, plugins: [history({ newGroupDelay: 0 }), plugin] });
          state = state.apply(withAnnotationsLoaded(state.tr, []));
          spans.forEach(([at, length], i) => {
            const size = state.doc.content.size;
            const from = at % (size + 1);
            const to = Math.min(size, from + length);
            if (to > from) state = state.apply(addAnnotation(state.tr, data(`s${i}`), from, to));
          });
          // Every turn rendered, so every character of an annotation is highlighted.
          state = state.apply(withTurnsRendered(state.tr, turns(state)));
          const first = highlightedChars(state);
          expect(first.drawn).toEqual(first.ranges);
          for (const edits of batches) {
            const tr = state.tr;
            for (const edit of edits) applyEdit(tr, edit);
            state = state.apply(tr);
            const now = highlightedChars(state);
            expect(now.drawn).toEqual(now.ranges);
          }
          // Undone edit by edit, then redone.
          for (const command of [undo, redo]) {
            while (command(state, (tr) => (state = state.apply(tr)))) {
              const now = highlightedChars(state);
              expect(now.drawn).toEqual(now.ranges);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stay on their text where an edit re-makes the turn around them (ProseMirror mapped them one position off)', () => {
    // The case where a DecorationSet put a range one position off (see REMADE_TURN), with the plugin drawing.
    const { doc, at } = REMADE_TURN;
    let state = EditorState.create({ doc, plugins: [history({ newGroupDelay: 0 }), plugin] });
    state = state.apply(withAnnotationsLoaded(state.tr, []));
    state = state.apply(addAnnotation(state.tr, annotation('x', 'Alpha', 'Alpha'), at, at + 1));
    state = state.apply(withTurnsRendered(state.tr, turns(state)));
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)).split(at));
    state = state.apply(state.tr.delete(9, 16).delete(7, 10));
    const [piece] = drawn(state);
    expect(state.doc.textBetween(piece!.from, piece!.to)).toBe('X');
    expect(highlightedChars(state).drawn).toEqual(highlightedChars(state).ranges);
  });
  it('stay drawn in a turn whose id an edit changes (the editor gives fresh ids to turns ProseMirror fills in)', () => {
    let state = open();
    const [t1] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [t1!]));
    state = state.apply(state.tr.setNodeMarkup(t1!.from, undefined, { ...state.doc.child(0).attrs, id: 't9' }));
    expect(drawn(state).map((d) => d.id)).toEqual(['beta', 'across']);
    // Still shown: an edit inside it is drawn at once.
    // After the "b" of "beta": the first paragraph's text begins at position 2.
    state = state.apply(state.tr.insertText('X', 2 + 'Alpha b'.length));
    const [beta] = drawn(state);
    expect(state.doc.textBetween(beta!.from, beta!.to)).toBe('bXeta');
  });
});

describe('annotations and edits', () => {
  it('draw a merged turn once, whole, when it is rendered again', () => {
    let state = open();
    const [t1, t2] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [t1!, t2!]));
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, t2!.from + 2)));
    state = run(state, mergeWithPrevious);
    const [merged] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [merged!]));
    const pieces = drawn(state);
    expect(pieces.map((d) => d.id)).toEqual(['beta', 'across']);
    expect(state.doc.textBetween(pieces[1]!.from, pieces[1]!.to, '\n')).toBe('epsilon.\nZeta');
    expect(saved(state, 'across')?.target.exact).toBe('epsilon.\nZeta');
  });

  it('follow the text through an edit before them', () => {
    let state = open();
    const [t1] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [t1!]));
    state = state.apply(state.tr.insertText('So, ', t.pos.alpha!));
    expect(saved(state, 'beta')?.target).toMatchObject({ exact: 'beta', start: t.offset.beta! + 4 });
    expect(saved(state, 'kappa')?.target).toMatchObject({ exact: 'kappa', start: t.offset.kappa! + 4 });
    const beta = drawn(state).find((d) => d.id === 'beta')!;
    expect(state.doc.textBetween(beta.from, beta.to)).toBe('beta');
  });

  it('keep an annotation whose text is deleted as detached, and undo attaches it again', () => {
    const shown = thirdTurnShown();
    let state = shown.state;
    const from = shown.text + 'Iota '.length;
    state = state.apply(state.tr.delete(from, from + 'kappa'.length));
    expect(listAnnotations(state).find((l) => l.annotation.id === 'kappa')?.range).toBeNull();
    expectKappa(state, false);

    state = run(state, undo);
    expectKappa(state, true);
  });

  it('stay attached when text around and over them is replaced by the same text (pasted over it), and not when it differs', () => {
    const shown = thirdTurnShown();
    let state = shown.state;
    const from = shown.text;
    const to = from + 'Iota kappa lambda.'.length;
    // A replacement of exactly its text keeps a range as it is; one of more than its text takes it away.
    state = state.apply(state.tr.insertText('Iota kappa lambda.', from, to));
    expectKappa(state, true);
    state = state.apply(state.tr.insertText('Iota kapa lambda.', from, to));
    expectKappa(state, false);
    state = run(state, undo);
    expectKappa(state, true);
  });

  it('undo attaches again an annotation deleted with more text around it, or with other stretches in the same edit', () => {
    let state = open();
    const before = (id: string) => saved(state, id);
    const kappa = before('kappa');
    const beta = before('beta');
    // The whole of two paragraphs' text in one transaction: "Iota kappa lambda." and "Alpha beta gamma.".
    const tr = state.tr;
    tr.delete(t.pos.iota!, t.pos.p3!);
    tr.delete(t.pos.alpha!, t.pos.p1!);
    state = state.apply(tr);
    expect(before('kappa')).toMatchObject({ detached: true, target: { exact: 'kappa' } });
    expect(before('beta')).toMatchObject({ detached: true, target: { exact: 'beta' } });

    state = run(state, undo);
    expect(before('kappa')).toEqual(kappa);
    expect(before('beta')).toEqual(beta);
    expect(listAnnotations(state).filter((l) => l.range === null)).toEqual([]);
  });

  it('undo gives an annotation cut short by a deletion its whole range back, and redo cuts it again', () => {
    let state = open();
    const original = saved(state, 'across');
    // "Zeta eta" goes: the end of 'across' (epsilon … Zeta) with the text after it.
    state = state.apply(state.tr.delete(t.pos.zeta!, t.pos.eta!));
    const cut = saved(state, 'across');
    expect(cut).toMatchObject({ detached: false });
    expect(cut!.target.exact).not.toContain('Zeta');
    state = run(state, undo);
    expect(saved(state, 'across')).toEqual(original);
    state = run(state, redo);
    expect(saved(state, 'across')).toEqual(cut);
    state = run(state, undo);
    expect(saved(state, 'across')).toEqual(original);
  });

  it('never takes text that slid into a deleted place for the text coming back, even after other edits', () => {
    let state = open();
    const [, , t3] = turns(state);
    const original = saved(state, 'kappa');
    // "Iota kappa lambda." less "a l" reads "Iota kappambda.": the letters where "kappa" was read "kappa" again.
    const at = t3!.from + 2 + 'Iota kapp'.length;
    state = state.apply(state.tr.delete(at, at + 'a l'.length));
    expect(state.doc.textBetween(t3!.from, state.doc.content.size)).toBe('Iota kappambda.');
    expect(saved(state, 'kappa')!.target.exact).toBe('kapp');
    // Typing elsewhere, then at the very end of the transcript: still what is left of it, never the letters that slid in.
    state = state.apply(state.tr.insertText('x', t.pos.alpha!));
    state = state.apply(state.tr.insertText('!', state.doc.content.size - 2));
    expect(saved(state, 'kappa')!.target.exact).toBe('kapp');
    state = run(run(run(state, undo), undo), undo);
    expect(saved(state, 'kappa')).toEqual(original);
  });

  it('after a deletion and its undo, every annotation is as it was; after redo, as after the deletion', () => {
    fc.assert(
      fc.property(stretch, ({ from, to }) => {
        let state = open();
        const before = annotationsForSave(state);
        const tr = state.tr;
        try {
          tr.delete(from, to);
        } catch {
          return;
        }
        if (!tr.docChanged) return;
        state = state.apply(tr);
        const after = annotationsForSave(state);
        state = run(state, undo);
        expect(annotationsForSave(state)).toEqual(before);
        state = run(state, redo);
        expect(annotationsForSave(state)).toEqual(after);
      }),
      { numRuns: 500 },
    );
  });

  /**
   * Delete each of `cuts` (a place scaled into the document, and a length) in one transaction, then
   * undo it: the text is back as it was, and each annotation is where it was, whole or (when the
   * edit's stretches ran together) still cut short, never longer and never elsewhere.
   */
  function severalDeletionsUndone(cuts: readonly (readonly [number, number])[]): void {
    let state = open();
    const before = new Map(annotationsForSave(state).map((a) => [a.id, a.target] as const));
    const tr = state.tr;
    for (const [at, length] of cuts) {
      const size = tr.doc.content.size;
      const from = at % size;
      try {
        tr.delete(from, Math.min(size, from + length));
      } catch {
        // A deletion ProseMirror cannot fit: the others go on.
      }
    }
    if (!tr.docChanged) return;
    state = run(state.apply(tr), undo);
    for (const a of annotationsForSave(state)) {
      const was = before.get(a.id)!;
      if (a.detached) continue;
      expect(a.target.start).toBeGreaterThanOrEqual(was.start);
      expect(a.target.end).toBeLessThanOrEqual(was.end);
    }
  }

  it('after several deletions in one edit and its undo, no annotation covers more than it did, nor anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 25 })), { minLength: 2, maxLength: 4 }), severalDeletionsUndone),
      { numRuns: 500 },
    );
  });

  it('deletions that leave the rest of a cut annotation reading as it did do not grow it back over other text', () => {
    // A case the property above found: "eta eta th" deleted from "Zeta eta theta." cuts "epsilon. Zeta"
    // short and leaves "Zeta." after it; with the deletions after it (a paragraph's edge written
    // inside), the annotation grew over that "Zeta" in the same edit, and undo took it to "theta".
    severalDeletionsUndone([
      [1327016848, 10],
      [31029693, 14],
      [1342626912, 1],
      [232330205, 1],
    ]);
  });

  it('after any stretch is replaced by the very text it held (pasted over itself), every annotation is as it was', () => {
    fc.assert(
      fc.property(stretch, ({ from, to }) => {
        let state = open();
        const before = annotationsForSave(state);
        const tr = state.tr.replace(from, to, state.doc.slice(from, to));
        // ProseMirror may fit a slice that begins inside a turn as a turn of its own: another document.
        if (!tr.docChanged || !tr.doc.eq(state.doc)) return;
        state = state.apply(tr);
        expect(annotationsForSave(state)).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  describe('typed over, then undone', () => {
    // Grouped as the editor groups typing: keystrokes less than 700 ms apart are undone together.
    const GROUP_DELAY = 700;
    let clock = 1_000_000;
    const grouping = (): EditorState => {
      const state = EditorState.create({ doc: docFromBody(body), plugins: [history({ newGroupDelay: GROUP_DELAY }), plugin] });
      return state.apply(withAnnotationsLoaded(state.tr, LIST));
    };
    /** Type `text` over from..to, a key at a time as the editor does: the first key replaces the selection. */
    const typeOver = (state: EditorState, from: number, to: number, text: string): EditorState => {
      clock += 10 * GROUP_DELAY;
      let next = state.apply(state.tr.insertText(text[0]!, from, to).setTime(clock));
      for (let i = 1; i < text.length; i++) next = next.apply(next.tr.insertText(text[i]!, from + i).setTime((clock += 100)));
      return next;
    };

    it('kappa typed over, then the words before it: undone, each comes back where it was', () => {
      const { text: t3 } = thirdTurnShown();
      let state = grouping();
      const original = annotationsForSave(state);
      const at = t.pos.kappa!;
      // Where "kappa" went lies at the end of the second selection, inside what replaces it.
      state = typeOver(state, at, at + 'kappa'.length, 'XY');
      state = typeOver(state, t3, at, 'ZW');
      expect(state.doc.textBetween(t3, state.doc.content.size)).toBe('ZWXY lambda.');
      state = run(run(state, undo), undo);
      expect(state.doc.eq(open().doc)).toBe(true);
      expect(annotationsForSave(state)).toEqual(original);
    });

    // "Iota kappa lambda.": words at the start, middle and end of the paragraph, selected exactly
    // or with the spaces beside them (there are none before "Iota" nor after "lambda.").
    const cases = (
      [
        ['Iota', 'iota'],
        ['kappa', 'kappa'],
        ['lambda.', 'lambda'],
      ] as const
    ).flatMap(([word, tag]) =>
      ['X', 'XYZ'].flatMap((typed) => [
        { word, tag, typed, selected: 'exactly', before: 0, after: 0 },
        { word, tag, typed, selected: 'with the spaces beside it', before: word === 'Iota' ? 0 : 1, after: word === 'lambda.' ? 0 : 1 },
      ]),
    );
    it.each(cases)('$word selected $selected and typed over by $typed: undo brings it back, attached on its words, after redo too', ({ word, tag, typed, before, after }) => {
      const { text: t3 } = thirdTurnShown();
      const at = t.pos[tag]!;
      let state = grouping();
      state = state.apply(withTurnsRendered(state.tr, turns(state)));
      const id = `on-${word}`;
      const data = { ...annotation(id, 'Alpha', 'Alpha'), kind: 'note' as const, topics: [], note: 'see', target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' } };
      if (word !== 'kappa') state = state.apply(addAnnotation(state.tr, data, at, at + word.length));
      const note = word === 'kappa' ? 'kappa' : id;
      const original = annotationsForSave(state);
      const selection = [at - before, at + word.length + after] as const;
      expect(state.doc.textBetween(...selection)).toBe(`${' '.repeat(before)}${word}${' '.repeat(after)}`);

      state = typeOver(state, ...selection, typed);
      expect(state.doc.textBetween(t3, state.doc.content.size)).not.toContain(word);
      const typedOver = annotationsForSave(state);
      state = run(state, undo);
      expect(state.doc.textBetween(t3, t3 + 'Iota kappa lambda.'.length)).toBe('Iota kappa lambda.');
      expect(annotationsForSave(state)).toEqual(original);
      expect(drawn(state).filter((d) => d.id === note).map((d) => state.doc.textBetween(d.from, d.to))).toEqual([word]);
      // Redone, the words are typed over again (the note detached or on what was typed), and undone again, back.
      state = run(state, redo);
      expect(annotationsForSave(state).filter((a) => a.id === note).map((a) => a.target.exact)).toEqual(
        typedOver.filter((a) => a.id === note).map((a) => (a.detached ? a.target.exact : expect.stringMatching(/^X/))),
      );
      state = run(state, undo);
      expect(annotationsForSave(state)).toEqual(original);
    });
  });

  it('after words typed over selections on or across annotations, undone, every annotation is as it was', () => {
    // A selection: an annotation's range now, give or take a few positions, or any stretch. Typed
    // over one after the other, a later one may take in what an earlier one typed.
    const selection = fc.oneof(
      fc.record({ annotation: fc.nat(), left: fc.integer({ min: -2, max: 2 }), right: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    );
    // Letters found nowhere in the transcript nor in another typing: text typed that reads as what it
    // replaced would be taken for that text back (retyped), which is another matter.
    const typing = fc.record({ selection, keys: fc.array(fc.nat(3), { minLength: 1, maxLength: 4 }) });
    const LETTERS = 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠ';
    fc.assert(
      fc.property(fc.array(typing, { minLength: 1, maxLength: 4 }), (typings) => {
        // Grouped as the editor groups typing, a key at a time: each selection typed over is undone at once.
        const start = EditorState.create({ doc: docFromBody(body), plugins: [history({ newGroupDelay: 700 }), plugin] });
        let state = start.apply(withAnnotationsLoaded(start.tr, LIST));
        const before = annotationsForSave(state);
        let time = 1_000_000;
        for (const [n, { selection: sel, keys }] of typings.entries()) {
          const text = keys.map((k) => LETTERS[4 * n + k]!).join('');
          const size = state.doc.content.size;
          let from: number;
          let to: number;
          if ('annotation' in sel) {
            const attached = listAnnotations(state).filter((l) => l.range);
            if (!attached.length) continue;
            const { range } = attached[sel.annotation % attached.length]!;
            from = Math.max(0, range!.from - sel.left);
            to = Math.min(size, range!.to + sel.right);
          } else {
            from = sel.at % size;
            to = Math.min(size, from + sel.length);
          }
          // Only a text selection is typed over (it may hold paragraph and turn breaks).
          if (to <= from || !state.doc.resolve(from).parent.inlineContent || !state.doc.resolve(to).parent.inlineContent) continue;
          time += 10_000;
          state = state.apply(state.tr.insertText(text[0]!, from, to).setTime(time));
          for (let i = 1; i < text.length; i++) state = state.apply(state.tr.insertText(text[i]!, from + i).setTime((time += 100)));
        }
        while (undo(state, (tr) => (state = state.apply(tr))));
        expect(state.doc.eq(start.doc)).toBe(true);
        expect(annotationsForSave(state)).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the quote of an annotation made in the editor when its text is deleted', () => {
    let state = open();
    const at = t.pos.gamma!;
    const gamma = { ...annotation('gamma', 'gamma', 'gamma'), target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' } };
    state = state.apply(addAnnotation(state.tr, gamma, at, at + 'gamma'.length));
    state = state.apply(state.tr.delete(at - 1, at + 'gamma'.length));
    expect(saved(state, 'gamma')).toMatchObject({ detached: true, target: { exact: 'gamma', prefix: 'Alpha beta ', suffix: '.\nDelta epsilon.\n\nZeta eta theta' } });
  });

  it('undo and redo cover adding an annotation, and its highlight follows', () => {
    let state = open();
    const [t1] = turns(state);
    state = state.apply(withTurnsRendered(state.tr, [t1!]));
    const gamma = { ...annotation('gamma', 'gamma', 'gamma'), target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' } };
    const at = t.pos.gamma!;
    state = state.apply(addAnnotation(state.tr, gamma, at, at + 'gamma'.length));
    expect(saved(state, 'gamma')?.target.exact).toBe('gamma');
    state = run(state, undo);
    expect(saved(state, 'gamma')).toBeUndefined();
    expect(drawn(state).map((d) => d.id)).toEqual(['beta', 'across']);
    state = run(state, redo);
    expect(saved(state, 'gamma')?.target.exact).toBe('gamma');
    expect(drawn(state).map((d) => d.id)).toEqual(['beta', 'gamma', 'across']);
  });
});

describe('annotations as the editor keeps them', () => {
  it('share their topic lists, which no change can alter for the others, and save exactly as opened', () => {
    let state = open();
    const [beta, across] = [getAnnotation(state, 'beta')!, getAnnotation(state, 'across')!];
    // One frozen list for every annotation of the same topics, and one timestamp for created and modified.
    expect(beta.topics).toBe(across.topics);
    expect(Object.isFrozen(beta.topics)).toBe(true);
    expect(() => (beta.topics as string[]).push('y')).toThrow(TypeError);
    expect(beta.modified).toBe(beta.created);
    // A change to one is a new list for that one.
    state = state.apply(updateAnnotation(state, state.tr, 'beta', (a) => ({ ...a, topics: [...a.topics, 'y'] })));
    expect(getAnnotation(state, 'beta')!.topics).toEqual(['x', 'y']);
    expect(getAnnotation(state, 'across')!.topics).toEqual(['x']);
    // Saved with everything it was opened with (its target is recomputed from the text, as always).
    expect({ ...saved(state, 'kappa'), target: null }).toEqual({ ...LIST[2], target: null });
    expect(saved(state, 'kappa')?.target.exact).toBe('kappa');
  });

  it('save every field as they were opened with, whatever it holds: claims, notes, detached quotes, timestamps in any form', () => {
    const claim = { type: 'statistic', status: 'false', checkWorthiness: 2, claimant: 'a', sources: [{ url: 'https://example.org/x', title: 'X' }] };
    const list: Annotation[] = [
      { ...annotation('claim', 'beta', 'gamma'), kind: 'claim', claim, note: 'see the ministry', created: '2026-11-26T09:00:00.123Z', modified: '2026-11-26T10:30:00.456Z' },
      { ...annotation('note', 'Zeta', 'theta'), kind: 'note', note: 'odd times', topics: [], created: '2026-01-01T00:00:00Z', modified: '2026-01-01T00:00:00.000+00:00' },
      { ...annotation('gone', 'Iota', 'Iota'), detached: true, target: { start: 3, end: 8, exact: 'words', prefix: 'old ', suffix: ' here' }, created: '1999-12-31T23:59:59.999Z', modified: 'yesterday' },
      { ...annotation('plain', 'kappa', 'kappa'), topics: ['x', 'x2'] },
    ];
    const state0 = EditorState.create({ doc: docFromBody(body), plugins: [history(), plugin] });
    const state = state0.apply(withAnnotationsLoaded(state0.tr, list));
    const out = new Map(annotationsForSave(state).map((a) => [a.id, a]));
    for (const a of list) expect(out.get(a.id)).toEqual(a.detached ? a : { ...a, target: { ...a.target, prefix: expect.any(String), suffix: expect.any(String) } });
    expect(getAnnotation(state, 'gone')?.target.exact).toBe('words');
  });
});

describe('a saved target', () => {
  it('takes its context from makeTarget: narrowed to 31 units where the 32nd would cut an emoji in two', () => {
    const paragraph = `😀${'x'.repeat(31)}Q${'y'.repeat(31)}😀`;
    const doc = docFromBody({ ...body, turns: [{ id: 't1', speaker: 'a', label: null, paragraphs: [paragraph] }] });
    let state = EditorState.create({ doc, plugins: [plugin] });
    state = state.apply(withAnnotationsLoaded(state.tr, []));
    // The paragraph's text begins at position 2.
    const at = 2 + paragraph.indexOf('Q');
    state = state.apply(addAnnotation(state.tr, annotation('q', 'Alpha', 'Alpha'), at, at + 1));
    expect(saved(state, 'q')?.target).toEqual({ start: 33, end: 34, exact: 'Q', prefix: 'x'.repeat(31), suffix: 'y'.repeat(31) });
  });
});
