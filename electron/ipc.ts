/**
 * The Electron transport of the API contract: one `ipcMain.handle('parley:<method>')` per method.
 *
 * Each handler does two things only. It refuses any caller but our page's top frame, and it passes
 * the arguments, untouched and untrusted, to the service's `dispatch`, which validates them and the
 * result against the contract. Failures come back as `{ error: { code, message } }` values: a
 * rejection thrown across IPC reaches the renderer as "Error invoking remote method ...: Error: ...",
 * which is not a sentence to show a user, and loses the code.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { apiChannel } from '../shared/api-methods.js';
import { API_METHODS, type ApiError } from '../shared/api.js';
import { isParleyError } from '../shared/errors.js';

export interface IpcOptions {
  /** The service's entry point for untrusted calls (annotations/api-service.ts). */
  dispatch(method: string, rawArgs: unknown): Promise<unknown>;
  /** True when the call comes from our renderer's top frame. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

/** Register the handlers; returns the function that removes them again. */
export function registerIpc({ dispatch, isTrustedSender }: IpcOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(apiChannel(method), async (event, rawArgs: unknown) => {
      if (!isTrustedSender(event)) {
        console.warn(`Parley: refused ${method} from ${event.senderFrame?.url ?? 'a frame that is gone'}.`);
        return apiError('access-denied', "Only Parley's own window may use its files.");
      }
      try {
        return await dispatch(method, rawArgs);
      } catch (e) {
        return toApiError(method, e);
      }
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(apiChannel(method));
  };
}

function apiError(code: string, message: string): ApiError {
  return { error: { code, message } };
}

/**
 * ParleyErrors carry a sentence meant for the user and cross as they are. Anything else is a bug in
 * Parley: its details go to the log, not to the page, and the user gets a sentence that says so.
 */
function toApiError(method: string, e: unknown): ApiError {
  if (isParleyError(e)) return apiError(e.code, e.message);
  console.error(`Parley: ${method} failed:`, e);
  return apiError('internal', `Parley could not complete ${method} because of an internal error; the details are in its log.`);
}
