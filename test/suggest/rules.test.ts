import { describe, expect, it } from 'vitest';
import { RULES, ruleHits, suggestClaims, suggestClaimsInText, unclaimed, type RuleId } from '../../shared/suggest/index.js';
import { annotation } from '../codebook/builders.js';

/** The rules that fire on a sentence, each once, in RULES order. */
function rules(sentence: string): RuleId[] {
  return suggestClaimsInText(sentence)[0]?.rules ?? [];
}

/** What each rule matched, as text. */
function hits(sentence: string): string[] {
  return ruleHits(sentence).map((h) => `${h.rule}:${sentence.slice(h.start, h.end)}`);
}

describe('RULES', () => {
  it('documents every rule with an id, label, description and an example it fires on', () => {
    expect(RULES.map((r) => r.id)).toEqual(['percentage', 'money', 'date', 'superlative', 'number']);
    for (const r of RULES) {
      expect(r.label).not.toBe('');
      expect(r.description.length).toBeGreaterThan(40);
      expect(rules(r.example)).toContain(r.id);
    }
  });
});

describe('percentage', () => {
  it.each([
    ['around 75% of all missiles', 'percentage:75%'],
    ['rose by 3.5 % last', 'percentage:3.5 %'],
    ['seventy per cent of them', 'percentage:seventy per cent'],
    ['up 20 percent', 'percentage:20 percent'],
    ['two percentage points', 'percentage:two percentage points'],
  ])('%s', (text, hit) => {
    expect(hits(text)).toContain(hit);
    expect(hits(text).filter((h) => h.startsWith('number:'))).toEqual([]);
  });

  it('does not fire on "percentage" alone', () => {
    expect(rules('A large percentage of people agree.')).toEqual([]);
  });
});

describe('money', () => {
  it.each([
    ['$5 billion in aid', 'money:$5 billion'],
    ['€90 billion for two years', 'money:€90 billion'],
    ['at least 15 billion within', 'money:15 billion'],
    ['ten million dollars', 'money:ten million dollars'],
    ['costs 40 EUR a month', 'money:40 EUR'],
    ['paid £3.2m to', 'money:£3.2m'],
    ['paid US$ 7 to', 'money:US$ 7'],
  ])('%s', (text, hit) => {
    expect(hits(text)).toContain(hit);
  });
});

describe('date', () => {
  it.each([
    ['invaded on the 24th of February 2022', ['date:24th of February', 'date:2022']],
    ['from February 24 on', ['date:February 24']],
    ['in the 1990s', ['date:1990s']],
    ['after February ’22 and Budapest ’94', ['date:February', 'date:’22', 'date:’94']],
    ['since we started last summer', ['date:last summer']],
    ['what happened yesterday', ['date:yesterday']],
    ['three weeks ago', ['date:three weeks ago']],
    ['over the last couple of months', ['date:last couple of months']],
    ['signed on 2024-07-12', ['date:2024-07-12']],
    ['in May they met', ['date:in May']],
    ['on May 9 they met', ['date:on May 9']],
    ['by 9 May 2025', ['date:9 May', 'date:2025']],
    ['on Monday', ['date:on Monday']],
  ])('%s', (text, expected) => {
    for (const h of expected) expect(hits(text)).toContain(h);
  });

  it('leaves out verbs, "today", amounts and large numbers that look like years', () => {
    expect(rules('May I ask a question today?')).toEqual([]);
    expect(rules('You will hear more in the coming days.')).toEqual([]);
    expect(rules('They march on and may win tomorrow.')).toEqual([]);
    expect(hits('It cost $2000 and 12,2019 units')).not.toContain('date:2000');
    expect(hits('It rose 2020%')).toEqual(['percentage:2020%']);
  });
});

describe('superlative', () => {
  it.each([
    ['it is the highest effort', 'superlative:the highest'],
    ['the worst attack ever', 'superlative:worst'],
    ['our biggest challenge', 'superlative:our biggest'],
    ['the most dangerous moment', 'superlative:the most dangerous'],
    ['Ukraine\'s strongest ally', 'superlative:Ukraine\'s strongest'],
    ['a record high', 'superlative:a record high'],
    ['set a new record', 'superlative:new record'],
    ['an unprecedented step', 'superlative:unprecedented'],
    ['for the first time', 'superlative:for the first time'],
    ['never before seen', 'superlative:never before'],
    ['the best possible position', 'superlative:the best possible'],
  ])('%s', (text, hit) => {
    expect(hits(text)).toContain(hit);
  });

  it.each([
    'But most are now involved.',
    'Most importantly, we stand together.',
    'We will do our best.',
    'We will never forget.',
    'Have you ever been there?',
    'It is in our interest.',
    'The latest news came in.',
    'An honest answer, please.',
    'The least we can do is help.',
    'We make the most of it.',
    'Keep a record of it.',
  ])('does not fire on "%s"', (text) => {
    expect(rules(text)).toEqual([]);
  });
});

describe('number', () => {
  it('fires on digits and number words', () => {
    expect(hits('over 70 missiles and 450 drones')).toEqual(['number:70', 'number:450']);
    expect(hits('1441 days')).toEqual(['number:1441']);
    expect(hits('two-thirds of Allies')).toEqual(['number:two-thirds']);
    expect(hits('seventy soldiers')).toEqual(['number:seventy']);
    expect(hits('one hundred and twenty tanks')).toEqual(['number:one hundred and twenty']);
    expect(hits('a third of the grid')).toEqual(['number:a third of']);
    expect(hits('half of all')).toEqual(['number:half of']);
    expect(hits('hundreds of drones')).toEqual(['number:hundreds']);
    expect(hits('support for five centres')).toEqual(['number:five']);
  });

  it('leaves out "one", ordinals in words and digits that are part of a name', () => {
    expect(rules('He is the only one who can do it.')).toEqual([]);
    expect(rules('My first question is for you, and my second too.')).toEqual([]);
    expect(rules('They want F-16 jets, a G7 summit, and COVID-19 is over.')).toEqual([]);
    expect(rules('A third country joined.')).toEqual([]);
  });

  it('a number inside a percentage, an amount or a date is not counted again', () => {
    expect(rules('It rose 75% in 2022 to $5 billion.')).toEqual(['percentage', 'money', 'date']);
  });
});

describe('suggestClaims', () => {
  it('gives offsets in the working text and the turn of each candidate', () => {
    const turns = [['Hello there.', 'We sent 70 missiles.'], 'Thank you. It was the worst night.', ['Nothing here.']];
    const working = 'Hello there.\nWe sent 70 missiles.\n\nThank you. It was the worst night.\n\nNothing here.';
    const found = suggestClaims(turns);
    expect(found.map((c) => [working.slice(c.start, c.end), c.turn, c.rules])).toEqual([
      ['We sent 70 missiles.', 0, ['number']],
      ['It was the worst night.', 1, ['superlative']],
    ]);
    for (const c of found) {
      expect(c.text).toBe(working.slice(c.start, c.end));
      for (const h of c.hits) expect(h.start >= c.start && h.end <= c.end).toBe(true);
    }
    expect(found[0]?.hits.map((h) => working.slice(h.start, h.end))).toEqual(['70']);
  });

  it('handles an empty transcript and empty turns', () => {
    expect(suggestClaims([])).toEqual([]);
    expect(suggestClaims(['', [''], '5 tanks.']).map((c) => c.turn)).toEqual([2]);
  });

  it('unclaimed drops candidates an attached claim already covers', () => {
    const found = suggestClaimsInText('We sent 70 missiles. It was the worst night.');
    const claim = { ...annotation('c', [], 'claim'), target: { start: 3, end: 7, exact: 'sent', prefix: '', suffix: '' } };
    const detached = { ...claim, id: 'd', detached: true, target: { ...claim.target, start: 25, end: 28 } };
    const tag = { ...annotation('t', []), target: { start: 25, end: 28, exact: '', prefix: '', suffix: '' } };
    expect(unclaimed(found, [claim, detached, tag]).map((c) => c.text)).toEqual(['It was the worst night.']);
  });
});
