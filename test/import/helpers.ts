/**
 * Shared helpers for the importer tests: the real transcripts (read in place, never written) and the
 * "nothing lost" accounting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportResult, TranscriptBody } from '../../shared/model.js';

export const TRANSCRIPTS = '/work/shared/transcripts';
export const KYIV = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';
export const MUNICH = 'nato-rutte-munich-panel-amanpour.txt';

export function transcriptBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(TRANSCRIPTS, name)));
}

export function transcriptText(name: string): string {
  return readFileSync(join(TRANSCRIPTS, name), 'utf8');
}

/** The speaker's name for each turn, null for a turn without a speaker. */
export function speakerNames(body: TranscriptBody): (string | null)[] {
  return body.turns.map((t) => (t.speaker === null ? null : (body.speakers.find((s) => s.id === t.speaker)?.name ?? '?')));
}

export function speakerNamed(body: TranscriptBody, name: string) {
  const speaker = body.speakers.find((s) => s.name === name);
  if (!speaker) throw new Error(`no speaker named ${name}`);
  return speaker;
}

/** Everything of the source a result still holds: labels, paragraphs, metadata values, removed text. */
export function accountedText(result: ImportResult): string {
  const { body } = result;
  return [
    ...body.turns.flatMap((t) => [t.label ?? '', ...t.paragraphs]),
    ...Object.values(body.metadata),
    ...body.removed.map((r) => r.text),
  ].join('\n');
}

/** The non-white-space characters of a text, with how often each occurs. */
export function characterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of text) if (!/\s/u.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/** Sorted entries, so that a failing comparison prints readably. */
export function sortedCounts(text: string): [string, number][] {
  return [...characterCounts(text)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
