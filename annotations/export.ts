/**
 * Exporting files on disk: find the transcripts in the paths given (files, and folders walked for
 * transcript files), read each as Parley sees it (its sidecar when valid, else a fresh import), run the
 * pure exporter (shared/export) and write what it made. Used by `parley export`; the app's Export
 * dialog can use `exportOne` for a single file.
 *
 * Writing rules: an output is written to a temporary name and renamed into place, so a reader never
 * sees half a file; a source file being exported, and any sidecar, is never written over; two sources
 * whose exports would land on the same path are refused rather than one silently replacing the other.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Speaker } from '../shared/model.js';
import type { Topic } from '../shared/annotation.js';
import { ParleyError } from '../shared/errors.js';
import { exportFormat, type ExportOptions, type ExportResult } from '../shared/export/index.js';
import { SIDECAR_SUFFIX } from '../shared/sidecar.js';
import { isTranscriptName } from './access.js';
import { DocumentService } from './document-service.js';
import { errno, messageOf } from './node-errors.js';
import { readSourceText } from './source-file.js';

/** Folders a walk never enters. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__']);

/** One transcript to export, and where below the output folder its files go. */
export interface FoundTranscript {
  /** Absolute path of the source file. */
  path: string;
  /** The folder below the output folder ('' for the output folder itself). */
  subfolder: string;
}

/**
 * The transcripts named by `paths` (resolved against `cwd`): a file stands for itself, whatever its
 * extension; a folder stands for every transcript file below it (annotations/access.ts
 * `isTranscriptName`), in name order, subfolders kept as subfolders of the output. Hidden folders and
 * symlinked folders are not entered (a link can loop). A path that does not exist is an error.
 */
export async function findTranscripts(paths: readonly string[], cwd: string): Promise<FoundTranscript[]> {
  const found: FoundTranscript[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') throw new ParleyError('not-found', `No file or folder at ${path}; check the path.`);
      throw new ParleyError('io', `Could not read ${path} (${messageOf(e)}).`);
    }
    if (info.isDirectory()) await walk(path, path, found);
    else found.push({ path, subfolder: '' });
  }
  return found;
}

async function walk(root: string, dir: string, found: FoundTranscript[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new ParleyError('io', `Could not list the folder ${dir} (${messageOf(e)}).`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const folders: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) folders.push(path);
    } else if (isTranscriptName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) {
      found.push({ path, subfolder: relative(root, dir) });
    }
  }
  for (const folder of folders) await walk(root, folder, found);
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** What the user chose: a format and what to include. Topics and speakers may be ids or labels/names. */
export interface ExportRequest {
  format: string;
  kinds?: ExportOptions['kinds'];
  /** Topic ids or labels (matched without regard to case). */
  topics?: readonly string[];
  /** Speaker ids or names (matched without regard to case). */
  speakers?: readonly string[];
  text?: ExportOptions['text'];
  bom?: boolean;
}

/** What exporting one file did. */
export interface ExportOutcome {
  source: string;
  /** Absolute paths of the files written. */
  written: string[];
  warnings: string[];
}

/**
 * Export one transcript file into `outDir` (created when missing). Never writes over `protect`ed paths
 * (the sources of this run) or a sidecar. Throws ParleyError with a sentence for the user.
 */
export async function exportOne(
  source: string,
  request: ExportRequest,
  outDir: string,
  protect: ReadonlySet<string> = new Set(),
): Promise<ExportOutcome> {
  const format = exportFormat(request.format);
  // open() only reads: the source and its sidecar are left exactly as they are.
  const opened = await new DocumentService().open(source);
  if (opened.problem?.kind === 'sidecar-invalid') {
    throw new ParleyError('sidecar-invalid', `"${basename(source)}" was not exported: ${opened.problem.message}`);
  }
  const warnings: string[] = opened.problem ? [opened.problem.message] : [];
  const body = opened.body;
  const options: ExportOptions = {};
  if (request.kinds) options.kinds = request.kinds;
  if (request.text) options.text = request.text;
  if (request.bom) options.bom = true;
  if (request.topics) options.topics = resolveNames(request.topics, body.codebook?.topics ?? [], (t: Topic) => t.label, 'topic', warnings);
  if (request.speakers) options.speakers = resolveNames(request.speakers, body.speakers, (s: Speaker) => s.name, 'speaker', warnings);

  let sourceText: string | undefined;
  if (request.text === 'source') sourceText = (await readSourceText(source)).text;
  const url = [body.metadata.url, body.metadata.source].find((u) => u !== undefined && /^https?:\/\//i.test(u.trim()))?.trim();

  const result: ExportResult = await format.run(
    { fileName: basename(source), body, ...(sourceText !== undefined ? { sourceText } : {}), ...(url ? { url } : {}) },
    options,
  );
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of result.files) {
    const target = join(outDir, file.name);
    await refuseOverwrite(target, protect);
    await writeAtomically(target, file.data);
    written.push(target);
  }
  return { source, written, warnings: [...warnings, ...result.warnings] };
}

/** Ids for the given ids or names; a name that matches nothing is reported, not fatal. */
function resolveNames<T extends { id: string }>(
  given: readonly string[],
  items: readonly T[],
  nameOf: (item: T) => string,
  what: string,
  warnings: string[],
): string[] {
  const ids: string[] = [];
  for (const g of given) {
    const want = g.trim().toLowerCase();
    const match = items.filter((i) => i.id.toLowerCase() === want || nameOf(i).trim().toLowerCase() === want);
    if (!match.length) warnings.push(`There is no ${what} "${g}" in this transcript.`);
    ids.push(...match.map((m) => m.id));
  }
  return ids;
}

async function refuseOverwrite(target: string, protect: ReadonlySet<string>): Promise<void> {
  const real = await realpath(target).catch(() => target);
  if (protect.has(real) || protect.has(target) || basename(target).endsWith(SIDECAR_SUFFIX)) {
    throw new ParleyError('bad-request', `Exporting would write over ${target}, a transcript or annotations file; choose another --out folder.`);
  }
  const info = await lstat(target).catch(() => null);
  if (info?.isDirectory()) throw new ParleyError('io', `Exporting would write over the folder ${target}; choose another --out folder.`);
}

/** Write to a temporary name beside the target, then rename: the target is never half-written. */
async function writeAtomically(target: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw new ParleyError('io', `Could not write ${target} (${messageOf(e)}).`);
  }
}

/** Progress of a batch: called after each file, done counting it. */
export interface BatchProgress {
  done: number;
  total: number;
  source: string;
  outcome: ExportOutcome | null;
  /** The sentence saying why this file failed, or null. */
  error: string | null;
}

/** What a batch did. */
export interface BatchSummary {
  total: number;
  succeeded: ExportOutcome[];
  failed: { source: string; error: string }[];
}

/**
 * Export every transcript found in `paths` into `outDir` (subfolders of folder arguments kept). A file
 * that fails is reported through `onProgress` and the rest go on.
 */
export async function exportBatch(
  transcripts: readonly FoundTranscript[],
  request: ExportRequest,
  outDir: string,
  onProgress: (p: BatchProgress) => void = () => {},
): Promise<BatchSummary> {
  // Checked once, before anything is written: an unknown format fails the whole batch, not each file.
  exportFormat(request.format);
  const protect = new Set<string>();
  for (const t of transcripts) {
    protect.add(t.path);
    protect.add(await realpath(t.path).catch(() => t.path));
  }
  const claimed = new Map<string, string>();
  const summary: BatchSummary = { total: transcripts.length, succeeded: [], failed: [] };
  for (const [i, t] of transcripts.entries()) {
    let outcome: ExportOutcome | null = null;
    let error: string | null = null;
    try {
      const dir = join(outDir, t.subfolder);
      const names = exportFormat(request.format).extensions.map((ext) => join(dir, `${basename(t.path)}.${ext}`));
      const clash = names.map((n) => claimed.get(n)).find((x) => x !== undefined);
      if (clash) throw new ParleyError('bad-request', `Exporting "${basename(t.path)}" would write over the export of ${clash} made just before; export them to different --out folders.`);
      outcome = await exportOne(t.path, request, dir, protect);
      for (const w of outcome.written) claimed.set(w, t.path);
      summary.succeeded.push(outcome);
    } catch (e) {
      error = e instanceof ParleyError ? e.message : `internal error: ${messageOf(e)}`;
      summary.failed.push({ source: t.path, error });
    }
    onProgress({ done: i + 1, total: transcripts.length, source: t.path, outcome, error });
  }
  return summary;
}
