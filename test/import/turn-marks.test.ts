/** What the importer marks inside a turn: non-speech, and a suggested speaker for an anonymous one. */
import { describe, expect, it } from 'vitest';
import { nonSpeechRanges } from '../../shared/import/non-speech.js';
import { suggestSpeaker } from '../../shared/import/suggestion.js';

const marked = (text: string) => nonSpeechRanges(text, 0).map((r) => text.slice(r.from, r.to));

describe('nonSpeechRanges', () => {
  it.each([
    ['(Laughter.)', ['(Laughter.)']],
    ['Next week?  (Laughter.)', ['(Laughter.)']],
    ['(Laughs.)  One at a time.', ['(Laughs.)']],
    ['(Inaudible) picket line.', ['(Inaudible)']],
    ['[crosstalk] no, [CROSSTALK]', ['[crosstalk]', '[CROSSTALK]']],
    ['We heard [applause] and [music playing].', ['[applause]', '[music playing]']],
    ['(in Ukrainian on whether the Secretary General would call President Trump)', ['(in Ukrainian on whether the Secretary General would call President Trump)']],
  ])('%s', (text, expected) => {
    expect(marked(text)).toEqual(expected);
  });

  it.each(['We [the allies] agree.', '(b) acquire and dispose of any interest;', 'Deputy Prime Minister (acting) spoke.', 'an (unclosed laughter', ''])(
    'leaves speech alone: %s',
    (text) => {
      expect(marked(text)).toEqual([]);
    },
  );

  it('counts in UTF-16 code units and sets the paragraph index', () => {
    expect(nonSpeechRanges('😀 (laughs)', 3)).toEqual([{ paragraph: 3, from: 3, to: 11 }]);
  });
});

describe('suggestSpeaker', () => {
  it.each([
    ['Natalya Kushnir, ABC News. Actually, I have a question', 'Natalya Kushnir', 'ABC News'],
    ['Hi, I’m Jane Roe from Reuters. Question about', 'Jane Roe', 'Reuters'],
    ['Thank you. Anna Berg, Dagens Nyheter. You said', 'Anna Berg', 'Dagens Nyheter'],
    ['Sam Lee with the Washington Post, thanks.', 'Sam Lee', 'Washington Post'],
    ['Hélène Dubois, Le Littoral.  Will the subsidy', 'Hélène Dubois', 'Le Littoral'],
    ['Good morning. This is Pat O’Neill of Radio Kerry. Can you', 'Pat O’Neill', 'Radio Kerry'],
  ])('%s → %s, %s', (text, name, role) => {
    expect(suggestSpeaker(text)).toMatchObject({ name, role });
  });

  it.each([
    'Liz Shuler, right?',
    'Thanks, Mike.  In your topper',
    'My first question is for the Secretary General.',
    'Mr. Secretary General, NATO says.',
    'Thank You Very Much, Everyone.',
    '',
  ])('suggests nobody for: %s', (text) => {
    expect(suggestSpeaker(text)).toBeUndefined();
  });

  it('quotes its evidence', () => {
    expect(suggestSpeaker('Natalya Kushnir, ABC News. Actually')?.evidence).toBe('Natalya Kushnir, ABC News.');
  });
});
