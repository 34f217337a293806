/**
 * `npm run test:crash`: the crash harness at full length (harness.ts says what it checks).
 *
 *   npm run test:crash -- [--cycles 500] [--kills 100] [--seed N] [--max-acks 6]
 *
 * runs until at least `cycles` saves were acknowledged and at least `kills` writers were killed.
 *
 * Exits 1 on the first violation, naming it and keeping the folder for inspection.
 */
import { parseArgs } from 'node:util';
import { CrashViolation, describeSummary, runCrashHarness } from './harness.js';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '500' },
    kills: { type: 'string', default: '100' },
    seed: { type: 'string' },
    'max-acks': { type: 'string', default: '6' },
  },
});
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const cycles = Number(values.cycles);
const kills = Number(values.kills);
console.log(`crash test: at least ${cycles} saves and ${kills} kills at random moments (seed ${seed}; repeat with --seed ${seed})`);
try {
  const summary = await runCrashHarness({
    cycles,
    kills,
    seed,
    maxAcksPerRun: Number(values['max-acks']),
    log: (line) => console.log(line),
  });
  console.log(describeSummary(summary));
} catch (e) {
  if (!(e instanceof CrashViolation)) throw e;
  console.error(`FAILED: ${e.message}`);
  process.exitCode = 1;
}
