import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ERRORS_LIMIT,
  MIN_MATCH_SCORE,
  POSITION_WEIGHT,
  PREFIX_WEIGHT,
  QUOTE_WEIGHT,
  SUFFIX_WEIGHT,
  exactOccurrences,
  findQuoteMatches,
  matchQuote,
  maxErrorsFor,
} from '../../shared/anchoring/match-quote.js';
import { anchoredSimilarity, editDistance, prefixSimilarity, suffixSimilarity, tableDistance } from '../../shared/anchoring/similarity.js';

const TEXT =
  'Well thank you Volodymyr, and let me say I am grateful for the warm welcome amidst the winter cold. ' +
  'It is always an honour to be with you here. And an inspiration, to stand alongside you to affirm ' +
  "NATO's continued support for Ukraine. For every one of the 1441 days since Russia's full-scale invasion, " +
  'Ukraine has resisted. Ukraine has defended. Ukraine has stood strong.';

describe('matchQuote', () => {
  it('weighs the quote most, the surroundings next, position least', () => {
    expect([QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT]).toEqual([50, 20, 20, 2]);
  });

  it('finds an exact quote with a perfect score', () => {
    const quote = 'warm welcome amidst the winter cold';
    const start = TEXT.indexOf(quote);
    const prefix = TEXT.slice(start - 32, start);
    const suffix = TEXT.slice(start + quote.length, start + quote.length + 32);
    expect(matchQuote(TEXT, quote, { prefix, suffix, hint: start })).toEqual({ start, end: start + quote.length, score: 1 });
  });

  it('scores quotes from most to least similar in descending order', () => {
    const quotes = [
      'It is always an honour to be with you here.',
      'It is always an honor to be with you here.',
      'It is always a great honor to be with you here.',
      'It is always a great honour to stand with you over here.',
      'It was never an honour to be here with them at all.',
    ];
    const scores = quotes.map((q) => matchQuote(TEXT, q)?.score ?? 0);
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThan(scores[i] as number);
  });

  it('scores surroundings from most to least similar in descending order', () => {
    const start = TEXT.indexOf('honour');
    const prefix = TEXT.slice(start - 32, start);
    const prefixes = [prefix, prefix.replace('always', 'often'), prefix.replace('It is always', 'They are often'), 'unrelated words of no use at all '];
    const scores = prefixes.map((p) => findQuoteMatches(TEXT, 'honour', { prefix: p })[0]?.score ?? 0);
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThan(scores[i] as number);
  });

  it('breaks a tie by position: the occurrence nearest the hint wins', () => {
    // "Ukraine has" three times; without context only the hint tells them apart.
    const first = TEXT.indexOf('Ukraine has');
    const third = TEXT.lastIndexOf('Ukraine has');
    expect(matchQuote(TEXT, 'Ukraine has', { hint: first })?.start).toBe(first);
    expect(matchQuote(TEXT, 'Ukraine has', { hint: third + 5 })?.start).toBe(third);
    // With no hint, the leftmost.
    expect(matchQuote(TEXT, 'Ukraine has')?.start).toBe(TEXT.indexOf('Ukraine has'));
  });

  it('answers null for an empty quote, an empty text, and a quote that is not there', () => {
    expect(matchQuote(TEXT, '')).toBeNull();
    expect(matchQuote('', 'anything')).toBeNull();
    expect(matchQuote('', '')).toBeNull();
    expect(matchQuote(TEXT, 'Completely different words that never occurred')).toBeNull();
  });

  it('allows half the quote in errors when searching, at most MAX_ERRORS_LIMIT', () => {
    expect(maxErrorsFor(10)).toBe(5);
    expect(maxErrorsFor(11)).toBe(5);
    expect(maxErrorsFor(5000)).toBe(MAX_ERRORS_LIMIT);
    // Four errors in a 10-unit quote are found; the score then falls below the threshold.
    const found = findQuoteMatches('one two three four', 'twX threX', {});
    expect(found[0]?.errors).toBeLessThanOrEqual(maxErrorsFor(9));
    expect(MIN_MATCH_SCORE).toBeGreaterThan(0.5);
  });

  it('rejects a quote that is there only in unrelated surroundings', () => {
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho';
    const m = findQuoteMatches(text, 'iota', { prefix: 'completely different words here ', suffix: ' and something else altogether' });
    expect(m[0]?.quoteScore).toBe(1);
    expect(m[0]?.score).toBeLessThan(MIN_MATCH_SCORE);
    expect(matchQuote(text, 'iota', { prefix: 'completely different words here ', suffix: ' and something else altogether' })).toBeNull();
  });

  it('searches only inside a window when asked', () => {
    const start = TEXT.indexOf('Ukraine has');
    const matches = findQuoteMatches(TEXT, 'Ukraine has', {}, { from: start + 1, to: TEXT.length });
    expect(matches.every((m) => m.start > start)).toBe(true);
    expect(matches).toHaveLength(2);
  });
});

describe('exactOccurrences', () => {
  it('returns the occurrences nearest a position, up to a limit, in text order', () => {
    const text = 'ab ab ab ab ab';
    expect(exactOccurrences(text, 'ab', 0, text.length, 7, 2).map((m) => m.start)).toEqual([6, 9]);
    expect(exactOccurrences(text, 'ab', 0, text.length, 0, 10).map((m) => m.start)).toEqual([0, 3, 6, 9, 12]);
    expect(exactOccurrences(text, 'ab', 4, 11, 0, 10).map((m) => m.start)).toEqual([6, 9]);
    expect(exactOccurrences(text, '', 0, text.length, 0, 10)).toEqual([]);
  });
});

describe('context similarity', () => {
  it('is 1 for the same context, lower with every edit, and anchored at the quote', () => {
    const text = 'the committee said that the budget';
    const at = text.indexOf('budget');
    expect(prefixSimilarity(text, at, 'committee said that the ')).toBe(1);
    expect(prefixSimilarity(text, at, 'committee said this the ')).toBeCloseTo(1 - 2 / 24);
    // Anchored: the same words, not ending where the quote starts, score lower.
    expect(prefixSimilarity(text, at - 4, 'committee said that the ')).toBeLessThan(0.9);
    expect(suffixSimilarity('budget is big', 6, ' is big')).toBe(1);
    expect(suffixSimilarity('budget', 6, ' is big')).toBe(0);
    expect(prefixSimilarity('anything', 0, '')).toBe(1);
  });

  it('computes the same distance bit-parallel as with the plain table (property)', () => {
    const unit = fc.constantFrom('a', 'b', 'c', ' ', 'é', '😀');
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 32 }), fc.array(unit, { maxLength: 48 }), fc.boolean(), (s, t, forward) => {
        const stored = s.join('').slice(0, 32);
        const text = t.join('');
        const [start, stop, step] = forward ? [0, text.length, 1 as const] : [text.length - 1, -1, -1 as const];
        const d = tableDistance(stored, text, start, stop, step);
        expect(anchoredSimilarity(stored, text, start, stop, step)).toBe(Math.max(0, 1 - d / stored.length));
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('edit distance: exact within the bound, max + 1 beyond it', () => {
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('', 'abc', 5)).toBe(3);
    expect(editDistance('abc', 'abc', 0)).toBe(0);
    expect(editDistance('abcdef', 'a', 2)).toBe(3);
  });
});
