/**
 * The "timed" convention: transcripts from meeting tools, podcast sites and transcription services,
 * where each turn carries the time it starts.
 *
 *     [00:01:23] Jane Doe: Thanks for joining.      Jane Doe (00:12):       Jane Doe  0:05
 *     [00:01:31] So today we ...                    Thanks for joining.     Thanks for joining.
 *
 * A timestamp with a label starts a turn at that time; a timestamp without one (a bare timestamp line,
 * or a timestamp before text) goes on with the same speaker in a new paragraph. Times go into the
 * turn's `start` (and `end` when the source gives a range); the timestamps themselves are consumed.
 */
import { blockLines, splitBlocks, type BlockLine } from './blocks.js';
import { splitChrome, type ChromeSplit } from './chrome.js';
import type { Convention, ConventionReading, SourceHints } from './convention.js';
import { HEADING_REASON, isCapitalHeading } from './headings.js';
import { readInlineLabel } from './inline-label.js';
import { looksLikeLabel } from './label-shape.js';
import { linesAreParagraphs } from './paragraph-join.js';
import { parseSpeakerLabel, stripLabelColon } from './speaker-name.js';
import { splitTrailingBracket } from './brackets.js';
import { parseTimestamp, TIMESTAMP } from './timestamp.js';
import { TranscriptBuilder, type TurnTimes } from './transcript-builder.js';
import { assembleTurns, type LineEvent } from './turn-assembly.js';

/** What one line says, read on its own. */
type TimedLine =
  /** A label with a time: the time's source text, the label as written, speech after it on the line. */
  | { kind: 'label'; time: string; times: TurnTimes; label: string; rest: string }
  /** A time before text with no label, or a time alone on its line (rest ''). */
  | { kind: 'time'; time: string; rest: string }
  | { kind: 'plain' };

const RANGE = String.raw`(${TIMESTAMP})(?:\s*(?:-->|[-–—]|to)\s*(${TIMESTAMP}))?`;
/** `[00:01:23] rest`, `(1:23) rest`, `00:01:23 rest`, `[00:01 - 00:05] rest`, or the time alone. */
const TIME_FIRST = new RegExp(String.raw`^(\[${RANGE}\]|\(${RANGE}\)|${RANGE})(?:[\s\u00A0]+(.*))?$`, 'u');
/** `Name (00:12):`, `Name [00:12]: rest`, `Name: (00:05)`: a label with the time in brackets after it. */
const NAME_BRACKET_TIME = new RegExp(String.raw`^(.{1,80}?[^:\uFF1A\s])([:\uFF1A]?)[\s\u00A0]*(\[${RANGE}\]|\(${RANGE}\))[\s\u00A0]*([:\uFF1A]?)(?:[\s\u00A0]+(.*))?$`, 'u');
/** `Name  0:05`: a label and a time alone on the line, as meeting tools export. */
const NAME_SPACE_TIME = new RegExp(String.raw`^(.{1,80}?)[\s\u00A0]+(${TIMESTAMP})$`, 'u');

/** Read one line as a timed label, a time, or plain text. */
export function readTimedLine(line: string): TimedLine {
  const text = line.trim();
  if (!/\d:\d\d/.test(text)) return { kind: 'plain' };
  const first = TIME_FIRST.exec(text);
  if (first) {
    const [time = '', times] = timesOf(first, 2, 3);
    const rest = (first[8] ?? '').trim();
    // "3:18 P.M. EDT" is a time of day in the text, not a timestamp of the recording.
    if (/^[ap]\.?\s?m\b\.?/iu.test(rest)) return { kind: 'plain' };
    const inline = rest === '' ? null : readInlineLabel(rest);
    if (inline && inline.kind === 'colon') return { kind: 'label', time, times, label: inline.label, rest: inline.rest };
    if (times.start === undefined) return { kind: 'plain' };
    return { kind: 'time', time, rest };
  }
  const bracket = NAME_BRACKET_TIME.exec(text);
  if (bracket && looksLikeLabel(bracket[1] ?? '')) {
    const [time = '', times] = timesOf(bracket, 4, 2);
    if (times.start !== undefined) {
      // The colon may stand before the time (Rev: "Jane Doe: (00:05)") or after it ("Jane Doe (00:05):").
      const colon = (bracket[2] ?? '') || (bracket[8] ?? '');
      const extra = bracket[2] && bracket[8] ? bracket[8] : '';
      return { kind: 'label', time: `${time}${extra}`, times, label: `${(bracket[1] ?? '').trim()}${colon}`, rest: (bracket[9] ?? '').trim() };
    }
  }
  const space = NAME_SPACE_TIME.exec(text);
  if (space && looksLikeLabel(space[1] ?? '')) {
    const start = parseTimestamp(space[2] ?? '');
    if (start !== null) return { kind: 'label', time: space[2] ?? '', times: { start }, label: (space[1] ?? '').trim(), rest: '' };
  }
  return { kind: 'plain' };
}

/**
 * The time's source text and its start and end from a match: group `at - 1` holds the whole time (with
 * its brackets), followed by a start and an end group for each of the `forms` ways of bracketing it.
 */
function timesOf(m: RegExpExecArray, at: number, forms: number): [string, TurnTimes] {
  const time = m[at - 1] ?? '';
  const times: TurnTimes = {};
  for (let f = 0; f < forms; f++) {
    const start = m[at + 2 * f];
    if (start === undefined) continue;
    const s = parseTimestamp(start);
    const e = m[at + 2 * f + 1] === undefined ? null : parseTimestamp(m[at + 2 * f + 1] ?? '');
    if (s !== null) times.start = s;
    if (e !== null) times.end = e;
    break;
  }
  return [time, times];
}

/**
 * True when a label's bracket holds a time ("Jane Doe (00:12):"): the label belongs to a timed
 * transcript, which the conventions without times leave to this one.
 */
export function hasTimeInBrackets(label: string): boolean {
  const { inner } = splitTrailingBracket(stripLabelColon(label));
  return inner !== null && new RegExp(String.raw`^${RANGE}$`, 'u').test(inner);
}

/** Below this share of timed labels, a text is not timed; above it, untimed conventions give way. */
export const TIMED_SHARE = 0.5;

interface Reading {
  chrome: ChromeSplit;
  source: readonly string[];
  lines: BlockLine[];
  timed: TimedLine[];
  perLine: boolean[];
  headingLines?: ReadonlySet<number> | undefined;
}

export const timedConvention: Convention = {
  id: 'timed',
  label: 'Timed turns ([00:01:23] Name: ...)',
  detect: (text, hints) => confidence(read(text, hints)),
  parse(text, hints): ConventionReading {
    const reading = read(text, hints);
    const builder = new TranscriptBuilder();
    const perLine = (block: number) => reading.perLine[block] === true;
    const warnings = assembleTurns(events(reading, builder), { builder, source: reading.source, perLine, chrome: reading.chrome });
    return { convention: 'timed', confidence: confidence(reading), body: builder.build(), warnings, account: builder.account() };
  },
};

function read(text: string, hints: SourceHints = {}): Reading {
  const blocked = splitBlocks(text);
  const chrome = splitChrome(blocked, (b) => readTimedLine(b.lines[0] ?? '').kind !== 'plain');
  const lines = blockLines(chrome.body);
  return {
    chrome,
    source: blocked.lines,
    lines,
    timed: lines.map((l) => readTimedLine(l.text)),
    perLine: chrome.body.map(linesAreParagraphs),
    headingLines: hints.headingLines,
  };
}

function events(reading: Reading, builder: TranscriptBuilder): LineEvent[] {
  const out: LineEvent[] = [];
  // A bare time line starts a new paragraph with the line after it.
  let breakNext = false;
  reading.lines.forEach((line, i) => {
    const timed = reading.timed[i] ?? { kind: 'plain' };
    if (timed.kind === 'label') {
      builder.consume('time', timed.time);
      out.push({ kind: 'label', line, label: timed.label, rest: timed.rest, times: timed.times });
      breakNext = false;
    } else if (timed.kind === 'time') {
      builder.consume('time', timed.time);
      if (timed.rest === '') breakNext = true;
      else out.push({ kind: 'text', line, text: timed.rest, hard: true });
    } else if (reading.headingLines?.has(line.index) === true || ((line.alone || reading.perLine[line.block] === true) && isCapitalHeading(line.text))) {
      out.push({ kind: 'removed', line, reason: HEADING_REASON, text: line.text });
    } else {
      out.push({ kind: 'text', line, text: line.text, hard: breakNext });
      breakNext = false;
    }
  });
  return out;
}

/**
 * A timestamp beside a label is hard to mistake, so two timed labels already make this convention
 * surer than any untimed one can be; recurrence and coverage add the rest, up to 0.97.
 */
const BASE = 0.6;
const RECURRING = 0.2;
const MANY_LABELS = 0.1;
const COVERAGE = 0.07;

function confidence(reading: Reading): number {
  const labels = reading.timed.flatMap((t) => (t.kind === 'label' ? [parseSpeakerLabel(t.label).key] : []));
  const n = labels.length;
  if (n < 2) return n === 0 ? 0 : 0.3;
  const counts = new Map<string, number>();
  for (const k of labels) counts.set(k, (counts.get(k) ?? 0) + 1);
  const recurring = labels.filter((k) => (counts.get(k) ?? 0) > 1).length / n;
  const starts = reading.lines.filter((l) => l.first);
  const timedStarts = reading.lines.filter((l, i) => l.first && reading.timed[i]?.kind !== 'plain').length;
  const coverage = starts.length === 0 ? 0 : timedStarts / starts.length;
  return BASE + RECURRING * recurring + MANY_LABELS * Math.min(1, (n - 1) / 5) + COVERAGE * coverage;
}
