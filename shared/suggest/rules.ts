/**
 * The rules that make a sentence a claim candidate. Each rule finds stretches ("hits") in one
 * sentence; a sentence with at least one hit is offered. The rules aim at what a fact-checker checks
 * (figures, amounts, dates of events, records) and leave out words that are common in speech but
 * rarely checkable; each description says what is left out and why. README lists RULES as it is.
 */
import type { TextSpan } from './sentences.js';

export type RuleId = 'percentage' | 'money' | 'date' | 'superlative' | 'number';

export interface Rule {
  id: RuleId;
  label: string;
  description: string;
  /** A sentence the rule fires on. */
  example: string;
}

/** The rules, in the order a candidate lists the ones that fired. */
export const RULES: readonly Rule[] = [
  {
    id: 'percentage',
    label: 'Percentage',
    description:
      'A number with "%", or the words "per cent", "percent" or "percentage point(s)". "Percentage" alone ("a large percentage") does not fire.',
    example: 'It has supplied around 75% of all missiles for Ukraine\'s Patriot batteries.',
  },
  {
    id: 'money',
    label: 'Money',
    description:
      'An amount with a currency sign or code ("$5 billion", "€90 billion", "US$ 3", "40 EUR") or word ("ten million dollars", "5 euros", "hryvnias"), and any number of millions, billions or trillions ("15 billion"), which in political speech is nearly always money.',
    example: 'Allies have pledged €90 billion for next year.',
  },
  {
    id: 'date',
    label: 'Date',
    description:
      'A year from 1900 to 2099 (also "the 1990s", "’94"), a month by name ("May" only next to a day, a year or a word like "in" or "since"), a written date ("12/07/2024", "2024-07-12"), "yesterday", "last night", "last/next/this/past" with year, month, week, decade or a season (also "the last couple of months", "the past ten years"; not "the coming days"), "N years ago", and "last" or "on" with a weekday. "Today", "now" and "tomorrow" do not fire: speakers say them of the occasion itself.',
    example: 'Since we started PURL last summer, deliveries have doubled.',
  },
  {
    id: 'superlative',
    label: 'Superlative or record',
    description:
      'A superlative ("the highest", "the worst", "our biggest", "the most dangerous", "the least"), a record ("record high", "a new record", "all-time low", "unprecedented"; not "a record" alone, which is as often a document) or a first ("for the first time", "never before", "first ever"). Bare "most" (a quantity or "most importantly"), "best" without "the" ("do our best"), "never" and "ever" on their own, and "-est" words that are not superlatives ("interest", "honest", "latest", "nearest") do not fire.',
    example: 'It was the largest attack since the start of the war.',
  },
  {
    id: 'number',
    label: 'Number',
    description:
      'A number not already counted as a percentage, money or a date: digits ("1441 days", "2.5", "1,000") or number words ("seventy", "two-thirds", "five", "a third of", "half of", "hundreds"). Digits that are part of a name ("F-16", "G7", "COVID-19") and "one" (a pronoun far more often than a count) do not fire; "first" and "second" are left out too.',
    example: 'The attack was terrible: over 70 missiles and 450 drones.',
  },
];

/** Where a rule fired: a stretch of the text, with the rule. */
export interface RuleHit extends TextSpan {
  rule: RuleId;
}

// ---------------------------------------------------------------------------------------------
// Word lists and building blocks. Every pattern is wrapped in word edges that know Unicode letters
// (JavaScript's \b knows only ASCII), and compiled once.
// ---------------------------------------------------------------------------------------------

const UNIT_WORDS =
  'zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const SCALE_WORDS = 'hundreds?|thousands?|millions?|billions?|trillions?|dozens?';
const FRACTION_WORDS = 'halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?';
const BIG = 'million|billion|trillion|bn|mn|m|tn';

/** Digits, with thousands separators and a decimal part: "1,441", "2.5", "10 000" is two numbers. */
const DIGITS = String.raw`\d+(?:[.,]\d+)*`;
/**
 * A number in words: "seventy", "twenty-five", "one hundred", "a dozen", "two-thirds", "three
 * quarters", "hundreds". "one" and "a" only lead a longer number ("one hundred", "one-third", "a
 * million"): alone they are a pronoun and an article.
 */
const WORDS = String.raw`(?:(?:${UNIT_WORDS})(?:[-\s]+(?:and[-\s]+)?(?:${UNIT_WORDS}|${SCALE_WORDS}|${FRACTION_WORDS}|one))*|(?:one|a)[-\s]+(?:${SCALE_WORDS})(?:[-\s]+(?:and[-\s]+)?(?:${UNIT_WORDS}|${SCALE_WORDS}|one))*|one[-\s]+(?:${FRACTION_WORDS})|(?:${SCALE_WORDS}))`;
const AMOUNT = `(?:${DIGITS}|${WORDS})`;

const L = String.raw`\p{L}\p{N}`;
function words(pattern: string, flags = 'giu'): RegExp {
  return new RegExp(String.raw`(?<![${L}])(?:${pattern})(?![${L}])`, flags);
}

const PERCENTAGE = [
  new RegExp(String.raw`(?<![${L}])${DIGITS}\s?%`, 'gu'),
  words(String.raw`(?:${AMOUNT}[-\s]+)?(?:per[-\s]?cent|percent|percentage[-\s]points?)`),
];

const CURRENCY_SIGN = String.raw`(?:US\$|C\$|A\$|[$€£¥₴₽₹])`;
const CURRENCY_WORD = String.raw`(?:dollars?|euros?|pounds?(?:\s+sterling)?|hryvnias?|hryvnia|roubles?|rubles?|yen|yuan|renminbi|francs?|rupees?|USD|EUR|GBP|UAH|RUB|CHF|JPY|CNY)`;
const MONEY = [
  new RegExp(String.raw`${CURRENCY_SIGN}\s?${DIGITS}(?:\s?(?:${BIG})(?![${L}]))?`, 'gu'),
  words(String.raw`${AMOUNT}(?:\s+(?:${BIG}))?\s+${CURRENCY_WORD}`),
  words(String.raw`${AMOUNT}\s?(?:million|billion|trillion|bn|tn)`),
];

const MONTHS = 'January|February|March|April|June|July|August|September|October|November|December';
const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const PERIODS = 'years?|months?|weeks?|decades?|century|centuries|summer|winter|spring|autumn|fall|weekend';
const DATE = [
  // A year, not a part of a larger number, an amount or a decimal, and not a percentage.
  new RegExp(String.raw`(?<![${L}$€£¥₴₽.,:/-])(?:19|20)\d{2}(?:['’]?s)?(?![\p{N}%]|[.,:]\d|[${L}])`, 'gu'),
  words(String.raw`\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}`),
  // A year cut to two digits: "February ’22", "Budapest ’94", "the ’90s".
  new RegExp(String.raw`(?<![${L}'’])['’]\d{2}s?(?![${L}])`, 'gu'),
  words(String.raw`(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s\d{1,2}`),
  words(
    String.raw`yesterday|last\s+night|(?:last|next|this|past|previous)\s+(?:(?:couple\s+of|few|${AMOUNT})\s+(?:${PERIODS}|days)|${PERIODS})|${AMOUNT}\s+(?:${PERIODS}|days?)\s+ago`,
  ),
  words(String.raw`(?:last|on)\s+(?:${WEEKDAYS})`),
];
/**
 * Month names count only when capitalised ("march" and "may" are verbs), and "May" only beside a day,
 * a year or a word that makes it a time ("in May", "since May"): as a sentence's first word it is
 * "May I ask ...". The patterns are case-insensitive for the words around; the filter checks the case.
 */
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?(?!\p{N})`;
const MONTH_NAMES = [
  // "February", "24 February", "the 24th of February", "February 24th".
  words(String.raw`(?:${DAY}\s+(?:of\s+)?)?(?:${MONTHS})(?:\s+${DAY})?`),
  words(
    String.raw`(?:(?:${DAY}\s+(?:of\s+)?)|(?:in|of|since|until|till|by|on|from|to|early|late|mid|last|next|this|through)[-\s]+)May(?:\s+${DAY})?|May\s+${DAY}|May(?=\s+(?:19|20)\d{2})`,
  ),
];
const CAPITALISED_MONTH = new RegExp(`(?<![${L}])(?:${MONTHS}|May)(?![${L}])`, 'u');
const capitalisedMonth = (m: RegExpExecArray): boolean => CAPITALISED_MONTH.test(m[0]);

/** Superlatives that are never anything else, wherever they stand. */
const ALWAYS_SUPERLATIVE =
  'biggest|largest|highest|lowest|greatest|smallest|strongest|weakest|deadliest|bloodiest|fastest|slowest|longest|shortest|worst|richest|poorest|oldest|youngest|heaviest|cheapest|costliest|safest|toughest|hardest|deepest|widest|fewest|busiest|coldest|hottest|warmest|wealthiest|poorest|severest|gravest|harshest|sharpest|steepest';
/** Words ending in "est" that are not superlatives, or are too vague to check ("latest"). */
const NOT_SUPERLATIVE = new Set(
  'interest interests honest modest request protest conquest harvest contest suggest manifest arrest behest inquest bequest digest invest unrest nearest latest west midwest southwest northwest rest test earnest priest guest chest nest quest crest zest pest vest lest jest fest attest detest everest tempest forest budapest bucharest dearest'.split(' '),
);
const SUPERLATIVE = [
  words(ALWAYS_SUPERLATIVE),
  // "the most of it" and "the least we can do" are not superlatives of anything checkable.
  words(String.raw`the\s+(?:best|most|least)\s+(?!(?:of|we|i|you|they|he|she|it)(?![${L}]))[\p{L}-]+|the\s+(?:very\s+)?best`),
  words(String.raw`(?:(?:a|new)\s+)?record[-\s]+(?:highs?|lows?|levels?|numbers?|year|amount|breaking)|new\s+record|all[-\s]time\s+(?:high|low)|unprecedented|for\s+the\s+first\s+time|never\s+before|first[-\s]ever|ever\s+recorded|(?:\p{L}+est)[-\s]ever`),
];
/** Any "-est" word after "the" or a possessive, unless it is in NOT_SUPERLATIVE. */
const DETERMINED_EST = words(String.raw`(?:the|its|our|their|his|her|my|your|whose|\p{L}+['’]s)\s+(\p{L}{2,}est)`);

const NUMBER = [
  // Not part of a name (F-16, G7, COVID-19), not glued to letters after it except ordinals and decades.
  new RegExp(String.raw`(?<![${L}]-?|[${L}]‐)${DIGITS}(?:st|nd|rd|th|s)?(?![${L}])`, 'gu'),
  words(WORDS),
  words(String.raw`(?:a|one)[-\s]+(?:third|quarter|fifth|tenth)s?\s+of|half\s+(?:of|the)|(?:and\s+)?a\s+half`),
];

function find(res: readonly RegExp[], text: string, rule: RuleId, filter?: (m: RegExpExecArray) => boolean): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const re of res) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      if (!filter || filter(m)) hits.push({ rule, start: m.index, end: m.index + m[0].length });
    }
  }
  return hits;
}

function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Every hit of every rule in `text` (one sentence), offsets into `text`, sorted by position. A
 * number inside a percentage, an amount of money or a date is not a hit of `number` as well.
 */
export function ruleHits(text: string): RuleHit[] {
  const specific = [
    ...find(PERCENTAGE, text, 'percentage'),
    ...find(MONEY, text, 'money'),
    ...find(DATE, text, 'date'),
    ...find(MONTH_NAMES, text, 'date', capitalisedMonth),
  ];
  const superlatives = [
    ...find(SUPERLATIVE, text, 'superlative'),
    ...find([DETERMINED_EST], text, 'superlative', (m) => !NOT_SUPERLATIVE.has((m[1] ?? '').toLowerCase())),
  ];
  const numbers = find(NUMBER, text, 'number').filter((n) => !specific.some((s) => overlaps(s, n)));
  return mergeOverlaps([...specific, ...superlatives, ...numbers]);
}

/** Sorted by position, with overlapping hits of one rule joined ("the highest" and "highest"). */
function mergeOverlaps(hits: RuleHit[]): RuleHit[] {
  const out: RuleHit[] = [];
  for (const h of [...hits].sort((a, b) => a.start - b.start || b.end - a.end)) {
    const same = out.find((o) => o.rule === h.rule && overlaps(o, h));
    if (same) same.end = Math.max(same.end, h.end);
    else out.push({ ...h });
  }
  return out;
}
