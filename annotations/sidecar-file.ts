/**
 * The sidecar on disk, as lowdb sees it: `SidecarFile` is the adapter of one
 * `<name>.annotations.json`, and `DocumentAdapter` is the adapter of one open document's `Low`.
 *
 * lowdb's own JSONFile parses with `JSON.parse(...) as T` and writes through steno. Here a read goes
 * through the codec (sidecar-codec.ts: schema plus cross-reference checks), and a save through the
 * atomic writer (atomic-file.ts), which first keeps the sidecar being replaced, if it is a valid one,
 * as `<sidecar>.bak`. So at every instant the sidecar holds the last acknowledged save or a newer
 * one, and, from the second save on, `.bak` holds a valid earlier save (never a file Parley could not
 * read). The first save of each SidecarFile also sweeps the temp files that writers killed mid-save
 * left behind.
 *
 * A save validates and serialises once, here, and hands back the hash and size of the bytes it
 * wrote (`writeHashed`): the document service records them as what it last put on disk.
 */
import type { Adapter } from 'lowdb';
import { basename } from 'node:path';
import type { Annotation } from '../shared/annotation.js';
import { SAMPLE_ANNOTATIONS, SAMPLE_OPEN_RESULT } from '../shared/api-samples.js';
import { SIDECAR_FORMAT, SIDECAR_VERSION, stringifySidecar, type Sidecar } from '../shared/sidecar.js';
import {
  AtomicWriteError,
  keepPrevious,
  nodeFs,
  readWithIdentity,
  sweepStaleTemps,
  writeFileAtomic,
  type FileIdentity,
  type ReplaceHook,
  type WriterFs,
} from './atomic-file.js';
import { errno } from './node-errors.js';
import {
  MAX_SIDECAR_BYTES,
  checkSidecar,
  encodeSidecar,
  hashLater,
  parseAnnotations,
  parseSidecarBytes,
  sha256Of,
  splitAnnotations,
} from './sidecar-codec.js';
import { readFailure, saveFailure, sidecarInvalid } from './sidecar-errors.js';

/** The name `<sidecar>.bak` under which the previous valid save is kept. */
export function backupPathFor(sidecarPath: string): string {
  return `${sidecarPath}.bak`;
}

/** What a save put on disk: the sha256 and the size in bytes of the text written. */
export interface Written {
  sha256: string;
  bytes: number;
}

/**
 * Reads and writes one `<name>.annotations.json`. Use one instance per file and process: it is the
 * file's single writer, and it coalesces concurrent writes so that only the newest pending data is
 * written once the write under way has finished (steno's rule: last one wins).
 */
export class SidecarFile implements Adapter<Sidecar> {
  /** Data waiting for the write under way to finish, and every caller waiting for it. */
  #next: {
    text: string;
    waiters: Array<{ resolve: (written: Written) => void; reject: (e: unknown) => void }>;
  } | null = null;
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

  /** The file's name, as messages name it. */
  get name(): string {
    return basename(this.path);
  }

  /**
   * The sidecar, or null when there is none. Throws ParleyError 'sidecar-invalid' (naming the file
   * and the problem) when the file exists but is not a sidecar this version of Parley can read; the
   * file itself is never touched.
   */
  async read(): Promise<Sidecar | null> {
    return (await this.readDeferred({ deferAnnotations: false }))?.sidecar ?? null;
  }

  /**
   * As `read`, plus the sha256 of the very bytes read (what a caller compares later to tell a change
   * by someone else from its own writes, without reading the file a second time). With
   * `deferAnnotations` the annotations may be left unread (as bytes), to be parsed by
   * `annotationsFrom` when they are asked for: they are most of a long transcript's sidecar, and
   * opening it waits only for the rest. They are left only when the file is laid out as Parley writes
   * it (annotations last, pretty-printed); whether they then parse decides whether the file was
   * valid, exactly as a whole read would have (see splitAnnotations).
   */
  async readDeferred(options: { deferAnnotations: boolean }): Promise<DeferredRead | null> {
    let got: { bytes: Buffer; identity: FileIdentity };
    try {
      got = await readWithIdentity(this.#fs, this.path, MAX_SIDECAR_BYTES);
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      throw readFailure(e, this.name, MAX_SIDECAR_BYTES);
    }
    const split = options.deferAnnotations ? splitAnnotations(got.bytes) : null;
    const head = split && checkSidecar(split.head);
    if (split && head?.ok) {
      const annotations = { bytes: split.annotations, whole: got.bytes, identity: got.identity };
      // The bytes are held for the annotations anyway: hashed when first asked, not on the way to the text.
      return { sidecar: head.sidecar, annotations, sha256: hashLater(got.bytes) };
    }
    const sha256 = sha256Of(got.bytes);
    // Read whole (and, when the head alone was not a valid sidecar, to say what the whole file is).
    const result = parseSidecarBytes(got.bytes);
    if (!result.ok) throw sidecarInvalid(this.name, result.problem);
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
    if (!whole.ok) throw sidecarInvalid(this.name, whole.problem);
    this.#knownGood = deferred.identity;
    return whole.sidecar.annotations ?? [];
  }

  /** lowdb's write: `writeHashed`, without the result (an Adapter's write resolves with nothing). */
  async write(data: Sidecar): Promise<void> {
    await this.writeHashed(data);
  }

  /**
   * Writes atomically, and resolves with the hash and size of the text written. The data is checked
   * and serialised at once (lowdb mutates `db.data` in place, so a later change must not leak into
   * an earlier write); if a write is under way, this data replaces any other pending data and the
   * promise settles when the newest data is on disk (with what that write wrote). A failure is a
   * ParleyError whose message says what happened and what to do (see saveFailure).
   */
  writeHashed(data: Sidecar): Promise<Written> {
    let text: string;
    try {
      text = encodeSidecar(data, this.name);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<Written>((resolve, reject) => {
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

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#next) {
        const batch = this.#next;
        this.#next = null;
        try {
          await this.#save(batch.text);
          const written = { sha256: sha256Of(batch.text), bytes: Buffer.byteLength(batch.text, 'utf8') };
          for (const w of batch.waiters) w.resolve(written);
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

  /** Step 2 of a save: keep the sidecar about to be replaced as `<sidecar>.bak`, if it is a valid sidecar. */
  #keepPrevious(): Promise<ReplaceHook | null> {
    return keepPrevious(this.path, {
      fs: this.#fs,
      backupPath: this.backupPath,
      trusted: this.#knownGood,
      isValid: (bytes) => parseSidecarBytes(bytes).ok,
      maxBytes: MAX_SIDECAR_BYTES,
    });
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
   * call, which the open's answer need not wait for.
   */
  sha256: () => string;
}

/**
 * A sidecar's annotations as read but not decoded or parsed yet: hand it to
 * `SidecarFile.annotationsFrom`. Bytes, not text: a long string would be made only to wait, and the
 * file's bytes are held anyway.
 */
export interface DeferredAnnotations {
  /** The annotations' JSON, as UTF-8 (a view into `whole`). */
  readonly bytes: Uint8Array;
  /** The whole file, to read whole if they turn out not to be valid. */
  readonly whole: Uint8Array;
  readonly identity: FileIdentity;
}

/**
 * The adapter of one open document's `Low`: its reads and writes go to the file's SidecarFile
 * (shared by every document open on that file: one writer per file), and it keeps what lowdb does
 * not pass on. `Low.read()` hands over the sidecar only, so the adapter keeps the rest of the read
 * (`lastRead`: the annotations left unread, the hash of the bytes); `Low.write()` resolves with
 * nothing, so the adapter keeps what each write put on disk (`writtenFor`).
 */
export class DocumentAdapter implements Adapter<Sidecar | null> {
  /** What the last `read` found (null: no sidecar, or not read yet). */
  lastRead: DeferredRead | null = null;
  readonly #written = new WeakMap<Sidecar, Written>();

  constructor(
    readonly file: SidecarFile,
    readonly options: { deferAnnotations: boolean },
  ) {}

  async read(): Promise<Sidecar | null> {
    this.lastRead = await this.file.readDeferred(this.options);
    return this.lastRead?.sidecar ?? null;
  }

  /** Low writes only data it holds; null (no sidecar read, none built yet) is never written. */
  async write(data: Sidecar | null): Promise<void> {
    if (data) this.#written.set(data, await this.file.writeHashed(data));
  }

  /** What the write of exactly this data put on disk; undefined when it was not written through here. */
  writtenFor(data: Sidecar): Written | undefined {
    return this.#written.get(data);
  }
}

/**
 * Read a small sample sidecar the way an open reads one (split, head checked, annotations
 * checked), and the whole of it as a save writes it. The first check in a fresh process compiles
 * the checking code (docs/performance.md): hosts call this once they are up, before anyone can ask
 * for a file. Returns whether the sample read as valid.
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
