/**
 * Colours for new topics, claim types and statuses when the user gives none.
 *
 * Paul Tol's "muted" scheme: nine colours chosen to stay distinct for the common colour-vision
 * deficiencies (protanopia, deuteranopia, tritanopia) and in greyscale print. Nine matches the nine
 * quick keys, so a codebook of keyed topics never repeats a colour. Labels are always shown beside a
 * colour as well: colour alone never carries the meaning.
 */
export const TOPIC_PALETTE: readonly string[] = [
  '#cc6677', // rose
  '#332288', // indigo
  '#ddcc77', // sand
  '#117733', // green
  '#88ccee', // cyan
  '#882255', // wine
  '#44aa99', // teal
  '#999933', // olive
  '#aa4499', // purple
];

const COLOUR = /^#[0-9a-f]{6}$/i;

/**
 * The palette colour for the next entry of a list that already uses `used`: the first palette
 * colour nobody uses, else the one used least (ties go to palette order), so colours spread evenly
 * once the palette runs out.
 */
export function pickColour(used: Iterable<string>): string {
  const counts = new Map<string, number>(TOPIC_PALETTE.map((c) => [c, 0]));
  for (const c of used) {
    const key = c.toLowerCase();
    const n = counts.get(key);
    if (n !== undefined) counts.set(key, n + 1);
  }
  let best = TOPIC_PALETTE[0] as string;
  let bestCount = Infinity;
  for (const c of TOPIC_PALETTE) {
    const n = counts.get(c) ?? 0;
    if (n < bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}

/**
 * A colour as the codebook stores it: `#rrggbb` in lower case. Accepts `#rgb` too (spreadsheets and
 * people write it). Throws RangeError naming the value for anything else.
 */
export function normaliseColour(value: string): string {
  const v = value.trim();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(v);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  if (COLOUR.test(v)) return v.toLowerCase();
  throw new RangeError(`"${value}" is not a colour: write it like #1f77b4.`);
}
