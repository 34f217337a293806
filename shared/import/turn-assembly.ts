/**
 * From classified lines to turns. The conventions that find labels in running text (label on its own
 * line, inline labels, timed labels) each decide what every line is; this walks the result once:
 * the preamble before the first label, then a turn per label occurrence with the text under it, and
 * removed text (headings, labels cut short) recorded after the turn it stood in.
 */
import type { BlockLine } from './blocks.js';
import type { ChromeSplit } from './chrome.js';
import { chromeWarning } from './chrome.js';
import { paragraphsOf, type FlowLine } from './paragraph-join.js';
import { readPreamble } from './preamble.js';
import type { TranscriptBuilder, TurnTimes } from './transcript-builder.js';

/** What one line of the source is, as a convention decided. */
export type LineEvent =
  /** A speaker label; `rest` is the speech after it on the same line. */
  | { kind: 'label'; line: BlockLine; label: string; rest: string; times?: TurnTimes }
  /** Text of the current turn; `hard` starts a new paragraph (a timestamp began the line). */
  | { kind: 'text'; line: BlockLine; text: string; hard?: boolean }
  /** Text set aside, such as a heading between turns. */
  | { kind: 'removed'; line: BlockLine; reason: string; text: string };

export interface AssemblyContext {
  builder: TranscriptBuilder;
  /** Every line of the source, for quoting a table of contents exactly. */
  source: readonly string[];
  /** Whether a block (by index) writes one paragraph per line. */
  perLine: (block: number) => boolean;
  chrome: ChromeSplit;
}

/** Add the events to the builder; returns the warnings. */
export function assembleTurns(events: readonly LineEvent[], context: AssemblyContext): string[] {
  const { builder, chrome, perLine } = context;
  const warnings: string[] = [];
  if (chrome.leading) {
    builder.addRemoved('chrome', chrome.leading.reason, chrome.leading.text);
    warnings.push(chromeWarning(chrome.leading));
  }
  const firstLabel = events.findIndex((e) => e.kind === 'label');
  const preambleEnd = firstLabel < 0 ? events.length : firstLabel;
  // Before the first label there are no turns for headings to stand after: every line is preamble.
  const preamble = events.slice(0, preambleEnd).flatMap((e) => (e.kind === 'label' ? [] : [{ ...e.line, text: e.text }]));
  const unattributed = readPreamble(preamble, context.source, perLine, builder);
  if (unattributed.length > 0) {
    builder.addTurn(null, unattributed);
    warnings.push('The text before the first speaker label has no speaker; choose who said it.');
  }

  let turn: { label: string; lines: FlowLine[]; times: TurnTimes } | null = null;
  // Removed text inside a turn is added once the turn is, so that it is recorded as standing after it.
  let pending: { reason: string; text: string }[] = [];
  const flush = () => {
    if (turn) builder.addTurn(turn.label, paragraphsOf(turn.lines, perLine), turn.times);
    for (const p of pending) builder.addRemoved('other', p.reason, p.text);
    pending = [];
  };
  for (const event of events.slice(preambleEnd)) {
    if (event.kind === 'label') {
      flush();
      turn = { label: event.label, lines: [{ text: event.rest, block: event.line.block }], times: event.times ?? {} };
    } else if (event.kind === 'removed') {
      pending.push({ reason: event.reason, text: event.text });
    } else {
      turn?.lines.push({ text: event.text, block: event.line.block, hard: event.hard === true });
    }
  }
  flush();
  if (chrome.trailing) {
    builder.addRemoved('chrome', chrome.trailing.reason, chrome.trailing.text);
    warnings.push(chromeWarning(chrome.trailing));
  }
  return warnings;
}
