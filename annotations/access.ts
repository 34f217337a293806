/**
 * File access limited to what the user opened. The backend reads only files the user chose (in a
 * dialog, by upload, from the recent list, on the command line) or transcripts inside the folders
 * the user chose to serve, and beside each of them only Parley's own companions (its sidecar, the
 * sidecar's backup, the folder's codebook). The renderer names files by opaque ids, and a path it
 * sends is checked here after symlinks and `..` have been resolved, so neither can lead outside.
 *
 * Inside a served folder only what listFiles would offer may be opened: files with a transcript
 * extension, not hidden and not below a hidden folder. Serving a folder such as the home folder must
 * not make `.ssh/id_rsa` or `.env` readable to a page that asks by path. A companion that is a
 * symbolic link (or a FIFO or device) makes its transcript refused: reading the "sidecar" would read
 * wherever the link points, outside everything the user opened. SECURITY.md has the whole model.
 */
import { randomBytes } from 'node:crypto';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileChoice } from '../shared/api.js';
import { ParleyError } from '../shared/errors.js';
import { SIDECAR_SUFFIX, sidecarNameFor } from '../shared/sidecar.js';
import { CODEBOOK_FILE_NAME } from './codebook-file.js';
import { errno } from './node-errors.js';
import { backupPathFor } from './sidecar-file.js';

/** The extensions listFiles offers: the formats people keep transcripts in. */
export const TRANSCRIPT_EXTENSIONS: readonly string[] = ['.txt', '.text', '.md', '.vtt', '.srt', '.docx'];

/** How deep below a root listFiles looks, and how many entries it reads at most, so a root like `~` stays fast. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 20_000;

/** Folders never worth descending into. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__']);

const denied = (what: string): ParleyError =>
  new ParleyError(
    'access-denied',
    `Parley may only open files you chose and transcripts (${TRANSCRIPT_EXTENSIONS.join(', ')}, not hidden) inside ` +
      `the folders it serves; ${what} is not one of them.`,
  );

/**
 * The set of files the backend may open: single files the user picked, and root folders whose whole
 * tree is open to it. Paths held here are real paths (symlinks resolved).
 */
export class AccessPolicy {
  readonly #roots: string[] = [];
  readonly #files = new Set<string>();
  readonly #idToPath = new Map<string, string>();
  readonly #pathToId = new Map<string, string>();

  /**
   * Build a policy from paths the user gave (the browser host's command line): a folder serves its
   * tree, a file serves itself. Throws ParleyError 'not-found' for a path that does not exist.
   */
  static async create(options: { roots?: readonly string[]; files?: readonly string[] } = {}): Promise<AccessPolicy> {
    const policy = new AccessPolicy();
    for (const root of options.roots ?? []) await policy.addRoot(root);
    for (const file of options.files ?? []) await policy.allowFile(file);
    return policy;
  }

  /** Serve a folder's tree, or, when `path` is a file, that one file. Returns its real path. */
  async addRoot(path: string): Promise<string> {
    const real = await realOrNotFound(resolve(path));
    if ((await stat(real)).isDirectory()) {
      if (!this.#roots.some((r) => samePath(r, real))) this.#roots.push(real);
    } else {
      this.#files.add(real);
    }
    return real;
  }

  /**
   * Allow one file the user chose (a dialog, an upload, the recent list). Returns its real path.
   * Throws 'access-denied' when a companion beside it is a link or not a regular file.
   */
  async allowFile(path: string): Promise<string> {
    const real = await realOrNotFound(resolve(path));
    await checkCompanions(real);
    this.#files.add(real);
    return real;
  }

  /** The served root folders (real paths). */
  get roots(): readonly string[] {
    return this.#roots;
  }

  /** An opaque id for a path, the same for the same path for the life of the policy. */
  fileIdFor(path: string): string {
    let id = this.#pathToId.get(path);
    if (!id) {
      id = randomBytes(12).toString('base64url');
      this.#pathToId.set(path, id);
      this.#idToPath.set(id, path);
    }
    return id;
  }

  /**
   * The path behind an id from fileIdFor. Throws 'access-denied' for an id this policy never gave.
   * Callers still pass the path through checkPath: a symlink may have been swapped in since.
   */
  resolve(fileId: string): string {
    const path = this.#idToPath.get(fileId);
    if (path === undefined) {
      throw new ParleyError(
        'access-denied',
        'That file is not one Parley offered in this session; choose it again from the list or the Open dialog.',
      );
    }
    return path;
  }

  /**
   * True when a real (symlink-free, absolute) path is an allowed file, or a transcript inside a root
   * that listFiles could offer: a transcript extension, and no hidden file or folder below the root.
   */
  allows(realPath: string): boolean {
    for (const f of this.#files) if (samePath(f, realPath)) return true;
    return this.#roots.some((root) => isInside(root, realPath) && isServedName(relative(root, realPath)));
  }

  /**
   * Check a path the user typed (or the renderer sent) and return its real path. `..` and symlinks
   * are resolved before the check. A path outside the allowed set is refused with 'access-denied'
   * whether or not it exists, so the check does not reveal which files exist elsewhere. A relative
   * path is taken from the first served folder (the one the user sees), else the working folder.
   */
  async checkPath(userTypedPath: string): Promise<string> {
    if (userTypedPath.includes('\0')) throw denied('that path');
    const absolute = resolve(this.#roots[0] ?? process.cwd(), userTypedPath);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch (e) {
      // Judge a missing file by where it would really be, so a symlinked folder cannot vouch for it.
      if (!this.allows(await realParent(absolute))) throw denied(`"${userTypedPath}"`);
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') {
        throw new ParleyError('not-found', `No file at ${absolute}; check the path.`);
      }
      throw new ParleyError('access-denied', `Parley cannot read ${absolute} (${errno(e) ?? 'unknown error'}).`);
    }
    if (!this.allows(real)) throw denied(`"${userTypedPath}"`);
    await checkCompanions(real);
    return real;
  }

  /**
   * The files to offer: every allowed single file, and the transcript-looking files inside the roots
   * (at most a few folders deep; hidden folders and sidecars are skipped), sorted by path.
   */
  async listFiles(): Promise<FileChoice[]> {
    const found = new Map<string, boolean>();
    for (const file of this.#files) {
      found.set(file, await exists(join(dirname(file), sidecarNameFor(basename(file)))));
    }
    const budget = { entries: MAX_ENTRIES };
    for (const root of this.#roots) await this.#walk(root, 0, found, budget);
    return [...found.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, hasSidecar]) => ({
        id: this.fileIdFor(path),
        name: basename(path),
        location: dirname(path),
        hasSidecar,
      }));
  }

  async #walk(dir: string, depth: number, found: Map<string, boolean>, budget: { entries: number }): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // An unreadable folder is simply not listed.
    }
    budget.entries -= entries.length;
    if (budget.entries < 0) return;
    const names = new Set(entries.map((e) => e.name));
    const folders: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) folders.push(path);
      } else if (isTranscriptName(entry.name)) {
        // A symlinked file is offered only when it points inside what is allowed; symlinked folders
        // are not followed (they can loop, and can lead out of the root).
        if (entry.isSymbolicLink()) {
          const real = await realpath(path).catch(() => null);
          if (!real || !this.allows(real) || !(await isFile(real))) continue;
        } else if (!entry.isFile()) {
          continue;
        }
        found.set(path, names.has(sidecarNameFor(entry.name)));
      }
    }
    if (depth >= MAX_DEPTH) return;
    for (const folder of folders) await this.#walk(folder, depth + 1, found, budget);
  }
}

/** True for the names listFiles offers: transcript extensions, never Parley's own files. */
export function isTranscriptName(name: string): boolean {
  if (name.endsWith(SIDECAR_SUFFIX) || name.endsWith('.bak.json')) return false;
  return TRANSCRIPT_EXTENSIONS.includes(extname(name).toLowerCase());
}

/**
 * True for a path below a served root (relative to it) that listFiles could offer: not the root
 * itself, no segment hidden (a leading dot), and a transcript's name.
 */
function isServedName(relativePath: string): boolean {
  const segments = relativePath.split(/[/\\]/);
  const name = segments.at(-1) ?? '';
  return relativePath !== '' && segments.every((s) => s !== '' && !s.startsWith('.')) && isTranscriptName(name);
}

/**
 * The files Parley reads and writes beside a transcript: its sidecar, the sidecar's backup, and the
 * folder's codebook. Each may be missing, a regular file, or a folder (which the readers report as
 * invalid); a symbolic link would take reads and the backup's copy outside what the user opened, and
 * a FIFO or device would hang or feed the reader, so either refuses the transcript.
 */
export function companionsOf(realPath: string): string[] {
  const dir = dirname(realPath);
  const sidecar = join(dir, sidecarNameFor(basename(realPath)));
  return [sidecar, backupPathFor(sidecar), join(dir, CODEBOOK_FILE_NAME)];
}

async function checkCompanions(realPath: string): Promise<void> {
  for (const companion of companionsOf(realPath)) {
    let info;
    try {
      info = await lstat(companion);
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') continue;
      throw new ParleyError('access-denied', `Parley cannot check "${basename(companion)}" beside "${basename(realPath)}" (${errno(e) ?? 'unknown error'}).`);
    }
    if (info.isFile() || info.isDirectory()) continue;
    const what = info.isSymbolicLink() ? 'a link to another file' : 'not a regular file';
    throw new ParleyError(
      'access-denied',
      `"${basename(companion)}" beside "${basename(realPath)}" is ${what}. Parley keeps annotations only in real files ` +
        'beside the transcript, so it will not open the transcript while that is there; remove it, or replace it with the file itself.',
    );
  }
}

/** True when `path` is `root` or lies below it (both absolute and real). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '') return true;
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + sep);
}

function samePath(a: string, b: string): boolean {
  // Windows paths are case-insensitive; elsewhere realpath has already given the one spelling.
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

async function realOrNotFound(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') {
      throw new ParleyError('not-found', `No file or folder at ${path}; check the path.`);
    }
    throw e;
  }
}

/** The real path a missing file would have: its nearest existing ancestor resolved, the rest appended. */
async function realParent(path: string): Promise<string> {
  const parent = dirname(path);
  if (parent === path) return path;
  try {
    return join(await realpath(parent), basename(path));
  } catch {
    return join(await realParent(parent), basename(path));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
