/**
 * What the user reads when a sidecar cannot be read or written: what happened, whether anything on
 * disk was lost (never), and what to do. Kept apart from the code that reads and writes, so the
 * sentences can be read and changed together.
 */
import { basename, dirname } from 'node:path';
import { ParleyError, sizeText } from '../shared/errors.js';
import { AtomicWriteError, TooLargeToRead } from './atomic-file.js';
import { errno, messageOf } from './node-errors.js';

const LEAVE_IT =
  'Parley left it untouched; fix or move it to open the transcript with its annotations.';

/** The sidecar `name` is not one this Parley can read; `problem` says why ("is not UTF-8 text"). */
export function sidecarInvalid(name: string, problem: string): ParleyError {
  return new ParleyError('sidecar-invalid', `"${name}" ${problem}. ${LEAVE_IT}`);
}

/** Reading the sidecar `name` failed (other than its not being there); `maxBytes` is the reader's limit. */
export function readFailure(e: unknown, name: string, maxBytes: number): ParleyError {
  if (errno(e) === 'EISDIR') return sidecarInvalid(name, 'is a folder, not a file');
  if (e instanceof TooLargeToRead) {
    return sidecarInvalid(name, `is ${sizeText(e.size)}, more than the ${sizeText(maxBytes)} Parley reads from an annotations file`);
  }
  return new ParleyError('io', `Could not read "${name}" (${messageOf(e)}).`);
}

/** A save of `name` refused before anything was written: the data does not fit the format. */
export function refusedToSave(name: string, problem: string): ParleyError {
  return new ParleyError('bad-request', `Parley refused to save "${name}": ${problem}.`);
}

/**
 * What the user reads when a save fails: what happened, that nothing on disk was lost, and what to
 * do. Every failure before the rename left the sidecar and its .bak exactly as they were.
 */
export function saveFailure(e: unknown, path: string): ParleyError {
  if (e instanceof ParleyError) return e;
  const name = basename(path);
  const dir = dirname(path);
  const code = errno(e);
  const detail = code ? `${code}: ${messageOf(e)}` : messageOf(e);
  const kept = `your edits are still open in Parley, and "${name}" on disk still holds your last save`;
  if (e instanceof AtomicWriteError && e.step === 'folder-sync') {
    return new ParleyError(
      'io',
      `Parley wrote "${name}", but the system could not confirm that it is safely on disk (${detail}). ` +
        'Save again; if this keeps happening, check the disk.',
    );
  }
  const attempts = e instanceof AtomicWriteError ? e.attempts : 1;
  const retried = e instanceof AtomicWriteError && (e.step === 'rename' || e.step === 'backup') && attempts > 1;
  switch (code) {
    case 'ENOSPC':
      return new ParleyError(
        'io',
        `The disk is full: Parley could not save "${name}". Free some space on the disk that holds ${dir} and save again, or use Save a copy… to save it elsewhere; ${kept}.`,
      );
    case 'EDQUOT':
      return new ParleyError(
        'io',
        `Your disk quota is used up: Parley could not save "${name}". Free some space (or ask for a larger quota) and save again, or use Save a copy… to save it elsewhere; ${kept}.`,
      );
    case 'EROFS':
      return new ParleyError(
        'io',
        `The disk that holds ${dir} is read-only: Parley could not save "${name}". Use Save a copy… to save it elsewhere, or make the disk writable and save again; ${kept}.`,
      );
    case 'EBUSY':
      return new ParleyError(
        'io',
        `Another program (often a sync client or a virus scanner) is holding "${name}" or its folder, so Parley could not replace it (tried ${attempts} times). Wait a moment, then save again; ${kept}.`,
      );
    case 'EACCES':
    case 'EPERM':
      return new ParleyError(
        'io',
        retried
          ? `Parley was not allowed to replace "${name}" (tried ${attempts} times): another program (a sync client or a virus scanner) may be holding it, or you may lack permission to change files in ${dir}. Wait a moment and save again, or check the folder's permissions; ${kept}.`
          : `Permission denied: Parley may not write in ${dir}, so it could not save "${name}". Use Save a copy… to save it elsewhere, or get write permission on that folder and save again; ${kept}.`,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new ParleyError(
        'io',
        `Parley could not save "${name}": the folder ${dir} is not there any more (moved, renamed or unplugged?). Put it back, then save again; your edits are still open in Parley.`,
      );
    default:
      return new ParleyError('io', `Could not save "${name}" (${detail}); the previous version is unchanged.`);
  }
}
