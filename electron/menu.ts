/**
 * The application menu, as a template built from plain inputs so it can be read (and rebuilt when
 * the recent list changes) without touching the window.
 *
 * Menu items never act on the document themselves: they send `MenuCommand`s to the renderer, which
 * owns the document. Undo and redo in particular go to the editor's own history (ProseMirror's),
 * not to Chromium's native undo, which knows nothing of speaker changes or annotations.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api.js';
import { accelerator, commandSpec, type CommandId } from '../shared/commands.js';

/** The accelerator of a command of the table (shared/commands.ts), where the menu shows its first key. */
function keyOf(id: CommandId, which = 0): string | undefined {
  const key = commandSpec(id).keys[which];
  return key ? accelerator(key) : undefined;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** A packaged app offers no reload (it would drop unsaved work) and no developer tools. */
  isPackaged: boolean;
  /** Recent files, most recent first. */
  recent: readonly string[];
  /** Send a command to the renderer. */
  send(command: MenuCommand): void;
  /** File > Open...: the dialog, then the renderer is told which file to open. */
  open(): void;
  /** File > Open Recent > one file. */
  openRecent(path: string): void;
  /** File > Open Recent > Clear Recently Opened. */
  clearRecent(): void;
}

/** The whole menu bar. */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    fileMenu(options, isMac),
    editMenu(options),
    viewMenu(options),
    ...(isMac ? [{ role: 'windowMenu' } as const] : []),
  ];
}

function fileMenu(options: MenuOptions, isMac: boolean): MenuItemConstructorOptions {
  return {
    label: '&File',
    submenu: [
      { label: '&Open...', accelerator: 'CmdOrCtrl+O', click: () => options.open() },
      { label: 'Open &Recent', submenu: recentMenu(options) },
      { type: 'separator' },
      { label: '&Save', accelerator: keyOf('save'), click: () => options.send({ type: 'save' }) },
      { label: '&Export…', accelerator: keyOf('export'), click: () => options.send({ type: 'export' }) },
      // Closes the document, not the window: the window is where the next one opens.
      { label: '&Close', accelerator: 'CmdOrCtrl+W', click: () => options.send({ type: 'close' }) },
      // On macOS Quit lives in the application menu.
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
}

function recentMenu(options: MenuOptions): MenuItemConstructorOptions[] {
  const files: MenuItemConstructorOptions[] = options.recent.map((path) => ({
    // On Windows and Linux '&' marks an access key; a path's own '&' must be doubled to show.
    label: path.replaceAll('&', '&&'),
    click: () => options.openRecent(path),
  }));
  return [
    ...(files.length > 0 ? files : [{ label: 'No Recent Files', enabled: false }]),
    { type: 'separator' },
    { label: 'Clear Recently Opened', enabled: files.length > 0, click: () => options.clearRecent() },
  ];
}

function editMenu(options: MenuOptions): MenuItemConstructorOptions {
  return {
    label: '&Edit',
    submenu: [
      // The accelerators are shown but not registered: the key press then reaches the page, where
      // the editor's keymap undoes (or a text field undoes natively). Clicking the item sends the
      // command, and the renderer applies it to the editor.
      {
        label: '&Undo',
        accelerator: keyOf('undo'),
        registerAccelerator: false,
        click: () => options.send({ type: 'undo' }),
      },
      {
        label: '&Redo',
        // Windows users know Ctrl+Y; both keys work everywhere.
        accelerator: options.platform === 'win32' ? keyOf('redo', 1) : keyOf('redo'),
        registerAccelerator: false,
        click: () => options.send({ type: 'redo' }),
      },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
}

function viewMenu(options: MenuOptions): MenuItemConstructorOptions {
  const development: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return {
    label: '&View',
    submenu: [
      ...development,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
}
