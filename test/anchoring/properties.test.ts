/**
 * Properties of anchorTarget on random texts with random edits, judged against the truth computed
 * independently in simulate.ts. The texts are made of the words of a real transcript, so quotes
 * repeat as they do in speech (common words everywhere, phrases rarely).
 *
 * The target is looked for from its stale old position, without a diff (the harder case: the
 * re-anchoring of a changed source first carries positions through a diff).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VOUCHING_LENGTH, anchorTarget } from '../../shared/anchoring/anchor.js';
import { CONTEXT_LENGTH, makeTarget } from '../../shared/anchoring/target.js';
import { applyEdits, slides, truthOf, wordSpans, type Edit } from './simulate.js';

const KYIV = '/work/shared/transcripts/nato-rutte-zelenskyy-kyiv-press-conference.txt';
const VOCABULARY = [...new Set(readFileSync(KYIV, 'utf8').match(/[\p{L}'’-]+/gu) ?? [])];
/**
 * Fixed seeds keep the suite repeatable; PARLEY_PROPERTY_RUNS=n runs n cases per property with
 * random seeds instead, to look harder.
 */
const STRESS = Number(process.env.PARLEY_PROPERTY_RUNS ?? 0);
const runs = (seed: number) => (STRESS > 0 ? { numRuns: STRESS, endOnFailure: true } : { seed, numRuns: 300 });

/** How far an edit counts as touching a side of the span: its context and the comparison's slack. */
const REACH = CONTEXT_LENGTH + 16;

const COMMON = ['the', 'and', 'to', 'of', 'we', 'is'];

/**
 * A text of distinct words of the transcript in random order, with common words ("the", "and")
 * between them as in speech, sentence ends, paragraph breaks, and an emoji here and there. Content
 * words do not repeat, so a failure cannot shrink to a text like "NATO. NATO. NATO.", where no one
 * could say which copy a span is.
 */
const textArb = fc
  .tuple(fc.shuffledSubarray(VOCABULARY, { minLength: 30, maxLength: 200 }), fc.array(fc.nat(19), { minLength: 200, maxLength: 200 }))
  .map(([words, marks]) =>
    words
      .map((w, i) => {
        const m = marks[i] as number;
        const common = m >= 4 && m < 4 + COMMON.length ? ` ${COMMON[m - 4]}` : '';
        return `${w}${common}${m === 0 ? '.' : m === 1 ? ',' : m === 2 ? ' 👍🏽' : ''}${m === 3 ? '\n' : ' '}`;
      })
      .join('')
      .trimEnd(),
  );

interface Scenario {
  old: string;
  start: number;
  end: number;
}

/** A text and a span of 1 to 8 words in it. */
const scenarioArb = fc.tuple(textArb, fc.nat(), fc.integer({ min: 1, max: 8 })).map(([old, i, n]): Scenario => {
  const words = wordSpans(old);
  const first = i % words.length;
  const last = Math.min(words.length - 1, first + n - 1);
  return { old, start: (words[first] as [number, number])[0], end: (words[last] as [number, number])[1] };
});

type EditSpec = [word: number, kind: number, replacement: number];
const editSpecs = fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.nat(VOCABULARY.length - 1)), { maxLength: 12 });

/** Word edits from specs, skipping any that `allowed` refuses, that overlap another, or that slide. */
function editsFrom(old: string, specs: readonly EditSpec[], allowed: (e: Edit) => boolean): Edit[] {
  const words = wordSpans(old);
  const edits: Edit[] = [];
  for (const [w, kind, r] of specs) {
    const [ws, we] = words[w % words.length] as [number, number];
    const word = VOCABULARY[r] as string;
    const e: Edit =
      kind === 0
        ? { at: ws, remove: we - ws, insert: word }
        : kind === 1
          ? { at: we, remove: 0, insert: ` ${word}` }
          : { at: ws, remove: we - ws + (old[we] === ' ' ? 1 : 0), insert: '' };
    if (!allowed(e) || slides(old, e)) continue;
    if (edits.some((o) => e.at <= o.at + o.remove && o.at <= e.at + e.remove)) continue;
    edits.push(e);
  }
  return edits.sort((a, b) => a.at - b.at);
}

const outside = (s: Scenario) => (e: Edit) => e.at + e.remove <= s.start || e.at >= s.end;

describe('anchorTarget properties', () => {
  it('finds a span exactly (exact or moved) when edits spare it and one side of its surroundings', () => {
    fc.assert(
      fc.property(scenarioArb, editSpecs, fc.boolean(), (s, specs, spareBefore) => {
        const edits = editsFrom(s.old, specs, (e) =>
          outside(s)(e) && (spareBefore ? e.at + e.remove < s.start - REACH || e.at >= s.end : e.at > s.end + REACH || e.at + e.remove <= s.start),
        );
        const target = makeTarget(s.old, s.start, s.end);
        const now = applyEdits(s.old, edits);
        // The spared side and the quote still say unambiguously where the span is (a side cut
        // short by the text's edge says too little: see VOUCHING_LENGTH).
        const spared = spareBefore ? target.prefix : target.suffix;
        const telling = spareBefore ? target.prefix + target.exact : target.exact + target.suffix;
        fc.pre(spared.length >= VOUCHING_LENGTH && now.indexOf(telling) === now.lastIndexOf(telling));
        const truth = truthOf(edits, s.old, now, s.start, s.end);
        const found = anchorTarget(now, target);
        expect(found && { start: found.start, end: found.end }).toEqual(truth);
        expect(['exact', 'moved']).toContain(found?.how);
      }),
      runs(20251126),
    );
  });

  it('never misplaces a span whose surroundings changed on both sides: found exactly, or detached', () => {
    fc.assert(
      fc.property(scenarioArb, editSpecs, (s, specs) => {
        const edits = editsFrom(s.old, specs, outside(s));
        const now = applyEdits(s.old, edits);
        const truth = truthOf(edits, s.old, now, s.start, s.end);
        const found = anchorTarget(now, makeTarget(s.old, s.start, s.end));
        if (found) expect({ start: found.start, end: found.end }).toEqual(truth);
      }),
      runs(7),
    );
  });

  it('detaches a span whose text was deleted, with edits around it: never put elsewhere', () => {
    fc.assert(
      fc.property(scenarioArb, editSpecs, fc.nat(2), fc.nat(2), (s, specs, extendBefore, extendAfter) => {
        // Delete the span with up to two words either side, and edit elsewhere.
        const words = wordSpans(s.old);
        const firstWord = words.findIndex(([ws]) => ws === s.start);
        const lastWord = words.findIndex(([, we]) => we === s.end);
        const from = (words[Math.max(0, firstWord - extendBefore)] as [number, number])[0];
        let to = (words[Math.min(words.length - 1, lastWord + extendAfter)] as [number, number])[1];
        if (s.old[to] === ' ') to += 1;
        const cut: Edit = { at: from, remove: to - from, insert: '' };
        fc.pre(!slides(s.old, cut));
        // Other edits keep clear of the cut: a word inserted where words were deleted is a
        // replacement ("Yes to continued is" becoming "Yes continue is"), and the span changed.
        const clear = (e: Edit) => e.at + e.remove < from - 1 || e.at > to + 1;
        const edits = [...editsFrom(s.old, specs, clear), cut].sort((a, b) => a.at - b.at);
        const now = applyEdits(s.old, edits);
        const target = makeTarget(s.old, s.start, s.end);
        // Where the quote is still in the text with the same word beside it (a repeated phrase,
        // "NATO. NATO."), that copy is as much the span as the deleted one: no truth to judge by.
        const before = /\S*\s*$/u.exec(target.prefix)?.[0] ?? '';
        const after = /^\s*\S*/u.exec(target.suffix)?.[0] ?? '';
        fc.pre(!now.includes(before + target.exact) && !now.includes(target.exact + after));
        expect(anchorTarget(now, target)).toBeNull();
      }),
      runs(99),
    );
  });
});
