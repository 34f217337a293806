/** The two real NATO transcripts, end to end through importBytes. */
import { describe, expect, it } from 'vitest';
import { importBytes } from '../../shared/import/index.js';
import { TranscriptBodySchema } from '../../shared/model.js';
import {
  accountedText,
  KYIV,
  MUNICH,
  sortedCounts,
  speakerNamed,
  speakerNames,
  transcriptBytes,
  transcriptText,
} from './helpers.js';

const CHROME_WORDS = ['Verification code', 'password', 'NATO MULTIMEDIA ACCOUNT', 'newsletter', 'Register'];

describe('Kyiv press conference', () => {
  const result = importBytes(transcriptBytes(KYIV));
  const { body } = result;

  it('is read as labels on their own lines, with a valid body', () => {
    expect(result.convention).toBe('label-line');
    expect(result.confidence).toBeGreaterThan(0.8);
    expect(() => TranscriptBodySchema.parse(body)).not.toThrow();
    expect(body.history).toEqual([]);
  });

  it('has the 11 turns in order, the unlabelled opening speech first', () => {
    expect(speakerNames(body)).toEqual([
      null,
      'Question',
      'Mark Rutte',
      'Question',
      'Mark Rutte',
      'Volodymyr Zelenskyy',
      'Mark Rutte',
      'Question',
      'Mark Rutte',
      'Question',
      'Mark Rutte',
    ]);
    expect(body.turns.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10', 't11']);
    expect(body.turns[0]?.label).toBeNull();
    expect(body.turns[0]?.paragraphs[0]).toMatch(/^Well thank you Volodymyr/);
  });

  it('splits names from roles and gives Question one anonymous speaker', () => {
    expect(speakerNamed(body, 'Mark Rutte')).toMatchObject({
      id: 'mark-rutte',
      role: 'NATO Secretary General',
      anonymous: false,
      aliases: ['NATO Secretary General Mark Rutte'],
    });
    expect(speakerNamed(body, 'Volodymyr Zelenskyy')).toMatchObject({ id: 'volodymyr-zelenskyy', role: 'President' });
    expect(speakerNamed(body, 'Question')).toMatchObject({ id: 'question', anonymous: true, role: null });
    expect(body.speakers).toHaveLength(3);
  });

  it('keeps the short content line that looks like a label as Zelenskyy’s text', () => {
    const turn = body.turns[5];
    expect(turn?.label).toBe('President Volodymyr Zelenskyy');
    expect(turn?.paragraphs).toEqual(['Because of the number of the ballistic missiles.']);
    expect(body.turns[4]?.paragraphs.at(-1)).toMatch(/Maybe it is even-$/);
    expect(body.turns[7]?.paragraphs[0]).toMatch(/^\(in Ukrainian on whether/);
  });

  it('sets the web-page chrome aside, exactly, before every turn', () => {
    const turnText = body.turns.flatMap((t) => t.paragraphs).join('\n');
    for (const word of CHROME_WORDS) expect(turnText).not.toContain(word);
    expect(body.removed).toHaveLength(1);
    const removed = body.removed[0];
    expect(removed).toMatchObject({ id: 'r1', kind: 'chrome', afterTurn: null });
    const lines = transcriptText(KYIV).split('\n');
    const end = lines.findIndex((l) => l.startsWith('Click the button'));
    expect(removed?.text).toBe(lines.slice(0, end + 1).join('\n'));
    expect(removed?.reason).toMatch(/web-page/i);
  });

  it('does not turn the no-break-space line into a paragraph', () => {
    const paragraphs = body.turns.flatMap((t) => t.paragraphs);
    expect(paragraphs.every((p) => p.trim() !== '')).toBe(true);
    expect(body.turns[0]?.paragraphs).toHaveLength(11);
    expect(body.turns[0]?.paragraphs.at(-1)).toMatch(/^The men and women of your armed forces/);
  });

  it('loses nothing', () => {
    expect(sortedCounts(accountedText(result))).toEqual(sortedCounts(transcriptText(KYIV)));
  });
});

describe('Munich panel', () => {
  const result = importBytes(transcriptBytes(MUNICH));
  const { body } = result;

  it('is read as labels on their own lines, with a valid body', () => {
    expect(result.convention).toBe('label-line');
    expect(() => TranscriptBodySchema.parse(body)).not.toThrow();
  });

  it('has 12 turns alternating the moderator and the Secretary General', () => {
    expect(speakerNames(body)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'Mark Rutte' : 'Christiane Amanpour')));
    expect(speakerNamed(body, 'Christiane Amanpour')).toMatchObject({
      role: 'Moderator',
      aliases: ['Christiane Amanpour (Moderator)'],
    });
    expect(speakerNamed(body, 'Mark Rutte').role).toBe('NATO Secretary General');
  });

  it('keeps "Speakers included" as metadata, not in a turn', () => {
    expect(body.metadata.speakers).toMatch(/^Speakers included Volodymyr Zelenskyy, President of Ukraine;.*Cable News Network\.$/);
    const turnText = body.turns.flatMap((t) => t.paragraphs).join('\n');
    expect(turnText).not.toContain('Speakers included');
    expect(turnText).not.toContain('Roberta Metsola');
  });

  it('reads a label followed by its text with no blank line between', () => {
    const turn = body.turns.find((t) => t.paragraphs[0]?.startsWith("Here's the thing."));
    expect(turn?.label).toBe('NATO Secretary General Mark Rutte');
    expect(turn?.id).toBe('t10');
    expect(turn?.paragraphs).toHaveLength(2);
  });

  it('keeps short one-line questions as text', () => {
    expect(body.turns[2]?.paragraphs).toEqual(['What did you tell the dog that you were going to give Ukraine now?']);
  });

  it('sets the chrome aside and loses nothing', () => {
    expect(body.removed.map((r) => [r.kind, r.afterTurn])).toEqual([['chrome', null]]);
    for (const word of CHROME_WORDS) expect(body.turns.flatMap((t) => t.paragraphs).join('\n')).not.toContain(word);
    expect(sortedCounts(accountedText(result))).toEqual(sortedCounts(transcriptText(MUNICH)));
  });
});
