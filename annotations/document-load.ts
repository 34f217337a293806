/**
 * What an open shows: the rules that decide, from a source file and the sidecar beside it, which
 * body the editor gets and whether it may save.
 *
 * (a) No sidecar yet: the source imported afresh. (b) A valid sidecar made for these exact source
 * bytes: the saved work. (c) A sidecar Parley cannot read: the source, read-only, and the sidecar
 * left exactly as it is. (d) The source changed under a valid sidecar: the saved work re-anchored
 * onto the new text (shared/anchoring/reanchor.ts), writable, and the first save keeps the old
 * sidecar as a backup.
 */
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import type { ImportChoices, Problem } from '../shared/api.js';
import { reanchorBody, type ReanchorReport } from '../shared/anchoring/reanchor.js';
import { ParleyError, isParleyError } from '../shared/errors.js';
import { importBytes } from '../shared/import/index.js';
import type { ImportResult, TranscriptBody } from '../shared/model.js';
import { bodyOf, sidecarNameFor, type Sidecar, type SourceInfo } from '../shared/sidecar.js';
import { hashOf } from './disk-record.js';
import { importDocx, looksLikeDocx } from './docx.js';
import { messageOf } from './node-errors.js';
import { DocumentAdapter, type DeferredAnnotations, type SidecarFile } from './sidecar-file.js';
import { readSourceFile } from './source-file.js';

/** What an open read from disk, before it is made a document. */
export interface Loaded {
  sourcePath: string;
  source: SourceInfo;
  body: TranscriptBody;
  warnings: string[];
  readOnly: boolean;
  problem: Problem | null;
  fromSidecar: boolean;
  savedAt: string | null;
  /** The sidecar on disk still holds the work as saved before the source changed: the first save keeps it as a backup. */
  backupBeforeSave?: boolean;
  /** Read-only because another window holds the file (see DocumentService.open). */
  heldElsewhere?: 'at-open';
  /**
   * The hash of the sidecar's bytes as read (null: no sidecar); a function when it is computed
   * later (see DiskRecord).
   */
  sidecarHash: string | null | (() => string);
  /** True when the body is a restored draft, not yet saved. */
  unsaved?: boolean;
  /** The lowdb that read the sidecar (kept to write it), and its adapter. */
  db: Low<Sidecar | null>;
  adapter: DocumentAdapter;
  /** The sidecar's annotations, left unparsed (see LoadOptions.deferAnnotations). */
  pending?: DeferredAnnotations | null;
}

export interface LoadOptions {
  /**
   * The sidecar's file. The adapter that reads it is the one that will write it: it then knows the
   * file it read (and so whether the first save may keep it as the .bak) without reading it again.
   */
  file: SidecarFile;
  /** The import preview's choices, for a fresh import. */
  choices?: ImportChoices;
  /** A body to show instead of the sidecar's (a restored draft). */
  restore?: Sidecar;
  /** Leave the annotations unparsed until they are asked for (see OpenOptions.deferAnnotations). */
  deferAnnotations?: boolean;
  /** The sidecar bytes found invalid after an earlier open had deferred their annotations, if any. */
  knownInvalid: () => { sha256: string; message: string } | undefined;
}

/**
 * Read a transcript and its sidecar (through `file`, the sidecar's one writer) and decide what an
 * open shows. `choices` apply only to a fresh import: a sidecar, once written, is what the user made
 * of the file. `restore` is a body to show instead of the sidecar's (a draft); `knownInvalid` names
 * sidecar bytes already found invalid after an open had deferred their annotations.
 */
export async function loadDocument(absPath: string, options: LoadOptions): Promise<Loaded> {
  const { file, choices = {}, restore, deferAnnotations = false } = options;
  const adapter = new DocumentAdapter(file, { deferAnnotations: deferAnnotations && !restore });
  const db = new Low<Sidecar | null>(adapter, null);
  // Both files are read at once: each read waits on the disk more than it works. Hashed as read:
  // a change made after this shows as a change on disk, never as ours.
  const reading = db.read().then(() => adapter.lastRead);
  // Its failure is handled below, once the source is read; if the source cannot be, it does not matter.
  reading.catch(() => undefined);
  // The same checks as every reader of a source: it exists, is a file, is not a sidecar, is not too large.
  const { name, bytes, sha256 } = await readSourceFile(absPath);
  let sidecarHash: string | null | (() => string) = null;
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
      sidecarHash,
      db,
      adapter,
    };
  };

  let sidecar: Sidecar | null;
  let pending: DeferredAnnotations | null = null;
  try {
    const read = await reading;
    sidecarHash = read ? read.sha256 : null;
    const known = options.knownInvalid();
    if (read && known && known.sha256 === read.sha256()) throw new ParleyError('sidecar-invalid', known.message);
    sidecar = restore ?? read?.sidecar ?? null;
    pending = restore ? null : (read?.annotations ?? null);
    // The source changed: the annotations are carried onto the new text now, so they are needed now.
    if (sidecar && pending && !(sidecar.source.sha256 === sha256 && sidecar.source.bytes === bytes.length)) {
      const annotations = file.annotationsFrom(pending);
      sidecar = { ...sidecar, annotations };
      pending = null;
    }
  } catch (e) {
    if (!isParleyError(e) || e.code !== 'sidecar-invalid') throw e;
    sidecarHash = await hashOf(file.path);
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
    sidecarHash,
    db,
    adapter,
    pending,
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

/** The path of the sidecar beside a source file. */
export function sidecarPathFor(sourcePath: string): string {
  return join(dirname(sourcePath), sidecarNameFor(basename(sourcePath)));
}
