/**
 * Suggestions on a real transcript: the NATO press conference in Kyiv (read-only, imported as the
 * app imports it), over its working text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../../shared/import/index.js';
import { splitSentences, suggestClaims, type TranscriptClaimCandidate } from '../../shared/suggest/index.js';

const NAME = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';
const { body } = importText(readFileSync(`/work/shared/transcripts/${NAME}`, 'utf8'), { fileName: NAME });
const turns = body.turns.map((t) => t.paragraphs);
/** The working text, as shared/annotation.ts defines it. */
const working = turns.map((p) => p.join('\n')).join('\n\n');
const candidates = suggestClaims(turns);

function candidateAt(sentence: string): TranscriptClaimCandidate | undefined {
  const start = working.indexOf(sentence);
  expect(start, `"${sentence}" is in the working text`).toBeGreaterThanOrEqual(0);
  return candidates.find((c) => c.start <= start && start < c.end);
}

describe('claim suggestions on the Kyiv press conference', () => {
  it('offers the PURL sentence, whole, with the percentage rule (and the date "last summer")', () => {
    const sentence =
      "Since we started PURL last summer, it has supplied around 75% of all missiles for Ukraine's Patriot batteries and 90% of the missiles used in other air defence systems.";
    const c = candidateAt(sentence);
    expect(c?.text).toBe(sentence);
    expect(working.slice(c?.start, c?.end)).toBe(sentence);
    expect(c?.rules).toEqual(['percentage', 'date']);
    expect(c?.hits.filter((h) => h.rule === 'percentage').map((h) => working.slice(h.start, h.end))).toEqual(['75%', '90%']);
  });

  it('fires the number rule on "over 70 missiles and 450 drones"', () => {
    const c = candidateAt('Well, of course, the attack is indeed terrible, over 70 missiles and 450 drones.');
    expect(c?.rules).toEqual(['number']);
    expect(c?.hits.map((h) => working.slice(h.start, h.end))).toEqual(['70', '450']);
  });

  it('finds money, superlatives and number words too', () => {
    expect(candidateAt('As you know, Ukraine needs at least 15 billion within the PURL programme.')?.rules).toEqual(['money']);
    expect(candidateAt('We have now two-thirds of Allies participating in the PURL programme.')?.rules).toEqual(['number']);
    expect(candidateAt('Yeah, so it might even be the worst attack ever')?.rules).toContain('superlative');
    expect(candidateAt('starting on the 24th of February 2022.')?.rules).toEqual(['date']);
  });

  it('does not offer plain sentences', () => {
    for (const plain of [
      'Ukraine has defended.',
      'NATO stands with you in words and in deed.',
      'We all want to see the war come to a just and lasting end.',
      'But most are now involved in PURL.',
    ]) {
      expect(candidateAt(plain), plain).toBeUndefined();
    }
  });

  it('does not split at abbreviations ("Mr. President", "Mr. Secretary General")', () => {
    const spans = splitSentences(working).map((s) => working.slice(s.start, s.end));
    expect(spans.some((s) => s.startsWith('Mr. President, dear Volodymyr, the people of Ukraine'))).toBe(true);
    expect(spans).toContain('My question is to you, Mr. Secretary General.');
    expect(spans.filter((s) => /\bMr\.$/.test(s))).toEqual([]);
  });

  it('keeps candidates inside one turn, in order, a fair share of the sentences', () => {
    const sentences = splitSentences(working).length;
    expect(candidates.length).toBeGreaterThan(10);
    expect(candidates.length).toBeLessThan(sentences / 2);
    let turnStart = 0;
    const starts = turns.map((p) => {
      const s = turnStart;
      turnStart += p.join('\n').length + 2;
      return s;
    });
    candidates.forEach((c, i) => {
      if (i > 0) expect(c.start).toBeGreaterThanOrEqual(candidates[i - 1]?.end ?? 0);
      const turnEnd = (starts[c.turn] ?? 0) + (turns[c.turn]?.join('\n').length ?? 0);
      expect(c.start >= (starts[c.turn] ?? 0) && c.end <= turnEnd).toBe(true);
    });
  });
});
