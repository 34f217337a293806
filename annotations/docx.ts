/**
 * Word documents (.docx) as transcript sources. A .docx is a ZIP of XML, so it cannot go through the
 * text decoder; mammoth reads it, and its paragraphs become plain text (a blank line between paragraphs,
 * line breaks inside a paragraph kept), which is read by the same conventions as any other: inline
 * labels, labels on their own lines, timed turns. Formatting (bold labels, italics) is dropped: it is
 * not needed to find the speakers.
 *
 * Node only (mammoth needs a Buffer here), hence annotations/ rather than shared/.
 */
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { ParleyError, sizeText } from '../shared/errors.js';
import { importText, MAX_SOURCE_BYTES, type DecodeOptions, type ImportOptions } from '../shared/import/index.js';
import type { ImportResult } from '../shared/model.js';

/** What importDocx accepts: a convention to force, and the size limit. */
export type DocxImportOptions = Pick<ImportOptions, 'convention'> & DecodeOptions;

/** The ZIP local-file signature every .docx starts with. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** Block elements mammoth writes: each becomes a paragraph of its own. */
const BLOCK_END = /<\/(?:p|h[1-6]|li|td|th|tr|table|ul|ol|blockquote)>/gi;

/**
 * Mammoth's HTML as text: a blank line after each paragraph, a line break for each `<br />`, the other
 * tags (bold, italics, links, images) dropped, and the few entities mammoth writes decoded.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(BLOCK_END, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? '')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * How many bytes of a Word document's parts (XML, mostly) Parley accepts per byte of text it opens:
 * Word's markup around a transcript's words is a few times their size.
 */
const UNPACKED_PER_TEXT_BYTE = 4;

/**
 * What the ZIP's directory says its files unpack to, all together, without unpacking them; null
 * when it is not a ZIP fflate can read (mammoth then says the document is damaged). A ZIP may
 * understate its sizes, so the text limit after the conversion stays.
 */
function unpackedSize(bytes: Uint8Array): number | null {
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        return false;
      },
    });
  } catch {
    return null;
  }
  return total;
}

/** True when the bytes start like a ZIP file, as a .docx does; a cheap check before trying mammoth. */
export function looksLikeDocx(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Read a transcript from a Word document's bytes. Mammoth's own notes (unsupported content it skipped)
 * come first among the warnings.
 * @throws ParleyError 'too-large', 'empty', 'binary' (not a Word document, or one mammoth cannot read),
 *   or 'bad-request' (an unknown convention); never anything else.
 */
export async function importDocx(bytes: Uint8Array, options: DocxImportOptions = {}): Promise<ImportResult> {
  const { text, warnings } = await docxText(bytes, options);
  const result = importText(text, options.convention === undefined ? {} : { convention: options.convention });
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/**
 * A Word document's text, as importDocx reads it, with mammoth's notes as warnings: what the import
 * preview needs to rank the conventions on.
 * @throws ParleyError 'too-large', 'empty' or 'binary', as importDocx.
 */
export async function docxText(bytes: Uint8Array, options: DecodeOptions = {}): Promise<{ text: string; warnings: string[] }> {
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  if (bytes.length > maxBytes) {
    throw new ParleyError(
      'too-large',
      `The Word document is ${(bytes.length / (1024 * 1024)).toFixed(1)} MB, more than the ${(maxBytes / (1024 * 1024)).toFixed(1)} MB ` +
        'Parley opens; split it into smaller documents and open them one at a time.',
    );
  }
  if (bytes.length === 0) throw new ParleyError('empty', 'The file is empty; open a Word document that holds the transcript.');
  if (!looksLikeDocx(bytes)) {
    throw new ParleyError('binary', 'The file is not a Word document (.docx); open it as plain text, or save it from Word as .docx.');
  }
  // Mammoth unpacks every part into memory and builds a tree of its XML, about ten times the XML's
  // size: a 600 KB document that unpacks to hundreds of megabytes took 1.3 GB before the text limit
  // below could refuse it. The sizes the ZIP declares are read first, without unpacking anything.
  const unpacked = unpackedSize(bytes);
  const maxUnpacked = UNPACKED_PER_TEXT_BYTE * maxBytes;
  if (unpacked !== null && unpacked > maxUnpacked) {
    throw new ParleyError(
      'too-large',
      `The Word document unpacks to ${sizeText(unpacked)}, more than the ${sizeText(maxUnpacked)} Parley reads from one ` +
        `(for at most ${sizeText(maxBytes)} of text); split it into smaller documents and open them one at a time.`,
    );
  }
  let converted: { value: string; messages: { type: string; message: string }[] };
  try {
    // HTML rather than mammoth's raw text: raw text drops line breaks inside a paragraph (Shift+Enter),
    // which often separate a label from its speech.
    converted = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  } catch {
    throw new ParleyError(
      'binary',
      'The Word document could not be read (it may be damaged, password-protected or not really a .docx); ' +
        'open it in Word and save it again, or save the transcript as plain text.',
    );
  }
  const text = htmlToText(converted.value);
  // A small .docx can unpack to far more text than Parley opens from a text file (a "zip bomb"):
  // held to the same limit, so the editor, the sidecar and the exports never meet it.
  if (text.length > maxBytes) {
    throw new ParleyError(
      'too-large',
      `The Word document holds ${(text.length / (1024 * 1024)).toFixed(0)} MB of text, more than the ${(maxBytes / (1024 * 1024)).toFixed(0)} MB ` +
        'Parley opens; split it into smaller documents and open them one at a time.',
    );
  }
  if (text.trim() === '') throw new ParleyError('empty', 'The Word document holds no text; open the document that holds the transcript.');
  return { text, warnings: converted.messages.map((m) => `The Word document: ${m.message}`) };
}
