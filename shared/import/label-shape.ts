/**
 * Whether a piece of text is shaped like a speaker label: a short, capitalised name or title, perhaps
 * with a bracketed role and a colon, that is not a sentence. This says nothing about where the label
 * stands (alone on a line, before a colon in running text): each convention adds that.
 *
 * The traps it must avoid are real transcript lines: "Because of the number of the ballistic missiles."
 * (a sentence), "What did you tell the dog ...?" (a question), "Maybe it is even-" (cut off speech),
 * "Thank you" (not capitalised), "Date: 12 May" (metadata, an inline colon).
 */
import { hasBracket, splitTrailingBracket } from './brackets.js';
import { anonymousKind, stripLabelColon } from './speaker-name.js';

/** A label is a handful of words: longer lines are speech even when capitalised. */
export const LABEL_MAX_WORDS = 8;
export const LABEL_MAX_CHARS = 80;

/** Small words that stay lower case inside names and titles. */
const PARTICLES = new Set([
  'of', 'the', 'and', 'for', 'de', 'da', 'das', 'do', 'dos', 'di', 'du', 'del', 'della', 'der', 'den',
  'van', 'von', 'ter', 'ten', 'zu', 'la', 'le', 'al', 'el', 'bin', 'ibn', 'y', 'e',
]);

/** Share of words (particles and numbers aside) that must be capitalised. */
const MIN_CAPITALISED = 0.75;

/** One-word replies that are capitalised and unpunctuated in careless transcripts, and never labels. */
const INTERJECTIONS = new Set([
  'yes', 'no', 'yeah', 'yep', 'nope', 'okay', 'ok', 'right', 'sure', 'thanks', 'well', 'so', 'hello', 'hi',
  'bye', 'goodbye', 'absolutely', 'exactly', 'indeed', 'good', 'great', 'fine', 'wow', 'oh', 'ah', 'um',
  'uh', 'hmm', 'correct', 'true', 'agreed', 'please', 'sorry', 'pardon',
]);

/** What ends a sentence, a clause, or speech that was cut off. */
const SENTENCE_END = /[.?!,;\u2026\-\u2013\u2014\u3002\uFF01\uFF1F]$/u;
/** Closing quotes and brackets that may follow the sentence end: `... he said.”` */
const TRAILING_CLOSERS = /["'\u201D\u2019\u00BB\u203A]+$/u;
/** Abbreviations that end a name with a dot. */
const NAME_ABBREVIATIONS = /(?:^|\s)(?:Jr|Sr|Jnr|Snr)\.$/u;

/** True when the text is shaped like a speaker label (see the module comment). */
export function looksLikeLabel(text: string): boolean {
  const line = text.trim();
  if (line === '' || line.length > LABEL_MAX_CHARS * 2) return false;
  const { head, inner } = splitTrailingBracket(stripLabelColon(line));
  if (!isNameShaped(head)) return false;
  return inner === null || inner.length <= LABEL_MAX_CHARS;
}

/** The part before any bracket: short, capitalised, not a sentence, no inline colon. */
function isNameShaped(head: string): boolean {
  if (head === '' || head.length > LABEL_MAX_CHARS || hasBracket(head)) return false;
  if (!/^[\p{Lu}\p{Lt}]/u.test(head)) return false;
  if (/[:?!;\uFF1A]|:\/\/|@/u.test(head)) return false;
  if (endsLikeSentence(head)) return false;
  const words = head.split(/\s+/);
  if (words.length > LABEL_MAX_WORDS) return false;
  // A number ends a label ("Speaker 2") but never stands inside one ("Question No. 110- Mr. Chris Axworthy").
  if (words.slice(0, -1).some((w) => /^\p{N}/u.test(w) || /[-\u2013\u2014]$/u.test(w))) return false;
  if (words.length === 1 && INTERJECTIONS.has(head.toLowerCase())) return false;
  return capitalisedShare(words) >= MIN_CAPITALISED;
}

function endsLikeSentence(head: string): boolean {
  const bare = head.replace(TRAILING_CLOSERS, '');
  if (!SENTENCE_END.test(bare)) return false;
  return !(NAME_ABBREVIATIONS.test(bare) || anonymousKind(bare) !== null); // "Martin Luther King Jr.", "Q."
}

function capitalisedShare(words: readonly string[]): number {
  const counted = words.filter((w) => !PARTICLES.has(w.toLowerCase()) && !/^\p{N}/u.test(w));
  if (counted.length === 0) return 0;
  const capitalised = counted.filter((w) => /^[\p{Lu}\p{Lt}]/u.test(w) || /^(al|el|ad|ibn|bin)-\p{Lu}/u.test(w));
  return capitalised.length / counted.length;
}
