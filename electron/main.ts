/**
 * Parley's Electron main process: the app's lifecycle, its one window, the menu, and the wiring of
 * the backend (annotations/) to the renderer through the IPC transport.
 *
 * Files reach the backend only through the access policy, and only files the user chose are in it:
 * from the Open dialog, or chosen in an earlier session and kept in the recent list.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { AccessPolicy, TRANSCRIPT_EXTENSIONS } from '../annotations/access.js';
import { createApiService } from '../annotations/api-service.js';
import { DocumentService } from '../annotations/document-service.js';
import { warmUpSidecarChecks } from '../annotations/sidecar-file.js';
import { MENU_CHANNEL } from '../shared/api-methods.js';
import { MenuCommandSchema, type MenuCommand } from '../shared/api.js';
import { messageOf } from '../shared/errors.js';
import { registerIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { RecentFiles } from './recent.js';
import { guardContents, hardenSession, RendererPage } from './security.js';

// The built layout (electron.vite.config.ts): out/main/main.js, out/preload/preload.cjs,
// out/renderer/index.html. In a packaged app the same tree sits inside app.asar.
const OUT_DIR = path.join(import.meta.dirname, '..');
const PRELOAD = path.join(OUT_DIR, 'preload', 'preload.cjs');
const page = new RendererPage(path.join(OUT_DIR, 'renderer', 'index.html'));

let mainWindow: BrowserWindow | null = null;
/** Resolves when the current window's page has loaded, so menu commands are not sent into the void. */
let windowLoaded: Promise<BrowserWindow> | null = null;

// One Parley at a time: two processes would each own the same sidecars, and one file must have one
// writer. A second launch hands over to the first, which comes to the front.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Every renderer, including any created by accident, runs in the OS sandbox.
  app.enableSandbox();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents, page));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('Parley could not start:', e);
      dialog.showErrorBox('Parley could not start', messageOf(e));
      app.exit(1);
    });
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);

  const userData = app.getPath('userData');
  const recent = await RecentFiles.load(path.join(userData, 'recent.json'));
  const policy = new AccessPolicy();
  // Files chosen in earlier sessions stay open to Parley; one that has gone is simply not offered.
  for (const file of recent.list()) await policy.allowFile(file).catch(() => undefined);

  const api = createApiService({
    policy,
    // Unsaved work that could not be saved is kept in the app's own folder (annotations/drafts.ts).
    service: new DocumentService({ draftsDir: path.join(userData, 'drafts') }),
    uploadDir: path.join(userData, 'uploads'),
    openDialog: async () => {
      const chosen = await chooseTranscript();
      if (chosen === null) return null;
      const real = await policy.allowFile(chosen);
      remember(real);
      return real;
    },
    openFolderDialog: chooseFolder,
    // The renderer checks every result on arrival (see ApiServiceOptions.checkResults).
    checkResults: false,
  });
  registerIpc({ dispatch: api.dispatch, isTrustedSender: (event) => page.isTrustedSender(event) });
  // While the window loads: the first open then does not compile the sidecar checks (see there).
  setImmediate(warmUpSidecarChecks);

  function remember(file: string): void {
    recent.add(file).catch((e: unknown) => console.warn('Parley: could not save the recent files list:', e));
    refreshMenu();
  }

  /** Grant access to a chosen file and tell the renderer to open it by id. */
  async function openInRenderer(file: string): Promise<void> {
    let real: string;
    try {
      real = await policy.allowFile(file);
    } catch (e) {
      if (recent.list().includes(file)) {
        recent.remove(file).catch((err: unknown) => console.warn('Parley: could not save the recent files list:', err));
        refreshMenu();
      }
      await showProblem('Parley cannot open this file', messageOf(e));
      return;
    }
    remember(real);
    await send({ type: 'open-file', fileId: policy.fileIdFor(real) });
  }

  function refreshMenu(): void {
    const template = menuTemplate({
      platform: process.platform,
      isPackaged: app.isPackaged,
      recent: recent.list(),
      send: (command) => void send(command),
      open: () => {
        void chooseTranscript().then((chosen) => (chosen === null ? undefined : openInRenderer(chosen)));
      },
      openRecent: (file) => void openInRenderer(file),
      clearRecent: () => {
        recent.clear().catch((e: unknown) => console.warn('Parley: could not save the recent files list:', e));
        refreshMenu();
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  refreshMenu();
  openWindow();
  // macOS keeps the app running without windows; clicking the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

/**
 * The renderer's window. The web preferences are an object literal so that Electronegativity (and
 * the lint rules in eslint.config.js) can read them; test/security/electron-main.test.ts checks the
 * options Electron actually receives. Every one of them is Electron's safe default or stricter,
 * spelled out so that a change of default cannot weaken Parley:
 * - contextIsolation, sandbox, no Node anywhere: the page reaches the system only through the
 *   preload's `window.parley`, whose every call main checks (ipc.ts);
 * - webSecurity on, no insecure content, no <webview>, no experimental or extra Blink features;
 * - Auxclick disabled: a middle click on a link would otherwise ask for a new window (which the
 *   window-open handler denies anyway, see security.ts);
 * - navigateOnDragDrop off: a file dropped on the window must not replace the app's page;
 * - developer tools only in an unpackaged build.
 */
export function createMainWindow(preload: string, devTools: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Parley',
    webPreferences: {
      // Reviewed (SECURITY.md): the preload is a fixed list of named calls, no ipcRenderer, sandboxed.
      preload, // eng-disable PRELOAD_JS_CHECK
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
      devTools,
    },
  });
}

/** The window, created if there is none, once its page has loaded. */
function openWindow(): Promise<BrowserWindow> {
  if (mainWindow && !mainWindow.isDestroyed() && windowLoaded) return windowLoaded;
  // Electron emits 'web-contents-created' while constructing it, so guardContents has run by now.
  const window = createMainWindow(PRELOAD, !app.isPackaged);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) {
      mainWindow = null;
      windowLoaded = null;
    }
  });
  // The renderer asks before it lets unsaved work go (a beforeunload handler); Electron would
  // otherwise cancel the close silently, so ask the user here.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Discard Changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'This transcript has changes that are not saved yet.',
      detail: 'Parley is saving them now, or could not (the toolbar says why). Cancel, then close again once it says Saved; if you close now, they are lost.',
    });
    if (choice === 0) event.preventDefault();
  });
  mainWindow = window;
  windowLoaded = window.loadFile(page.indexHtml).then(() => window);
  windowLoaded.catch((e: unknown) => console.error('Parley: the window did not load:', e));
  return windowLoaded;
}

/** Send a menu command to the renderer, checked against the contract like everything that crosses. */
async function send(command: MenuCommand): Promise<void> {
  try {
    const window = await openWindow();
    window.webContents.send(MENU_CHANNEL, MenuCommandSchema.parse(command));
  } catch (e) {
    console.error('Parley: could not send a menu command:', e);
  }
}

/** The platform's Open dialog, offering transcripts first; the chosen path, or null. */
async function chooseTranscript(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Open a Transcript',
    properties: ['openFile'],
    filters: [
      { name: 'Transcripts', extensions: TRANSCRIPT_EXTENSIONS.map((ext) => ext.slice(1)) },
      { name: 'All Files', extensions: ['*'] },
    ],
  };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function chooseFolder(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Open a Folder of Transcripts', properties: ['openDirectory'] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function showProblem(message: string, detail: string): Promise<void> {
  const options: Electron.MessageBoxOptions = { type: 'warning', message, detail };
  if (mainWindow) await dialog.showMessageBox(mainWindow, options);
  else await dialog.showMessageBox(options);
}
