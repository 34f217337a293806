/**
 * The preload: the only code that sees both the page and Electron. It exposes `window.parley`, one
 * named method per operation of the API contract and a menu subscription, and nothing else: no
 * `ipcRenderer`, no channel chosen by the page, no IPC event object. Main checks the sender and
 * validates every argument, so this file stays a thin, fixed list of calls.
 *
 * It runs sandboxed, which means Electron loads it as one CommonJS file that may require only
 * 'electron'. So it imports types from shared/api.ts (erased) and values only from the zod-free
 * shared/api-methods.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiArgs, ApiMethod, BridgeApi, BridgeResult, MenuCommand } from '../shared/api.js';
import { apiChannel, MENU_CHANNEL, MENU_COMMAND_TYPES } from '../shared/api-methods.js';

function invoke<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<BridgeResult<M>> {
  // Main validates the result against the contract before answering, and the renderer parses it
  // again; this cast only names what main promises.
  return ipcRenderer.invoke(apiChannel(method), args) as Promise<BridgeResult<M>>;
}

const menuTypes: readonly string[] = MENU_COMMAND_TYPES;

/** A cheap shape check; the renderer parses the command with MenuCommandSchema before acting. */
function looksLikeMenuCommand(value: unknown): value is MenuCommand {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    menuTypes.includes((value as { type: string }).type)
  );
}

const api = {
  listFiles: (args) => invoke('listFiles', args),
  openFile: (args) => invoke('openFile', args),
  preview: (args) => invoke('preview', args),
  importFile: (args) => invoke('importFile', args),
  openFolderDialog: (args) => invoke('openFolderDialog', args),
  openDialog: (args) => invoke('openDialog', args),
  openPath: (args) => invoke('openPath', args),
  upload: (args) => invoke('upload', args),
  save: (args) => invoke('save', args),
  annotations: (args) => invoke('annotations', args),
  status: (args) => invoke('status', args),
  release: (args) => invoke('release', args),
  takeOver: (args) => invoke('takeOver', args),
  saveDraft: (args) => invoke('saveDraft', args),
  restoreDraft: (args) => invoke('restoreDraft', args),
  discardDraft: (args) => invoke('discardDraft', args),
  restoreBackup: (args) => invoke('restoreBackup', args),
  sidecarCopy: (args) => invoke('sidecarCopy', args),
  reimport: (args) => invoke('reimport', args),
  close: (args) => invoke('close', args),
  exportFormats: (args) => invoke('exportFormats', args),
  exportDocument: (args) => invoke('exportDocument', args),
  exportFile: (args) => invoke('exportFile', args),
  onMenuCommand(listener) {
    // The page gets the command only: the IPC event would hand it `sender`, a way back into IPC.
    const relay = (_event: Electron.IpcRendererEvent, payload: unknown): void => {
      if (looksLikeMenuCommand(payload)) listener(payload);
    };
    ipcRenderer.on(MENU_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, relay);
    };
  },
} satisfies BridgeApi;

contextBridge.exposeInMainWorld('parley', api);
