/**
 * The browser host: the built renderer and the API over HTTP on 127.0.0.1, for people without a
 * desktop session and for the end-to-end tests.
 *
 * Anything on the machine can connect to a local port, and any web page the user visits can make the
 * browser send requests to it, so every API call must carry a per-run random token (which only the
 * page we served learns, from the URL fragment), and the Host header must name our own address (a
 * DNS-rebinding page would send its own host name). Static files come from the renderer folder only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { ParleyError, isParleyError, type ParleyErrorCode } from '../shared/errors.js';
import { AccessPolicy, isInside } from './access.js';
import { createApiService, type ApiService } from './api-service.js';
import { DocumentService } from './document-service.js';
import { messageOf } from './node-errors.js';

/** The Content-Security-Policy of every response: only our own scripts, styles and API. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Uploads arrive base64-encoded in JSON: 100 MB of base64 (the contract's limit) plus room. */
export const MAX_BODY_BYTES = 120 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

const STATUS_OF: Partial<Record<ParleyErrorCode, number>> = {
  'bad-request': 400,
  'access-denied': 403,
  'not-found': 404,
  'read-only': 409,
  'source-changed': 409,
  conflict: 409,
  'too-large': 413,
};

export interface WebHostOptions {
  /** Files and folders to serve (a folder serves its tree). The command line's paths. */
  roots: readonly string[];
  /** The built renderer (out/renderer), with index.html. */
  rendererDir: string;
  /** Where uploads are stored. */
  uploadDir: string;
  /** Where unsaved work is kept when a save fails (default: `drafts` beside the upload folder). */
  draftsDir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface WebHost {
  /** The address to open in a browser, token included (in the fragment, which is never sent to a server). */
  url: string;
  /** `http://127.0.0.1:PORT`, without token. */
  origin: string;
  port: number;
  /** The per-run secret every API request must send as `X-Parley-Token`. */
  token: string;
  /** The service behind the HTTP API. */
  api: ApiService;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

/** Start the browser host on 127.0.0.1. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const policy = await AccessPolicy.create({ roots: options.roots });
  const draftsDir = options.draftsDir ?? join(dirname(options.uploadDir), 'drafts');
  // The page checks every result on arrival (see ApiServiceOptions.checkResults).
  const api = createApiService({ policy, service: new DocumentService({ draftsDir }), uploadDir: options.uploadDir, checkResults: false });
  const rendererDir = await realpath(options.rendererDir);
  const token = randomBytes(24).toString('base64url');
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // Only reached when writing the response itself failed; the connection is the thing to drop.
      console.error('parley web host:', e);
      res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const host = req.headers.host;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      // A page that rebinds its own DNS name to 127.0.0.1 still sends its own name here.
      return sendText(res, 421, 'Misdirected request: Parley answers only to 127.0.0.1 and localhost.');
    }
    const rawUrl = req.url ?? '/';
    if (rawUrl === '/api' || rawUrl.startsWith('/api/')) return handleApi(req, res, rawUrl.slice('/api/'.length));
    return handleStatic(req, res, rawUrl);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (!tokenMatches(req.headers['x-parley-token'], token)) {
      return sendError(res, 401, 'unauthorized', 'This request lacks the Parley token; open the address Parley printed.');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return sendError(res, 403, 'forbidden', 'Requests from other sites are refused.');
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(res, 405, 'bad-request', 'API methods are called with POST.');
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendError(res, 415, 'bad-request', 'API requests must send a JSON body (Content-Type: application/json).');
    }
    let args: unknown;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      args = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (e) {
      if (isParleyError(e)) return sendError(res, STATUS_OF[e.code] ?? 400, e.code, e.message, e.code === 'too-large');
      return sendError(res, 400, 'bad-request', `The request body is not valid JSON (${messageOf(e)}).`);
    }
    let result: unknown;
    const started = performance.now();
    try {
      result = await api.dispatch(method, args);
    } catch (e) {
      if (isParleyError(e)) return sendError(res, STATUS_OF[e.code] ?? 422, e.code, e.message);
      console.error(`parley web host: ${method} failed:`, e);
      return sendError(res, 500, 'internal', 'Parley hit an internal error; the terminal running it has the details.');
    }
    const text = JSON.stringify(result ?? null);
    // How long the backend itself took (the browser's timing of the request shows it): what the
    // benchmark and the browser's developer tools use to tell the backend's time from the page's.
    res.setHeader('Server-Timing', `api;dur=${(performance.now() - started).toFixed(1)}`);
    send(res, 200, 'application/json; charset=utf-8', text);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, rawUrl: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed.');
    }
    const segments = staticSegments(rawUrl);
    if (!segments) return sendText(res, 400, 'Bad path.');
    const wanted = segments.length === 0 ? ['index.html'] : segments;
    let file: string;
    try {
      // realpath: a symlink inside the renderer folder must not lead out of it either.
      file = await realpath(join(rendererDir, ...wanted));
      if (!isInside(rendererDir, file) || !(await stat(file)).isFile()) return sendText(res, 404, 'Not found.');
    } catch {
      return sendText(res, 404, 'Not found.');
    }
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Local and small: always fetch afresh, so a rebuilt renderer shows on the next reload.
    res.setHeader('Cache-Control', 'no-cache');
    send(res, 200, type, req.method === 'HEAD' ? null : body, body.length);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    api,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((e) => (e ? reject(e) : resolvePromise()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The path of a static request as decoded segments, or null when it tries anything but naming a file
 * below the root: `..` or `.` (also percent-encoded), encoded separators, NUL, backslashes, hidden names.
 */
export function staticSegments(rawUrl: string): string[] | null {
  const path = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!path.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of path.slice(1).split('/')) {
    if (raw === '') continue;
    const segment = decodeURIComponentSafe(raw);
    if (segment === null || /[/\\\0]/.test(segment) || segment.startsWith('.')) return null;
    segments.push(segment);
  }
  return segments;
}

function decodeURIComponentSafe(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function tokenMatches(sent: string | string[] | undefined, token: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  // Constant time, so the token cannot be guessed a character at a time.
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new ParleyError('too-large', `The request is larger than ${Math.round(limit / 1024 / 1024)} MB; Parley refused it.`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer | null, length?: number): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', length ?? (body === null ? 0 : Buffer.byteLength(body)));
  res.end(body ?? undefined);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', text + '\n');
}

/** Errors as the contract's ApiErrorSchema: `{error: {code, message}}`. */
function sendError(res: ServerResponse, status: number, code: string, message: string, closeConnection = false): void {
  // After refusing a body that is still arriving, close rather than read the rest of it.
  if (closeConnection) res.setHeader('Connection', 'close');
  send(res, status, 'application/json; charset=utf-8', JSON.stringify({ error: { code, message } }));
}
