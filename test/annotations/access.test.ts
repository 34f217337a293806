import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessPolicy, isInside, isTranscriptName } from '../../annotations/access.js';
import { tempDir } from './helpers.js';

/** A served root with transcripts, and a folder outside it with a secret. */
async function layout() {
  const base = await tempDir();
  const root = join(base, 'served');
  const outside = join(base, 'outside');
  await mkdir(join(root, 'sub', 'deeper'), { recursive: true });
  await mkdir(join(root, '.hidden'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'a.txt'), 'A: hello\n');
  await writeFile(join(root, 'a.txt.annotations.json'), '{}');
  await writeFile(join(root, 'a.txt.annotations.2024-01-01T00-00-00-000Z.bak.json'), '{}');
  await writeFile(join(root, 'notes.pdf'), '%PDF');
  await writeFile(join(root, 'sub', 'b.md'), '# B');
  await writeFile(join(root, 'sub', 'deeper', 'c.VTT'), 'WEBVTT');
  await writeFile(join(root, '.hidden', 'd.txt'), 'hidden');
  await writeFile(join(outside, 'secret.txt'), 'secret');
  return { base, root, outside };
}

describe('AccessPolicy', () => {
  it('allows files inside a root, by absolute path and by a path relative to the first root', async () => {
    const { root } = await layout();
    const policy = await AccessPolicy.create({ roots: [root] });
    expect(await policy.checkPath(join(root, 'a.txt'))).toBe(join(policy.roots[0]!, 'a.txt'));
    expect(await policy.checkPath(join(root, 'sub', '..', 'sub', 'b.md'))).toBe(join(policy.roots[0]!, 'sub', 'b.md'));
    expect(await policy.checkPath('sub/b.md')).toBe(join(policy.roots[0]!, 'sub', 'b.md'));
    await expect(policy.checkPath('../outside/secret.txt')).rejects.toMatchObject({ code: 'access-denied' });
  });

  it('refuses paths outside the roots, including .. and absolute paths', async () => {
    const { root, outside } = await layout();
    const policy = await AccessPolicy.create({ roots: [root] });
    for (const path of [
      join(outside, 'secret.txt'),
      join(root, '..', 'outside', 'secret.txt'),
      `${root}/sub/../../outside/secret.txt`,
      '/etc/passwd',
      join(root, '..'),
    ]) {
      await expect(policy.checkPath(path), path).rejects.toMatchObject({ code: 'access-denied' });
    }
  });

  it('refuses a symlink inside a root that points out of it', async () => {
    const { root, outside } = await layout();
    await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
    await symlink(outside, join(root, 'linked-folder'));
    const policy = await AccessPolicy.create({ roots: [root] });
    await expect(policy.checkPath(join(root, 'link.txt'))).rejects.toMatchObject({ code: 'access-denied' });
    await expect(policy.checkPath(join(root, 'linked-folder', 'secret.txt'))).rejects.toMatchObject({
      code: 'access-denied',
    });
    const listed = (await policy.listFiles()).map((f) => f.name);
    expect(listed).not.toContain('link.txt');
    expect(listed).not.toContain('secret.txt');
  });

  it('does not reveal whether a file outside exists', async () => {
    const { root, outside } = await layout();
    const policy = await AccessPolicy.create({ roots: [root] });
    await expect(policy.checkPath(join(outside, 'no-such.txt'))).rejects.toMatchObject({ code: 'access-denied' });
    await symlink(outside, join(root, 'linked-folder'));
    await expect(policy.checkPath(join(root, 'linked-folder', 'no-such.txt'))).rejects.toMatchObject({
      code: 'access-denied',
    });
    await expect(policy.checkPath(join(root, 'no-such.txt'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('allows a single chosen file and nothing beside it', async () => {
    const { outside } = await layout();
    await writeFile(join(outside, 'other.txt'), 'other');
    const policy = await AccessPolicy.create();
    await policy.allowFile(join(outside, 'secret.txt'));
    expect(await policy.checkPath(join(outside, 'secret.txt'))).toMatch(/secret\.txt$/);
    await expect(policy.checkPath(join(outside, 'other.txt'))).rejects.toMatchObject({ code: 'access-denied' });
  });

  it('treats a file given as a root as one allowed file', async () => {
    const { outside } = await layout();
    const policy = await AccessPolicy.create({ roots: [join(outside, 'secret.txt')] });
    expect(policy.roots).toEqual([]);
    expect((await policy.listFiles()).map((f) => f.name)).toEqual(['secret.txt']);
  });

  it('refuses a root that does not exist', async () => {
    const base = await tempDir();
    await expect(AccessPolicy.create({ roots: [join(base, 'nope')] })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('lists transcript files below the roots with hasSidecar, skipping sidecars, backups and hidden folders', async () => {
    const { root } = await layout();
    const policy = await AccessPolicy.create({ roots: [root] });
    const files = await policy.listFiles();
    expect(files.map((f) => [f.name, f.hasSidecar])).toEqual([
      ['a.txt', true],
      ['b.md', false],
      ['c.VTT', false],
    ]);
    for (const f of files) expect(await policy.checkPath(policy.resolve(f.id))).toBe(join(f.location, f.name));
    // Ids are opaque and stable.
    expect((await policy.listFiles()).map((f) => f.id)).toEqual(files.map((f) => f.id));
    expect(files.every((f) => !f.id.includes('/'))).toBe(true);
  });

  it('refuses ids it never gave', async () => {
    const policy = await AccessPolicy.create();
    expect(() => policy.resolve('made-up')).toThrow(expect.objectContaining({ code: 'access-denied' }));
  });

  it('limits the depth of the listing', async () => {
    const { root } = await layout();
    const deep = join(root, '1', '2', '3', '4', '5', '6');
    await mkdir(deep, { recursive: true });
    await writeFile(join(deep, 'too-deep.txt'), 'x');
    const policy = await AccessPolicy.create({ roots: [root] });
    expect((await policy.listFiles()).map((f) => f.name)).not.toContain('too-deep.txt');
  });
});

describe('helpers', () => {
  it('isInside', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
    expect(isInside('/a/b', '/a/b/..c')).toBe(true);
  });

  it('isTranscriptName', () => {
    expect(['x.txt', 'x.TXT', 'x.md', 'x.vtt', 'x.srt', 'x.docx', 'x.text'].every(isTranscriptName)).toBe(true);
    expect(['x.json', 'x.txt.annotations.json', 'x.pdf', 'txt'].some(isTranscriptName)).toBe(false);
  });
});
