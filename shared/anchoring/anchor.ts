/**
 * Finding a target again in a text that may have changed: the selectors are tried from the cheapest
 * and strictest to the most forgiving, as the Hypothesis client does (position, then quote, then
 * fuzzy quote), and every range found is checked against the stored quote and its surroundings.
 *
 * 1. **Position.** 'exact': the quote is at the expected position (or at either end of the
 *    expected range), with the stored prefix or suffix (or both) exactly beside it; an edit may
 *    have touched the other side. 'fuzzy': the expected range holds changed text, but the stored
 *    prefix and suffix are both exactly beside it and at least half of the quote's words are still
 *    in it: an edit inside the span, which is what a position carried through a diff looks like
 *    after a word changed. Words, not letters: "budget" replaced by "urgent" shares half its
 *    letters, and that annotation's text is gone.
 * 2. **Quote** ('moved'; 'exact' when at the expected position): an exact occurrence of the quote
 *    whose surroundings are intact on both sides.
 * 3. **Quote or fuzzy quote** ('moved' or 'fuzzy'): the best by evidence among the exact
 *    occurrences whose surroundings are good enough (see acceptance(): how good depends on how
 *    much the quote says by itself) and the approximate matches (approx-string-match, scored as
 *    Hypothesis does). An approximate match must also be at least MIN_FUZZY_QUOTE_SCORE like the
 *    quote, with both sides' surroundings agreeing: the less the quote itself agrees, the more its
 *    surroundings must. Its edges are moved to where the surroundings fit (refineEdges).
 * 4. Otherwise null: the caller keeps the annotation, detached, with its quote.
 *
 * Stages 2 and 3 look within FUZZY_WINDOW of the expected position first, and through the whole
 * text only when nothing there will do: a candidate near where the target was, that passes the
 * checks, is taken without searching further (position is evidence too, and most targets that
 * fail stage 1 sit beside an edit). The whole text is searched for approximate matches only when
 * the quote occurs nowhere exactly (approx-string-match reports only the fewest-error matches, so
 * an exact occurrence would hide them all), and only if the caller allows it.
 *
 * Every candidate keeps the quote's word edges (word-edges.ts).
 *
 * **Never misplace.** When two candidates not overlapping each other have the same evidence
 * (quote, prefix and suffix scores), only position can tell them apart, and position is a guess: the
 * one nearer the expected position wins only if it lies within NEAR_DISTANCE of it and is strictly
 * nearer than every other; otherwise the target is detached rather than put at one of them. The
 * other rules that keep a target from landing on a look-alike (a twin beside it, a short word a few
 * words away, the words that stood beside it) are in acceptance() and at fuzzyOk below; each was
 * found by the property tests in test/anchoring/properties.test.ts.
 */
import type { TextTarget } from '../annotation.js';
import {
  MAX_CANDIDATES,
  MIN_MATCH_SCORE,
  evidenceScore,
  exactOccurrences,
  findQuoteMatches,
  maxErrorsFor,
  scoreMatch,
  type QuoteContext,
  type ScoredMatch,
} from './match-quote.js';
import { CONTEXT_LENGTH } from './target.js';
import { editDistance, prefixSimilarity, suffixSimilarity } from './similarity.js';
import { isWordEdge, keepsEdges, keepsEnd, keepsStart, wordEdges, type WordEdges } from './word-edges.js';

/** How a target was found: at its position, elsewhere unchanged, or changed. */
export type AnchorHow = 'exact' | 'moved' | 'fuzzy';

export interface Anchor {
  start: number;
  end: number;
  how: AnchorHow;
}

/**
 * A side's surroundings "agree" at this similarity (1 - edit distance / length, anchored at the
 * quote; see similarity.ts). Measured on the shared transcripts (441,158 pairs): the stored 32-unit
 * context against the text beside another occurrence of the same word scores 0.25 at the median,
 * 0.34 at the 90th and 0.5 at the 99th percentile; only 0.3% reach 0.6, nearly all of them
 * formulaic phrases said twice. The real context with one word in it replaced scores 0.53 at the
 * least, 0.66 at the 1st percentile and 0.84 at the median. 0.6 keeps chance out and lets a context
 * with a word or two changed agree.
 */
export const CONTEXT_SUPPORT = 0.6;

/**
 * A side is "intact" at this similarity: unchanged but for a unit or three. An exact quote (of
 * DISTINCTIVE_LENGTH or more) with one intact side is taken even when the other side changed (an
 * edit right beside the quote); one merely agreeing side is not enough, because a common phrase
 * recurs and by chance one occurrence may have a side above CONTEXT_SUPPORT. Under 0.1% of the
 * unrelated pairs measured above reach 0.9.
 */
export const CONTEXT_INTACT = 0.9;

/**
 * A quote at least this long (in UTF-16 units, about three words) is evidence by itself; a shorter
 * one needs one side of its surroundings exactly as stored wherever it is found (see acceptance()).
 */
export const DISTINCTIVE_LENGTH = 16;

/**
 * An approximate match must be at least this much like the quote (1 - errors / length): a quarter
 * of it may have changed. The search itself allows half (maxErrorsFor); the stricter bound here is
 * the check of the found range against the stored quote.
 */
export const MIN_FUZZY_QUOTE_SCORE = 0.75;

/**
 * How far from the stored position two equally good candidates may be for the nearer one to win:
 * about two paragraphs of speech. Farther, the position says too little to choose, and the target
 * is detached (see the module comment).
 */
export const NEAR_DISTANCE = 512;

/**
 * The approximate search looks this far either side of the stored position first. It is cheaper
 * than the whole text, and approx-string-match reports only the fewest-error matches of a search,
 * so searching the whole text first would let a lucky match far away hide the real, edited quote.
 */
export const FUZZY_WINDOW = 4096;

/**
 * How far an approximate match's edge may move to where the stored surroundings fit best (see
 * refineEdges): as far as the stored context is long, so a replaced word at the edge of any
 * reasonable length is covered.
 */
export const EDGE_REACH = 32;

/** Evidence scores closer than this are the same (they are sums of small fractions). */
const SAME = 1e-9;

export interface AnchorOptions {
  /**
   * When the quote occurs nowhere exactly and no approximate match lies within FUZZY_WINDOW of the
   * expected position, search the whole text for one (default true). Re-anchoring turns this off:
   * its expected positions come from a diff, so a quote that is not near its expected place was
   * moved *and* changed, which is rare, and the search costs a pass over the whole text for every
   * such annotation (about 25 ms on 1 MB). Such an annotation is detached instead.
   */
  searchEverywhere?: boolean;
  /**
   * A veto on candidate ranges, for a caller that knows more than the text: re-anchoring refuses a
   * range made wholly of unchanged text that came from somewhere other than the target's old range
   * (it is another passage that was there before, not this one moved).
   */
  allows?: (start: number, end: number) => boolean;
}

/**
 * Find `target` in `text`. The target's start and end are where it is expected (for re-anchoring,
 * its old range carried through the edits); its exact, prefix and suffix are what it must look like.
 * Returns the range and how it was found, or null when it cannot be placed without guessing.
 */
export function anchorTarget(text: string, target: TextTarget, options: AnchorOptions = {}): Anchor | null {
  const { exact, prefix, suffix } = target;
  const start = clamp(target.start, 0, text.length);
  const end = clamp(target.end, start, text.length);

  // 1. Position: the cheapest check, and the strictest. Context here means exactly the stored
  // context: "nearly" would let a stale position a few units off pass (its context is the right one,
  // shifted), and stages 2 and 3 weigh near misses against each other properly.
  const allows = options.allows ?? (() => true);
  if (exact.length === 0) {
    if (allows(start, end) && start === end && prefixHolds(text, start, prefix) && suffixHolds(text, end, suffix)) {
      return { start, end, how: 'exact' };
    }
    return anchorEmpty(text, target, start);
  }
  const edges = wordEdges(target);
  if (keepsEdges(text, start, end, edges) && allows(start, end)) {
    const here = text.slice(start, end);
    const before = prefixHolds(text, start, prefix);
    const after = suffixHolds(text, end, suffix);
    if (here === exact && (before || after)) return { start, end, how: 'exact' };
    // The expected range grew or shrank (a diff may put words inserted at a span's edge inside it,
    // when they repeat its last words): the quote itself at either end of it, with its side intact.
    const head = start + exact.length;
    if (before && text.startsWith(exact, start) && keepsEdges(text, start, head, edges) && allows(start, head)) {
      return { start, end: head, how: 'exact' };
    }
    const tail = end - exact.length;
    if (after && tail >= 0 && text.startsWith(exact, tail) && keepsEdges(text, tail, end, edges) && allows(tail, end)) {
      return { start: tail, end, how: 'exact' };
    }
    if (here !== exact && before && after && keepsHalfTheWords(exact, here)) return { start, end, how: 'fuzzy' };
  }
  const context: QuoteContext = { prefix, suffix, hint: start };
  const label = (m: ScoredMatch): Anchor => ({
    start: m.start,
    end: m.end,
    how: m.errors > 0 ? 'fuzzy' : m.start === start && m.end === end ? 'exact' : 'moved',
  });

  // 2 and 3, near the expected position first, then (when nothing there will do) anywhere.
  const rules = acceptance(target);
  const fuzzyOk = (m: ScoredMatch) =>
    m.errors > 0 &&
    m.quoteScore >= MIN_FUZZY_QUOTE_SCORE &&
    m.score >= MIN_MATCH_SCORE &&
    rules.fuzzy(m) &&
    keepsEdges(text, m.start, m.end, edges) &&
    allows(m.start, m.end) &&
    // Words that stood beside the target are not the target changed: "Code and for and firm the"
    // less "and firm " leaves "and for" just where the target was, like it, before its suffix.
    !stoodBeside(target, text.slice(m.start, m.end));
  const fuzzy = (matches: ScoredMatch[]) => refineAll(text, exact, matches, context, edges).filter(fuzzyOk);
  const exactsIn = (from: number, to: number) =>
    exactOccurrences(text, exact, from, to, start, MAX_CANDIDATES)
      .filter((m) => keepsEdges(text, m.start, m.end, edges) && allows(m.start, m.end))
      .map((m) => scoreMatch(text, exact.length, m, context));

  const window = { from: Math.max(0, start - FUZZY_WINDOW), to: Math.min(text.length, end + FUZZY_WINDOW) };
  const near = exactsIn(window.from, window.to);
  const nearChoice = decide(near, () => fuzzy(findQuoteMatches(text, exact, context, window)), start, rules);
  if (nearChoice.kind === 'found') return label(nearChoice.match);
  if (nearChoice.kind === 'ambiguous') return null;

  const everywhere = exactsIn(0, text.length);
  const farChoice = decide(
    everywhere,
    // The whole text, which is safe to search only now (see FUZZY_WINDOW).
    () => (everywhere.length === 0 && options.searchEverywhere !== false ? fuzzy(findQuoteMatches(text, exact, context)) : []),
    start,
    rules,
  );
  return farChoice.kind === 'found' ? label(farChoice.match) : null;
}

/**
 * Stages 2 and 3 over one set of exact occurrences: the quote in its own surroundings if there is
 * one; else the best by evidence of the acceptable exact occurrences and the approximate matches
 * `fuzzy` supplies (asked for only then: they cost an approximate search).
 */
function decide(exacts: readonly ScoredMatch[], fuzzy: () => ScoredMatch[], hint: number, rules: Acceptance): Choice {
  const unchanged = choose(exacts.filter(rules.unchanged), hint);
  if (unchanged.kind !== 'none') return unchanged;
  return choose([...exacts.filter(rules.acceptable), ...fuzzy()], hint);
}

interface Acceptance {
  /** Surroundings as good as unchanged: an exact occurrence taken at once (stage 2). */
  unchanged: (m: ScoredMatch) => boolean;
  /** Surroundings good enough to weigh an exact occurrence at all (stage 3). */
  acceptable: (m: ScoredMatch) => boolean;
  /** Surroundings good enough for an approximate match (stage 3). */
  fuzzy: (m: ScoredMatch) => boolean;
}

/**
 * A stored side this long (half the context) can vouch for a candidate alone; a shorter one (the
 * quote was near the text's edge) is too little: "." after a quote at the end of the text is after
 * many other words too.
 */
export const VOUCHING_LENGTH = CONTEXT_LENGTH / 2;

/**
 * How much the surroundings of a candidate must agree, by what the quote is:
 *
 * - By default, both sides agreeing (CONTEXT_SUPPORT), or one side intact (CONTEXT_INTACT: an edit
 *   beside the quote spoils only the other side). An approximate match needs both sides agreeing.
 * - A quote shorter than DISTINCTIVE_LENGTH says little by itself: a short word recurs a few words
 *   away, and when the words between are deleted with the target ("we particularly we but" less
 *   "particularly we but"), the other one stands where the target stood, its surroundings the
 *   target's but for a word. One side must be exactly as stored, or both intact; an approximate
 *   match (a short word with a letter changed is often just another word) needs both intact.
 * - A quote that stood next to a copy of itself ("we we", "Thank you. Thank you.") has a twin
 *   whose surroundings are its own shifted by one repeat, agreeing beyond CONTEXT_INTACT on both
 *   sides: one side must be exactly as stored, and for stage 2 or an approximate match both.
 *
 * Only a side of VOUCHING_LENGTH or more counts alone.
 */
function acceptance(target: TextTarget): Acceptance {
  const vouchBefore = target.prefix.length >= VOUCHING_LENGTH;
  const vouchAfter = target.suffix.length >= VOUCHING_LENGTH;
  const exactSide = (m: ScoredMatch) => (vouchBefore && m.prefixScore === 1) || (vouchAfter && m.suffixScore === 1);
  const oneIntact = (m: ScoredMatch) => (vouchBefore && intact(m.prefixScore)) || (vouchAfter && intact(m.suffixScore));
  const bothExact = (m: ScoredMatch) => m.prefixScore === 1 && m.suffixScore === 1;
  const bothIntact = (m: ScoredMatch) => intact(m.prefixScore) && intact(m.suffixScore);
  const bothAgree = (m: ScoredMatch) => supports(m.prefixScore) && supports(m.suffixScore);
  if (isTwin(target)) return { unchanged: bothExact, acceptable: exactSide, fuzzy: bothExact };
  if (target.exact.length < DISTINCTIVE_LENGTH) {
    return { unchanged: bothIntact, acceptable: (m) => exactSide(m) || bothIntact(m), fuzzy: bothIntact };
  }
  return { unchanged: bothIntact, acceptable: (m) => oneIntact(m) || bothAgree(m), fuzzy: bothAgree };
}

/**
 * Whether the quote stood next to a copy of itself ("we we", "Thank you. Thank you."): its stored
 * prefix ends, or its suffix begins, with the quote, at a word edge.
 */
function isTwin(target: TextTarget): boolean {
  return stoodBeside(target, target.exact);
}

/** Whether `words` (blanks aside) are what the stored prefix ends with or the suffix begins with. */
function stoodBeside(target: TextTarget, words: string): boolean {
  const w = words.trim();
  if (w.length === 0) return false;
  const before = target.prefix.trimEnd();
  const after = target.suffix.trimStart();
  return (before.endsWith(w) && isWordEdge(before, before.length - w.length)) || (after.startsWith(w) && isWordEdge(after, w.length));
}

/**
 * refineEdges for the approximate matches: the best-scored of each group of overlapping matches
 * (approx-string-match reports one per end position, so one place gives several), once.
 */
function refineAll(
  text: string,
  quote: string,
  matches: readonly ScoredMatch[],
  context: QuoteContext,
  edges: WordEdges,
): ScoredMatch[] {
  const done: ScoredMatch[] = [];
  const out: ScoredMatch[] = [];
  // `matches` come best first.
  for (const m of matches) {
    if (m.errors === 0) continue;
    if (done.some((d) => overlaps(d, m))) continue;
    done.push(m);
    const r = refineEdges(text, quote, m, context, edges);
    if (!out.some((o) => o.start === r.start && o.end === r.end)) out.push(r);
  }
  return out;
}

/**
 * Where a word at the quote's edge changed ("is big" now "is large"), the fewest-error match stops
 * short of it or runs past it: the quote's letters cannot say where the new word ends. The stored
 * surroundings can. Each edge moves, within EDGE_REACH, to where its side's context agrees best
 * (ties: the nearest), keeping the quote's word edges; the moved range is scored afresh, its
 * errors counted against the whole quote.
 */
function refineEdges(text: string, quote: string, m: ScoredMatch, context: QuoteContext, edges: WordEdges): ScoredMatch {
  const best = (from: number, to: number, origin: number, allowed: (at: number) => boolean, score: (at: number) => number) => {
    let at = origin;
    let top = allowed(origin) ? score(origin) : -1;
    for (let d = 1; d <= EDGE_REACH; d++) {
      for (const x of [origin - d, origin + d]) {
        if (x < from || x > to || !allowed(x)) continue;
        const s = score(x);
        if (s > top) {
          top = s;
          at = x;
        }
      }
    }
    return at;
  };
  const suffix = context.suffix ?? '';
  const prefix = context.prefix ?? '';
  const end = best(m.start + 1, text.length, m.end, (x) => keepsEnd(text, x, edges), (x) => suffixSimilarity(text, x, suffix));
  const start = best(0, end - 1, m.start, (x) => keepsStart(text, x, edges), (x) => prefixSimilarity(text, x, prefix));
  if (start === m.start && end === m.end) return m;
  const limit = maxErrorsFor(quote.length);
  const errors = editDistance(quote, text.slice(start, end), limit);
  if (errors > limit) return m;
  return scoreMatch(text, quote.length, { start, end, errors }, context);
}

type Choice = { kind: 'found'; match: ScoredMatch } | { kind: 'ambiguous' } | { kind: 'none' };

/**
 * The candidate with the most evidence; on a tie with a candidate that does not overlap it, the
 * nearer to `hint` only under the rule in the module comment.
 */
function choose(candidates: readonly ScoredMatch[], hint: number): Choice {
  if (candidates.length === 0) return { kind: 'none' };
  const ranked = candidates
    .map((m) => ({ m, e: evidenceScore(m), d: Math.abs(m.start - hint) }))
    .sort((a, b) => b.e - a.e || a.d - b.d || a.m.start - b.m.start);
  const best = ranked[0] as { m: ScoredMatch; e: number; d: number };
  const rivals = ranked.filter((r) => r !== best && best.e - r.e < SAME && !overlaps(r.m, best.m));
  if (rivals.length === 0) return { kind: 'found', match: best.m };
  if (best.d <= NEAR_DISTANCE && rivals.every((r) => r.d > best.d)) return { kind: 'found', match: best.m };
  return { kind: 'ambiguous' };
}

/**
 * A target with an empty quote (a point) is found by its surroundings alone: the stored prefix and
 * suffix side by side, exactly, under the same tie rule.
 */
function anchorEmpty(text: string, target: TextTarget, hint: number): Anchor | null {
  const joined = target.prefix + target.suffix;
  if (joined.length === 0) return null;
  const around = hint - target.prefix.length;
  const candidates = exactOccurrences(text, joined, 0, text.length, around, MAX_CANDIDATES).map((m) =>
    scoreMatch(text, joined.length, m, { hint: around }),
  );
  const found = choose(candidates, around);
  if (found.kind !== 'found') return null;
  const at = found.match.start + target.prefix.length;
  return { start: at, end: at, how: at === hint ? 'exact' : 'moved' };
}

const WORDS = /[\p{L}\p{N}]+/gu;

/** Whether at least half of the quote's words (counted with repeats) are still in `now`. */
function keepsHalfTheWords(quote: string, now: string): boolean {
  const words = quote.match(WORDS) ?? [];
  if (words.length === 0) return false;
  const left = new Map<string, number>();
  for (const w of now.match(WORDS) ?? []) left.set(w, (left.get(w) ?? 0) + 1);
  let kept = 0;
  for (const w of words) {
    const n = left.get(w) ?? 0;
    if (n > 0) {
      kept++;
      left.set(w, n - 1);
    }
  }
  return kept * 2 >= words.length;
}

/** Whether the text before `at` ends with the stored prefix, exactly (empty: `at` is the start). */
function prefixHolds(text: string, at: number, prefix: string): boolean {
  return prefix.length === 0 ? at === 0 : at >= prefix.length && text.startsWith(prefix, at - prefix.length);
}

/** Whether the text from `at` starts with the stored suffix, exactly (empty: `at` is the end). */
function suffixHolds(text: string, at: number, suffix: string): boolean {
  return suffix.length === 0 ? at === text.length : text.startsWith(suffix, at);
}

function supports(similarity: number): boolean {
  return similarity >= CONTEXT_SUPPORT;
}

function intact(similarity: number): boolean {
  return similarity >= CONTEXT_INTACT;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(Number.isFinite(n) ? Math.trunc(n) : lo, lo), hi);
}
