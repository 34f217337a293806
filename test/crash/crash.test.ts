/**
 * The crash harness, short: a real writer process killed with SIGKILL at random moments while it
 * saves (`npm run test:crash` runs it at full length). Every kill must leave a sidecar and a .bak
 * that read valid and are the last acknowledged save or newer, and at most a few temp files, which
 * the next writer sweeps.
 */
import { expect, it } from 'vitest';
import { describeSummary, runCrashHarness } from './harness.js';

it('saves survive a writer killed at random moments (40 saves, 12 kills)', async () => {
  const seed = Math.floor(Math.random() * 2 ** 31);
  const summary = await runCrashHarness({ cycles: 40, kills: 12, seed, maxAcksPerRun: 4 });
  console.log(describeSummary(summary));
  expect(summary.cycles).toBeGreaterThanOrEqual(40);
  expect(summary.kills).toBeGreaterThanOrEqual(12);
}, 120_000);
