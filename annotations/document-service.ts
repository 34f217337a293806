/**
 * The backend's open documents: a source file read once, its sidecar beside it, and the rules that
 * decide what the editor sees and whether it may save.
 *
 * The source file is never written. A sidecar is only ever replaced by a save of a document that was
 * opened writable, or renamed to a backup by an explicit re-import; it is never deleted, and one that
 * Parley cannot read is left exactly as it is. When the source changed under its sidecar, the saved
 * work is re-anchored onto the new text, and the first save copies the old sidecar to a backup
 * before replacing it.
 */
import { randomBytes } from 'node:crypto';
import { constants, copyFile, lstat, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type { ImportChoices, OpenResult, Problem } from '../shared/api.js';
import { ParleyError, isParleyError } from '../shared/errors.js';
import { importBytes } from '../shared/import/index.js';
import { importDocx, looksLikeDocx } from './docx.js';
import type { ImportResult, TranscriptBody } from '../shared/model.js';
import {
  SIDECAR_FORMAT,
  SIDECAR_VERSION,
  bodyOf,
  sidecarNameFor,
  stringifySidecar,
  type Sidecar,
  type SourceInfo,
} from '../shared/sidecar.js';
import { reanchorBody, type ReanchorReport } from '../shared/anchoring/reanchor.js';
import { errno, messageOf } from './node-errors.js';
import { readSourceFile } from './source-file.js';
import { SidecarFile } from './sidecar-file.js';

/** One open document. The Low instance owns the sidecar's in-memory copy; its adapter owns the file. */
interface OpenDocument {
  docId: string;
  sourcePath: string;
  source: SourceInfo;
  readOnly: boolean;
  file: SidecarFile;
  db: Low<Sidecar>;
  /**
   * Set when the body was re-anchored onto a changed source: the sidecar on disk still holds the
   * work as it was saved, and the first save copies it to a backup before replacing it.
   */
  backupBeforeSave: boolean;
  /** That copy, once under way (shared by saves made at the same time). */
  backup: Promise<string | null> | null;
}

/** What `open` read from disk, before it is made a document. */
interface Loaded {
  sourcePath: string;
  source: SourceInfo;
  body: TranscriptBody;
  warnings: string[];
  readOnly: boolean;
  problem: Problem | null;
  fromSidecar: boolean;
  savedAt: string | null;
  /** See OpenDocument.backupBeforeSave. */
  backupBeforeSave?: boolean;
}

export interface DocumentServiceOptions {
  /** The clock for `savedAt` and backup names; tests pass a fixed one. */
  now?: () => Date;
}

/** Holds the open documents by id and implements open, save, re-import and close for the API. */
export class DocumentService {
  readonly #docs = new Map<string, OpenDocument>();
  /** One adapter per sidecar path, shared by every document open on it: one writer per file. */
  readonly #files = new Map<string, SidecarFile>();
  readonly #now: () => Date;

  constructor(options: DocumentServiceOptions = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Open the transcript at an absolute path (access must already have been checked). The body comes
   * from a valid sidecar made for these exact source bytes, else from a fresh import; see OpenResult
   * for how an unreadable sidecar or a changed source is reported.
   */
  async open(absPath: string, choices: ImportChoices = {}): Promise<OpenResult> {
    return this.#register(await this.#load(absPath, choices));
  }

  /**
   * Start again from the source: the current sidecar, if any, is renamed to
   * `<name>.annotations.<time>.bak.json` beside it (never deleted), and the source is imported afresh.
   * Meant for a source that changed under its sidecar; also frees a document held read-only by a
   * sidecar Parley cannot read. The old document id is closed; use the returned one.
   */
  async reimport(docId: string): Promise<OpenResult> {
    const doc = this.#get(docId);
    // A save still in flight (from another document open on the same file) lands before the rename.
    await doc.file.idle();
    await this.#backup(doc.file.path);
    this.close(docId);
    return this.open(doc.sourcePath);
  }

  /**
   * Write the document's sidecar: the body plus where it came from (source name, sha256, size,
   * convention). Refused with 'read-only' when the document was opened read-only.
   */
  async save(docId: string, body: TranscriptBody): Promise<{ savedAt: string; bytes: number }> {
    const doc = this.#get(docId);
    if (doc.readOnly) {
      throw new ParleyError(
        'read-only',
        `"${basename(doc.sourcePath)}" is open read-only, so Parley did not save it; its annotations file stays as it was.`,
      );
    }
    if (doc.backupBeforeSave) {
      // The sidecar still holds the work as saved before the source changed: keep it as a copy first.
      doc.backup ??= doc.file.idle().then(() => this.#backup(doc.file.path, 'copy'));
      try {
        await doc.backup;
      } catch (e) {
        doc.backup = null;
        throw new ParleyError(
          'io',
          `Parley did not save "${basename(doc.file.path)}": it could not first keep the previous version as a backup (${messageOf(e)}).`,
        );
      }
      doc.backupBeforeSave = false;
    }
    const savedAt = this.#now().toISOString();
    const { metadata, speakers, turns, removed, history, codebook, annotations } = body;
    const sidecar: Sidecar = {
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: doc.source,
      savedAt,
      metadata,
      speakers,
      turns,
      removed,
      history,
      ...(codebook ? { codebook } : {}),
      ...(annotations ? { annotations } : {}),
    };
    const previous = doc.db.data;
    doc.db.data = sidecar;
    try {
      // The adapter validates (ParleyError 'bad-request' for a body that does not fit) and writes.
      await doc.db.write();
    } catch (e) {
      doc.db.data = previous;
      throw e;
    }
    // The same serialisation the adapter wrote, only to report its size.
    return { savedAt, bytes: Buffer.byteLength(stringifySidecar(sidecar), 'utf8') };
  }

  /** Forget a document. Unsaved changes are the renderer's to warn about; closing never writes. */
  close(docId: string): void {
    const doc = this.#docs.get(docId);
    if (!doc) return;
    this.#docs.delete(docId);
    if (![...this.#docs.values()].some((d) => d.file === doc.file)) this.#files.delete(doc.file.path);
  }

  /** How many documents are open (for tests and diagnostics). */
  get size(): number {
    return this.#docs.size;
  }

  /** `choices` apply only to a fresh import: a sidecar, once written, is what the user made of the file. */
  async #load(absPath: string, choices: ImportChoices = {}): Promise<Loaded> {
    // The same checks as every reader of a source: it exists, is a file, is not a sidecar, is not too large.
    const { name, bytes, sha256 } = await readSourceFile(absPath);
    // DOCX is a zip of XML, not text: mammoth reads it out first (annotations/docx.ts).
    const fresh = async (): Promise<Loaded> => {
      const imported = withSpeakerNames(
        looksLikeDocx(bytes)
          ? await importDocx(bytes, { convention: choices.convention })
          : importBytes(bytes, { convention: choices.convention, fileName: name }),
        choices.speakerNames,
      );
      return {
        sourcePath: absPath,
        source: { name, sha256, bytes: bytes.length, convention: imported.convention, confidence: imported.confidence },
        body: imported.body,
        warnings: imported.warnings,
        readOnly: false,
        problem: null,
        fromSidecar: false,
        savedAt: null,
      };
    };

    let sidecar: Sidecar | null;
    try {
      const path = sidecarPathFor(absPath);
      sidecar = await (this.#files.get(path) ?? new SidecarFile(path)).read();
    } catch (e) {
      if (!isParleyError(e) || e.code !== 'sidecar-invalid') throw e;
      // (c) Show the source so the user can read it, but never write over a file Parley cannot read.
      return { ...(await fresh()), readOnly: true, problem: { kind: 'sidecar-invalid', message: e.message } };
    }
    // (a) Nothing saved yet.
    if (!sidecar) return await fresh();
    const loaded: Loaded = {
      sourcePath: absPath,
      source: { ...sidecar.source, name },
      body: bodyOf(sidecar),
      warnings: [],
      readOnly: false,
      problem: null,
      fromSidecar: true,
      savedAt: sidecar.savedAt,
    };
    // (b) The annotations were made on exactly these bytes.
    if (sidecar.source.sha256 === sha256 && sidecar.source.bytes === bytes.length) return loaded;
    // (d) The source changed: import it afresh and carry the saved work onto the new text
    // (shared/anchoring/reanchor.ts). Writable; the sidecar on disk is left as it is until the first
    // save, which copies it to a backup before replacing it.
    let current: Loaded;
    let reanchored;
    try {
      current = await fresh();
      reanchored = reanchorBody(loaded.body, current.body);
    } catch (e) {
      // The new source cannot be read (or, not expected, the carrying failed): show the saved work
      // read-only rather than refuse to open it or lose any of it.
      return {
        ...loaded,
        readOnly: true,
        problem: {
          kind: 'source-changed',
          message:
            `"${name}" has changed since its annotations were saved (${sidecar.savedAt}), and Parley could not ` +
            `carry them onto the new text (${messageOf(e)}), so they are shown read-only. Re-import to start from ` +
            'the new text; the old annotations are kept as a backup beside it.',
        },
      };
    }
    return {
      ...current,
      body: reanchored.body,
      problem: { kind: 'source-changed', message: reanchorMessage(reanchored.report) },
      fromSidecar: true,
      savedAt: sidecar.savedAt,
      backupBeforeSave: true,
    };
  }

  #register(loaded: Loaded): OpenResult {
    const docId = randomBytes(12).toString('base64url');
    const path = sidecarPathFor(loaded.sourcePath);
    let file = this.#files.get(path);
    if (!file) {
      file = new SidecarFile(path);
      this.#files.set(path, file);
    }
    const data: Sidecar = {
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: loaded.source,
      savedAt: loaded.savedAt ?? '',
      ...loaded.body,
    };
    this.#docs.set(docId, {
      docId,
      sourcePath: loaded.sourcePath,
      source: loaded.source,
      readOnly: loaded.readOnly,
      file,
      db: new Low<Sidecar>(file, data),
      backupBeforeSave: loaded.backupBeforeSave ?? false,
      backup: null,
    });
    return {
      docId,
      fileName: basename(loaded.sourcePath),
      sidecarName: basename(file.path),
      body: loaded.body,
      convention: loaded.source.convention,
      confidence: loaded.source.confidence,
      warnings: loaded.warnings,
      readOnly: loaded.readOnly,
      problem: loaded.problem,
      fromSidecar: loaded.fromSidecar,
      savedAt: loaded.savedAt,
    };
  }

  #get(docId: string): OpenDocument {
    const doc = this.#docs.get(docId);
    if (!doc) {
      throw new ParleyError('not-found', 'That document is not open any more; open the file again.');
    }
    return doc;
  }

  /**
   * Rename (or copy) a sidecar to a backup name that does not exist yet; a missing sidecar needs no
   * backup. Returns the backup's path.
   */
  async #backup(sidecarPath: string, how: 'rename' | 'copy' = 'rename'): Promise<string | null> {
    if (!(await exists(sidecarPath))) return null;
    // ISO time without ':' and '.', which Windows does not allow in file names.
    const stamp = this.#now().toISOString().replace(/[:.]/g, '-');
    const base = sidecarPath.slice(0, -'.json'.length);
    for (let n = 1; ; n++) {
      const candidate = `${base}.${stamp}${n > 1 ? `-${n}` : ''}.bak.json`;
      if (await exists(candidate)) continue;
      if (how === 'rename') {
        await rename(sidecarPath, candidate);
      } else {
        try {
          // EXCL: another backup made the same name in the meantime; try the next one.
          await copyFile(sidecarPath, candidate, constants.COPYFILE_EXCL);
        } catch (e) {
          if (errno(e) === 'EEXIST') continue;
          throw e;
        }
      }
      return candidate;
    }
  }
}

/** The speaker names the user typed in the import preview, applied to a fresh import. */
function withSpeakerNames(imported: ImportResult, names: Record<string, string> | undefined): ImportResult {
  if (!names || !Object.keys(names).length) return imported;
  const speakers = imported.body.speakers.map((s) => {
    const name = names[s.id]?.trim();
    return name && name !== s.name ? { ...s, name, aliases: s.aliases.includes(s.name) ? s.aliases : [...s.aliases, s.name] } : s;
  });
  return { ...imported, body: { ...imported.body, speakers } };
}

/**
 * What the user reads after re-anchoring: the figures, what became of the detached, that the text
 * now follows the new source, and that the old file is kept.
 */
function reanchorMessage(report: ReanchorReport): string {
  const before = report.alreadyDetached > 0 ? `; ${report.alreadyDetached} of them were detached before` : '';
  const parts = [
    report.total === 0
      ? 'The source changed since the annotations were saved; Parley carried the corrections onto the new text.'
      : 'The source changed since the annotations were saved; Parley re-anchored them: ' +
        `${report.exact} exact, ${report.moved} moved, ${report.fuzzy} fuzzy, ${report.detached} detached (kept, listed as detached${before}).`,
  ];
  if (report.textChanges > 0) {
    const places = report.textChanges === 1 ? '1 place' : `${report.textChanges} places`;
    parts.push(`The text now follows the new source, which differs from the saved text in ${places}.`);
  }
  parts.push('The first save keeps the previous annotations file as a backup beside it.');
  return parts.join(' ');
}

function sidecarPathFor(sourcePath: string): string {
  return join(dirname(sourcePath), sidecarNameFor(basename(sourcePath)));
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if (errno(e) === 'ENOENT') return false;
    throw e;
  }
}
