/**
 * The renderer's side of the API contract. In Electron the preload exposes `window.parley`; in
 * the browser host the same methods go over HTTP with the per-run token. Either way, every
 * result is parsed with the contract's schema before the UI trusts it.
 */
import {
  API_METHODS,
  ApiErrorSchema,
  apiSchema,
  MenuCommandSchema,
  type ApiArgs,
  type ApiMethod,
  type ApiResult,
  type MenuCommand,
  type ParleyApi,
} from '../shared/api.js';
import { SAMPLE_ANNOTATIONS, SAMPLE_OPEN_RESULT } from '../shared/api-samples.js';

/**
 * What a call to the backend throws here: the error it reported (the contract's `ApiError` value,
 * shared/api.ts, made an Error), or a failure to reach it, with a one-sentence message for the user.
 */
export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type RawCall = (method: ApiMethod, args: unknown) => Promise<unknown>;

interface DesktopBridge {
  onMenuCommand(callback: (command: unknown) => void): () => void;
}

function bridge(): (Record<string, unknown> & DesktopBridge) | null {
  const w = window as unknown as { parley?: Record<string, unknown> & DesktopBridge };
  return w.parley ?? null;
}

const TOKEN_KEY = 'parley.token';

/** The browser host puts the token in the URL fragment; keep it for reloads, then hide it. */
function hostToken(): string | null {
  const m = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return m[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpCall(token: string | null): RawCall {
  return async (method, args) => {
    if (!token) {
      throw new BackendError(
        'no-token',
        'This page was opened without its access token: open the address that `npm run web` printed, including the part after #.',
      );
    }
    const response = await fetch(`api/${method}`, {
      method: 'POST',
      // A release is sent as the page goes away: keepalive lets it outlive the page.
      keepalive: method === 'release',
      headers: { 'Content-Type': 'application/json', 'X-Parley-Token': token },
      body: JSON.stringify(args),
    });
    let data: unknown;
    try {
      // Parsed as it arrives, without a copy of the text first (a megabyte on a long transcript's open).
      data = await response.json();
    } catch {
      throw new BackendError('bad-response', `Parley's host answered ${response.status} with something that is not JSON.`);
    }
    if (!response.ok && !ApiErrorSchema.safeParse(data).success) {
      throw new BackendError('bad-response', `Parley's host answered ${response.status}.`);
    }
    return data;
  };
}

function ipcCall(b: Record<string, unknown>): RawCall {
  return async (method, args) => {
    const fn = b[method];
    if (typeof fn !== 'function') throw new BackendError('bad-request', `The desktop bridge has no "${method}".`);
    return (fn as (a: unknown) => Promise<unknown>)(args);
  };
}

const CLIENT_KEY = 'parley.client';

/**
 * This window's name for the backend, kept across reloads (sessionStorage lives as long as the tab):
 * a file open for editing in one window opens read-only in another, but a reload gets it back.
 */
export function clientId(): string {
  let id = sessionStorage.getItem(CLIENT_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(CLIENT_KEY, id);
  }
  return id;
}

/** The methods that open a document, and so say which window is asking and take the annotations later. */
const OPENS: ReadonlySet<ApiMethod> = new Set(['openFile', 'openDialog', 'openPath', 'upload']);

function typed(raw: RawCall): ParleyApi {
  const api: Partial<Record<ApiMethod, (args: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) {
    api[method] = async (args: unknown) => {
      // The editor fetches a transcript's annotations once its text is painted (see the API's deferAnnotations).
      const sent =
        OPENS.has(method) && typeof args === 'object' && args !== null ? { client: clientId(), deferAnnotations: true, ...args } : args;
      const data = await raw(method, sent);
      const err = ApiErrorSchema.safeParse(data);
      if (err.success) throw new BackendError(err.data.error.code, err.data.error.message);
      const parsed = apiSchema[method].result.safeParse(data);
      if (!parsed.success) throw new BackendError('bad-response', `The backend's answer to ${method} did not match the contract.`);
      return parsed.data;
    };
  }
  return api as ParleyApi;
}

/**
 * Check small sample answers of the calls an open makes, as their answers are checked (see typed).
 * The first check of an answer compiles the code that checks it: in a fresh window that slowed
 * the first open of a long transcript, when it could be done while the start screen waits for the
 * user. The samples go through JSON as answers do, so they are objects of the same kind.
 */
export function warmUpChecks(): void {
  for (const [method, sample] of [
    ['openFile', SAMPLE_OPEN_RESULT],
    ['annotations', { annotations: SAMPLE_ANNOTATIONS }],
  ] as const) {
    const data: unknown = JSON.parse(JSON.stringify(sample));
    ApiErrorSchema.safeParse(data);
    apiSchema[method].result.safeParse(data);
  }
}

export interface Backend {
  api: ParleyApi;
  /** 'desktop' inside Electron, 'browser' through the browser host. */
  host: 'desktop' | 'browser';
  onMenuCommand(callback: (command: MenuCommand) => void): () => void;
}

export function connect(): Backend {
  const b = bridge();
  if (b) {
    return {
      api: typed(ipcCall(b)),
      host: 'desktop',
      onMenuCommand: (callback) =>
        b.onMenuCommand((raw) => {
          const parsed = MenuCommandSchema.safeParse(raw);
          if (parsed.success) callback(parsed.data);
        }),
    };
  }
  return { api: typed(httpCall(hostToken())), host: 'browser', onMenuCommand: () => () => undefined };
}

export type { ApiArgs, ApiResult };
