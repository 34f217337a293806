/**
 * The working text: the one string every annotation offset counts in (defined in
 * shared/annotation.ts). A turn's paragraphs are joined by PARAGRAPH_SEPARATOR and the turns by
 * TURN_SEPARATOR; speaker labels are not part of it. Offsets are UTF-16 code units.
 *
 * This module builds it from turns and converts between a working-text offset and a place in the
 * turns (turn index, paragraph index, offset in the paragraph), both ways.
 */
import type { Turn } from '../model.js';

/** Between two paragraphs of one turn. */
export const PARAGRAPH_SEPARATOR = '\n';
/** Between two turns: a blank line, so a turn border never reads as a paragraph border. */
export const TURN_SEPARATOR = '\n\n';

/** The working text of some turns, with where each turn and paragraph starts in it. */
export interface WorkingText {
  readonly text: string;
  /** The offset at which each turn's first paragraph starts. */
  readonly turnStarts: readonly number[];
  /** For each turn, the offset at which each of its paragraphs starts. */
  readonly paragraphStarts: readonly (readonly number[])[];
  /** For each turn, the offset just after its last paragraph (where its separator begins). */
  readonly turnEnds: readonly number[];
}

/** A place in the turns: indexes into `turns` and `paragraphs`, and a UTF-16 offset in the paragraph. */
export interface TextPlace {
  turn: number;
  paragraph: number;
  offset: number;
}

/** Build the working text of `turns`. Linear in the text's length. */
export function workingText(turns: readonly Pick<Turn, 'paragraphs'>[]): WorkingText {
  const turnStarts: number[] = [];
  const turnEnds: number[] = [];
  const paragraphStarts: number[][] = [];
  const parts: string[] = [];
  let at = 0;
  turns.forEach((turn, t) => {
    if (t > 0) at += TURN_SEPARATOR.length;
    turnStarts.push(at);
    const starts: number[] = [];
    turn.paragraphs.forEach((paragraph, p) => {
      if (p > 0) at += PARAGRAPH_SEPARATOR.length;
      starts.push(at);
      at += paragraph.length;
    });
    paragraphStarts.push(starts);
    turnEnds.push(at);
    parts.push(turn.paragraphs.join(PARAGRAPH_SEPARATOR));
  });
  return { text: parts.join(TURN_SEPARATOR), turnStarts, paragraphStarts, turnEnds };
}

/**
 * The place of a working-text offset. An offset at the end of a paragraph belongs to that paragraph
 * (its offset equals the paragraph's length). The one offset that lies in no paragraph, the middle of
 * a turn separator, resolves by `bias`: -1 to the end of the turn before, 1 (the default) to the
 * start of the turn after. Throws RangeError outside 0..text.length, or when there are no turns.
 */
export function placeAt(wt: WorkingText, offset: number, bias: -1 | 1 = 1): TextPlace {
  if (!Number.isInteger(offset) || offset < 0 || offset > wt.text.length) {
    throw new RangeError(`Offset ${offset} is outside the working text (0 to ${wt.text.length}).`);
  }
  if (wt.turnStarts.length === 0) throw new RangeError('The working text has no turns.');
  let turn = lastAtOrBefore(wt.turnStarts, offset);
  if (offset > (wt.turnEnds[turn] as number)) {
    // Inside the separator after `turn`.
    if (bias > 0) turn += 1;
    const starts = wt.paragraphStarts[turn] as readonly number[];
    if (bias > 0) return { turn, paragraph: 0, offset: 0 };
    const paragraph = starts.length - 1;
    return { turn, paragraph, offset: (wt.turnEnds[turn] as number) - (starts[paragraph] as number) };
  }
  const starts = wt.paragraphStarts[turn] as readonly number[];
  const paragraph = lastAtOrBefore(starts, offset);
  return { turn, paragraph, offset: offset - (starts[paragraph] as number) };
}

/** The working-text offset of a place. Throws RangeError for a place that does not exist. */
export function offsetAt(wt: WorkingText, place: TextPlace): number {
  const starts = wt.paragraphStarts[place.turn];
  const start = starts?.[place.paragraph];
  if (starts === undefined || start === undefined) {
    throw new RangeError(`There is no paragraph ${place.paragraph} in turn ${place.turn}.`);
  }
  const end = place.paragraph + 1 < starts.length
    ? (starts[place.paragraph + 1] as number) - PARAGRAPH_SEPARATOR.length
    : (wt.turnEnds[place.turn] as number);
  if (!Number.isInteger(place.offset) || place.offset < 0 || start + place.offset > end) {
    throw new RangeError(
      `Offset ${place.offset} is outside paragraph ${place.paragraph} of turn ${place.turn} (length ${end - start}).`,
    );
  }
  return start + place.offset;
}

/** The index of the turn an offset falls in (the turn before, for the middle of a separator). */
export function turnIndexAt(wt: WorkingText, offset: number): number {
  return lastAtOrBefore(wt.turnStarts, offset);
}

/** The last index whose value is <= x in an ascending list (0 when x precedes every value). */
export function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
