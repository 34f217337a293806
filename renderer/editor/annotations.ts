/**
 * The annotation layer inside the editor: topic tags, claims and notes over ranges of the text.
 *
 * Ranges live in a RangeStore (range-store.ts), the rest of each annotation in a RecordTable
 * (record-table.ts): typed arrays that name annotations by keys in one IdPool (id-pool.ts), as
 * decorations, objects and strings took more of the heap than the annotation layer may
 * (docs/performance.md). The ranges are mapped through every transaction but never drawn as a
 * whole: drawing every annotation of a long transcript on open costs several times the open
 * itself. What is drawn (highlights.ts) is a DecorationSet holding the highlights of the turns the
 * browser has rendered (rendered-turns.ts), clipped to those turns.
 *
 * Why rendered turns, and why highlights once drawn stay: turns have `content-visibility: auto`,
 * so the browser skips the layout of turns away from the viewport. Changing the DOM inside a
 * skipped turn leaves it needing layout until it is rendered again, and every later layout of the
 * transcript (each keystroke's) pays for every such turn, more with every place visited where
 * highlights were drawn and dropped. So highlights are drawn in a turn when the browser starts rendering it (its `contentvisibilityautostatechange`
 * event), and never taken out of a turn because it scrolled away.
 *
 * Changes go through AnnotationStep, so undo and redo cover them with the text edits. An
 * annotation whose text is deleted entirely is not dropped: it is kept as detached, with its
 * quote, and attaches again when the same text comes back where it was (which is what undo does;
 * deleted-text.ts follows that text).
 *
 * As in prosemirror-search, the plugin key stays private; the module exports verbs.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import type { Mapping } from 'prosemirror-transform';
import { DecorationSet, type EditorView } from 'prosemirror-view';
import type { Annotation } from '../../shared/annotation.js';
import { makeTarget } from '../../shared/anchoring/target.js';
import { AnnotationStep } from './annotation-step.js';
import { docPos, indexDoc, textOffset, type PositionIndex } from './positions.js';
import { RangeStore, type IdRange, type Range } from './range-store.js';
import { IdPool } from './id-pool.js';
import { RecordTable } from './record-table.js';
import { RenderedTurns } from './rendered-turns.js';
import { docCodebook } from './schema.js';
import { cameBack, deletedText, mapPlaces, unswallow, WrittenRanges, type DeletedText } from './deleted-text.js';
import { piecesInTurns, redrawIds, remadeTurns, showTurns, shownTurns, type Drawable, type Highlights } from './highlights.js';

interface AnnotationState {
  records: RecordTable;
  ranges: RangeStore;
  detached: ReadonlyMap<string, DeletedText>;
  /**
   * Annotations an edit cut short (it deleted text at their start or end), as they were before:
   * when that text is back where it was (undo does that), they cover it again. Mapping alone
   * cannot do it, as it never moves a range's end into text put back beside it.
   */
  cut: ReadonlyMap<string, DeletedText>;
  /**
   * The ids of the turns whose highlights are drawn (the browser has rendered them). Ids, not
   * positions: they need no mapping, and a turn an edit re-makes mostly keeps its id (for when it
   * does not, see remadeTurns).
   */
  shown: ReadonlySet<string>;
  /** The highlights, each an annotation's part inside one shown turn. */
  drawn: DecorationSet;
  selected: string | null;
  /** Bumped whenever an annotation is added, removed, changed, detached or re-attached. */
  version: number;
}

const key = new PluginKey<AnnotationState>('parley-annotations');
type Meta = { show?: readonly Range[]; select?: string | null; load?: readonly Annotation[] };

/** The plugin state with `list` loaded: positions in the working text become document ranges. */
function loaded(list: readonly Annotation[], doc: PMNode, prev: AnnotationState): AnnotationState {
  const index = indexDoc(doc);
  const placed: boolean[] = [];
  const ranges: IdRange[] = [];
  // The records and the ranges name annotations by keys in one pool: each id is kept once.
  const pool = new IdPool();
  for (const a of list) {
    const from = a.detached ? 0 : docPos(index, a.target.start);
    const to = a.detached ? 0 : docPos(index, a.target.end);
    // Where an attached one is and what it quotes now come from its range: the quote it came with is not kept.
    placed.push(to > from);
    if (to > from) ranges.push({ id: a.id, from, to });
  }
  const next = { ...prev, records: RecordTable.from(list, pool, placed), ranges: RangeStore.create(ranges, pool), detached: new Map<string, DeletedText>(), cut: new Map<string, DeletedText>(), version: prev.version + 1 };
  return { ...next, drawn: DecorationSet.create(doc, piecesInTurns({ ...next, codebook: docCodebook(doc) }, shownTurns(next.shown, doc))) };
}

/** Load a transcript's annotations into the editor (once, after it first painted). Not an undoable step. */
export function loadAnnotations(view: EditorView, list: readonly Annotation[]): void {
  view.dispatch(withAnnotationsLoaded(view.state.tr, list));
}

/** `tr` loading `list` (see loadAnnotations). */
export function withAnnotationsLoaded(tr: Transaction, list: readonly Annotation[]): Transaction {
  return tr.setMeta(key, { load: list } satisfies Meta).setMeta('addToHistory', false);
}

/** `tr` telling the plugin that the browser renders the turns at these ranges (turn nodes' positions): their highlights are drawn. */
export function withTurnsRendered(tr: Transaction, turns: readonly Range[]): Transaction {
  return tr.setMeta(key, { show: turns } satisfies Meta).setMeta('addToHistory', false);
}

/** Apply `step` to the records; its new range goes into `ranges`, put into the store once for all the steps. */
function applyStep(
  state: { records: Map<string, Annotation | null>; ranges: Map<string, Range | null>; detached: Map<string, DeletedText>; cut: Map<string, DeletedText> },
  step: AnnotationStep,
  mapRest: (pos: number, assoc: number) => number,
): void {
  const id = step.id;
  state.detached.delete(id);
  state.cut.delete(id);
  if (!step.after) {
    state.ranges.set(id, null);
    state.records.set(id, null);
    return;
  }
  const range = step.after.range;
  const from = range ? mapRest(range.from, 1) : 0;
  const to = range ? mapRest(range.to, -1) : 0;
  // An empty range takes the annotation's range away: it is detached.
  state.ranges.set(id, { from, to });
  state.records.set(id, { ...step.after.data, detached: !(range && to > from) });
}

// ---- Applying a transaction ---------------------------------------------------------------------
// The plugin's `apply` is a sequence of the phases below: `edited` (the document changed: ranges
// mapped, deleted text detached, annotation steps applied, returned text re-attached), the
// selection, then `redraw`. Each phase does one thing to a shared `Edit`, as DecorationSet.map
// hands its work to mapInner, mapChildren and buildTree.

/** What the annotations are apart from their drawing and selection, and whether a change made them so (it bumps `version`). */
type Edited = Pick<AnnotationState, 'records' | 'ranges' | 'detached' | 'cut'> & { changed: boolean };

/**
 * One transaction's changes to the annotations, gathered phase by phase and put into the records
 * and ranges once at the end: a keystroke must not copy the tables.
 */
interface Edit {
  readonly tr: Transaction;
  /** The records before the transaction. */
  readonly unchanged: RecordTable;
  /** The records the transaction changes (null: removed). */
  readonly records: Map<string, Annotation | null>;
  /** The ranges it sets other than by mapping (null: none, the annotation is gone). */
  readonly ranges: Map<string, Range | null>;
  /** The detached and cut annotations after it, their places mapped through it. */
  readonly detached: Map<string, DeletedText>;
  readonly cut: Map<string, DeletedText>;
  /** The annotations whose data or range changed other than by mapping: their highlights are drawn again. */
  readonly touched: Set<string>;
}

/** An annotation's record as the edit has it so far. */
function current(edit: Edit, id: string): Annotation | undefined {
  return edit.records.has(id) ? (edit.records.get(id) ?? undefined) : edit.unchanged.get(id);
}

/**
 * The annotations after `tr`, which changed the document. The records change once for all of the
 * transaction's changes, and only if there are any: a keystroke with annotations detached or cut
 * somewhere only moves where they were.
 */
function edited(prev: AnnotationState, tr: Transaction, touched: Set<string>): Edited {
  const mapped = mapRanges(prev.ranges, tr);
  const annotating = tr.steps.some((s) => s instanceof AnnotationStep);
  if (!(mapped.removed.length || mapped.cut.length || prev.detached.size || prev.cut.size || annotating)) {
    return { records: prev.records, ranges: mapped.ranges, detached: prev.detached, cut: prev.cut, changed: false };
  }
  const edit: Edit = {
    tr,
    unchanged: prev.records,
    records: new Map(),
    ranges: new Map(),
    detached: mapPlaces(prev.detached, tr),
    cut: mapPlaces(prev.cut, tr),
    touched,
  };
  detachDeleted(edit, mapped.removed, mapped.cut);
  applySteps(edit);
  const grown = reattachReturned(edit, prev, mapped.ranges);
  return {
    records: prev.records.with(edit.records),
    ranges: mapped.ranges.setMany(edit.ranges),
    detached: edit.detached,
    cut: edit.cut,
    changed: grown || mapped.removed.length > 0 || annotating || edit.detached.size !== prev.detached.size,
  };
}

/**
 * Phase 1: the ranges mapped through `tr`, with those it left empty (`removed`) and those it cut
 * short (`cut`), each as it was before `tr`.
 */
function mapRanges(ranges: RangeStore, tr: Transaction): { ranges: RangeStore; removed: IdRange[]; cut: IdRange[] } {
  const removed: IdRange[] = [];
  const cut: IdRange[] = [];
  const mapped = ranges.map(
    tr.mapping,
    (id, was) => removed.push({ id, ...was }),
    (id, was) => cut.push({ id, ...was }),
  );
  return { ranges: mapped, removed, cut };
}

/**
 * Phase 2: annotations whose text `tr` deleted entirely are detached, keeping the quote they had
 * when it went; those it cut short remember what they were. Both remember where their text was and
 * what it said, to know it when it comes back (reattachReturned).
 */
function detachDeleted(edit: Edit, removed: readonly IdRange[], cutNow: readonly IdRange[]): void {
  const { tr } = edit;
  let inverse: Mapping | null = null;
  let before: PositionIndex | null = null;
  // Cut again, it keeps what it was first: undone step by step, it grows back to that.
  for (const was of cutNow) {
    if (!edit.cut.has(was.id)) edit.cut.set(was.id, deletedText(tr, was, (inverse ??= tr.mapping.invert())));
  }
  for (const was of removed) {
    const id = was.id;
    const a = edit.unchanged.get(id);
    if (!a) continue;
    edit.detached.set(id, deletedText(tr, was, (inverse ??= tr.mapping.invert())));
    // Kept with the quote it had when its text went.
    before ??= indexDoc(tr.before);
    edit.records.set(id, { ...a, detached: true, target: makeTarget(before.text, textOffset(before, was.from), textOffset(before, was.to)) });
    edit.touched.add(id);
  }
}

/** Phase 3: the transaction's annotation steps (added, changed, removed annotations), each range mapped through the steps after it. */
function applySteps(edit: Edit): void {
  const { tr } = edit;
  tr.steps.forEach((step, i) => {
    if (!(step instanceof AnnotationStep)) return;
    const rest = tr.mapping.slice(i + 1);
    applyStep(edit, step, (p, assoc) => rest.map(p, assoc));
    edit.touched.add(step.id);
  });
}

/**
 * Phase 4: text deleted and put back where it was (undo, or retyped): a detached annotation
 * attaches again, a cut one covers it again. Only where this edit wrote: what an edit leaves where
 * it deleted is other text that slid into place, though it may read the same ("kappa lambda" less
 * "a l" reads "kappambda"), and it stays that until something writes there. Text this edit itself
 * deleted comes back only where the edit wrote new text into it (the same text pasted over a
 * selection that held it): a deletion alone writes nothing. True when a cut annotation grew back.
 */
function reattachReturned(edit: Edit, prev: Pick<AnnotationState, 'detached' | 'cut'>, mapped: RangeStore): boolean {
  const written = new WrittenRanges(edit.tr);
  unswallow(edit.detached, edit.tr, written);
  unswallow(edit.cut, edit.tr, written);
  for (const [id, d] of edit.detached) {
    const back = cameBack(d, edit.tr, written, prev.detached.has(id));
    const a = back && current(edit, id);
    if (!back || !a) continue;
    edit.ranges.set(id, back);
    edit.records.set(id, { ...a, detached: false });
    edit.detached.delete(id);
    edit.touched.add(id);
  }
  // Text cut from an annotation's end put back where it was: it covers it again. Also when
  // what was left of it is gone, by this edit or an earlier one: text typed over it, and
  // undone, is put back by a replace that also takes the typed text it had shrunk to.
  let grown = false;
  for (const [id, d] of edit.cut) {
    // What is left of it: text this edit cut from it comes back only where the edit put it back.
    const kept = edit.ranges.has(id) ? (edit.ranges.get(id) ?? null) : mapped.rangeOf(id);
    const back = cameBack(d, edit.tr, written, prev.cut.has(id), kept);
    const a = back && current(edit, id);
    if (!back || !a) continue;
    if (a.detached) {
      edit.records.set(id, { ...a, detached: false });
      edit.detached.delete(id);
    }
    edit.ranges.set(id, back);
    edit.cut.delete(id);
    edit.touched.add(id);
    grown = true;
  }
  return grown;
}

/** The selected annotation after a transaction with `meta`; a change of it touches the old and the new one (drawn as selected or not). */
function selection(prev: string | null, meta: Meta | undefined, touched: Set<string>): string | null {
  const selected = meta && 'select' in meta ? (meta.select ?? null) : prev;
  if (selected !== prev) {
    if (prev) touched.add(prev);
    if (selected) touched.add(selected);
  }
  return selected;
}

/**
 * Phase 5: the highlights after `tr`. Those in turns it re-made are taken out before mapping and
 * drawn again from the ranges (see remadeTurns); the rest map through it. A new codebook (colours,
 * labels) draws every shown turn again, else the touched annotations are drawn afresh. Then the
 * turns newly rendered (`show`) are drawn.
 */
function redraw(annotations: Pick<AnnotationState, 'records' | 'ranges' | 'selected'>, prev: Highlights, tr: Transaction, show: readonly Range[] | undefined, touched: Set<string>): Highlights {
  const next: Drawable = { ...annotations, codebook: docCodebook(tr.doc) };
  let { shown, drawn } = prev;
  const remade = remadeTurns(tr, shown);
  if (remade) {
    shown = remade.shown;
    // Every annotation drawn or lying in a re-made turn is drawn again, all its pieces.
    const stale = remade.before.flatMap((t) => drawn.find(t.from, t.to));
    for (const d of stale) touched.add((d.spec as { id: string }).id);
    drawn = drawn.remove(stale);
    next.ranges.overlapping(remade.after, (id) => touched.add(id));
  }
  if (tr.docChanged) drawn = drawn.map(tr.mapping, tr.doc);
  if (next.codebook !== docCodebook(tr.before)) {
    drawn = DecorationSet.create(tr.doc, piecesInTurns(next, shownTurns(shown, tr.doc)));
  } else if (touched.size) {
    drawn = redrawIds(next, shown, drawn, touched, tr.doc);
  }
  if (show) ({ shown, drawn } = showTurns({ ...next, shown, drawn }, show, tr.doc));
  return { shown, drawn };
}

/** The plugin, loaded with the annotations of a transcript (positions in the working text). */
export function annotationPlugin(): Plugin<AnnotationState> {
  return new Plugin<AnnotationState>({
    key,
    state: {
      // Loading a long transcript's annotations costs more than drawing the editor, so they come in with a
      // transaction of their own right after the first paint (see loadAnnotations).
      init: () => {
        const pool = new IdPool();
        return {
          records: RecordTable.empty(pool),
          ranges: RangeStore.empty(pool),
          detached: new Map<string, DeletedText>(),
          cut: new Map<string, DeletedText>(),
          shown: new Set<string>(),
          selected: null,
          version: 0,
          drawn: DecorationSet.empty,
        };
      },
      apply: (tr, prev, _old, newState) => {
        const meta = tr.getMeta(key) as Meta | undefined;
        if (meta?.load) return loaded(meta.load, newState.doc, prev);
        if (!tr.docChanged && !meta) return prev;
        /** The annotations to draw again, gathered by every phase. */
        const touched = new Set<string>();
        const { records, ranges, detached, cut, changed } = tr.docChanged ? edited(prev, tr, touched) : { ...prev, changed: false };
        const selected = selection(prev.selected, meta, touched);
        const next = { records, ranges, detached, cut, selected, version: prev.version + (changed ? 1 : 0) };
        return { ...next, ...redraw(next, prev, tr, meta?.show, touched) };
      },
    },
    props: {
      decorations: (state) => key.getState(state)?.drawn,
    },
    view: (view) => new RenderedTurns(view, { ready: (state) => (key.getState(state)?.version ?? 0) > 0, rendered: withTurnsRendered }),
  });
}

// ---- Verbs --------------------------------------------------------------------------------------

function stateOf(state: EditorState): AnnotationState {
  const s = key.getState(state);
  if (!s) throw new RangeError('The annotation plugin is not loaded in this editor');
  return s;
}

export function annotationVersion(state: EditorState): number {
  return stateOf(state).version;
}

export function getAnnotation(state: EditorState, id: string): Annotation | null {
  return stateOf(state).records.get(id) ?? null;
}

export interface ListedAnnotation {
  annotation: Annotation;
  /** Its range in the document now; null when detached. */
  range: { from: number; to: number } | null;
}

/** Every annotation, attached ones in document order, then detached ones. */
export function listAnnotations(state: EditorState): ListedAnnotation[] {
  const s = stateOf(state);
  const attached = s.ranges.find().sort((a, b) => a.from - b.from || a.to - b.to);
  const out: ListedAnnotation[] = [];
  for (const d of attached) {
    const a = s.records.get(d.id);
    if (a) out.push({ annotation: a, range: { from: d.from, to: d.to } });
  }
  for (const a of s.records.detached()) out.push({ annotation: a, range: null });
  return out;
}

/** The annotations that cover a document position, innermost (shortest) first. */
export function annotationsAt(state: EditorState, pos: number): ListedAnnotation[] {
  const s = stateOf(state);
  return s.ranges
    .find(pos, pos)
    .filter((d) => d.from <= pos && d.to >= pos)
    .sort((a, b) => a.to - a.from - (b.to - b.from))
    .flatMap((d) => {
      const a = s.records.get(d.id);
      return a ? [{ annotation: a, range: { from: d.from, to: d.to } }] : [];
    });
}

/** How many annotations there are (detached ones too), and how many carry each topic. */
export function annotationCounts(state: EditorState): { total: number; byTopic: Map<string, number> } {
  const s = stateOf(state);
  return { total: s.records.size, byTopic: s.records.topicCounts() };
}

/** The text an annotation covers now (paragraphs joined by a space), or its quote when detached. */
export function annotationQuote(state: EditorState, id: string): string {
  const s = stateOf(state);
  const range = s.ranges.rangeOf(id);
  return range ? state.doc.textBetween(range.from, range.to, ' ') : (s.records.get(id)?.target.exact ?? '');
}

/** Where an annotation is now; null when it is detached or unknown. */
export function annotationRange(state: EditorState, id: string): Range | null {
  return stateOf(state).ranges.rangeOf(id) ?? null;
}

export function selectedAnnotation(state: EditorState): string | null {
  return stateOf(state).selected;
}

export function selectAnnotation(tr: Transaction, id: string | null): Transaction {
  return tr.setMeta(key, { select: id } satisfies Meta);
}

/** Add an annotation over [from, to). */
export function addAnnotation(tr: Transaction, data: Annotation, from: number, to: number): Transaction {
  return tr.step(new AnnotationStep(null, { data, range: { from, to } }));
}

/** Change an annotation's data (and, to re-attach a detached one, its range). */
export function updateAnnotation(
  state: EditorState,
  tr: Transaction,
  id: string,
  change: (a: Annotation) => Annotation,
  range?: { from: number; to: number },
): Transaction {
  const s = stateOf(state);
  const a = s.records.get(id);
  if (!a) throw new RangeError(`No annotation ${id}`);
  const now = s.ranges.rangeOf(id);
  return tr.step(new AnnotationStep({ data: a, range: now }, { data: change(a), range: range ?? now }));
}

export function removeAnnotation(state: EditorState, tr: Transaction, id: string): Transaction {
  const s = stateOf(state);
  const a = s.records.get(id);
  if (!a) throw new RangeError(`No annotation ${id}`);
  return tr.step(new AnnotationStep({ data: a, range: s.ranges.rangeOf(id) }, null));
}

/**
 * What a save writes of the annotations: their records and their ranges, both immutable. A change
 * to either makes new ones, so two snapshots hold the same annotations when their parts are the
 * same objects (see sameAnnotations); selection and drawing are not part of it.
 */
export interface AnnotationSnapshot {
  readonly records: RecordTable;
  readonly ranges: RangeStore;
}

export function annotationSnapshot(state: EditorState): AnnotationSnapshot {
  const { records, ranges } = stateOf(state);
  return { records, ranges };
}

export function sameAnnotations(a: AnnotationSnapshot, b: AnnotationSnapshot): boolean {
  return a.records === b.records && a.ranges === b.ranges;
}

/** The annotations as the sidecar stores them: targets recomputed in the working text of the document now. */
export function annotationsForSave(state: EditorState, index: PositionIndex = indexDoc(state.doc)): Annotation[] {
  return annotationsOf(annotationSnapshot(state), index);
}

/** The annotations of `s` as the sidecar stores them, in the working text `index` was made from. */
export function annotationsOf(s: AnnotationSnapshot, index: PositionIndex): Annotation[] {
  const out: Annotation[] = [];
  const placed = new Set<string>();
  for (const d of s.ranges.find()) {
    const id = d.id;
    const a = s.records.get(id);
    if (!a) continue;
    const start = textOffset(index, d.from);
    const end = textOffset(index, d.to);
    out.push({ ...a, detached: false, target: makeTarget(index.text, start, end) });
    placed.add(id);
  }
  for (const id of s.records.ids()) {
    const a = placed.has(id) ? undefined : s.records.get(id);
    if (a) out.push({ ...a, detached: true });
  }
  return out.sort((a, b) => a.target.start - b.target.start || a.id.localeCompare(b.id));
}
