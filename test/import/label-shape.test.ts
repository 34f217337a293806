import { describe, expect, it } from 'vitest';
import { looksLikeLabel } from '../../shared/import/label-shape.js';

describe('looksLikeLabel', () => {
  it.each([
    'NATO Secretary General Mark Rutte',
    'President Volodymyr Zelenskyy',
    'Christiane Amanpour (Moderator)',
    'Question',
    'Q',
    'Q.',
    'Jane Doe:',
    'Ursula von der Leyen',
    'Hon. Herb Gray (Deputy Prime Minister (acting), Lib.):',
    'The Acting Speaker (Ms. Thibeault):',
    'Martin Luther King Jr.',
    'Speaker 2',
    'MS. JEAN-PIERRE:',
  ])('accepts %s', (line) => {
    expect(looksLikeLabel(line)).toBe(true);
  });

  it.each([
    'Because of the number of the ballistic missiles.',
    'What did you tell the dog that you were going to give Ukraine now?',
    'Maybe it is even-',
    'Maybe It Is Even—',
    'He Said “Yes.”',
    'Thank you',
    'Yes',
    'Well thank you Volodymyr, and let me say',
    '(in Ukrainian on whether the Secretary General would call President Trump)',
    'Date: 12 May 2025',
    'Mark Rutte (Moderator) said',
    'Christiane Amanpour (Moderator',
    'The Very Long Label That Has Far Too Many Words To Be A Name',
    'A'.repeat(81),
    'lower case name',
    '',
  ])('rejects %s', (line) => {
    expect(looksLikeLabel(line)).toBe(false);
  });
});
