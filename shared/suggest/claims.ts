/**
 * Claim suggestions: the sentences of a transcript that a rule (rules.ts) fires on, offered to the
 * editor as claim candidates to accept or reject. Offsets are UTF-16 code units into the text given,
 * for suggestClaims the transcript's working text (see shared/annotation.ts).
 */
import type { Annotation } from '../annotation.js';
import { RULES, ruleHits, type RuleHit, type RuleId } from './rules.js';
import { splitSentences, type TextSpan } from './sentences.js';

/** One sentence offered as a claim. */
export interface ClaimCandidate extends TextSpan {
  /** The sentence itself. */
  text: string;
  /** The rules that fired, in the order of RULES, each once. */
  rules: RuleId[];
  /** Where each rule fired, in the same text as start and end, to show why. */
  hits: RuleHit[];
}

/** A candidate in a transcript, with the index of the turn it lies in. */
export interface TranscriptClaimCandidate extends ClaimCandidate {
  turn: number;
}

/** The claim candidates of a text, in order; sentences never cross a line break. */
export function suggestClaimsInText(text: string): ClaimCandidate[] {
  const out: ClaimCandidate[] = [];
  for (const s of splitSentences(text)) {
    const sentence = text.slice(s.start, s.end);
    const hits = ruleHits(sentence);
    if (hits.length === 0) continue;
    const fired = new Set(hits.map((h) => h.rule));
    out.push({
      start: s.start,
      end: s.end,
      text: sentence,
      rules: RULES.map((r) => r.id).filter((id) => fired.has(id)),
      hits: hits.map((h) => ({ rule: h.rule, start: h.start + s.start, end: h.end + s.start })),
    });
  }
  return out;
}

/**
 * The claim candidates of a transcript, with offsets in its working text. Each turn is given as its
 * paragraphs (a Turn's `paragraphs`) or as its text with the paragraphs already joined by "\n"; the
 * working text joins the turns with "\n\n".
 */
export function suggestClaims(turns: ReadonlyArray<string | readonly string[]>): TranscriptClaimCandidate[] {
  const texts = turns.map((t) => (typeof t === 'string' ? t : t.join('\n')));
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length + 2;
  }
  const candidates = suggestClaimsInText(texts.join('\n\n'));
  let turn = 0;
  return candidates.map((c) => {
    while (turn + 1 < starts.length && (starts[turn + 1] as number) <= c.start) turn++;
    return { ...c, turn };
  });
}

/**
 * The candidates no existing claim already covers: a candidate that overlaps an attached claim
 * annotation is dropped, since the editor has dealt with that sentence.
 */
export function unclaimed<T extends TextSpan>(candidates: readonly T[], annotations: readonly Annotation[]): T[] {
  const claims = annotations.filter((a) => a.kind === 'claim' && !a.detached).map((a) => a.target);
  return candidates.filter((c) => !claims.some((t) => t.start < c.end && c.start < t.end));
}
