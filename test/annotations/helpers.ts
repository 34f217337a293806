/** Builders and temp folders shared by the annotations tests. Real files, no mocked fs. */
import { chmod, copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { TranscriptBody } from '../../shared/model.js';
import { SIDECAR_FORMAT, SIDECAR_VERSION, type Sidecar } from '../../shared/sidecar.js';

export const TRANSCRIPTS = '/work/shared/transcripts';
export const KYIV = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';

const made: string[] = [];

/** A fresh temp folder, removed after the test. */
export async function tempDir(prefix = 'parley-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Copy one of the shared transcripts (read-only originals) into `dir`; returns the copy's path. */
export async function copyTranscript(dir: string, name = KYIV): Promise<string> {
  const target = join(dir, name);
  await copyFile(join(TRANSCRIPTS, name), target);
  // copyFile keeps the original's read-only mode; the tests that change a source need to write it.
  await chmod(target, 0o644);
  return target;
}

/** The names in a folder, sorted. */
export async function listing(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** A small body with two speakers, an unresolved turn, unicode, and metadata given out of order. */
export function sampleBody(): TranscriptBody {
  return {
    metadata: { title: 'Press conference', date: '2024-12-03', 'über': 'ü' },
    speakers: [
      { id: 'mark-rutte', name: 'Mark Rutte', role: 'NATO Secretary General', aliases: ['Mark Rutte'], anonymous: false },
      { id: 'question', name: 'Question', role: null, aliases: ['Q'], anonymous: true },
    ],
    turns: [
      { id: 't1', speaker: 'mark-rutte', label: 'Mark Rutte:', paragraphs: ['Good afternoon.', 'Second 👍 paragraph.'] },
      { id: 't2', speaker: 'question', label: 'Q:', paragraphs: ['A question?'] },
      { id: 't3', speaker: null, label: null, paragraphs: [''] },
    ],
    removed: [{ id: 'r1', kind: 'chrome', reason: 'Page navigation', text: 'Register', afterTurn: null }],
    history: [{ turn: 't2', from: null, to: 'question', at: '2024-12-03T10:00:00.000Z' }],
  };
}

/** A valid sidecar for `sampleBody`. */
export function sampleSidecar(overrides: Partial<Sidecar> = {}): Sidecar {
  return {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: 'kyiv.txt', sha256: 'a'.repeat(64), bytes: 1234, convention: 'label-line', confidence: 0.9 },
    savedAt: '2024-12-03T10:00:00.000Z',
    ...sampleBody(),
    ...overrides,
  };
}
