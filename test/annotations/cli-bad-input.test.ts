/**
 * What is not a transcript, handed to Parley every way a user can: a missing file, a folder, a PNG,
 * random bytes, a damaged Word document, an empty file, blank lines, 60 MB, 3 GB. Each must get one
 * sentence saying what is wrong and what to do, a non-zero exit (or an error response), at once, and
 * nothing may be written: no sidecar, no export, no upload left behind.
 *
 * The CLI runs through `main` for every case, and as the real process (`node --import tsx
 * annotations/cli.ts`) for a few, so that an exit code or a stack trace printed by an uncaught error
 * would show; the API runs through `dispatch`, as both transports call it, and over HTTP through the
 * real browser host.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../annotations/access.js';
import { main } from '../../annotations/cli.js';
import { createApiService } from '../../annotations/api-service.js';
import { DocumentService } from '../../annotations/document-service.js';
import { startWebHost, type WebHost } from '../../annotations/web-host.js';
import { ApiErrorSchema } from '../../shared/api.js';
import { ParleyError } from '../../shared/errors.js';
import { BAD_INPUTS, GOOD_TRANSCRIPT, PNG, SIXTY_MB, hasStackTrace, noise, snapshot, writeBadInputs, type BadInput } from '../fuzz/helpers.js';
import { tempDir } from './helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
/** tsx's loader by its file address: `--import tsx` would look for tsx in the temp folder the CLI runs in. */
const TSX = pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href;
/**
 * "At once" means without reading what it refuses: the largest bad input besides the 60 MB and 3 GB
 * ones is a few kB, so a refusal that reads this much has read one of those. Counted in bytes, not
 * timed: a busy machine is slow, never a reader of more bytes.
 */
const READ_LIMIT = 16 * 1024 * 1024;

/**
 * The bytes this process has read so far (Linux's /proc/self/io rchar: every read, on any thread), or
 * null where there is no /proc. Test workers are processes of their own, so this counts one test file.
 */
function bytesRead(): number | null {
  try {
    const match = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The bytes `work` read, with its result (null read where the count is not available). */
async function reading<T>(work: () => Promise<T>): Promise<{ result: T; read: number | null }> {
  const before = bytesRead();
  const result = await work();
  const after = bytesRead();
  return { result, read: before === null || after === null ? null : after - before };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Bytes read while it ran, for the CLI run in this process (null for a process of its own). */
  read: number | null;
}

/** The CLI as a user runs it, in its own process, from `cwd`. Async, so that two run at once on two cores. */
function parleyProcess(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, join(REPO, 'annotations/cli.ts'), ...args], { cwd, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, read: null }));
  });
}

/**
 * The same CLI in this process (`main`, which the process runs and nothing else): the bulk of the
 * cases run here, since starting a process costs a second on a busy machine.
 */
async function parley(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const { result: status, read } = await reading(() => main(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }));
  return { status, stdout, stderr, read };
}

/** A folder holding every bad input, and its snapshot before anything ran. */
async function badFolder(): Promise<{ dir: string; before: Record<string, string> }> {
  const dir = await tempDir('parley-bad-input-');
  await writeBadInputs(dir);
  return { dir, before: await snapshot(dir) };
}

/** The one line of stderr, checked for what every refusal shares. */
function oneSentence(run: Run): string {
  expect(run.stdout).toBe('');
  expect(run.status).toBe(1);
  // Two runs side by side each count the other's reads too: still far below the limit unless one read a big file.
  if (run.read !== null) expect(run.read).toBeLessThan(READ_LIMIT);
  expect(hasStackTrace(run.stderr)).toBe(false);
  const lines = run.stderr.split('\n');
  expect(lines.at(-1)).toBe('');
  expect(lines).toHaveLength(2);
  const line = lines[0] ?? '';
  expect(line).toMatch(/^parley: .+[.]$/);
  return line;
}

/** The importer's sentence, with the "name: " the CLI puts before a sentence that does not name the file. */
function expectNamed(sentence: string, input: BadInput): void {
  expect(sentence).toContain(input.name);
  const bare = sentence.startsWith(`${input.name}: `) ? sentence.slice(input.name.length + 2) : sentence;
  expect(bare).toMatch(input.message);
}

describe('parley inspect on what is not a transcript', () => {
  it.each(BAD_INPUTS.map((i) => [i.what, i] as const))('%s: one sentence on stderr, exit 1, nothing written', async (_, input) => {
    const { dir, before } = await badFolder();
    const [plain, json] = await Promise.all([parley(dir, 'inspect', input.name), parley(dir, 'inspect', input.name, '--json')]);
    for (const run of [plain, json]) expectNamed(oneSentence(run).slice('parley: '.length), input);
    expect(json.stderr).toBe(plain.stderr);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('parley export on what is not a transcript', () => {
  /** What export says of each: the findTranscripts sentence for paths it cannot walk, else the file's own. */
  function expectExportSentence(sentence: string, input: BadInput): void {
    if (input.code === 'not-found') {
      expect(sentence).toMatch(/^No file or folder at \/.*\/missing\.txt; check the path\.$/);
    } else if (input.code === 'not-a-file') {
      expect(sentence).toBe(
        'there are no transcript files (.txt .text .md .vtt .srt .docx) in chapter; name a transcript file, or a folder that holds some.',
      );
    } else {
      expect(sentence.startsWith(`could not export ${input.name}: `)).toBe(true);
      expect(sentence.slice('could not export '.length + input.name.length + 2)).toMatch(input.message);
    }
  }

  it.each(BAD_INPUTS.map((i) => [i.what, i] as const))('%s: one sentence on stderr, exit 1, no output file or folder', async (_, input) => {
    const { dir, before } = await badFolder();
    // Into the current folder (the default), and into an --out folder that does not exist yet.
    const [here, out] = await Promise.all([
      parley(dir, 'export', input.name, '--format', 'md'),
      parley(dir, 'export', input.name, '--format', 'html', '--out', 'exports/html'),
    ]);
    for (const run of [here, out]) expectExportSentence(oneSentence(run).slice('parley: '.length), input);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses an --out that is a file, or lies below one, before reading anything', async () => {
    const { dir } = await badFolder();
    await writeFile(join(dir, 'talk.txt'), GOOD_TRANSCRIPT);
    const before = await snapshot(dir);
    const [file, below] = await Promise.all([
      parley(dir, 'export', 'talk.txt', '--format', 'md', '--out', 'photo.png'),
      parley(dir, 'export', 'talk.txt', '--format', 'md', '--out', 'photo.png/exports'),
    ]);
    expect(oneSentence(file)).toBe('parley: --out photo.png is a file, not a folder; choose a folder to write to.');
    expect(oneSentence(below)).toBe('parley: --out photo.png/exports cannot be made, because photo.png is a file; choose a folder to write to.');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('still exports the good file of a folder that holds bad ones, and names each bad one', async () => {
    const dir = await tempDir('parley-bad-input-');
    await writeFile(join(dir, 'talk.txt'), GOOD_TRANSCRIPT);
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'noise.txt'), noise(500));
    const run = await parley(dir, 'export', '.', '--format', 'txt', '--out', 'out');
    expect(run.status).toBe(1);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^parley: could not export empty\.txt: The file is empty; /),
      expect.stringMatching(/^parley: could not export noise\.txt: The file is not plain text /),
      'parley: exported 1 of 3 files to out; 2 failed.',
    ]);
    expect(Object.keys(await snapshot(join(dir, 'out')))).toEqual(['talk.txt.txt']);
  });
});

describe('the parley process on what is not a transcript', () => {
  /** The ones that take different roads: a path that is not there, bytes refused on sight, a size refused unread. */
  const SOME = BAD_INPUTS.filter((i) => ['missing.txt', 'noise.txt', 'giant.txt'].includes(i.name));

  it.each(SOME.map((i) => [i.what, i] as const))('%s: exit code 1, one sentence, no stack trace, nothing written', async (_, input) => {
    const { dir, before } = await badFolder();
    const [inspect, exported] = await Promise.all([
      parleyProcess(dir, 'inspect', input.name, '--json'),
      parleyProcess(dir, 'export', input.name, '--format', 'docx', '--out', 'out'),
    ]);
    const [inProcess, exportedInProcess] = [await parley(dir, 'inspect', input.name, '--json'), await parley(dir, 'export', input.name, '--format', 'docx', '--out', 'out')];
    expect(oneSentence(inspect)).toBe(oneSentence(inProcess));
    expect(oneSentence(exported)).toBe(oneSentence(exportedInProcess));
    expect(await snapshot(dir)).toEqual(before);
  });
});

/** The API over one folder of bad inputs, with an id for each the way listFiles hands them out. */
async function apiOverBadFolder() {
  const dir = await tempDir('parley-bad-input-');
  await writeBadInputs(dir);
  // Listed while it still existed; deleted before it is opened, as when another program moves it.
  await writeFile(join(dir, 'missing.txt'), GOOD_TRANSCRIPT);
  // A PNG and a folder are never listed; a user can still pick them in a dialog or type their path.
  const policy = await AccessPolicy.create({ roots: [dir], files: [join(dir, 'photo.png'), join(dir, 'chapter')] });
  const uploads = join(await tempDir('parley-uploads-'), 'uploads');
  const api = createApiService({ policy, service: new DocumentService(), uploadDir: uploads });
  const ids = new Map((await policy.listFiles()).map((f) => [f.name, f.id]));
  await rm(join(dir, 'missing.txt'));
  return { dir, api, ids, uploads, before: await snapshot(dir) };
}

async function refusal(p: Promise<unknown>): Promise<ParleyError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ParleyError);
    return e as ParleyError;
  }
  throw new Error('expected a refusal, the call succeeded');
}

describe('the API on what is not a transcript', () => {
  it.each(BAD_INPUTS.map((i) => [i.what, i] as const))(
    '%s: openPath, openFile, preview, importFile and exportFile give the same sentence, and write nothing',
    async (_, input) => {
      const { dir, api, ids, before } = await apiOverBadFolder();
      const fileId = ids.get(input.name);
      expect(fileId, `${input.name} is offered by listFiles`).toBeDefined();
      const calls: Array<[string, unknown]> = [
        ['openPath', { path: join(dir, input.name) }],
        ['openPath', { path: input.name }],
        ['openFile', { fileId }],
        ['preview', { fileId }],
        ['importFile', { fileId }],
        ['exportFile', { fileId, format: 'html', options: {} }],
      ];
      for (const [method, args] of calls) {
        const { result: e, read } = await reading(() => refusal(api.dispatch(method, args)));
        if (read !== null) expect(read, method).toBeLessThan(READ_LIMIT);
        expect(e.code, method).toBe(input.code);
        const message = e.message.startsWith(`"${input.name}" was not exported: `) ? e.message.slice(input.name.length + 21) : e.message;
        expect(message, method).toMatch(input.message);
      }
      expect(await snapshot(dir)).toEqual(before);
    },
  );

  it('refuses uploads that are not transcripts, and keeps none of them', async () => {
    const { api, uploads } = await apiOverBadFolder();
    const cases: Array<[string, Uint8Array, string, RegExp]> = [
      ['empty.txt', new Uint8Array(), 'empty', /^The file is empty; /],
      ['blank.txt', new TextEncoder().encode(' \n\n '), 'empty', /^The file holds only blank space; /],
      ['photo.png', PNG, 'binary', /^The file is not plain text /],
      ['noise.txt', noise(3000), 'binary', /^The file is not plain text /],
      ['report.docx', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...noise(100)]), 'binary', /^The Word document could not be read /],
      ['huge.txt', new Uint8Array(SIXTY_MB), 'too-large', /^"huge\.txt" is 60 MB; Parley opens transcripts up to 50 MB\. /],
    ];
    for (const [name, bytes, code, message] of cases) {
      const e = await refusal(api.dispatch('upload', { name, base64: Buffer.from(bytes).toString('base64') }));
      expect(e.code, name).toBe(code);
      expect(e.message, name).toMatch(message);
    }
    // Not even the upload folder: a refused upload leaves no trace on disk.
    await expect(snapshot(uploads)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await api.dispatch('listFiles', {})).not.toContainEqual(expect.objectContaining({ name: 'empty.txt', location: expect.stringContaining(uploads) }));
  });
});

describe('the browser host on what is not a transcript', () => {
  let host: WebHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('answers each with a 4xx and the same sentence as JSON, and writes nothing', async () => {
    const dir = await tempDir('parley-bad-input-');
    await writeBadInputs(dir);
    const base = await tempDir('parley-host-');
    await mkdir(join(base, 'renderer'));
    await writeFile(join(base, 'renderer', 'index.html'), '<!doctype html><title>Parley</title>');
    host = await startWebHost({ roots: [dir], rendererDir: join(base, 'renderer'), uploadDir: join(base, 'uploads') });
    const before = await snapshot(dir);
    const baseBefore = await snapshot(base);
    for (const input of BAD_INPUTS) {
      const res = await fetch(`${host.origin}/api/openPath`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Parley-Token': host.token },
        body: JSON.stringify({ path: input.name }),
      });
      expect(res.status, input.what).toBeGreaterThanOrEqual(400);
      expect(res.status, input.what).toBeLessThan(500);
      const { error } = ApiErrorSchema.parse(await res.json());
      if (input.name === 'chapter' || input.name === 'photo.png') {
        // A served folder offers its transcripts only: a folder or an image in it cannot even be named.
        expect(error.code, input.what).toBe('access-denied');
        expect(error.message, input.what).toMatch(/^Parley may only open files you chose and transcripts \(.+\) inside the folders it serves; "(chapter|photo\.png)" is not one of them\.$/);
      } else {
        expect(error.code, input.what).toBe(input.code);
        expect(error.message, input.what).toMatch(input.message);
      }
    }
    expect(await snapshot(dir)).toEqual(before);
    expect(await snapshot(base)).toEqual(baseBefore);
  });
});
