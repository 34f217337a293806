/** Finding turns in the document: by position, by id, by speaker. */
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState, Transaction } from 'prosemirror-state';
import { turnAttrs } from './schema.js';

export interface TurnAt {
  node: PMNode;
  /** Position before the turn node. */
  pos: number;
  index: number;
}

/** The turn that holds document position `pos`. */
export function turnAtPos(doc: PMNode, pos: number): TurnAt | null {
  const clamped = Math.max(0, Math.min(pos, doc.content.size));
  const $pos = doc.resolve(clamped);
  if ($pos.depth < 1) {
    // Between two turns (a node selection, or a position at the very edge): take the one after.
    const index = Math.min($pos.index(0), doc.childCount - 1);
    const node = doc.child(index);
    let start = 0;
    for (let i = 0; i < index; i++) start += doc.child(i).nodeSize;
    return { node, pos: start, index };
  }
  return { node: $pos.node(1), pos: $pos.before(1), index: $pos.index(0) };
}

/** The turn under the selection's head. */
export function currentTurn(state: EditorState): TurnAt | null {
  return turnAtPos(state.doc, state.selection.head);
}

export function findTurnById(doc: PMNode, id: string): TurnAt | null {
  let found: TurnAt | null = null;
  let pos = 0;
  for (let index = 0; index < doc.childCount && !found; index++) {
    const node = doc.child(index);
    if (turnAttrs(node).id === id) found = { node, pos, index };
    pos += node.nodeSize;
  }
  return found;
}

/** Every turn, in order, with its position. */
export function allTurns(doc: PMNode): TurnAt[] {
  const out: TurnAt[] = [];
  let pos = 0;
  doc.forEach((node, _offset, index) => {
    out.push({ node, pos, index });
    pos += node.nodeSize;
  });
  return out;
}

/** A turn id not used in `doc`: one more than the highest numbered "tN". */
export function freshTurnId(doc: PMNode): string {
  let max = 0;
  doc.forEach((node) => {
    const m = /^t(\d+)$/.exec(turnAttrs(node).id);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return `t${max + 1}`;
}

/**
 * Turns must keep unique, non-empty ids (the attribution log and removed text refer to them).
 * Pasting turns, or ProseMirror filling a required turn, can break that; this returns a
 * transaction that repairs it, or null when every id is fine. Cost: one pass over the turns.
 */
export function repairTurnIds(state: EditorState): Transaction | null {
  const seen = new Set<string>();
  const broken: TurnAt[] = [];
  for (const t of allTurns(state.doc)) {
    const id = turnAttrs(t.node).id;
    if (!id || seen.has(id)) broken.push(t);
    else seen.add(id);
  }
  if (!broken.length) return null;
  const tr = state.tr;
  let next = Number(/^t(\d+)$/.exec(freshTurnId(state.doc))?.[1] ?? 1);
  for (const t of broken) {
    while (seen.has(`t${next}`)) next++;
    const id = `t${next++}`;
    seen.add(id);
    tr.setNodeMarkup(t.pos, undefined, { ...turnAttrs(t.node), id });
  }
  return tr;
}
