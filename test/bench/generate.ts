/**
 * A deterministic generator of long transcripts in the label-line convention, for benchmarks:
 * about `bytes` of text, `speakers` speakers with titles, turns of one to four paragraphs.
 */
const FIRST = ['Mark', 'Ana', 'Jonas', 'Priya', 'Kofi', 'Lena', 'Mateo', 'Yuki', 'Omar', 'Sofia', 'Ivan', 'Grace', 'Tariq', 'Elif', 'Pablo', 'Hana', 'Nils', 'Amara', 'Chen', 'Ruth'];
const LAST = ['Rutte', 'Silva', 'Berg', 'Nair', 'Mensah', 'Vogel', 'Ruiz', 'Tanaka', 'Haddad', 'Rossi', 'Petrov', 'Okafor', 'Aziz', 'Demir', 'Garcia', 'Sato', 'Lund', 'Diallo', 'Wei', 'Cohen'];
const TITLES = ['Minister', 'Senator', 'Ambassador', 'Governor', 'Director', 'President', 'Commissioner', 'Mayor'];
const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her ' +
  'she there been one all we their has would when if so no will can more about said what up out them into some could time ' +
  'allies defence budget security support question answer programme funding missiles winter energy agreement council ' +
  'percent million billion ministers parliament committee report evidence policy reform partners training industry'
).split(' ');

/** Mulberry32: a small seeded PRNG, so every run benchmarks the same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Generated {
  text: string;
  turns: number;
  speakers: string[];
}

export function generateTranscript(options: { bytes?: number; speakers?: number; seed?: number } = {}): Generated {
  const target = options.bytes ?? 1_000_000;
  const random = rng(options.seed ?? 42);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const speakers = Array.from({ length: options.speakers ?? 40 }, (_, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7 + Math.floor(i / FIRST.length)) % LAST.length]}`;
    return `${TITLES[i % TITLES.length]} ${name}`;
  });
  const sentence = () => {
    const n = 8 + Math.floor(random() * 18);
    const words = Array.from({ length: n }, () => pick(WORDS));
    const s = words.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + pick(['.', '.', '.', '?', ',  and so on.']);
  };
  const parts: string[] = [];
  let size = 0;
  let turns = 0;
  let previous = -1;
  while (size < target) {
    let who = Math.floor(random() * speakers.length);
    if (who === previous) who = (who + 1) % speakers.length;
    previous = who;
    const paragraphs = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, sentence).join(' '),
    );
    const block = `${speakers[who]}\n\n${paragraphs.join('\n\n')}\n\n`;
    parts.push(block);
    size += block.length;
    turns++;
  }
  return { text: parts.join(''), turns, speakers };
}
