/**
 * `parley export` as a user runs it: the real process on real folders (spawned like `npx tsx
 * annotations/cli.ts export ...`), plus `main()` in-process for the terminal progress bar.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../annotations/cli.js';
import { FIXTURE_NAME, FIXTURE_PATH, ROOT } from './helpers.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-export-cli-'));
  made.push(dir);
  return dir;
}

function parley(cwd: string, ...args: string[]) {
  // What `npx tsx annotations/cli.ts` runs, from a folder outside the repository as a user would.
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'annotations/cli.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file below a folder, as sorted relative paths. */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  await walk(dir);
  return out.sort();
}

async function digest(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await tree(dir)) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

/** A folder with the annotated fixture (and its sidecar), a transcript in a subfolder, and things that are not transcripts. */
async function projectFolder(): Promise<string> {
  const dir = await temp();
  await copyFile(FIXTURE_PATH, join(dir, FIXTURE_NAME));
  await copyFile(`${FIXTURE_PATH}.annotations.json`, join(dir, `${FIXTURE_NAME}.annotations.json`));
  await mkdir(join(dir, 'more'));
  await copyFile(join(ROOT, 'test/fixtures/conventions/interview.txt'), join(dir, 'more', 'interview.txt'));
  await mkdir(join(dir, '.hidden'));
  await writeFile(join(dir, '.hidden', 'secret.txt'), 'Alice: not to be exported.\n');
  await writeFile(join(dir, 'photo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  return dir;
}

describe('parley export', () => {
  it('exports every transcript in a folder into --out, keeping subfolders, touching no source', async () => {
    const project = await projectFolder();
    const before = await digest(project);
    const out = join(await temp(), 'exports');
    const run = parley(project, 'export', '.', '--format', 'csv', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      `${FIXTURE_NAME} -> ${join(out, `${FIXTURE_NAME}.csv`)}`,
      `more/interview.txt -> ${join(out, 'more', 'interview.txt.csv')}`,
      `Exported 2 files as csv to ${out}.`,
    ]);
    expect(await tree(out)).toEqual(['more/interview.txt.csv', `${FIXTURE_NAME}.csv`]);
    const rows = Papa.parse(await readFile(join(out, `${FIXTURE_NAME}.csv`), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(27);
    expect(await digest(project)).toEqual(before);
  });

  it('writes to the current folder when --out is not given, and honours the options', async () => {
    const project = await projectFolder();
    const here = await temp();
    const run = parley(here, 'export', join(project, FIXTURE_NAME), '--format', 'md', '--kinds', 'claim', '--speakers', 'Natalya Kushnir');
    expect(run.status).toBe(0);
    expect(await tree(here)).toEqual([`${FIXTURE_NAME}.md`]);
    const md = await readFile(join(here, `${FIXTURE_NAME}.md`), 'utf8');
    expect(md).toContain('**Natalya Kushnir**');
    expect(md).not.toContain('**Mark Rutte**');
    expect(md.match(/^\[\^\d+\]: /gm)).toEqual(['[^1]: ']);
  });

  it('reports a file that fails, exports the rest, and exits 1', async () => {
    const dir = await temp();
    await copyFile(join(ROOT, 'test/fixtures/conventions/interview.txt'), join(dir, 'b-good.txt'));
    await writeFile(join(dir, 'a-empty.txt'), '');
    const out = await temp();
    const run = parley(dir, 'export', dir, '--format', 'html', '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^parley: could not export .*a-empty\.txt: .*empty/m);
    expect(run.stderr).toMatch(/parley: exported 1 of 2 files to .*; 1 failed\.\n$/);
    expect(await tree(out)).toEqual(['b-good.txt.html']);
  });

  it('never writes over a source file, even when --out is the source folder', async () => {
    const dir = await temp();
    // "talk.txt" exported as md would be "talk.txt.md", which is itself a transcript being exported.
    await copyFile(join(ROOT, 'test/fixtures/conventions/interview.txt'), join(dir, 'talk.txt'));
    await copyFile(join(ROOT, 'test/fixtures/conventions/town-hall.md'), join(dir, 'talk.txt.md'));
    const before = await readFile(join(dir, 'talk.txt.md'));
    const lines: string[] = [];
    const code = await main(['export', dir, '--format', 'md', '--out', dir], {
      stdout: (t) => lines.push(t),
      stderr: (t) => lines.push(t),
      cwd: dir,
    });
    expect(code).toBe(1);
    expect(lines.join('')).toMatch(/could not export talk\.txt: Exporting would write over .*talk\.txt\.md, a transcript or annotations file/);
    expect((await readFile(join(dir, 'talk.txt.md'))).equals(before)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['talk.txt', 'talk.txt.md', 'talk.txt.md.md']);
  });

  it('says why subtitles cannot be made from an untimed transcript', async () => {
    const project = await projectFolder();
    const errors: string[] = [];
    const code = await main(['export', join(project, FIXTURE_NAME), '--format', 'vtt', '--out', await temp()], {
      stdout: () => {},
      stderr: (t) => errors.push(t),
      cwd: project,
    });
    expect(code).toBe(1);
    expect(errors.join('')).toMatch(/has no times, so it cannot be exported as WebVTT subtitles/);
  });

  it('draws a progress bar on a terminal instead of a line per file', async () => {
    const project = await projectFolder();
    const out = await temp();
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(['export', project, '--format', 'txt', '--out', out], {
      stdout: (t) => stdout.push(t),
      stderr: (t) => stderr.push(t),
      cwd: project,
      tty: true,
      columns: 80,
    });
    expect(code).toBe(0);
    const bar = stderr.join('');
    expect(bar).toContain('\r[###############---------------] 1/2 ');
    expect(bar).toContain('\r[##############################] 2/2 more/interview.txt');
    expect(bar.endsWith('\r\x1b[K')).toBe(true);
    expect(stdout).toEqual([`Exported 2 files as txt to ${out}.\n`]);
  });

  it('refuses bad arguments with exit code 2 and a pointer to --help', async () => {
    const dir = await temp();
    const run = parley(dir, 'export', FIXTURE_PATH, '--format', 'pdf');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no export format "pdf"; choose one of md, html, docx, csv, w3c, tei, claimreview, brat, qdpx, txt, srt, vtt; run "parley --help"/);
    const io = () => {
      const err: string[] = [];
      return { err, io: { stdout: () => {}, stderr: (t: string) => err.push(t), cwd: dir } };
    };
    for (const [args, message] of [
      [['export', FIXTURE_PATH], /export needs --format/],
      [['export', '--format', 'md'], /export needs at least one file or folder/],
      [['export', FIXTURE_PATH, '--format', 'csv', '--kinds', 'topic,quote'], /"quote" is not a kind of annotation/],
      [['export', FIXTURE_PATH, '--format', 'csv', '--text', 'raw'], /--text is corrected or source/],
      [['inspect', FIXTURE_PATH, '--format', 'md'], /--format is an option of export, not of inspect/],
    ] as const) {
      const { err, io: cliIo } = io();
      expect(await main([...args], cliIo)).toBe(2);
      expect(err.join('')).toMatch(message);
    }
    const { err, io: cliIo } = io();
    expect(await main(['export', join(dir, 'missing.txt'), '--format', 'md'], cliIo)).toBe(1);
    expect(err.join('')).toMatch(/No file or folder at .*missing\.txt/);
    expect(await readdir(dir)).toEqual([]);
  });
});
