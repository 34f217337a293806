/** Counts shown in the speakers panel and the toolbar, derived from the document. */
import type { Node as PMNode } from 'prosemirror-model';
import { turnAttrs } from './schema.js';

export interface SpeakerStats {
  turns: number;
  words: number;
}

export interface TranscriptStats {
  bySpeaker: Map<string, SpeakerStats>;
  unattributed: number;
  turns: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/**
 * Words per turn node, remembered by node: nodes are immutable and a keystroke replaces only the
 * turn it touches, so after an edit only that turn is counted again.
 */
const wordsByTurn = new WeakMap<PMNode, number>();

function turnWords(turn: PMNode): number {
  let n = wordsByTurn.get(turn);
  if (n === undefined) {
    n = countWords(turn.textBetween(0, turn.content.size, ' '));
    wordsByTurn.set(turn, n);
  }
  return n;
}

export function transcriptStats(doc: PMNode): TranscriptStats {
  const bySpeaker = new Map<string, SpeakerStats>();
  let unattributed = 0;
  doc.forEach((turn) => {
    const { speaker } = turnAttrs(turn);
    if (speaker === null) {
      unattributed++;
      return;
    }
    const s = bySpeaker.get(speaker) ?? { turns: 0, words: 0 };
    s.turns++;
    s.words += turnWords(turn);
    bySpeaker.set(speaker, s);
  });
  return { bySpeaker, unattributed, turns: doc.childCount };
}
