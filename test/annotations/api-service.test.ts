import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../annotations/access.js';
import { createApiService, decodeBase64, safeFileName } from '../../annotations/api-service.js';
import { DocumentService } from '../../annotations/document-service.js';
import { OpenResultSchema } from '../../shared/api.js';
import { makeTarget } from '../../shared/anchoring/target.js';
import { workingText } from '../../shared/anchoring/working-text.js';
import { KYIV, TRANSCRIPTS, copyTranscript, listing, tempDir } from './helpers.js';

async function setup(openDialog?: () => Promise<string | null>) {
  const root = await tempDir();
  const uploadDir = join(await tempDir(), 'uploads');
  await copyTranscript(root);
  const policy = await AccessPolicy.create({ roots: [root] });
  const api = createApiService({ policy, service: new DocumentService(), uploadDir, openDialog });
  return { root, uploadDir, policy, api };
}

describe('createApiService dispatch', () => {
  it('rejects unknown methods, including inherited and internal names', async () => {
    const { api } = await setup();
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'dispatch', '']) {
      await expect(api.dispatch(method, {}), method).rejects.toMatchObject({ code: 'bad-request' });
    }
  });

  it('rejects bad arguments with a sentence naming the problem', async () => {
    const { api } = await setup();
    await expect(api.dispatch('openPath', {})).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringMatching(/^Bad arguments for openPath: path: /),
    });
    await expect(api.dispatch('openPath', { path: 5 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.dispatch('openPath', null)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.dispatch('openFile', { fileId: '' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.dispatch('save', { docId: 'x', body: { turns: 'no' } })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await expect(api.dispatch('upload', { name: 'a.txt' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('lists, opens, saves and closes, every result matching the contract', async () => {
    const { api, root } = await setup();
    const files = (await api.dispatch('listFiles', {})) as Array<{ id: string; name: string }>;
    expect(files.map((f) => f.name)).toEqual([KYIV]);
    const opened = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: files[0]!.id }));
    const saved = (await api.dispatch('save', { docId: opened.docId, body: opened.body })) as { bytes: number };
    expect(saved.bytes).toBeGreaterThan(0);
    expect(await listing(root)).toEqual([KYIV, `${KYIV}.annotations.json`]);
    expect(await api.dispatch('close', { docId: opened.docId })).toEqual({});
    const listed = (await api.dispatch('listFiles', undefined)) as Array<{ hasSidecar: boolean }>;
    expect(listed[0]?.hasSidecar).toBe(true);
  });

  it('opens typed paths inside the roots and refuses the rest', async () => {
    const { api, root } = await setup();
    const opened = OpenResultSchema.parse(await api.dispatch('openPath', { path: join(root, KYIV) }));
    expect(opened.fileName).toBe(KYIV);
    await expect(api.dispatch('openPath', { path: join(TRANSCRIPTS, KYIV) })).rejects.toMatchObject({
      code: 'access-denied',
    });
    await expect(api.dispatch('openPath', { path: join(root, '..', '..', 'etc', 'passwd') })).rejects.toMatchObject({
      code: 'access-denied',
    });
  });

  it('returns null from openDialog without a dialog, and opens (and allows) what a dialog chose', async () => {
    expect(await (await setup()).api.dispatch('openDialog', {})).toBeNull();
    const elsewhere = await tempDir();
    const chosen = await copyTranscript(elsewhere);
    const { api } = await setup(async () => chosen);
    const opened = OpenResultSchema.parse(await api.dispatch('openDialog', {}));
    expect(opened.fileName).toBe(KYIV);
    expect(await (await setup(async () => null)).api.dispatch('openDialog', {})).toBeNull();
  });

  it('stores an upload under a safe name inside the upload folder and opens it', async () => {
    const { api, uploadDir } = await setup();
    const bytes = await readFile(join(TRANSCRIPTS, KYIV));
    const opened = OpenResultSchema.parse(
      await api.dispatch('upload', { name: '../../evil/..\\kyiv.txt', base64: bytes.toString('base64') }),
    );
    expect(opened.fileName).toBe('kyiv.txt');
    const folders = await readdir(uploadDir);
    expect(folders).toHaveLength(1);
    expect(await readdir(join(uploadDir, folders[0]!))).toEqual(['kyiv.txt']);
    expect((await readFile(join(uploadDir, folders[0]!, 'kyiv.txt'))).equals(bytes)).toBe(true);
    await api.dispatch('save', { docId: opened.docId, body: opened.body });
    expect((await readdir(join(uploadDir, folders[0]!))).sort()).toEqual(['kyiv.txt', 'kyiv.txt.annotations.json']);
    // The same name again gets its own folder.
    await api.dispatch('upload', { name: 'kyiv.txt', base64: bytes.toString('base64') });
    expect(await readdir(uploadDir)).toHaveLength(2);
  });

  it('refuses a broken base64 upload', async () => {
    const { api } = await setup();
    await expect(api.dispatch('upload', { name: 'a.txt', base64: 'not base64!' })).rejects.toMatchObject({
      code: 'bad-request',
    });
  });
});

describe('upload helpers', () => {
  it('safeFileName strips folders, odd characters, leading dots and device names', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\talk.txt')).toBe('talk.txt');
    expect(safeFileName('..')).toBe('upload.txt');
    expect(safeFileName('.hidden.txt')).toBe('hidden.txt');
    expect(safeFileName('a<b>:c|d?.txt')).toBe('a_b__c_d_.txt');
    expect(safeFileName('con.txt')).toBe('_con.txt');
    expect(safeFileName('línea 🎤.txt')).toBe('línea 🎤.txt');
  });

  it('decodeBase64 accepts standard and URL-safe base64 and refuses anything else', () => {
    expect(decodeBase64('aGVsbG8=').toString()).toBe('hello');
    expect(decodeBase64('aGVs\nbG8=').toString()).toBe('hello');
    expect(decodeBase64('-_8').equals(Buffer.from([0xfb, 0xff]))).toBe(true);
    expect(() => decodeBase64('aGVsbG8=!')).toThrow();
    expect(() => decodeBase64('a')).toThrow();
  });
});

describe('opening with deferAnnotations', () => {
  it('sends the text first and the annotations on request, exactly as saved', async () => {
    const { api, root } = await setup();
    const [file] = await api.listFiles({});
    const first = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: file!.id }));
    // One annotation on the opening words, saved.
    const annotation = {
      id: 'a1',
      kind: 'note' as const,
      target: makeTarget(workingText(first.body.turns).text, 0, 12),
      detached: false,
      topics: [],
      note: 'Deferred, not dropped.',
      claim: null,
      created: '2025-01-01T00:00:00.000Z',
      modified: '2025-01-01T00:00:00.000Z',
    };
    await api.dispatch('save', { docId: first.docId, body: { ...first.body, annotations: [annotation] } });
    await api.dispatch('close', { docId: first.docId });

    const opened = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: file!.id, deferAnnotations: true }));
    expect(opened.body.annotations).toBeUndefined();
    expect(opened.deferredAnnotations).toBe(true);
    const later = (await api.dispatch('annotations', { docId: opened.docId })) as { annotations: unknown[] };
    expect(later.annotations).toEqual([annotation]);
    // Without the flag, nothing changes.
    const whole = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: file!.id }));
    expect(whole.deferredAnnotations).toBeUndefined();
    expect(whole.body.annotations).toEqual([annotation]);
    expect(await listing(root)).toContain(`${KYIV}.annotations.json`);
  });
});
