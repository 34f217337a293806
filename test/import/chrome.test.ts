import { describe, expect, it } from 'vitest';
import { importText } from '../../shared/import/index.js';
import { splitBlocks } from '../../shared/import/blocks.js';
import { splitChrome } from '../../shared/import/chrome.js';
import { KYIV, transcriptText } from './helpers.js';

const doc = (...paragraphs: string[]) => paragraphs.join('\n\n');
const allParagraphs = (text: string) => importText(text).body.turns.flatMap((t) => t.paragraphs);

const SPEECH =
  'Thank you all for coming this morning. We have a great deal to discuss, and I want to begin with the ' +
  'situation on the ground, which has changed considerably since we last met in this room in the autumn, ' +
  'and then turn to what our partners have asked of us.';
/** A dialogue whose labels recur, so that it is read as labels on their own lines. */
const DIALOGUE = ['Jane Doe', SPEECH, 'Question', 'Is that all?', 'Jane Doe', 'It is not.', 'Question', 'Why?'];

describe('web-page chrome', () => {
  it('is found at the top of the Kyiv page and ends before the speech', () => {
    const split = splitChrome(splitBlocks(transcriptText(KYIV)), () => false);
    expect(split.leading?.text.split('\n')[0]).toBe('NATO MULTIMEDIA ACCOUNT');
    expect(split.leading?.text.endsWith('log in with your new password.')).toBe(true);
    expect(split.leading?.paragraphs).toBe(20);
    expect(split.body[0]?.lines[0]).toMatch(/^Well thank you Volodymyr/);
    expect(split.trailing).toBeNull();
  });

  it('is found for other sites: a cookie banner before and share links after', () => {
    const banner = [
      'Skip to main content',
      'Menu',
      'We use cookies to improve your experience. Accept all',
      'Cookie settings',
    ];
    const footer = ['Share this page', 'Follow us on Twitter', 'Privacy policy'];
    const result = importText(doc(...banner, ...DIALOGUE, 'Jane Doe', 'Thank you.', ...footer));
    const { body } = result;
    expect(result.convention).toBe('label-line');
    expect(body.removed.map((r) => [r.id, r.kind, r.afterTurn])).toEqual([
      ['r1', 'chrome', null],
      ['r2', 'chrome', body.turns.at(-1)?.id],
    ]);
    expect(body.removed[0]?.text).toBe(doc(...banner));
    expect(body.removed[1]?.text).toBe(doc(...footer));
    expect(body.turns.map((t) => t.paragraphs)).toEqual([[SPEECH], ['Is that all?'], ['It is not.'], ['Why?'], ['Thank you.']]);
  });

  it('takes a long cookie notice dense with interface words', () => {
    const notice =
      'We use cookies and similar technologies on our website. Click Accept all to consent, or Reject all, ' +
      'or open Cookie settings to choose your preferences. See our privacy policy and terms of use.';
    const { body } = importText(doc('Menu', notice, ...DIALOGUE));
    expect(body.removed[0]?.text).toBe(doc('Menu', notice));
  });

  it('never takes short speech that mentions downloads or websites', () => {
    const opening = ['Good morning.', 'You can download the full report from our website after this session.'];
    const text = doc(...opening, ...DIALOGUE);
    expect(importText(text).body.removed).toEqual([]);
    expect(importText(text).body.turns[0]?.paragraphs).toEqual(opening);
  });

  it('never takes the last words of the last speaker, however short', () => {
    const text = doc(...DIALOGUE, 'Jane Doe', 'Please subscribe and share.');
    expect(importText(text).body.removed).toEqual([]);
    expect(allParagraphs(text).at(-1)).toBe('Please subscribe and share.');
  });

  it('never takes the short speech between the chrome and the first label', () => {
    const text = doc('Sign in', 'Create an account', 'Good evening, everyone.', ...DIALOGUE);
    const { body } = importText(text);
    expect(body.removed[0]?.text).toBe(doc('Sign in', 'Create an account'));
    expect(body.turns[0]).toMatchObject({ speaker: null, paragraphs: ['Good evening, everyone.'] });
  });

  it('is found without labels too, ending at the first long paragraph', () => {
    const result = importText(doc('Sign in', 'Create an account', SPEECH, 'The end.'));
    expect(result.convention).toBe('paragraphs');
    expect(result.body.removed[0]?.text).toBe(doc('Sign in', 'Create an account'));
    expect(result.body.turns.map((t) => t.paragraphs)).toEqual([[SPEECH], ['The end.']]);
  });

  it('removes nothing from a text that has no speech to tell it from', () => {
    const text = doc('Sign in', 'Create an account', 'Reset password');
    expect(importText(text).body.removed).toEqual([]);
    expect(allParagraphs(text)).toHaveLength(3);
  });

  it('needs more than one interface paragraph, or one navigation-sized one, to call a run chrome', () => {
    expect(importText(doc('Before we start, please share the agenda.', ...DIALOGUE)).body.removed).toEqual([]);
    expect(importText(doc('Skip to content', ...DIALOGUE)).body.removed[0]?.text).toBe('Skip to content');
  });
});
