/**
 * Re-anchoring a saved body when its source file changed: the editor's work carried onto the new
 * text, and a report of how each annotation fared.
 *
 * ## What is carried, and why
 *
 * The sidecar does not keep the old source text, only its digest, so where the saved text and the
 * new source differ there is no telling an editor's text fix from a change in the source. The new
 * source is the newer document, so **its words win**; the old sidecar stays on disk as a backup
 * (see annotations/document-service.ts) and the report counts the places that differ
 * (`textChanges`). Everything else the editor made is carried wherever the new text still has the
 * saved text:
 *
 * - **Turns, speakers and attributions.** The saved working text is diffed against the new one
 *   (text-diff.ts). Each new turn is matched to the saved turns its unchanged text came from. One
 *   saved turn: the new turn takes its id and speaker. Several: the new turn is cut where the saved
 *   turns met (the editor had split it). Consecutive pieces from the same saved turn are joined (the
 *   editor had merged them). A new turn with nothing from the saved text (the source gained a turn)
 *   keeps what the importer read, its speaker matched to a saved speaker by id or label. One
 *   exception: where the source's own label for a turn changed and the history shows no attribution
 *   by the editor, the new label's speaker is taken, since the source corrected itself.
 * - **Speakers** (names, roles, merges), **metadata** edits, the **codebook** and the **history**
 *   are kept as saved; the importer's metadata fills in keys the saved metadata lacks.
 * - **Removed text** is the new import's (it describes the new source), attached to the new turns.
 * - **Annotations**: each target is carried through the diff to its expected place in the new
 *   working text, then found by anchorTarget (anchor.ts). 'exact' means the quote and its
 *   surroundings are intact where the unchanged text around them now puts them; 'moved', the quote
 *   is intact elsewhere; 'fuzzy', the quote itself changed a little (the target now holds the new
 *   words). The diff also vetoes a look-alike: a range of unchanged text that came from somewhere
 *   other than the annotation's own old text is another passage that was there before. One that
 *   cannot be placed without guessing is kept, `detached`, with its quote, prefix and suffix (its
 *   position collapsed to where its text was): nothing is dropped. Annotations already detached
 *   stay detached; re-attaching them is the editor's call.
 */
import type { Annotation, TextTarget } from '../annotation.js';
import { nonSpeechRanges } from '../import/non-speech.js';
import type { Speaker, TranscriptBody, Turn } from '../model.js';
import { anchorTarget, type AnchorHow } from './anchor.js';
import { makeTarget } from './target.js';
import { TextMapping, diffTexts, type Segment } from './text-diff.js';
import { PARAGRAPH_SEPARATOR, TURN_SEPARATOR, workingText, type WorkingText } from './working-text.js';

/** What became of one annotation. */
export type ReanchorHow = AnchorHow | 'detached';

export interface ReanchorOutcome {
  id: string;
  how: ReanchorHow;
  /** True when the annotation was already detached in the saved body (it stays so). */
  wasDetached: boolean;
}

/** The figures the user sees, and each annotation's outcome. */
export interface ReanchorReport {
  exact: number;
  moved: number;
  fuzzy: number;
  /** Detached annotations in the result, including `alreadyDetached`. */
  detached: number;
  /** exact + moved + fuzzy + detached: every saved annotation. */
  total: number;
  /** Of `detached`, those that were detached before re-anchoring. */
  alreadyDetached: number;
  /** Places where the saved working text and the new one differ (the new text was taken there). */
  textChanges: number;
  outcomes: ReanchorOutcome[];
}

export interface Reanchored {
  body: TranscriptBody;
  report: ReanchorReport;
}

/**
 * An unchanged stretch shorter than this says nothing about which saved turn a new turn came from:
 * two unrelated sentences share words like " of the " by chance.
 */
export const MIN_OWNING_RUN = 12;

/**
 * Carry `saved` (the body of the old sidecar, its annotations counted in its own working text) onto
 * `fresh` (the new source, just imported). Pure; neither argument is changed.
 */
export function reanchorBody(saved: TranscriptBody, fresh: TranscriptBody): Reanchored {
  const oldWT = workingText(saved.turns);
  const newWT = workingText(fresh.turns);
  const toNew = diffTexts(oldWT.text, newWT.text);

  const speakers = new SpeakerResolver(saved.speakers, fresh.speakers);
  const attributed = new Set(saved.history.map((h) => h.turn));
  const pieces = cutPieces(saved.turns, oldWT, fresh.turns, newWT, toNew);
  const built = buildTurns(pieces, saved.turns, fresh.turns, newWT, speakers, attributed);
  const resultWT = workingText(built.turns);
  const toResult = new TextMapping(built.segments, newWT.text.length, resultWT.text.length);

  const body: TranscriptBody = {
    metadata: { ...fresh.metadata, ...saved.metadata },
    speakers: speakers.list(),
    turns: built.turns,
    removed: fresh.removed.map((r) => ({
      ...r,
      afterTurn: r.afterTurn === null ? null : (built.turnOfNew.get(r.afterTurn) ?? built.turns.at(-1)?.id ?? null),
    })),
    history: saved.history.map((h) => ({ ...h })),
  };
  if (saved.codebook) body.codebook = structuredClone(saved.codebook);

  const report: ReanchorReport = {
    exact: 0,
    moved: 0,
    fuzzy: 0,
    detached: 0,
    total: 0,
    alreadyDetached: 0,
    textChanges: countTextChanges(toNew, oldWT.text, newWT.text),
    outcomes: [],
  };
  if (saved.annotations) {
    const carry = (pos: number, assoc: -1 | 1) => toResult.map(toNew.map(pos, assoc), assoc);
    // Where a result range came from in the saved text, when it is unchanged text.
    const origin = (start: number, end: number) => {
      const inNew = toResult.originOf(start, end);
      return inNew && toNew.originOf(inNew.start, inNew.end);
    };
    body.annotations = saved.annotations.map((a) => {
      const { annotation, how } = reanchorOne(a, resultWT.text, carry, origin);
      report[how] += 1;
      report.total += 1;
      if (a.detached) report.alreadyDetached += 1;
      report.outcomes.push({ id: a.id, how, wasDetached: a.detached });
      return annotation;
    });
  }
  return { body, report };
}

/** One annotation carried into `text`: placed (with a fresh target), or detached with its quote. */
function reanchorOne(
  a: Annotation,
  text: string,
  carry: (pos: number, assoc: -1 | 1) => number,
  origin: (start: number, end: number) => { start: number; end: number } | null,
): { annotation: Annotation; how: ReanchorHow } {
  // Expected place: text inserted at either edge stays outside the span, as in the editor.
  const start = carry(a.target.start, 1);
  const end = Math.max(start, carry(a.target.end, -1));
  const detached = (): { annotation: Annotation; how: ReanchorHow } => ({
    // The quote and its surroundings are kept as they were; the position only says roughly where.
    annotation: { ...structuredClone(a), detached: true, target: { ...a.target, start, end: start } },
    how: 'detached',
  });
  // A detached annotation's text was deleted by the editor; re-attaching it is the editor's call.
  if (a.detached) return detached();
  // The expected place comes from a diff: see AnchorOptions. A candidate of unchanged text must
  // be (part of) this annotation's own old text: the "there" left of "there there" after the other
  // one was deleted looks just like it, but the diff knows which one was kept.
  const found = anchorTarget(text, { ...a.target, start, end }, {
    searchEverywhere: false,
    allows: (s, e) => {
      const from = origin(s, e);
      return from === null || (from.start < a.target.end && a.target.start < from.end) || (s === e && from.start === a.target.start);
    },
  });
  if (!found) return detached();
  // An approximate match counts UTF-16 units and may end inside a character: makeTarget widens it to whole ones.
  const target: TextTarget = makeTarget(text, found.start, found.end);
  return { annotation: { ...structuredClone(a), target }, how: found.how };
}

// ---- Turns ----

/** A stretch of one new turn that becomes (part of) one result turn. */
interface Piece {
  /** Index of the new turn it is cut from. */
  fresh: number;
  /** Index of the saved turn it came from, or null for text the saved body did not have. */
  saved: number | null;
  /** Its range in the new working text. */
  from: number;
  to: number;
}

/**
 * Cut each new turn into pieces by the saved turns its unchanged text came from (see the module
 * comment). The text between two saved turns' pieces, when it is only spaces or line breaks (where
 * the editor split a paragraph), is dropped; any other text there goes with the later piece, so no
 * word of the new source is lost.
 */
function cutPieces(
  savedTurns: readonly Turn[],
  oldWT: WorkingText,
  freshTurns: readonly Turn[],
  newWT: WorkingText,
  toNew: TextMapping,
): Piece[] {
  const owners = owningTurns(toNew.segments, oldWT, newWT, savedTurns.length, freshTurns.length);
  const pieces: Piece[] = [];
  const text = newWT.text;
  freshTurns.forEach((_, j) => {
    const turnFrom = newWT.turnStarts[j] as number;
    const turnTo = newWT.turnEnds[j] as number;
    const ks = owners[j] as number[];
    if (ks.length <= 1) {
      pieces.push({ fresh: j, saved: ks[0] ?? null, from: turnFrom, to: turnTo });
      return;
    }
    const before = pieces.length;
    let from = turnFrom;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i] as number;
      const next = ks[i + 1];
      if (next === undefined) {
        if (from < turnTo) pieces.push({ fresh: j, saved: k, from, to: turnTo });
        break;
      }
      let cut = clamp(toNew.map(oldWT.turnEnds[k] as number, -1), from, turnTo);
      let resume = clamp(toNew.map(oldWT.turnStarts[next] as number, 1), cut, turnTo);
      if (text.slice(cut, resume).trim() !== '') resume = cut;
      // Spaces and line breaks at a cut belong to neither side.
      while (cut > from && isBlank(text.charCodeAt(cut - 1))) cut--;
      while (resume < turnTo && isBlank(text.charCodeAt(resume))) resume++;
      if (cut > from) pieces.push({ fresh: j, saved: k, from, to: cut });
      from = resume;
    }
    // Only blanks were left between the cuts (should not happen): keep the turn whole.
    if (pieces.length === before) pieces.push({ fresh: j, saved: ks[0] as number, from: turnFrom, to: turnTo });
  });
  return pieces;
}

/**
 * For each new turn, the saved turns (ascending) whose text reached it through an unchanged stretch
 * of at least MIN_OWNING_RUN units.
 */
function owningTurns(segments: readonly Segment[], oldWT: WorkingText, newWT: WorkingText, nOld: number, nNew: number): number[][] {
  const owners: Array<Set<number>> = Array.from({ length: nNew }, () => new Set<number>());
  let k = 0;
  let j = 0;
  for (const s of segments) {
    if (s.length < MIN_OWNING_RUN) continue;
    const delta = s.newStart - s.oldStart;
    const oldEnd = s.oldStart + s.length;
    // Segments ascend in both texts, so the turn cursors only move forward.
    while (k < nOld && (oldWT.turnEnds[k] as number) < s.oldStart) k++;
    for (let kk = k; kk < nOld && (oldWT.turnStarts[kk] as number) < oldEnd; kk++) {
      const x = Math.max(s.oldStart, oldWT.turnStarts[kk] as number);
      const y = Math.min(oldEnd, oldWT.turnEnds[kk] as number);
      if (y <= x && !(y === x && oldWT.turnStarts[kk] === oldWT.turnEnds[kk])) continue;
      const nx = x + delta;
      const ny = y + delta;
      while (j < nNew && (newWT.turnEnds[j] as number) < nx) j++;
      for (let jj = j; jj < nNew && (newWT.turnStarts[jj] as number) <= ny; jj++) {
        const from = Math.max(nx, newWT.turnStarts[jj] as number);
        const to = Math.min(ny, newWT.turnEnds[jj] as number);
        // An empty turn is owned by an empty saved turn at the same place; otherwise text must overlap.
        if (to > from || (to === from && newWT.turnStarts[jj] === newWT.turnEnds[jj] && x === y)) {
          (owners[jj] as Set<number>).add(kk);
        }
      }
    }
  }
  return owners.map((set) => [...set].sort((a, b) => a - b));
}

interface Built {
  turns: Turn[];
  /** Where each piece's text went: new working text -> result working text. */
  segments: Segment[];
  /** For each new turn id, the id of the result turn its end went into. */
  turnOfNew: Map<string, string>;
}

/** Join consecutive pieces of the same saved turn into result turns, and fill in their fields. */
function buildTurns(
  pieces: readonly Piece[],
  savedTurns: readonly Turn[],
  freshTurns: readonly Turn[],
  newWT: WorkingText,
  speakers: SpeakerResolver,
  attributed: ReadonlySet<string>,
): Built {
  const groups: Piece[][] = [];
  for (const p of pieces) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && p.saved !== null && prev.saved === p.saved && prev.fresh !== p.fresh) last.push(p);
    else groups.push([p]);
  }

  const usedIds = new Set<string>();
  const reserved = new Set(savedTurns.map((t) => t.id));
  const idFor = (preferred: string, mayUseReserved: boolean): string => {
    let id = preferred;
    for (let n = 2; usedIds.has(id) || (!mayUseReserved && reserved.has(id)); n++) id = `${preferred}-${n}`;
    usedIds.add(id);
    return id;
  };

  const turns: Turn[] = [];
  const segments: Segment[] = [];
  const turnOfNew = new Map<string, string>();
  let at = 0;
  for (const group of groups) {
    const first = group[0] as Piece;
    const last = group[group.length - 1] as Piece;
    const savedTurn = first.saved === null ? null : (savedTurns[first.saved] as Turn);
    const startTurn = freshTurns[first.fresh] as Turn;
    const endTurn = freshTurns[last.fresh] as Turn;
    const startsFresh = first.from === newWT.turnStarts[first.fresh];
    const endsFresh = last.to === newWT.turnEnds[last.fresh];
    const wholeFresh = group.length === 1 && startsFresh && endsFresh;

    if (turns.length > 0) at += TURN_SEPARATOR.length;
    const paragraphs: string[] = [];
    group.forEach((p, i) => {
      if (i > 0) at += PARAGRAPH_SEPARATOR.length;
      segments.push({ oldStart: p.from, newStart: at, length: p.to - p.from });
      paragraphs.push(...newWT.text.slice(p.from, p.to).split(PARAGRAPH_SEPARATOR));
      at += p.to - p.from;
    });

    let speaker: string | null;
    if (!savedTurn) {
      speaker = speakers.resolve(startTurn.speaker);
    } else if (wholeFresh && startTurn.label !== savedTurn.label && !attributed.has(savedTurn.id)) {
      // The source relabelled this turn and the editor never attributed it: follow the source.
      speaker = speakers.resolve(startTurn.speaker);
    } else {
      speaker = savedTurn.speaker;
    }
    const turn: Turn = {
      id: savedTurn ? idFor(savedTurn.id, true) : idFor(startTurn.id, false),
      speaker,
      label: startsFresh || !savedTurn ? startTurn.label : savedTurn.label,
      paragraphs,
    };
    const start = startsFresh ? startTurn.start : savedTurn?.start;
    const end = endsFresh ? endTurn.end : savedTurn?.end;
    if (start !== undefined) turn.start = start;
    if (end !== undefined && (start === undefined || end >= start)) turn.end = end;
    const nonSpeech = wholeFresh ? (startTurn.nonSpeech ?? []) : paragraphs.flatMap((p, i) => nonSpeechRanges(p, i));
    if (nonSpeech.length > 0) turn.nonSpeech = nonSpeech.map((n) => ({ ...n }));
    const suggestion = startsFresh ? startTurn.suggestion : savedTurn?.suggestion;
    if (suggestion) turn.suggestion = { ...suggestion };
    turns.push(turn);
    for (const p of group) turnOfNew.set((freshTurns[p.fresh] as Turn).id, turn.id);
  }
  return { turns, segments, turnOfNew };
}

/**
 * The saved speakers, plus whichever new ones a new turn needs: a new speaker is the saved one with
 * the same id, else the saved one who already answers to its name or one of its labels, else added.
 */
class SpeakerResolver {
  readonly #list: Speaker[];
  readonly #fresh: Map<string, Speaker>;
  readonly #resolved = new Map<string, string>();

  constructor(saved: readonly Speaker[], fresh: readonly Speaker[]) {
    this.#list = saved.map((s) => ({ ...s, aliases: [...s.aliases] }));
    this.#fresh = new Map(fresh.map((s) => [s.id, s]));
  }

  resolve(freshId: string | null): string | null {
    if (freshId === null) return null;
    const known = this.#resolved.get(freshId);
    if (known) return known;
    const speaker = this.#fresh.get(freshId);
    let id: string;
    if (this.#list.some((s) => s.id === freshId)) {
      id = freshId;
    } else {
      const names = new Set([...(speaker?.aliases ?? []), ...(speaker ? [speaker.name] : [])]);
      const same = this.#list.find((s) => s.aliases.some((a) => names.has(a)) || names.has(s.name));
      if (same) {
        id = same.id;
      } else {
        id = freshId;
        this.#list.push(speaker ? { ...speaker, aliases: [...speaker.aliases] } : { id, name: id, role: null, aliases: [], anonymous: false });
      }
    }
    this.#resolved.set(freshId, id);
    return id;
  }

  list(): Speaker[] {
    return this.#list;
  }
}

/**
 * The changed places that change words: a gap between unchanged stretches with anything but blanks
 * on either side. (A turn split or merged by the editor differs from the new text only in blanks.)
 */
function countTextChanges(mapping: TextMapping, oldText: string, newText: string): number {
  let n = 0;
  let oldFrom = 0;
  let newFrom = 0;
  const words = /\S/;
  for (const s of [...mapping.segments, { oldStart: oldText.length, newStart: newText.length, length: 0 }]) {
    if (words.test(oldText.slice(oldFrom, s.oldStart)) || words.test(newText.slice(newFrom, s.newStart))) n++;
    oldFrom = s.oldStart + s.length;
    newFrom = s.newStart + s.length;
  }
  return n;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0xa0;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
