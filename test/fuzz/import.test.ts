/**
 * Fuzzing the importer where test/import/properties.test.ts does not reach: that file already holds
 * importText on arbitrary strings and importBytes on arbitrary bytes (never throws but ParleyError,
 * loses nothing). Here: Word documents (importDocx, on damaged and random ZIP bytes), importBytes with
 * any options, and a file on disk through the two doors the app opens it by, the import preview and
 * DocumentService.open, which must agree with each other and write nothing; and a file that opens
 * can be exported with its source's own text.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentService } from '../../annotations/document-service.js';
import { importDocx } from '../../annotations/docx.js';
import { exportOne } from '../../annotations/export.js';
import { previewFile } from '../../annotations/preview.js';
import { isParleyError, type ParleyError } from '../../shared/errors.js';
import { importBytes, listConventions } from '../../shared/import/index.js';
import { TranscriptBodySchema } from '../../shared/model.js';
import { tempDir } from '../annotations/helpers.js';
import { makeDocx } from '../import/docx-builder.js';
import { GOOD_TRANSCRIPT, damage, damaged, snapshot } from './helpers.js';

const CONVENTIONS = listConventions().map((c) => c.id);
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** A real Word document to damage. */
const DOCX = makeDocx(['Moderator', 'Welcome to the panel.', [{ text: 'Dr. Lena Fischer:', bold: true }, { text: ' Thank you.\nWe counted 40 ferries.' }], 'Moderator', 'And this year?']);

/** Word documents in every state: damaged, random after a ZIP signature, with random text inside. */
const docxBytes = fc.oneof(
  fc.array(damage, { minLength: 1, maxLength: 4 }).map((d) => damaged(DOCX, d)),
  fc.uint8Array({ maxLength: 400 }).map((b) => Uint8Array.from([...ZIP, ...b])),
  fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { maxLength: 6 }).map((paragraphs) => makeDocx(paragraphs)),
);

/** Source files: Word documents as above, text, random bytes, and text with binary mixed in. */
const sourceBytes = fc.oneof(
  docxBytes,
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(s)),
  fc.tuple(fc.uint8Array({ maxLength: 20 }), fc.nat()).map(([junk, at]) => {
    const text = new TextEncoder().encode(GOOD_TRANSCRIPT);
    const cut = at % text.length;
    return Uint8Array.from([...text.slice(0, cut), ...junk, ...text.slice(cut)]);
  }),
);

/** The error a promise rejects with, checked to be a ParleyError; null when it resolves. */
async function parleyErrorOf<T>(p: Promise<T>): Promise<{ value: T; error: null } | { value: null; error: ParleyError }> {
  try {
    return { value: await p, error: null };
  } catch (e) {
    if (!isParleyError(e)) throw new Error(`not a ParleyError: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    expect(e.message.trim()).not.toBe('');
    return { value: null, error: e };
  }
}

describe('importDocx on damaged and random Word documents', () => {
  it('throws nothing but ParleyError, and what it reads is a valid body', async () => {
    await fc.assert(
      fc.asyncProperty(docxBytes, fc.constantFrom(undefined, ...CONVENTIONS), async (bytes, convention) => {
        const { value } = await parleyErrorOf(importDocx(bytes, convention ? { convention } : {}));
        if (value) expect(TranscriptBodySchema.safeParse(value.body).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('importBytes with any options', () => {
  it('refuses a convention it does not know with a ParleyError naming the ones it does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ maxLength: 30 }), fc.option(fc.nat(1000)), (bytes, convention, maxBytes) => {
        try {
          importBytes(bytes, { convention, ...(maxBytes === null ? {} : { maxBytes }) });
        } catch (e) {
          expect(isParleyError(e)).toBe(true);
          if (isParleyError(e) && e.code === 'bad-request') expect(e.message).toContain(CONVENTIONS.join(', '));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a source file on disk, through the preview and through open', () => {
  it('both refuse it with the same sentence, or both read it the same way (and its source text exports); neither writes', async () => {
    const dir = await tempDir('parley-fuzz-import-');
    const out = await tempDir('parley-fuzz-export-');
    const service = new DocumentService();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sourceBytes, fc.constantFrom('talk.txt', 'talk.md', 'talk.docx', 'talk.vtt', 'talk'), async (bytes, name) => {
        const path = join(dir, `${n++}-${name}`);
        await writeFile(path, bytes);
        const before = await snapshot(dir);
        const preview = await parleyErrorOf(previewFile(path));
        const opened = await parleyErrorOf(service.open(path));
        if (opened.value) service.close(opened.value.docId);
        // What opens can be exported with the source's own text (elsewhere: the folder must stay as it was).
        const exported = opened.value ? await parleyErrorOf(exportOne(path, { format: 'txt', text: 'source' }, out)) : null;
        expect(exported?.error ?? null).toBeNull();
        expect(await snapshot(dir)).toEqual(before);
        if (preview.error || opened.error) {
          expect(preview.error?.code).toBe(opened.error?.code);
          expect(preview.error?.message).toBe(opened.error?.message);
          return;
        }
        expect(TranscriptBodySchema.safeParse(opened.value?.body).success).toBe(true);
        expect(preview.value?.convention).toBe(opened.value?.convention);
        expect(preview.value?.turnCount).toBe(opened.value?.body.turns.length);
      }),
      { numRuns: 150 },
    );
    expect(service.size).toBe(0);
  });
});

describe('a Word document that unpacks to more text than Parley opens', () => {
  it('is refused as too large, however small the file', async () => {
    // 51 MB of one letter packs into some 50 KB: the size check on the file alone lets it through.
    const text = 'a'.repeat(51 * 1024 * 1024);
    const bytes = makeDocx([text]);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const e = await parleyErrorOf(importDocx(bytes));
    expect(e.error?.code).toBe('too-large');
    expect(e.error?.message).toBe('The Word document holds 51 MB of text, more than the 50 MB Parley opens; split it into smaller documents and open them one at a time.');
  });
});
