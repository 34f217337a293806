/**
 * Between ProseMirror positions and offsets in the working text (shared/annotation.ts defines it:
 * each turn's paragraphs joined by "\n", turns joined by "\n\n", offsets in UTF-16 code units).
 * Paragraphs hold only text, so inside a paragraph one position step is one UTF-16 unit.
 * Also: which ranges of the new document a transaction wrote (writtenRanges).
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { Transaction } from 'prosemirror-state';
import { lastAtOrBefore, PARAGRAPH_SEPARATOR, TURN_SEPARATOR } from '../../shared/anchoring/working-text.js';

export interface PositionIndex {
  /** The working text itself. */
  text: string;
  /** Per paragraph, in document order: where its content starts in the document and in the text. */
  docStart: number[];
  textStart: number[];
  length: number[];
}

export function indexDoc(doc: PMNode): PositionIndex {
  const docStart: number[] = [];
  const textStart: number[] = [];
  const length: number[] = [];
  const parts: string[] = [];
  let at = 0;
  let pos = 0;
  doc.forEach((turn, _o, turnIndex) => {
    if (turnIndex > 0) {
      parts.push(TURN_SEPARATOR);
      at += TURN_SEPARATOR.length;
    }
    let inner = pos + 1;
    turn.forEach((p, _o2, pIndex) => {
      if (pIndex > 0) {
        parts.push(PARAGRAPH_SEPARATOR);
        at += PARAGRAPH_SEPARATOR.length;
      }
      const text = p.textContent;
      docStart.push(inner + 1);
      textStart.push(at);
      length.push(text.length);
      parts.push(text);
      at += text.length;
      inner += p.nodeSize;
    });
    pos += turn.nodeSize;
  });
  return { text: parts.join(''), docStart, textStart, length };
}

/** A working-text offset as a document position; offsets on a separator go to the end of the paragraph before it. */
export function docPos(index: PositionIndex, offset: number): number {
  const k = lastAtOrBefore(index.textStart, offset);
  const within = Math.max(0, Math.min(offset - (index.textStart[k] ?? 0), index.length[k] ?? 0));
  return (index.docStart[k] ?? 1) + within;
}

/** A document position as a working-text offset; positions between paragraphs go to the nearest paragraph. */
export function textOffset(index: PositionIndex, pos: number): number {
  const k = lastAtOrBefore(index.docStart, pos);
  const within = Math.max(0, Math.min(pos - (index.docStart[k] ?? 0), index.length[k] ?? 0));
  return (index.textStart[k] ?? 0) + within;
}

/** The ranges `tr` wrote (inserted or replaced, or where it deleted), in its new document. */
export function writtenRanges(tr: Transaction): { from: number; to: number }[] {
  const written: { from: number; to: number }[] = [];
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      written.push({ from: rest.map(newStart, -1), to: rest.map(newEnd, 1) });
    });
  });
  return written;
}
