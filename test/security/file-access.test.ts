/**
 * The backend reads and writes only files the user opened and their companions (sidecar, its
 * backup, the folder codebook), on every transport: the in-process `dispatch` that Electron's IPC
 * handlers call (electron/ipc.ts passes the renderer's arguments to it untouched), and HTTP through
 * the browser host. Each hostile request below must be refused with 'access-denied', and no answer
 * may carry a byte of the secrets planted outside the served folder or hidden inside it.
 *
 * The layout is a served folder as a hostile download could leave it: links that point out of it,
 * a sidecar that is a link to someone else's file, a codebook that is a link, a FIFO posing as a
 * sidecar, hidden files and folders, files that are not transcripts.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessPolicy, companionsOf } from '../../annotations/access.js';
import { createApiService, type ApiService } from '../../annotations/api-service.js';
import { DocumentService } from '../../annotations/document-service.js';
import { startWebHost, type WebHost } from '../../annotations/web-host.js';
import { ApiErrorSchema, FileChoiceSchema, OpenResultSchema } from '../../shared/api.js';
import { sampleSidecar, tempDir } from '../annotations/helpers.js';

const SECRET = 'TOP-SECRET-7f3a';
const TRANSCRIPT = 'Mark Rutte:\nGood afternoon.\n\nQ:\nA question?\n';

interface Layout {
  base: string;
  root: string;
  outside: string;
}

async function layout(): Promise<Layout> {
  const base = await tempDir('parley-access-');
  const root = join(base, 'served');
  const outside = join(base, 'outside');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(join(root, '.git'));
  await mkdir(join(root, 'linked-codebook'));
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), `${SECRET}\n`);
  // A sidecar elsewhere, valid, whose content would show if a link to it were followed.
  const foreign = sampleSidecar();
  foreign.metadata = { title: SECRET };
  await writeFile(join(outside, 'other.txt.annotations.json'), JSON.stringify(foreign));
  await writeFile(join(outside, 'parley.codebook.json'), JSON.stringify({ format: 'parley-codebook', topics: [{ label: SECRET }] }));

  await writeFile(join(root, 'a.txt'), TRANSCRIPT);
  await writeFile(join(root, 'sub', 'b.md'), TRANSCRIPT);
  await writeFile(join(root, '.env'), `TOKEN=${SECRET}\n`);
  await writeFile(join(root, '.git', 'notes.txt'), `${SECRET}\n`);
  await writeFile(join(root, 'settings.json'), `{"token": "${SECRET}"}`);
  await symlink(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
  await symlink(outside, join(root, 'linked-folder'));
  // The sidecar name trick: a transcript whose "sidecar" is a link to a file outside.
  await writeFile(join(root, 'trick.txt'), TRANSCRIPT);
  await symlink(join(outside, 'other.txt.annotations.json'), join(root, 'trick.txt.annotations.json'));
  await writeFile(join(root, 'backup-trick.txt'), TRANSCRIPT);
  await symlink(join(outside, 'other.txt.annotations.json'), join(root, 'backup-trick.txt.annotations.json.bak'));
  await writeFile(join(root, 'linked-codebook', 'c.txt'), TRANSCRIPT);
  await symlink(join(outside, 'parley.codebook.json'), join(root, 'linked-codebook', 'parley.codebook.json'));
  // A FIFO as a sidecar would hang the reader for ever.
  await writeFile(join(root, 'fifo.txt'), TRANSCRIPT);
  execFileSync('mkfifo', [join(root, 'fifo.txt.annotations.json')]);
  return { base, root, outside };
}

/** Paths a compromised page or a local attacker would try, relative to the served folder or absolute. */
function hostilePaths({ root, outside }: Layout): string[] {
  return [
    '../outside/secret.txt',
    '../../../../../../etc/passwd',
    '/etc/passwd',
    join(outside, 'secret.txt'),
    join(root, 'sub', '..', '..', 'outside', 'secret.txt'),
    `${root}/sub/../../outside/secret.txt`,
    'link-out.txt',
    join(root, 'linked-folder', 'secret.txt'),
    'linked-folder/other.txt.annotations.json',
    '.env',
    '.git/notes.txt',
    join(root, '.git', 'notes.txt'),
    'settings.json',
    'a.txt\0.annotations.json',
    'trick.txt',
    'trick.txt.annotations.json',
    'backup-trick.txt',
    'linked-codebook/c.txt',
    'fifo.txt',
    'fifo.txt.annotations.json',
    root,
    '.',
    '..',
  ];
}

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function services(l: Layout): Promise<{ api: ApiService; host: WebHost }> {
  const api = createApiService({
    policy: await AccessPolicy.create({ roots: [l.root] }),
    service: new DocumentService({ draftsDir: join(l.base, 'drafts') }),
    uploadDir: join(l.base, 'uploads'),
  });
  const rendererDir = join(l.base, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
  host = await startWebHost({ roots: [l.root], rendererDir, uploadDir: join(l.base, 'uploads') });
  return { api, host };
}

async function overHttp(h: WebHost, method: string, args: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Parley-Token': h.token },
    body: JSON.stringify(args),
  });
  return { status: res.status, text: await res.text() };
}

/** A dispatch that must fail: its error, checked to carry no secret. */
async function refusal(api: ApiService, method: string, args: unknown): Promise<{ code: string; message: string }> {
  try {
    const result = await api.dispatch(method, args);
    throw new Error(`${method} ${JSON.stringify(args)} was answered: ${JSON.stringify(result).slice(0, 300)}`);
  } catch (e) {
    const error = e as { code?: string; message: string };
    expect(error.message).not.toContain(SECRET);
    return { code: error.code ?? 'none', message: error.message };
  }
}

describe('file access on every transport', () => {
  it('refuses every path outside what the user opened, in-process and over HTTP', async () => {
    const l = await layout();
    const { api, host } = await services(l);
    for (const path of hostilePaths(l)) {
      const direct = await refusal(api, 'openPath', { path });
      expect(direct.code, `dispatch ${JSON.stringify(path)}: ${direct.message}`).toBe('access-denied');
      const http = await overHttp(host, 'openPath', { path });
      expect(http.status, `HTTP ${JSON.stringify(path)}: ${http.text}`).toBe(403);
      expect(ApiErrorSchema.parse(JSON.parse(http.text)).error.code).toBe('access-denied');
      expect(http.text).not.toContain(SECRET);
    }
  });

  it('says why a transcript with a linked sidecar is refused', async () => {
    const l = await layout();
    const { api } = await services(l);
    const { message } = await refusal(api, 'openPath', { path: 'trick.txt' });
    expect(message).toMatch(/"trick\.txt\.annotations\.json" beside "trick\.txt" is a link to another file/);
    expect((await refusal(api, 'openPath', { path: 'fifo.txt' })).message).toMatch(/is not a regular file/);
  });

  it('refuses ids it never gave, for every method that takes one', async () => {
    const l = await layout();
    const { api, host } = await services(l);
    for (const [method, args] of [
      ['openFile', { fileId: 'made-up' }],
      ['preview', { fileId: '../../etc/passwd' }],
      ['importFile', { fileId: '/etc/passwd' }],
      ['exportFile', { fileId: 'x', format: 'txt', options: {} }],
    ] as const) {
      expect((await refusal(api, method, args)).code, method).toBe('access-denied');
      expect((await overHttp(host, method, args)).status, method).toBe(403);
    }
  });

  it('offers only the transcripts it may open, and opens and saves them beside themselves', async () => {
    const l = await layout();
    const { api, host } = await services(l);
    const viaHttp = FileChoiceSchema.array().parse(JSON.parse((await overHttp(host, 'listFiles', {})).text));
    const offered = FileChoiceSchema.array().parse(await api.dispatch('listFiles', {}));
    expect(viaHttp.map((f) => f.name)).toEqual(offered.map((f) => f.name));
    // Files whose companions are links or FIFOs are listed (the listing does not open them) but refused on open.
    expect(offered.map((f) => f.name).sort()).toEqual(['a.txt', 'b.md', 'backup-trick.txt', 'c.txt', 'fifo.txt', 'trick.txt']);
    for (const f of offered) {
      const ok = ['a.txt', 'b.md'].includes(f.name);
      if (ok) {
        const opened = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: f.id }));
        expect(JSON.stringify(opened)).not.toContain(SECRET);
        await api.dispatch('save', { docId: opened.docId, body: opened.body });
      } else {
        expect((await refusal(api, 'openFile', { fileId: f.id })).code, f.name).toBe('access-denied');
        expect((await overHttp(host, 'openFile', { fileId: f.id })).status, f.name).toBe(403);
      }
    }
    const opened = OpenResultSchema.parse(await api.dispatch('openPath', { path: 'sub/b.md' }));
    expect(opened.fileName).toBe('b.md');
    // The saves wrote sidecars beside their transcripts, and nothing went outside.
    expect((await readdir(l.root)).filter((n) => n.startsWith('a.txt'))).toContain('a.txt.annotations.json');
    expect((await readdir(l.outside)).sort()).toEqual(['other.txt.annotations.json', 'parley.codebook.json', 'secret.txt']);
    expect(await readFile(join(l.outside, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
  });
});

describe('the policy', () => {
  it('refuses a file chosen in a dialog (or from the recent list) whose sidecar is a link, and allows the file itself otherwise', async () => {
    const l = await layout();
    const policy = await AccessPolicy.create();
    await expect(policy.allowFile(join(l.root, 'trick.txt'))).rejects.toMatchObject({ code: 'access-denied' });
    await expect(policy.allowFile(join(l.root, 'linked-codebook', 'c.txt'))).rejects.toMatchObject({ code: 'access-denied' });
    // A single chosen file may have any name; what lies beside it stays closed.
    expect(await policy.allowFile(join(l.root, 'settings.json'))).toBe(await realpath(join(l.root, 'settings.json')));
    await expect(policy.checkPath(join(l.root, '.env'))).rejects.toMatchObject({ code: 'access-denied' });
  });

  it('names the companions it checks: the sidecar, its backup and the folder codebook', () => {
    expect(companionsOf('/data/x.txt')).toEqual(['/data/x.txt.annotations.json', '/data/x.txt.annotations.json.bak', '/data/parley.codebook.json']);
  });

  it('does not count a hidden folder above the served root against it', async () => {
    const base = await tempDir('parley-access-');
    const root = join(base, '.config', 'transcripts');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'a.txt'), TRANSCRIPT);
    const policy = await AccessPolicy.create({ roots: [root] });
    expect(await policy.checkPath('a.txt')).toMatch(/[/\\]\.config[/\\]transcripts[/\\]a\.txt$/);
  });
});
