/**
 * Finding a quote in a text that may have changed, after the Hypothesis client's
 * `src/annotator/anchoring/match-quote.ts`: approximate matches of the quote, each scored by how
 * similar it is to the quote, how well the text around it agrees with the stored prefix and suffix,
 * and how close it is to where the quote used to be. Strings in, offsets out; no DOM.
 */
import approxSearch from 'approx-string-match';
import { prefixSimilarity, quoteSimilarity, suffixSimilarity } from './similarity.js';

/**
 * The scoring weights. The quote itself is the main evidence; the surroundings together weigh
 * almost as much, because a short or common quote ("the budget", "Thank you.") is found in many
 * places and only its surroundings tell them apart; position is only a tie-breaker, because text
 * can move far (a paragraph cut and pasted) without becoming another passage.
 */
/** Similarity of the matched text to the quote. */
export const QUOTE_WEIGHT = 50;
/** Similarity of the text before the match to the stored prefix. */
export const PREFIX_WEIGHT = 20;
/** Similarity of the text after the match to the stored suffix. */
export const SUFFIX_WEIGHT = 20;
/** Closeness to the expected position (the hint), relative to the text's length. */
export const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * The most errors (insertions, deletions, substitutions) an approximate match may have:
 * half the quote's length, and never more than MAX_ERRORS_LIMIT.
 *
 * The trade-off: approx-string-match runs in O(ceil(maxErrors / 32) x text length), so every 32
 * allowed errors add a pass's worth of work over the text, and a looser bound admits "matches"
 * that the scoring must then throw away. A tighter bound misses quotes that were edited heavily.
 * Half the length is where a match stops being more like the quote than unlike it; the cap keeps a
 * paragraph-long quote at eight 32-bit blocks per text unit (about 1 MB x 8 steps) instead of
 * dozens, and a paragraph changed in more than 256 places is better detached than guessed.
 */
export const MAX_ERRORS_LIMIT = 256;

export function maxErrorsFor(quoteLength: number): number {
  return Math.min(MAX_ERRORS_LIMIT, Math.floor(quoteLength / 2));
}

/**
 * Below this normalised score matchQuote answers null. Worked through the weights: an exact quote
 * whose surroundings agree on one side scores about 0.85; an exact quote in unrelated surroundings
 * about 0.72 (unrelated text still shares some letters); a quote with a quarter of it changed
 * needs both sides' surroundings intact (about 0.86). So 0.75 takes a changed quote only in its
 * own surroundings, and a common quote only where at least one side agrees.
 */
export const MIN_MATCH_SCORE = 0.75;

/**
 * How many exact occurrences are scored at most, the nearest to the hint first. A one-letter
 * quote occurs tens of thousands of times in a long transcript; beyond a few hundred, more
 * candidates only add cost, since the one that is meant almost always lies near where it was.
 */
export const MAX_CANDIDATES = 500;

/** What is known about where the quote was. */
export interface QuoteContext {
  /** The text that stood just before the quote; empty when it began the text, absent when unknown. */
  prefix?: string;
  /** The text that stood just after it; empty when it ended the text, absent when unknown. */
  suffix?: string;
  /** Where the quote started, in the text being searched (an estimate). */
  hint?: number;
}

/** A match: the range in the text and its score, 0 to 1 (1: the quote and its context, exactly). */
export interface Match {
  start: number;
  end: number;
  score: number;
}

/** A match with the parts of its score, for callers that apply rules of their own. */
export interface ScoredMatch extends Match {
  errors: number;
  quoteScore: number;
  prefixScore: number;
  suffixScore: number;
  positionScore: number;
}

/** Where to look: a window [from, to) of the text (contexts are still read from the whole text). */
export interface SearchWindow {
  from?: number;
  to?: number;
}

/**
 * The best match of `quote` in `text`, or null when there is none with a score of at least
 * MIN_MATCH_SCORE. An empty quote matches nothing.
 */
export function matchQuote(text: string, quote: string, context: QuoteContext = {}): Match | null {
  const best = findQuoteMatches(text, quote, context)[0];
  if (!best || best.score < MIN_MATCH_SCORE) return null;
  return { start: best.start, end: best.end, score: best.score };
}

/**
 * Every candidate match of `quote`, scored, best first (ties: nearest to the hint, then leftmost).
 * Exact occurrences, when there are any, are the only candidates (the nearest MAX_CANDIDATES to the
 * hint); otherwise the approximate matches with the fewest errors, up to maxErrorsFor(quote).
 */
export function findQuoteMatches(
  text: string,
  quote: string,
  context: QuoteContext = {},
  window: SearchWindow = {},
): ScoredMatch[] {
  if (quote.length === 0 || text.length === 0) return [];
  const from = Math.max(0, window.from ?? 0);
  const to = Math.min(text.length, window.to ?? text.length);
  if (to - from < 1) return [];
  const hint = context.hint;
  let raw = exactOccurrences(text, quote, from, to, hint ?? from, MAX_CANDIDATES);
  if (raw.length === 0) {
    // approx-string-match reports only the matches with the fewest errors, so an exact occurrence
    // anywhere in the window would hide every approximate one: that is why exact ones are looked
    // for first (which is also much cheaper).
    const slice = from === 0 && to === text.length ? text : text.slice(from, to);
    raw = approxSearch(slice, quote, maxErrorsFor(quote.length)).map((m) => ({
      start: m.start + from,
      end: m.end + from,
      errors: m.errors,
    }));
  }
  const scored = raw.map((m) => scoreMatch(text, quote.length, m, context));
  return scored.sort((a, b) => b.score - a.score || distance(a, hint) - distance(b, hint) || a.start - b.start);
}

/** Score one candidate with the weights above. */
export function scoreMatch(
  text: string,
  quoteLength: number,
  m: { start: number; end: number; errors: number },
  context: QuoteContext,
): ScoredMatch {
  const quoteScore = quoteSimilarity(m.errors, quoteLength);
  // No context given: nothing to contradict (Hypothesis's rule). An empty one: the text's edge.
  const prefixScore = context.prefix === undefined ? 1 : prefixSimilarity(text, m.start, context.prefix);
  const suffixScore = context.suffix === undefined ? 1 : suffixSimilarity(text, m.end, context.suffix);
  const positionScore = context.hint === undefined || text.length === 0 ? 1 : 1 - Math.abs(m.start - context.hint) / text.length;
  const score =
    (QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore) /
    TOTAL_WEIGHT;
  return { start: m.start, end: m.end, errors: m.errors, score, quoteScore, prefixScore, suffixScore, positionScore };
}

/**
 * The score without the position part, scaled to 0..1: what the text itself says about a match.
 * Two matches with the same evidence are told apart only by position (see anchor.ts).
 */
export function evidenceScore(m: ScoredMatch): number {
  return (
    (QUOTE_WEIGHT * m.quoteScore + PREFIX_WEIGHT * m.prefixScore + SUFFIX_WEIGHT * m.suffixScore) /
    (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT)
  );
}

/**
 * Exact occurrences of `quote` starting in [from, to - quote.length], at most `limit` of them, the
 * nearest to `around` first. Searches outwards from `around` so that a common quote in a long text
 * costs only the part of the text the nearest occurrences lie in.
 */
export function exactOccurrences(
  text: string,
  quote: string,
  from: number,
  to: number,
  around: number,
  limit: number,
): Array<{ start: number; end: number; errors: number }> {
  const last = to - quote.length;
  if (quote.length === 0 || last < from) return [];
  if (to - from < text.length) {
    // indexOf and lastIndexOf run to the text's ends when the window holds no occurrence: search
    // the window alone (V8 slices without copying).
    return exactOccurrences(text.slice(from, to), quote, 0, to - from, around - from, limit).map((m) => ({
      start: m.start + from,
      end: m.end + from,
      errors: 0,
    }));
  }
  const centre = Math.min(Math.max(around, from), last);
  const found: number[] = [];
  // Forward from the centre, and backward (lastIndexOf) from just before it, taking the nearer
  // of the two fronts each time.
  let ahead = text.indexOf(quote, centre);
  if (ahead > last) ahead = -1;
  let behind = centre > from ? text.lastIndexOf(quote, centre - 1) : -1;
  if (behind < from) behind = -1;
  while (found.length < limit && (ahead >= 0 || behind >= 0)) {
    if (behind < 0 || (ahead >= 0 && ahead - centre <= centre - behind)) {
      found.push(ahead);
      ahead = text.indexOf(quote, ahead + 1);
      if (ahead > last) ahead = -1;
    } else {
      found.push(behind);
      behind = behind > from ? text.lastIndexOf(quote, behind - 1) : -1;
      if (behind < from) behind = -1;
    }
  }
  return found.sort((a, b) => a - b).map((start) => ({ start, end: start + quote.length, errors: 0 }));
}

function distance(m: Match, hint: number | undefined): number {
  return hint === undefined ? 0 : Math.abs(m.start - hint);
}
