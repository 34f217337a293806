/**
 * How much the text around a candidate match agrees with a target's stored prefix or suffix.
 *
 * The Hypothesis client scores context with the same approximate search it uses for the quote,
 * which lets the stored context float anywhere in the window. Here the comparison is anchored at
 * the quote's side (a prefix must end where the match starts, a suffix must begin where it ends)
 * and free at the far side (text inserted or deleted out there costs nothing beyond the change
 * itself). Anchoring matters: unrelated text of the same length scores clearly lower, so a
 * threshold on this score tells real surroundings from chance.
 *
 * A target's context is compared with the text beside every candidate, hundreds of times for a
 * common word, so the edit distance is computed bit-parallel (Myers 1999, in Hyyro's form for an
 * anchored start): one 32-bit word holds a column of the table, since a stored context is at most
 * 32 units. Longer ones (from elsewhere) take the plain table.
 */

/** Extra units of text read beyond the stored context's length, so insertions near it still align. */
const SLACK = 16;

/**
 * 1 when the text before `at` ends with `prefix`, falling towards 0 as edits are needed to make
 * it so (1 - edit distance / prefix length, never below 0). An empty prefix says the target began
 * the text: 1 at the text's start, 0 elsewhere.
 */
export function prefixSimilarity(text: string, at: number, prefix: string): number {
  if (prefix.length === 0) return at <= 0 ? 1 : 0;
  const from = Math.max(0, at - prefix.length - SLACK);
  return anchoredSimilarity(prefix, text, at - 1, from - 1, -1);
}

/** Like prefixSimilarity, for the text after `at` and the stored suffix (empty: the text's end). */
export function suffixSimilarity(text: string, at: number, suffix: string): number {
  if (suffix.length === 0) return at >= text.length ? 1 : 0;
  const to = Math.min(text.length, at + suffix.length + SLACK);
  return anchoredSimilarity(suffix, text, at, to, 1);
}

/**
 * Edit distance between `stored` and a stretch of `text` read from `start` (inclusive) towards
 * `stop` (exclusive) in direction `step`, both anchored at their first unit and free at the far end
 * of the text: min over the text's lengths. `stored` is read in the same direction. Returned as a
 * similarity in [0, 1].
 */
export function anchoredSimilarity(stored: string, text: string, start: number, stop: number, step: 1 | -1): number {
  const n = stored.length;
  if (n === 0) return 1;
  const best = n <= 32 ? bitParallelDistance(stored, text, start, stop, step) : tableDistance(stored, text, start, stop, step);
  return Math.max(0, 1 - best / n);
}

/** The last pattern's match masks, by UTF-16 unit: contexts repeat across a target's candidates. */
let peqFor = '';
let peqStep = 0;
const peqAscii = new Int32Array(128);
let peqOther = new Map<number, number>();

function bitParallelDistance(stored: string, text: string, start: number, stop: number, step: 1 | -1): number {
  const n = stored.length;
  if (peqFor !== stored || peqStep !== step) {
    peqAscii.fill(0);
    peqOther = new Map();
    for (let i = 0; i < n; i++) {
      const c = stored.charCodeAt(step > 0 ? i : n - 1 - i);
      if (c < 128) peqAscii[c] = (peqAscii[c] as number) | (1 << i);
      else peqOther.set(c, (peqOther.get(c) ?? 0) | (1 << i));
    }
    peqFor = stored;
    peqStep = step;
  }
  const last = 1 << (n - 1);
  // Column 0: D[i][0] = i, so every vertical delta is +1.
  let pv = -1;
  let mv = 0;
  let score = n;
  let best = n;
  for (let j = start; j !== stop; j += step) {
    const c = text.charCodeAt(j);
    const eq = c < 128 ? (peqAscii[c] as number) : (peqOther.get(c) ?? 0);
    const xv = eq | mv;
    const xh = (((eq & pv) + pv) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    if (ph & last) score++;
    else if (mh & last) score--;
    // The top row is D[0][j] = j (the start is anchored), so its horizontal delta is +1.
    ph = (ph << 1) | 1;
    mh <<= 1;
    pv = mh | ~(xv | ph);
    mv = ph & xv;
    if (score < best) best = score;
  }
  return best;
}

/** Reused rows of the plain table. */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** The same distance by the plain dynamic-programming table, for contexts longer than 32 units. */
export function tableDistance(stored: string, text: string, start: number, stop: number, step: 1 | -1): number {
  const n = stored.length;
  const m = Math.abs(stop - start);
  if (currentRow.length < m + 1) {
    previousRow = new Int32Array(m + 1);
    currentRow = new Int32Array(m + 1);
  }
  let prev = previousRow;
  let cur = currentRow;
  // Row i holds the distance between the first i units of `stored` and the first j units of text.
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const s = stored.charCodeAt(step > 0 ? i - 1 : n - i);
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const t = text.charCodeAt(start + step * (j - 1));
      const substitute = (prev[j - 1] as number) + (s === t ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      cur[j] = substitute < del ? (substitute < ins ? substitute : ins) : del < ins ? del : ins;
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  // Free end on the text's side: the best alignment of all of `stored` with any length of text.
  let best = n;
  for (let j = 0; j <= m; j++) if ((prev[j] as number) < best) best = prev[j] as number;
  return best;
}

/** 1 - errors / length: how close an approximate match of a quote is to it. */
export function quoteSimilarity(errors: number, quoteLength: number): number {
  return quoteLength === 0 ? 0 : Math.max(0, 1 - errors / quoteLength);
}

/**
 * Levenshtein distance between `a` and `b`, or `max + 1` when it exceeds `max`. Only the diagonal
 * band of width 2 x max + 1 is computed (Ukkonen), so the cost is O(length x max).
 */
export function editDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.max(n, m);
  const over = max + 1;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur.fill(over);
    cur[0] = i <= max ? i : over;
    const c = a.charCodeAt(i - 1);
    let rowMin = cur[0] as number;
    for (let j = lo; j <= hi; j++) {
      const substitute = (prev[j - 1] as number) + (c === b.charCodeAt(j - 1) ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      const v = Math.min(substitute, del, ins, over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return over;
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return Math.min(prev[m] as number, over);
}
