/**
 * YAML front matter, the block between `---` lines at the top of a Markdown file that static-site
 * generators and archives use for a page's title, date and source. Each top-level key becomes a
 * metadata entry. What YAML itself needs (fences, colons, quotes, escapes) is consumed; if anything else
 * would be lost on the way (comments, tags, anchors), the block is kept whole instead, under one key.
 */
import { parse } from 'yaml';
import type { Consumer } from './accounting.js';

/** Front matter is a header: it closes within this many lines or it is not front matter. */
const MAX_LINES = 500;

/** The characters YAML syntax adds around keys and values; anything else must survive into metadata. */
const YAML_SYNTAX = /^[-:'"|>\\_[\]{},?.+]$/u;

/** Key used when the block cannot be split into entries without losing text. */
export const WHOLE_FRONT_MATTER_KEY = 'front matter';

export interface FrontMatter {
  /** The metadata entries, in the order of the source. */
  entries: [string, string][];
  /** Where the text after the closing fence starts (a character offset). */
  end: number;
}

/** The front matter at the start of a text, or null when there is none. Consumption is recorded. */
export function readFrontMatter(text: string, consumer: Consumer): FrontMatter | null {
  if (!/^---[ \t]*\n/.test(text)) return null;
  const lines = text.split('\n', MAX_LINES + 2);
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*$/.test(l));
  if (close < 0) return null;
  const inner = lines.slice(1, close).join('\n');
  const end = lines.slice(0, close + 1).join('\n').length;
  consumer.consume('yaml', lines[0] ?? '');
  consumer.consume('yaml', lines[close] ?? '');
  const entries = entriesOf(inner);
  if (entries && leftoverIsSyntax(inner, entries, consumer)) {
    for (const [key] of entries) consumer.consume('key', key);
    return { entries, end };
  }
  return { entries: inner.trim() === '' ? [] : [[WHOLE_FRONT_MATTER_KEY, inner]], end };
}

/** Top-level keys and their values as text; null when the block is not a YAML mapping. */
function entriesOf(inner: string): [string, string][] | null {
  let value: unknown;
  try {
    // The failsafe schema keeps every scalar as written: "1.0" stays "1.0", "yes" stays "yes".
    value = parse(inner, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, asText(v)]);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  // Joined by line breaks: white space adds no character the source did not have.
  if (Array.isArray(value)) return value.map(asText).join('\n');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${asText(v)}`)
      .join('\n');
  }
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Whether the characters of the block not found in its keys and values are YAML syntax only. If so they
 * are recorded as consumed; if not (a comment, a tag), nothing is recorded and the caller keeps the block.
 */
function leftoverIsSyntax(inner: string, entries: readonly [string, string][], consumer: Consumer): boolean {
  const counts = new Map<string, number>();
  for (const c of inner) if (!/\s/u.test(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  for (const [k, v] of entries) {
    for (const c of k + v) {
      if (/\s/u.test(c)) continue;
      const n = (counts.get(c) ?? 0) - 1;
      if (n < 0) return false; // the value holds a character the source did not: an escape made it
      counts.set(c, n);
    }
  }
  let leftover = '';
  for (const [c, n] of counts) {
    if (n === 0) continue;
    if (!YAML_SYNTAX.test(c)) return false;
    leftover += c.repeat(n);
  }
  consumer.consume('yaml', leftover);
  return true;
}
