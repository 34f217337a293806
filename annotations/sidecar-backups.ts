/**
 * The copies Parley keeps of a sidecar rather than lose it: time-stamped backups
 * (`<name>.annotations.<time>.bak.json`) made before a re-import or before the first save over work
 * re-anchored onto a changed source, the `.bak` the atomic save keeps, and the `.corrupt` name an
 * unreadable sidecar is given when its `.bak` is restored. Nothing here deletes a file.
 */
import { constants, copyFile, lstat, readFile, rename } from 'node:fs/promises';
import { basename } from 'node:path';
import { ParleyError, isParleyError } from '../shared/errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { errno } from './node-errors.js';
import { SidecarFile, backupPathFor } from './sidecar-file.js';

/**
 * Rename (or copy) a sidecar to a backup name that does not exist yet; a missing sidecar needs no
 * backup. Returns the backup's path.
 */
export async function backupSidecar(sidecarPath: string, now: Date, how: 'rename' | 'copy' = 'rename'): Promise<string | null> {
  if (!(await exists(sidecarPath))) return null;
  // ISO time without ':' and '.', which Windows does not allow in file names.
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const base = sidecarPath.slice(0, -'.json'.length);
  for (let n = 1; ; n++) {
    const candidate = `${base}.${stamp}${n > 1 ? `-${n}` : ''}.bak.json`;
    if (await exists(candidate)) continue;
    if (how === 'rename') {
      await rename(sidecarPath, candidate);
    } else {
      try {
        // EXCL: another backup made the same name in the meantime; try the next one.
        await copyFile(sidecarPath, candidate, constants.COPYFILE_EXCL);
      } catch (e) {
        if (errno(e) === 'EEXIST') continue;
        throw e;
      }
    }
    return candidate;
  }
}

/**
 * Put the `.bak` of an unreadable sidecar in its place: the unreadable file is kept as
 * `<sidecar>.<time>.corrupt` (never deleted). Refused when the sidecar can be read, or when there is
 * no readable `.bak`.
 */
export async function restoreSidecarBackup(path: string, now: Date): Promise<void> {
  try {
    await new SidecarFile(path).read();
    throw new ParleyError('bad-request', `"${basename(path)}" can be read, so there is nothing to restore.`);
  } catch (e) {
    if (!isParleyError(e) || e.code !== 'sidecar-invalid') throw e;
  }
  const backupPath = backupPathFor(path);
  const backup = await readBackup(backupPath);
  if (!backup) {
    throw new ParleyError('not-found', `There is no readable backup ("${basename(backupPath)}") of "${basename(path)}" to restore.`);
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  await rename(path, `${path}.${stamp}.corrupt`);
  await writeFileAtomic(path, backup.text);
}

/** A `<sidecar>.bak` that is a valid sidecar: its text and when it was saved; else null. */
export async function readBackup(path: string): Promise<{ text: string; savedAt: string } | null> {
  try {
    const sidecar = await new SidecarFile(path).read();
    return sidecar ? { text: await readFile(path, 'utf8'), savedAt: sidecar.savedAt } : null;
  } catch {
    return null;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if (errno(e) === 'ENOENT') return false;
    throw e;
  }
}
