import { describe, expect, it } from 'vitest';
import { importText } from '../../shared/import/index.js';
import { labelLineConvention } from '../../shared/import/label-line.js';
import { TranscriptBodySchema } from '../../shared/model.js';
import { speakerNames } from './helpers.js';

/** A document from lines, one string per line. */
const doc = (...lines: string[]) => lines.join('\n');

function read(text: string) {
  const result = labelLineConvention.parse(text);
  TranscriptBodySchema.parse(result.body);
  return result;
}

describe('label-line convention', () => {
  it('reads labels alone on their lines, with hard-wrapped paragraphs joined', () => {
    const { body } = read(
      doc('Jane Doe', '', 'First line of a paragraph', 'wrapped here.', '', 'Second paragraph.', '', 'John Roe', '', 'Reply.'),
    );
    expect(body.turns).toEqual([
      { id: 't1', speaker: 'jane-doe', label: 'Jane Doe', paragraphs: ['First line of a paragraph wrapped here.', 'Second paragraph.'] },
      { id: 't2', speaker: 'john-roe', label: 'John Roe', paragraphs: ['Reply.'] },
    ]);
    expect(body.removed).toEqual([]);
    expect(body.history).toEqual([]);
  });

  it('treats lines of only white space, no-break spaces included, as blank', () => {
    const { body } = read(doc('Jane Doe', '\u00A0', 'One.', ' \u00A0\t', 'Two.', '', 'John Roe', '\u2003', 'Three.'));
    expect(body.turns.map((t) => t.paragraphs)).toEqual([['One.', 'Two.'], ['Three.']]);
  });

  it('reads a known label with its text on the next line', () => {
    const { body } = read(doc('Jane Doe', '', 'One.', '', 'John Roe', '', 'Two.', '', 'Jane Doe', 'Three, at once.', 'Still three.'));
    expect(body.turns.map((t) => [t.label, t.paragraphs])).toEqual([
      ['Jane Doe', ['One.']],
      ['John Roe', ['Two.']],
      ['Jane Doe', ['Three, at once. Still three.']],
    ]);
  });

  it('needs a lone label followed by text before it trusts a label with no text', () => {
    const { body } = read(doc('Jane Doe', '', 'One.', '', 'John Roe', '', 'Jane Doe', '', 'Two.'));
    expect(body.turns.map((t) => t.paragraphs)).toEqual([['One.', 'John Roe'], ['Two.']]);
  });

  it('does not read the first line of an ordinary paragraph as a label when nobody of that name spoke', () => {
    const { body } = read(doc('Jane Doe', '', 'One.', '', 'The Prime Minister Spoke First', 'and then the others did.'));
    expect(body.turns).toHaveLength(1);
    expect(body.turns[0]?.paragraphs).toEqual(['One.', 'The Prime Minister Spoke First and then the others did.']);
  });

  it('gives a known label with no text under it one empty paragraph', () => {
    const { body } = read(
      doc('Jane Doe', '', 'One.', '', 'John Roe', '', 'Two.', '', 'Jane Doe', '', 'John Roe', '', 'Three.', '', 'Jane Doe'),
    );
    expect(body.turns.map((t) => [t.label, t.paragraphs])).toEqual([
      ['Jane Doe', ['One.']],
      ['John Roe', ['Two.']],
      ['Jane Doe', ['']],
      ['John Roe', ['Three.']],
      ['Jane Doe', ['']],
    ]);
  });

  it('makes text before the first label a turn without a speaker, and metadata of metadata', () => {
    const result = read(
      doc('Date: 4 February 2026', '', 'Participants: Jane Doe, John Roe', '', 'Opening words.', '', 'More.', '', 'Jane Doe', '', 'One.'),
    );
    expect(result.body.metadata).toEqual({ date: 'Date: 4 February 2026', participants: 'Participants: Jane Doe, John Roe' });
    expect(result.body.turns[0]).toEqual({ id: 't1', speaker: null, label: null, paragraphs: ['Opening words.', 'More.'] });
    expect(result.warnings.some((w) => /no speaker/.test(w))).toBe(true);
  });

  it('keeps a metadata-like paragraph after the first label as text', () => {
    const { body } = read(doc('Jane Doe', '', 'Date: tomorrow, she said.', '', 'John Roe', '', 'Fine.'));
    expect(body.metadata).toEqual({});
    expect(body.turns[0]?.paragraphs).toEqual(['Date: tomorrow, she said.']);
  });

  it('keeps content lines that are shaped almost like labels as text', () => {
    const { body } = read(
      doc('Jane Doe', '', 'Why Not?', '', 'Yes', '', 'Maybe It Is Even-', '', 'John Roe', '', 'Because.'),
    );
    expect(speakerNames(body)).toEqual(['Jane Doe', 'John Roe']);
    expect(body.turns[0]?.paragraphs).toEqual(['Why Not?', 'Yes', 'Maybe It Is Even-']);
  });

  it('keeps the label as written, and makes one speaker of one person under two labels', () => {
    const { body } = read(doc('Secretary General Mark Rutte:', '', 'One.', '', 'Question', '', 'Two?', '', 'Mark Rutte', '', 'Three.'));
    expect(body.turns.map((t) => [t.speaker, t.label])).toEqual([
      ['mark-rutte', 'Secretary General Mark Rutte:'],
      ['question', 'Question'],
      ['mark-rutte', 'Mark Rutte'],
    ]);
    expect(body.speakers.find((s) => s.id === 'mark-rutte')?.aliases).toEqual(['Secretary General Mark Rutte:', 'Mark Rutte']);
  });

  it('is sure of recurring, alternating labels and unsure of headings', () => {
    const dialogue = doc('Question', '', 'Why?', '', 'Jane Doe', '', 'Because.', '', 'Question', '', 'Really?', '', 'Jane Doe', '', 'Yes.');
    const headings = doc('Introduction', '', 'Some text.', '', 'Background', '', 'More text.', '', 'Method', '', 'Text.');
    expect(labelLineConvention.detect(dialogue)).toBeGreaterThan(0.8);
    expect(labelLineConvention.detect(headings)).toBeLessThan(0.1);
    expect(labelLineConvention.detect('Just one paragraph of prose.')).toBe(0);
    expect(importText(headings).convention).toBe('paragraphs');
  });

  it('imports the empty text as an empty body', () => {
    expect(read('').body).toEqual({ metadata: {}, speakers: [], turns: [], removed: [], history: [] });
  });
});
