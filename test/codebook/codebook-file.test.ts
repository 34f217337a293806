import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCodebook } from '../../shared/annotation.js';
import { codebookToJSON, createTopic } from '../../shared/codebook/index.js';
import { isParleyError } from '../../shared/errors.js';
import { CODEBOOK_FILE_NAME, readFolderCodebook, reconcile, writeFolderCodebook } from '../../annotations/codebook-file.js';
import { book, topic } from './builders.js';

const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-codebook-'));
  made.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isParleyError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not refuse');
}

const sample = createTopic(createTopic(emptyCodebook(), { label: 'War', key: 1 }).codebook, { label: 'Drones', parent: 'war' }).codebook;

describe('the folder codebook file', () => {
  it('is named parley.codebook.json', () => {
    expect(CODEBOOK_FILE_NAME).toBe('parley.codebook.json');
  });

  it('reads an empty codebook and no problem when there is no file', async () => {
    const dir = await tempDir();
    expect(await readFolderCodebook(dir)).toEqual({ codebook: emptyCodebook(), problem: null });
  });

  it('round-trips, pretty-printed with a stable key order, and leaves no temp file', async () => {
    const dir = await tempDir();
    await writeFolderCodebook(dir, sample);
    expect(await readdir(dir)).toEqual([CODEBOOK_FILE_NAME]);
    expect(await readFolderCodebook(dir)).toEqual({ codebook: sample, problem: null });
    const text = await readFile(join(dir, CODEBOOK_FILE_NAME), 'utf8');
    expect(text).toBe(codebookToJSON(sample));
    expect(text).toContain('\n  "topics": [\n    {\n      "id": "war",');
  });

  it('runs writes to one folder in call order: the last one wins', async () => {
    const dir = await tempDir();
    const versions = Array.from({ length: 20 }, (_, i) => book(topic('t', { label: `Version ${i}` })));
    await Promise.all(versions.map((v) => writeFolderCodebook(dir, v)));
    expect((await readFolderCodebook(dir)).codebook).toEqual(versions.at(-1));
    expect(await readdir(dir)).toEqual([CODEBOOK_FILE_NAME]);
  });

  it.each([
    ['not JSON', '{"topics": [', /^"parley\.codebook\.json" is not valid JSON \(.+\)\. Parley left it untouched/],
    ['a bad colour', JSON.stringify({ ...book(topic('a', { label: 'War', color: 'red' })) }), /^"parley\.codebook\.json" does not match the codebook format \(topic 1 \("War"\), color: must be a colour like #1f77b4\)\. Parley left it untouched and will not save the codebook over it/],
    ['a loop', JSON.stringify(book(topic('a', { parent: 'b' }), topic('b', { parent: 'a' }))), /is inconsistent \(the topic "A" is its own ancestor/],
    ['another format', '{"format":"parley-annotations","version":1}', /is not a Parley codebook/],
  ])('reports a file with %s, returns an empty codebook, and never writes over it', async (_what, content, message) => {
    const dir = await tempDir();
    const path = join(dir, CODEBOOK_FILE_NAME);
    await writeFile(path, content);
    const before = await readFile(path);
    const read = await readFolderCodebook(dir);
    expect(read.codebook).toEqual(emptyCodebook());
    expect(read.problem).toMatch(message);
    const refused = await refusal(writeFolderCodebook(dir, sample));
    expect(refused.code).toBe('sidecar-invalid');
    expect(refused.message).toBe(read.problem);
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(await readdir(dir)).toEqual([CODEBOOK_FILE_NAME]);
  });

  it('reports a file that is not UTF-8, or a folder in its place', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, CODEBOOK_FILE_NAME), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect((await readFolderCodebook(dir)).problem).toMatch(/^"parley\.codebook\.json" is not UTF-8 text\. /);
    const other = await tempDir();
    await mkdir(join(other, CODEBOOK_FILE_NAME));
    expect((await readFolderCodebook(other)).problem).toMatch(/^"parley\.codebook\.json" is a folder, not a file\. /);
    expect((await refusal(writeFolderCodebook(other, sample))).code).toBe('sidecar-invalid');
  });

  it('refuses to save an inconsistent codebook, leaving the file as it was', async () => {
    const dir = await tempDir();
    await writeFolderCodebook(dir, sample);
    const before = await readFile(join(dir, CODEBOOK_FILE_NAME));
    const refused = await refusal(writeFolderCodebook(dir, book(topic('a', { key: 1 }), topic('b', { key: 1 }))));
    expect(refused).toEqual({
      code: 'bad-request',
      message: 'Parley refused to save "parley.codebook.json": the topics "A" and "B" both have the quick key 1.',
    });
    expect((await readFile(join(dir, CODEBOOK_FILE_NAME))).equals(before)).toBe(true);
    expect(await readdir(dir)).toEqual([CODEBOOK_FILE_NAME]);
  });

  it('reconcile adds a sidecar\'s unknown topics and names the sidecar in conflicts', () => {
    const sidecar = book(topic('war', { label: 'Warfare' }), topic('economy', { label: 'Economy' }));
    const r = reconcile(sample, sidecar, 'kyiv.txt.annotations.json');
    expect(r.added.map((t) => t.id)).toEqual(['economy']);
    expect(r.codebook.topics.map((t) => t.id)).toEqual(['war', 'drones', 'economy']);
    expect(r.conflicts).toEqual([
      'The topic "war" is called "War" in the folder\'s codebook and "Warfare" in "kyiv.txt.annotations.json"; Parley keeps "War".',
    ]);
  });
});
