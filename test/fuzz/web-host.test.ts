/**
 * Fuzzing the browser host over real HTTP: the host started on a temp folder (annotations/web-host.ts),
 * called with the valid token and every method of the contract (from API_METHOD_NAMES, so methods added
 * later are fuzzed too), random method names, random JSON bodies, malformed JSON, bodies that are not
 * UTF-8, wrong content types and HTTP methods, and bodies far over the limit.
 *
 * Property: the host never fails (no 5xx, no unhandled rejection) and still answers a normal request
 * afterwards; every refusal is a 4xx with `{error: {code, message}}` whose message is a sentence, not
 * a stack; and nothing under the folder is written unless a method that writes succeeded (api-world.ts
 * WRITERS; refused calls of any method must write nothing).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startWebHost, type WebHost } from '../../annotations/web-host.js';
import { ApiErrorSchema } from '../../shared/api.js';
import { tempDir } from '../annotations/helpers.js';
import { buildWorld, checkedCall, methodName, newTally, request, resolve, ERROR_CODE, type Call, type Outcome, type World } from './api-world.js';
import { hasStackTrace, snapshot } from './helpers.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One raw request: fetch would fix up paths and headers that a hostile client sends as they are. */
function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string | number>; body?: Uint8Array | string }): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * What a client that is still sending a body sees when the host refuses it and closes the connection:
 * the reply, when it arrived whole, or else the error the client's writes met (EPIPE: the host had
 * closed; ECONNRESET: the host's side reset the connection, which also drops a reply not yet read),
 * with the status if that much arrived. Either is the host's refusal; which one is a race between the
 * client's writes and the host's close, so a test accepts both.
 */
type Refused = { reply: Reply } | { closed: string; status: number | null };

/** POST `total` bytes to `path` without a length (chunked), as fast as the host takes them, stopping once it answers. */
function streamBody(port: number, path: string, headers: Record<string, string>, total: number): Promise<Refused> {
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const settle = (outcome: Refused): void => {
      if (settled) return;
      settled = true;
      resolvePromise(outcome);
    };
    let status: number | null = null;
    const closedBy = (e: NodeJS.ErrnoException): void => {
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') settle({ closed: e.code, status });
      else if (!settled) {
        settled = true;
        reject(e);
      }
    };
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
      const code = res.statusCode ?? 0;
      status = code;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => settle({ reply: { status: code, headers: res.headers, body: Buffer.concat(chunks).toString() } }));
      // The reply cut short by the connection's end: what reached the client is the status.
      res.on('error', closedBy);
      res.on('close', () => {
        if (!res.complete) settle({ closed: 'ECONNRESET', status });
      });
    });
    // Stays attached after settling: a write still in flight may fail once the reply is in.
    req.on('error', closedBy);
    const chunk = Buffer.alloc(4 * 1024 * 1024, 0x41);
    let sent = 0;
    const pump = (): void => {
      while (status === null && !settled && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/**
 * A chunked POST whose one chunk announces `bytes` bytes and sends exactly that many, and never the
 * chunk's end or the body's: the request is not finished, so a reply is the host refusing without
 * waiting for the rest. Nothing is sent after the host's last byte read, so its closing the connection
 * races with no write: the reply always arrives whole (or the host never answered, and the test times out).
 */
function unfinishedChunk(port: number, path: string, headers: Record<string, string>, bytes: number): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(received).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = (split < 0 ? text : text.slice(0, split)).split('\r\n');
      const replyHeaders: IncomingHttpHeaders = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) replyHeaders[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolvePromise({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head[0] ?? '')?.[1] ?? 0), headers: replyHeaders, body: split < 0 ? '' : text.slice(split + 4) });
      socket.destroy();
    });
    const lines = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Transfer-Encoding: chunked', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n${bytes.toString(16)}\r\n`);
    const chunk = Buffer.alloc(4 * 1024 * 1024, 0x41);
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes) {
        const part = Math.min(chunk.length, bytes - sent);
        sent += part;
        if (!socket.write(part === chunk.length ? chunk : chunk.subarray(0, part))) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

let host: WebHost | null = null;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await host?.close();
  host = null;
  expect(unhandled).toEqual([]);
});

/** The host on a fresh world, and a Call that goes through HTTP with the token. */
async function setup(): Promise<{ h: WebHost; call: Call; world: World; base: string }> {
  const base = await tempDir('parley-fuzz-http-');
  const root = join(base, 'served');
  await mkdir(root);
  const rendererDir = join(await tempDir('parley-fuzz-renderer-'), 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
  const h = await startWebHost({ roots: [root], rendererDir, uploadDir: join(base, 'uploads'), draftsDir: join(base, 'drafts') });
  host = h;
  const call: Call = async (method, args) => {
    const reply = await raw(h.port, {
      path: `/api/${encodeURIComponent(method)}`,
      headers: { 'Content-Type': 'application/json', 'X-Parley-Token': h.token },
      body: args === undefined ? '' : JSON.stringify(args),
    });
    return outcomeOf(reply);
  };
  return { h, call, world: await buildWorld(base, call), base };
}

/** A reply as a result or a refusal, checked for what every reply of the API must be. */
function outcomeOf(reply: Reply): Outcome {
  expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
  const json = JSON.parse(reply.body) as unknown;
  if (reply.status === 200) return { ok: true, value: json };
  const parsed = ApiErrorSchema.safeParse(json);
  if (!parsed.success) throw new Error(`a ${reply.status} without {error: {code, message}}: ${reply.body.slice(0, 300)}`);
  // A 5xx is Parley failing: reported as "internal", which checkedCall refuses.
  const { code, message } = parsed.data.error;
  return { ok: false, code: reply.status >= 500 ? 'internal' : reply.status < 400 ? `status-${reply.status}` : code, message };
}

/** The host still serves its page and answers a plain listFiles. */
async function stillAnswers(h: WebHost): Promise<void> {
  const listed = await raw(h.port, { path: '/api/listFiles', headers: { 'Content-Type': 'application/json', 'X-Parley-Token': h.token }, body: '{}' });
  expect(listed.status).toBe(200);
  expect(Array.isArray(JSON.parse(listed.body))).toBe(true);
  expect((await raw(h.port, { method: 'GET', path: '/' })).status).toBe(200);
}

describe('the browser host under fuzzed API calls', () => {
  it('answers every method with a contract result or a 4xx sentence, and writes nothing it should not', async () => {
    const { h, call, world: first, base } = await setup();
    let world = first;
    const tally = newTally();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, args }) => {
        if (await checkedCall(call, world, method, resolve(args, world), tally)) world = await buildWorld(base, call, world);
      }),
      { numRuns: 300 },
    );
    // The fuzzer got past the refusals into the methods themselves.
    expect(tally.successes.get('listFiles') ?? 0).toBeGreaterThan(0);
    expect(tally.successes.size).toBeGreaterThanOrEqual(8);
    for (const docId of world.docIds) await call('close', { docId });
    await stillAnswers(h);
  });
});

/** Bodies a client could send that are not what the API takes. */
const badBody: fc.Arbitrary<Uint8Array | string> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 3 }).map((j) => JSON.stringify(j)),
  fc.jsonValue({ maxDepth: 2 }).map((j) => JSON.stringify(j).slice(0, -1)),
  fc.uint8Array({ maxLength: 80 }),
  fc.constantFrom(
    '',
    '{',
    '{"fileId": }',
    "{'path': 'talk.txt'}",
    '{"path": "talk.txt"} trailing',
    '\uFEFF{"path": "talk.txt"}',
    '{"path": "\\ud800"}',
    '{"__proto__": {"polluted": true}, "path": "talk.txt"}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '1e999999',
    '[' .repeat(50_000) + ']'.repeat(50_000),
    '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
    'null',
    Uint8Array.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
    Uint8Array.from([0x7b, 0x22, 0x70, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  ),
);

/** Paths after /api/: names of methods, names that are none, and tricks on the way to them. */
const apiPath = fc.oneof(
  methodName.map((m) => `/api/${encodeURIComponent(m)}`),
  fc.constantFrom(
    '/api',
    '/api/',
    '/api//listFiles',
    '/api/listFiles/',
    '/api/listFiles?x=1',
    '/api/listFiles#x',
    '/api/../api/listFiles',
    '/api/%2e%2e/listFiles',
    '/api/list%46iles',
    '/api/%00',
    '/api/%',
    '/api/__proto__',
    '/api/constructor',
    `/api/${'a'.repeat(8000)}`,
  ),
);

const httpMethod = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND');
const contentType = fc.constantFrom<string | undefined>(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/jsonx',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  '',
  undefined,
);

describe('the browser host under malformed requests', () => {
  it('refuses each with a 4xx and a sentence, never a 5xx, and writes nothing', async () => {
    const { h, world } = await setup();
    const before = await snapshot(world.base);
    await fc.assert(
      fc.asyncProperty(apiPath, httpMethod, contentType, badBody, fc.constantFrom('right', 'right', 'right', 'wrong', 'none'), async (path, method, type, body, token) => {
        const headers: Record<string, string | number> = {};
        if (type !== undefined) headers['Content-Type'] = type;
        if (token === 'right') headers['X-Parley-Token'] = h.token;
        if (token === 'wrong') headers['X-Parley-Token'] = h.token.slice(1) + 'x';
        // Framed with a length whatever the method: Node's client sends a GET's or DELETE's body unframed,
        // which the server rightly reads as the start of the next request.
        headers['Content-Length'] = Buffer.byteLength(body);
        const reply = await raw(h.port, { method, path, headers, body });
        expect(reply.status, `${method} ${path.slice(0, 80)}`).toBeLessThan(500);
        if (method === 'HEAD') return;
        if (reply.status !== 200) {
          const { error } = ApiErrorSchema.parse(JSON.parse(reply.body));
          expect(error.code).toMatch(ERROR_CODE);
          expect(error.message.trim()).not.toBe('');
          expect(hasStackTrace(error.message)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot(world.base)).toEqual(before);
    await stillAnswers(h);
  });

  it('refuses bodies over the limit, declared or streamed, and keeps answering', async () => {
    const { h, world } = await setup();
    const before = await snapshot(world.base);
    const headers = { 'Content-Type': 'application/json', 'X-Parley-Token': h.token };

    // Declared: refused on the header, before a byte of the body is read.
    const declared = await raw(h.port, { path: '/api/upload', headers: { ...headers, 'Content-Length': MAX_BODY_BYTES + 1 }, body: '{}' });
    expect(declared.status).toBe(413);
    expect(ApiErrorSchema.parse(JSON.parse(declared.body)).error.code).toBe('too-large');

    // Streamed without a length: refused once the limit is passed, without waiting for the rest. One
    // byte over the limit and nothing after it, the chunk left open: the reply comes whole, every time.
    const streamed = await unfinishedChunk(h.port, '/api/upload', headers, MAX_BODY_BYTES + 1);
    expect(streamed.status).toBe(413);
    expect(ApiErrorSchema.parse(JSON.parse(streamed.body)).error.message).toMatch(/^The request is larger than \d+ MB; Parley refused it\.$/);

    // A client that keeps sending past the limit: the host answers and closes while it writes, so it
    // may see the reply, or a write failing on the closed connection. Both are the refusal.
    const refused = await streamBody(h.port, '/api/upload', headers, MAX_BODY_BYTES + 64 * 1024 * 1024);
    if ('reply' in refused) {
      expect(refused.reply.status).toBe(413);
      expect(ApiErrorSchema.parse(JSON.parse(refused.reply.body)).error.code).toBe('too-large');
    } else {
      expect(['EPIPE', 'ECONNRESET']).toContain(refused.closed);
      expect([null, 413]).toContain(refused.status);
    }

    // Inside the limit but far over any argument's: refused by the contract, with a sentence.
    const long = await raw(h.port, { path: '/api/openPath', headers, body: JSON.stringify({ path: 'x'.repeat(5_000_000) }) });
    expect(long.status).toBe(400);
    expect(ApiErrorSchema.parse(JSON.parse(long.body)).error.message).toMatch(/^Bad arguments for openPath: path: /);

    expect(await snapshot(world.base)).toEqual(before);
    await stillAnswers(h);
  });

  it('survives requests HTTP itself cannot parse', async () => {
    const { h } = await setup();
    const garbage = [
      'POST /api/listFiles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n{}',
      'POST /api/listFiles HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
      '\x00\x01\x02 garbage\r\n\r\n',
      `POST /api/listFiles HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nX-Parley-Token: ${h.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ];
    for (const text of garbage) {
      const answer = await new Promise<string>((resolvePromise) => {
        const socket = connect(h.port, '127.0.0.1', () => socket.end(text));
        let got = '';
        socket.on('data', (c: Buffer) => (got += c.toString()));
        socket.on('close', () => resolvePromise(got));
        socket.on('error', () => resolvePromise(got));
      });
      expect(answer.slice(0, 12)).not.toMatch(/HTTP\/1\.1 5/);
    }
    await stillAnswers(h);
  });
});
