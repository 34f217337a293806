/**
 * Bytes to text: the one place that decides whether a file is a transcript Parley can read at all.
 * Everything after this works on a string with LF line endings and no byte-order mark.
 */
import { ParleyError } from '../errors.js';

/** The largest source Parley opens by default: far above any real transcript, well below memory trouble. */
export const MAX_SOURCE_BYTES = 50 * 1024 * 1024;

/** How much of the start of a file the binary check looks at: enough to see a file header, cheap on any size. */
const SNIFF_BYTES = 8 * 1024;

/**
 * Share of control bytes (other than tab, line feed, form feed, carriage return) above which the sample
 * is binary. Text copied from the web or a word processor has a stray one now and then, never one in ten.
 */
const MAX_CONTROL_SHARE = 0.1;

export interface DecodeOptions {
  /** Refuse sources larger than this many bytes; defaults to MAX_SOURCE_BYTES. */
  maxBytes?: number;
}

export interface DecodedSource {
  /** The text, without a byte-order mark, with every line ending turned into LF. */
  text: string;
  /** Sentences about things the reader should check; decoding went ahead regardless. */
  warnings: string[];
}

/**
 * Decode a source file's bytes as UTF-8 text.
 *
 * @throws ParleyError with code 'too-large', 'empty', 'binary' or 'encoding', whose message says what is
 *   wrong and what to do.
 */
export function decodeSource(bytes: Uint8Array, options: DecodeOptions = {}): DecodedSource {
  checkSize(bytes, options.maxBytes ?? MAX_SOURCE_BYTES);
  if (bytes.length === 0) {
    throw new ParleyError('empty', 'The file is empty; open a file that holds the transcript text.');
  }
  checkNotUtf16(bytes);
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  if (body.length === 0) {
    throw new ParleyError('empty', 'The file holds only a byte-order mark; open a file that holds the transcript text.');
  }
  checkNotBinary(body.subarray(0, SNIFF_BYTES));
  const text = normaliseNewlines(decodeUtf8(body));
  if (text.trim() === '') {
    throw new ParleyError('empty', 'The file holds only blank space; open a file that holds the transcript text.');
  }
  return { text, warnings: warningsFor(text) };
}

/** Turn CRLF and lone CR line endings into LF, so that every later step splits lines one way. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function checkSize(bytes: Uint8Array, maxBytes: number): void {
  if (bytes.length <= maxBytes) return;
  throw new ParleyError(
    'too-large',
    `The file is ${megabytes(bytes.length)} MB, more than the ${megabytes(maxBytes)} MB Parley opens; ` +
      'split it into smaller files and open them one at a time.',
  );
}

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 10 ? mb.toFixed(0) : mb.toFixed(1);
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** UTF-16 is the one other encoding that announces itself; naming it beats calling the file binary. */
function checkNotUtf16(bytes: Uint8Array): void {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (!le && !be) return;
  throw new ParleyError(
    'encoding',
    'The file is UTF-16 text, which Parley does not read; save it as UTF-8 and open it again.',
  );
}

/** Control bytes that no text file needs. Tab, LF, FF and CR are text; everything else below space, and DEL, is not. */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f;
}

function checkNotBinary(sample: Uint8Array): void {
  // A NUL byte never occurs in UTF-8 text; a high share of control bytes means a document, image or archive.
  let controls = 0;
  for (const b of sample) {
    if (b === 0) controls = Infinity;
    else if (isControlByte(b)) controls++;
  }
  if (controls <= MAX_CONTROL_SHARE * sample.length) return;
  throw new ParleyError(
    'binary',
    'The file is not plain text (it looks like a document, image or other binary file); ' +
      'save the transcript as plain text (.txt) and open that.',
  );
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // fatal: refuse bad bytes rather than silently replace them; ignoreBOM: the BOM is already gone, keep any other.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ParleyError(
      'encoding',
      'The file is not UTF-8 text (it may be in an older encoding such as Windows-1252); ' +
        'save it as UTF-8 and open it again.',
    );
  }
}

function warningsFor(text: string): string[] {
  const warnings: string[] = [];
  const replacements = count(text, /\uFFFD/g);
  if (replacements > 0) {
    warnings.push(
      `The text holds ${replacements} replacement character${replacements === 1 ? '' : 's'} (\uFFFD), ` +
        'a sign that it was converted from another encoding with losses; check those places against the original.',
    );
  }
  const controls = countControlCharacters(text);
  if (controls > 0) {
    warnings.push(
      `The text holds ${controls} invisible control character${controls === 1 ? '' : 's'}; ` +
        'they are kept as they are, but may show as boxes in the editor.',
    );
  }
  return warnings;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The characters isControlByte refuses, counted in the decoded text (all of them are single UTF-16 units). */
function countControlCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isControlByte(text.charCodeAt(i))) n++;
  return n;
}
