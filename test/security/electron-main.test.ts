/**
 * The desktop shell's defences, asserted on the objects the REAL electron/main.ts builds.
 *
 * The Electron binary can never be downloaded on the machines these tests run on, so main.ts cannot
 * run in Electron here. Instead vitest replaces the module id 'electron' with a recording fake
 * (test/security/fake-electron.ts), and main.ts, security.ts and ipc.ts run unchanged against it:
 * the app starts, creates its window and registers its handlers, and this test asserts the recorded
 * BrowserWindow options and drives the recorded session, web-contents and IPC handlers the way
 * Electron would call them. A fake is acceptable only because the binary cannot exist here.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { apiChannel, type ApiMethodName } from '../../shared/api-methods.js';
import { API_METHODS, ApiErrorSchema } from '../../shared/api.js';
import * as fake from './fake-electron.js';

vi.mock('electron', async () => await import('./fake-electron.js'));

const ROOT = resolve(import.meta.dirname, '../..');

let window: fake.FakeBrowserWindow;
let pageUrl: string;

beforeAll(async () => {
  await import('../../electron/main.js');
  // main.ts starts on app.whenReady(); wait until it has created its window and registered its API.
  await vi.waitFor(() => {
    expect(fake.FakeBrowserWindow.all).toHaveLength(1);
    expect(fake.FakeBrowserWindow.all[0]!.loaded).toHaveLength(1);
    expect(fake.ipcMain.handlers.size).toBeGreaterThan(0);
  });
  window = fake.FakeBrowserWindow.all[0]!;
  pageUrl = window.webContents.getURL();
});

/** Parse a CSP into directive → sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

function expectStrictPolicy(policy: string): void {
  const d = directives(policy);
  expect(d.get('default-src')).toEqual(["'none'"]);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('style-src')).toEqual(["'self'"]);
  expect(policy).not.toMatch(/unsafe-|\*|blob:|https?:|wasm/);
  for (const [name, sources] of d) {
    // data: only for images (the page's empty favicon), nowhere that could run or embed anything.
    if (name !== 'img-src') expect(sources, name).not.toContain('data:');
  }
}

describe('the app', () => {
  it('enables the sandbox for every renderer and guards every web contents created', () => {
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.app.listeners.get('web-contents-created')).toHaveLength(1);
    expect(fake.Menu.applied).toBeGreaterThan(0);
  });
});

describe('the window', () => {
  it('is created with the secure web preferences, exactly', () => {
    const { webPreferences, ...rest } = window.options;
    expect(rest).toMatchObject({ show: false, title: 'Parley' });
    expect(webPreferences).toEqual({
      preload: expect.any(String),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      // The fake app is packaged, as users run it: no developer tools.
      devTools: false,
    });
    const preload = (webPreferences as { preload: string }).preload;
    expect(isAbsolute(preload)).toBe(true);
    expect(preload).toMatch(/[/\\]preload[/\\]preload\.cjs$/);
  });

  it('loads the built page from a file, never a URL', () => {
    expect(window.loaded[0]).toMatch(/[/\\]renderer[/\\]index\.html$/);
    expect(pageUrl).toBe(pathToFileURL(window.loaded[0]!).href);
  });
});

describe('the session', () => {
  const session = fake.session.defaultSession;

  it('replaces any Content-Security-Policy with its own strict one', () => {
    let answer: { responseHeaders?: Record<string, string[]> } = {};
    fake.call(
      session.headersReceived,
      { url: pageUrl, responseHeaders: { 'content-security-policy': ['default-src *'], 'CONTENT-Security-Policy': ['script-src *'], 'X-Kept': ['1'] } },
      (response: typeof answer) => (answer = response),
    );
    const headers = answer.responseHeaders ?? {};
    const policies = Object.entries(headers).filter(([name]) => name.toLowerCase() === 'content-security-policy');
    expect(policies).toHaveLength(1);
    const [[, [policy]]] = policies as [[string, [string]]];
    expectStrictPolicy(policy);
    expect(directives(policy).get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives(policy).get('connect-src')).toBeUndefined();
    expect(headers['X-Kept']).toEqual(['1']);
  });

  it("keeps the page's own <meta> policy strict too (it is what applies to file:// loads)", async () => {
    const html = await readFile(join(ROOT, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta).not.toBeNull();
    expectStrictPolicy(meta![1]!);
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'pointerLock', 'midi', 'hid', 'serial', 'usb', 'storage-access'])(
    'denies the permission %s, asked or checked',
    (permission) => {
      const answers: boolean[] = [];
      fake.call(session.permissionRequest, window.webContents, permission, (granted: boolean) => answers.push(granted), { requestingUrl: pageUrl });
      expect(answers).toEqual([false]);
      expect(fake.call(session.permissionCheck, window.webContents, permission, 'file://', { requestingUrl: pageUrl })).toBe(false);
    },
  );

  it('denies every device (HID, USB, serial)', () => {
    expect(fake.call(session.devicePermission, { deviceType: 'hid', origin: 'file://', device: {} })).toBe(false);
  });
});

/** A navigation event as Electron passes it; `prevented` tells whether the handler stopped it. */
function navigation(url: string, isMainFrame = true): { url: string; isMainFrame: boolean; preventDefault(): void; prevented: boolean } {
  return {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('navigation and new windows', () => {
  const hostile = ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'about:blank'];

  it.each(hostile)('stops navigating to %s, in the top frame and in frames, and redirects to it', (url) => {
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const e = navigation(url);
      window.webContents.emit(event, e);
      expect(e.prevented, event).toBe(true);
    }
  });

  it('lets the page reload itself, and no frame load even the page', () => {
    const reload = navigation(`${pageUrl}#x`);
    window.webContents.emit('will-navigate', reload);
    expect(reload.prevented).toBe(false);
    const frame = navigation(pageUrl, false);
    window.webContents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
  });

  it('refuses <webview>', () => {
    const e = navigation('');
    window.webContents.emit('will-attach-webview', e);
    expect(e.prevented).toBe(true);
  });

  /** Ask the window-open handler of `contents` for `url`; returns its answer and what went to the OS. */
  function windowOpen(contents: fake.FakeWebContents, url: string, disposition = 'foreground-tab'): { action: unknown; opened: string[] } {
    const before = fake.shell.opened.length;
    const answer = fake.call(contents.windowOpenHandler, { url, disposition, frameName: '', features: '', referrer: { url: '', policy: 'no-referrer' } }) as { action: unknown };
    return { action: answer.action, opened: fake.shell.opened.slice(before) };
  }

  it('never opens a window, and hands a clicked http(s) link to the system browser', () => {
    expect(windowOpen(window.webContents, 'https://www.nato.int/cps/en/natohq/opinions.htm?q=1')).toEqual({
      action: 'deny',
      opened: ['https://www.nato.int/cps/en/natohq/opinions.htm?q=1'],
    });
    expect(windowOpen(window.webContents, 'http://example.org/', 'background-tab')).toEqual({ action: 'deny', opened: ['http://example.org/'] });
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'smb://evil.example/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'https://bank.example@evil.example/',
    'not a url',
    '',
  ])('opens nothing for %j', (url) => {
    expect(windowOpen(window.webContents, url)).toEqual({ action: 'deny', opened: [] });
  });

  it('opens nothing that was not a click on a link (window.open with features, a form)', () => {
    for (const disposition of ['new-window', 'default', 'other']) {
      expect(windowOpen(window.webContents, 'https://example.org/', disposition), disposition).toEqual({ action: 'deny', opened: [] });
    }
  });

  it('opens nothing for web contents showing anything but our page, and guards them as well', () => {
    const stranger = new fake.FakeWebContents();
    stranger.url = 'https://evil.example/';
    fake.app.emit('web-contents-created', {}, stranger);
    expect(windowOpen(stranger, 'https://example.org/')).toEqual({ action: 'deny', opened: [] });
    const e = navigation('https://evil.example/next');
    stranger.emit('will-navigate', e);
    expect(e.prevented).toBe(true);
  });
});

describe('IPC', () => {
  type Frame = { url: string; parent: Frame | null } | null;

  /** Invoke an API method as the renderer would, from `frame`. */
  async function invoke(method: ApiMethodName, args: unknown, frame: Frame = { url: pageUrl, parent: null }): Promise<unknown> {
    return await fake.call(fake.ipcMain.handlers.get(apiChannel(method)), { senderFrame: frame, sender: window.webContents }, args);
  }

  function errorOf(result: unknown): { code: string; message: string } {
    return ApiErrorSchema.parse(result).error;
  }

  it('registers exactly one handler per API method, on the parley: channels', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => apiChannel(m)).sort());
  });

  it('answers our page', async () => {
    expect(await invoke('listFiles', {})).toEqual([]);
    expect((await invoke('exportFormats', {})) as unknown[]).not.toHaveLength(0);
  });

  it.each<[string, Frame]>([
    ['another site', { url: 'https://evil.example/', parent: null }],
    ['another file', { url: pathToFileURL('/tmp/evil/index.html').href, parent: null }],
    ['a frame inside our page', { url: pageUrl, parent: { url: pageUrl, parent: null } }],
    ['a frame that is gone', null],
    ['a data: page', { url: 'data:text/html,hi', parent: null }],
  ])('refuses a call from %s', async (_name, frame) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (const method of ['listFiles', 'openPath', 'save'] as const) {
        const error = errorOf(await invoke(method, { path: '/etc/passwd' }, frame));
        expect(error.code).toBe('access-denied');
        expect(error.message).toMatch(/Only Parley's own window/);
      }
    } finally {
      warn.mockRestore();
    }
  });

  it.each<[ApiMethodName, unknown, RegExp]>([
    ['openPath', { path: 42 }, /^Bad arguments for openPath: path: /],
    ['openPath', null, /^Bad arguments for openPath/],
    ['openPath', { path: '' }, /^Bad arguments for openPath: path: /],
    ['openPath', { path: 'x'.repeat(5000) }, /^Bad arguments for openPath: path: /],
    ['openFile', { fileId: { toString: 'x' } }, /^Bad arguments for openFile: fileId: /],
    ['save', { docId: 'd', body: '<script>' }, /^Bad arguments for save: body: /],
    ['upload', { name: 'a.txt', base64: 7 }, /^Bad arguments for upload: base64: /],
    ['exportDocument', [], /^Bad arguments for exportDocument/],
  ])('refuses %s with bad arguments %j, with a clear error', async (method, args, message) => {
    const error = errorOf(await invoke(method, args));
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(message);
  });

  it('refuses, from our own page, a path the user never opened', async () => {
    for (const path of ['/etc/passwd', '../../etc/passwd', join(fake.app.userData, 'recent.json')]) {
      expect(errorOf(await invoke('openPath', { path })).code, path).toBe('access-denied');
    }
  });
});
