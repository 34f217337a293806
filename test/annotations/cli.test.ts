import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentService } from '../../annotations/document-service.js';
import { KYIV, copyTranscript, listing, tempDir } from './helpers.js';

const REPO = join(import.meta.dirname, '..', '..');

function parley(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'annotations/cli.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface InspectJson {
  format: string;
  metadata: Record<string, string>;
  speakers: Array<{ id: string; name: string; role: string | null }>;
  turns: Array<{ speaker: string | null; text: string }>;
  warnings: string[];
}

describe('parley inspect', () => {
  it('prints the Kyiv transcript as one JSON object with 11 turns, and writes no file', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const before = await readFile(path);
    const run = parley('inspect', path, '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const view = JSON.parse(run.stdout) as InspectJson;
    expect(Object.keys(view)).toEqual(['format', 'metadata', 'speakers', 'turns', 'warnings', 'annotations']);
    expect(typeof view.format).toBe('string');
    expect(view.turns).toHaveLength(11);
    for (const s of view.speakers) expect(Object.keys(s).slice(0, 3)).toEqual(['id', 'name', 'role']);
    const ids = new Set(view.speakers.map((s) => s.id));
    for (const t of view.turns) {
      expect(t.speaker === null || ids.has(t.speaker)).toBe(true);
      expect(typeof t.text).toBe('string');
    }
    expect(await listing(dir)).toEqual([KYIV]);
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('shows the saved annotations when there is a valid sidecar, and leaves it as it was', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const opened = await service.open(path);
    const body = structuredClone(opened.body);
    body.speakers[0]!.name = 'Someone Renamed';
    body.metadata.checked = 'by the test';
    await service.save(opened.docId, body);
    const sidecar = await readFile(join(dir, `${KYIV}.annotations.json`));

    const view = JSON.parse(parley('inspect', path, '--json').stdout) as InspectJson;
    expect(view.speakers[0]?.name).toBe('Someone Renamed');
    expect(view.metadata.checked).toBe('by the test');
    expect((await readFile(join(dir, `${KYIV}.annotations.json`))).equals(sidecar)).toBe(true);
    expect(await listing(dir)).toEqual([KYIV, `${KYIV}.annotations.json`]);
  });

  it('prints a readable summary without --json', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const run = parley('inspect', path);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`File: ${KYIV}`);
    expect(run.stdout).toMatch(/Read as: \S+ \(confidence \d\.\d\d\), imported afresh/);
    expect(run.stdout).toMatch(/Speakers \(\d+\):/);
    expect(run.stdout).toMatch(/Turns: 11, the first 5:/);
    expect(await listing(dir)).toEqual([KYIV]);
  });

  it('fails on a missing file with one line on stderr and exit code 1', async () => {
    const dir = await tempDir();
    const run = parley('inspect', join(dir, 'missing.txt'), '--json');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^parley: No file at .*missing\.txt; check the path\.\n$/);
    expect(await listing(dir)).toEqual([]);
  });

  it('exits 2 with a usage hint for bad usage, and prints help with --help', () => {
    for (const args of [[], ['export'], ['inspect'], ['inspect', 'a', 'b'], ['inspect', 'a', '--yaml']]) {
      const run = parley(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    const help = parley('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: parley inspect FILE \[--json\]/);
  });
});
