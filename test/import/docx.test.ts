/**
 * Word documents through importDocx: the .docx is built in the test (docx-builder.ts, with fflate), read
 * by mammoth, and its text read by the conventions like any other.
 */
import { describe, expect, it } from 'vitest';
import { importDocx, looksLikeDocx } from '../../annotations/docx.js';
import { ParleyError } from '../../shared/errors.js';
import { TranscriptBodySchema } from '../../shared/model.js';
import { makeDocx } from './docx-builder.js';
import { speakerNames } from './helpers.js';

async function errorOf(p: Promise<unknown>): Promise<ParleyError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ParleyError);
    return e as ParleyError;
  }
  throw new Error('expected a ParleyError, nothing was thrown');
}

describe('importDocx', () => {
  it('reads bold inline labels, a line break inside a paragraph, and stage directions', async () => {
    const bytes = makeDocx([
      'Parish council, 2 May 2025',
      [{ text: 'CHAIR:', bold: true }, { text: ' Shall we begin? (Laughter.)' }],
      [{ text: 'Cllr. Ama Boateng:', bold: true }, { text: ' Yes.\nI have a question about the hall roof.' }],
      [{ text: 'CHAIR:', bold: true }, { text: ' Go ahead & be quick.' }],
      [{ text: 'Cllr. Ama Boateng:', bold: true }, { text: ' It leaks.' }],
    ]);
    expect(looksLikeDocx(bytes)).toBe(true);
    const result = await importDocx(bytes);
    expect(result.convention).toBe('inline');
    expect(() => TranscriptBodySchema.parse(result.body)).not.toThrow();
    expect(speakerNames(result.body)).toEqual(['Chair', 'Ama Boateng', 'Chair', 'Ama Boateng']);
    expect(result.body.turns.map((t) => t.paragraphs)).toEqual([
      ['Shall we begin? (Laughter.)'],
      ['Yes. I have a question about the hall roof.'],
      ['Go ahead & be quick.'],
      ['It leaks.'],
    ]);
    expect(result.body.turns[0]?.nonSpeech).toEqual([{ paragraph: 0, from: 16, to: 27 }]);
    expect(result.body.metadata).toEqual({ heading: 'Parish council, 2 May 2025' });
  });

  it('reads labels on their own lines, and takes a convention by id', async () => {
    const bytes = makeDocx(['Moderator', 'Welcome to the panel.', 'Dr. Lena Fischer', 'Thank you.', 'Moderator', 'Let us begin.', 'Dr. Lena Fischer', 'Gladly.']);
    const result = await importDocx(bytes);
    expect(result.convention).toBe('label-line');
    expect(speakerNames(result.body)).toEqual(['Moderator', 'Lena Fischer', 'Moderator', 'Lena Fischer']);
    const forced = await importDocx(bytes, { convention: 'paragraphs' });
    expect(forced.convention).toBe('paragraphs');
    expect(forced.body.turns).toHaveLength(8);
  });

  it('refuses what is not a Word document, an empty one, a damaged one, and one over the limit', async () => {
    expect((await errorOf(importDocx(new TextEncoder().encode('plain text')))).code).toBe('binary');
    expect((await errorOf(importDocx(new Uint8Array()))).code).toBe('empty');
    expect((await errorOf(importDocx(makeDocx([])))).code).toBe('empty');
    const damaged = makeDocx(['Hello']).slice(0, 40);
    expect((await errorOf(importDocx(damaged))).message).toMatch(/could not be read/);
    expect((await errorOf(importDocx(makeDocx(['Hello']), { maxBytes: 10 }))).code).toBe('too-large');
    // Small on disk, huge unpacked: refused from the ZIP's directory, before mammoth unpacks anything.
    const bomb = makeDocx(['Speaker: ' + 'ha'.repeat(2_500_000)]);
    expect(bomb.length).toBeLessThan(100_000);
    const refused = await errorOf(importDocx(bomb, { maxBytes: 1024 * 1024 }));
    expect(refused.code).toBe('too-large');
    expect(refused.message).toMatch(/^The Word document unpacks to 4\.8 MB, more than the 4 MB Parley reads from one \(for at most 1 MB of text\)/);
    expect((await errorOf(importDocx(makeDocx(['Hello']), { convention: 'nope' }))).code).toBe('bad-request');
  });
});
