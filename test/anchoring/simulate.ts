/**
 * Simulated editing for the re-anchoring tests and benchmark: annotations on random spans, random
 * edits of a text, and the known truth of where every span must end up.
 *
 * The truth is computed here independently of shared/anchoring: every edit is a replacement of
 * text[at, at + remove) by `insert`, and an offset is carried through the edits as ProseMirror
 * carries it (text inserted at a span's edge stays outside the span; an offset inside replaced text
 * goes to the replacement's start or end). A span whose every character was removed has no true
 * place: it must come back detached.
 */
import type { Annotation } from '../../shared/annotation.js';
import { makeTarget } from '../../shared/anchoring/target.js';
import { placeAt, workingText } from '../../shared/anchoring/working-text.js';
import type { AttributionChange, TranscriptBody, Turn } from '../../shared/model.js';

/** Replace text[at, at + remove) by insert. Edits of one batch never overlap. */
export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

export type Random = () => number;

const NEW_WORDS = ['assessment', 'strategic', 'commitment', 'northern', 'together', 'resilience', 'urgent', 'frankly', 'again', 'also'];
const NEW_SENTENCES = ['Let me be very clear about this.', 'That is the point we made yesterday.', 'We will come back to it.'];

/** Words: runs of letters, digits, apostrophes and hyphens, as [start, end). */
export function wordSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * `count` annotations on word-aligned spans of 1 to 30 words (mostly short, as people tag), which
 * may cross paragraph and turn borders; a third of them start inside the previous one, so they
 * overlap.
 */
export function makeAnnotations(text: string, count: number, random: Random): Annotation[] {
  const words = wordSpans(text);
  const out: Annotation[] = [];
  let previous: [number, number] | null = null;
  for (let n = 0; n < count; n++) {
    // Overlap: start at a word inside the previous span.
    const first: number = previous && n % 3 === 2
      ? previous[0] + Math.floor(random() * (previous[1] - previous[0] + 1))
      : Math.floor(random() * words.length);
    const length = 1 + Math.floor(random() * random() * 30);
    const last = Math.min(words.length - 1, first + length - 1);
    const start = (words[first] as [number, number])[0];
    const end = (words[last] as [number, number])[1];
    previous = [first, last];
    out.push({
      id: `a${n + 1}`,
      kind: n % 5 === 0 ? 'claim' : n % 7 === 0 ? 'note' : 'topic',
      target: makeTarget(text, start, end),
      detached: false,
      topics: ['security'],
      note: '',
      claim:
        n % 5 === 0
          ? { type: 'statistic', status: 'unchecked', checkWorthiness: null, claimant: null, sources: [] }
          : null,
      created: '2025-01-01T00:00:00.000Z',
      modified: '2025-01-01T00:00:00.000Z',
    });
  }
  return out;
}

/** Which edits makeEdits makes: words only (replaced, inserted, deleted), or sentences too. */
export type EditMix = 'words' | 'words-and-sentences';

/**
 * Edits at about `rate` of the words: a word replaced, inserted or deleted, and with
 * 'words-and-sentences' also a sentence deleted or inserted (each kind equally often). Edits stay
 * inside paragraphs (never touching a line break), leave every paragraph non-empty and without
 * leading or trailing spaces (so a re-import reads the same paragraphs), and `accept` may veto a
 * place (for example, one that cannot be found in the source).
 */
export function makeEdits(
  text: string,
  rate: number,
  random: Random,
  options: { mix?: EditMix; accept?: (e: Edit) => boolean } = {},
): Edit[] {
  const accept = options.accept ?? (() => true);
  const kinds = options.mix === 'words-and-sentences' ? 5 : 3;
  const words = wordSpans(text);
  const wanted = Math.max(1, Math.round(words.length * rate));
  const edits: Edit[] = [];
  const taken: Array<[number, number]> = [];
  const free = (from: number, to: number) => taken.every(([a, b]) => to + 1 < a || from > b + 1);
  for (let tries = 0; edits.length < wanted && tries < wanted * 50; tries++) {
    const [ws, we] = words[Math.floor(random() * words.length)] as [number, number];
    const lineStart = text.lastIndexOf('\n', ws - 1) + 1;
    const lineEndRaw = text.indexOf('\n', we);
    const lineEnd = lineEndRaw < 0 ? text.length : lineEndRaw;
    const kind = Math.floor(random() * kinds);
    let edit: Edit;
    if (kind === 0) {
      edit = { at: ws, remove: we - ws, insert: pick(NEW_WORDS, random) };
    } else if (kind === 1) {
      edit = { at: we, remove: 0, insert: ` ${pick(NEW_WORDS, random)}` };
    } else if (kind === 2) {
      // The word and the space after it, or before it at the end of a paragraph.
      if (text[we] === ' ') edit = { at: ws, remove: we + 1 - ws, insert: '' };
      else if (ws > lineStart && text[ws - 1] === ' ') edit = { at: ws - 1, remove: we - ws + 1, insert: '' };
      else continue;
    } else {
      const sentences = sentenceSpans(text, lineStart, lineEnd);
      const i = sentences.findIndex(([s, e]) => ws >= s && ws < e);
      if (i < 0) continue;
      const [ss, se] = sentences[i] as [number, number];
      if (kind === 3) {
        if (sentences.length < 2) continue;
        // The sentence with the space after it, or the space before it when it is the last.
        edit = se < lineEnd ? { at: ss, remove: se + 1 - ss, insert: '' } : { at: ss - 1, remove: se - ss + 1, insert: '' };
      } else {
        edit = { at: ss, remove: 0, insert: `${pick(NEW_SENTENCES, random)} ` };
      }
    }
    if (edit.at < lineStart || edit.at + edit.remove > lineEnd) continue;
    // A deletion that could slide ("there " out of "there there", or " and so on." after another
    // "and so on.") leaves a text that other deletions give too: which copy went is not defined.
    if (slides(text, edit)) continue;
    if (!free(edit.at, edit.at + edit.remove) || !accept(edit)) continue;
    edits.push(edit);
    taken.push([edit.at, edit.at + edit.remove]);
  }
  return edits.sort((a, b) => a.at - b.at);
}

/**
 * Whether another edit gives the same text, but for the kind of a blank, with a word or more
 * slid across: "systems French" with " French" inserted after "systems" reads the same as with it
 * inserted after the old "French"; "of the shared the registered" less "shared the " as less
 * "the shared " (but for a line break). Which copy is the old one is then not defined, so a test
 * cannot judge where a span should be. Slides over blanks alone change nothing a span can tell.
 */
export function slides(text: string, e: Edit): boolean {
  if (e.remove > 0 && e.insert !== '') return false;
  const moved = e.remove > 0 ? text.slice(e.at, e.at + e.remove) : e.insert;
  const blank = (c: string | undefined) => c !== undefined && /\s/.test(c);
  const same = (x: string | undefined, y: string | undefined) => x === y || (blank(x) && blank(y));
  for (let i = 1; i <= moved.length && e.at - i >= 0; i++) {
    if (!same(text[e.at - i], moved[moved.length - i])) break;
    if (!blank(text[e.at - i])) return true;
  }
  const after = e.at + e.remove;
  for (let i = 0; i < moved.length && after + i < text.length; i++) {
    if (!same(text[after + i], moved[i])) break;
    if (!blank(text[after + i])) return true;
  }
  return false;
}

/** Sentences of a line, as [start, end) with the end after the closing punctuation. */
function sentenceSpans(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = from;
  const re = /[.?!](?= |$)/g;
  const line = text.slice(from, to);
  for (const m of line.matchAll(re)) {
    const e = from + m.index + 1;
    out.push([s, e]);
    s = e + 1;
  }
  if (s < to) out.push([s, to]);
  return out;
}

/** Apply edits (ascending, not overlapping) to a text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(text.slice(at, e.at), e.insert);
    at = e.at + e.remove;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Carry an offset through the edits; assoc -1 keeps it before inserted text, 1 after. */
export function mapThrough(edits: readonly Edit[], pos: number, assoc: -1 | 1): number {
  let delta = 0;
  for (const e of edits) {
    const end = e.at + e.remove;
    if (pos < e.at) break;
    if (pos > end) {
      delta += e.insert.length - e.remove;
      continue;
    }
    if (e.remove === 0) return pos + delta + (assoc < 0 ? 0 : e.insert.length);
    if (pos === e.at) return pos + delta;
    if (pos === end) return e.at + delta + e.insert.length;
    return e.at + delta + (assoc < 0 ? 0 : e.insert.length);
  }
  return pos + delta;
}

/**
 * Where a span must be after the edits, or null when all of its text was removed. A space left at
 * an edge by a deleted word (the span did not begin or end with one) is not part of it.
 */
export function truthOf(edits: readonly Edit[], oldText: string, newText: string, start: number, end: number): { start: number; end: number } | null {
  let kept = end - start;
  for (const e of edits) {
    const from = Math.max(start, e.at);
    const to = Math.min(end, e.at + e.remove);
    if (to > from) kept -= to - from;
  }
  if (kept <= 0 && end > start) return null;
  let s = mapThrough(edits, start, 1);
  let e = Math.max(s, mapThrough(edits, end, -1));
  if (end > start) {
    if (!/\s/.test(oldText[start] as string)) while (s < e && /\s/.test(newText[s] as string)) s++;
    if (!/\s/.test(oldText[end - 1] as string)) while (e > s && /\s/.test(newText[e - 1] as string)) e--;
  }
  return { start: s, end: e };
}

/** How re-anchored annotations compare with the truth. */
export interface Verdict {
  total: number;
  /** Placed exactly at the true range, or detached when their text is gone. */
  correct: number;
  /** Placed overlapping the true range, with different edges. */
  shifted: number;
  /** Detached although their text is still there. */
  lost: number;
  /** Placed where they do not belong: not overlapping the true range, or with no true place. */
  misplaced: number;
  misplacedIds: string[];
}

export function judge(
  before: readonly Annotation[],
  after: readonly Annotation[],
  edits: readonly Edit[],
  oldText: string,
): Verdict {
  const newText = applyEdits(oldText, edits);
  const v: Verdict = { total: before.length, correct: 0, shifted: 0, lost: 0, misplaced: 0, misplacedIds: [] };
  const byId = new Map(after.map((a) => [a.id, a]));
  for (const a of before) {
    const got = byId.get(a.id);
    if (!got) throw new Error(`Annotation ${a.id} was lost.`);
    const truth = truthOf(edits, oldText, newText, a.target.start, a.target.end);
    if (got.detached) {
      if (truth === null) v.correct++;
      else v.lost++;
      continue;
    }
    if (truth === null || got.target.end <= truth.start || got.target.start >= truth.end) {
      v.misplaced++;
      v.misplacedIds.push(a.id);
    } else if (got.target.start === truth.start && got.target.end === truth.end) {
      v.correct++;
    } else {
      v.shifted++;
    }
  }
  return v;
}

/** The generator's label-line convention: the label, a blank line, paragraphs separated by blank lines. */
export function labelLineSource(turns: readonly Pick<Turn, 'label' | 'paragraphs'>[]): string {
  return turns.map((t) => `${t.label ?? ''}\n\n${t.paragraphs.join('\n\n')}\n\n`).join('');
}

function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** What an editor does to an imported body: speakers reassigned, turns split and merged. */
export interface Corrections {
  /** Share of turns given another speaker. */
  reassign?: number;
  /** Share of turns (with two paragraphs or more) split at a paragraph border. */
  split?: number;
  /** Share of turns merged with the turn after them. */
  merge?: number;
}

/**
 * An imported body as an editor left it, with the history of attribution changes. Splits and merges
 * happen at paragraph borders, so the paragraphs themselves are the importer's, in the same order.
 */
export function correctBody(body: TranscriptBody, random: Random, c: Corrections = {}): TranscriptBody {
  const at = '2025-01-01T00:00:00.000Z';
  const speakers = body.speakers.map((s) => s.id);
  const history: AttributionChange[] = [...body.history];
  const other = (id: string | null) => {
    const choices = speakers.filter((s) => s !== id);
    return choices.length ? pick(choices, random) : id;
  };
  const turns: Turn[] = [];
  for (let i = 0; i < body.turns.length; i++) {
    const turn = structuredClone(body.turns[i] as Turn);
    delete turn.nonSpeech;
    const next = body.turns[i + 1];
    const r = random();
    if (r < (c.merge ?? 0) && next) {
      turn.paragraphs.push(...next.paragraphs);
      delete turn.end;
      history.push({ turn: turn.id, from: next.speaker, to: turn.speaker, at });
      turns.push(turn);
      i++;
    } else if (r < (c.merge ?? 0) + (c.split ?? 0) && turn.paragraphs.length >= 2) {
      const cut = 1 + Math.floor(random() * (turn.paragraphs.length - 1));
      const second: Turn = { id: `${turn.id}-split`, speaker: other(turn.speaker), label: null, paragraphs: turn.paragraphs.slice(cut) };
      turn.paragraphs = turn.paragraphs.slice(0, cut);
      history.push({ turn: second.id, from: turn.speaker, to: second.speaker, at });
      turns.push(turn, second);
    } else if (r < (c.merge ?? 0) + (c.split ?? 0) + (c.reassign ?? 0)) {
      const to = other(turn.speaker);
      history.push({ turn: turn.id, from: turn.speaker, to, at });
      turn.speaker = to;
      turns.push(turn);
    } else {
      turns.push(turn);
    }
  }
  return { ...structuredClone(body), turns, history };
}

/**
 * Apply edits made on the working text of `edited` (a corrected body) to the paragraphs of
 * `imported` (the body it was corrected from): both have the same paragraphs in the same order.
 */
export function editParagraphs(imported: TranscriptBody, edited: TranscriptBody, edits: readonly Edit[]): Turn[] {
  const wt = workingText(edited.turns);
  const flatStart: number[] = [];
  let n = 0;
  for (const t of edited.turns) {
    flatStart.push(n);
    n += t.paragraphs.length;
  }
  const perParagraph = new Map<number, Edit[]>();
  for (const e of edits) {
    const place = placeAt(wt, e.at, 1);
    const flat = (flatStart[place.turn] as number) + place.paragraph;
    const list = perParagraph.get(flat) ?? [];
    list.push({ at: place.offset, remove: e.remove, insert: e.insert });
    perParagraph.set(flat, list);
  }
  let flat = 0;
  return imported.turns.map((t) => ({
    ...structuredClone(t),
    paragraphs: t.paragraphs.map((p) => {
      const list = perParagraph.get(flat++);
      return list ? applyEdits(p, list) : p;
    }),
  }));
}
