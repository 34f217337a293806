/**
 * Annotation ids as small numbers (keys), for the editor's annotation tables to keep in typed
 * arrays instead of holding a string per annotation in each.
 *
 * Why: as strings, every id is a string with a header of its own, and an array slot for it in
 * every table that names annotations (the ranges and the records), all on the JS heap
 * (docs/performance.md has the figures). Here the ids are one string, one after another, with
 * where each ends and a hash table of their keys in typed arrays; an id is read back as a slice
 * of that string when asked for.
 *
 * A pool only grows: a key, once given, names the same id for the pool's life, so immutable
 * tables made one from another can share one pool.
 */
/** FNV-1a of `text`'s UTF-16 code units from..to. */
function hash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class IdPool {
  /** Every id, one after another, in the order of their keys. */
  private text = '';
  /** Key → where its id ends in `text` (it starts where the key before ends). */
  private ends = new Int32Array(16);
  /** Open addressing by the ids' hashes: key + 1, or 0 for an empty slot; never more than three quarters full. */
  private slots = new Int32Array(32);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private start(key: number): number {
    return key ? this.ends[key - 1]! : 0;
  }

  /** The id of `key`. */
  id(key: number): string {
    if (!(key >= 0 && key < this.count)) throw new RangeError(`No id has key ${key}`);
    return this.text.slice(this.start(key), this.ends[key]!);
  }

  /** The key of `id`, or -1 when the pool does not have it. */
  keyOf(id: string): number {
    const { slots, text } = this;
    const mask = slots.length - 1;
    for (let i = hash(id, 0, id.length) & mask; ; i = (i + 1) & mask) {
      const slot = slots[i]!;
      if (!slot) return -1;
      const key = slot - 1;
      const start = this.start(key);
      if (this.ends[key]! - start !== id.length) continue;
      let same = true;
      for (let j = 0; same && j < id.length; j++) same = id.charCodeAt(j) === text.charCodeAt(start + j);
      if (same) return key;
    }
  }

  /** The key of each of `ids`, in order, giving a key to those that have none yet. */
  keysFor(ids: readonly string[]): Int32Array {
    const out = new Int32Array(ids.length);
    /** The ids new to the pool, with the key each gets. */
    const fresh = new Map<string, number>();
    ids.forEach((id, i) => {
      let key = this.count ? this.keyOf(id) : -1;
      if (key < 0) {
        key = fresh.get(id) ?? this.count + fresh.size;
        fresh.set(id, key);
      }
      out[i] = key;
    });
    if (!fresh.size) return out;
    // New ids in one go: one string appended, then their ends and slots.
    this.reserve(this.count + fresh.size);
    let end = this.text.length;
    this.text += [...fresh.keys()].join('');
    for (const id of fresh.keys()) {
      end += id.length;
      this.ends[this.count] = end;
      this.place(this.count++, hash(id, 0, id.length));
    }
    return out;
  }

  /** The key of `id`, giving it one if it has none. */
  keyFor(id: string): number {
    const key = this.keyOf(id);
    return key >= 0 ? key : this.keysFor([id])[0]!;
  }

  private place(key: number, h: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i]) i = (i + 1) & mask;
    this.slots[i] = key + 1;
  }

  private reserve(size: number): void {
    if (size > this.ends.length) {
      let capacity = this.ends.length;
      while (capacity < size) capacity *= 2;
      const ends = new Int32Array(capacity);
      ends.set(this.ends.subarray(0, this.count));
      this.ends = ends;
    }
    if (size * 4 > this.slots.length * 3) {
      let capacity = this.slots.length;
      while (size * 4 > capacity * 3) capacity *= 2;
      this.slots = new Int32Array(capacity);
      for (let key = 0; key < this.count; key++) this.place(key, hash(this.text, this.start(key), this.ends[key]!));
    }
  }
}
