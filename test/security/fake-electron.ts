/**
 * A recording stand-in for the `electron` module, for test/security/electron-main.test.ts only.
 *
 * Why a fake: the Electron binary can never be downloaded on the machines these tests run on, so
 * main.ts cannot run inside real Electron here. This module lets the REAL main.ts, security.ts and
 * ipc.ts run unchanged (vitest replaces the module id 'electron' with this one) and records what they
 * hand to Electron: the BrowserWindow options, the session's handlers, the web contents' handlers
 * and the IPC handlers, so the test can assert the options and call the handlers as Electron would.
 *
 * It models only what Parley touches, and follows Electron's documented behaviour where it matters:
 * a BrowserWindow's web contents is announced with app 'web-contents-created' while the window is
 * constructed; `loadFile` gives the contents a file:// URL; `whenReady` resolves.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Any listener or handler main.ts registers; the test calls them through `call`. */
export type Listener = (...args: never[]) => unknown;

/** Call a recorded listener with arguments shaped as Electron would pass them. */
export function call(listener: Listener | undefined, ...args: unknown[]): unknown {
  if (!listener) throw new Error('No such handler was registered.');
  return (listener as unknown as (...a: unknown[]) => unknown)(...args);
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Every listener of `event`, called in order with `args`. */
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) call(l, ...args);
  }
}

export class FakeWebContents extends Emitter {
  url = '';
  windowOpenHandler: Listener | undefined;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];

  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }

  getURL(): string {
    return this.url;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

export class FakeBrowserWindow extends Emitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all;
  }

  loadFile(file: string): Promise<void> {
    this.loaded.push(file);
    this.webContents.url = pathToFileURL(file).href;
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return false;
  }

  isMinimized(): boolean {
    return false;
  }

  show(): void {}
  focus(): void {}
  restore(): void {}
}

class FakeApp extends Emitter {
  readonly userData = mkdtempSync(join(tmpdir(), 'parley-fake-electron-'));
  /** A packaged app: the configuration users run. */
  readonly isPackaged = true;
  sandboxEnabled = false;
  quitCalled = false;

  requestSingleInstanceLock(): boolean {
    return true;
  }

  enableSandbox(): void {
    this.sandboxEnabled = true;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`The fake app knows only userData, not ${name}.`);
    return this.userData;
  }

  quit(): void {
    this.quitCalled = true;
  }

  exit(code: number): void {
    throw new Error(`Parley exited with ${code} during the test.`);
  }
}

export const app = new FakeApp();

class FakeSession {
  headersReceived: Listener | undefined;
  permissionRequest: Listener | undefined;
  permissionCheck: Listener | undefined;
  devicePermission: Listener | undefined;
  readonly webRequest = {
    onHeadersReceived: (listener: Listener): void => {
      this.headersReceived = listener;
    },
  };

  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequest = handler;
  }

  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheck = handler;
  }

  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermission = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const Menu = {
  applied: 0,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template };
  },
  setApplicationMenu(): void {
    this.applied++;
  },
};

export const dialog = {
  showErrorBox(title: string, content: string): void {
    throw new Error(`Parley showed an error box during the test: ${title}: ${content}`);
  },
  showMessageBoxSync(): number {
    return 1;
  },
  showMessageBox(): Promise<{ response: number }> {
    return Promise.resolve({ response: 0 });
  },
  showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
};

export const BrowserWindow = FakeBrowserWindow;
