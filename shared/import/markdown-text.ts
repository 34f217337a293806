/**
 * Markdown's markup taken out of a transcript's text, line for line (the line count never changes, so
 * that the convention reading the result can still point at source lines): emphasis (`*`, `**`, `_`,
 * `__`), backslash escapes (`\[laughter\]`), heading marks (`# Title`, and setext underlines), quote
 * marks (`>`), code marks and fences, thematic breaks, and character references. Links, lists and
 * tables are left as written: their text is content, and dropping their syntax would gain little.
 */
import type { Consumer } from './accounting.js';
import { decodeEntities } from './entities.js';

export interface CleanMarkdown {
  text: string;
  /** Lines (0-based) that were headings: the convention reading the text must not take them for labels. */
  headingLines: Set<number>;
}

/** Escapable characters: ASCII punctuation, as CommonMark has it. */
const ESCAPABLE = /[!-/:-@[-`{-~]/;
/** Characters where markup can start; everything between them is copied as it is. */
const INTERESTING = /[\\`*_]/g;
/** At most this many unmatched delimiters are remembered: keeps a pathological line linear. */
const MAX_OPENERS = 64;

/** The text without its Markdown markup; every consumed mark is recorded. */
export function cleanMarkdown(text: string, consumer: Consumer): CleanMarkdown {
  const lines = text.split('\n');
  const headingLines = new Set<number>();
  const code = new Set<number>();
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fenceMatch && (fence === null || (fenceMatch[1] ?? '').startsWith(fence))) {
      consumer.consume('markup', fenceMatch[1] ?? '');
      fence = fence === null ? (fenceMatch[1] ?? '').slice(0, 3) : null;
      lines[i] = fenceMatch[2] ?? '';
      continue;
    }
    if (fence !== null) {
      code.add(i); // code is kept as written
      continue;
    }
    lines[i] = cleanBlockLine(line, i, lines, headingLines, consumer);
  }
  stripEmphasis(lines, headingLines, code, consumer);
  for (let i = 0; i < lines.length; i++) if (!code.has(i)) lines[i] = decodeEntities(lines[i] ?? '', consumer);
  return { text: lines.join('\n'), headingLines };
}

/** Block-level marks of one line: headings, setext underlines, thematic breaks, quote marks. */
function cleanBlockLine(line: string, i: number, lines: readonly string[], headings: Set<number>, consumer: Consumer): string {
  const previous = i > 0 ? (lines[i - 1] ?? '') : '';
  const underline = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
  if (underline && previous.trim() !== '' && !headings.has(i - 1)) {
    consumer.consume('markup', underline[1] ?? '');
    headings.add(i - 1);
    return '';
  }
  if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) {
    consumer.consume('markup', line);
    return '';
  }
  let rest = line;
  const quote = /^ {0,3}((?:>[ \t]?)+)/.exec(rest);
  if (quote) {
    consumer.consume('markup', (quote[1] ?? '').replace(/\s/g, ''));
    rest = rest.slice(quote[0].length);
  }
  const heading = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+(#+))?[ \t]*$/.exec(rest);
  if (heading) {
    consumer.consume('markup', heading[1] ?? '');
    consumer.consume('markup', heading[3] ?? '');
    headings.add(i);
    return heading[2] ?? '';
  }
  return rest;
}

interface Delimiter {
  line: number;
  /** Index in the line of the run's first character. */
  at: number;
  char: '*' | '_';
  /** Characters of the run still unmatched, and how many have been matched from its start and its end. */
  length: number;
  fromStart: number;
  fromEnd: number;
  canOpen: boolean;
  canClose: boolean;
}

/**
 * Emphasis and escapes, over each paragraph (a run of non-blank lines), in one pass: runs of `*` or `_`
 * that can open wait on a stack; a run that can close is matched with the nearest opener of its kind.
 * This is CommonMark's algorithm without its rarer rules (the "multiple of 3" rule), which transcripts
 * do not need. Matched marks, escape backslashes and code-span backticks are removed and recorded.
 */
function stripEmphasis(lines: string[], headings: ReadonlySet<number>, code: ReadonlySet<number>, consumer: Consumer): void {
  const removals: number[][] = lines.map(() => []);
  const runs: Delimiter[] = [];
  let stack: Delimiter[] = [];
  lines.forEach((line, li) => {
    if (line.trim() === '' || code.has(li) || headings.has(li) !== headings.has(li - 1)) stack = [];
    if (code.has(li)) return;
    let i = 0;
    while (i < line.length) {
      // Jump to the next character that can be markup: most of a line is plain text.
      INTERESTING.lastIndex = i;
      const found = INTERESTING.exec(line);
      if (!found) break;
      i = found.index;
      const c = line[i];
      if (c === '\\' && i + 1 < line.length && ESCAPABLE.test(line[i + 1] ?? '')) {
        removals[li]?.push(i);
        consumer.consume('markup', '\\');
        i += 2;
        continue;
      }
      if (c === '\\' && i === line.length - 1) {
        removals[li]?.push(i); // a backslash at the end of a line is a hard line break
        consumer.consume('markup', '\\');
        i++;
        continue;
      }
      if (c === '`') {
        i = codeSpan(line, li, i, removals, consumer);
        continue;
      }
      if (c !== '*' && c !== '_') {
        i++;
        continue;
      }
      let j = i;
      while (line[j] === c) j++;
      const before = i > 0 ? (line[i - 1] ?? ' ') : ' ';
      const after = j < line.length ? (line[j] ?? ' ') : ' ';
      const alnumBefore = /[\p{L}\p{N}]/u.test(before);
      const alnumAfter = /[\p{L}\p{N}]/u.test(after);
      const run: Delimiter = {
        line: li,
        at: i,
        char: c,
        length: j - i,
        fromStart: 0,
        fromEnd: 0,
        canOpen: !/\s/u.test(after) && (c === '*' || !alnumBefore),
        canClose: !/\s/u.test(before) && (c === '*' || !alnumAfter),
      };
      runs.push(run);
      match(run, stack);
      if (run.canOpen && run.length > 0) {
        stack.push(run);
        if (stack.length > MAX_OPENERS) stack.shift();
      }
      i = j;
    }
  });
  for (const run of runs) {
    for (let k = 0; k < run.fromStart; k++) removals[run.line]?.push(run.at + k);
    for (let k = 0; k < run.fromEnd; k++) removals[run.line]?.push(run.at + run.length + run.fromStart + run.fromEnd - 1 - k - 0);
    const used = run.fromStart + run.fromEnd;
    if (used > 0) consumer.consume('markup', run.char.repeat(used));
  }
  lines.forEach((line, li) => {
    const cut = removals[li];
    if (!cut || cut.length === 0) return;
    cut.sort((a, b) => a - b);
    let out = '';
    let from = 0;
    for (const at of cut) {
      if (at < from) continue; // the same position twice
      out += line.slice(from, at);
      from = at + 1;
    }
    lines[li] = out + line.slice(from);
  });
}

/** Match a closing run with openers on the stack, as many characters as both have (two at a time: strong). */
function match(closer: Delimiter, stack: Delimiter[]): void {
  if (!closer.canClose) return;
  for (let s = stack.length - 1; s >= 0 && closer.length > 0; s--) {
    const opener = stack[s];
    if (!opener || opener.char !== closer.char || opener.length === 0) continue;
    const n = opener.length >= 2 && closer.length >= 2 ? 2 : 1;
    // The opener gives characters from its end (next to the text), the closer from its start.
    opener.length -= n;
    opener.fromEnd += n;
    closer.length -= n;
    closer.fromStart += n;
    stack.length = opener.length > 0 ? s + 1 : s; // openers inside the match are closed by it
    if (closer.length > 0) s = stack.length;
  }
}

/** A code span: its backticks are removed, its content kept exactly (no emphasis or escapes inside). */
function codeSpan(line: string, li: number, i: number, removals: number[][], consumer: Consumer): number {
  let j = i;
  while (line[j] === '`') j++;
  const ticks = line.slice(i, j);
  const close = line.indexOf(ticks, j);
  if (close < 0) return j; // an unmatched backtick is text
  for (let k = 0; k < ticks.length; k++) removals[li]?.push(i + k, close + k);
  consumer.consume('markup', ticks + ticks);
  return close + ticks.length;
}
