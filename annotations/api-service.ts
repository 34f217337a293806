/**
 * The backend side of the API contract (shared/api.ts): every method of `apiSchema`, a thin adapter
 * onto the access policy (which files may be touched) and the document service (which owns every
 * open document, its folder's codebook and its disk state). Transports (Electron IPC, the browser host's HTTP, tests)
 * call `dispatch`, which validates the method name, the arguments and the result with the contract's
 * schemas, so no transport can let unchecked data through.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import {
  API_METHODS,
  apiSchema,
  type ApiArgs,
  type ApiMethod,
  type ApiResult,
  type OpenResult,
  type ParleyApi,
} from '../shared/api.js';
import { previewFile } from './preview.js';
import { readSourceText, tooLarge } from './source-file.js';
import { exportTranscript, isExportFormat, listExportFormats, type ExportOptions } from '../shared/export/index.js';
import type { TranscriptBody } from '../shared/model.js';
import type { Exported } from '../shared/api.js';
import type { ImportChoices } from '../shared/api.js';
import { ParleyError } from '../shared/errors.js';
import { MAX_SOURCE_BYTES } from '../shared/import/index.js';
import { describeSchemaError } from '../shared/sidecar.js';
import type { AccessPolicy } from './access.js';
import type { DocumentService } from './document-service.js';

export interface ApiServiceOptions {
  policy: AccessPolicy;
  service: DocumentService;
  /** Where uploaded files are stored (created when needed). */
  uploadDir: string;
  /** The platform's open dialog: a path, or null when cancelled. Absent when the transport has none. */
  openDialog?: () => Promise<string | null>;
  /** The transport's folder dialog (desktop); it returns the chosen folder, or null. */
  openFolderDialog?: () => Promise<string | null>;
  /**
   * Whether `dispatch` checks each result against the contract before handing it back (default
   * true). The hosts turn it off: their renderer checks every result against the same contract on
   * arrival (renderer/api-client.ts), and checking here as well slowed every open of a long
   * transcript (docs/performance.md). Tests keep it on, so a result that breaks the contract fails
   * where it is made.
   */
  checkResults?: boolean;
}

/** The API plus the one entry point transports use. */
export interface ApiService extends ParleyApi {
  /**
   * Call a method by name with untrusted arguments. Throws ParleyError 'bad-request' for an unknown
   * method or arguments that do not match the contract; the result is checked against the contract too
   * unless `checkResults` is off (a mismatch is a bug in Parley and throws a plain Error).
   */
  dispatch(method: string, rawArgs: unknown): Promise<unknown>;
}

/** Build the API service. Methods called directly are typed by the contract but not validated; use dispatch for untrusted input. */
export function createApiService(options: ApiServiceOptions): ApiService {
  const { policy, service, uploadDir, openDialog, openFolderDialog, checkResults = true } = options;

  /** Open a path the policy has allowed, and hand back the id that reopens it (after a reload, say). */
  async function openAllowed(path: string, choices?: ImportChoices, client?: string, defer?: boolean): Promise<OpenResult> {
    const options = { ...(client ? { client } : {}), ...(defer ? { deferAnnotations: true } : {}), folderCodebook: true };
    const result = { ...(await service.open(path, choices, options)), fileId: policy.fileIdFor(path) };
    if (!defer) return result;
    // The text first; `annotations` hands them over once it is on screen (the service may not even
    // have parsed them yet).
    const body = { ...result.body };
    delete body.annotations;
    return { ...result, body, deferredAnnotations: true };
  }

  /** A document reopened under a new id (draft or backup restored) keeps the id of its file. */
  function reopened(result: OpenResult): OpenResult {
    const home = service.homeOf(result.docId);
    return home ? { ...result, fileId: policy.fileIdFor(home.path) } : result;
  }

  const api: ParleyApi = {
    async listFiles() {
      return policy.listFiles();
    },

    async openFile({ fileId, choices, client, deferAnnotations }) {
      // The id only names a path; the path is checked again because a symlink may have changed since.
      return openAllowed(await policy.checkPath(policy.resolve(fileId)), choices, client, deferAnnotations);
    },

    async preview({ fileId, convention }) {
      return previewFile(await policy.checkPath(policy.resolve(fileId)), convention);
    },

    async importFile({ fileId }) {
      const path = await policy.checkPath(policy.resolve(fileId));
      const opened = await service.open(path);
      try {
        const { body } = opened;
        if (!opened.fromSidecar && !opened.readOnly) await service.save(opened.docId, body);
        return {
          fileName: opened.fileName,
          skipped: opened.fromSidecar || opened.readOnly,
          turns: body.turns.length,
          speakers: body.speakers.length,
          warnings: opened.problem ? [opened.problem.message, ...opened.warnings] : opened.warnings,
        };
      } finally {
        service.close(opened.docId);
      }
    },

    async openFolderDialog() {
      if (!openFolderDialog) return null;
      const chosen = await openFolderDialog();
      if (chosen === null) return null;
      // Choosing a folder is what grants access to the transcripts inside it.
      const root = await policy.addRoot(chosen);
      return (await policy.listFiles()).filter((f) => f.location === root || f.location.startsWith(root + sep));
    },

    async openDialog({ client, deferAnnotations }) {
      if (!openDialog) return null;
      const chosen = await openDialog();
      if (chosen === null) return null;
      // Choosing a file in the dialog is what grants access to it.
      return openAllowed(await policy.allowFile(chosen), undefined, client, deferAnnotations);
    },

    async openPath({ path, client, deferAnnotations }) {
      return openAllowed(await policy.checkPath(path), undefined, client, deferAnnotations);
    },

    async upload({ name, base64, client, deferAnnotations }): Promise<OpenResult> {
      const bytes = decodeBase64(base64);
      if (bytes.length > MAX_SOURCE_BYTES) throw tooLarge(name, bytes.length);
      // Each upload gets a folder of its own, so the file keeps the user's name (and its sidecar is
      // `<that name>.annotations.json`) without ever meeting another upload of the same name.
      const folder = join(uploadDir, `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`);
      const made = await mkdir(folder, { recursive: true, mode: 0o700 });
      const path = join(folder, safeFileName(name));
      try {
        await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
        // Opened before it is allowed: a file Parley cannot read (empty, binary) is not kept or offered.
        const real = await realpath(path);
        const opened = await openAllowed(real, undefined, client, deferAnnotations);
        await policy.allowFile(real);
        return opened;
      } catch (e) {
        await removeUpload(folder, made);
        throw e;
      }
    },

    async save({ docId, body, force }) {
      return service.save(docId, body, { force: force ?? false });
    },

    async annotations({ docId }) {
      return { annotations: service.annotationsOf(docId) };
    },

    async status({ docId }) {
      return service.status(docId);
    },

    async release({ docId }) {
      service.release(docId);
      return {};
    },

    async takeOver({ docId }) {
      return reopened(await service.takeOver(docId));
    },

    async saveDraft({ docId, body }) {
      return service.saveDraft(docId, body);
    },

    async restoreDraft({ docId }) {
      return reopened(await service.restoreDraft(docId));
    },

    async discardDraft({ docId }) {
      await service.discardDraft(docId);
      return {};
    },

    async restoreBackup({ docId }) {
      return reopened(await service.restoreBackup(docId));
    },

    async sidecarCopy({ docId, body }) {
      return service.sidecarCopy(docId, body);
    },

    async reimport({ docId }) {
      return service.reimport(docId);
    },

    async exportFormats() {
      return listExportFormats().map((f) => ({
        id: f.id,
        label: f.label,
        description: f.description,
        binary: f.binary,
        needsTimes: f.needsTimes,
        extensions: [...f.extensions],
      }));
    },

    async exportDocument({ docId, body, format, options }) {
      const home = service.homeOf(docId);
      if (!home) throw new ParleyError('bad-request', 'That transcript is not open any more; open it again to export it.');
      return exportBody(home.path, body, format, options);
    },

    async exportFile({ fileId, format, options }) {
      const path = await policy.checkPath(policy.resolve(fileId));
      // open() only reads; the document is closed again at once.
      const opened = await service.open(path);
      service.close(opened.docId);
      if (opened.problem?.kind === 'sidecar-invalid') throw new ParleyError('sidecar-invalid', `"${opened.fileName}" was not exported: ${opened.problem.message}`);
      const result = await exportBody(path, opened.body, format, options);
      return { ...result, warnings: opened.problem ? [opened.problem.message, ...result.warnings] : result.warnings };
    },

    async close({ docId }) {
      service.close(docId);
      return {};
    },
  };

  async function dispatch(method: string, rawArgs: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !Object.hasOwn(apiSchema, method)) {
      throw new ParleyError(
        'bad-request',
        `There is no API method ${JSON.stringify(method)}; the methods are ${API_METHODS.join(', ')}.`,
      );
    }
    const name = method as ApiMethod;
    const contract = apiSchema[name];
    const args = contract.args.safeParse(rawArgs === undefined ? {} : rawArgs);
    if (!args.success) {
      throw new ParleyError('bad-request', `Bad arguments for ${name}: ${describeSchemaError(args.error)}.`);
    }
    const result = await call(api, name, args.data);
    if (!checkResults) return result;
    const checked = contract.result.safeParse(result);
    if (!checked.success) {
      throw new Error(`The result of ${name} does not match the API contract: ${describeSchemaError(checked.error)}`);
    }
    return checked.data;
  }

  return { ...api, dispatch };
}

/** Run an export of `body` (the transcript at `path`) and hand the files back as base64. */
async function exportBody(path: string, body: TranscriptBody, format: string, options: ExportOptions): Promise<Exported> {
  if (!isExportFormat(format)) {
    throw new ParleyError('bad-request', `There is no export format "${format}"; the formats are ${listExportFormats().map((f) => f.id).join(', ')}.`);
  }
  const sourceText = options.text === 'source' ? (await readSourceText(path)).text : undefined;
  const url = [body.metadata.url, body.metadata.source].find((u) => u !== undefined && /^https?:\/\//i.test(u.trim()))?.trim();
  const result = await exportTranscript(format, { fileName: basename(path), body, ...(sourceText !== undefined ? { sourceText } : {}), ...(url ? { url } : {}) }, options);
  return {
    files: result.files.map((f) => ({ name: f.name, base64: Buffer.from(typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data).toString('base64') })),
    warnings: result.warnings,
  };
}

/** One typed call; TypeScript cannot correlate a union of method names with their argument types. */
function call<M extends ApiMethod>(api: ParleyApi, method: M, args: unknown): Promise<ApiResult<M>> {
  const fn = api[method] as (a: ApiArgs<M>) => Promise<ApiResult<M>>;
  return fn(args as ApiArgs<M>);
}

/**
 * Remove a refused upload's folder, and the folders above it that the upload made (the upload folder
 * itself on the first upload) while they are empty: another upload may be landing there meanwhile.
 */
async function removeUpload(folder: string, made: string | undefined): Promise<void> {
  try {
    await rm(folder, { recursive: true, force: true });
    if (made === undefined || made === folder) return;
    for (let dir = dirname(folder); ; dir = dirname(dir)) {
      await rmdir(dir);
      if (dir === made || dirname(dir) === dir) return;
    }
  } catch {
    // Not empty, or gone already: what is left is harmless, and the refusal is what the user needs.
  }
}

/** Strict base64 (standard or URL-safe alphabet, whitespace allowed): Buffer.from alone skips bad characters silently. */
export function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new ParleyError('bad-request', 'The uploaded file did not arrive intact (its base64 encoding is broken); upload it again.');
  }
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}

/**
 * A file name safe on every platform: no folder part (either separator), no characters Windows
 * refuses or that control terminals, no leading dots (hidden files, `..`), no reserved device names.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  // By code point, so a long name is never cut inside an emoji.
  let safe = Array.from(
    last
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
      .replace(/^[.\s]+/, '')
      .replace(/[.\s]+$/, ''),
  )
    .slice(0, 200)
    .join('');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(safe)) safe = `_${safe}`;
  return safe || 'upload.txt';
}
