import { describe, expect, it } from 'vitest';
import { parseSpeakerLabel, speakerSlug } from '../../shared/import/speaker-name.js';
import { SpeakerBook } from '../../shared/import/speaker-book.js';

describe('parseSpeakerLabel', () => {
  it.each([
    ['NATO Secretary General Mark Rutte', 'Mark Rutte', 'NATO Secretary General'],
    ['President Volodymyr Zelenskyy', 'Volodymyr Zelenskyy', 'President'],
    ['Christiane Amanpour (Moderator)', 'Christiane Amanpour', 'Moderator'],
    ['Christiane Amanpour (Moderator):', 'Christiane Amanpour', 'Moderator'],
    ['Hon. Herb Gray (Deputy Prime Minister (acting), Lib.):', 'Herb Gray', 'Hon., Deputy Prime Minister (acting), Lib.'],
    ['Minister of Foreign Affairs Penny Wong', 'Penny Wong', 'Minister of Foreign Affairs'],
    ['Vice-President Kamala Harris:', 'Kamala Harris', 'Vice-President'],
    ['EU High Representative Kaja Kallas', 'Kaja Kallas', 'EU High Representative'],
    ['Mark Rutte', 'Mark Rutte', null],
    ['John Major', 'John Major', null],
  ])('%s → name %s, role %s', (label, name, role) => {
    expect(parseSpeakerLabel(label)).toMatchObject({ name, role, anonymous: false });
  });

  it('keeps a label that is only a title whole, as the name', () => {
    expect(parseSpeakerLabel('Moderator')).toMatchObject({ name: 'Moderator', role: null });
    expect(parseSpeakerLabel('The Acting Speaker (Ms. Thibeault):')).toMatchObject({
      name: 'The Acting Speaker',
      role: 'Ms. Thibeault',
    });
  });

  it('does not split when the title runs past what it knows', () => {
    expect(parseSpeakerLabel('President of the United States Joe Biden').role).toBeNull();
  });

  it('does not read every word of an all-capitals label as an acronym', () => {
    expect(parseSpeakerLabel('MS. JEAN-PIERRE:')).toMatchObject({ name: 'JEAN-PIERRE', role: 'MS.' });
    expect(parseSpeakerLabel('MARK RUTTE')).toMatchObject({ name: 'MARK RUTTE', role: null });
  });

  it.each(['Question', 'QUESTION', 'question:', 'Q', 'Q.', 'Reporter', 'Audience Member', 'audience  member', 'Participant'])(
    '%s is anonymous, named as written',
    (label) => {
      const parsed = parseSpeakerLabel(label);
      expect(parsed.anonymous).toBe(true);
      expect(parsed.name).toBe(label.replace(/:$/, ''));
    },
  );

  it('gives Q and Question one kind, and labels of one person one key', () => {
    expect(parseSpeakerLabel('Q').key).toBe(parseSpeakerLabel('Question').key);
    expect(parseSpeakerLabel('Reporter').key).not.toBe(parseSpeakerLabel('Question').key);
    expect(parseSpeakerLabel('NATO Secretary General Mark Rutte').key).toBe(parseSpeakerLabel('Mark Rutte:').key);
    expect(parseSpeakerLabel('Dr. Ana María').key).toBe(parseSpeakerLabel('Ana María:').key);
  });

  it('never throws and always gives a name', () => {
    for (const label of ['', '   ', ':', '()', '(', ')', '((a)', 'a (b) (c)', '[x]:']) {
      expect(typeof parseSpeakerLabel(label).name).toBe('string');
    }
  });
});

describe('speakerSlug', () => {
  it.each([
    ['Mark Rutte', 'mark-rutte'],
    ['Question', 'question'],
    ['Zoë Ćirić', 'zoe-ciric'],
    ['JEAN-PIERRE', 'jean-pierre'],
    ['Володимир Зеленський', 'володимир-зеленський'],
    ['???', 'speaker'],
    ['', 'speaker'],
  ])('%s → %s', (name, slug) => {
    expect(speakerSlug(name)).toBe(slug);
  });
});

describe('SpeakerBook', () => {
  it('makes labels that name one person one speaker, with every label as an alias', () => {
    const book = new SpeakerBook();
    const a = book.attribute('NATO Secretary General Mark Rutte');
    const b = book.attribute('Mark Rutte:');
    const c = book.attribute('NATO Secretary General Mark Rutte');
    expect([a, b, c]).toEqual(['mark-rutte', 'mark-rutte', 'mark-rutte']);
    expect(book.list()).toEqual([
      {
        id: 'mark-rutte',
        name: 'Mark Rutte',
        role: 'NATO Secretary General',
        aliases: ['NATO Secretary General Mark Rutte', 'Mark Rutte:'],
        anonymous: false,
      },
    ]);
  });

  it('takes a role from a later label when the first had none', () => {
    const book = new SpeakerBook();
    book.attribute('Christiane Amanpour');
    book.attribute('Christiane Amanpour (Moderator)');
    expect(book.list()[0]?.role).toBe('Moderator');
  });

  it('gives one anonymous speaker per kind', () => {
    const book = new SpeakerBook();
    const ids = ['Question', 'Q', 'Reporter', 'question'].map((l) => book.attribute(l));
    expect(ids).toEqual(['question', 'question', 'reporter', 'question']);
    expect(book.list().map((s) => [s.name, s.anonymous, s.aliases])).toEqual([
      ['Question', true, ['Question', 'Q', 'question']],
      ['Reporter', true, ['Reporter']],
    ]);
  });

  it('de-duplicates ids of different people whose names slug alike', () => {
    const book = new SpeakerBook();
    expect(['Mark Rutte', 'Mark Rütte', 'Mark-Rutte'].map((l) => book.attribute(l))).toEqual([
      'mark-rutte',
      'mark-rutte-2',
      'mark-rutte-3',
    ]);
  });
});
