/**
 * How fast the importer reads about 1 MB of text in each main convention. Run with
 *
 *     npx tsx test/bench/import-bench.ts [runs]
 *
 * It prints, per convention, the median of several runs of importText (detection by every convention
 * plus the winning convention's parse) in milliseconds. The budget is 100 ms for 1 MB. This is a
 * benchmark that prints figures, not a timed test: a loaded machine must not fail the suite.
 */
import { importText } from '../../shared/import/index.js';

const TARGET_CHARS = 1024 * 1024;
const RUNS = Number(process.argv[2] ?? 9);
const WARMUP = 2;

/** A small deterministic generator, so that every run reads the same text. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = (
  'the harbour council agreed that the ferry timetable would change in winter and the freight subsidy ' +
  'would stay until March while the breakwater repairs finish early because crews were free after the ' +
  'bridge job was cancelled and members asked whether the early boat stays and what the licensing figures ' +
  'show for the coming season in every port along the coast'
).split(' ');

function sentence(next: () => number): string {
  const n = 6 + Math.floor(next() * 18);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)] ?? 'the');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + (next() < 0.15 ? '?' : '.');
}

function paragraph(next: () => number, sentences = 2 + Math.floor(next() * 5)): string {
  return Array.from({ length: sentences }, () => sentence(next)).join(' ');
}

/** Hard-wrap a paragraph at about 72 characters, as press offices' text does. */
function wrap(text: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length > 72) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out.join('\n');
}

function timestamp(seconds: number, sep = '.'): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const ms = Math.floor((seconds % 1) * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}${sep}${String(ms).padStart(3, '0')}`;
}

/** Build text of about 1 MB from a generator of turns. */
function fill(header: string, turn: (i: number, next: () => number) => string, joiner = '\n\n'): string {
  const next = random(42);
  const parts = [header];
  let size = header.length;
  for (let i = 0; size < TARGET_CHARS; i++) {
    const t = turn(i, next);
    parts.push(t);
    size += t.length + joiner.length;
  }
  return parts.join(joiner);
}

const LABEL_LINE_SPEAKERS = ['NATO Secretary General Mark Rutte', 'Christiane Amanpour (Moderator)', 'Question', 'President Volodymyr Zelenskyy'];
const INLINE_SPEAKERS = ['MS. FERREIRA:', 'Q', 'THE MINISTER:', 'REPRESENTATIVE OKAFOR:'];
const RECORD_SPEAKERS = ['The Deputy Chair (Mr. Calloway):', 'Mr. Rupert Vane (Northfield, Lab.):', 'Hon. Adaeze Obi (Minister for the Coast, Ind.):'];
const TIMED_SPEAKERS = ['Priya Raman', 'Dr. Felix Oduya', 'Unknown Speaker'];

const CORPORA: Record<string, string> = {
  'label-line': fill('', (i, next) => `${LABEL_LINE_SPEAKERS[i % 4]}\n\n${paragraph(next)}\n\n${paragraph(next)}`),
  'label-line (record, no blank lines)': fill(
    'OFFICIAL REPORT\nESTIMATES DAY',
    (i, next) => [RECORD_SPEAKERS[i % 3] ?? '', ...Array.from({ length: 1 + Math.floor(next() * 5) }, () => sentence(next))].join('\n'),
    '\n',
  ),
  inline: fill('Briefing Room\n\n11:05 A.M. WET', (i, next) => {
    const label = INLINE_SPEAKERS[i % 4] ?? 'Q';
    const space = label === 'Q' ? '\u00A0\u00A0\u00A0 ' : '\u00A0 ';
    return wrap(`${label}${space}${paragraph(next)}`) + (next() < 0.3 ? `\n\n${wrap(paragraph(next))}` : '');
  }),
  timed: fill('', (i, next) => `[${timestamp(i * 7).slice(0, 8)}] ${TIMED_SPEAKERS[i % 3]}: ${paragraph(next)}`, '\n'),
  webvtt: fill('WEBVTT', (i, next) => `${i + 1}\n${timestamp(i * 3)} --> ${timestamp(i * 3 + 2.5)}\n<v ${TIMED_SPEAKERS[Math.floor(i / 3) % 3]}>${sentence(next)}`),
  srt: fill('', (i, next) => {
    const label = i % 3 === 0 ? `${Math.floor(i / 3) % 2 ? 'DR. ODUYA' : 'PRIYA RAMAN'}: ` : '';
    return `${i + 1}\n${timestamp(i * 3, ',')} --> ${timestamp(i * 3 + 2.5, ',')}\n${label}${sentence(next)}`;
  }),
  markdown: fill('---\ntitle: "Field notes"\ndate: 2023-09-14\n---', (i, next) => `**${i % 2 ? 'Sam' : 'Beatriz'}:** ${paragraph(next)} \\[laughter\\] *really*`),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

console.log(`importText on about 1 MB per convention, median of ${RUNS} runs (after ${WARMUP} warm-up runs):`);
for (const [name, text] of Object.entries(CORPORA)) {
  const times: number[] = [];
  let result = importText(text);
  for (let r = 0; r < WARMUP + RUNS; r++) {
    const t0 = performance.now();
    result = importText(text);
    const ms = performance.now() - t0;
    if (r >= WARMUP) times.push(ms);
  }
  const mb = text.length / (1024 * 1024);
  const perMb = median(times) / mb;
  console.log(
    `  ${name.padEnd(38)} ${(text.length / 1024).toFixed(0).padStart(5)} KB  ${median(times).toFixed(1).padStart(7)} ms  ` +
      `(${perMb.toFixed(1)} ms/MB; read as ${result.convention}, ${result.body.turns.length} turns)`,
  );
}
