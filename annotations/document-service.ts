/**
 * The backend's open documents. DocumentService is the one owner of an open document: its sidecar
 * (through the document's lowdb, see sidecar-file.ts), its folder's codebook, what Parley last knew
 * of both files on disk (disk-record.ts), which window holds it, and any unsaved draft. What an open
 * shows is decided in document-load.ts; the copies kept of a sidecar are made in sidecar-backups.ts.
 *
 * A save takes one path: refuse it if the document is read-only or the file changed on disk since
 * this document last read or wrote it; keep a backup first if the work was re-anchored; then
 * `db.write()`, where the adapter validates, serialises and writes once and hands back the hash and
 * size it wrote, which become what this document knows of the file; then the folder's codebook.
 *
 * The source file is never written. A sidecar is only ever replaced by a save of a document that was
 * opened writable, or renamed to a backup by an explicit re-import; it is never deleted, and one that
 * Parley cannot read is left exactly as it is. When the source changed under its sidecar, the saved
 * work is re-anchored onto the new text, and the first save copies the old sidecar to a backup
 * before replacing it.
 */
import { randomBytes } from 'node:crypto';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Low } from 'lowdb';
import type { DiskStatus, ImportChoices, OpenResult } from '../shared/api.js';
import type { Annotation } from '../shared/annotation.js';
import { sidecarCodebook } from '../shared/codebook/index.js';
import { ParleyError, isParleyError } from '../shared/errors.js';
import type { TranscriptBody } from '../shared/model.js';
import { SIDECAR_FORMAT, SIDECAR_VERSION, stringifySidecar, type Sidecar, type SourceInfo } from '../shared/sidecar.js';
import { withFolderCodebook, writeFolderCodebook } from './codebook-file.js';
import { DiskRecord, refresh, statKeyOf, watchFolder } from './disk-record.js';
import { loadDocument, sidecarPathFor, type Loaded } from './document-load.js';
import { backupFailed, cannotTakeOver, changedOnDisk, folderGone, notOpen, openElsewhere, readOnlyError } from './document-errors.js';
import { Drafts } from './drafts.js';
import { backupSidecar, exists, readBackup, restoreSidecarBackup } from './sidecar-backups.js';
import { DocumentAdapter, SidecarFile, backupPathFor, type DeferredAnnotations, type Written } from './sidecar-file.js';

/** One open document. The Low instance owns the sidecar's in-memory copy; its adapter owns the file. */
interface OpenDocument {
  docId: string;
  sourcePath: string;
  source: SourceInfo;
  readOnly: boolean;
  /**
   * Why the document is read-only when the reason is another window holding its file: 'at-open', it
   * was opened while another window held the file; 'taken-over', it held the file until another
   * window took it over (`takeOver`). Null otherwise. Either may be taken over in turn; a document
   * read-only for any other reason (an unreadable sidecar, say) never may.
   */
  heldElsewhere: 'at-open' | 'taken-over' | null;
  /** The sidecar's file: one per path, shared by every document open on it (one writer per file). */
  file: SidecarFile;
  /**
   * The document's lowdb: `db.data` is the sidecar as this document last read or wrote it, and reads
   * and writes go through `adapter` (see sidecar-file.ts, DocumentAdapter, and docs/architecture.md).
   */
  db: Low<Sidecar | null>;
  adapter: DocumentAdapter;
  /**
   * Set when the body was re-anchored onto a changed source: the sidecar on disk still holds the
   * work as it was saved, and the first save copies it to a backup before replacing it.
   */
  backupBeforeSave: boolean;
  /** That copy, once under way (shared by saves made at the same time). */
  backup: Promise<string | null> | null;
  /** The window that opened it (see OpenOptions.client), and when it last showed signs of life. */
  client: string | null;
  lastSeen: number;
  /** The sidecar as this document last read or wrote it: anything else on disk is someone else's change. */
  sidecarDisk: DiskRecord;
  /** The source as it was opened. */
  sourceDisk: DiskRecord;
  /** Watches the folder for changes to the sidecar and the source (null where watching fails). */
  watcher: FSWatcher | null;
  /** When its window said it was going away (see release); null while it is there. */
  releasedAt: number | null;
  /** The annotations as read but not parsed (see OpenOptions.deferAnnotations); null once saved over. */
  pending: DeferredAnnotations | null;
  /** Whether `pending` has been found valid (a save is allowed to replace it). */
  pendingChecked: boolean;
  /**
   * The folder whose codebook (parley.codebook.json) the document uses, and whether that file may be
   * written (not when it is one Parley cannot read); null when it was opened without (see
   * OpenOptions.folderCodebook).
   */
  folder: { dir: string; writable: boolean } | null;
}

export interface OpenOptions {
  /**
   * The window (tab) asking. A file already open for editing in another window that is still there
   * opens read-only; the same window asking again (a reload) gets it back writable.
   */
  client?: string;
  /**
   * The caller fetches the annotations later (`annotationsOf`): they may be left unparsed until then,
   * which on a long transcript is most of the open's time. If they then turn out not to be valid,
   * the document turns read-only and the next open of the file reports it as unreadable.
   */
  deferAnnotations?: boolean;
  /**
   * The document uses its folder's codebook: one per folder (parley.codebook.json), so every
   * transcript of a project codes with the same topics. The open reconciles the folder's topics with
   * the sidecar's copy (see withFolderCodebook), every save writes the folder's file as well as the
   * sidecar, which keeps only the topics it uses, and the document keeps it when it is opened again
   * under a new id (take over, restore, re-import). The API's opens ask for it; the CLI, a folder
   * import and an export read the sidecar alone.
   */
  folderCodebook?: boolean;
}

export interface DocumentServiceOptions {
  /** The clock for `savedAt` and backup names; tests pass a fixed one. */
  now?: () => Date;
  /** Where unsaved work is kept (the app's data folder); without it, drafts are refused. */
  draftsDir?: string;
  /**
   * How long a window may stay silent (no API call about its document) before another window may
   * open the same file for editing. Background tabs run their timers once a minute, so well above that.
   */
  staleAfterMs?: number;
  /** How long a released document stays open for a last save from its window (default a minute). */
  releasedGraceMs?: number;
}

/** See DocumentServiceOptions.staleAfterMs. */
export const STALE_AFTER_MS = 150_000;

/** Holds the open documents by id and implements open, save, re-import and close for the API. */
export class DocumentService {
  readonly #docs = new Map<string, OpenDocument>();
  /** One adapter per sidecar path, shared by every document open on it: one writer per file. */
  readonly #files = new Map<string, SidecarFile>();
  readonly #now: () => Date;
  readonly #drafts: Drafts | null;
  readonly #staleAfterMs: number;
  readonly #releasedGraceMs: number;
  /**
   * Sidecars whose annotations were found invalid after an open had deferred them, by path: the
   * sha256 of the bytes and the problem. Opening those bytes again reports them as unreadable at once.
   */
  readonly #invalid = new Map<string, { sha256: string; message: string }>();

  constructor(options: DocumentServiceOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#drafts = options.draftsDir ? new Drafts(options.draftsDir) : null;
    this.#staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.#releasedGraceMs = options.releasedGraceMs ?? 60_000;
  }

  /**
   * Open the transcript at an absolute path (access must already have been checked). The body comes
   * from a valid sidecar made for these exact source bytes, else from a fresh import; see OpenResult
   * for how an unreadable sidecar or a changed source is reported, and OpenOptions for a file that
   * another window has open.
   */
  async open(absPath: string, choices: ImportChoices = {}, options: OpenOptions = {}): Promise<OpenResult> {
    const path = sidecarPathFor(absPath);
    const client = options.client ?? null;
    let elsewhere = false;
    // Documents of windows that went away, once a last save they sent has had time to land.
    for (const other of this.#docs.values()) {
      if (other.releasedAt !== null && Date.now() - other.releasedAt > this.#releasedGraceMs) this.close(other.docId);
    }
    // Only windows hold files: the CLI, a folder import or export opens and closes on its own.
    for (const other of this.#docs.values()) {
      if (client === null || other.client === null || other.file.path !== path || other.readOnly) continue;
      // The same window again: a reload, whose old page is gone, or a duplicated tab (same session
      // storage), which is not. Either way the old document stops holding the file but stays open:
      // a save from it still lands if nothing changed on disk since, and is refused as a conflict if
      // this one saved in between. Nothing is lost either way.
      if (other.client === client) this.release(other.docId);
      else if (Date.now() - other.lastSeen < this.#staleAfterMs) elsewhere = true;
    }
    const loaded = await this.#load(absPath, { choices, deferAnnotations: options.deferAnnotations ?? false });
    if (elsewhere && !loaded.readOnly) {
      loaded.readOnly = true;
      loaded.heldElsewhere = 'at-open';
      loaded.problem = openElsewhere(absPath);
    }
    return this.#register(loaded, client, options.folderCodebook ?? false);
  }

  /**
   * What changed on disk around an open document since Parley last read or wrote it, and a sign of
   * life from its window. Cheap when nothing changed: a stat of each file, a hash only after the
   * watcher or the stat says the file moved.
   */
  async status(docId: string): Promise<DiskStatus> {
    const doc = this.#get(docId);
    touch(doc);
    // A write of our own in flight is not someone else's change.
    await doc.file.idle();
    const sidecarNow = await refresh(doc.sidecarDisk, doc.file.path);
    const sourceNow = await refresh(doc.sourceDisk, doc.sourcePath);
    return {
      sidecarChanged: sidecarNow !== doc.sidecarDisk.hash,
      sourceMissing: sourceNow === null,
      sourceChanged: sourceNow !== null && sourceNow !== doc.sourceDisk.hash,
      takenOver: doc.heldElsewhere === 'taken-over',
    };
  }

  /**
   * "Edit here instead": the document's window becomes the one that edits its file, whether or not
   * another window holds it (one that crashed holds it until it has been silent for `staleAfterMs`).
   * The file is opened again as it is on disk now, under a new document id for the same window (the
   * old id is closed), and every other window's document holding the file turns read-only: its next
   * status check says so (`takenOver`), and its saves are refused from then on. A save it sent
   * before is not lost: it lands before the file is read here, or, if it comes later, this window's
   * next save is refused as a conflict rather than written over it.
   *
   * Refused for a document that is read-only for another reason than another window holding its
   * file (an unreadable sidecar must never become editable this way). Harmless when nobody else
   * holds the file: it is then only opened again.
   */
  async takeOver(docId: string): Promise<OpenResult> {
    const doc = this.#get(docId);
    touch(doc);
    if (doc.readOnly && doc.heldElsewhere === null) {
      throw cannotTakeOver(doc.sourcePath);
    }
    // A save in flight from the window that held the file lands first: what is read is the file as it is now.
    await doc.file.idle();
    const loaded = await this.#load(doc.sourcePath);
    // Read-only again now (the sidecar turned unreadable meanwhile, say): nothing to take over, so
    // the other windows keep the file.
    if (!loaded.readOnly) {
      for (const other of this.#docs.values()) {
        // Only windows hold files; a released document (its window is gone) is left its last save.
        if (other === doc || other.file.path !== doc.file.path || other.client === null || other.readOnly || other.releasedAt !== null) continue;
        other.readOnly = true;
        other.heldElsewhere = 'taken-over';
      }
    }
    const client = doc.client;
    this.close(docId);
    return this.#register(loaded, client, doc.folder !== null);
  }

  /**
   * The annotations the document was opened with (see OpenOptions.deferAnnotations). Throws
   * ParleyError 'sidecar-invalid' when they, and so the sidecar, turn out not to be valid: the
   * document is then read-only, as it would have been had the open read them.
   */
  annotationsOf(docId: string): Annotation[] {
    const doc = this.#get(docId);
    touch(doc);
    return this.#settle(doc) ?? doc.db.data?.annotations ?? [];
  }

  /**
   * The annotations an open left unread, parsed and checked (see annotationsOf); null when it left
   * none. They are not kept parsed: the window that asked holds them from then on, and as objects
   * they are far more for the collector to go through than their bytes, which are one block.
   */
  #settle(doc: OpenDocument): Annotation[] | null {
    const pending = doc.pending;
    if (!pending) return null;
    // The open's answer is long gone: the hash it left for later is computed now.
    doc.sidecarDisk.settle();
    try {
      const annotations = doc.file.annotationsFrom(pending);
      doc.pendingChecked = true;
      return annotations;
    } catch (e) {
      if (!isParleyError(e) || e.code !== 'sidecar-invalid') throw e;
      // Kept: asked again, they are refused again, never handed over as none. Read-only for what is
      // on disk now, whatever else held it: never to be taken over (see takeOver).
      doc.readOnly = true;
      doc.heldElsewhere = null;
      if (doc.sidecarDisk.hash !== null) this.#invalid.set(doc.file.path, { sha256: doc.sidecarDisk.hash, message: e.message });
      throw e;
    }
  }

  /**
   * The document's window is going away: it stops holding the file, so another window may open it
   * for editing at once. The document stays open for a save still on its way.
   */
  release(docId: string): void {
    const doc = this.#docs.get(docId);
    if (!doc || doc.releasedAt !== null) return;
    doc.lastSeen = -Infinity;
    doc.releasedAt = Date.now();
  }

  /**
   * Keep unsaved work in the app's drafts folder (see drafts.ts). Refused for a read-only document,
   * which cannot have unsaved work, and where the transport has no drafts folder.
   */
  async saveDraft(docId: string, body: TranscriptBody): Promise<{ savedAt: string }> {
    const doc = this.#get(docId);
    touch(doc);
    if (doc.readOnly) throw readOnlyError(doc.sourcePath, doc.heldElsewhere === 'taken-over');
    if (!this.#drafts) throw new ParleyError('bad-request', 'This Parley keeps no drafts of unsaved work.');
    const savedAt = this.#now().toISOString();
    await this.#drafts.write(doc.file.path, this.#sidecarOf(doc, forSidecar(doc, body), savedAt), savedAt);
    return { savedAt };
  }

  /** Reopen with the body kept in the draft, re-anchored if the source changed since; the draft stays until saved. */
  async restoreDraft(docId: string): Promise<OpenResult> {
    const doc = this.#get(docId);
    const draft = doc.readOnly ? null : await this.#drafts?.read(doc.file.path);
    if (!draft) throw new ParleyError('not-found', `There is no unsaved work kept for "${basename(doc.sourcePath)}".`);
    const client = doc.client;
    await doc.file.idle();
    this.close(docId);
    const loaded = await this.#load(doc.sourcePath, { restore: draft.sidecar });
    return this.#register({ ...loaded, unsaved: true }, client, doc.folder !== null);
  }

  async discardDraft(docId: string): Promise<void> {
    const doc = this.#get(docId);
    if (doc.readOnly) throw readOnlyError(doc.sourcePath, doc.heldElsewhere === 'taken-over');
    await this.#drafts?.remove(doc.file.path);
  }

  /**
   * The sidecar cannot be read but its last good version can: keep the unreadable file as
   * `<sidecar>.<time>.corrupt` (never deleted), put the backup's bytes in its place, and reopen.
   */
  async restoreBackup(docId: string): Promise<OpenResult> {
    const doc = this.#get(docId);
    await doc.file.idle();
    await restoreSidecarBackup(doc.file.path, this.#now());
    const client = doc.client;
    this.close(docId);
    return this.open(doc.sourcePath, {}, { ...(client ? { client } : {}), folderCodebook: doc.folder !== null });
  }

  /** The sidecar as `save` would write it now, for a copy saved elsewhere. */
  sidecarCopy(docId: string, body: TranscriptBody): { name: string; text: string } {
    const doc = this.#get(docId);
    return { name: basename(doc.file.path), text: stringifySidecar(this.#sidecarOf(doc, forSidecar(doc, body), this.#now().toISOString())) };
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
    await backupSidecar(doc.file.path, this.#now());
    this.close(docId);
    return this.open(doc.sourcePath, {}, { ...(doc.client ? { client: doc.client } : {}), folderCodebook: doc.folder !== null });
  }

  /**
   * Write the document's sidecar: the body plus where it came from (source name, sha256, size,
   * convention). Refused with 'read-only' when the document was opened read-only.
   */
  async save(docId: string, whole: TranscriptBody, options: { force?: boolean } = {}): Promise<{ savedAt: string; bytes: number }> {
    const doc = this.#get(docId);
    const body = forSidecar(doc, whole);
    touch(doc);
    if (doc.readOnly) throw readOnlyError(doc.sourcePath, doc.heldElsewhere === 'taken-over');
    // A sidecar whose annotations were never read might be one Parley cannot read: never written over.
    if (doc.pending && !doc.pendingChecked) this.#settle(doc);
    // Never a silent overwrite: the file must still be what this document last read or wrote.
    await doc.file.idle();
    const onDisk = options.force ? doc.sidecarDisk.hash : await refresh(doc.sidecarDisk, doc.file.path);
    if (onDisk === null && doc.sidecarDisk.hash !== null && !(await exists(dirname(doc.file.path)))) {
      // Not someone else's change: the whole folder went away (a drive unplugged, a share lost).
      throw folderGone(doc.file.path);
    }
    if (onDisk !== doc.sidecarDisk.hash) {
      throw changedOnDisk(doc.file.path);
    }
    if (doc.backupBeforeSave) {
      // The sidecar still holds the work as saved before the source changed: keep it as a copy first.
      doc.backup ??= doc.file.idle().then(() => backupSidecar(doc.file.path, this.#now(), 'copy'));
      try {
        await doc.backup;
      } catch (e) {
        doc.backup = null;
        throw backupFailed(doc.file.path, e);
      }
      doc.backupBeforeSave = false;
    }
    const savedAt = this.#now().toISOString();
    // A body without annotations (a client that edits only the text) keeps the document's: saving
    // it must not drop them. Those an open left unread are read now, to be written back.
    const annotations = body.annotations ?? this.#settle(doc) ?? doc.db.data?.annotations;
    const sidecar = this.#sidecarOf(doc, annotations && !body.annotations ? { ...body, annotations } : body, savedAt);
    const previous = doc.db.data;
    doc.db.data = sidecar;
    let written: Written | undefined;
    try {
      // The adapter validates (ParleyError 'bad-request' for a body that does not fit), serialises
      // and writes, once, and keeps the hash and size of what it wrote.
      await doc.db.write();
      written = doc.adapter.writtenFor(sidecar);
    } catch (e) {
      doc.db.data = previous;
      throw e;
    }
    if (!written) throw new Error(`The save of "${basename(doc.file.path)}" did not go through its adapter.`);
    doc.sidecarDisk.wrote(written.sha256, await statKeyOf(doc.file.path));
    // The annotations on disk are now the ones just saved, in db.data.
    doc.pending = null;
    // The work is safe in the sidecar: a kept draft of it is no longer needed.
    await this.#drafts?.remove(doc.file.path).catch(() => undefined);
    // The whole codebook, not the sidecar's part of it, is the folder's.
    if (doc.folder?.writable && whole.codebook) await writeFolderCodebook(doc.folder.dir, whole.codebook);
    return { savedAt, bytes: written.bytes };
  }

  #sidecarOf(doc: OpenDocument, body: TranscriptBody, savedAt: string): Sidecar {
    const { metadata, speakers, turns, removed, history, codebook, annotations, dismissed } = body;
    return {
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: doc.source,
      savedAt,
      metadata,
      speakers,
      turns,
      removed,
      history,
      ...(dismissed?.length ? { dismissed } : {}),
      ...(codebook ? { codebook } : {}),
      ...(annotations ? { annotations } : {}),
    };
  }

  /** Forget a document. Unsaved changes are the renderer's to warn about; closing never writes. */
  close(docId: string): void {
    const doc = this.#docs.get(docId);
    if (!doc) return;
    this.#docs.delete(docId);
    doc.watcher?.close();
    if (![...this.#docs.values()].some((d) => d.file === doc.file)) this.#files.delete(doc.file.path);
  }

  /**
   * Where a document that uses its folder's codebook is: its source's path and folder. Null when it
   * is not open, or was opened without the folder's codebook.
   */
  homeOf(docId: string): { path: string; folder: string } | null {
    const doc = this.#docs.get(docId);
    return doc?.folder ? { path: doc.sourcePath, folder: doc.folder.dir } : null;
  }

  /** How many documents are open (for tests and diagnostics). */
  get size(): number {
    return this.#docs.size;
  }

  /** Read the transcript at `absPath` through its sidecar's one SidecarFile; see loadDocument. */
  #load(absPath: string, options: { choices?: ImportChoices; restore?: Sidecar; deferAnnotations?: boolean } = {}): Promise<Loaded> {
    const path = sidecarPathFor(absPath);
    const file = this.#files.get(path) ?? new SidecarFile(path);
    return loadDocument(absPath, { ...options, file, knownInvalid: () => this.#invalid.get(path) });
  }

  async #register(loaded: Loaded, client: string | null, folderCodebook: boolean): Promise<OpenResult> {
    const docId = randomBytes(12).toString('base64url');
    const path = sidecarPathFor(loaded.sourcePath);
    const file = this.#files.get(path) ?? loaded.adapter.file;
    this.#files.set(path, file);
    // Another document opened the same file meanwhile: its SidecarFile stays the file's one writer.
    const adapter = loaded.adapter.file === file ? loaded.adapter : new DocumentAdapter(file, loaded.adapter.options);
    const db = loaded.db;
    db.adapter = adapter;
    // Both files' stat keys and any kept draft, asked for at once: each waits on the disk.
    const [sidecarKey, sourceKey, draft] = await Promise.all([
      statKeyOf(path),
      statKeyOf(loaded.sourcePath),
      loaded.readOnly || loaded.unsaved ? null : (this.#drafts?.read(path).catch(() => null) ?? null),
    ]);
    // From here on, db.data is the sidecar as this document last read or wrote it.
    db.data = {
      format: SIDECAR_FORMAT,
      version: SIDECAR_VERSION,
      source: loaded.source,
      savedAt: loaded.savedAt ?? '',
      ...loaded.body,
    };
    const doc: OpenDocument = {
      docId,
      sourcePath: loaded.sourcePath,
      source: loaded.source,
      readOnly: loaded.readOnly,
      heldElsewhere: loaded.heldElsewhere ?? null,
      file,
      db,
      adapter,
      backupBeforeSave: loaded.backupBeforeSave ?? false,
      backup: null,
      client,
      lastSeen: Date.now(),
      sidecarDisk: new DiskRecord(loaded.sidecarHash, sidecarKey),
      sourceDisk: new DiskRecord(loaded.source.sha256, sourceKey),
      watcher: null,
      releasedAt: null,
      pending: loaded.pending ?? null,
      pendingChecked: false,
      folder: null,
    };
    doc.watcher = watchFolder(dirname(path), (name) => {
      if (name === basename(path)) doc.sidecarDisk.dirty = true;
      if (name === basename(loaded.sourcePath)) doc.sourceDisk.dirty = true;
    });
    this.#docs.set(docId, doc);
    const backup = loaded.problem?.kind === 'sidecar-invalid' ? await readBackup(backupPathFor(path)) : null;
    const fileName = basename(loaded.sourcePath);
    let { body, warnings } = loaded;
    if (folderCodebook) {
      const joined = await withFolderCodebook(body, dirname(loaded.sourcePath), fileName);
      doc.folder = { dir: dirname(loaded.sourcePath), writable: joined.writable };
      body = joined.body;
      warnings = [...warnings, ...joined.warnings];
    }
    return {
      docId,
      fileName,
      sidecarName: basename(file.path),
      body,
      convention: loaded.source.convention,
      confidence: loaded.source.confidence,
      warnings,
      readOnly: loaded.readOnly,
      problem: loaded.problem,
      fromSidecar: loaded.fromSidecar,
      savedAt: loaded.savedAt,
      draft: draft ? { savedAt: draft.savedAt } : null,
      backup: backup ? { savedAt: backup.savedAt } : null,
      ...(loaded.unsaved ? { unsaved: true } : {}),
    };
  }

  #get(docId: string): OpenDocument {
    const doc = this.#docs.get(docId);
    if (!doc) throw notOpen();
    return doc;
  }

}

/** The sidecar keeps the topics it uses (and their ancestors), so it is complete when read alone. */
function forSidecar(doc: OpenDocument, body: TranscriptBody): TranscriptBody {
  if (!doc.folder || !body.codebook) return body;
  return { ...body, codebook: sidecarCodebook(body.codebook, body.annotations ?? []) };
}


/** A sign of life from the document's window, unless the window said it was going away. */
function touch(doc: OpenDocument): void {
  if (doc.lastSeen !== -Infinity) doc.lastSeen = Date.now();
}

