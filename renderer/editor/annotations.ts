/**
 * The annotation layer inside the editor: topic tags, claims and notes over ranges of the text.
 *
 * Ranges live in a RangeStore (range-store.ts), the rest of each annotation in a RecordTable
 * (record-table.ts): typed arrays that name annotations by keys in one IdPool (id-pool.ts), where
 * 10,000 annotations as decorations, objects and strings held 2.6 MB of heap after open in the
 * benchmark. The ranges are mapped through every transaction but never drawn as a whole: drawing
 * 10,000 inline decorations on open costs several times the open itself. What is drawn is a DecorationSet holding the highlights of the turns the browser has
 * rendered, clipped to those turns.
 *
 * Why rendered turns, and why highlights once drawn stay: turns have `content-visibility: auto`,
 * so the browser skips the layout of turns away from the viewport. Changing the DOM inside a
 * skipped turn leaves it needing layout until it is rendered again, and every later layout of the
 * transcript (each keystroke's) pays for every such turn: after drawing and dropping highlights
 * around each place visited, a keystroke's layout took 3 to 4 times as long. So highlights are
 * drawn in a turn when the browser starts rendering it (its `contentvisibilityautostatechange`
 * event), and never taken out of a turn because it scrolled away.
 *
 * Changes go through AnnotationStep, so undo and redo cover them with the text edits. An
 * annotation whose text is deleted entirely is not dropped: it is kept as detached, with its
 * quote, and attaches again when the same text comes back where it was (which is what undo does).
 *
 * As in prosemirror-search, the plugin key stays private; the module exports verbs.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { ReplaceStep, type Mapping, type Step } from 'prosemirror-transform';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import { makeTarget } from '../../shared/anchoring/target.js';
import { AnnotationStep } from './annotation-step.js';
import { docPos, indexDoc, textOffset, writtenRanges, type PositionIndex } from './positions.js';
import { RangeStore, type IdRange, type Range } from './range-store.js';
import { IdPool } from './id-pool.js';
import { RecordTable } from './record-table.js';
import { RenderedTurns } from './rendered-turns.js';
import { turnAttrs } from './schema.js';

/** An annotation's whole text before an edit deleted all of it (detached) or some (cut): where it was and what it said. */
interface DeletedText {
  /**
   * Where the deleted stretch that held the text began, mapped since: undo puts the stretch back
   * there. While `swallowed` holds anything, where the last of those stretches went instead.
   */
  pos: number;
  /**
   * The stretches of text that later edits replaced around that place, the latest last: the
   * place was `at` into each. Mapping cannot follow a position through a replacement of the text
   * around it and back (undoing text typed over a selection beside it, say, put it at the
   * selection's start), so the place waits in the stretch until that text is back where it went.
   */
  swallowed: readonly Swallowed[];
  /** How far into that stretch the text began (0 when just its text was deleted). */
  offset: number;
  /** The document size of the range and its text before the edit, to know it when it comes back. */
  size: number;
  quote: string;
}

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
  return { ...next, drawn: DecorationSet.create(doc, piecesInTurns(next, shownTurns(next.shown, doc), doc)) };
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

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function codebookOf(doc: PMNode): Codebook | null {
  return (doc.attrs.codebook as Codebook | null) ?? null;
}

/** How one annotation looks: topic colour as a soft background, a claim underlined in its status colour, a note dotted. */
function drawAttrs(a: Annotation, codebook: Codebook | null, selected: boolean): { nodeName: string; class: string; style?: string; title: string } {
  const topics = a.topics.map((id) => codebook?.topics.find((t) => t.id === id)).filter((t) => t !== undefined);
  const styles: string[] = [];
  if (topics[0]) styles.push(`background-color: ${hexToRgba(topics[0].color, 0.28)}`);
  let title = topics.map((t) => t.label).join(', ');
  if (a.kind === 'claim' && a.claim) {
    const status = codebook?.statuses.find((s) => s.id === a.claim?.status);
    styles.push(`box-shadow: inset 0 -2px 0 ${status?.color ?? '#888888'}`);
    title = `Claim (${status?.label ?? a.claim.status})${title ? `: ${title}` : ''}`;
  }
  if (a.kind === 'note') title = `Note: ${a.note.slice(0, 80)}`;
  return {
    // A node name of its own gives each annotation its own span; without it ProseMirror merges
    // overlapping decorations into one span, and the later background would hide the earlier.
    nodeName: 'span',
    class: `ann ann-${a.kind}${selected ? ' ann-selected' : ''}${topics.length ? '' : ' ann-uncoded'}`,
    ...(styles.length ? { style: styles.join('; ') } : {}),
    title: title || a.kind,
  };
}

type Drawable = Pick<AnnotationState, 'records' | 'ranges' | 'selected'>;

/**
 * The highlight of the annotation over `range`, clipped to the content of `turn` (a turn node's
 * range); null when they do not overlap. Inside the turn's content, so that ProseMirror files it
 * under that turn: a decoration crossing a turn's edge stays with the document, and every
 * keystroke would then go through all such decorations for each of the thousands of turns.
 */
function piece(state: Drawable, id: string, range: Range, turn: Range, codebook: Codebook | null): Decoration | null {
  const a = state.records.get(id);
  const from = Math.max(range.from, turn.from + 1);
  const to = Math.min(range.to, turn.to - 1);
  return a && to > from ? Decoration.inline(from, to, drawAttrs(a, codebook, state.selected === id), { id }) : null;
}

/** The highlights of every annotation inside `turns` (turn node ranges, none inside another). */
function piecesInTurns(state: Drawable, turns: readonly Range[], doc: PMNode): Decoration[] {
  const codebook = codebookOf(doc);
  const sorted = [...turns].sort((a, b) => a.from - b.from);
  const out: Decoration[] = [];
  state.ranges.overlapping(sorted, (id, range, i) => {
    const p = piece(state, id, range, sorted[i]!, codebook);
    if (p) out.push(p);
  });
  return out;
}

/** `drawn` with the highlights of the annotations `ids` drawn afresh (or taken away) in the shown turns. */
function redrawIds(state: Drawable, shown: ReadonlySet<string>, drawn: DecorationSet, ids: ReadonlySet<string>, doc: PMNode): DecorationSet {
  const codebook = codebookOf(doc);
  const stale = drawn.find(undefined, undefined, (spec: { id?: string }) => spec.id !== undefined && ids.has(spec.id));
  const fresh: Decoration[] = [];
  for (const d of state.ranges.pick(ids)) {
    for (const turn of shownTurns(shown, doc, d.from, d.to)) {
      const p = piece(state, d.id, d, turn, codebook);
      if (p) fresh.push(p);
    }
  }
  return drawn.remove(stale).add(doc, fresh);
}

interface TurnRange extends Range {
  id: string;
}

/** The turns (node ranges) touching from..to; every turn without them. */
function turnsBetween(doc: PMNode, from = 0, to = doc.content.size): TurnRange[] {
  const out: TurnRange[] = [];
  const $from = doc.resolve(Math.max(0, Math.min(from, doc.content.size)));
  let pos = $from.posAtIndex($from.index(0), 0);
  // A position between two turns touches both: start at the one that ends there.
  let i = $from.index(0);
  if (i > 0 && pos === from) pos -= doc.child(--i).nodeSize;
  for (; i < doc.childCount && pos <= to; i++) {
    const node = doc.child(i);
    out.push({ id: turnAttrs(node).id, from: pos, to: pos + node.nodeSize });
    pos += node.nodeSize;
  }
  return out;
}

/** The shown turns touching from..to (all of them without from..to). */
function shownTurns(shown: ReadonlySet<string>, doc: PMNode, from?: number, to?: number): TurnRange[] {
  if (!shown.size) return [];
  return turnsBetween(doc, from, to).filter((t) => shown.has(t.id));
}

/** `drawn` with the highlights inside `turns` drawn afresh: taken away in all of them, drawn in those shown. */
function redrawTurns(state: Drawable, shown: ReadonlySet<string>, drawn: DecorationSet, turns: readonly TurnRange[], doc: PMNode): DecorationSet {
  const stale = turns.flatMap((t) => drawn.find(t.from, t.to).filter((d) => d.from >= t.from && d.to <= t.to));
  return drawn.remove(stale).add(doc, piecesInTurns(state, turns.filter((t) => shown.has(t.id)), doc));
}

/** Record `turns` (node ranges) as shown and draw their highlights; turns already shown are left alone. */
function showTurns(state: Drawable & Pick<AnnotationState, 'shown' | 'drawn'>, turns: readonly Range[], doc: PMNode): Pick<AnnotationState, 'shown' | 'drawn'> {
  const fresh: TurnRange[] = [];
  let shown: Set<string> | null = null;
  for (const t of turns) {
    const node = t.from >= 0 && t.to <= doc.content.size ? doc.nodeAt(t.from) : null;
    if (!node || node.type !== doc.type.schema.nodes.turn || t.from + node.nodeSize !== t.to) continue;
    const id = turnAttrs(node).id;
    if ((shown ?? state.shown).has(id)) continue;
    (shown ??= new Set(state.shown)).add(id);
    fresh.push({ id, ...t });
  }
  if (!shown) return state;
  return { shown, drawn: redrawTurns(state, shown, state.drawn, fresh, doc) };
}

/** Whether `step` only changes text inside one paragraph: a change that ProseMirror maps inline decorations through exactly. */
function editsOneTextblock(step: Step, doc: PMNode): boolean {
  if (!(step instanceof ReplaceStep) || step.slice.openStart || step.slice.openEnd) return false;
  const $from = doc.resolve(step.from);
  if (!$from.parent.inlineContent || !$from.sameParent(doc.resolve(step.to))) return false;
  let inline = true;
  step.slice.content.forEach((n) => (inline &&= n.isInline));
  return inline;
}

/** Whether `step` moves positions other than inside one paragraph's text (annotation and attribute steps move none). */
function remakesNodes(step: Step, doc: PMNode): boolean {
  let moves = false;
  step.getMap().forEach(() => (moves = true));
  return moves && !editsOneTextblock(step, doc);
}

/**
 * The turns that `tr` changed other than inside one paragraph (splitting, joining, merging or
 * deleting across them), in the document before it and in the one after. Where a step replaces
 * nodes, a DecorationSet can put an inline decoration inside them one position off, drop it, or
 * even leave it outside the node where it can no longer be removed (see the tests), so the
 * highlights there are taken out before mapping and drawn again from the ranges after. A turn
 * made by the change (a split) is shown when the turn it came from was.
 */
function remadeTurns(tr: Transaction, shown: ReadonlySet<string>): { before: TurnRange[]; after: TurnRange[]; shown: ReadonlySet<string> } | null {
  // A keystroke's transaction, the usual case, has nothing to do here.
  if (!tr.steps.some((step, i) => remakesNodes(step, tr.docs[i]!))) return null;
  const before = new Map<number, TurnRange>();
  const after = new Map<number, TurnRange>();
  let now: Set<string> | null = null;
  tr.steps.forEach((step, i) => {
    const doc = tr.docs[i]!;
    if (!remakesNodes(step, doc)) return;
    const back = tr.mapping.slice(0, i).invert();
    const rest = tr.mapping.slice(i + 1);
    const made = i + 1 < tr.docs.length ? tr.docs[i + 1]! : tr.doc;
    step.getMap().forEach((oldStart, oldEnd, newStart, newEnd) => {
      for (const t of turnsBetween(tr.before, back.map(oldStart, -1), back.map(oldEnd, 1))) before.set(t.from, t);
      for (const t of turnsBetween(tr.doc, rest.map(newStart, -1), rest.map(newEnd, 1))) after.set(t.from, t);
      // A turn the step made (a split, or a turn re-made with another id) is shown if what it
      // replaced was, followed step by step (a later step may split it again). Turns that were
      // there keep what they were: one merely beside the change is not rendered because its
      // neighbour is. Ids of turns since deleted may stay in the set: undo brings them back.
      const was = turnsBetween(doc, oldStart, oldEnd);
      const replaced = oldEnd > oldStart ? was.filter((t) => t.from < oldEnd && t.to > oldStart) : was;
      if (replaced.some((t) => (now ?? shown).has(t.id))) {
        for (const t of turnsBetween(made, newStart, newEnd)) {
          if (!was.some((w) => w.id === t.id) && !(now ?? shown).has(t.id)) (now ??= new Set(shown)).add(t.id);
        }
      }
    });
  });
  const sorted = (m: Map<number, TurnRange>) => [...m.values()].sort((a, b) => a.from - b.from);
  return { before: sorted(before), after: sorted(after), shown: now ?? shown };
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

/** A stretch of text an edit replaced, `at` into which lay a place (see DeletedText.swallowed). */
interface Swallowed {
  at: number;
  size: number;
  text: string;
}

/**
 * `d` with its place mapped through `tr` step by step. A place inside a stretch that a step
 * replaces, or at its end, is kept as where it was in that stretch (a place at its start stays at
 * the start of what replaced it, where undo puts the stretch back).
 */
function mapPlace(d: DeletedText, tr: Transaction): DeletedText {
  let { pos, swallowed } = d;
  tr.steps.forEach((step, i) => {
    const map = step.getMap();
    let inside = false;
    map.forEach((oldStart, oldEnd, newStart) => {
      if (inside || pos <= oldStart || pos > oldEnd) return;
      inside = true;
      swallowed = [...swallowed, { at: pos - oldStart, size: oldEnd - oldStart, text: tr.docs[i]!.textBetween(oldStart, oldEnd, '\n') }];
      pos = newStart;
    });
    if (!inside) pos = map.map(pos, -1);
  });
  return pos === d.pos && swallowed === d.swallowed ? d : { ...d, pos, swallowed };
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
  const grown = reattachReturned(edit, prev);
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

/** The places of deleted text in `map`, mapped through `tr` (see mapPlace). */
function mapPlaces(map: ReadonlyMap<string, DeletedText>, tr: Transaction): Map<string, DeletedText> {
  const out = new Map<string, DeletedText>();
  for (const [id, d] of map) out.set(id, mapPlace(d, tr));
  return out;
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

/** Where the text of `was` (a range before `tr`) was and what it said; `inverse` is `tr.mapping` inverted. */
function deletedText(tr: Transaction, was: Range, inverse: Mapping): DeletedText {
  const pos = tr.mapping.map(was.from, -1);
  // The deleted stretch began where the point it left maps back to (the stretch may be more than the text).
  const offset = Math.max(0, was.from - inverse.map(pos, -1));
  return { pos, swallowed: [], offset, size: was.to - was.from, quote: tr.before.textBetween(was.from, was.to, '\n') };
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
function reattachReturned(edit: Edit, prev: Pick<AnnotationState, 'detached' | 'cut'>): boolean {
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
    const back = cameBack(d, edit.tr, written, prev.cut.has(id));
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

/** Where a transaction wrote text (writtenRanges), worked out when first asked: most edits never ask. */
class WrittenRanges {
  private ranges: Range[] | null = null;

  constructor(private readonly tr: Transaction) {}

  /** Whether the transaction wrote at from..to: text put inside it when `inserted`, else any writing touching it. */
  at(from: number, to: number, inserted: boolean): boolean {
    this.ranges ??= writtenRanges(this.tr);
    return this.ranges.some((w) => (inserted ? w.to > w.from && w.from < to && w.to > from : w.from <= to && w.to >= from));
  }
}

/** Each place in `map` back from the stretches that took it (see DeletedText.swallowed), those `tr` wrote back where they went. */
function unswallow(map: Map<string, DeletedText>, tr: Transaction, written: WrittenRanges): void {
  for (const [id, d] of map) {
    let { pos, swallowed } = d;
    for (let s = swallowed.at(-1); s; s = swallowed.at(-1)) {
      if (pos + s.size > tr.doc.content.size || !written.at(pos, pos + s.size, true) || tr.doc.textBetween(pos, pos + s.size, '\n') !== s.text) break;
      pos += s.at;
      swallowed = swallowed.slice(0, -1);
    }
    if (swallowed !== d.swallowed) map.set(id, { ...d, pos, swallowed });
  }
}

/**
 * The range where the deleted text `d` is back after `tr`, or null. `before`: it was deleted before
 * this transaction, so any writing there counts; text this one deleted must have been written into.
 */
function cameBack(d: DeletedText, tr: Transaction, written: WrittenRanges, before: boolean): Range | null {
  if (d.swallowed.length) return null;
  const start = d.pos + d.offset;
  const end = start + d.size;
  if (end > tr.doc.content.size || !written.at(start, end, !before) || tr.doc.textBetween(start, end, '\n') !== d.quote) return null;
  return { from: start, to: end };
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
function redraw(next: Drawable, prev: Pick<AnnotationState, 'shown' | 'drawn'>, tr: Transaction, show: readonly Range[] | undefined, touched: Set<string>): Pick<AnnotationState, 'shown' | 'drawn'> {
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
  if (codebookOf(tr.doc) !== codebookOf(tr.before)) {
    drawn = DecorationSet.create(tr.doc, piecesInTurns(next, shownTurns(shown, tr.doc), tr.doc));
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
      // Loading 10,000 annotations costs more than drawing the editor, so they come in with a
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
