/**
 * `npx tsx test/bench/reanchor-bench.ts [--json] [--bytes N] [--annotations N] [--rate R]`:
 * re-anchoring when the source changed, on a generated transcript of about 1 MB with 10,000
 * annotations (a third overlapping) and an editor's corrections (speakers reassigned, turns split
 * and merged), after the source changed at 1% of its words (words replaced, inserted, deleted;
 * sentences deleted and inserted). Reports the median time of the pure re-anchoring
 * (shared/anchoring/reanchor.ts: diff, turns, annotations) over several runs, and its correctness
 * against the known truth (test/anchoring/simulate.ts).
 *
 * `runReanchorBench(options)` returns the figures, for the main benchmark (test/bench/bench.ts).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { reanchorBody, type ReanchorReport } from '../../shared/anchoring/reanchor.js';
import { workingText } from '../../shared/anchoring/working-text.js';
import { importText } from '../../shared/import/index.js';
import type { TranscriptBody } from '../../shared/model.js';
import {
  applyEdits,
  correctBody,
  editParagraphs,
  judge,
  labelLineSource,
  makeAnnotations,
  makeEdits,
  type EditMix,
} from '../anchoring/simulate.js';
import { generateTranscript, rng } from './generate.js';

export interface ReanchorBenchOptions {
  /** Size of the generated source, in bytes (default 1,000,000). */
  bytes?: number;
  /** How many annotations (default 10,000). */
  annotations?: number;
  /** Share of the words where the source changes (default 0.01). */
  rate?: number;
  /** What kind of changes (default 'words': words replaced, inserted, deleted). */
  mix?: EditMix;
  /** Timed runs; the median is reported (default 5). */
  runs?: number;
  seed?: number;
}

export interface ReanchorBenchResult {
  /** Median time of reanchorBody, in milliseconds. */
  reanchorMs: number;
  /** Annotations at exactly their true place, or detached when their text was deleted. */
  reanchorCorrect: number;
  reanchorTotal: number;
  /** Placed where they do not belong (the target: 0). */
  misplaced: number;
  /** Placed overlapping their true place, with other edges. */
  shifted: number;
  /** Detached although their text is still there. */
  lost: number;
  /** How many source edits were made. */
  edits: number;
  /** What the re-anchoring reported, without the per-annotation list. */
  report: Omit<ReanchorReport, 'outcomes'>;
  /** True when the re-anchored turns read exactly as the edited corrected text should. */
  textAsExpected: boolean;
}

/** Build the scenario, time the re-anchoring, and judge it. */
export function runReanchorBench(options: ReanchorBenchOptions = {}): ReanchorBenchResult {
  const random = rng(options.seed ?? 7);
  const generated = generateTranscript({ bytes: options.bytes ?? 1_000_000 });
  const imported = importText(generated.text).body;

  // The editor's work: corrections, then annotations on the corrected text.
  const corrected = correctBody(imported, random, { reassign: 0.05, split: 0.01, merge: 0.01 });
  const oldText = workingText(corrected.turns).text;
  const annotations = makeAnnotations(oldText, options.annotations ?? 10_000, random);
  const saved: TranscriptBody = { ...corrected, annotations };

  // The source changes; the new file is imported afresh.
  const edits = makeEdits(oldText, options.rate ?? 0.01, random, { mix: options.mix ?? 'words' });
  const fresh = importText(labelLineSource(editParagraphs(imported, corrected, edits))).body;

  const times: number[] = [];
  let result = reanchorBody(saved, fresh);
  for (let run = 0; run < (options.runs ?? 5); run++) {
    const t0 = performance.now();
    result = reanchorBody(saved, fresh);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);

  const verdict = judge(annotations, result.body.annotations ?? [], edits, oldText);
  const { exact, moved, fuzzy, detached, total, alreadyDetached, textChanges } = result.report;
  const report = { exact, moved, fuzzy, detached, total, alreadyDetached, textChanges };
  return {
    reanchorMs: Math.round((times[Math.floor(times.length / 2)] as number) * 10) / 10,
    reanchorCorrect: verdict.correct,
    reanchorTotal: verdict.total,
    misplaced: verdict.misplaced,
    shifted: verdict.shifted,
    lost: verdict.lost,
    edits: edits.length,
    report,
    textAsExpected: workingText(result.body.turns).text === applyEdits(oldText, edits),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      bytes: { type: 'string', default: '1000000' },
      annotations: { type: 'string', default: '10000' },
      rate: { type: 'string', default: '0.01' },
      sentences: { type: 'boolean', default: false },
    },
  });
  const result = runReanchorBench({
    bytes: Number(values.bytes),
    annotations: Number(values.annotations),
    rate: Number(values.rate),
    mix: values.sentences ? 'words-and-sentences' : 'words',
  });
  if (values.json) {
    console.log(JSON.stringify(result));
  } else {
    const pct = ((100 * result.reanchorCorrect) / result.reanchorTotal).toFixed(2);
    console.log(`re-anchor: ${result.reanchorMs} ms (median of 5), ${result.edits} source edits`);
    console.log(`  correct ${result.reanchorCorrect}/${result.reanchorTotal} (${pct}%), shifted ${result.shifted}, lost ${result.lost}, misplaced ${result.misplaced}`);
    console.log(`  report: ${JSON.stringify(result.report)}; text as expected: ${result.textAsExpected}`);
  }
}
