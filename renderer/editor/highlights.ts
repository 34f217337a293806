/**
 * The annotations' highlights: inline decorations clipped to the turns the browser renders, and
 * the turns an edit re-made, where highlights are drawn again rather than mapped. Why only
 * rendered turns are drawn: see the module comment of annotations.ts, whose plugin calls these.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { ReplaceStep, type Step } from 'prosemirror-transform';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import type { Range, RangeStore } from './range-store.js';
import type { RecordTable } from './record-table.js';
import { turnAttrs } from './schema.js';

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
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

/** What drawing needs of the annotations: their records and ranges, which is selected, and the codebook for colours and labels. */
export interface Drawable {
  records: RecordTable;
  ranges: RangeStore;
  selected: string | null;
  codebook: Codebook | null;
}

/** Which turns have their highlights drawn (ids of turns the browser has rendered), and the highlights. */
export interface Highlights {
  shown: ReadonlySet<string>;
  drawn: DecorationSet;
}

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
export function piecesInTurns(state: Drawable, turns: readonly Range[]): Decoration[] {
  const { codebook } = state;
  const sorted = [...turns].sort((a, b) => a.from - b.from);
  const out: Decoration[] = [];
  state.ranges.overlapping(sorted, (id, range, i) => {
    const p = piece(state, id, range, sorted[i]!, codebook);
    if (p) out.push(p);
  });
  return out;
}

/** `drawn` with the highlights of the annotations `ids` drawn afresh (or taken away) in the shown turns. */
export function redrawIds(state: Drawable, shown: ReadonlySet<string>, drawn: DecorationSet, ids: ReadonlySet<string>, doc: PMNode): DecorationSet {
  const { codebook } = state;
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

export interface TurnRange extends Range {
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
export function shownTurns(shown: ReadonlySet<string>, doc: PMNode, from?: number, to?: number): TurnRange[] {
  if (!shown.size) return [];
  return turnsBetween(doc, from, to).filter((t) => shown.has(t.id));
}

/** `drawn` with the highlights inside `turns` drawn afresh: taken away in all of them, drawn in those shown. */
function redrawTurns(state: Drawable, shown: ReadonlySet<string>, drawn: DecorationSet, turns: readonly TurnRange[], doc: PMNode): DecorationSet {
  const stale = turns.flatMap((t) => drawn.find(t.from, t.to).filter((d) => d.from >= t.from && d.to <= t.to));
  return drawn.remove(stale).add(doc, piecesInTurns(state, turns.filter((t) => shown.has(t.id))));
}

/** Record `turns` (node ranges) as shown and draw their highlights; turns already shown are left alone. */
export function showTurns(state: Drawable & Highlights, turns: readonly Range[], doc: PMNode): Highlights {
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
export function remadeTurns(tr: Transaction, shown: ReadonlySet<string>): { before: TurnRange[]; after: TurnRange[]; shown: ReadonlySet<string> } | null {
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
