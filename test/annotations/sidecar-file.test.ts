import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { isParleyError } from '../../shared/errors.js';
import { SidecarSchema, type Sidecar } from '../../shared/sidecar.js';
import { SidecarFile } from '../../annotations/sidecar-file.js';
import { listing, sampleSidecar, tempDir } from './helpers.js';

const NAME = 'kyiv.txt.annotations.json';

async function readError(file: SidecarFile): Promise<unknown> {
  return file.read().then(
    () => null,
    (e: unknown) => e,
  );
}

describe('SidecarFile', () => {
  it('reads null when there is no sidecar', async () => {
    const dir = await tempDir();
    expect(await new SidecarFile(join(dir, NAME)).read()).toBeNull();
  });

  it('round-trips: what is saved is what is loaded', async () => {
    const dir = await tempDir();
    const file = new SidecarFile(join(dir, NAME));
    const data = sampleSidecar();
    await file.write(data);
    expect(await new SidecarFile(join(dir, NAME)).read()).toEqual(data);
  });

  it('works as the adapter of lowdb Low', async () => {
    const dir = await tempDir();
    const db = new Low<Sidecar>(new SidecarFile(join(dir, NAME)), sampleSidecar());
    await db.write();
    db.data.metadata.title = 'Changed';
    await db.write();
    const again = new Low<Sidecar>(new SidecarFile(join(dir, NAME)), sampleSidecar({ savedAt: 'never' }));
    await again.read();
    expect(again.data.metadata.title).toBe('Changed');
  });

  it('writes a stable key order: two saves of the same data are byte-identical', async () => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    const file = new SidecarFile(path);
    await file.write(sampleSidecar());
    const first = await readFile(path);
    // The same data with every object's keys in another order.
    const shuffled = JSON.parse(JSON.stringify(sampleSidecar()), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as Sidecar;
    await file.write(shuffled);
    expect((await readFile(path)).equals(first)).toBe(true);
    const text = first.toString('utf8');
    expect(text.indexOf('"format"')).toBeLessThan(text.indexOf('"version"'));
    expect(text.indexOf('"date"')).toBeLessThan(text.indexOf('"title"'));
    expect(text.endsWith('}\n')).toBe(true);
  });

  const invalid: Array<[string, string | ((s: Record<string, unknown>) => unknown), RegExp]> = [
    ['not JSON', '{"format": "parley-annotations", oops', /is not valid JSON/],
    ['empty file', '', /is not valid JSON/],
    ['a JSON array', '[]', /holds no JSON object/],
    ['the wrong format', (s) => ({ ...s, format: 'something-else' }), /not a Parley annotations file/],
    ['a missing format', (s) => ({ ...s, format: undefined }), /not a Parley annotations file/],
    ['a newer version', (s) => ({ ...s, version: 2 }), /newer Parley/],
    ['a version that is text', (s) => ({ ...s, version: '1' }), /unknown format version/],
    [
      'a turn missing its paragraphs',
      (s) => ({ ...s, turns: [{ id: 't1', speaker: null, label: null }] }),
      /turns\.0\.paragraphs/,
    ],
    ['a turn with no paragraph', (s) => ({ ...s, turns: [{ id: 't1', speaker: null, label: null, paragraphs: [] }] }), /turns\.0\.paragraphs/],
    ['a bad sha256', (s) => ({ ...s, source: { ...(s.source as object), sha256: 'xyz' } }), /source\.sha256/],
    ['metadata that is not text', (s) => ({ ...s, metadata: { title: 3 } }), /metadata\.title/],
    ['a missing speakers list', (s) => ({ ...s, speakers: undefined }), /speakers/],
    [
      'a turn naming an unknown speaker',
      (s) => ({ ...s, turns: [{ id: 't1', speaker: 'nobody', label: null, paragraphs: ['x'] }] }),
      /"nobody", who is not in the speaker list/,
    ],
    [
      'two turns with one id',
      (s) => ({ ...s, turns: [...(s.turns as object[]), { id: 't1', speaker: null, label: null, paragraphs: ['x'] }] }),
      /two turns have the id "t1"/,
    ],
  ];

  it.each(invalid)('refuses %s with sidecar-invalid and leaves the file untouched', async (_what, content, pattern) => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    const text =
      typeof content === 'string'
        ? content
        : JSON.stringify(content(JSON.parse(JSON.stringify(sampleSidecar())) as Record<string, unknown>), null, 2);
    await writeFile(path, text);
    const before = await readFile(path);
    const error = await readError(new SidecarFile(path));
    expect(isParleyError(error) && error.code).toBe('sidecar-invalid');
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message).toContain(`"${NAME}"`);
    expect(message).toContain('Parley left it untouched');
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(await listing(dir)).toEqual([NAME]);
  });

  it('refuses a sidecar that is not UTF-8, rather than repairing it', async () => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    await writeFile(path, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    const error = await readError(new SidecarFile(path));
    expect((error as Error).message).toMatch(/is not UTF-8/);
  });

  it('reads a sidecar saved with a byte order mark', async () => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    await writeFile(path, '\uFEFF' + JSON.stringify(sampleSidecar()));
    expect(await new SidecarFile(path).read()).toEqual(sampleSidecar());
  });

  it('refuses to write data that does not match the schema, and writes nothing', async () => {
    const dir = await tempDir();
    const file = new SidecarFile(join(dir, NAME));
    const bad = { ...sampleSidecar(), turns: [{ id: 't1', speaker: null, label: null, paragraphs: [] }] };
    await expect(file.write(bad)).rejects.toMatchObject({ code: 'bad-request' });
    const orphan = { ...sampleSidecar(), speakers: [] };
    await expect(file.write(orphan)).rejects.toMatchObject({ code: 'bad-request' });
    expect(await listing(dir)).toEqual([]);
  });

  it('leaves no temp files behind, only the sidecar and the previous save as .bak', async () => {
    const dir = await tempDir();
    const file = new SidecarFile(join(dir, NAME));
    await file.write(sampleSidecar({ savedAt: '0' }));
    expect(await listing(dir)).toEqual([NAME]);
    for (let i = 1; i < 5; i++) await file.write(sampleSidecar({ savedAt: String(i) }));
    expect(await listing(dir)).toEqual([NAME, `${NAME}.bak`]);
  });

  it('ends 200 concurrent writes with the last data, every promise settled, no temp files', async () => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    const file = new SidecarFile(path);
    const writes = Array.from({ length: 200 }, (_, i) => file.write(sampleSidecar({ savedAt: `write ${i}` })));
    await Promise.all(writes);
    await file.idle();
    const saved = SidecarSchema.parse(JSON.parse(await readFile(path, 'utf8')));
    expect(saved.savedAt).toBe('write 199');
    expect(await listing(dir)).toEqual([NAME, `${NAME}.bak`]);
  });

  it('keeps the old file and reports io when the folder is gone', async () => {
    const dir = await tempDir();
    const file = new SidecarFile(join(dir, 'missing-folder', NAME));
    await expect(file.write(sampleSidecar())).rejects.toMatchObject({ code: 'io' });
  });
});
