/**
 * The "inline label" convention, as in press-office transcripts, interviews and meeting notes:
 *
 *     MS. JEAN-PIERRE:  Hi, everybody.  I have more friends.  Here we go.
 *     Q    Thanks, Mike.  In your topper there, you appealed to Democrats
 *     to unite behind the president ...
 *
 * A paragraph that starts with a label (inline-label.ts) starts a turn; paragraphs without one go on
 * with the same speaker, hard-wrapped lines joined back. Whether "Name:" at the start of a paragraph is
 * a label or a sentence ("Note: the vote is tomorrow") is decided from the whole text: a label in
 * capitals, with a title, a bracketed affiliation or in bold, the bare `Q`, and any label that recurs
 * count; a one-off mixed-case "Word:" does not. A label at the start of a line inside a paragraph
 * counts only when it is one of those sure kinds, since a hard wrap can put any word there.
 */
import { blockLines, splitBlocks, type BlockLine } from './blocks.js';
import { splitChrome, type ChromeSplit } from './chrome.js';
import type { Convention, ConventionReading, SourceHints } from './convention.js';
import { HEADING_REASON, isCapitalHeading } from './headings.js';
import { readInlineLabel, type InlineLabel } from './inline-label.js';
import { isAllCapitals } from './name-case.js';
import { linesAreParagraphs } from './paragraph-join.js';
import { splitTrailingBracket } from './brackets.js';
import { parseSpeakerLabel, stripLabelColon, type SpeakerName } from './speaker-name.js';
import { TranscriptBuilder } from './transcript-builder.js';
import { assembleTurns, type LineEvent } from './turn-assembly.js';
import { hasTimeInBrackets, TIMED_SHARE } from './timed.js';

interface Found {
  inline: InlineLabel;
  parsed: SpeakerName;
}

interface Reading {
  chrome: ChromeSplit;
  source: readonly string[];
  lines: BlockLine[];
  perLine: boolean[];
  /** The accepted label of each line, or null. */
  labels: (Found | null)[];
  headings: boolean[];
}

/** A one-off two-word "Jane Doe:" counts as a label once the text has this many other labels. */
const MIN_LABELS_FOR_ONE_OFF = 3;

export const inlineConvention: Convention = {
  id: 'inline',
  label: 'Label at the start of a paragraph',
  detect: (text, hints) => confidence(read(text, hints)),
  parse(text, hints): ConventionReading {
    const reading = read(text, hints);
    const builder = new TranscriptBuilder();
    const perLine = (block: number) => reading.perLine[block] === true;
    for (const found of reading.labels) for (const m of found?.inline.markup ?? []) builder.consume('markup', m);
    const warnings = assembleTurns(events(reading), { builder, source: reading.source, perLine, chrome: reading.chrome });
    return { convention: 'inline', confidence: confidence(reading), body: builder.build(), warnings, account: builder.account() };
  },
};

function read(text: string, hints: SourceHints = {}): Reading {
  const blocked = splitBlocks(text);
  const chrome = splitChrome(blocked, (b) => readInlineLabel(b.lines[0] ?? '') !== null);
  const lines = blockLines(chrome.body);
  const perLine = chrome.body.map(linesAreParagraphs);
  const hinted = (l: BlockLine) => hints.headingLines?.has(l.index) === true;
  const labels = accept(lines, perLine, hinted);
  const headings = lines.map(
    (l, i) => labels[i] === null && (hinted(l) || ((l.alone || perLine[l.block] === true) && isCapitalHeading(l.text))),
  );
  return { chrome, source: blocked.lines, lines, perLine, labels, headings };
}

/** Decide which lines start with a label (see the module comment). */
function accept(lines: readonly BlockLine[], perLine: readonly boolean[], hinted: (l: BlockLine) => boolean): (Found | null)[] {
  const found = lines.map((l): Found | null => {
    if (hinted(l)) return null;
    const inline = readInlineLabel(l.text);
    return inline ? { inline, parsed: parseSpeakerLabel(inline.label) } : null;
  });
  const occurrences = new Map<string, number>();
  for (const f of found) if (f) occurrences.set(f.parsed.key, (occurrences.get(f.parsed.key) ?? 0) + 1);
  const recurs = (f: Found) => (occurrences.get(f.parsed.key) ?? 0) > 1;

  const sure = found.map((f, i) => {
    const line = lines[i];
    if (!f || !line) return false;
    const startsParagraph = line.first || perLine[line.block] === true;
    if (startsParagraph) return isSureKind(f) || recurs(f);
    return f.inline.kind === 'q' || isAllCapitals(stripLabelColon(f.inline.label)) || (recurs(f) && isSureKind(f));
  });
  const count = sure.filter(Boolean).length;
  return found.map((f, i) => {
    if (!f) return null;
    if (sure[i]) return f;
    const line = lines[i];
    const oneOff = line?.first === true && count >= MIN_LABELS_FOR_ONE_OFF && isFullName(f.inline.label);
    return oneOff ? f : null;
  });
}

/** Labels whose shape alone says they are labels: `Q`, capitals, a title, office or honorific, a bracket, bold. */
function isSureKind(f: Found): boolean {
  const { inline, parsed } = f;
  if (inline.kind === 'q' || inline.markup.length > 0 || parsed.anonymous) return true;
  if (parsed.role !== null || parsed.honorific !== null || parsed.officeOnly) return true;
  const bare = stripLabelColon(inline.label);
  return isAllCapitals(bare) || splitTrailingBracket(bare).inner !== null;
}

/** Two to four capitalised words: a person's name, which a sentence rarely starts with before a colon. */
function isFullName(label: string): boolean {
  const words = stripLabelColon(label).split(/\s+/);
  return words.length >= 2 && words.length <= 4 && words.every((w) => /^[\p{Lu}\p{Lt}]/u.test(w));
}

function events(reading: Reading): LineEvent[] {
  return reading.lines.map((line, i): LineEvent => {
    const found = reading.labels[i];
    if (found) return { kind: 'label', line, label: found.inline.label, rest: found.inline.rest };
    if (reading.headings[i]) return { kind: 'removed', line, reason: HEADING_REASON, text: line.text };
    return { kind: 'text', line, text: line.text };
  });
}

/**
 * Weights of the evidence, as in label-line.ts: recurring labels weigh most. Speech on the label's own
 * line is what sets this convention apart from a label on its own line, so a text whose labels stand
 * alone gets nothing here whatever else it shows.
 */
const BASE = 0.05;
const RECURRING = 0.4;
const MANY_LABELS = 0.15;
const RECOGNISED = 0.15;
const SAME_LINE = 0.2;
/** Labels with times in brackets ("Jane Doe (00:12): ...") are the timed convention's. */
const TIMED_DISCOUNT = 0.5;

function confidence(reading: Reading): number {
  const labels = reading.labels.filter((f): f is Found => f !== null);
  const n = labels.length;
  if (n === 0) return 0;
  const counts = new Map<string, number>();
  for (const f of labels) counts.set(f.parsed.key, (counts.get(f.parsed.key) ?? 0) + 1);
  const recurring = labels.filter((f) => (counts.get(f.parsed.key) ?? 0) > 1).length / n;
  const recognised = labels.filter(isSureKind).length / n;
  const sameLine = labels.filter((f) => f.inline.rest !== '').length / n;
  if (recurring === 0 && n < 2) return 0.05;
  const many = Math.min(1, (n - 1) / 5);
  const score = BASE + RECURRING * recurring + MANY_LABELS * many + RECOGNISED * recognised + SAME_LINE * sameLine;
  // Fewer than half the labels with speech beside them: the labels stand alone, which is label-line's text.
  const alone = sameLine >= 0.5 ? 1 : sameLine;
  const timed = labels.filter((f) => hasTimeInBrackets(f.inline.label)).length / n;
  return score * alone * (timed >= TIMED_SHARE ? TIMED_DISCOUNT : 1);
}
