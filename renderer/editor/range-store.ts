/**
 * The document ranges of the annotations, kept compactly: three parallel typed arrays (the keys
 * of their ids in an IdPool, starts, ends) instead of a DecorationSet.
 *
 * Why not a DecorationSet: ProseMirror's set holds a decoration, an inline type and a spec for
 * each annotation and a tree of nodes with their arrays, all on the JS heap, where these arrays
 * take a few bytes a range outside it (docs/performance.md has the figures). Nothing here is
 * drawn: the highlights on screen stay a DecorationSet of their own (see annotations.ts and
 * highlights.ts), built from this store for the turns the browser renders.
 *
 * A store is immutable, as editor state must be: every change returns a new one and shares what
 * did not change. Ranges map through edits as inline decorations do (the start moves right of an
 * insertion at it, the end left), and a range left empty is dropped and reported, as
 * DecorationSet.map's onRemove does; a property test holds the two to the same results.
 */
import type { Mapping } from 'prosemirror-transform';
import { IdPool } from './id-pool.js';

export interface Range {
  from: number;
  to: number;
}

export interface IdRange extends Range {
  id: string;
}

export class RangeStore {
  private constructor(
    /** Where the ids behind `keys` are. */
    private readonly pool: IdPool,
    private readonly keys: Int32Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  /** An empty store naming ids by their keys in `pool`. */
  static empty(pool = new IdPool()): RangeStore {
    return new RangeStore(pool, new Int32Array(0), new Int32Array(0), new Int32Array(0));
  }

  /** A store of `ranges`; an empty or reversed range is left out, as ProseMirror leaves out an empty inline decoration. */
  static create(ranges: Iterable<IdRange>, pool = new IdPool()): RangeStore {
    const ids: string[] = [];
    const from: number[] = [];
    const to: number[] = [];
    for (const r of ranges) {
      if (!(r.to > r.from)) continue;
      ids.push(r.id);
      from.push(r.from);
      to.push(r.to);
    }
    return new RangeStore(pool, pool.keysFor(ids), Int32Array.from(from), Int32Array.from(to));
  }

  get size(): number {
    return this.keys.length;
  }

  private indexOf(id: string): number {
    const key = this.pool.keyOf(id);
    return key < 0 ? -1 : this.keys.indexOf(key);
  }

  private id(i: number): string {
    return this.pool.id(this.keys[i]!);
  }

  /** The range of `id`, or null when it has none (detached, or unknown). */
  rangeOf(id: string): Range | null {
    const i = this.indexOf(id);
    return i < 0 ? null : { from: this.starts[i]!, to: this.ends[i]! };
  }

  /** Every range touching start..end (ending at start or beginning at end included), as DecorationSet.find finds them. */
  find(start = 0, end = Number.MAX_SAFE_INTEGER): IdRange[] {
    const out: IdRange[] = [];
    const { keys, starts, ends } = this;
    for (let i = 0; i < keys.length; i++) {
      if (starts[i]! <= end && ends[i]! >= start) out.push({ id: this.id(i), from: starts[i]!, to: ends[i]! });
    }
    return out;
  }

  /** The ranges of the annotations `ids` (those that have one). */
  pick(ids: ReadonlySet<string>): IdRange[] {
    const out: IdRange[] = [];
    const wanted = new Set<number>();
    for (const id of ids) {
      const key = this.pool.keyOf(id);
      if (key >= 0) wanted.add(key);
    }
    if (!wanted.size) return out;
    for (let i = 0; i < this.keys.length; i++) {
      if (wanted.has(this.keys[i]!)) out.push({ id: this.id(i), from: this.starts[i]!, to: this.ends[i]! });
    }
    return out;
  }

  /**
   * For each range, the indices in `spans` of the spans it overlaps by at least one position.
   * `spans` must be sorted and must not overlap one another (turns, say): one pass over the
   * ranges with a binary search each, where asking span by span would go through every range
   * once per span.
   */
  overlapping(spans: readonly Range[], f: (id: string, range: Range, span: number) => void): void {
    if (!spans.length) return;
    const { keys, starts, ends } = this;
    for (let i = 0; i < keys.length; i++) {
      const from = starts[i]!;
      const to = ends[i]!;
      // The first span ending after `from`.
      let lo = 0;
      let hi = spans.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (spans[mid]!.to <= from) lo = mid + 1;
        else hi = mid;
      }
      for (let s = lo; s < spans.length && spans[s]!.from < to; s++) f(this.id(i), { from, to }, s);
    }
  }

  /** The store without the range of `id` (itself when there is none). */
  remove(id: string): RangeStore {
    return this.indexOf(id) < 0 ? this : this.setMany(new Map([[id, null]]));
  }

  /** The store with `id` over from..to, in place of any range it had; an empty range removes it. */
  set(id: string, from: number, to: number): RangeStore {
    return this.setMany(new Map([[id, { from, to }]]));
  }

  /**
   * The store with each id in `changes` over its new range, in place of any it had; null or an
   * empty range removes it. One pass however many change: a codebook merge changes thousands.
   */
  setMany(changes: ReadonlyMap<string, Range | null>): RangeStore {
    if (!changes.size) return this;
    const changedKeys = this.pool.keysFor([...changes.keys()]);
    const changed = new Set(changedKeys);
    const keys: number[] = [];
    const from: number[] = [];
    const to: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (changed.has(this.keys[i]!)) continue;
      keys.push(this.keys[i]!);
      from.push(this.starts[i]!);
      to.push(this.ends[i]!);
    }
    let c = 0;
    for (const range of changes.values()) {
      const key = changedKeys[c++]!;
      if (!range || !(range.to > range.from)) continue;
      keys.push(key);
      from.push(range.from);
      to.push(range.to);
    }
    return new RangeStore(this.pool, Int32Array.from(keys), Int32Array.from(from), Int32Array.from(to));
  }

  /**
   * The ranges mapped through `mapping`; a range left empty is dropped and `onRemove` told of it
   * with the range it had, and one that lost text at an end (the text at its start or its end was
   * deleted) is kept shorter and `onCut` told of it, with the range it had. Ranges wholly before the first change are copied as they are, and
   * after a single change (a keystroke) the ones beyond it are shifted without asking the mapping.
   */
  map(mapping: Mapping, onRemove?: (id: string, was: Range) => void, onCut?: (id: string, was: Range) => void): RangeStore {
    let first = Infinity;
    let changes = 0;
    // For a single change (a keystroke's), where it ended and by how much what follows it moved.
    let end = 0;
    let shift = 0;
    for (const stepMap of mapping.maps) {
      stepMap.forEach((oldStart, oldEnd, newStart, newEnd) => {
        if (oldStart < first) first = oldStart;
        changes++;
        end = oldEnd;
        shift = newEnd - newStart - (oldEnd - oldStart);
      });
    }
    if (first === Infinity || !this.keys.length) return this;
    // A position after a single change moves by its size; one before it stays; one inside it or at its ends is mapped.
    let cut = false;
    const move = (pos: number, assoc: number): number => {
      if (changes === 1 && pos > end) return pos + shift;
      if (!onCut) return mapping.map(pos, assoc);
      const result = mapping.mapResult(pos, assoc);
      // The text on the range's side of this end was deleted: the start's after it, the end's before it.
      if (result.deleted) cut = true;
      return result.pos;
    };
    const n = this.keys.length;
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    let kept: Int32Array | null = null;
    let k = 0;
    for (let i = 0; i < n; i++) {
      let from = this.starts[i]!;
      let to = this.ends[i]!;
      // A position before every change's start is where it was (an end at it may still move).
      cut = false;
      if (to >= first) {
        if (from >= first) from = move(from, 1);
        to = move(to, -1);
      }
      if (to > from) {
        if (cut) onCut?.(this.id(i), { from: this.starts[i]!, to: this.ends[i]! });
        if (kept) kept[k] = this.keys[i]!;
        starts[k] = from;
        ends[k] = to;
        k++;
      } else {
        kept ??= this.keys.slice();
        onRemove?.(this.id(i), { from: this.starts[i]!, to: this.ends[i]! });
      }
    }
    if (!kept) return new RangeStore(this.pool, this.keys, starts, ends);
    return new RangeStore(this.pool, kept.slice(0, k), starts.slice(0, k), ends.slice(0, k));
  }
}
