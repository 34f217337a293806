/**
 * What a save leaves on disk when things go wrong: the previous save kept as `<sidecar>.bak`, temp
 * files of killed writers swept, and a full disk, a read-only folder or a refused permission
 * reported in words with nothing on disk changed. Real files in temp folders; failures are injected
 * through SidecarFile's `fs` option at each step of a save.
 */
import { spawnSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AccessPolicy, isTranscriptName } from '../../annotations/access.js';
import {
  RENAME_ATTEMPTS,
  nodeFs,
  sweepStaleTemps,
  type WriterFileHandle,
  type WriterFs,
} from '../../annotations/atomic-file.js';
import { SidecarFile } from '../../annotations/sidecar-file.js';
import { isParleyError } from '../../shared/errors.js';
import { stringifySidecar, type Sidecar } from '../../shared/sidecar.js';
import { listing, sampleSidecar, tempDir } from './helpers.js';

const NAME = 'kyiv.txt.annotations.json';
const BAK = `${NAME}.bak`;

/**
 * Run `work` with every setTimeout it starts recorded (the delays asked for) and fired at once instead:
 * the pauses of a retry loop, without waiting them out or timing them on the clock.
 */
function pausesOf<T>(work: () => Promise<T>): { ms: number[]; result: Promise<T> } {
  const ms: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, delay?: number) => {
    ms.push(delay ?? 0);
    return realSetTimeout(handler, 0);
  }) as typeof setTimeout);
  return { ms, result: work().finally(() => spy.mockRestore()) };
}

const version = (n: number): Sidecar => sampleSidecar({ savedAt: `save ${n}` });
const bytesOf = (n: number): Buffer => Buffer.from(stringifySidecar(version(n)), 'utf8');

/** A folder holding the sidecar at save 2 and its .bak at save 1, as after two saves. */
async function twoSaves(): Promise<{ dir: string; path: string }> {
  const dir = await tempDir();
  const path = join(dir, NAME);
  const file = new SidecarFile(path);
  await file.write(version(1));
  await file.write(version(2));
  return { dir, path };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('the save succeeded, but it should have failed');
    },
    (e: unknown) => e as Error,
  );
}

function fsError(code: string): Error {
  return Object.assign(new Error(`${code}: simulated failure`), { code });
}

/** Where a fault can be injected; each names one file-system call of a save. */
type Step = 'open-temp' | 'write' | 'sync' | 'link' | 'rename-bak' | 'rename' | 'open-folder' | 'folder-sync';

/**
 * The real file system, except that the calls of `step` fail with `code` (the first `times` of
 * them, or all). Counts the calls of each step.
 */
function faulty(dir: string, step: Step | null, code: string, times = Infinity): { fs: WriterFs; calls: Map<Step, number> } {
  const calls = new Map<Step, number>();
  const hit = (s: Step): void => {
    const n = (calls.get(s) ?? 0) + 1;
    calls.set(s, n);
    if (s === step && n <= times) throw fsError(code);
  };
  const wrap = (handle: fsp.FileHandle, kind: 'temp' | 'folder' | 'other'): WriterFileHandle => ({
    writeFile: async (data) => {
      if (kind === 'temp') hit('write');
      await handle.writeFile(data);
    },
    readFile: () => handle.readFile(),
    sync: async () => {
      if (kind === 'temp') hit('sync');
      if (kind === 'folder') hit('folder-sync');
      await handle.sync();
    },
    stat: (options) => handle.stat(options),
    close: () => handle.close(),
  });
  const fs: WriterFs = {
    ...nodeFs,
    open: async (path, flags, mode) => {
      const kind = path === dir ? 'folder' : flags === 'wx' ? 'temp' : 'other';
      if (kind === 'temp') hit('open-temp');
      if (kind === 'folder') hit('open-folder');
      return wrap(await fsp.open(path, flags, mode), kind);
    },
    link: async (existing, newPath) => {
      hit('link');
      await fsp.link(existing, newPath);
    },
    rename: async (from, to) => {
      if (to.endsWith('.bak')) hit('rename-bak');
      if (to.endsWith(NAME)) hit('rename');
      await fsp.rename(from, to);
    },
  };
  return { fs, calls };
}

describe('the previous save, kept as <sidecar>.bak', () => {
  it('holds the save before the last one, from the second save on', async () => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    const file = new SidecarFile(path);
    await file.write(version(1));
    expect(await listing(dir)).toEqual([NAME]);
    await file.write(version(2));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(1));
    // A new writer (another run of Parley) that never read the file keeps it too.
    await new SidecarFile(path).write(version(3));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    expect(await readFile(path)).toEqual(bytesOf(3));
    expect(await new SidecarFile(join(dir, BAK)).read()).toEqual(version(2));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('is never replaced by a sidecar that is not valid', async () => {
    const { dir, path } = await twoSaves();
    // Someone breaks the sidecar; the next save must not make the broken file the backup.
    await writeFile(path, '{"format": "parley-annotations", "version": 1, "turns": [');
    await new SidecarFile(path).write(version(3));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(1));
    expect(await readFile(path)).toEqual(bytesOf(3));
  });

  it('is not replaced by a file changed behind the writer, unless that file is valid', async () => {
    const { dir, path } = await twoSaves();
    const file = new SidecarFile(path);
    await file.write(version(3)); // This writer now knows the file on disk: it wrote it.
    await writeFile(path, 'not a sidecar'); // Changed in place by another program.
    await file.write(version(4));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    // Replaced by another valid sidecar: that one is the previous version, and is kept.
    await writeFile(path, bytesOf(7));
    await file.write(version(5));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(7));
  });

  it('is kept when a writer killed between the two renames left .bak and the sidecar one file', async () => {
    const { dir, path } = await twoSaves();
    await fsp.rm(join(dir, BAK));
    await fsp.link(path, join(dir, BAK));
    await new SidecarFile(path).write(version(3));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    expect(await readFile(path)).toEqual(bytesOf(3));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('is a copy where the file system has no hard links', async () => {
    const { dir, path } = await twoSaves();
    const { fs, calls } = faulty(dir, 'link', 'ENOTSUP');
    await new SidecarFile(path, { fs }).write(version(3));
    expect(calls.get('link')).toBe(2); // the sidecar, then the old .bak (kept aside in case of failure)
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    expect(await readFile(path)).toEqual(bytesOf(3));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('without hard links, a failed save leaves .bak holding the sidecar as it still is', async () => {
    const { dir, path } = await twoSaves();
    const { fs } = faulty(dir, 'link', 'ENOTSUP');
    const failing: WriterFs = {
      ...fs,
      rename: async (from, to) => {
        if (to === path) throw fsError('ENOSPC');
        await fs.rename(from, to);
      },
    };
    await failure(new SidecarFile(path, { fs: failing }).write(version(3)));
    expect(await readFile(path)).toEqual(bytesOf(2));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('is never offered as a transcript, nor are temp files', async () => {
    const { dir } = await twoSaves();
    await writeFile(join(dir, 'kyiv.txt'), 'Mark Rutte: Good afternoon.\n');
    await writeFile(join(dir, `.${NAME}.12345.0123456789ab.tmp`), '{');
    await writeFile(join(dir, 'kyiv.txt.annotations.2025-01-02T03-04-05-678Z.bak.json'), '{}');
    const policy = await AccessPolicy.create({ roots: [dir] });
    expect((await policy.listFiles()).map((f) => f.name)).toEqual(['kyiv.txt']);
    expect([BAK, `.${NAME}.12345.0123456789ab.tmp`, 'kyiv.md.annotations.json.bak'].some(isTranscriptName)).toBe(false);
  });
});

describe('temp files left by a writer that was killed', () => {
  it('are removed by the next writer: its own pattern only, and never those of a live writer', async () => {
    const { dir, path } = await twoSaves();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(dead).toBeGreaterThan(0);
    const live = process.ppid;
    const names = {
      dead: `.${NAME}.${dead}.0123456789ab.tmp`,
      mine: `.${NAME}.${process.pid}.aaaaaaaaaaaa.tmp`,
      liveRecent: `.${NAME}.${live}.bbbbbbbbbbbb.tmp`,
      liveAncient: `.${NAME}.${live}.cccccccccccc.tmp`,
    };
    const strangers = [
      `.${NAME}.tmp`,
      `.${NAME}.${dead}.0123456789AB.tmp`,
      `.${NAME}.bak.${dead}.0123456789ab.tmp`,
      `.other.txt.annotations.json.${dead}.0123456789ab.tmp`,
      `${NAME}.${dead}.0123456789ab.tmp`,
      'notes.txt',
    ];
    for (const name of [...Object.values(names), ...strangers]) await writeFile(join(dir, name), 'x');
    const hourAgo = new Date(Date.now() - 3600_000);
    await utimes(join(dir, names.liveAncient), hourAgo, hourAgo);

    await new SidecarFile(path).write(version(3));
    expect(await listing(dir)).toEqual([NAME, BAK, names.liveRecent, ...strangers].sort());
    expect(await readFile(path)).toEqual(bytesOf(3));
  });

  it('are left alone while this process writes them', async () => {
    const { dir, path } = await twoSaves();
    let swept: string[] = [];
    // Sweep from inside the write, while its temp file exists.
    const { fs } = faulty(dir, null, '');
    const sweeping: WriterFs = {
      ...fs,
      rename: async (from, to) => {
        if (to === path) swept = await sweepStaleTemps(path);
        await fs.rename(from, to);
      },
    };
    await new SidecarFile(path, { fs: sweeping }).write(version(3));
    expect(swept).toEqual([]);
    expect(await readFile(path)).toEqual(bytesOf(3));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });
});

describe('a save that fails', () => {
  const messages: Record<string, RegExp> = {
    ENOSPC: /^The disk is full: Parley could not save "kyiv\.txt\.annotations\.json"\. Free some space .* or use Save a copy… to save it elsewhere; your edits are still open in Parley, and "kyiv\.txt\.annotations\.json" on disk still holds your last save\.$/,
    EROFS: /^The disk that holds .* is read-only: Parley could not save "kyiv\.txt\.annotations\.json"\. Use Save a copy… .*your edits are still open/,
    EACCES: /^Permission denied: Parley may not write in .*, so it could not save "kyiv\.txt\.annotations\.json"\..*your edits are still open/,
    EPERM: /^Permission denied: Parley may not write in .*your edits are still open/,
    EDQUOT: /^Your disk quota is used up: .*your edits are still open/,
  };
  const steps: Step[] = ['open-temp', 'write', 'sync', 'link', 'rename-bak', 'rename'];
  const cases = steps.flatMap((step) =>
    Object.keys(messages)
      // EPERM from link means "no hard links here" (FAT): the backup is copied instead (tested above).
      // EPERM from a rename is retried: see below.
      .filter((code) => !(code === 'EPERM' && ['link', 'rename-bak', 'rename'].includes(step)))
      .map((code) => [step, code] as const),
  );

  it.each(cases)('at %s with %s: says what happened and what to do, and changes nothing on disk', async (step, code) => {
    const { dir, path } = await twoSaves();
    const { fs, calls } = faulty(dir, step, code);
    const error = await failure(new SidecarFile(path, { fs }).write(version(3)));
    expect(calls.get(step)).toBeGreaterThan(0);
    expect(isParleyError(error) && error.code).toBe('io');
    expect(error.message).toMatch(messages[code] ?? /never/);
    expect(await readFile(path)).toEqual(bytesOf(2));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(1));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('at the rename, with no .bak yet: leaves none', async () => {
    const dir = await tempDir();
    const path = join(dir, NAME);
    await new SidecarFile(path).write(version(1));
    const { fs } = faulty(dir, 'rename', 'ENOSPC');
    await failure(new SidecarFile(path, { fs }).write(version(2)));
    expect(await listing(dir)).toEqual([NAME]);
    expect(await readFile(path)).toEqual(bytesOf(1));
  });

  it('is retried while another program holds the file (EBUSY), and succeeds once it lets go', async () => {
    const { dir, path } = await twoSaves();
    const { fs, calls } = faulty(dir, 'rename', 'EBUSY', 2);
    await new SidecarFile(path, { fs }).write(version(3));
    expect(calls.get('rename')).toBe(3);
    expect(await readFile(path)).toEqual(bytesOf(3));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it.each([
    ['rename', 'EBUSY', /^Another program \(often a sync client or a virus scanner\) is holding "kyiv\.txt\.annotations\.json" or its folder, so Parley could not replace it \(tried 7 times\)\. Wait a moment, then save again; your edits are still open/],
    ['rename', 'EPERM', /^Parley was not allowed to replace "kyiv\.txt\.annotations\.json" \(tried 7 times\): another program .* may be holding it, or you may lack permission/],
    ['rename-bak', 'EBUSY', /^Another program .*tried 7 times/],
  ] as const)('at %s with %s that does not pass: gives up after a bounded number of tries', async (step, code, message) => {
    const { dir, path } = await twoSaves();
    const { fs, calls } = faulty(dir, step, code);
    // Bounded in time too: the pauses it asks for between tries, counted rather than clocked (a busy
    // machine's clock would count its own slowness), and not waited out.
    const pauses = pausesOf(() => failure(new SidecarFile(path, { fs }).write(version(3))));
    const error = await pauses.result;
    expect(calls.get(step)).toBe(RENAME_ATTEMPTS);
    expect(pauses.ms).toHaveLength(RENAME_ATTEMPTS - 1);
    expect(pauses.ms.reduce((a, b) => a + b, 0)).toBeLessThan(5000);
    expect(error.message).toMatch(message);
    expect(await readFile(path)).toEqual(bytesOf(2));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(1));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('at the folder fsync: the new file is in place, and the user is told it is not confirmed', async () => {
    const { dir, path } = await twoSaves();
    const { fs } = faulty(dir, 'folder-sync', 'EIO');
    const error = await failure(new SidecarFile(path, { fs }).write(version(3)));
    expect(error.message).toMatch(/^Parley wrote "kyiv\.txt\.annotations\.json", but the system could not confirm that it is safely on disk \(EIO: .*\)\. Save again/);
    expect(await readFile(path)).toEqual(bytesOf(3));
    expect(await readFile(join(dir, BAK))).toEqual(bytesOf(2));
    expect(await listing(dir)).toEqual([NAME, BAK]);
  });

  it('does not fail where a folder cannot be opened for fsync (Windows): that step is best effort', async () => {
    const { dir, path } = await twoSaves();
    const { fs, calls } = faulty(dir, 'open-folder', 'EPERM');
    await new SidecarFile(path, { fs }).write(version(3));
    expect(calls.get('open-folder')).toBe(1);
    expect(await readFile(path)).toEqual(bytesOf(3));
  });

  it('in a folder that really is read-only: says so and changes nothing', async (ctx) => {
    const { dir, path } = await twoSaves();
    const before = await stat(dir);
    // chmod does not stop root (CAP_DAC_OVERRIDE), so as root the folder is made immutable instead.
    const root = process.getuid?.() === 0;
    if (root) {
      const chattr = spawnSync('chattr', ['+i', dir]);
      if (chattr.status !== 0) {
        ctx.skip(
          'running as root, where chmod 0o555 does not stop writes, and chattr +i is not available here ' +
            `(${chattr.error?.message ?? chattr.stderr.toString().trim()})`,
        );
      }
    } else {
      await fsp.chmod(dir, 0o555);
    }
    try {
      const error = await failure(new SidecarFile(path).write(version(3)));
      expect(isParleyError(error) && error.code).toBe('io');
      expect(error.message).toMatch(messages.EACCES ?? /never/);
      expect(await readFile(path)).toEqual(bytesOf(2));
      expect(await readFile(join(dir, BAK))).toEqual(bytesOf(1));
      expect((await readdir(dir)).sort()).toEqual([NAME, BAK]);
    } finally {
      if (root) spawnSync('chattr', ['-i', dir]);
      else await fsp.chmod(dir, before.mode & 0o777);
    }
  });
});
