/**
 * The sidecar on disk: a lowdb adapter of ours that trusts nothing it reads and never leaves a
 * half-written file behind.
 *
 * lowdb's own JSONFile parses with `JSON.parse(...) as T` and writes through steno (temp file and
 * rename, but no fsync, and one fixed temp name that two processes can collide on). Here reading goes
 * through the zod schema plus a few cross-reference checks, and a save is:
 *
 *   1. the new text into a temp file of a unique name in the same folder, fsync;
 *   2. the sidecar being replaced, if it is a valid one, kept as `<sidecar>.bak`: hard-linked (or,
 *      where links are not supported, copied) to a temp name, which is then renamed over the old
 *      `.bak` (a hard link to the old `.bak` is kept until step 3 has succeeded, to put it back if
 *      step 3 fails);
 *   3. the temp renamed over the sidecar (EPERM and EBUSY retried with a short backoff: sync clients
 *      and virus scanners hold files open for a moment), then the folder fsynced.
 *
 * So at every instant the sidecar holds the last acknowledged save or a newer one, and, from the
 * second save on, `.bak` holds a valid earlier save (never a file Parley could not read). A process
 * killed mid-save can leave its temp files behind (at most three, `.<sidecar>.<pid>.<hex>.tmp`): the
 * next SidecarFile to write that sidecar removes those of processes that are gone.
 *
 * Every file-system call goes through a `WriterFs` (node:fs/promises unless a test passes another),
 * so that tests can make any step fail as a full disk or a read-only folder would.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { ZodError } from 'zod';
import { ParleyError, sizeText } from '../shared/errors.js';
import { errno, messageOf } from './node-errors.js';
import {
  SIDECAR_FORMAT,
  SIDECAR_VERSION,
  SidecarSchema,
  describeSchemaError,
  stringifySidecar,
  type Sidecar,
} from '../shared/sidecar.js';
import type { Annotation } from '../shared/annotation.js';
import { SAMPLE_ANNOTATIONS, SAMPLE_OPEN_RESULT } from '../shared/api-samples.js';

const LEAVE_IT =
  'Parley left it untouched; fix or move it to open the transcript with its annotations.';

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

/** The name `<sidecar>.bak` under which the previous valid save is kept. */
export function backupPathFor(sidecarPath: string): string {
  return `${sidecarPath}.bak`;
}

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
  readonly #fs: WriterFs;
  /** The file on disk as this instance last read it valid or wrote it: no need to read it again to back it up. */
  #knownGood: FileIdentity | null = null;
  /** Whether this instance has already removed the temp files that killed writers left behind. */
  #swept = false;

  /**
   * @param path the absolute path of the sidecar file.
   * @param options.fs the file system to use (tests inject failures); node:fs/promises by default.
   */
  constructor(
    readonly path: string,
    options: { fs?: WriterFs } = {},
  ) {
    this.#fs = options.fs ?? nodeFs;
  }

  /** Where the previous valid save is kept: `<sidecar>.bak`. */
  get backupPath(): string {
    return backupPathFor(this.path);
  }

  /**
   * The sidecar, or null when there is none. Throws ParleyError 'sidecar-invalid' (naming the file
   * and the problem) when the file exists but is not a sidecar this version of Parley can read; the
   * file itself is never touched.
   */
  async read(): Promise<Sidecar | null> {
    return (await this.readHashed())?.sidecar ?? null;
  }

  /**
   * As `read`, plus the sha256 of the very bytes read: what a caller compares later to tell a change
   * by someone else from its own writes, without reading the file a second time.
   */
  async readHashed(): Promise<{ sidecar: Sidecar; sha256: string } | null> {
    const read = await this.readDeferred({ deferAnnotations: false });
    return read && { sidecar: read.sidecar, sha256: read.sha256() };
  }

  /**
   * As `readHashed`, but with `deferAnnotations` the annotations may be left unread (as bytes), to
   * be parsed by `annotationsFrom` when they are asked for: they are most of a long transcript's
   * sidecar (5 of its 6.3 MB), and opening it waits only for the rest. They are left only when the
   * file is laid out as Parley writes it (annotations last, pretty-printed); whether they then parse
   * decides whether the file was valid, exactly as a whole read would have (see splitAnnotations).
   */
  async readDeferred(options: { deferAnnotations: boolean }): Promise<DeferredRead | null> {
    let got: { bytes: Buffer; identity: FileIdentity };
    try {
      got = await readWithIdentity(this.#fs, this.path);
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      if (errno(e) === 'EISDIR') throw this.#invalid('is a folder, not a file');
      if (e instanceof TooLargeToRead) {
        throw this.#invalid(`is ${sizeText(e.size)}, more than the ${sizeText(MAX_SIDECAR_BYTES)} Parley reads from an annotations file`);
      }
      throw new ParleyError('io', `Could not read "${this.name}" (${messageOf(e)}).`);
    }
    const split = options.deferAnnotations ? splitAnnotations(got.bytes) : null;
    const head = split && checkSidecar(split.head);
    if (split && head?.ok) {
      const annotations = { bytes: split.annotations, whole: got.bytes, identity: got.identity };
      // The bytes are held for the annotations anyway: hashed when first asked, not on the way to the text.
      return { sidecar: head.sidecar, annotations, sha256: hashLater(got.bytes) };
    }
    const sha256 = createHash('sha256').update(got.bytes).digest('hex');
    // Read whole (and, when the head alone was not a valid sidecar, to say what the whole file is).
    const result = parseSidecarBytes(got.bytes);
    if (!result.ok) throw this.#invalid(result.problem);
    this.#knownGood = got.identity;
    return { sidecar: result.sidecar, annotations: null, sha256: () => sha256 };
  }

  /**
   * The annotations `readDeferred` left unread, parsed and checked. When they do not parse or
   * check, the whole file is read to be sure, so the verdict is always the one a whole read gives:
   * ParleyError 'sidecar-invalid' (the file is left as it is), or the annotations.
   */
  annotationsFrom(deferred: DeferredAnnotations): Annotation[] {
    const annotations = parseAnnotations(deferred.bytes);
    if (annotations) {
      this.#knownGood = deferred.identity;
      return annotations;
    }
    const whole = parseSidecarBytes(deferred.whole);
    if (!whole.ok) throw this.#invalid(whole.problem);
    this.#knownGood = deferred.identity;
    return whole.sidecar.annotations ?? [];
  }

  /**
   * Writes atomically. The data is serialised at once (lowdb mutates `db.data` in place, so a later
   * change must not leak into an earlier write); if a write is under way, this data replaces any
   * other pending data and the promise settles when the newest data is on disk. A failure is a
   * ParleyError whose message says what happened and what to do (see saveFailure).
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
          await this.#save(batch.text);
          for (const w of batch.waiters) w.resolve();
        } catch (e) {
          const error = saveFailure(e, this.path);
          for (const w of batch.waiters) w.reject(error);
        }
      }
    } finally {
      this.#writing = false;
    }
  }

  async #save(text: string): Promise<void> {
    if (!this.#swept) {
      this.#swept = true;
      // Best effort: a folder that cannot be listed will fail the save below with a better message.
      await sweepStaleTemps(this.path, this.#fs).catch(() => undefined);
    }
    try {
      this.#knownGood = await writeFileAtomic(this.path, text, {
        fs: this.#fs,
        beforeReplace: () => this.#keepPrevious(),
      });
    } catch (e) {
      // After a failed folder fsync the new file is in place all the same.
      if (e instanceof AtomicWriteError && e.step === 'folder-sync' && e.written) this.#knownGood = e.written;
      throw e;
    }
  }

  /**
   * Step 2 of a save: keep the sidecar about to be replaced as `<sidecar>.bak`, if it is a valid
   * sidecar. Returns what to do once the replacement has succeeded or failed.
   */
  async #keepPrevious(): Promise<ReplaceHook | null> {
    const fs = this.#fs;
    const path = this.path;
    const bak = this.backupPath;
    let current: BigIntStats;
    try {
      current = await fs.lstat(path, { bigint: true });
    } catch (e) {
      if (errno(e) === 'ENOENT') return null; // The first save: nothing to keep.
      throw new AtomicWriteError('backup', e);
    }
    // Valid: the very file this instance read or wrote, or one that reads valid now.
    const known = this.#knownGood;
    let valid: FileIdentity | null = known && current.isFile() && sameFile(identityOf(current), known) ? known : null;
    let bytes: Buffer | null = null;
    if (!valid) {
      const checked = await readValid(fs, path);
      if (!checked) return null; // Never let a file Parley cannot read replace a good .bak.
      ({ identity: valid, bytes } = checked);
    }

    const temps = new TempSet(fs, path);
    const bakTemp = temps.add();
    /** How a failed replacement puts the .bak back as it was; null: it cannot, and leaves it. */
    let undo: (() => Promise<void>) | null = null;
    try {
      if (!(await linkSame(fs, path, bakTemp, current, valid))) {
        // No hard links here (FAT, some network shares), or the file changed since it was checked.
        bytes ??= (await readValid(fs, path, valid))?.bytes ?? null;
        if (!bytes) {
          await temps.removeAll();
          return null;
        }
        await writeSynced(fs, bakTemp, bytes, Number(current.mode & 0o777n));
      }
      // A link to the current .bak, to put it back should the new sidecar fail to take its place.
      const prev = temps.add();
      try {
        await fs.link(bak, prev);
        undo = () => fs.rename(prev, bak);
      } catch (e) {
        temps.forget(prev);
        // No .bak yet: a failure removes the new one again.
        if (errno(e) === 'ENOENT') undo = () => fs.rm(bak, { force: true });
        // No hard links: a failure leaves .bak holding the sidecar as it still is, a valid save too.
        else if (!NO_HARD_LINKS.includes(errno(e) ?? '')) throw e;
      }
      // Atomic: .bak is the old backup or the new one at every instant. (When .bak already is the
      // sidecar, as a writer killed between the two renames leaves them, rename does nothing and
      // the link stays: it is removed with the other temps, so it is not forgotten here.)
      await renameWithRetry(fs, bakTemp, bak, 'backup');
    } catch (e) {
      await temps.removeAll();
      throw e instanceof AtomicWriteError ? e : new AtomicWriteError('backup', e);
    }
    const restore = undo;
    return {
      // The new sidecar is in place: the old .bak is not needed any more.
      replaced: () => temps.removeAll(),
      // It is not: put back the .bak as it was.
      failed: async () => {
        try {
          await restore?.();
        } finally {
          await temps.removeAll();
        }
      },
    };
  }

  #invalid(problem: string): ParleyError {
    return new ParleyError('sidecar-invalid', `"${this.name}" ${problem}. ${LEAVE_IT}`);
  }
}

/** A sidecar as `readDeferred` read it. */
export interface DeferredRead {
  /** The sidecar; without its annotations when they are left unread. */
  sidecar: Sidecar;
  /** The annotations left unread (see SidecarFile.annotationsFrom); null when they were read. */
  annotations: DeferredAnnotations | null;
  /**
   * The sha256 of the bytes read. A function: after a deferred read it is computed on the first
   * call (5 ms for a long transcript's 6 MB), which the open's answer need not wait for.
   */
  sha256: () => string;
}

/** The sha256 of `bytes`, computed on the first call; the bytes are let go once it is. */
function hashLater(bytes: Uint8Array): () => string {
  let held: Uint8Array | null = bytes;
  let hash = '';
  return () => {
    if (held) {
      hash = createHash('sha256').update(held).digest('hex');
      held = null;
    }
    return hash;
  };
}

/**
 * A sidecar's annotations as read but not decoded or parsed yet: hand it to
 * `SidecarFile.annotationsFrom`. Bytes, not text: a megabyte string per thousand annotations would
 * be made only to wait, and the file's bytes are held anyway.
 */
export interface DeferredAnnotations {
  /** The annotations' JSON, as UTF-8 (a view into `whole`). */
  readonly bytes: Uint8Array;
  /** The whole file, to read whole if they turn out not to be valid. */
  readonly whole: Uint8Array;
  readonly identity: FileIdentity;
}

/** The outcome of parsing a sidecar's text: the sidecar, or the sentence that says what is wrong. */
type Parsed = { ok: true; sidecar: Sidecar } | { ok: false; problem: string };

/** The text of a sidecar's bytes; null when they are not UTF-8. */
function decodeSidecar(bytes: Uint8Array): string | null {
  try {
    // fatal: a sidecar in another encoding must not be silently "repaired" with U+FFFD and then saved.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** A sidecar's bytes parsed and checked whole. */
function parseSidecarBytes(bytes: Uint8Array): Parsed {
  const text = decodeSidecar(bytes);
  return text === null ? { ok: false, problem: 'is not UTF-8 text' } : parseSidecar(text);
}

function parseSidecar(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `is not valid JSON (${messageOf(e)})` };
  }
  return checkSidecar(json);
}

const ANNOTATIONS_MEMBER = Buffer.from('\n  "annotations": ', 'latin1');
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * A sidecar's bytes as everything but its annotations (decoded and parsed) plus the annotations'
 * bytes, when the file is laid out as `stringifySidecar` writes it: pretty-printed by two spaces,
 * annotations the last member. Null otherwise.
 *
 * Why this is sound: JSON strings cannot hold a raw line break, so every line break in the text is
 * layout, and in that layout a line indented by exactly two spaces and starting with a key is a
 * member of the top-level object (the bytes searched are ASCII, and in UTF-8 ASCII bytes are only
 * ever those characters). If the part before that member, closed with "}", decodes and parses as an
 * object without annotations, and the part after it is "[...]" then "}", the whole file is that
 * object plus an "annotations" member holding the array: whether the array decodes and parses
 * decides whether the whole file is valid, as reading it whole would. That holds wherever the
 * member is found, so the first one is taken: in Parley's layout it is the only one, and searching
 * from the start goes through the head only (a fifth of a long transcript's file).
 */
function splitAnnotations(bytes: Buffer): { head: unknown; annotations: Uint8Array } | null {
  const at = bytes.indexOf(ANNOTATIONS_MEMBER);
  if (at < 1 || bytes[at - 1] !== 0x2c /* , */) return null;
  let end = bytes.length;
  while (end > at && JSON_SPACE.has(bytes[end - 1]!)) end--;
  if (bytes[end - 1] !== 0x7d /* } */) return null;
  end--;
  while (end > at && JSON_SPACE.has(bytes[end - 1]!)) end--;
  const start = at + ANNOTATIONS_MEMBER.length;
  if (end - start < 2 || bytes[start] !== 0x5b /* [ */ || bytes[end - 1] !== 0x5d /* ] */) return null;
  const text = decodeSidecar(bytes.subarray(0, at - 1));
  if (text === null) return null;
  let head: unknown;
  try {
    head = JSON.parse(`${text}\n}`);
  } catch {
    return null;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head) || Object.hasOwn(head, 'annotations')) return null;
  return { head, annotations: bytes.subarray(start, end) };
}

const AnnotationsSchema = SidecarSchema.shape.annotations.unwrap();

/**
 * Read a small sample sidecar the way an open reads one (split, head checked, annotations
 * checked), and the whole of it as a save writes it. The first check in a fresh process compiles
 * the checking code: 14 ms of the first open of a long transcript, measured. Hosts call this once
 * they are up, before anyone can ask for a file. Returns whether the sample read as valid.
 */
export function warmUpSidecarChecks(): boolean {
  const sample: Sidecar = {
    format: SIDECAR_FORMAT,
    version: SIDECAR_VERSION,
    source: { name: SAMPLE_OPEN_RESULT.fileName, sha256: '0'.repeat(64), bytes: 100, convention: 'label-line', confidence: 1 },
    savedAt: '2026-01-01T00:00:00.000Z',
    ...SAMPLE_OPEN_RESULT.body,
    annotations: SAMPLE_ANNOTATIONS,
  };
  const bytes = Buffer.from(stringifySidecar(sample), 'utf8');
  const split = splitAnnotations(bytes);
  const head = split && checkSidecar(split.head);
  const annotations = split && parseAnnotations(split.annotations);
  return !!(head?.ok && annotations && parseSidecarBytes(bytes).ok);
}

/**
 * Annotations left unread by a deferred read, decoded, parsed and checked; null when they are not
 * valid (the whole file is then read, to say what is wrong as a whole read would).
 */
function parseAnnotations(bytes: Uint8Array): Annotation[] | null {
  const text = decodeSidecar(bytes);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = AnnotationsSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Parsed JSON checked as a sidecar: format and version, the schema, the references. */
function checkSidecar(json: unknown): Parsed {
  const problem = formatProblem(json);
  if (problem) return { ok: false, problem };
  const parsed = SidecarSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: `does not match the annotations format (${describeSchemaError(parsed.error)})` };
  }
  const broken = checkSidecarReferences(parsed.data);
  if (broken) return { ok: false, problem: `is inconsistent (${broken})` };
  return { ok: true, sidecar: parsed.data };
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
 * a moment. After RENAME_ATTEMPTS tries (about 0.6 s in all) the error stands.
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

/** Read a file through one handle, with the identity of exactly the version read. */
/**
 * The largest sidecar Parley reads: a day-long hearing's 50 MB of text with 200,000 annotations fits
 * in half of it. A larger file is refused before it is read, so a wrong or damaged one cannot take
 * the memory of the process that would read it.
 */
export const MAX_SIDECAR_BYTES = 256 * 1024 * 1024;

/** A file larger than MAX_SIDECAR_BYTES, found before reading it. */
class TooLargeToRead extends Error {
  constructor(readonly size: number) {
    super(`${size} bytes`);
  }
}

async function readWithIdentity(fs: WriterFs, path: string): Promise<{ bytes: Buffer; identity: FileIdentity }> {
  const handle = await fs.open(path, 'r');
  try {
    const stats = await handle.stat({ bigint: true });
    if (stats.size > BigInt(MAX_SIDECAR_BYTES)) throw new TooLargeToRead(Number(stats.size));
    const identity = identityOf(stats);
    return { bytes: await handle.readFile(), identity };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The sidecar at `path`, when it is one Parley can read (or is exactly the version `trusted`):
 * its bytes and identity. Null when it is missing, unreadable or invalid.
 */
async function readValid(
  fs: WriterFs,
  path: string,
  trusted?: FileIdentity,
): Promise<{ bytes: Buffer; identity: FileIdentity } | null> {
  let got;
  try {
    got = await readWithIdentity(fs, path);
  } catch {
    return null;
  }
  if (trusted && sameFile(got.identity, trusted)) return got;
  return parseSidecarBytes(got.bytes).ok ? got : null;
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

function identityOf(s: BigIntStats): FileIdentity {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
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

/**
 * What the user reads when a save fails: what happened, that nothing on disk was lost, and what to
 * do. Every failure before the rename left the sidecar and its .bak exactly as they were.
 */
export function saveFailure(e: unknown, path: string): ParleyError {
  if (e instanceof ParleyError) return e;
  const name = basename(path);
  const dir = dirname(path);
  const code = errno(e);
  const detail = code ? `${code}: ${messageOf(e)}` : messageOf(e);
  const kept = `your edits are still open in Parley, and "${name}" on disk still holds your last save`;
  if (e instanceof AtomicWriteError && e.step === 'folder-sync') {
    return new ParleyError(
      'io',
      `Parley wrote "${name}", but the system could not confirm that it is safely on disk (${detail}). ` +
        'Save again; if this keeps happening, check the disk.',
    );
  }
  const attempts = e instanceof AtomicWriteError ? e.attempts : 1;
  const retried = e instanceof AtomicWriteError && (e.step === 'rename' || e.step === 'backup') && attempts > 1;
  switch (code) {
    case 'ENOSPC':
      return new ParleyError(
        'io',
        `The disk is full: Parley could not save "${name}". Free some space on the disk that holds ${dir} and save again, or use Save a copy… to save it elsewhere; ${kept}.`,
      );
    case 'EDQUOT':
      return new ParleyError(
        'io',
        `Your disk quota is used up: Parley could not save "${name}". Free some space (or ask for a larger quota) and save again, or use Save a copy… to save it elsewhere; ${kept}.`,
      );
    case 'EROFS':
      return new ParleyError(
        'io',
        `The disk that holds ${dir} is read-only: Parley could not save "${name}". Use Save a copy… to save it elsewhere, or make the disk writable and save again; ${kept}.`,
      );
    case 'EBUSY':
      return new ParleyError(
        'io',
        `Another program (often a sync client or a virus scanner) is holding "${name}" or its folder, so Parley could not replace it (tried ${attempts} times). Wait a moment, then save again; ${kept}.`,
      );
    case 'EACCES':
    case 'EPERM':
      return new ParleyError(
        'io',
        retried
          ? `Parley was not allowed to replace "${name}" (tried ${attempts} times): another program (a sync client or a virus scanner) may be holding it, or you may lack permission to change files in ${dir}. Wait a moment and save again, or check the folder's permissions; ${kept}.`
          : `Permission denied: Parley may not write in ${dir}, so it could not save "${name}". Use Save a copy… to save it elsewhere, or get write permission on that folder and save again; ${kept}.`,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new ParleyError(
        'io',
        `Parley could not save "${name}": the folder ${dir} is not there any more (moved, renamed or unplugged?). Put it back, then save again; your edits are still open in Parley.`,
      );
    default:
      return new ParleyError('io', `Could not save "${name}" (${detail}); the previous version is unchanged.`);
  }
}
