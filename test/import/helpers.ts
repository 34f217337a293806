/**
 * Shared helpers for the importer tests: the real transcripts and our own fixtures (read in place,
 * never written), and the "nothing lost" accounting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Account, AccountedImport, ConsumedKind } from '../../shared/import/index.js';
import { inspectView } from '../../shared/inspect.js';
import { TranscriptBodySchema, type ImportResult, type TranscriptBody } from '../../shared/model.js';

export const TRANSCRIPTS = '/work/shared/transcripts';
export const KYIV = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';
export const MUNICH = 'nato-rutte-munich-panel-amanpour.txt';
export const WHITE_HOUSE = 'whitehouse-press-gaggle-2024-07-12.md';
export const HANSARD = 'canada-hansard-1998-10-23.txt';

/** Our own fixtures, one or more per convention (test/fixtures/conventions). */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'conventions');

export function transcriptBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(TRANSCRIPTS, name)));
}

export function transcriptText(name: string): string {
  return readFileSync(join(TRANSCRIPTS, name), 'utf8');
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
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

/** How many turns each speaker (by name) has, in the order the speakers first spoke. */
export function turnCounts(body: TranscriptBody): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of body.speakers) counts[s.name] = body.turns.filter((t) => t.speaker === s.id).length;
  return counts;
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

/**
 * The shape of every kind of consumed text (see shared/import/accounting.ts). A consumed piece must match
 * its kind's shape, so that no words can be hidden as "structure":
 * - markup: only Markdown's and captions' marks (* _ \ ` # > ~ = - + and the front-matter fences);
 * - time: a timestamp or a range of two, in brackets or not;
 * - timing: a cue timing line, with settings of the form key:value;
 * - cue-id: one token with no spaces;
 * - tag: one tag, <...> or {\...};
 * - entity: one character reference;
 * - yaml: YAML's own punctuation;
 * - header: the WEBVTT signature.
 * 'key' and 'label' are checked against the result instead: a key must be a metadata key of the result,
 * a label must be an alias of one of its speakers.
 */
const SHAPES: Record<Exclude<ConsumedKind, 'key' | 'label'>, RegExp> = {
  markup: /^[*_\\`#>~=+-]+$/u,
  time: /^[[(]?\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:\s*(?:-->|[-–—]|to)\s*\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)?[\])]?$/u,
  timing: /^\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[ \t]*-->[ \t]*\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:[ \t]+\S+:\S+)*[ \t]*$/u,
  'cue-id': /^[\p{L}\p{N}_\-./:]+$/u,
  tag: /^(?:<[^<>\n]*>|\{\\[^{}\n]*\})$/u,
  entity: /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});$/u,
  yaml: /^[-:'"|>\\_[\]{},?.+]+$/u,
  header: /^WEBVTT$/u,
};

/**
 * The nothing-lost rule, precisely: the non-white-space characters of the turns' labels and paragraphs,
 * the metadata values, the removed text and the consumed structure, less the characters written in place
 * of consumed references, are exactly those of the input; and every consumed piece has its kind's shape.
 */
export function expectNothingLost(imported: AccountedImport, input: string): void {
  const { result, account } = imported;
  checkConsumedShapes(result.body, account);
  const found = characterCounts([accountedText(result), ...account.consumed.map((c) => c.text)].join('\n'));
  for (const p of account.produced) for (const c of p) if (!/\s/u.test(c)) found.set(c, (found.get(c) ?? 0) - 1);
  const expected = characterCounts(input.startsWith('\uFEFF') ? input.slice(1) : input);
  const sorted = (m: Map<string, number>) => [...m].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  expect(sorted(found)).toEqual(sorted(expected));
}

function checkConsumedShapes(body: TranscriptBody, account: Account): void {
  const keys = new Set(Object.keys(body.metadata));
  const aliases = new Set(body.speakers.flatMap((s) => s.aliases));
  for (const piece of account.consumed) {
    if (piece.kind === 'key') expect(keys.has(piece.text.replace(/:$/, '').toLowerCase()) || keys.has(piece.text)).toBe(true);
    else if (piece.kind === 'label') expect(aliases.has(piece.text.trim())).toBe(true);
    else expect(piece.text.trim()).toMatch(SHAPES[piece.kind]);
  }
}

/** What every import result must satisfy, whatever the input: a valid body, the inspect contract, nothing lost. */
export function checkImport(imported: AccountedImport, input: string): void {
  const { result } = imported;
  const body = TranscriptBodySchema.parse(result.body);
  expect(body.turns.map((t) => t.id)).toEqual(body.turns.map((_, i) => `t${i + 1}`));
  expect(body.removed.map((r) => r.id)).toEqual(body.removed.map((_, i) => `r${i + 1}`));
  const speakerIds = new Set(body.speakers.map((s) => s.id));
  expect(speakerIds.size).toBe(body.speakers.length);
  for (const t of body.turns) {
    if (t.speaker !== null) expect(speakerIds.has(t.speaker)).toBe(true);
    for (const n of t.nonSpeech ?? []) {
      const paragraph = t.paragraphs[n.paragraph];
      expect(paragraph).toBeDefined();
      expect(n.from).toBeLessThan(n.to);
      expect(n.to).toBeLessThanOrEqual(paragraph?.length ?? 0);
    }
    if (t.start !== undefined && t.end !== undefined) expect(t.end).toBeGreaterThanOrEqual(t.start);
  }
  const turnIds = new Set(body.turns.map((t) => t.id));
  for (const r of body.removed) if (r.afterTurn !== null) expect(turnIds.has(r.afterTurn)).toBe(true);
  expect(body.history).toEqual([]);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  checkInspect(result);
  expectNothingLost(imported, input);
}

/** The `inspect --json` contract: a plain JSON object with these fields, whatever the convention. */
export function checkInspect(result: ImportResult): void {
  const view = JSON.parse(JSON.stringify(inspectView(result))) as ReturnType<typeof inspectView>;
  expect(view.format).toBe(result.convention);
  expect(Object.values(view.metadata).every((v) => typeof v === 'string')).toBe(true);
  expect(view.speakers.map((s) => s.id)).toEqual(result.body.speakers.map((s) => s.id));
  const ids = new Set(view.speakers.map((s) => s.id));
  expect(view.turns).toHaveLength(result.body.turns.length);
  for (const t of view.turns) {
    expect(typeof t.text).toBe('string');
    if (t.speaker !== null) expect(ids.has(t.speaker)).toBe(true);
  }
  expect(view.warnings).toEqual(result.warnings);
}
