/**
 * The backend side of the API contract (shared/api.ts): every method of `apiSchema`, on top of the
 * access policy and the document service. Transports (Electron IPC, the browser host's HTTP, tests)
 * call `dispatch`, which validates the method name, the arguments and the result with the contract's
 * schemas, so no transport can let unchecked data through.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  API_METHODS,
  apiSchema,
  type ApiArgs,
  type ApiMethod,
  type ApiResult,
  type OpenResult,
  type ParleyApi,
} from '../shared/api.js';
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
}

/** The API plus the one entry point transports use. */
export interface ApiService extends ParleyApi {
  /**
   * Call a method by name with untrusted arguments. Throws ParleyError 'bad-request' for an unknown
   * method or arguments that do not match the contract; the result is checked against the contract too
   * (a mismatch is a bug in Parley and throws a plain Error).
   */
  dispatch(method: string, rawArgs: unknown): Promise<unknown>;
}

/** Build the API service. Methods called directly are typed by the contract but not validated; use dispatch for untrusted input. */
export function createApiService(options: ApiServiceOptions): ApiService {
  const { policy, service, uploadDir, openDialog } = options;

  /** Open a path the policy has allowed, and hand back the id that reopens it (after a reload, say). */
  async function openAllowed(path: string): Promise<OpenResult> {
    return { ...(await service.open(path)), fileId: policy.fileIdFor(path) };
  }

  const api: ParleyApi = {
    async listFiles() {
      return policy.listFiles();
    },

    async openFile({ fileId }) {
      // The id only names a path; the path is checked again because a symlink may have changed since.
      return openAllowed(await policy.checkPath(policy.resolve(fileId)));
    },

    async openDialog() {
      if (!openDialog) return null;
      const chosen = await openDialog();
      if (chosen === null) return null;
      // Choosing a file in the dialog is what grants access to it.
      return openAllowed(await policy.allowFile(chosen));
    },

    async openPath({ path }) {
      return openAllowed(await policy.checkPath(path));
    },

    async upload({ name, base64 }): Promise<OpenResult> {
      const bytes = decodeBase64(base64);
      if (bytes.length > MAX_SOURCE_BYTES) {
        throw new ParleyError(
          'too-large',
          `"${name}" is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Parley opens transcripts up to ${(MAX_SOURCE_BYTES / 1024 / 1024).toFixed(1)} MB.`,
        );
      }
      // Each upload gets a folder of its own, so the file keeps the user's name (and its sidecar is
      // `<that name>.annotations.json`) without ever meeting another upload of the same name.
      const folder = join(uploadDir, `${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const path = join(folder, safeFileName(name));
      await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
      return openAllowed(await policy.allowFile(path));
    },

    async save({ docId, body }) {
      return service.save(docId, body);
    },

    async reimport({ docId }) {
      return service.reimport(docId);
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
    const checked = contract.result.safeParse(result);
    if (!checked.success) {
      throw new Error(`The result of ${name} does not match the API contract: ${describeSchemaError(checked.error)}`);
    }
    return checked.data;
  }

  return { ...api, dispatch };
}

/** One typed call; TypeScript cannot correlate a union of method names with their argument types. */
function call<M extends ApiMethod>(api: ParleyApi, method: M, args: unknown): Promise<ApiResult<M>> {
  const fn = api[method] as (a: ApiArgs<M>) => Promise<ApiResult<M>>;
  return fn(args as ApiArgs<M>);
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
