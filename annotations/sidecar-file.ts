/**
 * The sidecar on disk: a lowdb adapter of ours that trusts nothing it reads and never leaves a
 * half-written file behind.
 *
 * lowdb's own JSONFile parses with `JSON.parse(...) as T` and writes through steno (temp file and
 * rename, but no fsync, and one fixed temp name that two processes can collide on). Here reading goes
 * through the zod schema plus a few cross-reference checks, and writing is temp file (unique name)
 * → fsync → rename → fsync of the folder, so a crash or power cut leaves either the old sidecar or
 * the new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { ZodError } from 'zod';
import { ParleyError } from '../shared/errors.js';
import { errno, messageOf } from './node-errors.js';
import {
  SIDECAR_FORMAT,
  SIDECAR_VERSION,
  SidecarSchema,
  describeSchemaError,
  stringifySidecar,
  type Sidecar,
} from '../shared/sidecar.js';

const LEAVE_IT =
  'Parley left it untouched; fix or move it to open the transcript with its annotations.';

/**
 * Reads and writes one `<name>.annotations.json`. Use one instance per file and process: it is the
 * file's single writer, and it coalesces concurrent writes so that only the newest pending data is
 * written once the write under way has finished (steno's rule: last one wins).
 */
export class SidecarFile implements Adapter<Sidecar> {
  /** Data waiting for the write under way to finish, and every caller waiting for it. */
  #next: { text: string; waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> } | null =
    null;
  #writing = false;
  #drained: Promise<void> = Promise.resolve();

  /** @param path the absolute path of the sidecar file. */
  constructor(readonly path: string) {}

  /**
   * The sidecar, or null when there is none. Throws ParleyError 'sidecar-invalid' (naming the file
   * and the problem) when the file exists but is not a sidecar this version of Parley can read; the
   * file itself is never touched.
   */
  async read(): Promise<Sidecar | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      if (errno(e) === 'EISDIR') throw this.#invalid('is a folder, not a file');
      throw new ParleyError('io', `Could not read "${this.name}" (${messageOf(e)}).`);
    }
    let text: string;
    try {
      // fatal: a sidecar in another encoding must not be silently "repaired" with U+FFFD and then saved.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw this.#invalid('is not UTF-8 text');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw this.#invalid(`is not valid JSON (${messageOf(e)})`);
    }
    const problem = formatProblem(json);
    if (problem) throw this.#invalid(problem);
    const parsed = SidecarSchema.safeParse(json);
    if (!parsed.success) {
      throw this.#invalid(`does not match the annotations format (${describeSchemaError(parsed.error)})`);
    }
    const broken = checkSidecarReferences(parsed.data);
    if (broken) throw this.#invalid(`is inconsistent (${broken})`);
    return parsed.data;
  }

  /**
   * Writes atomically. The data is serialised at once (lowdb mutates `db.data` in place, so a later
   * change must not leak into an earlier write); if a write is under way, this data replaces any
   * other pending data and the promise settles when the newest data is on disk.
   */
  write(data: Sidecar): Promise<void> {
    let text: string;
    try {
      const broken = checkSidecarReferences(data);
      if (broken) throw new ParleyError('bad-request', `Parley refused to save "${this.name}": ${broken}.`);
      text = stringifySidecar(data);
    } catch (e) {
      if (e instanceof ZodError) {
        const where = describeSchemaError(e);
        return Promise.reject(new ParleyError('bad-request', `Parley refused to save "${this.name}": ${where}.`));
      }
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      if (this.#next) {
        this.#next.text = text;
        this.#next.waiters.push({ resolve, reject });
      } else {
        this.#next = { text, waiters: [{ resolve, reject }] };
      }
      if (!this.#writing) this.#drained = this.#drain();
    });
  }

  /** Settles once no write is under way or pending (whether the writes succeeded or not). */
  async idle(): Promise<void> {
    while (this.#writing) await this.#drained;
  }

  /** The file's name, as messages name it. */
  get name(): string {
    return basename(this.path);
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#next) {
        const batch = this.#next;
        this.#next = null;
        try {
          await writeFileAtomic(this.path, batch.text);
          for (const w of batch.waiters) w.resolve();
        } catch (e) {
          const error =
            e instanceof ParleyError
              ? e
              : new ParleyError('io', `Could not save "${this.name}" (${messageOf(e)}); the previous version is unchanged.`);
          for (const w of batch.waiters) w.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  #invalid(problem: string): ParleyError {
    return new ParleyError('sidecar-invalid', `"${this.name}" ${problem}. ${LEAVE_IT}`);
  }
}

/**
 * The format and version are checked before the schema so that a file from elsewhere, or from a newer
 * Parley, gets a sentence about that rather than a list of missing fields.
 */
function formatProblem(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return 'is not a Parley annotations file (it holds no JSON object)';
  }
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== SIDECAR_FORMAT) {
    return `is not a Parley annotations file (its "format" is ${JSON.stringify(format) ?? 'missing'}, not "${SIDECAR_FORMAT}")`;
  }
  if (typeof version === 'number' && version > SIDECAR_VERSION) {
    return `was written by a newer Parley (format version ${version}; this one reads version ${SIDECAR_VERSION})`;
  }
  if (version !== SIDECAR_VERSION) {
    return `has an unknown format version (${JSON.stringify(version) ?? 'missing'}; this Parley reads version ${SIDECAR_VERSION})`;
  }
  return null;
}

/**
 * What the schema cannot say: ids are unique and every turn names a speaker that exists. The editor
 * relies on both, so a sidecar that breaks them is refused on read and never written.
 * Returns a description of the first problem, or null.
 */
export function checkSidecarReferences(body: Pick<Sidecar, 'speakers' | 'turns'>): string | null {
  const speakers = new Set<string>();
  for (const s of body.speakers) {
    if (speakers.has(s.id)) return `two speakers have the id "${s.id}"`;
    speakers.add(s.id);
  }
  const turns = new Set<string>();
  for (const [i, t] of body.turns.entries()) {
    if (turns.has(t.id)) return `two turns have the id "${t.id}"`;
    turns.add(t.id);
    if (t.speaker !== null && !speakers.has(t.speaker)) {
      return `turns.${i} names the speaker "${t.speaker}", who is not in the speaker list`;
    }
  }
  return null;
}

/**
 * Write `text` to `target` so that readers see the old file or the new one, never a part: a temp
 * file in the same folder (so rename stays on one file system) whose name carries the pid and random
 * bytes (two processes or two writers never share it), fsync, rename over the target, fsync the folder
 * so the rename itself survives a power cut.
 */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // Keep the permissions the user gave the existing file; new files get the usual umask.
  let mode = 0o666;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    // No file yet.
  }
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir);
}

/** Windows refuses a rename while a virus scanner or indexer holds the target open; that passes. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(errno(e) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 9) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (e) {
    // Windows cannot open a folder for fsync, and some file systems refuse it: the data is already
    // safely in the renamed file, only the durability of the rename is best effort there.
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes(errno(e) ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}
