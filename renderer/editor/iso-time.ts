/**
 * Timestamps in the one form toISOString writes ("2026-01-01T00:00:00.000Z"), read and written
 * without building a Date: the annotation table (record-table.ts) keeps them as numbers and turns
 * every one back into text at each save, so the round trip is on the save's path. Both hold to
 * Date exactly (test/editor/iso-time.test.ts); anything else is left to Date.
 */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `n` digits of `text` from `at` as a number, or -1 if one is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The time of `text` when it is written as toISOString writes a year from 100 to 9999
 * ("2026-01-01T00:00:00.000Z"), read without building a Date: checking each timestamp of a
 * transcript's annotations through toISOString was much of the cost of loading them. Null for any
 * other text (which the caller checks the slow way).
 */
export function canonicalTime(text: string): number | null {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') return null;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const sec = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > DAYS[mo - 1]! + (mo === 2 && leap ? 1 : 0)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * `ms` as toISOString writes it, for the years canonicalTime reads, without building a Date:
 * every annotation's record is made at each save, and toISOString was most of that cost. The
 * civil date from the day number follows Howard Hinnant's days_from_civil inverse.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let rest = ms - day * 86_400_000;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!(y >= 100 && y <= 9999)) return new Date(ms).toISOString();
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(sec, 2)}.${pad(rest - sec * 1000, 3)}Z`;
}
