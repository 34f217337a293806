import { describe, expect, it } from 'vitest';
import { parseSpeakerLabel, speakerSlug } from '../../shared/import/speaker-name.js';
import { SpeakerBook } from '../../shared/import/speaker-book.js';

describe('parseSpeakerLabel', () => {
  it.each([
    ['NATO Secretary General Mark Rutte', 'Mark Rutte', 'NATO Secretary General'],
    ['President Volodymyr Zelenskyy', 'Volodymyr Zelenskyy', 'President'],
    ['Christiane Amanpour (Moderator)', 'Christiane Amanpour', 'Moderator'],
    ['Christiane Amanpour (Moderator):', 'Christiane Amanpour', 'Moderator'],
    ['Hon. Herb Gray (Deputy Prime Minister (acting), Lib.):', 'Herb Gray', 'Deputy Prime Minister (acting), Lib.'],
    ['Hon. Herb Gray (Deputy Prime Minister, Lib.):', 'Herb Gray', 'Deputy Prime Minister, Lib.'],
    ['Mr. Werner Schmidt (Kelowna, Ref.):', 'Werner Schmidt', 'Kelowna, Ref.'],
    ['The Hon. Arthur C. Eggleton (Minister of National Defence, Lib.):', 'Arthur C. Eggleton', 'Minister of National Defence, Lib.'],
    ['The Acting Speaker (Ms. Thibeault):', 'Thibeault', 'Acting Speaker'],
    ['PRESS SECRETARY JEAN-PIERRE:', 'Jean-Pierre', 'Press Secretary'],
    ['REPRESENTATIVE DINGELL:', 'Dingell', 'Representative'],
    ['Sam Lee [Acme Corp]:', 'Sam Lee', 'Acme Corp'],
    ['Chair Ingrid Solberg', 'Ingrid Solberg', 'Chair'],
    ['Speaker 2', 'Speaker 2', null],
    ['Minister of Foreign Affairs Penny Wong', 'Penny Wong', 'Minister of Foreign Affairs'],
    ['Vice-President Kamala Harris:', 'Kamala Harris', 'Vice-President'],
    ['EU High Representative Kaja Kallas', 'Kaja Kallas', 'EU High Representative'],
    ['Mark Rutte', 'Mark Rutte', null],
    ['John Major', 'John Major', null],
  ])('%s → name %s, role %s', (label, name, role) => {
    expect(parseSpeakerLabel(label)).toMatchObject({ name, role, anonymous: false });
  });

  it('keeps a label that is only a title whole, as the name', () => {
    expect(parseSpeakerLabel('Moderator')).toMatchObject({ name: 'Moderator', role: null, officeOnly: true });
    expect(parseSpeakerLabel('THE PRESIDENT:')).toMatchObject({ name: 'The President', role: null, officeOnly: true });
    expect(parseSpeakerLabel('Mr. Speaker')).toMatchObject({ name: 'Mr. Speaker', role: null });
  });

  it('reads the person in the brackets after an office, so that two people in one office stay apart', () => {
    const thibeault = parseSpeakerLabel('The Acting Speaker (Ms. Thibeault):');
    const mcclelland = parseSpeakerLabel('The Acting Speaker (Mr. McClelland):');
    expect(thibeault).toMatchObject({ name: 'Thibeault', honorific: 'Ms.', role: 'Acting Speaker' });
    expect(mcclelland).toMatchObject({ name: 'McClelland', honorific: 'Mr.' });
    expect(thibeault.key).not.toBe(mcclelland.key);
    expect(parseSpeakerLabel('Moderator (Jane Smith)')).toMatchObject({ name: 'Jane Smith', role: 'Moderator' });
    expect(parseSpeakerLabel('Moderator (BBC News)')).toMatchObject({ name: 'Moderator', role: 'BBC News' });
  });

  it('keeps honorifics apart from the name and the role', () => {
    expect(parseSpeakerLabel('MS. JEAN-PIERRE:')).toMatchObject({ name: 'Jean-Pierre', honorific: 'Ms.', role: null });
    expect(parseSpeakerLabel('Dr. Ana María')).toMatchObject({ name: 'Ana María', honorific: 'Dr.', role: null });
    expect(parseSpeakerLabel('The Rt. Hon. Sir Keir Starmer')).toMatchObject({ name: 'Keir Starmer', honorific: 'Rt. Hon. Sir' });
    expect(parseSpeakerLabel('Hon. Herb Gray (Deputy Prime Minister, Lib.)').honorific).toBe('Hon.');
  });

  it('does not split when the title runs past what it knows', () => {
    expect(parseSpeakerLabel('President of the United States Joe Biden').role).toBeNull();
  });

  it('shows names in capitals in normal case, without reading every word as an acronym', () => {
    expect(parseSpeakerLabel('MARK RUTTE')).toMatchObject({ name: 'Mark Rutte', role: null });
    expect(parseSpeakerLabel('MR. MCCLELLAND:')).toMatchObject({ name: 'McClelland' });
    expect(parseSpeakerLabel("MS. O'NEILL-BRADY:")).toMatchObject({ name: "O'Neill-Brady" });
    expect(parseSpeakerLabel('COMMISSIONER URSULA VON DER LEYEN')).toMatchObject({ name: 'Ursula von der Leyen', role: 'Commissioner' });
  });

  it.each(['Question', 'question:', 'Q', 'Q.', 'Reporter', 'Audience Member', 'audience  member', 'Participant'])(
    '%s is anonymous, named as written',
    (label) => {
      const parsed = parseSpeakerLabel(label);
      expect(parsed.anonymous).toBe(true);
      expect(parsed.name).toBe(label.replace(/:$/, ''));
    },
  );

  it('names an anonymous label in capitals in normal case', () => {
    expect(parseSpeakerLabel('QUESTION:')).toMatchObject({ name: 'Question', anonymous: true });
    expect(parseSpeakerLabel('AUDIENCE MEMBER')).toMatchObject({ name: 'Audience Member', anonymous: true });
  });

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

  it('makes the variant labels of one person one speaker, the variants kept as aliases', () => {
    const book = new SpeakerBook();
    const ids = [
      'The Hon. Arthur C. Eggleton (Minister of National Defence, Lib.):',
      'Hon. Arthur C. Eggleton (Minister of National Defence, Lib.):',
    ].map((l) => book.attribute(l));
    expect(ids[0]).toBe(ids[1]);
    expect(book.list()).toHaveLength(1);
    expect(book.list()[0]?.aliases).toHaveLength(2);
  });

  it('joins an honorific-only label and a titled one; the office replaces the honorific as role', () => {
    const book = new SpeakerBook();
    const a = book.attribute('MS. JEAN-PIERRE:');
    expect(book.list()[0]).toMatchObject({ name: 'Jean-Pierre', role: 'Ms.' });
    const b = book.attribute('PRESS SECRETARY JEAN-PIERRE:');
    expect(b).toBe(a);
    expect(book.list()[0]).toMatchObject({ name: 'Jean-Pierre', role: 'Press Secretary', aliases: ['MS. JEAN-PIERRE:', 'PRESS SECRETARY JEAN-PIERRE:'] });
  });

  it('keeps two people under one office apart', () => {
    const book = new SpeakerBook();
    const a = book.attribute('The Acting Speaker (Ms. Thibeault):');
    const b = book.attribute('The Acting Speaker (Mr. McClelland):');
    expect(a).not.toBe(b);
    expect(book.list().map((s) => [s.name, s.role])).toEqual([
      ['Thibeault', 'Acting Speaker'],
      ['McClelland', 'Acting Speaker'],
    ]);
  });

  it('matches a surname alone to the one full name that ends with it, and to none when two do', () => {
    const book = new SpeakerBook();
    const rutte = book.attribute('NATO Secretary General Mark Rutte');
    expect(book.attribute('MR. RUTTE:')).toBe(rutte);
    book.attribute('Stephan Tremblay (Lac-Saint-Jean, BQ):');
    book.attribute('Mrs. Suzanne Tremblay (Rimouski-Mitis, BQ):');
    const tremblay = book.attribute('TREMBLAY:');
    expect(book.list().find((s) => s.id === tremblay)?.aliases).toEqual(['TREMBLAY:']);
  });

  it('keeps honorifics that disagree apart, and completes a surname with a later full name', () => {
    const book = new SpeakerBook();
    const mr = book.attribute('Mr. Osei:');
    expect(book.attribute('Ms. Abena Osei:')).not.toBe(mr);
    const other = new SpeakerBook();
    const tyler = other.attribute('MR. TYLER:');
    expect(other.attribute('Michael Tyler:')).toBe(tyler);
    expect(other.list()[0]?.name).toBe('Michael Tyler');
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
