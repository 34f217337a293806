/** Small helpers for the errors Node's fs and net APIs throw (objects with a string `code`). */

/** The errno code of a Node error, such as "ENOENT", or undefined for anything else. */
export function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Kept here for the backend's many importers; it lives in shared/ for every process. */
export { messageOf } from '../shared/errors.js';
