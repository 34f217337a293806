import { request } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CSP, startWebHost, staticSegments, type WebHost } from '../../annotations/web-host.js';
import { ApiErrorSchema, FileChoiceSchema, OpenResultSchema } from '../../shared/api.js';
import { KYIV, copyTranscript, listing, tempDir } from './helpers.js';

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

/** A served folder with the Kyiv transcript, and a renderer folder with a secret beside it. */
async function start(): Promise<{ host: WebHost; root: string }> {
  const root = await tempDir();
  await copyTranscript(root);
  const base = await tempDir();
  const rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(rendererDir, '.env'), 'SECRET=1');
  await writeFile(join(base, 'package.json'), '{"secret": "outside the renderer"}');
  host = await startWebHost({ roots: [root], rendererDir, uploadDir: join(base, 'uploads') });
  return { host, root };
}

/** A raw request: fetch would normalise `..` away before sending and refuses to set Host. */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function call(h: WebHost, method: string, args: unknown, token = h.token): Promise<Response> {
  return fetch(`${h.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Parley-Token': token },
    body: JSON.stringify(args),
  });
}

describe('web host', () => {
  it('prints a URL with the token in the fragment, on 127.0.0.1', async () => {
    const { host } = await start();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with the CSP, nosniff and the right content types', async () => {
    const { host } = await start();
    const index = await fetch(host.origin + '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CSP);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>Parley</title>');
    const js = await fetch(host.origin + '/assets/app.js?v=1');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(host.origin + '/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(host.origin + '/index.html')).status).toBe(200);
  });

  it('lists no folders and serves no hidden files', async () => {
    const { host } = await start();
    expect((await fetch(host.origin + '/assets/')).status).toBe(404);
    expect((await fetch(host.origin + '/assets')).status).toBe(404);
    expect((await fetch(host.origin + '/.env')).status).not.toBe(200);
    expect((await fetch(host.origin + '/missing.js')).status).toBe(404);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/assets/../../package.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%2fpackage.json',
    '/..%5cpackage.json',
    '/%2e%2e%5c..%5cpackage.json',
    '/%00index.html',
    '//etc/passwd',
    '/%',
  ])('refuses the traversal %s', async (path) => {
    const { host } = await start();
    const res = await raw(host.port, path, { headers: { Host: `127.0.0.1:${host.port}` } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('outside the renderer');
    expect(res.body).not.toContain('root:');
  });

  it('refuses a Host header that is not its own address', async () => {
    const { host } = await start();
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`]) {
      const res = await raw(host.port, '/', { headers: { Host: h } });
      expect(res.status, h).toBe(421);
    }
    const api = await raw(host.port, '/api/listFiles', {
      method: 'POST',
      headers: { Host: 'evil.example', 'X-Parley-Token': host.token, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(421);
    expect((await raw(host.port, '/', { headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('answers 401 to API requests without the right token', async () => {
    const { host } = await start();
    const none = await fetch(`${host.origin}/api/listFiles`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(none.status).toBe(401);
    expect(ApiErrorSchema.parse(await none.json()).error.code).toBe('unauthorized');
    expect((await call(host, 'listFiles', {}, 'wrong')).status).toBe(401);
    expect((await call(host, 'listFiles', {}, host.token.slice(1) + 'x')).status).toBe(401);
  });

  it('refuses requests from another origin, GET on the API, and bodies that are not JSON', async () => {
    const { host } = await start();
    const foreign = await fetch(`${host.origin}/api/listFiles`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Parley-Token': host.token, Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const get = await fetch(`${host.origin}/api/listFiles`, { headers: { 'X-Parley-Token': host.token } });
    expect(get.status).toBe(405);
    const form = await fetch(`${host.origin}/api/listFiles`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Parley-Token': host.token },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await fetch(`${host.origin}/api/listFiles`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Parley-Token': host.token },
      body: '{oops',
    });
    expect(broken.status).toBe(400);
    expect(ApiErrorSchema.parse(await broken.json()).error.code).toBe('bad-request');
  });

  it('refuses a body over the limit', async () => {
    const { host } = await start();
    const res = await raw(host.port, '/api/upload', {
      method: 'POST',
      headers: {
        Host: `127.0.0.1:${host.port}`,
        'X-Parley-Token': host.token,
        'Content-Type': 'application/json',
        'Content-Length': String(200 * 1024 * 1024),
      },
    });
    expect(res.status).toBe(413);
  });

  it('opens and saves a transcript over HTTP', async () => {
    const { host, root } = await start();
    const listed = await call(host, 'listFiles', {});
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const files = FileChoiceSchema.array().parse(await listed.json());
    expect(files.map((f) => f.name)).toEqual([KYIV]);

    const openRes = await call(host, 'openFile', { fileId: files[0]!.id });
    expect(openRes.status).toBe(200);
    // The backend's own time, for the browser's timing of the request (the benchmark reads it).
    expect(openRes.headers.get('server-timing')).toMatch(/^api;dur=\d+\.\d$/);
    const opened = OpenResultSchema.parse(await openRes.json());
    expect(opened.fileName).toBe(KYIV);
    const body = structuredClone(opened.body);
    body.metadata.reviewed = 'over http';
    const saveRes = await call(host, 'save', { docId: opened.docId, body });
    expect(saveRes.status).toBe(200);
    const saved = (await saveRes.json()) as { savedAt: string; bytes: number };
    const sidecar = await readFile(join(root, `${KYIV}.annotations.json`), 'utf8');
    expect(saved.bytes).toBe(Buffer.byteLength(sidecar));
    expect(JSON.parse(sidecar).metadata.reviewed).toBe('over http');
    expect(await listing(root)).toEqual([KYIV, `${KYIV}.annotations.json`]);
  });

  it('sends errors as {error: {code, message}} with a 4xx status', async () => {
    const { host } = await start();
    const denied = await call(host, 'openPath', { path: '/etc/passwd' });
    expect(denied.status).toBe(403);
    expect(ApiErrorSchema.parse(await denied.json()).error.code).toBe('access-denied');
    const unknown = await call(host, 'deleteEverything', {});
    expect(unknown.status).toBe(400);
    const gone = await call(host, 'save', { docId: 'nope', body: { metadata: {}, speakers: [], turns: [], removed: [], history: [] } });
    expect(gone.status).toBe(404);
    expect(ApiErrorSchema.parse(await gone.json()).error.message).toMatch(/not open/);
  });
});

describe('web host, reached by other pages and processes', () => {
  /** A raw API call with whatever headers an attacker chooses (fetch would set Host and Origin itself). */
  function api(h: WebHost, headers: Record<string, string>, method = 'POST', path = '/api/listFiles') {
    return raw(h.port, path, {
      method,
      headers: { Host: `127.0.0.1:${h.port}`, 'Content-Type': 'application/json', ...headers },
      body: method === 'POST' ? '{}' : undefined,
    });
  }

  it('refuses a foreign Origin even with the right token, including the opaque origin null', async () => {
    const { host } = await start();
    const token = { 'X-Parley-Token': host.token };
    for (const origin of [
      'null',
      'https://evil.example',
      `http://evil.example:${host.port}`,
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
      `http://127.0.0.1:${host.port}.evil.example`,
      'file://',
    ]) {
      const res = await api(host, { ...token, Origin: origin });
      expect(res.status, origin).toBe(403);
      expect(ApiErrorSchema.parse(JSON.parse(res.body)).error.code).toBe('forbidden');
    }
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      expect((await api(host, { ...token, Origin: origin })).status, origin).toBe(200);
    }
  });

  it('refuses a DNS-rebinding request: a foreign Host with the right token and a matching Origin', async () => {
    const { host } = await start();
    for (const name of [`evil.example:${host.port}`, `127.0.0.1.evil.example:${host.port}`, `localhost.:${host.port}`]) {
      const res = await api(host, { Host: name, Origin: `http://${name}`, 'X-Parley-Token': host.token });
      expect(res.status, name).toBe(421);
      expect(res.body).not.toContain(KYIV);
    }
  });

  it('takes the token only from its header: not from the query, a cookie or the fragment', async () => {
    const { host } = await start();
    for (const [path, headers] of [
      [`/api/listFiles?token=${host.token}`, {}],
      ['/api/listFiles', { Cookie: `token=${host.token}; X-Parley-Token=${host.token}` }],
      ['/api/listFiles', { Authorization: `Bearer ${host.token}` }],
      ['/api/listFiles', { 'X-Parley-Token': `${host.token},${host.token}` }],
      ['/api/listFiles', { 'X-Parley-Token': '' }],
    ] as const) {
      expect((await api(host, headers, 'POST', path)).status, `${path} ${JSON.stringify(headers)}`).toBe(401);
    }
  });

  it('never sends an Access-Control-Allow-* header, so no other origin may read an answer', async () => {
    const { host } = await start();
    const evil = { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-parley-token, content-type' };
    const responses = [
      await api(host, evil, 'OPTIONS'),
      await api(host, { ...evil, 'X-Parley-Token': host.token }, 'OPTIONS'),
      await api(host, evil, 'OPTIONS', '/'),
      await api(host, evil),
      await api(host, { ...evil, 'X-Parley-Token': host.token }),
      await api(host, { Origin: `http://127.0.0.1:${host.port}`, 'X-Parley-Token': host.token }),
      await api(host, { 'X-Parley-Token': host.token }, 'POST', '/api/openPath'),
      await raw(host.port, '/', { headers: { Host: `127.0.0.1:${host.port}`, Origin: 'https://evil.example' } }),
      await raw(host.port, '/assets/app.js', { headers: { Host: `127.0.0.1:${host.port}`, Origin: 'https://evil.example' } }),
      await raw(host.port, '/', { headers: { Host: 'evil.example', Origin: 'https://evil.example' } }),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 403, 405, 401, 403, 200, 400, 200, 200, 421]);
    for (const res of responses) {
      const cors = Object.keys(res.headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
      expect(cors).toEqual([]);
    }
  });
});

describe('staticSegments', () => {
  it('decodes plain paths and refuses everything that could climb or hide', () => {
    expect(staticSegments('/')).toEqual([]);
    expect(staticSegments('/assets/app%20x.js?x=1')).toEqual(['assets', 'app x.js']);
    for (const bad of ['/..', '/a/../b', '/%2e%2e', '/a%2fb', '/a%5cb', '/.git/config', '/%zz', 'relative', '/a%00b']) {
      expect(staticSegments(bad), bad).toBeNull();
    }
  });
});
