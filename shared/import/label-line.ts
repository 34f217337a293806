/**
 * The "label on its own line" convention, as on most official web pages and in parliamentary records:
 *
 *     NATO Secretary General Mark Rutte          Mr. Werner Schmidt (Kelowna, Ref.):
 *                                                I will first look at the object of the Canadian mint.
 *     On your first question, yes, ...           The act goes on to detail ...
 *
 * A label is a line shaped like a label (label-shape.ts) that stands alone: a paragraph of its own, the
 * first line of a paragraph, or any line of a text written one sentence per line with no blank lines.
 * Which candidates are labels is decided from evidence across the whole text:
 * - a candidate followed by text makes its speaker known in that form (with or without a colon); any
 *   candidate naming a known speaker in a known form is a label, even with no text under it (the next
 *   speaker cut in) or its text on the very next line;
 * - a candidate ending in a colon that carries a bracketed role or a title is a label on its own, and
 *   once such labels are seen, so is any candidate alone on its line ending in a colon;
 * - when nearly all labels end in a colon, lines without one are not labels (a table of contents repeats
 *   the speakers' names bare), and when labels are not in capitals, lines in capitals are headings.
 * Headings between turns and labels cut short by the copy are set aside as removed text; what comes
 * before the first label goes through preamble.ts.
 */
import { blockLines, splitBlocks, type BlockLine } from './blocks.js';
import { splitChrome, type ChromeSplit } from './chrome.js';
import type { Convention, ConventionReading, SourceHints } from './convention.js';
import { HEADING_REASON, isCapitalHeading } from './headings.js';
import { looksLikeLabel } from './label-shape.js';
import { metadataKey } from './metadata.js';
import { linesAreParagraphs } from './paragraph-join.js';
import { parseSpeakerLabel, type SpeakerName } from './speaker-name.js';
import { TranscriptBuilder } from './transcript-builder.js';
import { splitTrailingBracket } from './brackets.js';
import { assembleTurns, type LineEvent } from './turn-assembly.js';
import { hasTimeInBrackets, TIMED_SHARE } from './timed.js';

/** What a line of the transcript (after chrome) turned out to be. */
type Role = 'label' | 'text' | 'heading' | 'cut-label';

interface Reading {
  chrome: ChromeSplit;
  source: readonly string[];
  lines: BlockLine[];
  roles: Role[];
  perLine: boolean[];
}

/** A share of labels above which the whole text is taken to write labels that way. */
const STYLE_SHARE = 0.8;
/** Labels needed before their style (colon, capitals) is taken as the text's rule. */
const STYLE_MIN_LABELS = 3;

export const labelLineConvention: Convention = {
  id: 'label-line',
  label: 'Label on its own line',
  detect: (text, hints) => confidence(read(text, hints)),
  parse(text, hints): ConventionReading {
    const reading = read(text, hints);
    const builder = new TranscriptBuilder();
    const perLine = (block: number) => reading.perLine[block] === true;
    const warnings = assembleTurns(events(reading), { builder, source: reading.source, perLine, chrome: reading.chrome });
    return { convention: 'label-line', confidence: confidence(reading), body: builder.build(), warnings, account: builder.account() };
  },
};

/** Shaped like a label, and not the start of a metadata line ("Participants:", "Date:"). */
function isCandidate(line: string): boolean {
  return looksLikeLabel(line) && metadataKey(line) === null;
}

function endsWithColon(line: string): boolean {
  return /[:\uFF1A]\s*$/u.test(line);
}

function read(text: string, hints: SourceHints = {}): Reading {
  const blocked = splitBlocks(text);
  const chrome = splitChrome(blocked, (b) => isCandidate(b.lines[0] ?? ''));
  const lines = blockLines(chrome.body);
  const perLine = chrome.body.map(linesAreParagraphs);
  const hinted = (l: BlockLine) => hints.headingLines?.has(l.index) === true;
  return { chrome, source: blocked.lines, lines, roles: classify(lines, perLine, hinted), perLine };
}

interface Candidate {
  parsed: SpeakerName;
  colon: boolean;
  /** The line could stand as a label where it is: alone, first in its paragraph, or in a one-per-line text. */
  placed: boolean;
}

function classify(lines: readonly BlockLine[], perLine: readonly boolean[], hinted: (l: BlockLine) => boolean): Role[] {
  const candidates = lines.map((l): Candidate | null => {
    if (hinted(l) || !isCandidate(l.text)) return null;
    const colon = endsWithColon(l.text);
    return { parsed: parseSpeakerLabel(l.text), colon, placed: l.first || perLine[l.block] === true || colon };
  });
  const placedAlone = (i: number) => {
    const c = candidates[i];
    const l = lines[i];
    return c !== null && c !== undefined && c.placed && l !== undefined && (l.alone || perLine[l.block] === true || c.colon);
  };

  const occurrences = new Map<string, number>();
  for (const c of candidates) if (c?.placed) occurrences.set(c.parsed.key, (occurrences.get(c.parsed.key) ?? 0) + 1);

  const known = new Set<string>();
  candidates.forEach((c, i) => {
    const line = lines[i];
    if (!c || !c.placed || !line || !placedAlone(i) || i + 1 >= lines.length || placedAlone(i + 1)) return;
    // Alone in its paragraph and followed by text: the convention's plainest sign. Inside a one-per-line
    // text a short capitalised line followed by text is common, so more is asked of it there.
    const titled = c.colon || c.parsed.anonymous || c.parsed.role !== null || c.parsed.honorific !== null;
    if (line.alone || titled || (occurrences.get(c.parsed.key) ?? 0) > 1) known.add(formKey(c));
  });

  const strong = candidates.map(
    (c, i) => c !== null && c.colon && placedAlone(i) && (hasBracket(lines[i]?.text ?? '') || c.parsed.role !== null || c.parsed.honorific !== null || c.parsed.anonymous),
  );
  // Once the text is seen to end labels with a colon, any label-shaped line ending in one is a label,
  // even a speaker's only one with nothing under it.
  const colonLabels = candidates.some((c, i) => c !== null && c.colon && (strong[i] || known.has(formKey(c))));
  let roles: Role[] = candidates.map((c, i): Role => {
    if (!c || !c.placed) return 'text';
    return strong[i] || known.has(formKey(c)) || (colonLabels && c.colon && placedAlone(i)) ? 'label' : 'text';
  });
  roles = applyStyle(lines, roles, candidates);

  return roles.map((role, i) => {
    const line = lines[i];
    if (role === 'label' || !line) return role;
    const standing = line.alone || perLine[line.block] === true;
    if (hinted(line) || (standing && isCapitalHeading(line.text))) return 'heading';
    if (standing && isCutLabel(line.text)) return 'cut-label';
    return role;
  });
}

/**
 * A speaker is known in the form that was followed by text: with a colon or without. A table of contents
 * repeats the names of speakers whose labels end in a colon; the bare names are not labels for that.
 */
function formKey(c: Candidate): string {
  return `${c.colon ? ':' : ''}${c.parsed.key}`;
}

/**
 * A text writes its labels one way. When nearly every label ends in a colon, a candidate without one
 * is not a label; when a record's labels carry a colon and a role ("Mr. Rupert Vane (Northfield, Lab.):"),
 * the same speaker's bare name elsewhere is a reference (a table of contents), not a label. When labels
 * are not in capitals, a line in capitals is a heading.
 */
function applyStyle(lines: readonly BlockLine[], roles: Role[], candidates: readonly (Candidate | null)[]): Role[] {
  const labels = roles.flatMap((r, i) => (r === 'label' ? [i] : []));
  if (labels.length < STYLE_MIN_LABELS) return roles;
  const text = (i: number) => lines[i]?.text ?? '';
  const colons = labels.filter((i) => endsWithColon(text(i)));
  const capitals = labels.filter((i) => isCapitalHeading(text(i))).length;
  const colonStyle = colons.length >= STYLE_SHARE * labels.length;
  const recordStyle = colons.filter((i) => hasBracket(text(i)) || (candidates[i]?.parsed.role ?? null) !== null).length >= STYLE_MIN_LABELS;
  const withColon = new Set(colons.map((i) => candidates[i]?.parsed.key));
  const capitalStyle = capitals >= (1 - STYLE_SHARE) * labels.length;
  return roles.map((r, i) => {
    if (r !== 'label') return r;
    const colon = endsWithColon(text(i));
    if (!colon && (colonStyle || (recordStyle && withColon.has(candidates[i]?.parsed.key)))) return 'text';
    if (!capitalStyle && isCapitalHeading(text(i))) return 'text';
    return r;
  });
}

function hasBracket(line: string): boolean {
  return splitTrailingBracket(line.replace(/[:\uFF1A]\s*$/u, '')).inner !== null;
}

/**
 * A label the copy cut short: a title or name and an opening bracket that never closes, as in
 * "Mr. Gerry Byrne (Humber-St." It names a speaker whose words are missing, so it is neither a turn
 * nor anybody's text.
 */
function isCutLabel(line: string): boolean {
  const open = line.lastIndexOf('(');
  if (open <= 0 || line.indexOf(')', open) >= 0 || line.length > 80) return false;
  const head = line.slice(0, open).trim();
  if (!looksLikeLabel(head)) return false;
  const parsed = parseSpeakerLabel(head);
  return parsed.honorific !== null || parsed.role !== null;
}

/** The reading as line events for turn-assembly.ts. */
function events(reading: Reading): LineEvent[] {
  return reading.lines.map((line, i): LineEvent => {
    switch (reading.roles[i]) {
      case 'label':
        return { kind: 'label', line, label: line.text, rest: '' };
      case 'heading':
        return { kind: 'removed', line, reason: HEADING_REASON, text: line.text };
      case 'cut-label':
        return { kind: 'removed', line, reason: CUT_LABEL_REASON, text: line.text };
      default:
        return { kind: 'text', line, text: line.text };
    }
  });
}

const CUT_LABEL_REASON =
  'A speaker label cut short in the source, with no words under it. Restore it if the speaker said something.';

/**
 * Weights of the evidence that a text is written this way; they add up to the most this convention
 * claims (0.95: a text can always surprise). Recurring labels weigh most, because a heading or a
 * stray capitalised line rarely repeats, while speakers nearly always speak more than once.
 */
const BASE = 0.05;
const RECURRING = 0.45;
const MANY_LABELS = 0.15;
const FOLLOWED_BY_TEXT = 0.15;
const RECOGNISED = 0.15;
/** Labels with times in brackets ("Jane Doe (00:12):") are the timed convention's: this one halves its claim. */
const TIMED_DISCOUNT = 0.5;
/** Below the plain-paragraphs fallback: labels that neither recur nor carry a title are likely headings. */
const HEADINGS_ONLY = 0.05;

function confidence(reading: Reading): number {
  const { lines, roles } = reading;
  const labels = roles.flatMap((r, i) => (r === 'label' ? [i] : []));
  const n = labels.length;
  if (n === 0) return 0;
  const parsed = labels.map((i) => parseSpeakerLabel(lines[i]?.text ?? ''));
  const counts = new Map<string, number>();
  for (const p of parsed) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
  const recurring = parsed.filter((p) => (counts.get(p.key) ?? 0) > 1).length / n;
  const recognised = parsed.filter((p) => p.anonymous || p.role !== null || p.honorific !== null).length / n;
  if (recurring === 0 && recognised === 0) return HEADINGS_ONLY;
  const followed = labels.filter((i) => roles[i + 1] === 'text').length / n;
  const many = Math.min(1, (n - 1) / 5);
  const timed = labels.filter((i) => hasTimeInBrackets(lines[i]?.text ?? '')).length / n;
  const yieldToTimed = timed >= TIMED_SHARE ? TIMED_DISCOUNT : 1;
  return yieldToTimed * (BASE + RECURRING * recurring + MANY_LABELS * many + FOLLOWED_BY_TEXT * followed + RECOGNISED * recognised);
}
