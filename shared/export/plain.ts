/**
 * The transcript as plain text with speaker labels, and where every working-text position lands in it.
 * The txt export is this text; brat's .txt and the QDPX text source are the same text, so their offsets
 * are counted in what a reader sees.
 *
 * Layout (which Parley's own importer reads back as the same turns): each turn is its speaker's name
 * on a line of its own (with the time in brackets where known), then its paragraphs, all separated by
 * blank lines.
 */
import { clockTime } from './describe.js';
import type { ExportDocument } from './document.js';

export interface PlainText {
  text: string;
  /**
   * The position in `text` of a working-text position inside an exported paragraph. A position on a
   * separator between paragraphs maps to the end of the paragraph before it.
   */
  map: (offset: number) => number;
}

/** Lay the exported turns out as plain text. */
export function plainText(doc: ExportDocument): PlainText {
  const pieces: string[] = [];
  // [working-text start, working-text end, plain-text start] of every exported paragraph, in order.
  const anchors: [number, number, number][] = [];
  let length = 0;
  const push = (s: string) => {
    pieces.push(s);
    length += s.length;
  };
  doc.turns.forEach((turn, i) => {
    if (i > 0) push('\n\n');
    push(turn.start === undefined ? turn.name : `${turn.name} [${clockTime(turn.start)}]`);
    for (const p of turn.span.paragraphs) {
      push('\n\n');
      anchors.push([p.start, p.end, length]);
      push(p.text);
    }
  });
  if (pieces.length) push('\n');
  const map = (offset: number): number => {
    let lo = 0;
    let hi = anchors.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (anchors[mid]![0] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const a = anchors[lo];
    if (!a) return 0;
    return a[2] + Math.max(0, Math.min(offset, a[1]) - a[0]);
  };
  return { text: pieces.join(''), map };
}
