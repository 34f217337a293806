/**
 * Splitting text into sentences, for claim suggestions: plain rules, no model, tuned for English
 * speech transcripts.
 *
 * A sentence ends at `.`, `?`, `!` or `…` (with any closing quotes or brackets after it) followed
 * by white space, and at every line break (a paragraph never continues a sentence of the one before),
 * unless the next word starts with a lower-case letter ("Wait... what?" stays one) or the full stop
 * belongs to an abbreviation:
 * - titles and Latin abbreviations before a name or a word: "Mr.", "Dr.", "St.", "Gen.", "e.g.",
 *   "i.e.", "vs.", "approx." and the like;
 * - initials and initialisms: "E." in "Jake E. Hoeppner", "U.S.", "U.K.", "a.m.";
 * - numbering words before a number: "No. 141", "Art. 5", "p. 12", "Sept. 11".
 * A decimal point ("2.5") has no white space after it, so it never ends a sentence. The cost: "the
 * U.S. Then ..." stays one sentence; for suggestions a sentence too long is better than one cut short.
 */

/** A stretch of text: UTF-16 offsets, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Before a name or a word, never at a sentence's end (lower case, without the full stop). */
const NEVER_LAST = new Set([
  'mr', 'mrs', 'ms', 'mx', 'messrs', 'mme', 'mlle', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft',
  'gen', 'col', 'lt', 'maj', 'capt', 'cmdr', 'adm', 'sgt', 'cpl', 'pte', 'gov', 'sen', 'rep', 'hon',
  'rev', 'fr', 'pres', 'amb', 'supt', 'insp', 'det', 'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'incl',
  'dept', 'univ', 'assn',
]);

/** Before a number only: "No. 141", "Art. 5", "Jan. 6". Elsewhere they may end a sentence. */
const BEFORE_NUMBER = new Set([
  'no', 'nos', 'nr', 'art', 'arts', 'p', 'pp', 'para', 'paras', 'sec', 'fig', 'vol', 'ch', 'op', 'ed',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** Sentence-final punctuation with closing quotes and brackets, before white space. */
const TERMINAL = /[.?!…]+["'”’)\]»]*(?=\s)/gu;

/** The sentences of `text`, trimmed of white space, in order; offsets are into `text`. */
export function splitSentences(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    splitLine(text, lineStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out;
}

function splitLine(text: string, from: number, to: number, out: TextSpan[]): void {
  const line = text.slice(from, to);
  let start = 0;
  TERMINAL.lastIndex = 0;
  for (let m = TERMINAL.exec(line); m; m = TERMINAL.exec(line)) {
    const end = m.index + m[0].length;
    if (endsSentence(line, m.index, m[0], end)) {
      push(text, from + start, from + end, out);
      start = end;
    }
  }
  push(text, from + start, to, out);
}

function endsSentence(line: string, at: number, punct: string, end: number): boolean {
  const next = /^[\s"'“‘([«]*(.)/u.exec(line.slice(end))?.[1];
  if (next === undefined) return true;
  if (/\p{Ll}/u.test(next)) return false;
  // Only a lone full stop can belong to an abbreviation; "?", "!" and "..." end a sentence.
  if (!/^\.["'”’)\]»]*$/u.test(punct)) return true;
  const before = /(^|[^\p{L}.])([\p{L}.]+)$/u.exec(line.slice(0, at));
  const word = before?.[2];
  // After an apostrophe the "word" is the end of a contraction ("doesn't"), never an initial.
  if (word === undefined || /['’]/u.test(before?.[1] ?? '')) return true;
  const lower = word.toLowerCase();
  if (NEVER_LAST.has(lower)) return false;
  // Initials and initialisms: "E", "U.S", "a.m", "U.S.A" (single letters joined by full stops).
  if (/^\p{L}(?:\.\p{L})*$/u.test(word)) return false;
  if (BEFORE_NUMBER.has(lower) && /\p{N}/u.test(next)) return false;
  return true;
}

function push(text: string, start: number, end: number, out: TextSpan[]): void {
  while (start < end && /\s/u.test(text.charAt(start))) start++;
  while (end > start && /\s/u.test(text.charAt(end - 1))) end--;
  if (end > start) out.push({ start, end });
}
