/**
 * The bracketed tail of a label: "Christiane Amanpour (Moderator)", "Hon. Herb Gray (Deputy Prime Minister,
 * Lib.)". Brackets may nest, so the tail is found by counting, not by a regular expression.
 */

const OPENERS = '([';
const CLOSERS = ')]';

export interface BracketSplit {
  /** The text before the bracket, trimmed (the whole text when there is no bracketed tail). */
  head: string;
  /** The text inside the outermost trailing bracket, trimmed; null when there is none. */
  inner: string | null;
}

/**
 * Split off the bracket group that ends the text. Only a group that closes at the very end counts;
 * unbalanced brackets leave the text whole.
 */
export function splitTrailingBracket(text: string): BracketSplit {
  const s = text.trim();
  if (s.length === 0 || !CLOSERS.includes(s[s.length - 1] ?? '')) return { head: s, inner: null };
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i] ?? '';
    if (CLOSERS.includes(c)) depth++;
    else if (OPENERS.includes(c)) depth--;
    if (depth === 0) return { head: s.slice(0, i).trim(), inner: s.slice(i + 1, -1).trim() };
  }
  return { head: s, inner: null };
}

/** True when the text holds an opening or closing bracket. */
export function hasBracket(text: string): boolean {
  return /[()[\]]/.test(text);
}
