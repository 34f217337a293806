/**
 * `npm run lint:electron`: Doyensec's Electronegativity over electron/, failing on any finding of
 * MEDIUM severity or above. Part of `npm test`.
 *
 * It runs the tool's own command line (offline: see offline-got.cjs), reads its CSV report with
 * papaparse, prints every finding, and exits 1 when one is MEDIUM, HIGH or CRITICAL. Two guards keep
 * the result honest:
 * - a canary: the same scan over a folder holding a deliberately insecure BrowserWindow must report
 *   its HIGH findings, so a scan that silently checks nothing (a broken install, a parser that gave
 *   up) fails instead of passing;
 * - exceptions are written here: the one excluded check and every `eng-disable` comment in
 *   electron/ must be listed below with the reason it is safe, or the script fails.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '../..');
const SCANNED = join(ROOT, 'electron');
const require = createRequire(import.meta.url);

/** Checks excluded from the scan, each with its reason. */
const EXCLUDED: Record<string, string> = {
  AvailableSecurityFixesGlobalCheck:
    "downloads Electron's release list from GitHub to list fixes in newer releases; the scan must not depend on " +
    'the network, and keeping Electron current is dependency upkeep (the pinned version in package.json), not a ' +
    'property of this code.',
};

/** Checks silenced on one line by an `eng-disable` comment after review, each with its reason. */
const REVIEWED: Record<string, string> = {
  PRELOAD_JS_CHECK:
    'electron/main.ts createMainWindow: the preload (electron/preload.ts) exposes one named method per API ' +
    'operation and a menu subscription, never ipcRenderer or the IPC event; it runs sandboxed with context ' +
    'isolation, and main checks the sender and every argument of each call (electron/ipc.ts).',
  OPEN_EXTERNAL_JS_CHECK:
    'electron/security.ts openClickedLink: the only call of shell.openExternal; it passes only absolute ' +
    'http(s) URLs without credentials (a zod schema), only for a link click in our own page.',
};

const BLOCKING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

const FindingSchema = z.object({
  issue: z.string().min(1),
  severity: z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
  confidence: z.string(),
  filename: z.string(),
  location: z.string(),
  sample: z.string(),
  description: z.string(),
  url: z.string(),
});
type Finding = z.infer<typeof FindingSchema>;

const Versioned = z.object({ version: z.string() });
const electronVersion = Versioned.parse(require('electron/package.json')).version;
const toolVersion = Versioned.parse(require('@doyensec/electronegativity/package.json')).version;

/** Run Electronegativity over `input` and return its findings (all severities). */
async function scan(input: string): Promise<Finding[]> {
  const out = await mkdtemp(join(tmpdir(), 'parley-electronegativity-'));
  const csv = join(out, 'report.csv');
  try {
    const args = [
      '--require',
      join(import.meta.dirname, 'offline-got.cjs'),
      require.resolve('@doyensec/electronegativity/dist/index.js'),
      ...['-i', input, '-r', '-s', 'medium', '-e', electronVersion, '-o', csv],
      ...['-x', Object.keys(EXCLUDED).join(',')],
    ];
    const { code, output } = await run(process.execPath, args, 60_000);
    if (code !== 0) throw new Error(`Electronegativity exited with ${code}:\n${output}`);
    const text = await readFile(csv, 'utf8').catch(() => {
      throw new Error(`Electronegativity wrote no report:\n${output}`);
    });
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
    if (parsed.errors.length) throw new Error(`The report is not valid CSV: ${JSON.stringify(parsed.errors)}`);
    return parsed.data.map((row) => FindingSchema.parse(row));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Electronegativity did not finish within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/**
 * An app with the mistakes Electronegativity exists to catch: no context isolation, no sandbox, no
 * navigation limits, no permission handler, no CSP. The scan must report each of them.
 */
const CANARY = `const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });
`;
const CANARY_CHECKS = [
  'CONTEXT_ISOLATION_JS_CHECK',
  'SANDBOX_JS_CHECK',
  'AUXCLICK_JS_CHECK',
  'LIMIT_NAVIGATION_GLOBAL_CHECK',
  'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
  'CSP_GLOBAL_CHECK',
];

async function canary(): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-electronegativity-canary-'));
  try {
    await writeFile(join(dir, 'main.js'), CANARY);
    return await scan(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every `eng-disable` comment in electron/, with the checks it names. */
async function inlineExceptions(): Promise<Array<{ where: string; checks: string[]; fileWide: boolean }>> {
  const found: Array<{ where: string; checks: string[]; fileWide: boolean }> = [];
  for (const entry of await readdir(SCANNED, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|js|jsx|mjs|cjs|html?)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const firstCode = lines.findIndex((l) => l.trim() !== '' && !/^\s*(\/\/|\/\*|\*)/.test(l));
    lines.forEach((line, i) => {
      // The pattern Electronegativity itself uses (util/exceptions.js).
      const match = /(?:\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]+)/i.exec(line);
      if (!match) return;
      found.push({
        where: `${relative(ROOT, file)}:${i + 1}`,
        checks: match[1]!.trim().split(/[ \t,]+/),
        fileWide: firstCode === -1 || i < firstCode,
      });
    });
  }
  return found;
}

function show(f: Finding): string {
  return `  ${f.severity.padEnd(13)} ${f.issue} ${f.filename}:${f.location} (${f.confidence})\n                ${f.description}${f.sample && f.sample !== 'N/A' ? `\n                ${f.sample}` : ''}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const [findings, canaryFindings, exceptions] = await Promise.all([scan(SCANNED), canary(), inlineExceptions()]);
  let failed = false;

  const caught = new Set(canaryFindings.filter((f) => BLOCKING.has(f.severity)).map((f) => f.issue));
  for (const expected of CANARY_CHECKS) {
    if (!caught.has(expected)) {
      console.error(`The canary window was not reported for ${expected}: the scan is not checking anything.`);
      failed = true;
    }
  }

  for (const e of exceptions) {
    for (const check of e.checks) {
      const reason = REVIEWED[check.toUpperCase()];
      if (e.fileWide) {
        console.error(`${e.where}: eng-disable ${check} before any code silences it for the whole file; disable it on the one reviewed line.`);
        failed = true;
      } else if (!reason) {
        console.error(`${e.where}: eng-disable ${check} has no reason in test/security/electronegativity.ts (REVIEWED).`);
        failed = true;
      }
    }
  }

  console.log(`Electronegativity ${toolVersion} on electron/ (Electron ${electronVersion}), ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  if (findings.length === 0) console.log('  no findings');
  for (const f of findings) console.log(show(f));
  console.log('Excluded checks:');
  for (const [check, reason] of Object.entries(EXCLUDED)) console.log(`  ${check}: ${reason}`);
  console.log('Reviewed lines (eng-disable):');
  for (const e of exceptions) for (const check of e.checks) console.log(`  ${e.where} ${check}: ${REVIEWED[check.toUpperCase()] ?? '(no reason given)'}`);

  const blocking = findings.filter((f) => BLOCKING.has(f.severity));
  if (blocking.length) {
    console.error(`${blocking.length} finding(s) of MEDIUM severity or above: fix them (see SECURITY.md).`);
    failed = true;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
