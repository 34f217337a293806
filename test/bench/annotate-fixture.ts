/**
 * Annotations for a benchmark transcript: `count` topic tags over the working text, a third of
 * them overlapping the one before, written into a sidecar beside the source so that Parley opens
 * the transcript with them.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import { emptyCodebook } from '../../shared/annotation.js';
import type { TranscriptBody } from '../../shared/model.js';
import { SIDECAR_FORMAT, SIDECAR_VERSION, stringifySidecar, type Sidecar } from '../../shared/sidecar.js';
import { rng } from './generate.js';

export function benchCodebook(): Codebook {
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
  return {
    ...emptyCodebook(),
    topics: colours.map((color, i) => ({ id: `t${i + 1}`, label: `Topic ${i + 1}`, color, description: '', parent: null, key: i + 1 })),
  };
}

/** The working text of a body (turns' paragraphs joined by "\n", turns by "\n\n"). */
export function workingTextOf(body: TranscriptBody): string {
  return body.turns.map((t) => t.paragraphs.join('\n')).join('\n\n');
}

export function benchAnnotations(text: string, count: number, seed = 7): Annotation[] {
  const random = rng(seed);
  const out: Annotation[] = [];
  const step = Math.floor(text.length / count);
  let prev: { start: number; end: number } | null = null;
  for (let i = 0; i < count; i++) {
    let start: number;
    if (prev && i % 3 === 2) start = prev.start + Math.floor((prev.end - prev.start) / 2);
    else start = i * step + Math.floor(random() * Math.max(1, step / 2));
    const end = Math.min(text.length, start + 20 + Math.floor(random() * 60));
    const exact = text.slice(start, end);
    out.push({
      id: `b${i}`,
      kind: 'topic',
      target: { start, end, exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
      detached: false,
      topics: [`t${(i % 9) + 1}`],
      note: '',
      claim: null,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
    });
    prev = { start, end };
  }
  return out;
}

export async function writeBenchSidecar(sourcePath: string, sourceBytes: Buffer, body: TranscriptBody, convention: string): Promise<void> {
  const sidecar: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: {
      name: basename(sourcePath),
      sha256: createHash('sha256').update(sourceBytes).digest('hex'),
      bytes: sourceBytes.length,
      convention,
      confidence: 1,
    },
    savedAt: '2026-01-01T00:00:00.000Z',
    ...body,
  };
  await writeFile(`${sourcePath}.annotations.json`, stringifySidecar(sidecar));
}
