/**
 * Who an anonymous questioner says they are. Reporters at press conferences often open with their name
 * and outlet: "Natalya Kushnir, ABC News.", "Hi, I'm Jane Roe from Reuters.", "Sam Lee with the Post."
 * The importer does not attribute the turn on that evidence (the words could name someone else); it
 * offers the name as a suggestion that the editor can accept.
 */
import type { Suggestion } from '../model.js';

/** A capitalised word of a name, or an initial: "Natalya", "O'Neill", "Jean-Luc", "J." */
const NAME_WORD = String.raw`[\p{Lu}\p{Lt}](?:[\p{L}'’\-]+|\.)`;
/** Two to four such words: a given name and a surname at least, so that "Thanks, Mike." names nobody. */
const NAME = String.raw`${NAME_WORD}(?:\s+${NAME_WORD}){1,3}`;
/** An outlet or organisation: capitalised words ("U.S." keeps its inner dots), numbers and small joining words, up to eight. */
const ORG_HEAD = String.raw`[\p{Lu}\p{Lt}\p{N}](?:[\p{L}\p{N}&'’\-]|\.(?=[\p{L}\p{N}]))*`;
const ORG_WORD = String.raw`(?:${ORG_HEAD}|of|for|and|the|de|du|la|le|&)`;
const ORG = String.raw`(?:[Tt]he\s+)?${ORG_HEAD}(?:\s+${ORG_WORD}){0,7}`;
/** What may come before the name: a greeting and an introduction. */
const OPENING = String.raw`(?:(?:Hi|Hello|Hey|Yes|Yeah|Good (?:morning|afternoon|evening)|Thank you|Thanks)(?:[^.?!]{0,30}?)[,.!]\s+)?(?:(?:I'm|I’m|I am|This is|My name is|It's|It’s)\s+)?`;
const INTRODUCTION = new RegExp(
  String.raw`^${OPENING}(${NAME})(?:\s*,\s*|\s+(?:from|with|of|at)\s+|\s+[—–-]\s+)(${ORG})\s*[.,;!—–]`,
  'u',
);

/** First words that begin a sentence, not a name: "Thank You Very", "My First Question", "Mr. Secretary". */
const NOT_NAMES = new Set([
  'thank', 'thanks', 'my', 'the', 'this', 'that', 'and', 'but', 'so', 'well', 'yes', 'okay', 'ok', 'i', 'we',
  'mr', 'mrs', 'ms', 'mister', 'madam', 'madame', 'secretary', 'president', 'minister', 'general', 'prime', 'sir',
  'good', 'hello', 'hi', 'hey', 'can', 'could', 'would', 'will', 'is', 'are', 'do', 'does', 'what', 'why', 'how',
  'when', 'where', 'who', 'one', 'two', 'first', 'second', 'just', 'also', 'again', 'now', 'today', 'a', 'an',
]);

/** How far into the turn an introduction may stand: it opens the turn, or it is not one. */
const MAX_SCAN_CHARS = 200;

/** The speaker a turn's opening words introduce, or undefined when they introduce nobody. */
export function suggestSpeaker(firstParagraph: string): Suggestion | undefined {
  const head = firstParagraph.trimStart().slice(0, MAX_SCAN_CHARS);
  const match = INTRODUCTION.exec(head);
  if (!match) return undefined;
  const name = (match[1] ?? '').trim();
  const org = (match[2] ?? '').trim().replace(/^the\s+/iu, '');
  const firstWord = (name.split(/\s+/)[0] ?? '').replace(/[.'’]/g, '').toLowerCase();
  if (NOT_NAMES.has(firstWord) || org === '') return undefined;
  return { name, role: org, evidence: match[0].trim() };
}
