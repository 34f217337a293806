/**
 * The annotations' data in the editor (everything but their ranges, which live in a RangeStore),
 * kept as columns instead of one object per annotation.
 *
 * Why: a transcript of a day-long hearing carries thousands of annotations, nearly all of them
 * plain topic tags. As objects in a Map, each cost a record, its own copy of two timestamps (JSON
 * gives every one a string of its own) and a Map entry: more of the JS heap than the annotation
 * layer's budget (docs/performance.md has the figures). Here a plain annotation is
 * its id's key in an IdPool, a byte of kind and state, the index of its topic set, and its
 * timestamps as numbers, all in typed arrays; only what few annotations have (a note, a claim, a
 * kept quote, a timestamp that does not read back the same from a number) is kept in objects.
 *
 * Records are made when asked for (get, values) and are not kept: two calls return equal records,
 * not the same object. Like the RangeStore, a table is immutable, as editor state must be: `with`
 * returns a new table and leaves this one as it was.
 */
import type { Annotation } from '../../shared/annotation.js';
import { IdPool } from './id-pool.js';
import { canonicalTime, isoTime } from './iso-time.js';

/**
 * The target an attached annotation's record carries: where an attached annotation is and what it
 * quotes come from its range in the document, so the quote it was opened with is not kept.
 */
export const PLACED: Annotation['target'] = Object.freeze({ start: 0, end: 0, exact: '', prefix: '', suffix: '' });

const KINDS: readonly Annotation['kind'][] = ['topic', 'claim', 'note'];
const KIND = 3;
const DETACHED = 4;
/** The annotation has something in `extras`. */
const EXTRA = 8;

/** What a plain topic tag lacks, kept only for the annotations that have it. */
interface Extra {
  note?: string;
  claim?: NonNullable<Annotation['claim']>;
  target?: Annotation['target'];
  /** A timestamp that a number would not give back as written (not in the form toISOString writes). */
  created?: string;
  modified?: string;
}

/**
 * The distinct topic sets, each a frozen array shared by every record that has it. Only ever
 * added to, so the tables made from one another share it: a set's index never changes.
 */
class TopicSets {
  readonly sets: (readonly string[])[] = [];
  private readonly index = new Map<string, number>();

  indexOf(topics: readonly string[]): number {
    // One topic (the usual case) is its own key; a list of them could not be mistaken for one.
    const key = topics.length === 1 && !topics[0]!.startsWith('[') ? topics[0]! : JSON.stringify(topics);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.sets.push(Object.freeze([...topics])) - 1;
      this.index.set(key, i);
    }
    return i;
  }
}

/** A timestamp as a number of milliseconds, when the number gives it back exactly; NaN otherwise. */
function timeOf(text: string): number {
  const ms = canonicalTime(text);
  if (ms !== null) return ms;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) && new Date(parsed).toISOString() === text ? parsed : NaN;
}

/** Columns being filled for a new table. */
interface Columns {
  keys: Int32Array;
  flags: Uint8Array;
  topics: Uint32Array;
  created: Float64Array;
  modified: Float64Array;
  extras: Map<number, Extra>;
}

function columns(size: number): Columns {
  return {
    keys: new Int32Array(size),
    flags: new Uint8Array(size),
    topics: new Uint32Array(size),
    created: new Float64Array(size),
    modified: new Float64Array(size),
    extras: new Map(),
  };
}

/**
 * Write `a`, whose id has `key`, into row `i` of `c`; `placed` says it is attached (the target it
 * carries is not kept) or detached, in place of what `a` says.
 */
function write(c: Columns, i: number, key: number, a: Annotation, sets: TopicSets, placed?: boolean): void {
  const extra: Extra = {};
  const detached = placed === undefined ? a.detached : !placed;
  if (a.note !== '') extra.note = a.note;
  if (a.claim) extra.claim = a.claim;
  if (a.target !== PLACED && !placed) extra.target = a.target;
  const created = timeOf(a.created);
  // `modified` equal to `created` (until an edit) costs nothing to check first.
  const modified = a.modified === a.created ? created : timeOf(a.modified);
  if (Number.isNaN(created)) extra.created = a.created;
  if (Number.isNaN(modified)) extra.modified = a.modified;
  const hasExtra = Object.keys(extra).length > 0;
  c.keys[i] = key;
  c.flags[i] = KINDS.indexOf(a.kind) | (detached ? DETACHED : 0) | (hasExtra ? EXTRA : 0);
  c.topics[i] = sets.indexOf(a.topics);
  c.created[i] = created;
  c.modified[i] = modified;
  if (hasExtra) c.extras.set(key, extra);
  else c.extras.delete(key);
}

export class RecordTable {
  /** An empty table naming its annotations' ids by their keys in `pool`. */
  static empty(pool = new IdPool()): RecordTable {
    const none = columns(0);
    return new RecordTable(pool, new TopicSets(), none.keys, new Int32Array(0), none.flags, none.topics, none.created, none.modified, none.extras);
  }

  /** The last timestamp written out, and its text: equal timestamps in a row make one string. */
  private lastTime = NaN;
  private lastText = '';

  private constructor(
    private readonly pool: IdPool,
    private readonly sets: TopicSets,
    /** Row → the key of its id; rows in the order the annotations came. */
    private readonly keys: Int32Array,
    /** Key → its row + 1 (0: none), for the keys the pool had when the table was made. */
    private readonly rows: Int32Array,
    private readonly flags: Uint8Array,
    /** Row → index in `sets`. */
    private readonly topics: Uint32Array,
    /** Row → milliseconds since 1970 (NaN: the text is in `extras`). */
    private readonly created: Float64Array,
    private readonly modified: Float64Array,
    /** Key → what the annotation has beyond a plain topic tag. */
    private readonly extras: ReadonlyMap<number, Extra>,
  ) {}

  /**
   * A table of `list`; of two records with one id, the later is kept, where the first was. With
   * `placed`, the records whose entry is true are attached (their targets are not kept) and the
   * others detached, whatever they say.
   */
  static from(list: readonly Annotation[], pool = new IdPool(), placed?: readonly boolean[]): RecordTable {
    const keys = pool.keysFor(list.map((a) => a.id));
    const rows = new Int32Array(pool.size);
    const c = columns(list.length);
    const sets = new TopicSets();
    let m = 0;
    list.forEach((a, i) => {
      const key = keys[i]!;
      const row = rows[key]! ? rows[key]! - 1 : (rows[key] = ++m) - 1;
      write(c, row, key, a, sets, placed?.[i]);
    });
    if (m < list.length) {
      c.keys = c.keys.slice(0, m);
      c.flags = c.flags.slice(0, m);
      c.topics = c.topics.slice(0, m);
      c.created = c.created.slice(0, m);
      c.modified = c.modified.slice(0, m);
    }
    return new RecordTable(pool, sets, c.keys, rows, c.flags, c.topics, c.created, c.modified, c.extras);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The row of `id`, or -1. */
  private rowOf(id: string): number {
    const key = this.pool.keyOf(id);
    return key >= 0 && key < this.rows.length ? this.rows[key]! - 1 : -1;
  }

  has(id: string): boolean {
    return this.rowOf(id) >= 0;
  }

  get(id: string): Annotation | undefined {
    const row = this.rowOf(id);
    return row < 0 ? undefined : this.record(row);
  }

  /** Every id, in the order they came. */
  *ids(): IterableIterator<string> {
    for (const key of this.keys) yield this.pool.id(key);
  }

  /** Every record, in the order they came (a changed one stays where it was, a new one comes last). */
  *values(): IterableIterator<Annotation> {
    for (let row = 0; row < this.keys.length; row++) yield this.record(row);
  }

  /** The detached records, in the same order. */
  *detached(): IterableIterator<Annotation> {
    for (let row = 0; row < this.keys.length; row++) if (this.flags[row]! & DETACHED) yield this.record(row);
  }

  /** How many annotations carry each topic (without making the records). */
  topicCounts(): Map<string, number> {
    const perSet = new Map<number, number>();
    for (const i of this.topics) perSet.set(i, (perSet.get(i) ?? 0) + 1);
    const out = new Map<string, number>();
    for (const [i, n] of perSet) for (const id of this.sets.sets[i]!) out.set(id, (out.get(id) ?? 0) + n);
    return out;
  }

  private time(ms: number): string {
    if (ms !== this.lastTime) {
      this.lastTime = ms;
      this.lastText = isoTime(ms);
    }
    return this.lastText;
  }

  private record(row: number): Annotation {
    const key = this.keys[row]!;
    const flags = this.flags[row]!;
    const x = flags & EXTRA ? this.extras.get(key) : undefined;
    const created = x?.created ?? this.time(this.created[row]!);
    const modified = x?.modified ?? (this.modified[row] === this.created[row] && !x?.created ? created : this.time(this.modified[row]!));
    return {
      id: this.pool.id(key),
      kind: KINDS[flags & KIND]!,
      target: x?.target ?? PLACED,
      detached: (flags & DETACHED) !== 0,
      topics: this.sets.sets[this.topics[row]!] as string[],
      note: x?.note ?? '',
      claim: x?.claim ?? null,
      created,
      modified,
    };
  }

  /**
   * This table with `changes` made: a record for an id sets it (a new id comes last), null takes it
   * out. One pass over the table however many changes: a transaction's steps come in together.
   */
  with(changes: ReadonlyMap<string, Annotation | null>): RecordTable {
    if (!changes.size) return this;
    const n = this.keys.length;
    const gone = new Uint8Array(n);
    let removed = 0;
    /** Row → its new record (of the rows kept). */
    const rewrite = new Map<number, Annotation>();
    const fresh: [string, Annotation][] = [];
    for (const [id, a] of changes) {
      const row = this.rowOf(id);
      if (row >= 0) {
        if (a) rewrite.set(row, a);
        else removed += gone[row] = 1;
      } else if (a) fresh.push([id, a]);
    }
    const c = columns(n - removed + fresh.length);
    let m = 0;
    for (let row = 0; row < n; row++) {
      if (gone[row]) continue;
      const key = this.keys[row]!;
      const a = rewrite.get(row);
      if (a) write(c, m, key, a, this.sets);
      else {
        c.keys[m] = key;
        c.flags[m] = this.flags[row]!;
        c.topics[m] = this.topics[row]!;
        c.created[m] = this.created[row]!;
        c.modified[m] = this.modified[row]!;
        const x = c.flags[m]! & EXTRA ? this.extras.get(key) : undefined;
        if (x) c.extras.set(key, x);
      }
      m++;
    }
    const keys = this.pool.keysFor(fresh.map(([id]) => id));
    fresh.forEach(([, a], i) => write(c, m++, keys[i]!, a, this.sets));
    const rows = new Int32Array(this.pool.size);
    c.keys.forEach((key, row) => (rows[key] = row + 1));
    return new RecordTable(this.pool, this.sets, c.keys, rows, c.flags, c.topics, c.created, c.modified, c.extras);
  }
}
