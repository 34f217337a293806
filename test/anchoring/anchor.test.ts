import { describe, expect, it } from 'vitest';
import { NEAR_DISTANCE, anchorTarget, type Anchor } from '../../shared/anchoring/anchor.js';
import { makeTarget, splitsPair } from '../../shared/anchoring/target.js';

const OLD =
  'Well thank you Volodymyr, and let me say I am grateful for the warm welcome amidst the winter cold. ' +
  'It is always an honour to be with you here. And an inspiration, to stand alongside you to affirm ' +
  "NATO's continued support for Ukraine. For every one of the 1441 days since Russia's full-scale invasion, " +
  'Ukraine has resisted. Ukraine has defended. Ukraine has stood strong.';

/** Tag `quote` in `old` (its first occurrence, or the one at `from`), then find it in `now`. */
function follow(quote: string, now: string, old = OLD, from = 0): { anchor: Anchor | null; text: string | null } {
  const start = old.indexOf(quote, from);
  if (start < 0) throw new Error(`"${quote}" is not in the old text`);
  const anchor = anchorTarget(now, makeTarget(old, start, start + quote.length));
  return { anchor, text: anchor ? now.slice(anchor.start, anchor.end) : null };
}

describe('anchorTarget', () => {
  const QUOTE = 'always an honour to be with you';

  it('finds an unchanged target at its position', () => {
    const start = OLD.indexOf(QUOTE);
    expect(follow(QUOTE, OLD).anchor).toEqual({ start, end: start + QUOTE.length, how: 'exact' });
  });

  it('follows text inserted or deleted before the span (moved)', () => {
    const inserted = OLD.replace('Well thank you', 'Well, first of all, thank you very much');
    expect(follow(QUOTE, inserted)).toMatchObject({ text: QUOTE, anchor: { how: 'moved', start: inserted.indexOf(QUOTE) } });
    const deleted = OLD.replace('Well thank you Volodymyr, and let me say ', '');
    expect(follow(QUOTE, deleted)).toMatchObject({ text: QUOTE, anchor: { how: 'moved', start: deleted.indexOf(QUOTE) } });
  });

  it('stays put when the text right after the span changed (exact: one side is intact)', () => {
    const now = OLD.replace('with you here.', 'with you today, here in Kyiv.');
    expect(follow(QUOTE, now)).toMatchObject({ text: QUOTE, anchor: { how: 'exact' } });
    const before = OLD.replace('It is always', 'It has always');
    expect(follow(QUOTE, before).text).toBe(QUOTE);
  });

  it('follows words inserted, deleted or replaced inside the span (fuzzy), edges included', () => {
    expect(follow(QUOTE, OLD.replace('an honour', 'a great honour'))).toMatchObject({
      text: 'always a great honour to be with you',
      anchor: { how: 'fuzzy' },
    });
    expect(follow(QUOTE, OLD.replace('to be with', 'with')).text).toBe('always an honour with you');
    // The first and the last word changed: the stored surroundings say where the span now ends.
    expect(follow(QUOTE, OLD.replace('always an', 'truly an')).text).toBe('truly an honour to be with you');
    expect(follow(QUOTE, OLD.replace('with you here', 'with everyone here')).text).toBe('always an honour to be with everyone');
  });

  it('detaches a span whose text was deleted, and never puts it on text that only resembles it', () => {
    expect(follow(QUOTE, OLD.replace(`It is ${QUOTE} here. `, '')).anchor).toBeNull();
    // "Ukraine has defended." deleted; the other two "Ukraine has ..." sentences are not it.
    const now = OLD.replace(' Ukraine has defended.', '');
    expect(follow('Ukraine has defended', now).anchor).toBeNull();
    expect(follow('defended', now).anchor).toBeNull();
  });

  it('detaches a short span when both sides changed: a short word recurs, and nothing is left to tell', () => {
    const now = OLD.replace('say I am grateful for the warm welcome amidst the winter cold. It is', 'add how much this welcome means to all of us in these difficult days; it is');
    expect(follow('welcome', now).anchor).toBeNull();
    // Even with only a word changed on each side: a short quote needs one side intact.
    expect(follow('welcome', OLD.replace('the warm welcome amidst', 'a kind welcome, despite')).anchor).toBeNull();
    // A longer quote is evidence by itself: a word or two changed on each side is not enough to lose it.
    const quote = 'welcome amidst the winter cold';
    expect(follow(quote, OLD.replace('the warm welcome', 'a kind welcome').replace('cold. It is', 'cold, it is')).text).toBe(quote);
  });

  it('finds a span that crosses a CRLF line break, in a CRLF text', () => {
    const old = OLD.replace('. ', '.\r\n');
    const quote = 'winter cold.\r\nIt is always';
    const now = old.replace('Well thank you', 'Thank you');
    expect(follow(quote, now, old)).toMatchObject({ text: quote, anchor: { how: 'moved' } });
    expect(follow(quote, now.replace('cold.\r\nIt is', 'cold.\r\nIt was'), old)).toMatchObject({
      text: 'winter cold.\r\nIt was always',
      anchor: { how: 'fuzzy' },
    });
  });

  it('handles emoji and combining marks without splitting a character', () => {
    const old = 'Before we start 👍🏽 the café\u0301 opens; thank you all 😀 for coming to the cafe\u0301 today.';
    const quote = '👍🏽 the café\u0301 opens';
    const moved = follow(quote, `Intro 🙂🙂. ${old}`, old);
    expect(moved).toMatchObject({ text: quote, anchor: { how: 'moved' } });
    const now = old.replace('opens', 'closes');
    const changed = follow(quote, now, old);
    expect(changed.text).toBe('👍🏽 the café\u0301 closes');
    for (const at of [changed.anchor?.start, changed.anchor?.end]) expect(splitsPair(now, at as number)).toBe(false);
  });

  describe('repeated quotes', () => {
    it('tells occurrences apart by their surroundings', () => {
      const now = `Welcome, everyone. ${OLD}`;
      for (const [n, from] of [0, OLD.indexOf('Ukraine has') + 1, OLD.lastIndexOf('Ukraine has')].entries()) {
        const { anchor } = follow('Ukraine has', now, OLD, from);
        const expected = [...now.matchAll(/Ukraine has/g)][n]?.index;
        expect(anchor).toEqual({ start: expected, end: (expected as number) + 11, how: 'moved' });
      }
    });

    it('takes the nearest of identical passages when it is near, and detaches when none is', () => {
      // The same passage twice; the quote sits more than 32 units inside it, so its stored
      // surroundings are the same at both copies and only position can tell them apart.
      const passage = 'and we will continue to stand with Ukraine for as long as it takes, whatever comes, together. ';
      const quote = 'Ukraine for as';
      const old = `Opening words. ${passage}Middle part of the speech, which is long. ${passage}End.`;
      const second = old.lastIndexOf(quote);
      const target = makeTarget(old, second, second + quote.length);
      expect(target.prefix).toBe(passage.slice(3, 35));
      // A few words inserted before both: the second copy is nearest to where the target was.
      const now = old.replace('Opening words.', 'Opening words, thank you.');
      const at = now.lastIndexOf(quote);
      expect(anchorTarget(now, target)).toEqual({ start: at, end: at + quote.length, how: 'moved' });
      // Both copies far from the old position, equally good: detached rather than guessed.
      expect(anchorTarget('x'.repeat(NEAR_DISTANCE * 3) + now, target)).toBeNull();
      // Exactly halfway between the two: neither is nearer, so detached.
      const first = now.indexOf(quote);
      const halfway = { ...target, start: (first + at) / 2, end: (first + at) / 2 + quote.length };
      expect((at - first) % 2).toBe(0);
      expect(anchorTarget(now, halfway)).toBeNull();
    });
  });

  it('keeps word edges: a tagged word is not found inside a longer word', () => {
    const old = 'They spoke as one, as allies, as partners. It was as clear as day.';
    const at = old.indexOf('as one');
    const target = makeTarget(old, at, at + 2);
    const now = old.replace('spoke as one', 'spoke assertively');
    expect(anchorTarget(now, target)).toBeNull();
  });

  it('finds a point (an empty quote) by the text around it', () => {
    const at = OLD.indexOf('It is always');
    const target = makeTarget(OLD, at, at);
    expect(anchorTarget(OLD, target)).toEqual({ start: at, end: at, how: 'exact' });
    const now = `Good day. ${OLD}`;
    expect(anchorTarget(now, target)).toEqual({ start: at + 10, end: at + 10, how: 'moved' });
    expect(anchorTarget('unrelated', target)).toBeNull();
  });

  it('handles the empty text', () => {
    expect(anchorTarget('', makeTarget(OLD, 0, 4))).toBeNull();
    expect(anchorTarget('', { start: 0, end: 0, exact: '', prefix: '', suffix: '' })).toEqual({ start: 0, end: 0, how: 'exact' });
    // A point in what was an empty text: the text has words now, and they say nothing about where.
    expect(anchorTarget(OLD, { start: 0, end: 0, exact: '', prefix: '', suffix: '' })).toBeNull();
  });

  it('tolerates a stored position outside the text', () => {
    const start = OLD.indexOf(QUOTE);
    const target = { ...makeTarget(OLD, start, start + QUOTE.length), start: 10_000, end: 10_040 };
    expect(anchorTarget(OLD, target)).toEqual({ start, end: start + QUOTE.length, how: 'moved' });
  });
});
