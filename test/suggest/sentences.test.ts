import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../shared/suggest/index.js';

function sentences(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

describe('splitSentences', () => {
  it('splits at full stops, question and exclamation marks followed by a capital', () => {
    expect(sentences('Ukraine has resisted. Ukraine has defended! Has it? Yes.')).toEqual([
      'Ukraine has resisted.',
      'Ukraine has defended!',
      'Has it?',
      'Yes.',
    ]);
  });

  it('does not split at titles, initials, initialisms, numbering words or decimals', () => {
    const text =
      'Mr. Speaker, Mr. Jake E. Hoeppner spoke. The U.S. President met Dr. Smith at 10 a.m. Monday. Resolution No. 141 passed with 2.5 votes, e.g. Canada voted. It was Sept. 11 again.';
    expect(sentences(text)).toEqual([
      'Mr. Speaker, Mr. Jake E. Hoeppner spoke.',
      'The U.S. President met Dr. Smith at 10 a.m. Monday.',
      'Resolution No. 141 passed with 2.5 votes, e.g. Canada voted.',
      'It was Sept. 11 again.',
    ]);
  });

  it('keeps closing quotes and brackets with the sentence; a lower-case word continues it', () => {
    expect(sentences('He said "stop." Then he left. (Laughter.) Wait... what? it went on.')).toEqual([
      'He said "stop."',
      'Then he left.',
      '(Laughter.)',
      'Wait... what? it went on.',
    ]);
  });

  it('splits after a contraction ("doesn\'t.") and after a number at the end', () => {
    expect(sentences("Which it doesn't. So stop. It began in 2022. Then more.")).toEqual([
      "Which it doesn't.",
      'So stop.',
      'It began in 2022.',
      'Then more.',
    ]);
  });

  it('never crosses a line break, trims white space, and gives UTF-16 offsets into the text', () => {
    const text = '  Слава Україні! 😀 Emoji here.\nSecond paragraph\n\nNext turn.  ';
    const spans = splitSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Слава Україні!', '😀 Emoji here.', 'Second paragraph', 'Next turn.']);
    expect(spans[1]).toEqual({ start: 17, end: 31 }); // two spaces, 'Слава Україні! ' then the emoji (two code units)
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n \n')).toEqual([]);
  });
});
