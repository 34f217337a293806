/**
 * Properties of the importer over generated inputs: it never throws (but ParleyError from bytes), it
 * always produces a valid body that keeps the inspect contract, it loses nothing (see expectNothingLost
 * in helpers.ts for the exact rule, including what counts as consumed markup), and well-formed
 * transcripts of each convention read back as they were written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParleyError } from '../../shared/errors.js';
import { decodeSource } from '../../shared/import/decode.js';
import { importBytes, importTextAccounted, listConventions, type AccountedImport } from '../../shared/import/index.js';
import { parseSpeakerLabel } from '../../shared/import/speaker-name.js';
import type { ImportResult } from '../../shared/model.js';
import { checkImport, fixtureText, HANSARD, KYIV, MUNICH, transcriptText, WHITE_HOUSE } from './helpers.js';

const RUNS = { numRuns: 200 };
const CONVENTIONS = listConventions().map((c) => c.id);
const FILE_NAMES = [undefined, 'talk.txt', 'notes.md', 'captions.vtt', 'subtitles.srt'];

/** Import with a convention (or detection) and a file name, and check everything that must hold. */
function checked(text: string, convention?: string, fileName?: string): AccountedImport {
  const imported = importTextAccounted(text, { ...(convention ? { convention } : {}), ...(fileName ? { fileName } : {}) });
  checkImport(imported, text);
  return imported;
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const WORDS = ['the', 'missiles', 'Ukraine', 'we', 'NATO', 'President', 'support', 'winter', 'Allies', 'is', 'and', 'Rusʹ', '“quoted”', 'even-', 'ferry', 'harbour'];
const sentence = fc
  .tuple(fc.constantFrom('Yes', 'Because', 'What', 'And', 'Here’s', 'Well'), fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 14 }), fc.constantFrom('.', '?', '!', '…', '.”'))
  .map(([first, rest, end]) => [first, ...rest].join(' ') + end);
/**
 * A paragraph as text, and hard-wrapped lines of it. A wrap falls where the width runs out, which is
 * inside a sentence; a break after a full stop would make the lines read as one sentence per line,
 * which Parley takes as paragraphs (see paragraph-join.ts), so the wrap moves on by a word there.
 */
const paragraph = fc
  .tuple(fc.array(sentence, { minLength: 1, maxLength: 4 }), fc.integer({ min: 20, max: 80 }))
  .map(([sentences, width]) => {
    const text = sentences.join(' ');
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line !== '' && line.length + word.length > width && !/[.?!…”]$/u.test(line)) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
    return { text, lines };
  });
const blank = fc.constantFrom('', ' ', '\u00A0', '\t \u00A0', '\u2003');
const newline = fc.constantFrom('\n', '\r\n', '\r');

/** Lines a copied web page or an export mixes in: labels of every convention, speech, chrome, markup. */
const structuredLine = fc.oneof(
  fc.constantFrom('NATO Secretary General Mark Rutte', 'Question', 'Christiane Amanpour (Moderator)', 'Jane Doe:', 'Hon. Herb Gray (Deputy Prime Minister (acting), Lib.):'),
  fc.constantFrom('MS. JEAN-PIERRE:\u00A0 Hi.', 'Q\u00A0\u00A0\u00A0 Why?', '**Host:** Welcome.', 'Sam Lee [Acme]: Fine.', 'THE PRESIDENT: Thank you.'),
  fc.constantFrom('[00:01:23] Jane Doe: Hello.', 'Jane Doe (00:12):', 'Jane Doe  0:05', '[00:02:00]', '1:02'),
  fc.constantFrom('WEBVTT', '00:00:01.000 --> 00:00:04.000 align:start', '<v Jane Doe>Hi &amp; bye</v>', 'NOTE a note', '1', '00:00:01,000 --> 00:00:02,000', '>> ANCHOR: Evening.'),
  fc.constantFrom('---', 'title: "A \\"quoted\\" title"', 'date: 2024-07-12', '# Heading', '\\[laughter\\]', '*emphasis* and **strong**', '> quoted'),
  fc.constantFrom('ROYAL CANADIAN MINT ACT', '(Laughter.)', '[crosstalk]', 'Natalya Kushnir, ABC News. A question.', '3:18 P.M. EDT'),
  paragraph.map((p) => p.text),
  fc.constantFrom('Register', 'Create an account', 'Sign in', 'Privacy policy', 'Menu', 'Home', 'Speakers included A and B.', 'Date: today'),
  blank,
);
/** The same, and anything at all. */
const anyLine = fc.oneof(structuredLine, fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));

// ---------------------------------------------------------------------------------------------
// Any input, every convention
// ---------------------------------------------------------------------------------------------

describe('importText on any input', () => {
  it('loses nothing on the real transcripts, read as detected and as every convention', () => {
    for (const name of [KYIV, MUNICH, WHITE_HOUSE, HANSARD]) {
      const text = transcriptText(name);
      checked(text, undefined, name);
      for (const id of CONVENTIONS) checked(text, id);
    }
  });

  it('loses nothing on our fixtures, read as every convention', () => {
    for (const name of ['press-briefing.txt', 'captions-voices.vtt', 'survey-walk.srt', 'field-notes.md', 'hearing-record.txt']) {
      const text = fixtureText(name);
      checked(text, undefined, name);
      for (const id of CONVENTIONS) checked(text, id);
    }
  });

  it('never throws, and loses nothing, on arbitrary strings, whichever convention reads them', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(text, fc.constantFrom(undefined, ...CONVENTIONS), fc.constantFrom(...FILE_NAMES), (t, convention, fileName) => {
        checked(t, convention, fileName);
      }),
      RUNS,
    );
  });

  it('never throws on strings with lone surrogates and control characters', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), fc.constantFrom('\n', '\r', ' ', ':', '<', '>', '*', '\\', '['));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), fc.constantFrom(undefined, ...CONVENTIONS), (t, convention) => {
        checked(t, convention);
      }),
      RUNS,
    );
  });

  it('never throws, and loses nothing, on mixtures of lines from every convention, chrome and markup', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 60 }), newline, fc.constantFrom(undefined, ...CONVENTIONS), fc.constantFrom(...FILE_NAMES), (lines, nl, convention, fileName) => {
        checked(lines.join(nl), convention, fileName);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Well-formed transcripts read back
// ---------------------------------------------------------------------------------------------

interface TurnSpec {
  speaker: number;
  paragraphs: { text: string; lines: string[] }[];
  attached: boolean;
}
const turnSpec = (speakers: number) =>
  fc.record({
    speaker: fc.integer({ min: 0, max: speakers - 1 }),
    paragraphs: fc.array(paragraph, { maxLength: 3 }),
    attached: fc.boolean(),
  });

/** The expected paragraphs of a turn: one empty paragraph when it has none. */
function expectedParagraphs(t: TurnSpec): string[] {
  return t.paragraphs.length > 0 ? t.paragraphs.map((p) => p.text) : [''];
}

/** Same key, same speaker id; different keys, different ids. */
function expectOneSpeakerPerPerson(result: ImportResult, labels: string[]): void {
  const idOfKey = new Map<string, string>();
  const keyOfId = new Map<string, string>();
  result.body.turns.forEach((t, i) => {
    const key = parseSpeakerLabel(labels[i] ?? '').key;
    const id = t.speaker ?? '';
    expect(idOfKey.get(key) ?? id).toBe(id);
    expect(keyOfId.get(id) ?? key).toBe(key);
    idOfKey.set(key, id);
    keyOfId.set(id, key);
  });
}

/**
 * Label-line texts are written one way throughout, as real ones are: all labels bare, or all ending in
 * a colon. A speaker's first label stands alone with text under it (that is what makes the label known);
 * later ones may have their text on the next line or no text at all.
 */
const LABEL_STYLES = [
  ['NATO Secretary General Mark Rutte', 'Mark Rutte', 'Question', 'Christiane Amanpour (Moderator)', 'President Volodymyr Zelenskyy', 'Dr. Ana María de la Cruz'],
  ['Jane Doe:', 'Hon. Herb Gray (Deputy Prime Minister (acting), Lib.):', 'The Acting Speaker (Ms. Thibeault):', 'Mr. Werner Schmidt (Kelowna, Ref.):', 'Question:'],
];

function wellFormed(turns: TurnSpec[], labels: string[]): TurnSpec[] {
  const known = new Set<string>();
  return turns.map((t) => {
    const key = parseSpeakerLabel(labels[t.speaker] ?? '').key;
    const first = !known.has(key);
    known.add(key);
    if (!first) return t;
    return { ...t, attached: false, paragraphs: t.paragraphs.length > 0 ? t.paragraphs : [{ text: 'First words.', lines: ['First words.'] }] };
  });
}

function renderLabelLine(turns: TurnSpec[], labels: string[], blanks: string[], nl: string): string {
  const lines: string[] = [];
  let b = 0;
  const gap = () => lines.push(blanks[b++ % blanks.length] ?? '');
  turns.forEach((t, i) => {
    if (i > 0) gap();
    lines.push(labels[t.speaker] ?? '');
    t.paragraphs.forEach((p, j) => {
      if (!(j === 0 && t.attached)) gap();
      lines.push(...p.lines);
    });
  });
  return lines.join(nl);
}

describe('label-line transcripts', () => {
  it('read back exactly as they were written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LABEL_STYLES).chain((labels) => fc.tuple(fc.constant(labels), fc.array(turnSpec(labels.length), { minLength: 1, maxLength: 10 }))),
        fc.array(blank, { minLength: 1, maxLength: 4 }),
        newline,
        ([labels, specs], blanks, nl) => {
          const turns = wellFormed(specs, labels);
          const text = renderLabelLine(turns, labels, blanks, nl);
          const { result } = checked(text, 'label-line');
          expect(result.body.turns.map((t) => t.label)).toEqual(turns.map((t) => labels[t.speaker]));
          expect(result.body.turns.map((t) => t.paragraphs)).toEqual(turns.map(expectedParagraphs));
          expectOneSpeakerPerPerson(result, turns.map((t) => labels[t.speaker] ?? ''));
        },
      ),
      RUNS,
    );
  });

  it('are detected as such once a speaker speaks twice', () => {
    const labels = LABEL_STYLES[0] ?? [];
    fc.assert(
      fc.property(fc.array(turnSpec(labels.length), { minLength: 2, maxLength: 10 }), (specs) => {
        const turns = wellFormed(specs, labels);
        const first = turns[0];
        if (!first) return;
        const twice = [...turns, { ...first, attached: false, paragraphs: [{ text: 'Again.', lines: ['Again.'] }] }];
        expect(importTextAccounted(renderLabelLine(twice, labels, [''], '\n')).result.convention).toBe('label-line');
      }),
      RUNS,
    );
  });

  it('written one sentence per line with no blank lines (a parliamentary record) read back too', () => {
    const labels = LABEL_STYLES[1] ?? [];
    fc.assert(
      fc.property(fc.array(turnSpec(labels.length), { minLength: 3, maxLength: 12 }), (specs) => {
        // Every sentence on its own line; every label with its colon and a bracket or title, as records
        // write them; and speech somewhere, as a record has: at least three sentences of some length,
        // the fewest from which the importer tells one sentence per line from a wrap (MIN_LONG_LINES in
        // paragraph-join.ts; with two such lines, "Yes the the the." twice, it rightly cannot tell).
        const sentencesOf = (t: TurnSpec) => t.paragraphs.flatMap((p) => p.text.match(/[^.?!…]+[.?!…]+”?/gu) ?? [p.text]).map((s) => s.trim());
        const first = specs[0];
        if (first && specs.flatMap(sentencesOf).length < 3) {
          const order = 'Order, order. The House will now resume its sitting. Members will take their seats. The clerk will read the order of the day.';
          first.paragraphs = [{ text: order, lines: [order] }, ...first.paragraphs];
        }
        const turns = specs.map((t) => ({ ...t, sentences: sentencesOf(t) }));
        const text = turns.flatMap((t) => [labels[t.speaker] ?? '', ...t.sentences]).join('\n');
        const { result } = checked(text);
        expect(result.convention).toBe('label-line');
        expect(result.body.turns.map((t) => t.label)).toEqual(turns.map((t) => labels[t.speaker]));
        expect(result.body.turns.map((t) => t.paragraphs)).toEqual(turns.map((t) => (t.sentences.length > 0 ? t.sentences : [''])));
      }),
      RUNS,
    );
  });
});

describe('inline-label transcripts', () => {
  const LABELS = ['MS. JEAN-PIERRE:', 'Q', 'THE PRESIDENT:', 'Sam Lee [Acme Corp]:', 'Dr. Ama Boateng:', 'REPRESENTATIVE DINGELL:'];
  const SPACES = ['\u00A0 ', ' ', '\u00A0\u00A0\u00A0 ', '\t'];

  it('read back as they were written: a turn per label, wrapped lines joined, paragraphs kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ speaker: fc.integer({ min: 0, max: LABELS.length - 1 }), paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }), space: fc.constantFrom(...SPACES) }), { minLength: 2, maxLength: 10 }),
        newline,
        (turns, nl) => {
          const text = turns
            .map((t) => t.paragraphs.map((p, j) => (j === 0 ? [`${LABELS[t.speaker]}${t.space}${p.lines[0]}`, ...p.lines.slice(1)] : p.lines).join(nl)).join(nl + nl))
            .join(nl + nl);
          const { result } = checked(text);
          expect(result.convention).toBe('inline');
          expect(result.body.turns.map((t) => t.label)).toEqual(turns.map((t) => LABELS[t.speaker]));
          expect(result.body.turns.map((t) => t.paragraphs)).toEqual(turns.map((t) => t.paragraphs.map((p) => p.text)));
          expectOneSpeakerPerPerson(result, turns.map((t) => LABELS[t.speaker] ?? ''));
        },
      ),
      RUNS,
    );
  });
});

/** Seconds as a timestamp in one of the forms transcripts use. */
function clock(seconds: number, hours: boolean): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return hours ? `${two(h)}:${two(m)}:${two(s)}` : `${Math.floor(seconds / 60)}:${two(s)}`;
}

describe('timed transcripts', () => {
  const NAMES = ['Priya Raman', 'Dr. Felix Oduya', 'Speaker 2', 'Unknown Speaker'];
  const FORMS = ['bracket', 'paren', 'space'] as const;

  it('read back with the time of every turn, in every form', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMS),
        fc.array(fc.record({ speaker: fc.integer({ min: 0, max: NAMES.length - 1 }), gap: fc.integer({ min: 1, max: 400 }), paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 2 }) }), { minLength: 2, maxLength: 8 }),
        (form, turns) => {
          let at = 0;
          const starts = turns.map((t) => (at += t.gap));
          const text = turns
            .map((t, i) => {
              const name = NAMES[t.speaker] ?? '';
              const time = clock(starts[i] ?? 0, form === 'bracket');
              const body = t.paragraphs.map((p) => p.lines.join('\n')).join('\n\n');
              if (form === 'bracket') return `[${time}] ${name}: ${body}`;
              if (form === 'paren') return `${name} (${time}):\n${body}`;
              return `${name}  ${time}\n${body}`;
            })
            .join('\n\n');
          const { result } = checked(text);
          expect(result.convention).toBe('timed');
          expect(result.body.turns.map((t) => t.start)).toEqual(starts);
          expect(result.body.turns.map((t) => t.paragraphs)).toEqual(turns.map((t) => t.paragraphs.map((p) => p.text)));
          expectOneSpeakerPerPerson(result, turns.map((t) => NAMES[t.speaker] ?? ''));
        },
      ),
      RUNS,
    );
  });
});

describe('subtitle files', () => {
  const NAMES = ['Ingrid Solberg', 'Tomasz Wróbel', 'Audience Member'];
  const cueSpec = fc.record({ speaker: fc.integer({ min: 0, max: NAMES.length - 1 }), words: sentence, length: fc.integer({ min: 1, max: 4 }) });

  /** Consecutive cues of one speaker, as the turns they must form: [speaker, first start, last end]. */
  function expectedRuns(cues: { speaker: number }[], times: [number, number][]): [number, number, number][] {
    const runs: [number, number, number][] = [];
    cues.forEach((c, i) => {
      const last = runs.at(-1);
      const [start, end] = times[i] ?? [0, 0];
      if (last && last[0] === c.speaker) last[2] = end;
      else runs.push([c.speaker, start, end]);
    });
    return runs;
  }

  it('WebVTT with voice tags: one turn per run of one speaker, cue times kept', () => {
    fc.assert(
      fc.property(fc.array(cueSpec, { minLength: 1, maxLength: 12 }), (cues) => {
        let at = 0;
        const times = cues.map((c): [number, number] => [at, (at += c.length)]);
        const text = ['WEBVTT', ...cues.map((c, i) => `${i + 1}\n${clock(times[i]?.[0] ?? 0, true)}.000 --> ${clock(times[i]?.[1] ?? 0, true)}.000\n<v ${NAMES[c.speaker]}>${c.words}`)].join('\n\n');
        const { result } = checked(text);
        expect(result.convention).toBe('webvtt');
        const runs = expectedRuns(cues, times);
        expect(result.body.turns.map((t) => [result.body.speakers.find((s) => s.id === t.speaker)?.name, t.start, t.end])).toEqual(
          runs.map(([s, start, end]) => [NAMES[s], start, end]),
        );
      }),
      RUNS,
    );
  });

  it('SubRip with NAME: at the start of a speaker’s first cue', () => {
    const CAPS = ['INGRID SOLBERG', 'TOMASZ WRÓBEL', 'AUDIENCE MEMBER'];
    fc.assert(
      fc.property(fc.array(cueSpec, { minLength: 1, maxLength: 12 }), (cues) => {
        let at = 0;
        const times = cues.map((c): [number, number] => [at, (at += c.length)]);
        const text = cues
          .map((c, i) => {
            const label = i === 0 || cues[i - 1]?.speaker !== c.speaker ? `${CAPS[c.speaker]}: ` : '';
            return `${i + 1}\r\n${clock(times[i]?.[0] ?? 0, true)},000 --> ${clock(times[i]?.[1] ?? 0, true)},000\r\n${label}${c.words}`;
          })
          .join('\r\n\r\n');
        const { result } = checked(text);
        expect(result.convention).toBe('srt');
        const runs = expectedRuns(cues, times);
        expect(result.body.turns.map((t) => [t.label?.replace(/:$/, ''), t.start, t.end])).toEqual(runs.map(([s, start, end]) => [CAPS[s], start, end]));
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------------------------

/** Bytes of a string in an encoding, with a byte-order mark where the encoding has one. */
function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin'): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'utf-8-bom') return new TextEncoder().encode('\uFEFF' + text);
  if (encoding === 'latin') return Uint8Array.from(text, (c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f));
  const units = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
  const out = new Uint8Array(2 + units.length * 2);
  out.set(encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  units.forEach((u, i) => {
    const [hi, lo] = [u >> 8, u & 0xff];
    out.set(encoding === 'utf-16le' ? [lo, hi] : [hi, lo], 2 + i * 2);
  });
  return out;
}

describe('importBytes on any bytes', () => {
  it('throws nothing but ParleyError, and loses nothing when it reads', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s)),
      fc.tuple(fc.array(anyLine, { maxLength: 30 }), fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'latin') as fc.Arbitrary<Parameters<typeof encode>[1]>).map(([l, e]) => encode(l.join('\r\n'), e)),
    );
    fc.assert(
      fc.property(bytes, fc.constantFrom(...FILE_NAMES), (b, fileName) => {
        let result: ImportResult;
        try {
          result = importBytes(b, fileName ? { fileName } : {});
        } catch (e) {
          expect(isParleyError(e)).toBe(true);
          return;
        }
        // importBytes is decodeSource, then importText: the same reading of the same text.
        const text = decodeSource(b).text;
        const again = checked(text, undefined, fileName).result;
        expect(result.body).toEqual(again.body);
        expect(result.convention).toBe(again.convention);
      }),
      RUNS,
    );
  });

  it('reads the same text from UTF-8, UTF-8 with a BOM, UTF-16 LE and BE', () => {
    fc.assert(
      fc.property(fc.array(structuredLine, { minLength: 1, maxLength: 20 }), (lines) => {
        const text = lines.join('\n');
        if (text.trim() === '') return;
        const decoded = (['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'] as const).map((e) => {
          try {
            return decodeSource(encode(text, e)).text;
          } catch (error) {
            return isParleyError(error) ? error.code : 'thrown';
          }
        });
        expect(new Set(decoded).size).toBe(1);
      }),
      RUNS,
    );
  });
});
