/** fast-check arbitraries for codebooks whose text fields hold anything a person might type. */
import fc from 'fast-check';
import { emptyCodebook, type Codebook, type Topic } from '../../shared/annotation.js';

/** Text with the characters CSV and JSON must escape, and unicode beyond the BMP. */
export function awkwardText(options: { minLength?: number } = {}): fc.Arbitrary<string> {
  const awkward = fc.constantFrom(',', '"', '\n', '\r\n', '\r', ';', "'", '=', '+', '-', '@', '\t', ' ', 'é', 'Ї', '😀', '\u0301', '中');
  return fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 3 }), awkward), { minLength: options.minLength ?? 0, maxLength: 8 })
    .map((parts) => parts.join(''));
}

/** A label as the UI keeps it: not blank, no white space at either end. */
export const labelArb = awkwardText({ minLength: 1 })
  .map((s) => s.trim())
  .filter((s) => s !== '');

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);

/** A consistent codebook (parents earlier in the list, keys unique) with awkward labels and descriptions. */
export function codebookWithText(): fc.Arbitrary<Codebook> {
  return fc
    .array(
      fc.record({
        label: labelArb,
        description: awkwardText(),
        color: hex,
        parentPick: fc.option(fc.nat(), { nil: null }),
        key: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
        id: fc.option(awkwardText({ minLength: 1 }).map((s) => s.trim()).filter((s) => s !== ''), { nil: null }),
      }),
      { maxLength: 10 },
    )
    .map((specs) => {
      const keys = new Set<number>();
      const ids = new Set<string>();
      const topics: Topic[] = specs.map((s, i) => {
        const key = s.key !== null && !keys.has(s.key) ? s.key : null;
        if (key !== null) keys.add(key);
        let id = s.id !== null && !ids.has(s.id) ? s.id : `t${i}`;
        while (ids.has(id)) id += '_';
        ids.add(id);
        return { id, label: s.label, color: s.color, description: s.description, parent: null, key };
      });
      topics.forEach((t, i) => {
        const pick = specs[i]?.parentPick;
        if (i > 0 && pick !== null && pick !== undefined) t.parent = topics[pick % i]?.id ?? null;
      });
      return { ...emptyCodebook(), topics };
    });
}
