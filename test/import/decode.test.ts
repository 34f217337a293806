import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../shared/errors.js';
import { decodeSource, MAX_SOURCE_BYTES } from '../../shared/import/decode.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

/** The ParleyError a call throws (fails the test when it throws nothing or something else). */
function errorOf(f: () => unknown): ParleyError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParleyError);
    return e as ParleyError;
  }
  throw new Error('expected a ParleyError, nothing was thrown');
}

describe('decodeSource', () => {
  it('strips a UTF-8 byte-order mark and keeps the rest exactly', () => {
    expect(decodeSource(bytes(0xef, 0xbb, 0xbf, ...utf8('Rusʹ “quoted”'))).text).toBe('Rusʹ “quoted”');
  });

  it('keeps a second byte-order mark: only the file’s own mark is removed', () => {
    expect(decodeSource(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41)).text).toBe('\uFEFFA');
  });

  it('turns CRLF and lone CR line endings into LF', () => {
    expect(decodeSource(utf8('one\r\ntwo\rthree\n\r\nfour')).text).toBe('one\ntwo\nthree\n\nfour');
  });

  it('decodes text without warnings when there is nothing to warn about', () => {
    expect(decodeSource(utf8('Question\n\nIs it?\n'))).toEqual({ text: 'Question\n\nIs it?\n', warnings: [] });
  });

  it('refuses zero bytes as empty', () => {
    const e = errorOf(() => decodeSource(new Uint8Array()));
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(/empty/);
  });

  it('refuses a file of blank space, no-break spaces included, as empty', () => {
    expect(errorOf(() => decodeSource(utf8(' \n\t\r\n\u00A0 \n'))).code).toBe('empty');
    expect(errorOf(() => decodeSource(bytes(0xef, 0xbb, 0xbf))).code).toBe('empty');
  });

  it('refuses bytes with NUL as binary', () => {
    const e = errorOf(() => decodeSource(bytes(0x47, 0x49, 0x00, 0x38, 0x00, 0x00, 0x41, 0x42)));
    expect(e.code).toBe('binary');
    expect(e.message).toMatch(/not plain text/);
  });

  it('refuses a high share of control characters as binary, but allows a stray one with a warning', () => {
    const noisy = new Uint8Array(200).map((_, i) => (i % 4 === 0 ? 0x01 : 0x61));
    expect(errorOf(() => decodeSource(noisy)).code).toBe('binary');
    const stray = decodeSource(utf8('Some text\u0007 with a bell in it, copied from a terminal.'));
    expect(stray.text).toContain('\u0007');
    expect(stray.warnings).toHaveLength(1);
    expect(stray.warnings[0]).toMatch(/control character/);
  });

  it('only looks at the first 8 KB for binary content', () => {
    const text = 'a'.repeat(9000) + '\u0001'.repeat(500);
    expect(decodeSource(utf8(text)).text).toBe(text);
  });

  it('reads bytes that are not UTF-8 as Windows-1252, with a warning', () => {
    const decoded = decodeSource(bytes(0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35, 0x0a));
    expect(decoded.text).toBe('Café “q” €5\n');
    expect(decoded.warnings).toHaveLength(1);
    expect(decoded.warnings[0]).toMatch(/Windows-1252/);
  });

  it('decodes UTF-16 LE and BE with a byte-order mark, surrogate pairs included', () => {
    const text = 'Zoë: “hi” 😀\r\nBo: ok';
    const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
    const le = bytes(0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8]));
    const be = bytes(0xfe, 0xff, ...units.flatMap((u) => [u >> 8, u & 0xff]));
    expect(decodeSource(le)).toEqual({ text: 'Zoë: “hi” 😀\nBo: ok', warnings: [] });
    expect(decodeSource(be).text).toBe('Zoë: “hi” 😀\nBo: ok');
  });

  it('reads UTF-16 without a byte-order mark, with a warning, and refuses a UTF-16 file of NULs as binary', () => {
    const le = bytes(...Array.from('Question\n\nWhy?', (c) => [c.charCodeAt(0), 0]).flat());
    const decoded = decodeSource(le);
    expect(decoded.text).toBe('Question\n\nWhy?');
    expect(decoded.warnings[0]).toMatch(/UTF-16/);
    expect(errorOf(() => decodeSource(bytes(0xff, 0xfe, 0, 0, 0, 0, 0, 0))).code).toBe('binary');
  });

  it('names the format of a Word, PDF or RTF file it cannot read', () => {
    const e = errorOf(() => decodeSource(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00)));
    expect(e.code).toBe('binary');
    expect(e.message).toMatch(/Word .docx/);
    expect(errorOf(() => decodeSource(utf8('%PDF-1.7\n...'))).message).toMatch(/PDF/);
    expect(errorOf(() => decodeSource(utf8('{\\rtf1\\ansi hello}'))).message).toMatch(/Rich Text/);
  });

  it('turns Unicode line and paragraph separators into LF, and keeps no-break spaces and tabs', () => {
    expect(decodeSource(utf8('a\u2028b\u2029c\td\u00A0e')).text).toBe('a\nb\nc\td\u00A0e');
  });

  it('reads a very long line whole', () => {
    const line = 'word '.repeat(200_000);
    expect(decodeSource(utf8(line)).text).toBe(line);
  });

  it('refuses a source over the limit before reading it', () => {
    expect(MAX_SOURCE_BYTES).toBe(50 * 1024 * 1024);
    const e = errorOf(() => decodeSource(utf8('x'.repeat(11)), { maxBytes: 10 }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/split it/);
    expect(decodeSource(utf8('x'.repeat(10)), { maxBytes: 10 }).text).toBe('x'.repeat(10));
  });

  it('warns about replacement characters left by an earlier lossy conversion', () => {
    const { warnings } = decodeSource(utf8('Caf\uFFFD and cr\uFFFDme'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/2 replacement characters/);
  });
});
