import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../shared/errors.js';
import {
  ConventionRegistry,
  importBytes,
  importText,
  listConventions,
  rankConventions,
  type Convention,
} from '../../shared/import/index.js';
import { paragraphsConvention } from '../../shared/import/paragraphs.js';
import { KYIV, transcriptText } from './helpers.js';

const DIALOGUE = 'Question\n\nWhy?\n\nJane Doe\n\nBecause.\n\nQuestion\n\nReally?\n\nJane Doe\n\nYes.\n';

/** A stand-in for a later convention: sure of texts that start with WEBVTT. */
const fakeVtt: Convention = {
  id: 'webvtt',
  label: 'WebVTT captions',
  detect: (text) => (text.startsWith('WEBVTT') ? 0.99 : 0),
  parse: (text) => ({ ...paragraphsConvention.parse(text), convention: 'webvtt', confidence: 0.99 }),
};

describe('the convention registry', () => {
  it('lists the conventions, the fallback last', () => {
    expect(listConventions().map((c) => c.id)).toEqual(['webvtt', 'srt', 'markdown', 'timed', 'inline', 'label-line', 'paragraphs']);
    expect(listConventions().every((c) => c.label.length > 0)).toBe(true);
  });

  it('picks the most confident convention', () => {
    expect(importText(DIALOGUE).convention).toBe('label-line');
    expect(importText(transcriptText(KYIV)).convention).toBe('label-line');
    expect(importText('Some prose.\n\nMore prose.').convention).toBe('paragraphs');
    expect(rankConventions(DIALOGUE).map((s) => s.id).slice(0, 2)).toEqual(['label-line', 'paragraphs']);
  });

  it('reports the chosen convention’s confidence', () => {
    const [best] = rankConventions(DIALOGUE);
    expect(importText(DIALOGUE).confidence).toBe(best?.confidence);
  });

  it('uses a named convention instead of detecting', () => {
    const result = importText(DIALOGUE, { convention: 'paragraphs' });
    expect(result.convention).toBe('paragraphs');
    expect(result.body.turns).toHaveLength(8);
    expect(result.body.turns.every((t) => t.speaker === null)).toBe(true);
  });

  it('refuses an unknown convention with a ParleyError that lists the known ones', () => {
    expect(() => importText(DIALOGUE, { convention: 'docx' })).toThrow(ParleyError); // Word files go through importDocx
    try {
      importText(DIALOGUE, { convention: 'docx' });
    } catch (e) {
      expect((e as ParleyError).code).toBe('bad-request');
      expect((e as ParleyError).message).toMatch(/webvtt, srt, markdown, timed, inline, label-line, paragraphs/);
    }
  });

  it('takes a new convention as one more entry, winning where it is sure', () => {
    const registry = new ConventionRegistry([fakeVtt, paragraphsConvention]);
    expect(registry.best('WEBVTT\n\n00:01.000 --> 00:02.000\nHello.').id).toBe('webvtt');
    expect(registry.best('Hello.').id).toBe('paragraphs');
  });

  it('breaks ties by registry order and counts a failing or wild detector as 0..1', () => {
    const broken: Convention = { ...fakeVtt, id: 'broken', detect: () => { throw new Error('bug'); } };
    const wild: Convention = { ...fakeVtt, id: 'wild', detect: () => 7 };
    const nan: Convention = { ...fakeVtt, id: 'nan', detect: () => NaN };
    const registry = new ConventionRegistry([broken, nan, paragraphsConvention, wild]);
    expect(registry.rank('x').map((s) => [s.id, s.confidence])).toEqual([
      ['wild', 1],
      ['paragraphs', 0.1],
      ['broken', 0],
      ['nan', 0],
    ]);
  });

  it('refuses two conventions with one id', () => {
    expect(() => new ConventionRegistry([fakeVtt, fakeVtt])).toThrow(/two conventions/i);
  });
});

describe('file names as hints', () => {
  const CUES = '1\n00:00:01,000 --> 00:00:02,000\nHello.\n';

  it('lets an extension lift a convention that the text alone leaves in doubt, but never force one', () => {
    const plain = 'Jane Doe: Hello there.\n\nJohn Roe: Hi.';
    expect(importText(plain).convention).not.toBe('markdown');
    expect(importText(plain, { fileName: 'call.md' }).convention).toBe('markdown');
    expect(importText('Hello.\n00:00:01.000 --> 00:00:02.000\nHi.', { fileName: 'talk.vtt' }).convention).toBe('webvtt');
    expect(importText(CUES, { fileName: 'talk.txt' }).convention).toBe('srt');
    expect(rankConventions(plain, { fileName: 'call.md' })[0]?.id).toBe('markdown');
  });

  it('reports the forced convention’s own confidence', () => {
    const result = importText(DIALOGUE, { convention: 'webvtt' });
    expect(result.convention).toBe('webvtt');
    expect(result.confidence).toBe(0);
  });
});

describe('importBytes', () => {
  it('decodes, imports, and puts decoding warnings first', () => {
    const bytes = new TextEncoder().encode('\uFEFF' + DIALOGUE.replace(/\n/g, '\r\n').replace('Why?', 'Why\uFFFD'));
    const result = importBytes(bytes);
    expect(result.convention).toBe('label-line');
    expect(result.body.turns.map((t) => t.paragraphs[0])).toEqual(['Why\uFFFD', 'Because.', 'Really?', 'Yes.']);
    expect(result.warnings[0]).toMatch(/replacement character/);
  });

  it('passes the size limit and the convention on', () => {
    const bytes = new TextEncoder().encode(DIALOGUE);
    expect(importBytes(bytes, { convention: 'paragraphs' }).convention).toBe('paragraphs');
    expect(() => importBytes(bytes, { maxBytes: 10 })).toThrow(/split it/);
  });
});
