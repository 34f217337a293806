/**
 * Writing a file so that a crash or a power cut never leaves a half-written one behind: the sidecar,
 * the folder's codebook, drafts and the desktop's recent-files list all save through here.
 *
 * lowdb's own writer (steno) renames a temp file over the target, but without fsync and with one
 * fixed temp name that two processes can collide on. `writeFileAtomic` is:
 *
 *   1. the new text into a temp file of a unique name in the same folder, fsync;
 *   2. optionally (`beforeReplace`, see `keepPrevious`) the file being replaced kept as a backup:
 *      hard-linked (or, where links are not supported, copied) to a temp name, which is then renamed
 *      over the old backup (a hard link to the old backup is kept until step 3 has succeeded, to put
 *      it back if step 3 fails);
 *   3. the temp renamed over the target (EPERM and EBUSY retried with a short backoff: sync clients
 *      and virus scanners hold files open for a moment), then the folder fsynced.
 *
 * So at every instant the target holds the last acknowledged write or a newer one. A process killed
 * mid-write can leave its temp files behind (`.<target>.<pid>.<hex>.tmp`): `sweepStaleTemps` removes
 * those of processes that are gone.
 *
 * Every file-system call goes through a `WriterFs` (node:fs/promises unless a test passes another),
 * so that tests can make any step fail as a full disk or a read-only folder would.
 */
import { randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errno, messageOf } from './node-errors.js';

/** The file-system calls the sidecar reader and the atomic writer make. */
export interface WriterFs {
  open(path: string, flags: string, mode?: number): Promise<WriterFileHandle>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  stat(path: string, options: { bigint: true }): Promise<BigIntStats>;
  lstat(path: string, options: { bigint: true }): Promise<BigIntStats>;
  readdir(path: string): Promise<string[]>;
}

/** The calls made on an open file. */
export interface WriterFileHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  readFile(): Promise<Buffer>;
  sync(): Promise<void>;
  stat(options: { bigint: true }): Promise<BigIntStats>;
  close(): Promise<void>;
}

/** The real file system. */
export const nodeFs: WriterFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  rm: (path, options) => fsp.rm(path, options),
  stat: (path, options) => fsp.stat(path, options),
  lstat: (path, options) => fsp.lstat(path, options),
  readdir: (path) => fsp.readdir(path),
};

/** The steps of a save, as a failure names them. */
export type WriteStep = 'open' | 'write' | 'sync' | 'backup' | 'rename' | 'folder-sync';

/**
 * A failed step of writeFileAtomic. `code` is the errno of the cause (so `errno(e)` still works) and
 * the message is the cause's. Only a 'folder-sync' failure happens after the new file is in place.
 */
export class AtomicWriteError extends Error {
  override readonly name = 'AtomicWriteError';
  readonly code: string | undefined;
  constructor(
    readonly step: WriteStep,
    override readonly cause: unknown,
    /** How many times the step was tried (renames are retried). */
    readonly attempts = 1,
  ) {
    super(messageOf(cause));
    this.code = errno(cause);
  }

  /** For a 'folder-sync' failure: the file that is in place all the same. */
  written: FileIdentity | null = null;
}


/** How often a rename refused with EPERM or EBUSY is tried, and the pause before each retry. */
export const RENAME_ATTEMPTS = 7;
const RENAME_BACKOFF_MS = [10, 20, 40, 80, 160, 320];

/** A temp file whose writer is still alive is left alone unless it is this old (its pid was reused). */
const STALE_AFTER_MS = 10 * 60 * 1000;

/** What tells one version of a file from another without reading it (ctime is left out: a hard link changes it). */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** What writeFileAtomic does once the replacement has succeeded or failed (see `beforeReplace`). */
export interface ReplaceHook {
  replaced(): Promise<void>;
  failed(): Promise<void>;
}

export interface AtomicWriteOptions {
  /** The file system (tests inject failures); node:fs/promises by default. */
  fs?: WriterFs;
  /**
   * Runs once the new data is safely in its temp file, just before it replaces `target`; a failure
   * here abandons the write. Its hook hears whether the replacement succeeded.
   */
  beforeReplace?: () => Promise<ReplaceHook | null>;
}

/**
 * Write `text` to `target` so that readers see the old file or the new one, never a part: a temp
 * file in the same folder (so rename stays on one file system) whose name carries the pid and random
 * bytes (two processes or two writers never share it), fsync, rename over the target (retried while
 * another program holds it), fsync the folder so the rename itself survives a power cut.
 *
 * Throws AtomicWriteError naming the step that failed. Before the rename, nothing but the temp file
 * was written, and it is removed again; a 'folder-sync' failure comes after the new file is in place.
 * Returns the identity of the file written.
 */
export async function writeFileAtomic(
  target: string,
  text: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<FileIdentity> {
  const fs = options.fs ?? nodeFs;
  const dir = dirname(target);
  const temps = new TempSet(fs, target);
  const temp = temps.add();
  // Keep the permissions the user gave the existing file; new files get the usual umask.
  let mode = 0o666;
  try {
    mode = Number((await fs.stat(target, { bigint: true })).mode & 0o777n);
  } catch {
    // No file yet.
  }
  let hook: ReplaceHook | null = null;
  let written: FileIdentity;
  try {
    written = await writeSynced(fs, temp, text, mode);
    hook = (await options.beforeReplace?.()) ?? null;
    await renameWithRetry(fs, temp, target, 'rename');
    temps.forget(temp);
  } catch (e) {
    await hook?.failed().catch(() => undefined);
    await temps.removeAll();
    throw e;
  }
  await hook?.replaced().catch(() => undefined);
  try {
    await syncDirectory(fs, dir);
  } catch (e) {
    const error = new AtomicWriteError('folder-sync', e);
    error.written = written;
    throw error;
  }
  return written;
}

/**
 * Remove the temp files of `target` that writers killed mid-save left behind: names that match
 * writeFileAtomic's pattern for this target exactly, whose process is gone (or that are older than
 * ten minutes), and that no write of this process is using. Returns the names removed.
 */
export async function sweepStaleTemps(target: string, fs: WriterFs = nodeFs): Promise<string[]> {
  const dir = dirname(target);
  const removed: string[] = [];
  for (const name of await fs.readdir(dir)) {
    const pid = tempOwner(target, name);
    if (pid === null) continue;
    const path = join(dir, name);
    if (inFlight.has(path)) continue;
    if (pid !== process.pid && isAlive(pid)) {
      const age = await fs
        .lstat(path, { bigint: true })
        .then((s) => Date.now() - Number(s.mtimeMs))
        .catch(() => 0);
      if (age < STALE_AFTER_MS) continue;
    }
    await fs.rm(path, { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * The pid in `name` when it is the name of one of writeFileAtomic's temp files for `target`
 * (`.<target name>.<pid>.<12 hex digits>.tmp`), else null.
 */
export function tempOwner(target: string, name: string): number | null {
  const prefix = `.${basename(target)}.`;
  if (!name.startsWith(prefix)) return null;
  const match = /^(\d{1,10})\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
  return match?.[1] ? Number(match[1]) : null;
}

/** Temp paths of this process whose write is still under way: never swept. */
const inFlight = new Set<string>();

/** The temp files of one write: named, tracked as in flight, removed on failure. */
class TempSet {
  readonly #paths = new Set<string>();
  constructor(
    readonly fs: WriterFs,
    readonly target: string,
  ) {}

  add(): string {
    const path = join(
      dirname(this.target),
      `.${basename(this.target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
    );
    this.#paths.add(path);
    inFlight.add(path);
    return path;
  }

  /** The file is gone or has become something else (renamed into place): not ours to remove. */
  forget(path: string | null): void {
    if (path === null) return;
    this.#paths.delete(path);
    inFlight.delete(path);
  }

  async removeAll(): Promise<void> {
    for (const path of [...this.#paths]) {
      await this.fs.rm(path, { force: true }).catch(() => undefined);
      this.forget(path);
    }
  }
}

/** Create `path` (which must not exist) with `data`, fsynced; returns the new file's identity. */
async function writeSynced(fs: WriterFs, path: string, data: string | Uint8Array, mode: number): Promise<FileIdentity> {
  const handle = await step('open', () => fs.open(path, 'wx', mode));
  let identity: FileIdentity;
  try {
    await step('write', () => handle.writeFile(data));
    await step('sync', () => handle.sync());
    identity = identityOf(await step('sync', () => handle.stat({ bigint: true })));
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
  // Some file systems (NFS) report a failed write only when the file is closed.
  await step('write', () => handle.close());
  return identity;
}

/** Run one step of a write, naming it in the error. */
async function step<T>(name: WriteStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof AtomicWriteError ? e : new AtomicWriteError(name, e);
  }
}

/**
 * A rename refused with EBUSY or EPERM (and on Windows EACCES) is tried again after a short pause:
 * on Windows a virus scanner, an indexer or a sync client holding the target open makes it fail for
 * a moment. After RENAME_ATTEMPTS tries (the pauses of RENAME_BACKOFF_MS) the error stands.
 */
async function renameWithRetry(fs: WriterFs, from: string, to: string, name: WriteStep): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (e) {
      const code = errno(e) ?? '';
      const transient = code === 'EBUSY' || code === 'EPERM' || (process.platform === 'win32' && code === 'EACCES');
      const pause = RENAME_BACKOFF_MS[attempt - 1];
      if (!transient || attempt >= RENAME_ATTEMPTS || pause === undefined) throw new AtomicWriteError(name, e, attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

async function syncDirectory(fs: WriterFs, dir: string): Promise<void> {
  let handle: WriterFileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (e) {
    // Windows cannot open a folder for fsync, and some file systems refuse it: the data is already
    // safely in the renamed file, only the durability of the rename is best effort there.
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes(errno(e) ?? '')) throw e;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}


/** What `keepPrevious` needs to know of the file about to be replaced. */
export interface KeepPreviousOptions {
  fs?: WriterFs;
  /** Where the previous version is kept. */
  backupPath: string;
  /** The version of the file its writer last read valid or wrote: trusted without reading it again. */
  trusted: FileIdentity | null;
  /** Whether bytes are a file worth keeping; a file that is not never replaces a good backup. */
  isValid: (bytes: Uint8Array) => boolean;
  /** Files larger than this are not read to be checked (and so not kept). */
  maxBytes: number;
}

/**
 * Step 2 of a write (pass it as `beforeReplace`): keep the file about to be replaced as
 * `backupPath`, if it is the trusted version or reads valid. Returns what to do once the
 * replacement has succeeded or failed; null when there is nothing to keep.
 */
export async function keepPrevious(path: string, options: KeepPreviousOptions): Promise<ReplaceHook | null> {
  const fs = options.fs ?? nodeFs;
  const bak = options.backupPath;
  const check = { isValid: options.isValid, maxBytes: options.maxBytes };
  let current: BigIntStats;
  try {
    current = await fs.lstat(path, { bigint: true });
  } catch (e) {
    if (errno(e) === 'ENOENT') return null; // The first save: nothing to keep.
    throw new AtomicWriteError('backup', e);
  }
  // Valid: the very file the writer read or wrote, or one that reads valid now.
  const known = options.trusted;
  let valid: FileIdentity | null = known && current.isFile() && sameFile(identityOf(current), known) ? known : null;
  let bytes: Buffer | null = null;
  if (!valid) {
    const checked = await readValid(fs, path, check);
    if (!checked) return null; // Never let a file that cannot be read replace a good backup.
    ({ identity: valid, bytes } = checked);
  }

  const temps = new TempSet(fs, path);
  const bakTemp = temps.add();
  /** How a failed replacement puts the backup back as it was; null: it cannot, and leaves it. */
  let undo: (() => Promise<void>) | null = null;
  try {
    if (!(await linkSame(fs, path, bakTemp, current, valid))) {
      // No hard links here (FAT, some network shares), or the file changed since it was checked.
      bytes ??= (await readValid(fs, path, check, valid))?.bytes ?? null;
      if (!bytes) {
        await temps.removeAll();
        return null;
      }
      await writeSynced(fs, bakTemp, bytes, Number(current.mode & 0o777n));
    }
    // A link to the current backup, to put it back should the new file fail to take its place.
    const prev = temps.add();
    try {
      await fs.link(bak, prev);
      undo = () => fs.rename(prev, bak);
    } catch (e) {
      temps.forget(prev);
      // No backup yet: a failure removes the new one again.
      if (errno(e) === 'ENOENT') undo = () => fs.rm(bak, { force: true });
      // No hard links: a failure leaves the backup holding the file as it still is, a valid version too.
      else if (!NO_HARD_LINKS.includes(errno(e) ?? '')) throw e;
    }
    // Atomic: the backup is the old one or the new one at every instant. (When it already is the
    // file, as a writer killed between the two renames leaves them, rename does nothing and the
    // link stays: it is removed with the other temps, so it is not forgotten here.)
    await renameWithRetry(fs, bakTemp, bak, 'backup');
  } catch (e) {
    await temps.removeAll();
    throw e instanceof AtomicWriteError ? e : new AtomicWriteError('backup', e);
  }
  const restore = undo;
  return {
    // The new file is in place: the old backup is not needed any more.
    replaced: () => temps.removeAll(),
    // It is not: put back the backup as it was.
    failed: async () => {
      try {
        await restore?.();
      } finally {
        await temps.removeAll();
      }
    },
  };
}

/** A file larger than the reader's limit, found before reading it. */
export class TooLargeToRead extends Error {
  constructor(readonly size: number) {
    super(`${size} bytes`);
  }
}

/**
 * Read a file through one handle, with the identity of exactly the version read. A file larger than
 * `maxBytes` is refused (TooLargeToRead) before it is read, so a wrong or damaged one cannot take the
 * memory of the process that would read it.
 */
export async function readWithIdentity(
  fs: WriterFs,
  path: string,
  maxBytes: number,
): Promise<{ bytes: Buffer; identity: FileIdentity }> {
  const handle = await fs.open(path, 'r');
  try {
    const stats = await handle.stat({ bigint: true });
    if (stats.size > BigInt(maxBytes)) throw new TooLargeToRead(Number(stats.size));
    const identity = identityOf(stats);
    return { bytes: await handle.readFile(), identity };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The file at `path`, when it reads valid (or is exactly the version `trusted`): its bytes and
 * identity. Null when it is missing, unreadable or invalid.
 */
async function readValid(
  fs: WriterFs,
  path: string,
  check: { isValid: (bytes: Uint8Array) => boolean; maxBytes: number },
  trusted?: FileIdentity,
): Promise<{ bytes: Buffer; identity: FileIdentity } | null> {
  let got;
  try {
    got = await readWithIdentity(fs, path, check.maxBytes);
  } catch {
    return null;
  }
  if (trusted && sameFile(got.identity, trusted)) return got;
  return check.isValid(got.bytes) ? got : null;
}

/**
 * Hard-link `path` to `link` and check that the link is the version that was validated. False when
 * the file system has no hard links (or `path` is not a plain file, or changed in the meantime):
 * the caller copies instead. Other failures (a full disk, a read-only folder) are thrown.
 */
async function linkSame(fs: WriterFs, path: string, link: string, current: BigIntStats, valid: FileIdentity): Promise<boolean> {
  if (!current.isFile()) return false;
  try {
    await fs.link(path, link);
  } catch (e) {
    if (NO_HARD_LINKS.includes(errno(e) ?? '')) return false;
    throw new AtomicWriteError('backup', e);
  }
  if (sameFile(identityOf(await fs.lstat(link, { bigint: true })), valid)) return true;
  await fs.rm(link, { force: true });
  return false;
}

/** What link() fails with where the file system has no hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS', 'EINVAL'];

export function identityOf(s: BigIntStats): FileIdentity {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs };
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return errno(e) === 'EPERM';
  }
}
