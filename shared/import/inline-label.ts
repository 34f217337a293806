/**
 * A speaker label at the start of a line, with the speech after it on the same line:
 *
 *     MS. JEAN-PIERRE:  Hi, everybody.          Q    Thanks, Mike.
 *     Jane Doe [Acme Corp]: I think ...         **Host:** Welcome back.
 *
 * This only says whether a line starts with something shaped like a label; whether the text really uses
 * labels that way (or "Note: ..." is just a sentence) is for the convention to decide from the whole text.
 */
import { looksLikeLabel } from './label-shape.js';

/** A label read from the start of a line. */
export interface InlineLabel {
  /** The label as written, without Markdown markers: "MS. JEAN-PIERRE:", "Q", "Jane Doe [Acme Corp]:". */
  label: string;
  /** The speech after the label on the same line, without the space that separated them. */
  rest: string;
  /** Markdown bold markers around the label, consumed as markup. */
  markup: string[];
  /** 'q' for the bare `Q` of press transcripts, which needs no colon; 'colon' for every other label. */
  kind: 'q' | 'colon';
}

/** A label is short: the colon that ends it stands within this many characters of the line's start. */
const MAX_LABEL_CHARS = 100;

/** `Q`, `Q.` or `Q:` alone, followed by white space (no-break spaces included) or the end of the line. */
const BARE_Q = /^Q[.:\uFF1A]?(?:[\s\u00A0]+|$)/u;
/** `**Name:**`, `**Name**:`, `__Name:__`: a label in Markdown bold. */
const BOLD = /^(\*\*|__)([^*_\n]{1,100}?)([:\uFF1A]?)\1([:\uFF1A]?)(?:[\s\u00A0]+|$)/u;

/** The label that starts a line, or null when the line does not start with one. */
export function readInlineLabel(line: string): InlineLabel | null {
  const s = line.trimStart();
  const q = BARE_Q.exec(s);
  if (q) return { label: q[0].trim(), rest: s.slice(q[0].length).trim(), markup: [], kind: 'q' };
  const bold = BOLD.exec(s);
  if (bold) {
    const colon = (bold[3] ?? '') + (bold[4] ?? '');
    const label = (bold[2] ?? '').trim() + colon;
    if (colon === '' || !looksLikeLabel(label)) return null;
    return { label, rest: s.slice(bold[0].length).trim(), markup: [bold[1] ?? '', bold[1] ?? ''], kind: 'colon' };
  }
  const colon = labelColon(s);
  if (colon < 0) return null;
  const label = s.slice(0, colon + 1).trim();
  if (!looksLikeLabel(label)) return null;
  return { label, rest: s.slice(colon + 1).trim(), markup: [], kind: 'colon' };
}

/**
 * Where the colon that ends a label stands: the first colon followed by white space or the end of the
 * line ("3:18" and "https://" are not it), within the first MAX_LABEL_CHARS; -1 when there is none.
 */
function labelColon(s: string): number {
  const end = Math.min(s.length, MAX_LABEL_CHARS);
  for (let i = 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x3a && c !== 0xff1a) continue;
    const next = s.charCodeAt(i + 1);
    // NaN past the end; 0x20 space, 0x09 tab, 0xA0 no-break space
    if (Number.isNaN(next) || next === 0x20 || next === 0x09 || next === 0xa0 || /\s/u.test(s[i + 1] ?? '')) return i;
    return -1; // the first colon decides: a label holds no colon before its own
  }
  return -1;
}
