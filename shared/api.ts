/**
 * The one door between the renderer and the backend. Every transport (Electron IPC, the browser
 * host's HTTP, direct calls from the CLI and tests) implements exactly these methods, and every
 * argument and result crosses it through these schemas.
 */
import { z } from 'zod';
import { TranscriptBodySchema } from './model.js';
import { AnnotationSchema } from './annotation.js';
import type { ApiMethodName, MENU_COMMAND_TYPES } from './api-methods.js';

/** A file the user has chosen and may open, named by an opaque id (never a path from the renderer). */
export const FileChoiceSchema = z.object({
  id: z.string().min(1).max(4096),
  name: z.string(),
  /** Where it is, for display only. */
  location: z.string(),
  hasSidecar: z.boolean(),
});
export type FileChoice = z.infer<typeof FileChoiceSchema>;

export const ProblemSchema = z.object({
  /**
   * 'sidecar-invalid': the annotations file cannot be read (left untouched; read-only).
   * 'source-changed': the source changed under its sidecar (re-anchored, or read-only if that failed).
   * 'open-elsewhere': another Parley window has this file open for editing (read-only here).
   */
  kind: z.enum(['sidecar-invalid', 'source-changed', 'open-elsewhere']),
  message: z.string(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const OpenResultSchema = z.object({
  docId: z.string().min(1),
  /** The id to open this file again with (after a reload, or from a recent list). */
  fileId: z.string().optional(),
  fileName: z.string(),
  /** Where the sidecar is (or will be) written, for display. */
  sidecarName: z.string(),
  body: TranscriptBodySchema,
  convention: z.string(),
  confidence: z.number(),
  warnings: z.array(z.string()),
  /** True when saving is refused (an unreadable sidecar, or a source that changed under it). */
  readOnly: z.boolean(),
  problem: ProblemSchema.nullable(),
  fromSidecar: z.boolean(),
  savedAt: z.string().nullable(),
  /**
   * Unsaved work kept from an earlier session that ended before it was saved (a crash, a full disk,
   * a conflict left undecided): offered for restoring. Absent or null when there is none.
   */
  draft: z.object({ savedAt: z.string() }).nullable().optional(),
  /** The annotations file cannot be read but its last good version (`<sidecar>.bak`) can: offered for restoring. */
  backup: z.object({ savedAt: z.string() }).nullable().optional(),
  /** True when the body is restored unsaved work (a draft) that still has to be saved. */
  unsaved: z.boolean().optional(),
  /**
   * True when the open asked for `deferAnnotations`: the body comes without its annotations, which
   * `annotations` hands over once the transcript is on screen.
   */
  deferredAnnotations: z.boolean().optional(),
});
export type OpenResult = z.infer<typeof OpenResultSchema>;

const DocId = z.string().min(1).max(200);
const FileId = z.string().min(1).max(4096);
/**
 * Names the window (tab) that opens a file, kept across its reloads: a second window on a file
 * already open for editing gets it read-only, while the same window reloading gets it back writable.
 */
const Client = z.string().min(1).max(100).optional();
/**
 * Leave the annotations out of the open's answer and fetch them with `annotations` after the first
 * paint: on a long transcript they are most of the bytes to send and check, and the text comes first.
 */
const Defer = z.boolean().optional();

/** What the backend sees on disk around an open document (polled by the renderer). */
export const DiskStatusSchema = z.object({
  /** The annotations file was changed by someone else since Parley last read or wrote it. */
  sidecarChanged: z.boolean(),
  /** The source file is gone (moved, renamed or deleted) since it was opened. */
  sourceMissing: z.boolean(),
  /** The source file's bytes differ from those opened. */
  sourceChanged: z.boolean(),
  /**
   * This document held the file for editing and another window took it over (`takeOver`, "Edit here
   * instead"): it is read-only from now on, and its saves are refused.
   */
  takenOver: z.boolean(),
});
export type DiskStatus = z.infer<typeof DiskStatusSchema>;

/** What Parley would make of a file with no sidecar yet, before it is opened. */
export const PreviewSchema = z.object({
  fileName: z.string(),
  hasSidecar: z.boolean(),
  /** Every convention, best first, with how sure its detector is. */
  conventions: z.array(z.object({ id: z.string(), label: z.string(), confidence: z.number() })),
  convention: z.string(),
  confidence: z.number(),
  speakers: z.array(z.object({ id: z.string(), name: z.string(), role: z.string().nullable(), turns: z.number() })),
  turnCount: z.number(),
  warnings: z.array(z.string()),
  /** The first turns, for a look before opening. */
  turns: z.array(z.object({ speaker: z.string().nullable(), text: z.string() })),
});
export type Preview = z.infer<typeof PreviewSchema>;

/** How to import a file that has no sidecar yet: a convention chosen by hand, speakers renamed. */
export const ImportChoicesSchema = z.object({
  convention: z.string().min(1).max(100).optional(),
  speakerNames: z.record(z.string().max(200), z.string().min(1).max(200)).optional(),
});
export type ImportChoices = z.infer<typeof ImportChoicesSchema>;

export const ExportOptionsSchema = z.object({
  kinds: z.array(z.enum(['topic', 'claim', 'note'])).optional(),
  topics: z.array(z.string().max(200)).max(1000).optional(),
  speakers: z.array(z.string().max(200)).max(1000).optional(),
  text: z.enum(['corrected', 'source']).optional(),
  bom: z.boolean().optional(),
});
const ExportFormatId = z.string().min(1).max(40);
export const ExportedSchema = z.object({
  files: z.array(z.object({ name: z.string(), base64: z.string() })),
  warnings: z.array(z.string()),
});
export type Exported = z.infer<typeof ExportedSchema>;

export const apiSchema = {
  /** The files this user has chosen: recent files on the desktop, the served folders in the browser host. */
  listFiles: { args: z.object({}), result: z.array(FileChoiceSchema) },
  /** Open a file from listFiles (or from a menu) by its id. */
  openFile: {
    args: z.object({ fileId: FileId, choices: ImportChoicesSchema.optional(), client: Client, deferAnnotations: Defer }),
    result: OpenResultSchema,
  },
  /** What importing a file would give (no sidecar is written). */
  preview: { args: z.object({ fileId: FileId, convention: z.string().min(1).max(100).optional() }), result: PreviewSchema },
  /** Import a file and write its sidecar without opening it (folder import); skipped when it has one. */
  importFile: {
    args: z.object({ fileId: FileId }),
    result: z.object({ fileName: z.string(), skipped: z.boolean(), turns: z.number(), speakers: z.number(), warnings: z.array(z.string()) }),
  },
  /** Ask the user for a folder with the platform's dialog and serve it; null when cancelled or when there is none. */
  openFolderDialog: { args: z.object({}), result: z.array(FileChoiceSchema).nullable() },
  /** Ask the user for a file with the platform's dialog; null when cancelled or when there is none. */
  openDialog: { args: z.object({ client: Client, deferAnnotations: Defer }), result: OpenResultSchema.nullable() },
  /** A file the user typed the path of; refused unless it lies inside what the user chose to serve. */
  openPath: { args: z.object({ path: z.string().min(1).max(4096), client: Client, deferAnnotations: Defer }), result: OpenResultSchema },
  /** A file the user uploaded (browser host): stored in Parley's upload folder, then opened. */
  upload: {
    args: z.object({ name: z.string().min(1).max(255), base64: z.string().max(100_000_000), client: Client, deferAnnotations: Defer }),
    result: OpenResultSchema,
  },
  /**
   * Write the sidecar of an open document. Refused with 'conflict' when the file changed on disk since
   * Parley last read or wrote it, unless `force` (the user chose to keep their version).
   */
  save: {
    args: z.object({ docId: DocId, body: TranscriptBodySchema, force: z.boolean().optional() }),
    result: z.object({ savedAt: z.string(), bytes: z.number() }),
  },
  /**
   * The annotations of a document opened with `deferAnnotations`, as opened. Fails with
   * 'sidecar-invalid' when they turn out not to be readable (the backend may read them only now):
   * the document is then read-only, and opening the file again says what is wrong with it.
   */
  annotations: { args: z.object({ docId: DocId }), result: z.object({ annotations: z.array(AnnotationSchema) }) },
  /** What changed on disk around an open document; also tells the backend the window is still there. */
  status: { args: z.object({ docId: DocId }), result: DiskStatusSchema },
  /**
   * The window is going away (its page is hidden for good): it no longer holds the file for editing,
   * though a save it sent just before may still land. Sent with `keepalive` from the browser.
   */
  release: { args: z.object({ docId: DocId }), result: z.object({}) },
  /**
   * "Edit here instead": make this window the one that edits the document's file, even though
   * another window holds it (one that crashed holds it for three minutes). The file is opened again
   * as it is on disk now (the old document id is closed; use the returned one), and the documents of
   * other windows holding it turn read-only (their `status` says `takenOver`). Refused with
   * 'read-only' when the document is read-only for another reason (an unreadable sidecar, say).
   */
  takeOver: { args: z.object({ docId: DocId }), result: OpenResultSchema },
  /**
   * Keep unsaved work where a crash cannot take it (the app's data folder, not the sidecar): called
   * about a second after a change that could not be saved. A successful save removes it.
   */
  saveDraft: { args: z.object({ docId: DocId, body: TranscriptBodySchema }), result: z.object({ savedAt: z.string() }) },
  /** Reopen the document with the unsaved work kept in its draft (the old document id is closed). */
  restoreDraft: { args: z.object({ docId: DocId }), result: OpenResultSchema },
  /** Throw the kept unsaved work away. */
  discardDraft: { args: z.object({ docId: DocId }), result: z.object({}) },
  /**
   * The annotations file cannot be read: keep it as `<name>.annotations.<time>.corrupt.json`, put the
   * last good version (`<sidecar>.bak`) back in its place and reopen.
   */
  restoreBackup: { args: z.object({ docId: DocId }), result: OpenResultSchema },
  /** The sidecar as it would be saved now, for "Save a copy" when the folder cannot be written. */
  sidecarCopy: {
    args: z.object({ docId: DocId, body: TranscriptBodySchema }),
    result: z.object({ name: z.string(), text: z.string() }),
  },
  /** The source changed under its sidecar: keep the old sidecar as a backup and import afresh. */
  reimport: { args: z.object({ docId: DocId }), result: OpenResultSchema },
  close: { args: z.object({ docId: DocId }), result: z.object({}) },
  /** The export formats, for the Export dialog. */
  exportFormats: {
    args: z.object({}),
    result: z.array(
      z.object({ id: z.string(), label: z.string(), description: z.string(), binary: z.boolean(), needsTimes: z.boolean(), extensions: z.array(z.string()) }),
    ),
  },
  /** Export the open document as it is in the editor now (saved or not). */
  exportDocument: {
    args: z.object({ docId: DocId, body: TranscriptBodySchema, format: ExportFormatId, options: ExportOptionsSchema }),
    result: ExportedSchema,
  },
  /** Export a file as Parley sees it (its sidecar, or a fresh import), for exporting a whole folder. */
  exportFile: { args: z.object({ fileId: FileId, format: ExportFormatId, options: ExportOptionsSchema }), result: ExportedSchema },
} as const;

export type ApiMethod = keyof typeof apiSchema;
export const API_METHODS = Object.keys(apiSchema) as ApiMethod[];
export type ApiArgs<M extends ApiMethod> = z.input<(typeof apiSchema)[M]['args']>;
export type ApiResult<M extends ApiMethod> = z.output<(typeof apiSchema)[M]['result']>;

/** The API as the renderer sees it: one async method per operation. */
export type ParleyApi = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> };

/** Errors cross transports as this shape, so the renderer can show the backend's sentence. */
export const ApiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Commands the desktop shell's menu sends to the renderer. */
export const MenuCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open') }),
  z.object({ type: z.literal('open-file'), fileId: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('save') }),
  z.object({ type: z.literal('export') }),
  z.object({ type: z.literal('close') }),
  z.object({ type: z.literal('undo') }),
  z.object({ type: z.literal('redo') }),
]);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

// ---- The Electron bridge and the plain lists the preload uses (added with electron/) ----

/** The error value every transport returns instead of throwing: `{ error: { code, message } }`. */
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** True when a transport answered with an error value rather than a result. */
export function isApiError(value: unknown): value is ApiError {
  return ApiErrorSchema.safeParse(value).success;
}

/** What one method of the Electron bridge resolves to: the result, or the backend's error value. */
export type BridgeResult<M extends ApiMethod> = ApiResult<M> | ApiError;

/**
 * The object the preload exposes as `window.parley`. Errors are not thrown across IPC (Electron
 * would replace the message with its own wrapper), so each method resolves to `BridgeResult`; the
 * renderer unwraps it into the plain `ParleyApi` it shares with the browser host.
 */
export type BridgeApi = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<BridgeResult<M>> } & {
  /** Subscribe to the menu's commands; returns the function that unsubscribes. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
};

// Compile-time proof that the zod-free lists in api-methods.ts name exactly what the schemas name.
// A method or menu command added on one side only fails `tsc` here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ApiMethodNamesMatch = Assert<Same<ApiMethodName, ApiMethod>>;
export type MenuCommandTypesMatch = Assert<Same<(typeof MENU_COMMAND_TYPES)[number], MenuCommand['type']>>;
