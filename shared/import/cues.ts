/**
 * Captions to turns, for both subtitle formats (webvtt.ts and srt.ts read their files into cues; this
 * turns cues into turns). A caption file splits speech into cues of a few seconds; a turn is one
 * speaker's run of cues. The speaker comes from a WebVTT voice tag (`<v Jane Doe>`), a label at the
 * start of the cue (`JANE DOE:`), or a broadcast caption's `>>` (a new, unnamed speaker); a cue with none
 * goes on with the speaker before it. Formatting tags are consumed; cue times become turn times.
 */
import { decodeEntities } from './entities.js';
import { readInlineLabel } from './inline-label.js';
import { isAllCapitals } from './name-case.js';
import { parseSpeakerLabel, stripLabelColon } from './speaker-name.js';
import type { TranscriptBuilder } from './transcript-builder.js';

/** One caption: its times in seconds and its text lines, tags and all. */
export interface Cue {
  start: number;
  end: number;
  lines: readonly string[];
}

/** A pause this long between cues of one speaker starts a new paragraph; in a file with no speakers, a new turn. */
const PARAGRAPH_GAP_SECONDS = 2;

/** Tags: `<v Jane>`, `</v>`, `<i>`, `<c.yellow>`, `<00:00:01.500>`, `<font color="red">`, and SubRip's `{\an8}`. */
const TAG = /<(\/?)([a-zA-Z]+|\d[\d:.]*)((?:\.[\w-]+)*)([^<>]*)>|\{\\[^{}]*\}/g;

/** A piece of a cue: what one voice says, with the label that named it, if any. */
interface Piece {
  /** The label as written, or null when the piece goes on with whoever spoke before. */
  label: string | null;
  /** The label came from a voice tag, which is always a speaker. */
  voice: boolean;
  /** `>>` with no name: someone new speaks, nobody says who. */
  unnamedChange: boolean;
  text: string;
}

/** Add the turns the cues make to the builder. */
export function addCueTurns(cues: readonly Cue[], builder: TranscriptBuilder): void {
  const pieces = cues.map((cue) => splitCue(cue, builder));
  const accepted = acceptedLabels(pieces.flat());
  const named = pieces.some((ps) => ps.some((p) => p.label !== null && accepted.has(p.label)));

  let turn: { label: string | null; key: string | null; paragraphs: string[]; start: number; end: number } | null = null;
  const flush = () => {
    if (turn) builder.addTurn(turn.label, turn.paragraphs, { start: turn.start, end: turn.end });
    turn = null;
  };
  cues.forEach((cue, c) => {
    for (const piece of pieces[c] ?? []) {
      let label = piece.label;
      if (label !== null && !accepted.has(label)) {
        // Not a label after all ("Note: ..."): its text stays speech.
        piece.text = joinText(label, piece.text);
        label = null;
      }
      const key = label === null ? null : parseSpeakerLabel(label).key;
      const gap = turn === null ? 0 : cue.start - turn.end;
      if (label !== null && turn !== null && turn.key === key) {
        builder.consume('label', label); // the same speaker again: one turn, the label folded in
      } else if (label !== null || piece.unnamedChange || turn === null || (!named && gap >= PARAGRAPH_GAP_SECONDS)) {
        flush();
        turn = { label, key, paragraphs: [], start: cue.start, end: cue.end };
      }
      const current: { paragraphs: string[]; end: number } = turn ?? { paragraphs: [], end: cue.end };
      if (piece.text !== '') {
        const last = current.paragraphs.length - 1;
        if (last < 0 || gap >= PARAGRAPH_GAP_SECONDS) current.paragraphs.push(piece.text);
        else current.paragraphs[last] = joinText(current.paragraphs[last] ?? '', piece.text);
      }
      current.end = Math.max(current.end, cue.end);
    }
  });
  flush();
}

function joinText(a: string, b: string): string {
  return a === '' ? b : b === '' ? a : `${a} ${b}`;
}

/**
 * The pieces of one cue, tags consumed and references decoded. A voice tag starts a piece; so does a
 * line that starts with `>>` or a label.
 */
function splitCue(cue: Cue, builder: TranscriptBuilder): Piece[] {
  const pieces: Piece[] = [];
  const open = (label: string | null, voice: boolean, unnamedChange: boolean) => pieces.push({ label, voice, unnamedChange, text: '' });
  for (const raw of cue.lines) {
    for (const { voice, text } of splitVoices(raw, builder)) {
      if (voice !== null) open(voice, true, false);
      let line = decodeEntities(stripTags(text, builder), builder).trim();
      if (line === '') continue;
      const change = /^>>+/.exec(line);
      if (change) {
        builder.consume('markup', change[0]);
        line = line.slice(change[0].length).trim();
      }
      const inline = voice === null || change ? readInlineLabel(line) : null;
      if (inline) {
        for (const m of inline.markup) builder.consume('markup', m);
        open(inline.label, false, false);
        line = inline.rest;
      } else if (change) {
        open(null, false, true);
      } else if (pieces.length === 0) {
        open(null, false, false);
      }
      const piece = pieces[pieces.length - 1];
      if (piece) piece.text = joinText(piece.text, line);
    }
  }
  return pieces;
}

/** The line cut at its voice tags: the text before the first tag has no voice of its own. */
function splitVoices(line: string, builder: TranscriptBuilder): { voice: string | null; text: string }[] {
  if (!line.includes('<v')) return [{ voice: null, text: line }];
  const out: { voice: string | null; text: string }[] = [];
  const voice = /<v((?:\.[\w-]+)*)(?:[ \t\u00A0]+([^<>]*))?>/g;
  let last = 0;
  let speaker: string | null = null;
  for (let m = voice.exec(line); m !== null; m = voice.exec(line)) {
    out.push({ voice: speaker, text: line.slice(last, m.index) });
    builder.consume('tag', `<v${m[1] ?? ''}>`);
    speaker = (m[2] ?? '').trim() || null;
    last = m.index + m[0].length;
    // An empty piece before the first voice carries nothing: drop it.
    if (out.length === 1 && out[0]?.text.trim() === '' && out[0].voice === null) out.pop();
  }
  out.push({ voice: speaker, text: line.slice(last) });
  return out;
}

/** The text without its formatting tags, each consumed. */
function stripTags(text: string, builder: TranscriptBuilder): string {
  if (!text.includes('<') && !text.includes('{\\')) return text;
  return text.replace(TAG, (tag) => {
    builder.consume('tag', tag);
    return '';
  });
}

/**
 * Labels at the start of cues that really are labels: the sure kinds (capitals, a title, office or
 * honorific, a bracketed role), any label that comes back, and once those are found, a full name said
 * once; a voice tag is always one.
 */
function acceptedLabels(pieces: readonly Piece[]): Set<string> {
  const counts = new Map<string, number>();
  for (const p of pieces) {
    if (p.label === null) continue;
    const key = parseSpeakerLabel(p.label).key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const accepted = new Set<string>();
  for (const p of pieces) {
    if (p.label === null) continue;
    const parsed = parseSpeakerLabel(p.label);
    const sure = p.voice || parsed.anonymous || parsed.officeOnly || parsed.role !== null || parsed.honorific !== null || isAllCapitals(stripLabelColon(p.label));
    if (sure || (counts.get(parsed.key) ?? 0) > 1) accepted.add(p.label);
  }
  // Someone who speaks once in a file that names its speakers: a full name before a colon is a label.
  if (accepted.size > 0) {
    for (const p of pieces) if (p.label !== null && isFullName(stripLabelColon(p.label))) accepted.add(p.label);
  }
  return accepted;
}

/** Two to four capitalised words: a person's name, which a caption's sentence rarely starts with before a colon. */
function isFullName(label: string): boolean {
  const words = label.split(/\s+/);
  return words.length >= 2 && words.length <= 4 && words.every((w) => /^[\p{Lu}\p{Lt}]/u.test(w));
}
