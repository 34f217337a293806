/**
 * Bytes to text: the one place that decides whether a file is a transcript Parley can read at all, and
 * in which encoding. Everything after this works on a string with LF line endings and no byte-order mark.
 *
 * Encodings, in the order they are tried:
 * 1. a byte-order mark says UTF-8, UTF-16 LE or UTF-16 BE, and is believed;
 * 2. without one, text whose every other byte is zero is UTF-16 (saved by an old Windows tool), with a warning;
 * 3. bytes that are valid UTF-8 are UTF-8;
 * 4. anything else is read as Windows-1252, the encoding of most older Western text files, with a
 *    warning, since a wrong guess there shows as odd letters rather than as lost text.
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

/**
 * UTF-16 without a byte-order mark: at least this share of one byte of each pair is zero (ASCII text in
 * UTF-16 has a zero in every pair) while the other byte of the pair is almost never zero.
 */
const UTF16_ZERO_SHARE = 0.4;
const UTF16_OTHER_ZERO_SHARE = 0.05;

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

/** File signatures of formats that are not text, named so that the message can say what the file is. */
const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Office document such as a Word .docx file' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old-style Office document such as a Word .doc file' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'a Rich Text (.rtf) document' },
];

/**
 * Decode a source file's bytes as text.
 *
 * @throws ParleyError with code 'too-large', 'empty', 'binary' or 'encoding', whose message says what is
 *   wrong and what to do.
 */
export function decodeSource(bytes: Uint8Array, options: DecodeOptions = {}): DecodedSource {
  checkSize(bytes, options.maxBytes ?? MAX_SOURCE_BYTES);
  if (bytes.length === 0) {
    throw new ParleyError('empty', 'The file is empty; open a file that holds the transcript text.');
  }
  const { text: raw, warnings } = decodeBytes(bytes);
  const text = normaliseNewlines(raw);
  if (text.trim() === '') {
    const what = raw === '' ? 'only a byte-order mark' : 'only blank space';
    throw new ParleyError('empty', `The file holds ${what}; open a file that holds the transcript text.`);
  }
  return { text, warnings: [...warnings, ...warningsFor(text)] };
}

/**
 * Turn CRLF, lone CR and the Unicode line and paragraph separators into LF, so that every later step
 * splits lines one way.
 */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

function decodeBytes(bytes: Uint8Array): DecodedSource {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decodeUtf8(bytes.subarray(3)), warnings: [] };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), 'utf-16le', []);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), 'utf-16be', []);
  const sample = bytes.subarray(0, SNIFF_BYTES);
  // Before the UTF-16 guess: a ZIP header has zeros in every other byte too.
  checkSignature(sample);
  const bomless = utf16WithoutBom(sample);
  if (bomless) {
    return decodeUtf16(bytes, bomless, [
      'The file is UTF-16 text without a byte-order mark; it was read as UTF-16, but check that the text looks right.',
    ]);
  }
  checkNotBinary(sample);
  try {
    return { text: decodeUtf8(bytes), warnings: [] };
  } catch {
    return {
      text: decodeWindows1252(bytes),
      warnings: [
        'The file is not UTF-8 text, so it was read as Windows-1252 (an older Western encoding); ' +
          'check accented letters and quotation marks, and save the file as UTF-8 if they look wrong.',
      ],
    };
  }
}

/**
 * What Windows-1252 puts at 0x80..0x9F, where ISO-8859-1 has control characters; the five bytes it
 * leaves undefined keep their ISO-8859-1 meaning, as the WHATWG encoding standard has it. Decoded by
 * hand because Node's TextDecoder('windows-1252') decodes ISO-8859-1 instead.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) => (b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b));
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/** Strict UTF-8: bad bytes throw (the caller falls back to Windows-1252) rather than turn into U+FFFD. */
function decodeUtf8(bytes: Uint8Array): string {
  // ignoreBOM: the file's own mark is already gone; a second one is text and is kept.
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', warnings: string[]): DecodedSource {
  const notes = [...warnings];
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    notes.push('Some bytes of the UTF-16 file were not valid and were replaced by \uFFFD; the file may be cut short or damaged.');
  }
  // A NUL or a run of control characters in decoded UTF-16 is as binary as it is in bytes.
  checkNotBinaryText(text.slice(0, SNIFF_BYTES));
  return { text, warnings: notes };
}

function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (sample.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = Math.floor(sample.length / 2);
  if (oddZeros >= UTF16_ZERO_SHARE * pairs && evenZeros <= UTF16_OTHER_ZERO_SHARE * pairs) return 'utf-16le';
  if (evenZeros >= UTF16_ZERO_SHARE * pairs && oddZeros <= UTF16_OTHER_ZERO_SHARE * pairs) return 'utf-16be';
  return null;
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

function checkSignature(sample: Uint8Array): void {
  const found = SIGNATURES.find(({ bytes }) => bytes.every((b, i) => sample[i] === b));
  if (!found) return;
  throw new ParleyError(
    'binary',
    `The file is not plain text: it is ${found.what}. Open a Word document as .docx, or save the transcript as plain text (.txt) and open that.`,
  );
}

/** Control bytes that no text file needs. Tab, LF, FF and CR are text; everything else below space, and DEL, is not. */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f;
}

function checkNotBinary(sample: Uint8Array): void {
  // A NUL byte never occurs in UTF-8 or Windows-1252 text; a high share of control bytes means a document, image or archive.
  let controls = 0;
  for (const b of sample) {
    if (b === 0) controls = Infinity;
    else if (isControlByte(b)) controls++;
  }
  if (controls > MAX_CONTROL_SHARE * sample.length) throw binaryError();
}

function checkNotBinaryText(sample: string): void {
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) controls = Infinity;
    else if (isControlByte(c)) controls++;
  }
  if (controls > MAX_CONTROL_SHARE * sample.length) throw binaryError();
}

function binaryError(): ParleyError {
  return new ParleyError(
    'binary',
    'The file is not plain text (it looks like a document, image or other binary file); ' +
      'save the transcript as plain text (.txt) and open that.',
  );
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
