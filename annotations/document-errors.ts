/**
 * What the user reads when the document service refuses something: a save that would overwrite
 * someone else's change or a read-only file, a document another window holds, a folder that went
 * away. Each sentence says what happened, that nothing on disk was lost, and what to do. Kept apart
 * from the rules that raise them, so the sentences can be read and changed together.
 */
import { basename } from 'node:path';
import type { Problem } from '../shared/api.js';
import { ParleyError } from '../shared/errors.js';
import { messageOf } from './node-errors.js';

/** The file at `sourcePath` is open for editing in another window that is still there. */
export function openElsewhere(sourcePath: string): Problem {
  return {
    kind: 'open-elsewhere',
    message:
      `"${basename(sourcePath)}" is already open for editing in another Parley window, so it is open here read-only ` +
      '(two windows saving one file would overwrite each other). Close it there, then open it again here to edit, ' +
      'or choose Edit here instead (that window then turns read-only); if that window crashed, the file is free ' +
      'again within three minutes anyway.',
  };
}

/** "Edit here instead" for a document read-only because of what is on disk, not another window. */
export function cannotTakeOver(sourcePath: string): ParleyError {
  return new ParleyError(
    'read-only',
    `"${basename(sourcePath)}" is open read-only because of what is on disk (see the message above), not because ` +
      'another window is editing it, so Parley cannot make it editable here.',
  );
}

/** A save or a draft of a read-only document; `takenOver` when another window chose Edit here instead. */
export function readOnlyError(sourcePath: string, takenOver: boolean): ParleyError {
  if (takenOver) {
    return new ParleyError(
      'read-only',
      `"${basename(sourcePath)}" is now being edited in another Parley window (Edit here instead was chosen there), ` +
        'so Parley did not save this window\'s changes over it; Save a copy… keeps them in a file of your own.',
    );
  }
  return new ParleyError(
    'read-only',
    `"${basename(sourcePath)}" is open read-only, so Parley did not save it; its annotations file stays as it was.`,
  );
}

/** A save whose sidecar's folder is gone (a drive unplugged, a share lost). */
export function folderGone(sidecarPath: string): ParleyError {
  return new ParleyError(
    'io',
    `Could not save "${basename(sidecarPath)}": its folder is no longer there (moved, unmounted or deleted). ` +
      'Put the folder back and try again, or save a copy elsewhere.',
  );
}

/** A save refused because the sidecar is not what this document last read or wrote. */
export function changedOnDisk(sidecarPath: string): ParleyError {
  return new ParleyError(
    'conflict',
    `"${basename(sidecarPath)}" was changed on disk by someone else (another window, a colleague, git or a sync ` +
      'client) since Parley last read or wrote it, so Parley did not save over it. Reload it to see those changes, ' +
      'or keep yours to replace them.',
  );
}

/** A save refused because the copy of the sidecar it had to make first failed (`e`). */
export function backupFailed(sidecarPath: string, e: unknown): ParleyError {
  return new ParleyError(
    'io',
    `Parley did not save "${basename(sidecarPath)}": it could not first keep the previous version as a backup (${messageOf(e)}).`,
  );
}

/** An id of a document that is not open (any more). */
export function notOpen(): ParleyError {
  return new ParleyError('not-found', 'That document is not open any more; open the file again.');
}
