/**
 * What Parley last knew of a file on disk, to tell a change made by someone else (another window,
 * a colleague, git, a sync client) from its own writes without hashing the whole file on every
 * status check: the sha256 of the bytes Parley last read or wrote, a cheap stat key, and a folder
 * watcher that marks the record dirty. A check re-hashes only when the watcher or the stat key says
 * the file may have moved.
 */
import { createHash } from 'node:crypto';
import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { errno } from './node-errors.js';

/**
 * One file's record: the sha256 of its bytes (null: no file) and its stat key. The watcher marks it
 * dirty. The hash of the bytes an open read may be given as a function (see SidecarFile.readDeferred):
 * it is computed when first needed, or once the open's annotations are fetched, whichever is first.
 */
export class DiskRecord {
  #hash: string | null;
  #later: (() => string) | null;
  dirty = false;

  constructor(
    hash: string | null | (() => string),
    public statKey: string | null,
  ) {
    this.#hash = typeof hash === 'function' ? null : hash;
    this.#later = typeof hash === 'function' ? hash : null;
  }

  get hash(): string | null {
    if (this.#later) {
      this.#hash = this.#later();
      this.#later = null;
    }
    return this.#hash;
  }

  set hash(hash: string | null) {
    this.#hash = hash;
    this.#later = null;
  }

  /** Compute a hash given as a function now (it lets go of the bytes it was to hash). */
  settle(): void {
    void this.hash;
  }

  /** Parley has just written the file itself: `hash` is what it holds now, at `statKey`. */
  wrote(hash: string, statKey: string | null): void {
    this.hash = hash;
    this.statKey = statKey;
    this.dirty = false;
  }
}

/** The sha256 of a file, read in chunks (the file may be one Parley refused for its size); null when there is no file. */
export async function hashOf(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return null;
    throw e;
  }
}

/** Identity, size and time of a file: if none of them moved, its bytes are taken as unchanged. */
export async function statKeyOf(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return null;
    throw e;
  }
}

/**
 * The file's hash now. Re-hashes only when the watcher or the stat key says it may have moved; a
 * hash equal to the known one just refreshes the key (a touch, or our own rename).
 */
export async function refresh(record: DiskRecord, path: string): Promise<string | null> {
  const key = await statKeyOf(path);
  if (!record.dirty && key === record.statKey) return record.hash;
  record.dirty = false;
  const hash = await hashOf(path);
  if (hash === record.hash) record.statKey = key;
  return hash;
}

/** Watch a folder for changes to names in it; null where the platform refuses (too many watches, say). */
export function watchFolder(dir: string, changed: (name: string) => void): FSWatcher | null {
  try {
    const watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (typeof name === 'string') changed(name);
    });
    // A folder that goes away ends the watch; the stat checks carry on without it.
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return null;
  }
}

