/** The line-level readers: timestamps, inline and timed labels, names in capitals, paragraphs from lines. */
import { describe, expect, it } from 'vitest';
import { readInlineLabel } from '../../shared/import/inline-label.js';
import { normalCase } from '../../shared/import/name-case.js';
import { linesAreParagraphs, paragraphsOf } from '../../shared/import/paragraph-join.js';
import { hasTimeInBrackets, readTimedLine } from '../../shared/import/timed.js';
import { parseTimestamp } from '../../shared/import/timestamp.js';
import { isCapitalHeading } from '../../shared/import/headings.js';
import { contentsLength, laterEntries } from '../../shared/import/contents.js';
import { titleKey } from '../../shared/import/preamble.js';

describe('parseTimestamp', () => {
  it.each([
    ['0:05', 5],
    ['12:30', 750],
    ['01:02:03', 3723],
    ['00:01:23.456', 83.456],
    ['00:01:23,5', 83.5],
    ['100:00', 6000],
  ])('%s is %d s', (text, seconds) => {
    expect(parseTimestamp(text)).toBeCloseTo(seconds, 6);
  });

  it.each(['1:60', '1:02:60', '12', 'a:bc', '1:2', ''])('%s is not a timestamp', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

describe('readInlineLabel', () => {
  it.each([
    ['MS. JEAN-PIERRE:\u00A0 I have friends.', 'MS. JEAN-PIERRE:', 'I have friends.'],
    ['Q\u00A0\u00A0\u00A0 Oh, wow.', 'Q', 'Oh, wow.'],
    ['Q: Why?', 'Q:', 'Why?'],
    ['Q    ', 'Q', ''],
    ['THE PRESIDENT: Thank you.', 'THE PRESIDENT:', 'Thank you.'],
    ['Sam Lee [Acme Corp]: Fine.', 'Sam Lee [Acme Corp]:', 'Fine.'],
    ['**Host:** Welcome.', 'Host:', 'Welcome.'],
    ['**Host**: Welcome.', 'Host:', 'Welcome.'],
    ['Jane Doe:', 'Jane Doe:', ''],
  ])('%s', (line, label, rest) => {
    expect(readInlineLabel(line)).toMatchObject({ label, rest });
  });

  it.each(['3:18 P.M. EDT', 'Here are the new powers: one', 'Quite so.', 'https://example.org', 'the chair: yes', 'Question No. 110- Mr. Chris Axworthy: x'])(
    'finds no label in %s',
    (line) => {
      expect(readInlineLabel(line)).toBeNull();
    },
  );
});

describe('readTimedLine', () => {
  it('reads the three forms and the bare timestamp', () => {
    expect(readTimedLine('[00:01:23] Jane Doe: Hi.')).toMatchObject({ kind: 'label', label: 'Jane Doe:', rest: 'Hi.', times: { start: 83 } });
    expect(readTimedLine('[00:01 - 00:05] Ann Lee: ok')).toMatchObject({ kind: 'label', times: { start: 1, end: 5 } });
    expect(readTimedLine('Jane Doe (00:12):')).toMatchObject({ kind: 'label', label: 'Jane Doe:', rest: '', times: { start: 12 } });
    expect(readTimedLine('Jane Doe [1:02:03]: hello')).toMatchObject({ kind: 'label', rest: 'hello', times: { start: 3723 } });
    expect(readTimedLine('Speaker 1  12:30')).toMatchObject({ kind: 'label', label: 'Speaker 1', times: { start: 750 } });
    expect(readTimedLine('[00:04:10]')).toMatchObject({ kind: 'time', rest: '' });
    expect(readTimedLine('(1:23) more text')).toMatchObject({ kind: 'time', rest: 'more text' });
  });

  it('does not take times of day or times inside speech for timestamps', () => {
    expect(readTimedLine('3:18 P.M. EDT').kind).toBe('plain');
    expect(readTimedLine('10:30 am sharp').kind).toBe('plain');
    expect(readTimedLine('We met at 10:30 tomorrow').kind).toBe('plain');
    expect(hasTimeInBrackets('Jane Doe (00:12):')).toBe(true);
    expect(hasTimeInBrackets('Jane Doe (Moderator):')).toBe(false);
  });
});

describe('normalCase', () => {
  it.each([
    ['MS. JEAN-PIERRE', 'Ms. Jean-Pierre'],
    ['MCCLELLAND', 'McClelland'],
    ["O'BRIEN", "O'Brien"],
    ['URSULA VON DER LEYEN', 'Ursula von der Leyen'],
    ['NATO SECRETARY GENERAL', 'NATO Secretary General'],
    ['AFL-CIO PRESIDENT', 'AFL-CIO President'],
    ['J.R. SMITH JR.', 'J.R. Smith Jr.'],
    ['LIZ SHULER (NDP)', 'Liz Shuler (NDP)'],
    ['Already Mixed', 'Already Mixed'],
  ])('%s → %s', (text, expected) => {
    expect(normalCase(text)).toBe(expected);
  });
});

describe('paragraphs from lines', () => {
  const block = (...lines: string[]) => ({ lines, first: 0, last: lines.length - 1 });

  it('tells one sentence per line from a hard wrap', () => {
    expect(linesAreParagraphs(block('The question is on the amendment.', 'Is it the pleasure of the House to adopt it?', 'All those in favour will please say yea.'))).toBe(true);
    expect(linesAreParagraphs(block('So, last night you heard directly from President Biden during an', 'hour-long press conference.  Several of you here had the', 'opportunity to ask him questions.'))).toBe(false);
    expect(linesAreParagraphs(block('One.', 'Two.'))).toBe(false);
  });

  it('joins a wrap, and a sentence a blank line cut in two, but not two paragraphs', () => {
    const lines = [
      { text: 'a clear choice between working people', block: 0 },
      { text: 'across this country.', block: 1 },
      { text: 'Next paragraph.', block: 2 },
    ];
    expect(paragraphsOf(lines, () => false)).toEqual(['a clear choice between working people across this country.', 'Next paragraph.']);
  });
});

describe('headings, contents and titles', () => {
  it.each(['ROYAL CANADIAN MINT ACT', "WOMEN'S HISTORY MONTH", 'EDITED HANSARD * NUMBER 141'])('%s is a heading', (line) => {
    expect(isCapitalHeading(line)).toBe(true);
  });

  it.each(['MS. JEAN-PIERRE:', 'NO!', 'OK', 'Q', 'Royal Canadian Mint Act', 'STOP.'])('%s is not', (line) => {
    expect(isCapitalHeading(line)).toBe(false);
  });

  it('finds a table of contents up to its last entry, and none in speech', () => {
    const later = laterEntries(['ROYAL CANADIAN MINT ACT', 'Ms. Jocelyne Girard-Bujold (Jonquiere, BQ):', 'It is.']);
    const table = ['EDITED HANSARD', 'Friday, October 23, 1998', 'ROYAL CANADIAN MINT ACT', 'Ms. Jocelyne Girard-Bujold', 'The House met at 10 a.m.', 'ESTIMATES DAY'];
    expect(contentsLength(table, later)).toBe(6);
    expect(contentsLength(table, new Set())).toBe(0); // nothing in it comes back: a title block, not a table
    expect(contentsLength(['Well thank you Volodymyr, and let me say I am grateful.', 'Together, NATO and Ukraine ensure that.'], later)).toBe(0);
  });

  it('files title lines before the speech under time, date or heading', () => {
    expect(titleKey('3:18 P.M. EDT')).toBe('time');
    expect(titleKey('Friday, October 23, 1998')).toBe('date');
    expect(titleKey('12 May 2025')).toBe('date');
    expect(titleKey('Aboard Air Force One')).toBe('heading');
    expect(titleKey('Good evening, everyone.')).toBeNull();
  });
});
