/**
 * `npm run test:repeat -- N`: the test suite N times in a row, to find tests that fail only now and then.
 *
 *   npm run test:repeat -- 10
 *
 * Lint, the Electron lint, the type check and the build run once first (the end-to-end tests need the
 * build); then `vitest run` runs N times, one run after the other, each writing a JSON report. At the
 * end: each run's duration and counts, and each test that failed in any run, with how many times and
 * the first line of its first failure. Exits 1 when any test (or any run) failed, 2 on bad arguments.
 * The reports stay in a temp folder, named at the end, for the full messages.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { messageOf } from '../shared/errors.js';

const ROOT = resolve(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

/** What this script reads of vitest's JSON report (the Jest-compatible shape). */
interface JsonReport {
  numTotalTests?: number;
  numFailedTests?: number;
  testResults?: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults?: Array<{ fullName?: string; title: string; status: string; failureMessages?: string[] | null }>;
  }>;
}

interface Run {
  index: number;
  seconds: number;
  exitCode: number | null;
  total: number;
  /** Each failure as "file > test" (or "file" when the file itself failed, before or around its tests). */
  failed: Array<{ id: string; message: string }>;
  /** Set when the run left no report to read. */
  problem?: string;
}

function usage(message: string): never {
  console.error(`test:repeat: ${message}\nusage: npm run test:repeat -- N   (N runs of the suite, N ≥ 1)`);
  process.exit(2);
}

/** A child process with inherited output; resolves with its exit code (null when killed). */
function run(command: string, args: readonly string[]): Promise<number | null> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise(signal ? null : code));
  });
}

const firstLine = (text: string | undefined): string => (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 200) ?? '';

/** The failures a report lists: failed tests, and files that failed without a failed test (an import error, a hook). */
function failuresOf(report: JsonReport): Array<{ id: string; message: string }> {
  const out: Array<{ id: string; message: string }> = [];
  for (const file of report.testResults ?? []) {
    const name = relative(ROOT, file.name);
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) out.push({ id: `${name} > ${t.fullName ?? t.title}`, message: firstLine(t.failureMessages?.[0]) });
    if (file.status === 'failed' && failedTests.length === 0) out.push({ id: name, message: firstLine(file.message) || 'the file failed outside its tests' });
  }
  return out;
}

async function suiteRun(index: number, reportDir: string): Promise<Run> {
  const outputFile = join(reportDir, `run-${index}.json`);
  const started = performance.now();
  // dot: a line of progress instead of every test's name; json: what this script reads.
  const exitCode = await run(process.execPath, [VITEST, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${outputFile}`]);
  const seconds = (performance.now() - started) / 1000;
  if (!existsSync(outputFile)) return { index, seconds, exitCode, total: 0, failed: [], problem: `no report (vitest exited with ${exitCode ?? 'a signal'})` };
  let report: JsonReport;
  try {
    report = JSON.parse(await readFile(outputFile, 'utf8')) as JsonReport;
  } catch (e) {
    return { index, seconds, exitCode, total: 0, failed: [], problem: `unreadable report (${messageOf(e)})` };
  }
  const failed = failuresOf(report);
  // A non-zero exit with nothing failed in the report (an unhandled error between tests, say) is a failure too.
  const problem = exitCode !== 0 && failed.length === 0 ? `vitest exited with ${exitCode ?? 'a signal'} though no test failed` : undefined;
  return { index, seconds, exitCode, total: report.numTotalTests ?? 0, failed, ...(problem ? { problem } : {}) };
}

const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.length !== 1) usage('give the number of runs, once');
const times = Number(args[0]);
if (!Number.isInteger(times) || times < 1) usage(`"${args[0]}" is not a whole number of runs`);

for (const script of ['lint', 'lint:electron', 'typecheck', 'build']) {
  console.log(`\n== npm run ${script}`);
  const code = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script]);
  if (code !== 0) {
    console.error(`test:repeat: npm run ${script} failed (exit ${code ?? 'signal'}); the suite did not run.`);
    process.exit(1);
  }
}

const reportDir = await mkdtemp(join(tmpdir(), 'parley-test-repeat-'));
const runs: Run[] = [];
for (let i = 1; i <= times; i++) {
  console.log(`\n== suite run ${i} of ${times}`);
  const r = await suiteRun(i, reportDir);
  runs.push(r);
  const outcome = r.problem ?? (r.failed.length ? `${r.failed.length} failed` : 'all passed');
  console.log(`== run ${i}: ${r.seconds.toFixed(1)} s, ${r.total} tests, ${outcome}`);
}

console.log(`\n== ${times} run${times === 1 ? '' : 's'} of the suite`);
for (const r of runs) {
  const outcome = r.problem ?? (r.failed.length ? `${r.failed.length} failed` : 'all passed');
  console.log(`  run ${String(r.index).padStart(String(times).length)}: ${r.seconds.toFixed(1).padStart(6)} s, ${r.total} tests, ${outcome}`);
}
const seconds = runs.map((r) => r.seconds);
console.log(`  duration: min ${Math.min(...seconds).toFixed(1)} s, max ${Math.max(...seconds).toFixed(1)} s, total ${seconds.reduce((a, b) => a + b, 0).toFixed(1)} s`);

const tally = new Map<string, { count: number; runs: number[]; message: string }>();
for (const r of runs) {
  for (const f of r.failed) {
    const t = tally.get(f.id) ?? { count: 0, runs: [], message: f.message };
    t.count++;
    t.runs.push(r.index);
    tally.set(f.id, t);
  }
}
const badRuns = runs.filter((r) => r.problem !== undefined);
if (tally.size === 0 && badRuns.length === 0) {
  console.log(`\nNo test failed in ${times} run${times === 1 ? '' : 's'}. Reports: ${reportDir}`);
} else {
  console.log('\nFailed:');
  for (const [id, t] of [...tally].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))) {
    console.log(`  ${t.count} of ${times}: ${id}  (run ${t.runs.join(', ')})`);
    if (t.message) console.log(`      ${t.message}`);
  }
  for (const r of badRuns) console.log(`  run ${r.index}: ${r.problem}`);
  console.log(`Reports: ${reportDir}`);
  process.exitCode = 1;
}
