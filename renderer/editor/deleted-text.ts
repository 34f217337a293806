/**
 * Deleted annotated text, followed through later edits until it comes back. An annotation whose
 * text an edit deleted keeps where that text was and what it said (a DeletedText); mapping alone
 * cannot bring it back, as it never moves a range into text put back beside it, so the plugin
 * (annotations.ts) asks after each edit whether the same text was written back at that place.
 */
import type { Transaction } from 'prosemirror-state';
import type { Mapping } from 'prosemirror-transform';
import { writtenRanges } from './positions.js';
import type { Range } from './range-store.js';

/** An annotation's whole text before an edit deleted all of it (detached) or some (cut): where it was and what it said. */
export interface DeletedText {
  /**
   * Where the deleted stretch that held the text began, mapped since: undo puts the stretch back
   * there. While `swallowed` holds anything, where the last of those stretches went instead.
   */
  pos: number;
  /**
   * The stretches of text that later edits replaced around that place, the latest last: the
   * place was `at` into each. Mapping cannot follow a position through a replacement of the text
   * around it and back (undoing text typed over a selection beside it, say, put it at the
   * selection's start), so the place waits in the stretch until that text is back where it went.
   */
  swallowed: readonly Swallowed[];
  /** How far into that stretch the text began (0 when just its text was deleted). */
  offset: number;
  /** The document size of the range and its text before the edit, to know it when it comes back. */
  size: number;
  quote: string;
}

/** A stretch of text an edit replaced, `at` into which lay a place (see DeletedText.swallowed). */
export interface Swallowed {
  at: number;
  size: number;
  text: string;
}

/**
 * `d` with its place mapped through `tr` step by step. A place inside a stretch that a step
 * replaces, or at its end, is kept as where it was in that stretch (a place at its start stays at
 * the start of what replaced it, where undo puts the stretch back).
 */
export function mapPlace(d: DeletedText, tr: Transaction): DeletedText {
  let { pos, swallowed } = d;
  tr.steps.forEach((step, i) => {
    const map = step.getMap();
    let inside = false;
    map.forEach((oldStart, oldEnd, newStart) => {
      if (inside || pos <= oldStart || pos > oldEnd) return;
      inside = true;
      swallowed = [...swallowed, { at: pos - oldStart, size: oldEnd - oldStart, text: tr.docs[i]!.textBetween(oldStart, oldEnd, '\n') }];
      pos = newStart;
    });
    if (!inside) pos = map.map(pos, -1);
  });
  return pos === d.pos && swallowed === d.swallowed ? d : { ...d, pos, swallowed };
}

/** The places of deleted text in `map`, mapped through `tr` (see mapPlace). */
export function mapPlaces(map: ReadonlyMap<string, DeletedText>, tr: Transaction): Map<string, DeletedText> {
  const out = new Map<string, DeletedText>();
  for (const [id, d] of map) out.set(id, mapPlace(d, tr));
  return out;
}

/** Where the text of `was` (a range before `tr`) was and what it said; `inverse` is `tr.mapping` inverted. */
export function deletedText(tr: Transaction, was: Range, inverse: Mapping): DeletedText {
  const pos = tr.mapping.map(was.from, -1);
  // The deleted stretch began where the point it left maps back to (the stretch may be more than the text).
  const offset = Math.max(0, was.from - inverse.map(pos, -1));
  return { pos, swallowed: [], offset, size: was.to - was.from, quote: tr.before.textBetween(was.from, was.to, '\n') };
}

/** Where a transaction wrote text (writtenRanges), worked out when first asked: most edits never ask. */
export class WrittenRanges {
  private ranges: Range[] | null = null;

  constructor(private readonly tr: Transaction) {}

  /** Whether the transaction wrote at from..to: text put inside it when `inserted`, else any writing touching it. */
  at(from: number, to: number, inserted: boolean): boolean {
    this.ranges ??= writtenRanges(this.tr);
    return this.ranges.some((w) => (inserted ? w.to > w.from && w.from < to && w.to > from : w.from <= to && w.to >= from));
  }

  /** Whether what the transaction put in covers all of from..to but `kept`, the part of it that was there before. */
  putAllBut(from: number, to: number, kept: Range | null): boolean {
    if (!kept || kept.from >= kept.to) return this.put(from, to);
    return this.put(from, Math.min(to, kept.from)) && this.put(Math.max(from, kept.to), to);
  }

  /** Whether what the transaction put in covers all of from..to (nothing to cover when it is empty). */
  private put(from: number, to: number): boolean {
    this.ranges ??= writtenRanges(this.tr);
    let at = from;
    for (const w of this.ranges.filter((r) => r.to > r.from).sort((a, b) => a.from - b.from)) {
      if (at >= to || w.from > at) break;
      at = Math.max(at, w.to);
    }
    return at >= to;
  }
}

/** Each place in `map` back from the stretches that took it (see DeletedText.swallowed), those `tr` wrote back where they went. */
export function unswallow(map: Map<string, DeletedText>, tr: Transaction, written: WrittenRanges): void {
  for (const [id, d] of map) {
    let { pos, swallowed } = d;
    for (let s = swallowed.at(-1); s; s = swallowed.at(-1)) {
      if (pos + s.size > tr.doc.content.size || !written.at(pos, pos + s.size, true) || tr.doc.textBetween(pos, pos + s.size, '\n') !== s.text) break;
      pos += s.at;
      swallowed = swallowed.slice(0, -1);
    }
    if (swallowed !== d.swallowed) map.set(id, { ...d, pos, swallowed });
  }
}

/**
 * The range where the deleted text `d` is back after `tr`, or null. `before`: it was deleted before
 * this transaction, so any writing there counts. Text this one deleted must have been put back by
 * it, all of it but `kept` (what is left of the annotation, for one it cut short): when one edit
 * deletes several stretches, what they leave can read as the text did (deleting "eta eta th" from
 * "Zeta eta theta." leaves "Zeta."), and a structural write of one of them (a paragraph's edge
 * where a deletion joined two) inside it is no text put back.
 */
export function cameBack(d: DeletedText, tr: Transaction, written: WrittenRanges, before: boolean, kept: Range | null = null): Range | null {
  if (d.swallowed.length) return null;
  const start = d.pos + d.offset;
  const end = start + d.size;
  if (end > tr.doc.content.size || !written.at(start, end, !before) || tr.doc.textBetween(start, end, '\n') !== d.quote) return null;
  if (!before && !written.putAllBut(start, end, kept)) return null;
  return { from: start, to: end };
}
