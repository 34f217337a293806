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
    expect(listConventions()).toEqual([
      { id: 'label-line', label: 'Label on its own line' },
      { id: 'paragraphs', label: 'Plain paragraphs, no speakers' },
    ]);
  });

  it('picks the most confident convention', () => {
    expect(importText(DIALOGUE).convention).toBe('label-line');
    expect(importText(transcriptText(KYIV)).convention).toBe('label-line');
    expect(importText('Some prose.\n\nMore prose.').convention).toBe('paragraphs');
    expect(rankConventions(DIALOGUE).map((s) => s.id)).toEqual(['label-line', 'paragraphs']);
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
    expect(() => importText(DIALOGUE, { convention: 'docx' })).toThrow(ParleyError);
    try {
      importText(DIALOGUE, { convention: 'docx' });
    } catch (e) {
      expect((e as ParleyError).code).toBe('bad-request');
      expect((e as ParleyError).message).toMatch(/label-line, paragraphs/);
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
