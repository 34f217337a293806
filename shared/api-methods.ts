/**
 * The names of the API's methods and the IPC channels they travel on, as plain values.
 *
 * Why a second file beside api.ts: the Electron preload runs in a sandbox that loads one bundled
 * CommonJS file, and anything it imports is bundled into it. api.ts pulls in zod and every schema;
 * this file pulls in nothing, so the preload can name its channels without shipping a validator it
 * does not use (main validates every argument and result). api.ts checks at compile time that this
 * list and its `apiSchema` name the same methods, so the two cannot drift apart.
 */

/** Every operation of the API contract, in the order of `apiSchema`. */
export const API_METHOD_NAMES = [
  'listFiles',
  'openFile',
  'preview',
  'importFile',
  'openFolderDialog',
  'openDialog',
  'openPath',
  'upload',
  'save',
  'annotations',
  'status',
  'release',
  'takeOver',
  'saveDraft',
  'restoreDraft',
  'discardDraft',
  'restoreBackup',
  'sidecarCopy',
  'reimport',
  'close',
  'exportFormats',
  'exportDocument',
  'exportFile',
] as const;

export type ApiMethodName = (typeof API_METHOD_NAMES)[number];

/** The IPC channel of one API method. Main and preload both derive it here, never by hand. */
export function apiChannel<M extends ApiMethodName>(method: M): `parley:${M}` {
  return `parley:${method}`;
}

/** The channel on which the desktop shell's menu sends `MenuCommand`s to the renderer. */
export const MENU_CHANNEL = 'parley:menu';

/** The `type` of every menu command; api.ts checks it against `MenuCommandSchema`. */
export const MENU_COMMAND_TYPES = ['open', 'open-file', 'save', 'export', 'close', 'undo', 'redo'] as const;
