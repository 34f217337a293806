/**
 * Web-page chrome: the account forms, cookie notices, newsletter prompts and share buttons that come
 * along when someone copies a whole web page to get at a transcript. They sit in a block at the top
 * (and sometimes the bottom) of the text, made of short paragraphs full of interface words.
 *
 * The rule is about the kind of text, not any one site: from the start, take the run of interface
 * paragraphs and short paragraphs up to the first real speech or label; the chrome is that run up to
 * its last paragraph with interface vocabulary. Short paragraphs without interface words after the
 * last interface paragraph are kept, since they may be the speaker's first words. The same from the
 * end, backwards, except that the paragraph right after the last speech or label always stays: it is
 * that speaker's last words, however short. Because removing speech would be far worse than keeping
 * chrome, a run counts only with enough evidence (see isChromeRun), and nothing is removed from a text
 * that has no speech in it.
 */
import { joinLines, sourceText, type Block, type BlockedText } from './blocks.js';

/**
 * Interface words and phrases, matched whole and case-insensitively. Words that are common in speech
 * ("home", "print", "code", "terms") are left out or only listed inside a phrase.
 */
const UI_VOCABULARY = [
  'account', 'accounts', 'password', 'passwords', 'username', 'user name', 'sign in', 'sign-in', 'signed in',
  'sign up', 'sign-up', 'sign out', 'log in', 'log-in', 'login', 'logged in', 'log out', 'logout',
  'register', 'registered', 'registration', 'subscribe', 'subscribed', 'unsubscribe', 'subscription',
  'newsletter', 'newsletters', 'cookie', 'cookies', 'cookie settings', 'verification code', 'verify',
  'email address', 'e-mail address', 'email', 'e-mail', 'inbox', 'click', 'clicking', 'button', 'download',
  'downloads', 'upload', 'privacy', 'privacy policy', 'terms of use', 'terms of service',
  'terms and conditions', 'share', 'menu', 'skip to content', 'skip to main content', 'skip to', 'search',
  'settings', 'preferences', 'accept all', 'reject all', 'consent', 'website', 'web page', 'webpage',
  'browser', 'javascript', 'copyright', '©', 'all rights reserved', 'back to top', 'read more', 'load more',
  'follow us', 'contact us', 'captcha', 'reset password', 'tweet', 'facebook', 'twitter', 'linkedin',
  'instagram', 'youtube', 'whatsapp', 'rss', 'notifications',
];

const UI_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...UI_VOCABULARY]
    .sort((a, b) => b.length - a.length) // longest first, so "privacy policy" wins over "privacy"
    .map(escapeRegExp)
    .join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

/**
 * A paragraph longer than this, without the density of interface words that marks a cookie notice,
 * is speech. The longest form text on the NATO pages is 17 words; a sentence of speech rarely fits.
 */
const SHORT_WORDS = 25;
const SHORT_CHARS = 200;
/**
 * An interface paragraph: any interface word in a handful of words, or this share of interface words
 * (which a long cookie notice reaches and speech does not).
 */
const UI_TINY_WORDS = 6;
const UI_MIN_DENSITY = 0.15;
/** Longer than any cookie notice: such a paragraph is not searched for interface words at all. */
const UI_MAX_CHARS = 1500;
/** A line of a menu: a handful of words. */
const MENU_LINE_WORDS = 6;
const MENU_LINE_CHARS = 60;
/** A lone interface paragraph is chrome only when it is navigation-sized ("Skip to main content"). */
const LONE_CHROME_WORDS = 4;

/** Text set aside as chrome. */
export interface ChromeBlock {
  /** The source text, exactly as written, blank lines included. */
  text: string;
  /** Why it was set aside, for the person reading the transcript. */
  reason: string;
  /** How many paragraphs it held. */
  paragraphs: number;
  where: 'before' | 'after';
}

export interface ChromeSplit {
  /** The blocks between the chrome: the transcript. */
  body: readonly Block[];
  leading: ChromeBlock | null;
  trailing: ChromeBlock | null;
}

/**
 * Separate leading and trailing chrome from the transcript.
 * @param isContent tells a convention's own sure signs of transcript (a speaker label) from chrome;
 *   paragraphs too long to be chrome always count as content.
 */
export function splitChrome(text: BlockedText, isContent: (block: Block) => boolean): ChromeSplit {
  const { units, origin } = chromeUnits(text.blocks);
  const lead = chromeLength(units, isContent, false);
  const trail = lead >= units.length ? 0 : chromeLength([...units].reverse(), isContent, true);
  const blocks = units;
  const body = rejoin(units.slice(lead, units.length - trail), origin.slice(lead, units.length - trail));
  return {
    body,
    leading: lead === 0 ? null : chromeBlock(text, blocks.slice(0, lead), 'before'),
    trailing: trail === 0 ? null : chromeBlock(text, blocks.slice(blocks.length - trail), 'after'),
  };
}

/**
 * The paragraphs chrome is judged by. A menu copied from a page is often one block of short lines with
 * no blank line between ("Home" / "Subscribe to our newsletter" / "Sign in"), so a block of short lines
 * is judged line by line; `origin` says which block each unit came from.
 */
function chromeUnits(blocks: readonly Block[]): { units: Block[]; origin: number[] } {
  const units: Block[] = [];
  const origin: number[] = [];
  blocks.forEach((b, i) => {
    // The length test first: it rules out nearly every block of a long text at no cost.
    if (b.lines.length > 1 && b.lines.every((l) => l.length <= MENU_LINE_CHARS && wordCount(l) <= MENU_LINE_WORDS)) {
      b.lines.forEach((line, k) => {
        units.push({ lines: [line], first: b.first + k, last: b.first + k });
        origin.push(i);
      });
    } else {
      units.push(b);
      origin.push(i);
    }
  });
  return { units, origin };
}

/** Units of one block that are all transcript are one block again. */
function rejoin(units: readonly Block[], origin: readonly number[]): Block[] {
  const out: Block[] = [];
  units.forEach((u, i) => {
    const last = out.at(-1);
    if (last && i > 0 && origin[i] === origin[i - 1]) out[out.length - 1] = { lines: [...last.lines, ...u.lines], first: last.first, last: u.last };
    else out.push(u);
  });
  return out;
}

/** The import warning that tells the reader chrome was set aside. */
export function chromeWarning(chrome: ChromeBlock): string {
  const n = chrome.paragraphs;
  return `Set aside ${n} paragraph${n === 1 ? '' : 's'} of web-page text ${chrome.where} the transcript; see Removed.`;
}

/** How many interface words and phrases a paragraph holds, and which. */
export function uiVocabulary(paragraph: string): string[] {
  return (paragraph.match(UI_PATTERN) ?? []).map((m) => m.toLowerCase());
}

/**
 * The number of chrome blocks at the front of `blocks` (which the caller may have reversed).
 * @param protectLast keep the paragraph just before the stop: read backwards, that is the text right
 *   after the last label, which is that speaker's last words however short.
 */
function chromeLength(blocks: readonly Block[], isContent: (b: Block) => boolean, protectLast: boolean): number {
  const stop = blocks.findIndex((b) => !isUiParagraph(b) && (!isShort(b) || isContent(b)));
  if (stop < 0) return 0; // no speech anywhere: there is nothing to tell chrome from
  const run = blocks.slice(0, protectLast ? Math.max(0, stop - 1) : stop);
  const lastUi = run.findLastIndex(isUiParagraph);
  return isChromeRun(run.slice(0, lastUi + 1)) ? lastUi + 1 : 0;
}

/**
 * Enough evidence for chrome: at least two interface paragraphs making up at least half the run, or
 * a single navigation-sized one on its own. One sentence that mentions a download is not chrome.
 */
function isChromeRun(run: readonly Block[]): boolean {
  const ui = run.filter(isUiParagraph).length;
  if (ui >= 2) return ui * 2 >= run.length;
  return run.length === 1 && ui === 1 && wordCount(joinLines(run[0]?.lines ?? [])) <= LONE_CHROME_WORDS;
}

function isShort(block: Block): boolean {
  const text = joinLines(block.lines);
  return text.length <= SHORT_CHARS && wordCount(text) <= SHORT_WORDS;
}

/**
 * Words too common in speech to count as interface words anywhere, that are navigation when they are a
 * whole paragraph: a menu item copied from a page ("Home", "Print").
 */
const NAVIGATION_ITEMS = new Set([
  'home', 'about', 'about us', 'news', 'events', 'blog', 'shop', 'donate', 'more', 'back', 'next', 'previous',
  'print', 'close', 'open', 'top', 'help', 'faq', 'contact', 'media', 'press', 'latest',
]);

function isUiParagraph(block: Block): boolean {
  const text = joinLines(block.lines);
  if (NAVIGATION_ITEMS.has(text.toLowerCase().replace(/[^\p{L}\s]/gu, '').trim())) return true;
  if (text.length > UI_MAX_CHARS) return false;
  const hits = uiVocabulary(text).length;
  const words = wordCount(text);
  return hits > 0 && (words <= UI_TINY_WORDS || hits / words >= UI_MIN_DENSITY);
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

function chromeBlock(text: BlockedText, blocks: readonly Block[], where: 'before' | 'after'): ChromeBlock {
  const first = blocks[0];
  const last = blocks.at(-1);
  const source = first && last ? sourceText(text, first, last) : '';
  const words = [...new Set(blocks.flatMap((b) => uiVocabulary(joinLines(b.lines))))].slice(0, 4);
  return {
    text: source,
    reason:
      `Web-page text ${where} the transcript, not speech: short paragraphs about ${words.join(', ')}. ` +
      'Restore it if any of it was said.',
    paragraphs: blocks.length,
    where,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
