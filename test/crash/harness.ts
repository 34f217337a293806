/**
 * Crash harness: a real writer process (writer.ts) saves crash sidecars through SidecarFile, and is
 * killed with SIGKILL at random moments, again and again. After every kill the folder must hold:
 *
 * - a sidecar that SidecarFile.read() accepts, byte for byte the last acknowledged save or the one
 *   after it (the writer has at most one save under way);
 * - from the second save on, a `.bak` that reads valid and is the save before the sidecar's or the
 *   same one (killed between the two renames);
 * - nothing else but temp files of the writer just killed, at most three (the new sidecar, the new
 *   .bak, and the link to the old .bak). Temp files of earlier writers are gone once a later writer
 *   has acknowledged a save: its first save sweeps them. So at most three are ever left, unless
 *   writers are killed again and again before their first save ends; a last writer run to the end
 *   must leave none.
 *
 * Which step a kill interrupted is read from what it left (a temp file, a swapped .bak, a sidecar
 * ahead of the acknowledgements) and counted, to show the kills land all through a save.
 */
import { spawn } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempOwner } from '../../annotations/atomic-file.js';
import { SidecarFile, backupPathFor } from '../../annotations/sidecar-file.js';
import { CRASH_SIDECAR, crashBytes, seqOf } from './data.js';
import { rng } from '../bench/generate.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WRITER = fileURLToPath(new URL('./writer.ts', import.meta.url));

export interface CrashOptions {
  /** Acknowledged saves to reach, in all runs together. */
  cycles: number;
  /** Writers to kill, at least. */
  kills?: number;
  seed: number;
  /** Each writer is killed after 0 to this many acknowledged saves, plus a random part of one. */
  maxAcksPerRun?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface CrashSummary {
  seed: number;
  /** Acknowledged saves. */
  cycles: number;
  kills: number;
  /** Writers that ran to their end (and left no temp file). */
  completed: number;
  seconds: number;
  /** One save as the writer timed it (write() called to resolved). */
  medianSaveMs: number;
  p95SaveMs: number;
  /** Starting a writer, to its first line. */
  medianStartMs: number;
  /** What the kills interrupted, judged from what they left. */
  interrupted: Record<string, number>;
  /** The most temp files found after a kill. */
  maxTemps: number;
  /** Temp files of killed writers that later writers removed. */
  swept: number;
}

/** Thrown with what was found and where, so a failure can be looked at (the folder is kept). */
export class CrashViolation extends Error {
  override readonly name = 'CrashViolation';
}

const BETWEEN_RENAMES = 'between the .bak and the sidecar renames';

interface Run {
  pid: number;
  start: number;
  lastAck: number;
  acks: number;
  saveMs: number[];
  startMs: number;
  stderr: string;
  exitedByItself: boolean;
}

export async function runCrashHarness(options: CrashOptions): Promise<CrashSummary> {
  const random = rng(options.seed);
  const maxAcks = options.maxAcksPerRun ?? 6;
  const log = options.log ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'parley-crash-'));
  const path = join(dir, CRASH_SIDECAR);
  const bak = backupPathFor(path);
  const began = performance.now();

  const saveMs: number[] = [];
  const firstSaveMs: number[] = [];
  const startMs: number[] = [];
  const interrupted: Record<string, number> = {};
  let cycles = 0;
  let kills = 0;
  let completed = 0;
  let maxTemps = 0;
  let swept = 0;
  /** The sidecar's save number as last checked: where the next writer starts. */
  let onDisk = 0;
  /** Temp files present at the last check. */
  let tempsBefore = new Set<string>();

  /** Check the folder after a writer stopped; returns the save number on disk and what a kill interrupted. */
  const check = async (run: Run, killed: boolean): Promise<{ seq: number; state: string | null }> => {
    const where = `seed ${options.seed}, kill ${kills}, writer ${run.pid} (started at ${run.start}, last ack ${run.lastAck}), folder ${dir}`;
    const fail = (what: string): never => {
      throw new CrashViolation(`${what} [${where}]`);
    };
    const names = await readdir(dir);
    const temps = names.filter((n) => tempOwner(path, n) !== null);
    const strangers = names.filter((n) => n !== CRASH_SIDECAR && n !== `${CRASH_SIDECAR}.bak` && !temps.includes(n));
    if (strangers.length) fail(`unexpected files: ${strangers.join(', ')}`);

    // The sidecar: valid, and the last acknowledged save or the one under way.
    let sidecarSeq = 0;
    try {
      const sidecar = await new SidecarFile(path).read();
      sidecarSeq = sidecar ? seqOf(sidecar) : 0;
    } catch (e) {
      fail(`the sidecar does not read: ${(e as Error).message}`);
    }
    const floor = Math.max(run.start, run.lastAck);
    if (sidecarSeq < floor) fail(`the sidecar holds save ${sidecarSeq}, older than the last acknowledged save ${floor}`);
    if (sidecarSeq > floor + 1) fail(`the sidecar holds save ${sidecarSeq}, but save ${floor + 1} was the only one under way`);
    if (sidecarSeq > 0 && (await readFile(path, 'utf8')) !== crashBytes(sidecarSeq)) {
      fail(`the sidecar is not byte for byte save ${sidecarSeq}`);
    }

    // The .bak: valid, and the save before the sidecar's (or the same, between the two renames).
    let bakSeq: number | null = null;
    try {
      const backup = await new SidecarFile(bak).read();
      bakSeq = backup ? seqOf(backup) : null;
    } catch (e) {
      fail(`the .bak does not read: ${(e as Error).message}`);
    }
    if (sidecarSeq >= 2 && bakSeq === null) fail(`there is no .bak beside save ${sidecarSeq}`);
    if (sidecarSeq < 2 && bakSeq !== null && bakSeq !== sidecarSeq) fail(`a .bak of save ${bakSeq} beside save ${sidecarSeq}`);
    if (bakSeq !== null && bakSeq !== sidecarSeq && bakSeq !== sidecarSeq - 1) {
      fail(`the .bak holds save ${bakSeq}, beside save ${sidecarSeq}`);
    }
    if (bakSeq !== null && (await readFile(bak, 'utf8')) !== crashBytes(bakSeq)) fail(`the .bak is not byte for byte save ${bakSeq}`);

    // Temp files: only the killed writer's, at most three; older ones only while no writer since has saved.
    const mine = temps.filter((n) => tempOwner(path, n) === run.pid);
    const older = temps.filter((n) => tempOwner(path, n) !== run.pid);
    if (mine.length > 3) fail(`${mine.length} temp files of one writer: ${mine.join(', ')}`);
    if (!killed && temps.length) fail(`a writer that finished left temp files: ${temps.join(', ')}`);
    if (run.acks > 0 && older.length) fail(`temp files of earlier writers were not swept: ${older.join(', ')}`);
    if (older.some((n) => !tempsBefore.has(n))) fail(`new temp files of other writers: ${older.join(', ')}`);
    swept += [...tempsBefore].filter((n) => !names.includes(n)).length;
    tempsBefore = new Set(temps);
    maxTemps = Math.max(maxTemps, temps.length);

    if (killed) {
      const state =
        sidecarSeq === floor + 1
          ? 'after the rename, before the acknowledgement'
          : bakSeq === sidecarSeq && sidecarSeq > 0
            ? BETWEEN_RENAMES
            : mine.length
              ? 'while writing the temp file or linking the .bak'
              : 'between saves (or before the first write)';
      interrupted[state] = (interrupted[state] ?? 0) + 1;
      return { seq: sidecarSeq, state };
    }
    return { seq: sidecarSeq, state: null };
  };

  /** A writer that runs to its end: it must sweep what killed ones left, and leave nothing itself. */
  const runToEnd = async (count: number, mode: 'read' | 'blind'): Promise<void> => {
    const run = await runWriter(path, onDisk, mode, count, () => null);
    if (!run.exitedByItself || run.acks !== count) throw new CrashViolation(`a writer failed: ${run.stderr}`);
    cycles += run.acks;
    completed += 1;
    onDisk = (await check(run, false)).seq;
  };

  try {
    let state: string | null = null;
    while (cycles < options.cycles || kills < (options.kills ?? 0)) {
      const mode = random() < 0.5 ? 'read' : 'blind';
      // Now and then, and always after a kill between the two renames (the state most likely to
      // trip the next save), a writer saves a few times and exits, and must leave no temp file.
      if (state === BETWEEN_RENAMES || random() < 0.05) {
        state = null;
        await runToEnd(1 + Math.floor(random() * 3), mode);
        continue;
      }
      const acksBeforeKill = Math.floor(random() * (maxAcks + 1));
      const byEvents = random() < 0.5;
      const run = await runWriter(path, onDisk, mode, null, (r): Kill | null => {
        if (r.acks < acksBeforeKill) return null;
        // Half the writers are killed on the k-th change the folder reports after that point (the
        // temp file created or written, a link, a rename): kills close behind the file operations.
        if (byEvents) return { afterEvents: 1 + Math.floor(random() * 12) };
        // The others at a random moment within the next save, which starts as the acknowledgement
        // is printed: saves take about as long as the last one of this writer (the first, cold
        // one about as long as other writers' first saves), and the kill may come just after it.
        const typical = r.saveMs.at(-1) ?? median(firstSaveMs) ?? 10;
        return { afterMs: random() * typical * 1.2 };
      });
      if (run.exitedByItself) throw new CrashViolation(`the writer stopped by itself: ${run.stderr}`);
      kills += 1;
      cycles += run.acks;
      saveMs.push(...run.saveMs);
      if (run.saveMs[0] !== undefined) firstSaveMs.push(run.saveMs[0]);
      startMs.push(run.startMs);
      ({ seq: onDisk, state } = await check(run, true));
      if (kills % 25 === 0) log(`  ${kills} kills, ${cycles} saves acknowledged`);
    }
    await runToEnd(3, 'read');
  } catch (e) {
    if (e instanceof CrashViolation) log(`folder kept for inspection: ${dir}`);
    throw e;
  }
  await rm(dir, { recursive: true, force: true });
  return {
    seed: options.seed,
    cycles,
    kills,
    completed,
    seconds: (performance.now() - began) / 1000,
    medianSaveMs: median(saveMs) ?? 0,
    p95SaveMs: quantile(saveMs, 0.95) ?? 0,
    medianStartMs: median(startMs) ?? 0,
    interrupted,
    maxTemps,
    swept,
  };
}

/** When to kill a writer: after a delay, or on the n-th change in its folder from now on. */
type Kill = { afterMs: number } | { afterEvents: number };

/**
 * Start a writer and wait until it has gone. `killAfter` is asked after its first line and after
 * each acknowledgement: when to kill it, or null to let it go on.
 */
function runWriter(
  path: string,
  start: number,
  mode: 'read' | 'blind',
  count: number | null,
  killAfter: (run: Run) => Kill | null,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const spawned = performance.now();
    const args = ['--import', 'tsx', WRITER, path, String(start), mode, ...(count === null ? [] : [String(count)])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = {
      pid: child.pid ?? -1,
      start,
      lastAck: start,
      acks: 0,
      saveMs: [],
      startMs: 0,
      stderr: '',
      exitedByItself: false,
    };
    let killing = false;
    let pending = '';
    let watcher: FSWatcher | null = null;
    const maybeKill = (): void => {
      if (killing) return;
      const kill = killAfter(run);
      if (kill === null) return;
      killing = true;
      if ('afterMs' in kill) {
        killAt(child.pid ?? -1, kill.afterMs);
        return;
      }
      let events = 0;
      watcher = watch(dirname(path), () => {
        events += 1;
        if (events === kill.afterEvents) killAt(child.pid ?? -1, 0);
      });
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const [word, a, b] = pending.slice(0, newline).split(' ');
        pending = pending.slice(newline + 1);
        if (word === 'ready') {
          run.startMs = performance.now() - spawned;
          run.start = Number(b);
          run.lastAck = run.start;
        } else if (word === 'ack') {
          run.acks += 1;
          run.lastAck = Number(a);
          run.saveMs.push(Number(b));
        }
        maybeKill();
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      run.stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      watcher?.close();
      run.exitedByItself = signal !== 'SIGKILL';
      if (count !== null && code !== 0) run.stderr += `\n(exit code ${code ?? signal})`;
      resolve(run);
    });
  });
}

/** SIGKILL `pid` after `ms` milliseconds; the last millisecond is waited out exactly, by spinning. */
function killAt(pid: number, ms: number): void {
  const due = performance.now() + ms;
  const fire = (): void => {
    while (performance.now() < due) {
      // Spin: timers are not finer than a millisecond, and saves take a few.
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  if (ms >= 2) setTimeout(fire, Math.floor(ms) - 1);
  else fire();
}


function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
}

function median(values: number[]): number | null {
  return quantile(values, 0.5);
}

/** The summary as a few lines for people. */
export function describeSummary(s: CrashSummary): string {
  const states = Object.entries(s.interrupted)
    .sort(([, a], [, b]) => b - a)
    .map(([state, n]) => `    ${String(n).padStart(4)}  ${state}`)
    .join('\n');
  return [
    `crash test (seed ${s.seed}): ${s.cycles} saves acknowledged, ${s.kills} writers killed (SIGKILL), ${s.completed} run to their end, ${s.seconds.toFixed(1)} s`,
    `  one save: median ${s.medianSaveMs.toFixed(2)} ms, 95th percentile ${s.p95SaveMs.toFixed(2)} ms; starting a writer: median ${s.medianStartMs.toFixed(0)} ms`,
    `  temp files: at most ${s.maxTemps} after a kill, ${s.swept} swept by later writers, none left at the end`,
    '  the kills interrupted:',
    states,
  ].join('\n');
}
