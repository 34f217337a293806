/**
 * What stayed the same between two versions of a text, as a mapping of offsets from the old to the
 * new: the re-anchoring's first guess of where each target is now.
 *
 * A character-level diff of two 1 MB texts is too slow (Myers' algorithm is O(length x edits)), and
 * its alignments scatter through rewritten prose (two unrelated sentences share half their
 * letters). So the diff is done in two levels, as line-based tools do: whole lines first (in the
 * working text, a line is a paragraph, and most paragraphs are unchanged), then, inside each run of
 * changed lines, words, spaces and single punctuation marks. Lines are aligned by patience diff
 * (lines that occur once on each side anchor the alignment) with Myers' O(ND) diff in the gaps;
 * words by Myers' diff, falling back to patience past a bound on D.
 */

/** A stretch of text that is the same in both versions. */
export interface Segment {
  oldStart: number;
  newStart: number;
  length: number;
}

/** Past this many differences a Myers diff gives way to anchors on unique lines or words. */
const MAX_EDIT_DISTANCE = 1000;
/** And past this much work (items x differences), whatever D is. */
const MAX_WORK = 30_000_000;
/** How deep patience diff recurses into the gaps between its anchors. */
const MAX_PATIENCE_DEPTH = 4;

/**
 * Offsets in an old text carried to a new one. Offsets inside unchanged text move with it;
 * offsets inside changed text go to one side of the change, chosen by `assoc` as ProseMirror's
 * mappings do: -1 to its start, 1 to its end.
 */
export class TextMapping {
  readonly #old: Int32Array;
  readonly #new: Int32Array;
  readonly #len: Int32Array;

  /** @param segments unchanged stretches in ascending order, not overlapping. */
  constructor(
    segments: readonly Segment[],
    readonly oldLength: number,
    readonly newLength: number,
  ) {
    const merged: Segment[] = [];
    for (const s of segments) {
      if (s.length <= 0) continue;
      const last = merged[merged.length - 1];
      if (last && last.oldStart + last.length === s.oldStart && last.newStart + last.length === s.newStart) {
        last.length += s.length;
      } else {
        merged.push({ ...s });
      }
    }
    this.#old = Int32Array.from(merged, (s) => s.oldStart);
    this.#new = Int32Array.from(merged, (s) => s.newStart);
    this.#len = Int32Array.from(merged, (s) => s.length);
  }

  /** The unchanged stretches, in order. */
  get segments(): Segment[] {
    return Array.from(this.#old, (oldStart, i) => ({ oldStart, newStart: this.#new[i] as number, length: this.#len[i] as number }));
  }

  /** How many places changed: the gaps between unchanged stretches that hold any text. */
  get changes(): number {
    let n = 0;
    const count = this.#old.length;
    for (let i = 0; i <= count; i++) {
      const oldFrom = i > 0 ? (this.#old[i - 1] as number) + (this.#len[i - 1] as number) : 0;
      const newFrom = i > 0 ? (this.#new[i - 1] as number) + (this.#len[i - 1] as number) : 0;
      const oldTo = i < count ? (this.#old[i] as number) : this.oldLength;
      const newTo = i < count ? (this.#new[i] as number) : this.newLength;
      if (oldTo > oldFrom || newTo > newFrom) n++;
    }
    return n;
  }

  /**
   * When new[from, to) lies inside one unchanged stretch, the old range it came from; else null
   * (it holds new or changed text, or spans a change).
   */
  originOf(from: number, to: number): { start: number; end: number } | null {
    // The last segment starting at or before `from` in the new text.
    let lo = 0;
    let hi = this.#new.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#new[mid] as number) <= from) {
        i = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (i < 0) return null;
    const newStart = this.#new[i] as number;
    if (to > newStart + (this.#len[i] as number)) return null;
    const oldStart = this.#old[i] as number;
    return { start: oldStart + from - newStart, end: oldStart + to - newStart };
  }

  /** The new offset of old offset `pos` (clamped to the old text). */
  map(pos: number, assoc: -1 | 1 = 1): number {
    const p = Math.min(Math.max(pos, 0), this.oldLength);
    const count = this.#old.length;
    // i: the last segment starting at or before p.
    let lo = 0;
    let hi = count - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#old[mid] as number) <= p) {
        i = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const oldEnd = (k: number) => (k >= 0 ? (this.#old[k] as number) + (this.#len[k] as number) : 0);
    const newEnd = (k: number) => (k >= 0 ? (this.#new[k] as number) + (this.#len[k] as number) : 0);
    if (i >= 0 && p > (this.#old[i] as number) && p < oldEnd(i)) return (this.#new[i] as number) + p - (this.#old[i] as number);
    if (i >= 0 && p === this.#old[i]) {
      // The end of the gap before segment i. Text replaced there ends here, whatever assoc says;
      // only a pure insertion leaves the choice to assoc.
      const gapOldFrom = oldEnd(i - 1);
      return gapOldFrom < p || assoc > 0 ? (this.#new[i] as number) : newEnd(i - 1);
    }
    // In the gap after segment i (or before the first segment).
    const gapOldFrom = oldEnd(i);
    const gapNewFrom = newEnd(i);
    const gapOldTo = i + 1 < count ? (this.#old[i + 1] as number) : this.oldLength;
    const gapNewTo = i + 1 < count ? (this.#new[i + 1] as number) : this.newLength;
    if (gapOldFrom === gapOldTo) return assoc < 0 ? gapNewFrom : gapNewTo;
    if (p === gapOldFrom) return gapNewFrom;
    if (p === gapOldTo) return gapNewTo;
    return assoc < 0 ? gapNewFrom : gapNewTo;
  }
}

/** The mapping from `a` to `b`. */
export function diffTexts(a: string, b: string): TextMapping {
  const out: Segment[] = [];
  diffRange(a, 0, a.length, b, 0, b.length, out, 'lines');
  return new TextMapping(out, a.length, b.length);
}

type Level = 'lines' | 'words';

/** Diff a[aFrom, aTo) against b[bFrom, bTo) at `level`, appending unchanged stretches to `out`. */
function diffRange(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number, out: Segment[], level: Level): void {
  // Common ends first: cheap, and most of a lightly edited text.
  let head = 0;
  const most = Math.min(aTo - aFrom, bTo - bFrom);
  while (head < most && a.charCodeAt(aFrom + head) === b.charCodeAt(bFrom + head)) head++;
  let tail = 0;
  while (tail < most - head && a.charCodeAt(aTo - 1 - tail) === b.charCodeAt(bTo - 1 - tail)) tail++;
  if (head > 0) out.push({ oldStart: aFrom, newStart: bFrom, length: head });
  const a0 = aFrom + head;
  const a1 = aTo - tail;
  const b0 = bFrom + head;
  const b1 = bTo - tail;
  if (a0 < a1 && b0 < b1) {
    const ta = tokenize(a, a0, a1, level);
    const tb = tokenize(b, b0, b1, level);
    const ids = new Map<string, number>();
    const idOf = (s: string, from: number, to: number) => {
      const key = s.slice(from, to);
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      return id;
    };
    const ia = Int32Array.from({ length: ta.length - 1 }, (_, k) => idOf(a, ta[k] as number, ta[k + 1] as number));
    const ib = Int32Array.from({ length: tb.length - 1 }, (_, k) => idOf(b, tb[k] as number, tb[k + 1] as number));
    let runs = sameRuns(ia, ib, level);
    if (level === 'lines') {
      // Blank lines (the second line break between turns) say nothing about which lines belong
      // together, and an alignment on them can tear a changed paragraph from its old version
      // (deleted here, inserted there). Drop them; the word-level pass aligns what is around them.
      runs = runs.filter(([ra, , n]) => a.slice(ta[ra] as number, ta[ra + n] as number).trim() !== '');
    }
    // Walk the runs; between them lie changed tokens, which for lines get a word-level look.
    let pa = 0;
    let pb = 0;
    const gap = (toA: number, toB: number) => {
      if (level === 'lines' && pa < toA && pb < toB) {
        diffRange(a, ta[pa] as number, ta[toA] as number, b, tb[pb] as number, tb[toB] as number, out, 'words');
      }
    };
    for (const [ra, rb, n] of runs) {
      gap(ra, rb);
      out.push({ oldStart: ta[ra] as number, newStart: tb[rb] as number, length: (ta[ra + n] as number) - (ta[ra] as number) });
      pa = ra + n;
      pb = rb + n;
    }
    gap(ta.length - 1, tb.length - 1);
  }
  if (tail > 0) out.push({ oldStart: aTo - tail, newStart: bTo - tail, length: tail });
}

const WORD = /[\p{L}\p{N}\p{M}_]+|[^\S\n]+|\n|[^]/uy;

/** Token boundaries in s[from, to): their starts, then `to`. Lines keep their "\n". */
function tokenize(s: string, from: number, to: number, level: Level): number[] {
  const bounds = [from];
  if (level === 'lines') {
    let at = from;
    while (at < to) {
      const nl = s.indexOf('\n', at);
      at = nl < 0 || nl >= to ? to : nl + 1;
      bounds.push(at);
    }
    return bounds;
  }
  const slice = s.slice(from, to);
  WORD.lastIndex = 0;
  while (WORD.lastIndex < slice.length) {
    const m = WORD.exec(slice);
    if (!m) break;
    bounds.push(from + WORD.lastIndex);
  }
  if (bounds[bounds.length - 1] !== to) bounds.push(to);
  return bounds;
}

/**
 * Runs [aIndex, bIndex, length] of equal items, in order. Lines (paragraphs) are nearly all unique,
 * so patience diff anchors them cheaply and Myers only fills the small gaps; a bounded Myers over
 * all the lines of a long text with edits scattered through it would run to its bound first.
 * Words repeat, so for them Myers comes first.
 */
function sameRuns(a: Int32Array, b: Int32Array, level: Level): Array<[number, number, number]> {
  if (level === 'lines') return patience(a, 0, a.length, b, 0, b.length, 0);
  return myers(a, b) ?? patience(a, 0, a.length, b, 0, b.length, 0);
}

/**
 * Myers' greedy O(ND) diff ("An O(ND) Difference Algorithm and Its Variations", 1986), keeping the
 * frontier of every round to walk back the path. Null when the difference exceeds the bounds above.
 */
function myers(a: Int32Array, b: Int32Array): Array<[number, number, number]> | null {
  const n = a.length;
  const m = b.length;
  const maxD = Math.min(n + m, MAX_EDIT_DISTANCE, Math.floor(MAX_WORK / Math.max(1, n + m)));
  const off = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= maxD; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[off + k - 1] as number) < (v[off + k + 1] as number))
          ? (v[off + k + 1] as number)
          : (v[off + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(off - d, off + d + 1));
        return backtrack(trace, n, m);
      }
    }
    // Round d's frontier, for k in [-d, d] (index k + d).
    trace.push(v.slice(off - d, off + d + 1));
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1] as Int32Array;
    const at = (k: number) => prev[k + d - 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const midX = down ? prevX : prevX + 1;
    if (x > midX) runs.push([midX, midX - k, x - midX]);
    x = prevX;
    y = prevY;
  }
  if (x > 0) runs.push([0, 0, x]);
  return runs.reverse();
}

/**
 * Patience diff for texts too different for the bounded Myers diff: items occurring exactly once
 * on each side, in the longest order-preserving chain, are taken as the same; the gaps between
 * them are diffed again (Myers, or patience once more, to a bounded depth).
 */
function patience(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  depth: number,
): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  // Equal ends.
  let head = 0;
  while (aLo + head < aHi && bLo + head < bHi && a[aLo + head] === b[bLo + head]) head++;
  let tail = 0;
  while (aHi - tail > aLo + head && bHi - tail > bLo + head && a[aHi - 1 - tail] === b[bHi - 1 - tail]) tail++;
  if (head > 0) runs.push([aLo, bLo, head]);
  const a0 = aLo + head;
  const a1 = aHi - tail;
  const b0 = bLo + head;
  const b1 = bHi - tail;
  if (a0 < a1 && b0 < b1) {
    const sub = depth > 0 ? myers(a.subarray(a0, a1), b.subarray(b0, b1)) : null;
    if (sub) {
      for (const [x, y, n] of sub) runs.push([x + a0, y + b0, n]);
    } else if (depth < MAX_PATIENCE_DEPTH) {
      const anchors = uniqueChain(a, a0, a1, b, b0, b1);
      let pa = a0;
      let pb = b0;
      for (const [x, y] of anchors) {
        runs.push(...patience(a, pa, x, b, pb, y, depth + 1));
        runs.push([x, y, 1]);
        pa = x + 1;
        pb = y + 1;
      }
      if (anchors.length > 0) runs.push(...patience(a, pa, a1, b, pb, b1, depth + 1));
    }
  }
  if (tail > 0) runs.push([aHi - tail, bHi - tail, tail]);
  return runs;
}

/** The longest chain of items unique on both sides, in order on both (by patience sorting). */
function uniqueChain(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number): Array<[number, number]> {
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  const posB = new Map<number, number>();
  for (let i = a0; i < a1; i++) countA.set(a[i] as number, (countA.get(a[i] as number) ?? 0) + 1);
  for (let j = b0; j < b1; j++) {
    countB.set(b[j] as number, (countB.get(b[j] as number) ?? 0) + 1);
    posB.set(b[j] as number, j);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = a0; i < a1; i++) {
    const id = a[i] as number;
    if (countA.get(id) === 1 && countB.get(id) === 1) pairs.push([i, posB.get(id) as number]);
  }
  // Longest increasing subsequence of the b positions, in O(p log p).
  const tops: number[] = [];
  const back = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const y = (pairs[p] as [number, number])[1];
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tops[mid] as number] as [number, number])[1] < y) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[p] = tops[lo - 1] as number;
    tops[lo] = p;
  }
  const chain: Array<[number, number]> = [];
  for (let p = tops.length ? (tops[tops.length - 1] as number) : -1; p >= 0; p = back[p] as number) chain.push(pairs[p] as [number, number]);
  return chain.reverse();
}
