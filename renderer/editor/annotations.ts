/**
 * The annotation layer inside the editor: topic tags, claims and notes over ranges of the text.
 *
 * Ranges live in a DecorationSet that is mapped through every transaction but never drawn as a
 * whole: drawing 10,000 inline decorations on open costs several times the open itself. What is
 * drawn is a second, small set holding only the annotations near the viewport, rebuilt when the
 * viewport moves past what was drawn.
 *
 * Changes go through AnnotationStep, so undo and redo cover them with the text edits. An
 * annotation whose text is deleted entirely is not dropped: it is kept as detached, with its
 * quote, and attaches again when the same text comes back where it was (which is what undo does).
 *
 * As in prosemirror-search, the plugin key stays private; the module exports verbs.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import { AnnotationStep } from './annotation-step.js';
import { docPos, indexDoc, textOffset, type PositionIndex } from './positions.js';

interface Detached {
  /** Where the text was, mapped since. */
  pos: number;
  /** The document size of the range and its text when it was deleted, to know it when it comes back. */
  size: number;
  quote: string;
}

interface AnnotationState {
  records: ReadonlyMap<string, Annotation>;
  ranges: DecorationSet;
  detached: ReadonlyMap<string, Detached>;
  /** The document range whose annotations are drawn. */
  drawnRange: { from: number; to: number } | null;
  drawn: DecorationSet;
  selected: string | null;
  /** Bumped whenever an annotation is added, removed, changed, detached or re-attached. */
  version: number;
}

const key = new PluginKey<AnnotationState>('parley-annotations');
const DRAW_MARGIN = 12000;
/** How long the view must rest before highlights are redrawn for a new part of the text. */
const DRAW_DELAY_MS = 120;
const PREFIX = 32;

type Meta = { drawRange?: { from: number; to: number }; select?: string | null; load?: readonly Annotation[] };

/** The plugin state with `list` loaded: positions in the working text become document ranges. */
function loaded(list: readonly Annotation[], doc: PMNode, prev: AnnotationState): AnnotationState {
  const index = indexDoc(doc);
  const records = new Map<string, Annotation>();
  const decos: Decoration[] = [];
  for (const a of list) {
    records.set(a.id, a);
    if (a.detached) continue;
    const from = docPos(index, a.target.start);
    const to = docPos(index, a.target.end);
    if (to > from) decos.push(Decoration.inline(from, to, {}, { id: a.id }));
    else records.set(a.id, { ...a, detached: true });
  }
  const next = { ...prev, records, ranges: DecorationSet.create(doc, decos), detached: new Map<string, Detached>(), version: prev.version + 1 };
  return { ...next, drawn: draw(next, doc) };
}

/** Load a transcript's annotations into the editor (once, after it first painted). Not an undoable step. */
export function loadAnnotations(view: EditorView, list: readonly Annotation[]): void {
  view.dispatch(view.state.tr.setMeta(key, { load: list } satisfies Meta).setMeta('addToHistory', false));
}

function rangeOf(set: DecorationSet, id: string): { from: number; to: number } | null {
  const found = set.find(undefined, undefined, (spec: { id?: string }) => spec.id === id)[0];
  return found ? { from: found.from, to: found.to } : null;
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

function draw(state: Omit<AnnotationState, 'drawn'>, doc: PMNode): DecorationSet {
  if (!state.drawnRange) return DecorationSet.empty;
  const codebook = codebookOf(doc);
  const decos = state.ranges.find(state.drawnRange.from, state.drawnRange.to).flatMap((d) => {
    const id = (d.spec as { id: string }).id;
    const a = state.records.get(id);
    return a ? [Decoration.inline(d.from, d.to, drawAttrs(a, codebook, state.selected === id), { id })] : [];
  });
  return DecorationSet.create(doc, decos);
}

/** `drawn` changed to cover `state.drawnRange`, reusing the decorations that stay. */
function redrawRange(state: Omit<AnnotationState, 'drawn'>, drawn: DecorationSet, doc: PMNode): DecorationSet {
  if (!state.drawnRange) return DecorationSet.empty;
  const wanted = new Map(state.ranges.find(state.drawnRange.from, state.drawnRange.to).map((d) => [(d.spec as { id: string }).id, d]));
  const have = drawn.find();
  const leaving = have.filter((d) => !wanted.has((d.spec as { id: string }).id));
  for (const d of have) wanted.delete((d.spec as { id: string }).id);
  const codebook = codebookOf(doc);
  const entering = [...wanted.values()].flatMap((d) => {
    const id = (d.spec as { id: string }).id;
    const a = state.records.get(id);
    return a ? [Decoration.inline(d.from, d.to, drawAttrs(a, codebook, state.selected === id), { id })] : [];
  });
  return drawn.remove(leaving).add(doc, entering);
}

function applyStep(
  state: { records: Map<string, Annotation>; ranges: DecorationSet; detached: Map<string, Detached> },
  step: AnnotationStep,
  mapRest: (pos: number, assoc: number) => number,
  doc: PMNode,
): void {
  const id = step.id;
  const old = rangeOf(state.ranges, id);
  if (old) state.ranges = state.ranges.remove(state.ranges.find(old.from, old.to, (s: { id?: string }) => s.id === id));
  state.detached.delete(id);
  if (!step.after) {
    state.records.delete(id);
    return;
  }
  const range = step.after.range;
  const from = range ? mapRest(range.from, 1) : 0;
  const to = range ? mapRest(range.to, -1) : 0;
  if (range && to > from) {
    state.records.set(id, { ...step.after.data, detached: false });
    state.ranges = state.ranges.add(doc, [Decoration.inline(from, to, {}, { id })]);
  } else {
    state.records.set(id, { ...step.after.data, detached: true });
  }
}

/** The plugin, loaded with the annotations of a transcript (positions in the working text). */
export function annotationPlugin(): Plugin<AnnotationState> {
  return new Plugin<AnnotationState>({
    key,
    state: {
      // Loading 10,000 annotations costs more than drawing the editor, so they come in with a
      // transaction of their own right after the first paint (see loadAnnotations).
      init: () => ({
        records: new Map<string, Annotation>(),
        ranges: DecorationSet.empty,
        detached: new Map<string, Detached>(),
        drawnRange: null,
        selected: null,
        version: 0,
        drawn: DecorationSet.empty,
      }),
      apply: (tr, prev, _old, newState) => {
        const meta = tr.getMeta(key) as Meta | undefined;
        if (meta?.load) return loaded(meta.load, newState.doc, prev);
        const steps = tr.steps.filter((s): s is AnnotationStep => s instanceof AnnotationStep);
        if (!tr.docChanged && !meta) return prev;
        let records = prev.records;
        let ranges = prev.ranges;
        let detached = prev.detached;
        let changed = false;
        if (tr.docChanged) {
          const removed: string[] = [];
          ranges = ranges.map(tr.mapping, tr.doc, { onRemove: (spec: { id?: string }) => spec.id && removed.push(spec.id) });
          if (removed.length || detached.size || steps.length) {
            const rec = new Map(records);
            const det = new Map<string, Detached>();
            for (const [id, d] of detached) det.set(id, { ...d, pos: tr.mapping.map(d.pos, -1) });
            for (const id of removed) {
              const was = rangeOf(prev.ranges, id);
              const a = rec.get(id);
              if (!was || !a) continue;
              det.set(id, { pos: tr.mapping.map(was.from, -1), size: was.to - was.from, quote: tr.before.textBetween(was.from, was.to, '\n') });
              rec.set(id, { ...a, detached: true });
            }
            const work = { records: rec, ranges, detached: det };
            tr.steps.forEach((step, i) => {
              if (step instanceof AnnotationStep) {
                const rest = tr.mapping.slice(i + 1);
                applyStep(work, step, (p, assoc) => rest.map(p, assoc), tr.doc);
              }
            });
            // Text deleted and put back where it was (undo, or retyped): the annotation attaches again.
            for (const [id, d] of work.detached) {
              const end = d.pos + d.size;
              if (end > tr.doc.content.size || tr.doc.textBetween(d.pos, end, '\n') !== d.quote) continue;
              const a = work.records.get(id);
              if (!a) continue;
              work.ranges = work.ranges.add(tr.doc, [Decoration.inline(d.pos, end, {}, { id })]);
              work.records.set(id, { ...a, detached: false });
              work.detached.delete(id);
            }
            records = work.records;
            ranges = work.ranges;
            detached = work.detached;
            changed = removed.length > 0 || steps.length > 0 || work.detached.size !== prev.detached.size;
          }
        }
        const selected = meta && 'select' in meta ? (meta.select ?? null) : prev.selected;
        let drawnRange = prev.drawnRange
          ? { from: tr.mapping.map(prev.drawnRange.from, -1), to: tr.mapping.map(prev.drawnRange.to, 1) }
          : null;
        if (meta?.drawRange) drawnRange = meta.drawRange;
        const next = { records, ranges, detached, drawnRange, selected, version: prev.version + (changed ? 1 : 0) };
        const redraw = changed || selected !== prev.selected || codebookOf(newState.doc) !== codebookOf(tr.before);
        const mapped = prev.drawn.map(tr.mapping, tr.doc);
        if (redraw) return { ...next, drawn: draw(next, tr.doc) };
        // Only the drawn stretch moved: keep the decorations already drawn (ProseMirror leaves their
        // DOM alone) and add or drop only those entering or leaving it.
        return { ...next, drawn: meta?.drawRange ? redrawRange(next, mapped, tr.doc) : mapped };
      },
    },
    props: {
      decorations: (state) => key.getState(state)?.drawn,
    },
    view: (view) => new ViewportTracker(view),
  });
}

/** Keeps the drawn range around what is on screen, asking for a redraw only when the view leaves it. */
class ViewportTracker {
  private frame = 0;
  private timer = 0;
  private readonly scroller: HTMLElement | Window;
  // Checked once the view rests, never in the frame of a keystroke: drawing highlights for a new
  // stretch of text costs a layout, which must not land on the user's typing.
  private readonly schedule = () => {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      if (!this.frame) this.frame = requestAnimationFrame(() => this.check());
    }, key.getState(this.view.state)?.drawnRange ? DRAW_DELAY_MS : 0);
  };

  constructor(private readonly view: EditorView) {
    this.scroller = (view.dom.closest('.editor-pane') as HTMLElement | null) ?? window;
    this.scroller.addEventListener('scroll', this.schedule, { passive: true });
    window.addEventListener('resize', this.schedule);
    this.schedule();
  }

  update(): void {
    this.schedule();
  }

  private check(): void {
    this.frame = 0;
    const { view } = this;
    const rect =
      this.scroller instanceof HTMLElement
        ? this.scroller.getBoundingClientRect()
        : { left: 0, top: 0, width: window.innerWidth, height: window.innerHeight, bottom: window.innerHeight };
    const x = rect.left + rect.width / 2;
    const top = view.posAtCoords({ left: x, top: Math.max(rect.top, 0) + 2 })?.pos;
    const bottom = view.posAtCoords({ left: x, top: Math.min(rect.top + rect.height, window.innerHeight) - 2 })?.pos;
    const size = view.state.doc.content.size;
    const head = view.state.selection.head;
    const from = Math.max(0, Math.min(top ?? head, bottom ?? head) - 1);
    const to = Math.min(size, Math.max(top ?? head, bottom ?? head) + 1);
    const drawn = key.getState(view.state)?.drawnRange;
    if (drawn && drawn.from <= from && drawn.to >= to) return;
    const drawRange = { from: Math.max(0, from - DRAW_MARGIN), to: Math.min(size, to + DRAW_MARGIN) };
    view.dispatch(view.state.tr.setMeta(key, { drawRange } satisfies Meta).setMeta('addToHistory', false));
  }

  destroy(): void {
    clearTimeout(this.timer);
    cancelAnimationFrame(this.frame);
    this.scroller.removeEventListener('scroll', this.schedule);
    window.removeEventListener('resize', this.schedule);
  }
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
    const a = s.records.get((d.spec as { id: string }).id);
    if (a) out.push({ annotation: a, range: { from: d.from, to: d.to } });
  }
  for (const a of s.records.values()) if (a.detached) out.push({ annotation: a, range: null });
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
      const a = s.records.get((d.spec as { id: string }).id);
      return a ? [{ annotation: a, range: { from: d.from, to: d.to } }] : [];
    });
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
  const now = rangeOf(s.ranges, id);
  return tr.step(new AnnotationStep({ data: a, range: now }, { data: change(a), range: range ?? now }));
}

export function removeAnnotation(state: EditorState, tr: Transaction, id: string): Transaction {
  const s = stateOf(state);
  const a = s.records.get(id);
  if (!a) throw new RangeError(`No annotation ${id}`);
  return tr.step(new AnnotationStep({ data: a, range: rangeOf(s.ranges, id) }, null));
}

/** The annotations as the sidecar stores them: targets recomputed in the working text of the document now. */
export function annotationsForSave(state: EditorState, index: PositionIndex = indexDoc(state.doc)): Annotation[] {
  const s = stateOf(state);
  const out: Annotation[] = [];
  const placed = new Set<string>();
  for (const d of s.ranges.find()) {
    const id = (d.spec as { id: string }).id;
    const a = s.records.get(id);
    if (!a) continue;
    const start = textOffset(index, d.from);
    const end = textOffset(index, d.to);
    out.push({ ...a, detached: false, target: targetIn(index.text, start, end) });
    placed.add(id);
  }
  for (const a of s.records.values()) if (!placed.has(a.id)) out.push({ ...a, detached: true });
  return out.sort((a, b) => a.target.start - b.target.start || a.id.localeCompare(b.id));
}

/** A standoff target: the quote with up to 32 UTF-16 units of context, never splitting a surrogate pair. */
export function targetIn(text: string, start: number, end: number): Annotation['target'] {
  let p = Math.max(0, start - PREFIX);
  if (p > 0 && isLowSurrogate(text.charCodeAt(p))) p--;
  let q = Math.min(text.length, end + PREFIX);
  if (q < text.length && isLowSurrogate(text.charCodeAt(q))) q++;
  return { start, end, exact: text.slice(start, end), prefix: text.slice(p, start), suffix: text.slice(end, q) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
