/**
 * Anchoring: where annotations sit in the working text, and how they are found again when the text
 * changed. Small pure modules, one concept each (the Hypothesis client's layout):
 *
 * - working-text.ts: the text offsets count in, and places in turns <-> offsets;
 * - target.ts: standoff targets (quote, prefix, suffix, position) and code point conversions;
 * - similarity.ts, word-edges.ts: how alike the surroundings are, and where words begin and end;
 * - match-quote.ts: approximate quote search with Hypothesis-style scoring;
 * - anchor.ts: a target found again, or detached rather than misplaced;
 * - text-diff.ts: what stayed the same between two versions of a text;
 * - reanchor.ts: a saved body carried onto a changed source, with a report.
 */
export { PARAGRAPH_SEPARATOR, TURN_SEPARATOR, offsetAt, placeAt, turnIndexAt, workingText } from './working-text.js';
export type { TextPlace, WorkingText } from './working-text.js';
export { CONTEXT_LENGTH, codePointConverter, codePointOffset, makeTarget, splitsPair, utf16Offset } from './target.js';
export type { CodePointConverter } from './target.js';
export { matchQuote, findQuoteMatches, MIN_MATCH_SCORE } from './match-quote.js';
export type { Match, QuoteContext, ScoredMatch } from './match-quote.js';
export { anchorTarget } from './anchor.js';
export type { Anchor, AnchorHow, AnchorOptions } from './anchor.js';
export { TextMapping, diffTexts } from './text-diff.js';
export { reanchorBody } from './reanchor.js';
export type { ReanchorHow, ReanchorOutcome, ReanchorReport, Reanchored } from './reanchor.js';
