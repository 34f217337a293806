/**
 * Transcript actions (speakers, turns, metadata, rejected suggestions, removed text, moving between
 * turns) as commands (see command.ts). Each one is a single transaction, so one undo reverts it
 * whole, and each attribution change appends to the log kept in the document.
 */
import type { Command, Transaction } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';
import type { AttributionChange, Speaker } from '../../shared/model.js';
import { explained, type ExplainedCommand } from './command.js';
import { paragraphNode } from './convert.js';
import { docDismissed, docHistory, docMetadata, docRemoved, docSpeakers, schema, turnAttrs } from './schema.js';
import { allTurns, currentTurn, findTurnById, freshTurnId, turnAtPos } from './turns.js';

/** The clock used for log entries; tests replace it. */
export let now = (): string => new Date().toISOString();
export function setClock(clock: () => string): void {
  now = clock;
}

function logChanges(tr: Transaction, changes: Omit<AttributionChange, 'at'>[]): void {
  if (!changes.length) return;
  const at = now();
  tr.setDocAttribute('history', [...docHistory(tr.doc), ...changes.map((c) => ({ ...c, at }))]);
}

/** A slug id for a new speaker, unique among `speakers`. */
export function freshSpeakerId(name: string, speakers: readonly Speaker[]): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'speaker';
  const taken = new Set(speakers.map((s) => s.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** Who should take a turn: an existing speaker, or a new one to be created with this name. */
export type SpeakerChoice = { kind: 'existing'; id: string } | { kind: 'new'; name: string; role?: string | null };

/** Resolve a choice inside a transaction, adding the speaker when new. Returns the speaker id. */
function resolveChoice(tr: Transaction, choice: SpeakerChoice): string {
  if (choice.kind === 'existing') return choice.id;
  const speakers = docSpeakers(tr.doc);
  const name = choice.name.trim();
  const same = speakers.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (same) return same.id;
  const speaker: Speaker = {
    id: freshSpeakerId(name, speakers),
    name,
    role: choice.role ?? null,
    aliases: [],
    anonymous: false,
  };
  tr.setDocAttribute('speakers', [...speakers, speaker]);
  return speaker.id;
}

/** `tr` with the caret at the start of the turn at `turnPos`, unless the selection is inside that turn already. */
export function caretIntoTurn(tr: Transaction, turnPos: number): Transaction {
  const turn = tr.doc.nodeAt(turnPos);
  const { from, to } = tr.selection;
  if (!turn || (from > turnPos && to < turnPos + turn.nodeSize)) return tr;
  return tr.setSelection(TextSelection.near(tr.doc.resolve(turnPos + 1)));
}

/** Give the turn that starts at `turnPos` (or the one under the cursor) to another speaker. */
export function reassignTurn(choice: SpeakerChoice, turnPos?: number): Command {
  return (state, dispatch) => {
    const turn = turnPos === undefined ? currentTurn(state) : turnAtPos(state.doc, turnPos + 1);
    if (!turn) return false;
    if (dispatch) {
      const tr = state.tr;
      const to = resolveChoice(tr, choice);
      const attrs = turnAttrs(turn.node);
      if (attrs.speaker === to && choice.kind === 'existing') return false;
      tr.setNodeMarkup(turn.pos, undefined, { ...attrs, speaker: to });
      logChanges(tr, [{ turn: attrs.id, from: attrs.speaker, to }]);
      // Asked from a turn's gutter (its label or its suggestion), the caret goes to that turn: the
      // view then stays on it, where scrolling to a caret left elsewhere made it jump away.
      if (turnPos !== undefined) caretIntoTurn(tr, turn.pos);
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/**
 * Split the turn at the cursor; the part after the cursor becomes a new turn of the chosen
 * speaker. At a paragraph border the split falls between paragraphs, so no empty paragraph is
 * left behind. Refused at the very start of a turn, where it would leave an empty turn.
 */
export function splitTurn(choice: SpeakerChoice): Command {
  return (state, dispatch) => {
    const { $from, empty } = state.selection;
    if (!empty || $from.depth !== 2) return false;
    const turn = $from.node(1);
    const paragraphIndex = $from.index(1);
    const atParagraphStart = $from.parentOffset === 0;
    const atParagraphEnd = $from.parentOffset === $from.parent.content.size;
    if (atParagraphStart && paragraphIndex === 0) return false;
    if (!dispatch) return true;
    const tr = state.tr;
    const speaker = resolveChoice(tr, choice);
    const id = freshTurnId(state.doc);
    const newTurn = { type: schema.nodes.turn, attrs: { id, speaker, label: null } };
    const from = turnAttrs(turn).speaker;
    let cursor: number;
    if (atParagraphStart) {
      const pos = $from.before(2);
      tr.split(pos, 1, [newTurn]);
      cursor = pos + 3;
    } else if (atParagraphEnd && paragraphIndex < turn.childCount - 1) {
      const pos = $from.after(2);
      tr.split(pos, 1, [newTurn]);
      cursor = pos + 3;
    } else if (atParagraphEnd) {
      // At the end of the turn: a new, empty turn follows it.
      const pos = $from.after(1);
      tr.insert(pos, schema.nodes.turn.create(newTurn.attrs, paragraphNode('')));
      cursor = pos + 2;
    } else {
      // The space at the split belongs to neither turn: drop it, so the new turn starts with a word.
      const text = $from.parent.textContent;
      let start = $from.parentOffset;
      let end = start;
      while (start > 0 && /\s/.test(text.charAt(start - 1))) start--;
      while (end < text.length && /\s/.test(text.charAt(end))) end++;
      const base = $from.start();
      if (start === 0 || end === text.length) {
        // Only spaces on one side: keep them rather than leave an empty paragraph.
        start = end = $from.parentOffset;
      }
      if (end > start) tr.delete(base + start, base + end);
      tr.split(base + start, 2, [newTurn, { type: schema.nodes.paragraph }]); // outermost first
      cursor = base + start + 4;
    }
    logChanges(tr, [{ turn: id, from, to: speaker }]);
    tr.setSelection(TextSelection.create(tr.doc, cursor));
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** Merge the turn under the cursor into the one before it; the earlier turn's speaker keeps it. */
export const mergeWithPrevious: ExplainedCommand = explained((state, dispatch) => {
  const turn = currentTurn(state);
  if (!turn || turn.index === 0) return false;
  if (dispatch) {
    const prev = state.doc.child(turn.index - 1);
    const tr = state.tr;
    tr.join(turn.pos);
    const removed = turnAttrs(turn.node);
    const kept = turnAttrs(prev);
    if (removed.speaker !== kept.speaker) {
      logChanges(tr, [{ turn: removed.id, from: removed.speaker, to: kept.speaker }]);
    }
    dispatch(tr.scrollIntoView());
  }
  return true;
}, () => 'The first turn has nothing before it to merge into.');

function updateSpeaker(id: string, change: (s: Speaker) => Speaker): Command {
  return (state, dispatch) => {
    const speakers = docSpeakers(state.doc);
    const index = speakers.findIndex((s) => s.id === id);
    const current = speakers[index];
    if (!current) return false;
    const next = change(current);
    if (next.name === current.name && next.role === current.role) return false;
    if (dispatch) {
      const list = speakers.slice();
      list[index] = next;
      dispatch(state.tr.setDocAttribute('speakers', list));
    }
    return true;
  };
}

/** Rename a speaker everywhere: every turn refers to the speaker by id, so one change relabels all. */
export function renameSpeaker(id: string, name: string): Command {
  const clean = name.trim();
  return (state, dispatch) => (clean ? updateSpeaker(id, (s) => ({ ...s, name: clean }))(state, dispatch) : false);
}

export function setSpeakerRole(id: string, role: string | null): Command {
  const clean = role?.trim() || null;
  return updateSpeaker(id, (s) => ({ ...s, role: clean }));
}

/**
 * Merge speaker `fromId` into `intoId`: their turns go to `intoId`, their name and aliases become
 * aliases of `intoId`, and `fromId` leaves the speaker list.
 */
export function mergeSpeakers(fromId: string, intoId: string): Command {
  return (state, dispatch) => {
    if (fromId === intoId) return false;
    const speakers = docSpeakers(state.doc);
    const from = speakers.find((s) => s.id === fromId);
    const into = speakers.find((s) => s.id === intoId);
    if (!from || !into) return false;
    if (dispatch) {
      const tr = state.tr;
      const changes: Omit<AttributionChange, 'at'>[] = [];
      for (const t of allTurns(state.doc)) {
        const attrs = turnAttrs(t.node);
        if (attrs.speaker !== fromId) continue;
        tr.setNodeMarkup(t.pos, undefined, { ...attrs, speaker: intoId });
        changes.push({ turn: attrs.id, from: fromId, to: intoId });
      }
      const aliases = [...new Set([...into.aliases, from.name, ...from.aliases])].filter((a) => a !== into.name);
      tr.setDocAttribute(
        'speakers',
        speakers.filter((s) => s.id !== fromId).map((s) => (s.id === intoId ? { ...s, aliases } : s)),
      );
      logChanges(tr, changes);
      dispatch(tr);
    }
    return true;
  };
}

/**
 * Set a metadata field (a new key adds one); an empty value removes the field. Keys are kept as
 * written, trimmed; the sidecar sorts them.
 */
export function setMetadataField(key: string, value: string, previousKey: string = key): Command {
  return (state, dispatch) => {
    const k = key.trim();
    if (!k) return false;
    const now = docMetadata(state.doc);
    const next: Record<string, string> = {};
    for (const [name, v] of Object.entries(now)) if (name !== previousKey) next[name] = v;
    if (value.trim()) next[k] = value;
    else delete next[k];
    const same = Object.keys(next).length === Object.keys(now).length && Object.entries(next).every(([name, v]) => now[name] === v);
    if (same) return false;
    if (dispatch) dispatch(state.tr.setDocAttribute('metadata', next));
    return true;
  };
}

/** Reject claim suggestions (their sentences' texts): saved with the transcript, undone like any edit. */
export function dismissSuggestions(texts: readonly string[]): Command {
  return (state, dispatch) => {
    const now = docDismissed(state.doc);
    const fresh = [...new Set(texts)].filter((t) => !now.includes(t));
    if (!fresh.length) return false;
    if (dispatch) dispatch(state.tr.setDocAttribute('dismissed', [...now, ...fresh]));
    return true;
  };
}

/** Put removed text back into the transcript, as an unattributed turn where it stood. */
export function restoreRemoved(removedId: string): Command {
  return (state, dispatch) => {
    const removed = docRemoved(state.doc);
    const item = removed.find((r) => r.id === removedId);
    if (!item) return false;
    if (dispatch) {
      const tr = state.tr;
      const after = item.afterTurn ? findTurnById(state.doc, item.afterTurn) : null;
      const pos = after ? after.pos + after.node.nodeSize : 0;
      const paragraphs = item.text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      const id = freshTurnId(state.doc);
      tr.insert(
        pos,
        schema.nodes.turn.create(
          { id, speaker: null, label: null },
          (paragraphs.length ? paragraphs : ['']).map((p) => paragraphNode(p)),
        ),
      );
      tr.setDocAttribute(
        'removed',
        removed.filter((r) => r.id !== removedId),
      );
      tr.setSelection(TextSelection.create(tr.doc, pos + 2));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Move the cursor to the next (dir 1) or previous (dir -1) unattributed turn, wrapping around. */
export function gotoUnattributed(dir: 1 | -1): ExplainedCommand {
  return explained((state, dispatch) => {
    const turns = allTurns(state.doc);
    const here = currentTurn(state)?.index ?? -1;
    const n = turns.length;
    for (let step = 1; step <= n; step++) {
      const t = turns[(((here + dir * step) % n) + n) % n];
      if (t && turnAttrs(t.node).speaker === null) {
        if (dispatch) dispatch(state.tr.setSelection(TextSelection.create(state.doc, t.pos + 2)).scrollIntoView());
        return true;
      }
    }
    return false;
  }, () => 'Every turn has a speaker.');
}

/** Put the cursor at the start of a turn (the speakers panel's jump). */
export function gotoTurn(turnPos: number): Command {
  return (state, dispatch) => {
    if (turnPos < 0 || turnPos + 2 > state.doc.content.size) return false;
    if (dispatch) dispatch(state.tr.setSelection(TextSelection.create(state.doc, turnPos + 2)).scrollIntoView());
    return true;
  };
}
