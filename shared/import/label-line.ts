/**
 * The "label on its own line" convention, as on most official web pages:
 *
 *     NATO Secretary General Mark Rutte
 *
 *     On your first question, yes, ...
 *
 * A label is the first line of a paragraph, shaped like a label (label-shape.ts), and followed by
 * text. Labels recur and alternate with text, which is what detect() measures. Text before the first
 * label is a turn with no speaker, except metadata paragraphs ("Speakers included ...").
 */
import type { ImportResult } from '../model.js';
import { joinLines, splitBlocks, type Block } from './blocks.js';
import { chromeWarning, splitChrome, type ChromeSplit } from './chrome.js';
import type { Convention } from './convention.js';
import { looksLikeLabel } from './label-shape.js';
import { metadataKey } from './metadata.js';
import { parseSpeakerLabel } from './speaker-name.js';
import { TranscriptBuilder } from './transcript-builder.js';

/** A label line or a paragraph of text, in document order. */
type Item = { kind: 'label'; text: string } | { kind: 'paragraph'; text: string };

interface Reading {
  chrome: ChromeSplit;
  items: Item[];
}

export const labelLineConvention: Convention = {
  id: 'label-line',
  label: 'Label on its own line',
  detect: (text) => confidence(read(text).items),
  parse(text): ImportResult {
    const reading = read(text);
    const builder = new TranscriptBuilder();
    const warnings = assemble(reading, builder);
    return { convention: 'label-line', confidence: confidence(reading.items), body: builder.build(), warnings };
  },
};

function read(text: string): Reading {
  const chrome = splitChrome(splitBlocks(text), (b) => isCandidate(b.lines[0] ?? ''));
  return { chrome, items: classify(chrome.body) };
}

/** Shaped like a label, and not the start of a metadata line ("Participants:", "Date:"). */
function isCandidate(line: string): boolean {
  return looksLikeLabel(line) && metadataKey(line) === null;
}

/**
 * Decide which candidate lines are labels. A candidate alone in its paragraph and followed by text is
 * a label; that makes the speaker known. Then any candidate naming a known speaker is a label too,
 * even with its text on the very next line (no blank line between) or with no text at all. Requiring
 * the speaker to be known first keeps an ordinary paragraph whose first line happens to be short and
 * capitalised from being read as a label.
 */
function classify(blocks: readonly Block[]): Item[] {
  const first = blocks.map((b) => b.lines[0] ?? '');
  const candidate = first.map(isCandidate);
  const isLoneCandidate = (i: number) => candidate[i] === true && blocks[i]?.lines.length === 1;
  const known = new Set<string>();
  blocks.forEach((_, i) => {
    if (isLoneCandidate(i) && i + 1 < blocks.length && !isLoneCandidate(i + 1)) {
      known.add(parseSpeakerLabel(first[i] ?? '').key);
    }
  });
  return blocks.flatMap((b, i): Item[] => {
    const line = first[i] ?? '';
    if (!candidate[i] || !known.has(parseSpeakerLabel(line).key)) {
      return [{ kind: 'paragraph', text: joinLines(b.lines) }];
    }
    const label: Item = { kind: 'label', text: line };
    return b.lines.length > 1 ? [label, { kind: 'paragraph', text: joinLines(b.lines.slice(1)) }] : [label];
  });
}

/** Build turns, metadata and removed text from a reading; returns the warnings. */
function assemble(reading: Reading, builder: TranscriptBuilder): string[] {
  const warnings: string[] = [];
  const { leading, trailing } = reading.chrome;
  if (leading) {
    builder.addRemoved('chrome', leading.reason, leading.text);
    warnings.push(chromeWarning(leading));
  }
  const preamble: string[] = [];
  let turn: { label: string; paragraphs: string[] } | null = null;
  const flush = () => {
    if (turn) builder.addTurn(turn.label, turn.paragraphs);
    else if (preamble.length > 0) builder.addTurn(null, preamble);
  };
  for (const item of reading.items) {
    if (item.kind === 'label') {
      flush();
      turn = { label: item.text, paragraphs: [] };
    } else if (turn) {
      turn.paragraphs.push(item.text);
    } else {
      addPreamble(item.text, preamble, builder);
    }
  }
  flush();
  if (preamble.length > 0) {
    warnings.push('The text before the first speaker label has no speaker; choose who said it.');
  }
  if (trailing) {
    builder.addRemoved('chrome', trailing.reason, trailing.text);
    warnings.push(chromeWarning(trailing));
  }
  return warnings;
}

/** Before the first label a paragraph is metadata or speech nobody was named for. */
function addPreamble(text: string, preamble: string[], builder: TranscriptBuilder): void {
  const key = metadataKey(text);
  if (key === null) preamble.push(text);
  else builder.addMetadata(key, text);
}

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
/** Below the plain-paragraphs fallback: labels that neither recur nor carry a title are likely headings. */
const HEADINGS_ONLY = 0.05;

function confidence(items: readonly Item[]): number {
  const labels = items.flatMap((item, i) => (item.kind === 'label' ? [{ item, next: items[i + 1] }] : []));
  const n = labels.length;
  if (n === 0) return 0;
  const parsed = labels.map(({ item }) => parseSpeakerLabel(item.text));
  const counts = new Map<string, number>();
  for (const p of parsed) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
  const recurring = parsed.filter((p) => (counts.get(p.key) ?? 0) > 1).length / n;
  const recognised = parsed.filter((p) => p.anonymous || p.role !== null).length / n;
  if (recurring === 0 && recognised === 0) return HEADINGS_ONLY;
  const followed = labels.filter(({ next }) => next?.kind === 'paragraph').length / n;
  const many = Math.min(1, (n - 1) / 5);
  return BASE + RECURRING * recurring + MANY_LABELS * many + FOLLOWED_BY_TEXT * followed + RECOGNISED * recognised;
}
