/**
 * The sidecars the crash writer saves: save number `seq` is always the same sidecar, so the harness
 * can tell from the bytes on disk exactly which save they are and that they are whole. Sizes vary
 * from about 5 KB to 400 KB, so kills land in every step of a save and a torn file cannot pass for
 * another save.
 */
import { SIDECAR_FORMAT, SIDECAR_VERSION, stringifySidecar, type Sidecar } from '../../shared/sidecar.js';

export const CRASH_SOURCE = 'crash.txt';
export const CRASH_SIDECAR = `${CRASH_SOURCE}.annotations.json`;

export function crashSidecar(seq: number): Sidecar {
  const turns = 10 + ((seq * 7919) % 997);
  const words = `save ${seq}: the quick brown fox jumps over the lazy dog; `.repeat(5);
  return {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: CRASH_SOURCE, sha256: 'c'.repeat(64), bytes: 1000, convention: 'inline', confidence: 1 },
    savedAt: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
    metadata: { seq: String(seq), title: 'Crash test' },
    speakers: [
      { id: 'a', name: 'Speaker A', role: null, aliases: [], anonymous: false },
      { id: 'b', name: 'Speaker B', role: 'Reporter', aliases: ['Q'], anonymous: true },
    ],
    turns: Array.from({ length: turns }, (_, i) => ({
      id: `t${i}`,
      speaker: i % 3 === 2 ? null : i % 2 ? 'b' : 'a',
      label: null,
      paragraphs: [`${i}. ${words}`],
    })),
    removed: [],
    history: [],
  };
}

/** The bytes save `seq` puts on disk. */
export function crashBytes(seq: number): string {
  return stringifySidecar(crashSidecar(seq));
}

/** The save number a crash sidecar carries. */
export function seqOf(sidecar: Sidecar): number {
  return Number(sidecar.metadata.seq);
}
