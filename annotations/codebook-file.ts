/**
 * The folder's codebook on disk: `parley.codebook.json` beside the transcripts, one per folder, so
 * every transcript of a project codes with the same topics. Each sidecar keeps its own copy of the
 * topics it uses (see shared/codebook/tree.ts), and reconcile() brings a copy from elsewhere back in.
 *
 * Like the sidecar, the file is trusted only after the schema and the structural checks, is written
 * atomically (writeFileAtomic), and is never overwritten once it has been found invalid: the user's
 * hand edits or a newer Parley's file are theirs to fix.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyCodebook, type Codebook } from '../shared/annotation.js';
import { codebookFromJSON, codebookProblem, codebookToJSON } from '../shared/codebook/json.js';
import { reconcileCodebooks, type Reconciliation } from '../shared/codebook/merge.js';
import { ParleyError } from '../shared/errors.js';
import type { TranscriptBody } from '../shared/model.js';
import { errno, messageOf } from './node-errors.js';
import { writeFileAtomic } from './atomic-file.js';

export const CODEBOOK_FILE_NAME = 'parley.codebook.json';

const LEAVE_IT = 'Parley left it untouched and will not save the codebook over it; fix or move it to use the folder\'s topics.';

/** The path of the codebook file of a folder. */
export function codebookPathIn(folder: string): string {
  return join(folder, CODEBOOK_FILE_NAME);
}

export interface FolderCodebook {
  codebook: Codebook;
  /**
   * Null when the codebook was read, or when there is none yet (then `codebook` is empty). Otherwise a
   * sentence naming the file and what is wrong with it; `codebook` is then empty, and
   * writeFolderCodebook refuses to replace the file.
   */
  problem: string | null;
}

/** Reads the folder's codebook. Never throws for the file's content; see FolderCodebook. */
export async function readFolderCodebook(folder: string): Promise<FolderCodebook> {
  const state = await inspect(codebookPathIn(folder));
  if (state.kind === 'missing') return { codebook: emptyCodebook(), problem: null };
  if (state.kind === 'invalid') return { codebook: emptyCodebook(), problem: state.problem };
  return { codebook: state.codebook, problem: null };
}

/**
 * Saves the folder's codebook: pretty-printed, keys in a stable order, atomically (the old file or
 * the new one, never a torn one). Refuses, with ParleyError 'sidecar-invalid' and the file left
 * byte for byte as it was, when the file there is not a codebook Parley can read; refuses with
 * 'bad-request' a codebook that is itself inconsistent. Writes to one folder run in call order.
 */
export function writeFolderCodebook(folder: string, codebook: Codebook): Promise<void> {
  const path = codebookPathIn(folder);
  const run = async (): Promise<void> => {
    const broken = codebookProblem(codebook);
    if (broken) throw new ParleyError('bad-request', `Parley refused to save "${CODEBOOK_FILE_NAME}": ${broken}.`);
    const text = codebookToJSON(codebook);
    const state = await inspect(path);
    if (state.kind === 'invalid') throw new ParleyError('sidecar-invalid', state.problem);
    try {
      await writeFileAtomic(path, text);
    } catch (e) {
      throw new ParleyError('io', `Could not save "${CODEBOOK_FILE_NAME}" (${messageOf(e)}); the previous version is unchanged.`);
    }
  };
  // Chain per file so two saves issued one after the other land in that order.
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.catch(() => undefined);
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return next;
}

const queues = new Map<string, Promise<void>>();

/**
 * Adds to the folder's codebook the topics (and claim types, statuses) a transcript's sidecar has and
 * the folder lacks, and lists every disagreement as a sentence. The folder's version wins where both
 * have an id; nothing from either side is dropped. Pure: the caller saves the result when
 * `added` is not empty (and the folder file is not invalid). `sidecarName` names the sidecar file in
 * the sentences.
 */
export function reconcile(folderCodebook: Codebook, sidecarCodebook: Codebook, sidecarName?: string): Reconciliation {
  return reconcileCodebooks(folderCodebook, sidecarCodebook, sidecarName === undefined ? undefined : `"${sidecarName}"`);
}

/**
 * A transcript's body joined with its folder's codebook, as an open shows it: the folder's topics
 * and the sidecar's copy reconciled (neither side's topics dropped, conflicts as warnings naming
 * `fileName`). Also says whether the folder's file may be written: not when it is one Parley cannot
 * read (its problem is then one of the warnings).
 */
export async function withFolderCodebook(
  body: TranscriptBody,
  folder: string,
  fileName: string,
): Promise<{ body: TranscriptBody; warnings: string[]; writable: boolean }> {
  const { codebook: fromFolder, problem } = await readFolderCodebook(folder);
  const warnings: string[] = [];
  if (problem) warnings.push(problem);
  let codebook = fromFolder;
  if (body.codebook) {
    const reconciled = reconcile(fromFolder, body.codebook, fileName);
    codebook = reconciled.codebook;
    warnings.push(...reconciled.conflicts);
  }
  return {
    body: codebook.topics.length || body.codebook ? { ...body, codebook } : body,
    warnings,
    writable: problem === null,
  };
}

type FileState = { kind: 'missing' } | { kind: 'invalid'; problem: string } | { kind: 'valid'; codebook: Codebook };

async function inspect(path: string): Promise<FileState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if (errno(e) === 'ENOENT') return { kind: 'missing' };
    if (errno(e) === 'EISDIR') return invalid(`"${CODEBOOK_FILE_NAME}" is a folder, not a file.`);
    return invalid(`"${CODEBOOK_FILE_NAME}" could not be read (${messageOf(e)}).`);
  }
  let text: string;
  try {
    // fatal: a file in another encoding must not be "repaired" with U+FFFD and then saved over.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalid(`"${CODEBOOK_FILE_NAME}" is not UTF-8 text.`);
  }
  try {
    return { kind: 'valid', codebook: codebookFromJSON(text, CODEBOOK_FILE_NAME) };
  } catch (e) {
    return invalid(messageOf(e));
  }
}

function invalid(sentence: string): FileState {
  return { kind: 'invalid', problem: `${sentence} ${LEAVE_IT}` };
}
