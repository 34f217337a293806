/**
 * Reading a transcript source from disk, with the checks every reader needs: it exists, it is a
 * regular file, it is not one of Parley's own sidecars, it is not too large.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ParleyError, sizeText } from '../shared/errors.js';
import { decodeSource, MAX_SOURCE_BYTES } from '../shared/import/index.js';
import { SIDECAR_SUFFIX } from '../shared/sidecar.js';
import { docxText, looksLikeDocx } from './docx.js';
import { errno, messageOf } from './node-errors.js';

export interface SourceFile {
  name: string;
  bytes: Buffer;
  sha256: string;
}

/** The refusal of a source of `size` bytes: its name, its size, the limit, what to do. */
export function tooLarge(name: string, size: number): ParleyError {
  return new ParleyError('too-large', `"${name}" is ${sizeText(size)}; Parley opens transcripts up to ${sizeText(MAX_SOURCE_BYTES)}. Split it, or open a part of it.`);
}

export async function readSourceFile(absPath: string): Promise<SourceFile> {
  const name = basename(absPath);
  let info;
  try {
    info = await stat(absPath);
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') throw new ParleyError('not-found', `No file at ${absPath}; check the path.`);
    throw new ParleyError('io', `Could not read ${absPath} (${messageOf(e)}).`);
  }
  if (info.isDirectory()) throw new ParleyError('not-a-file', `${absPath} is a folder, not a file; choose a transcript inside it.`);
  if (!info.isFile()) throw new ParleyError('not-a-file', `${absPath} is not a regular file; choose a transcript file.`);
  // The sidecar itself, its backup (`.bak`) and a kept unreadable copy (`.<time>.corrupt`).
  const own = /^(.*)\.annotations\.json(?:\.bak|\.[0-9TZ-]+\.corrupt)?$/.exec(name);
  if (own && name.includes(SIDECAR_SUFFIX)) {
    const source = own[1] ?? '';
    throw new ParleyError('bad-request', `"${name}" is Parley's annotations file for "${source}"; open "${source}" instead.`);
  }
  if (info.size > MAX_SOURCE_BYTES) throw tooLarge(name, info.size);
  let bytes: Buffer;
  try {
    bytes = await readFile(absPath);
  } catch (e) {
    throw new ParleyError('io', `Could not read ${absPath} (${messageOf(e)}).`);
  }
  // The file may have grown between stat and read.
  if (bytes.length > MAX_SOURCE_BYTES) throw tooLarge(name, bytes.length);
  return { name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A source's text as the importer reads it, with the decoding's warnings. */
export interface SourceText {
  name: string;
  text: string;
  warnings: string[];
  /** True for a Word document, whose text came through mammoth. */
  docx: boolean;
}

/**
 * Read a source and turn it into text the way opening it does: a Word document through mammoth,
 * anything else through the decoder. For the preview and for exports of the source's own text.
 * @throws ParleyError, as readSourceFile, decodeSource and docxText.
 */
export async function readSourceText(absPath: string): Promise<SourceText> {
  const { name, bytes } = await readSourceFile(absPath);
  const docx = looksLikeDocx(bytes);
  const { text, warnings } = docx ? await docxText(bytes) : decodeSource(bytes);
  return { name, text, warnings, docx };
}
