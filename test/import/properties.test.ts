/**
 * Properties of the importer over generated inputs: it never throws (but ParleyError from bytes), it
 * always produces a valid body, it loses no text, and well-formed label-line transcripts read back
 * exactly as they were written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParleyError } from '../../shared/errors.js';
import { decodeSource } from '../../shared/import/decode.js';
import { importBytes, importText } from '../../shared/import/index.js';
import { parseSpeakerLabel } from '../../shared/import/speaker-name.js';
import { TranscriptBodySchema, type ImportResult } from '../../shared/model.js';
import { accountedText, KYIV, MUNICH, sortedCounts, transcriptText } from './helpers.js';

const RUNS = { numRuns: 300 };

/** What every import result must satisfy, whatever the input. */
function checkResult(result: ImportResult, input: string): void {
  const body = TranscriptBodySchema.parse(result.body);
  expect(body.turns.map((t) => t.id)).toEqual(body.turns.map((_, i) => `t${i + 1}`));
  expect(body.removed.map((r) => r.id)).toEqual(body.removed.map((_, i) => `r${i + 1}`));
  const speakerIds = new Set(body.speakers.map((s) => s.id));
  expect(speakerIds.size).toBe(body.speakers.length);
  for (const t of body.turns) if (t.speaker !== null) expect(speakerIds.has(t.speaker)).toBe(true);
  const turnIds = new Set(body.turns.map((t) => t.id));
  for (const r of body.removed) if (r.afterTurn !== null) expect(turnIds.has(r.afterTurn)).toBe(true);
  expect(body.history).toEqual([]);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  expect(sortedCounts(accountedText(result))).toEqual(sortedCounts(input));
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const LABELS = [
  'NATO Secretary General Mark Rutte',
  'Mark Rutte',
  'Question',
  'Q',
  'Christiane Amanpour (Moderator)',
  'President Volodymyr Zelenskyy',
  'Jane Doe:',
  'Dr. Ana María de la Cruz',
  'Hon. Herb Gray (Deputy Prime Minister (acting), Lib.):',
];
const WORDS = ['the', 'missiles', 'Ukraine', 'we', 'NATO', 'President', 'support', 'winter', 'Allies', 'is', 'and', 'Rusʹ', '“quoted”', 'even-'];
const sentence = fc
  .tuple(fc.constantFrom('Yes', 'Because', 'What', 'And', 'Here’s', 'Well'), fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }), fc.constantFrom('.', '?', '!', '…', '.”'))
  .map(([first, rest, end]) => [first, ...rest].join(' ') + end);
const line = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 });
const blank = fc.constantFrom('', ' ', '\u00A0', '\t \u00A0', '\u2003');
const newline = fc.constantFrom('\n', '\r\n', '\r');

interface TurnSpec {
  label: string;
  paragraphs: string[][];
  attached: boolean;
}
const turnSpec = fc.record({
  label: fc.constantFrom(...LABELS),
  paragraphs: fc.array(paragraph, { maxLength: 3 }),
  attached: fc.boolean(),
});

/**
 * Keep the generated turns within what the convention promises to read back: a speaker's first label
 * stands alone with text under it (that is what makes the label known); later ones may have their
 * text on the next line or no text at all.
 */
function wellFormed(turns: TurnSpec[]): TurnSpec[] {
  const known = new Set<string>();
  return turns.map((t) => {
    const key = parseSpeakerLabel(t.label).key;
    const first = !known.has(key);
    known.add(key);
    if (!first) return t;
    return { ...t, attached: false, paragraphs: t.paragraphs.length > 0 ? t.paragraphs : [['First words.']] };
  });
}

function render(turns: TurnSpec[], blanks: string[], nl: string): string {
  const lines: string[] = [];
  let b = 0;
  const gap = () => lines.push(blanks[b++ % blanks.length] ?? '');
  turns.forEach((t, i) => {
    if (i > 0) gap();
    lines.push(t.label);
    t.paragraphs.forEach((p, j) => {
      if (!(j === 0 && t.attached)) gap();
      lines.push(...p);
    });
  });
  return lines.join(nl);
}

/** Lines a copied web page mixes in: labels, speech, chrome, metadata, blanks, and anything at all. */
const anyLine = fc.oneof(
  fc.constantFrom(...LABELS),
  line,
  fc.constantFrom('Register', 'Create an account', 'Verification code', 'Sign in', 'Privacy policy', 'Menu', 'Share'),
  fc.constantFrom('Speakers included A and B.', 'Date: today', 'Participants:', 'Moderated by C.'),
  blank,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('importText on any input', () => {
  it('loses nothing on the real NATO transcripts', () => {
    for (const name of [KYIV, MUNICH]) {
      const text = transcriptText(name);
      checkResult(importText(text), text);
      checkResult(importText(text, { convention: 'paragraphs' }), text);
    }
  });

  it('never throws, and loses nothing, on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
        checkResult(importText(text), text);
      }),
      RUNS,
    );
  });

  it('never throws on strings with lone surrogates and control characters', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), fc.constantFrom('\n', '\r', ' '));
    fc.assert(fc.property(fc.string({ unit, maxLength: 200 }), (text) => checkResult(importText(text), text)), RUNS);
  });

  it('never throws, and loses nothing, on mixtures of label, speech, chrome and metadata lines', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 60 }), newline, fc.constantFrom('label-line', 'paragraphs', undefined), (lines, nl, convention) => {
        const text = lines.join(nl);
        checkResult(importText(text, convention ? { convention } : {}), text);
      }),
      RUNS,
    );
  });
});

describe('label-line transcripts', () => {
  it('read back exactly as they were written', () => {
    fc.assert(
      fc.property(
        fc.array(turnSpec, { minLength: 1, maxLength: 10 }).map(wellFormed),
        fc.array(blank, { minLength: 1, maxLength: 4 }),
        newline,
        (turns, blanks, nl) => {
          const text = render(turns, blanks, nl);
          const result = importText(text, { convention: 'label-line' });
          checkResult(result, text);
          const { body } = result;
          expect(body.turns.map((t) => t.label)).toEqual(turns.map((t) => t.label));
          expect(body.turns.map((t) => t.paragraphs)).toEqual(
            turns.map((t) => (t.paragraphs.length > 0 ? t.paragraphs.map((p) => p.join(' ')) : [''])),
          );
          // One speaker per person: same key, same id; different keys, different ids.
          const keyOf = new Map<string, string>();
          body.turns.forEach((t, i) => {
            const key = parseSpeakerLabel(turns[i]?.label ?? '').key;
            const id = t.speaker ?? '';
            expect(keyOf.get(id) ?? key).toBe(key);
            keyOf.set(id, key);
          });
        },
      ),
      RUNS,
    );
  });

  it('are detected as such once a speaker speaks twice', () => {
    fc.assert(
      fc.property(fc.array(turnSpec, { minLength: 2, maxLength: 10 }).map(wellFormed), (turns) => {
        const twice = [...turns, { ...turns[0]!, attached: false, paragraphs: [['Again.']] }];
        expect(importText(render(twice, [''], '\n')).convention).toBe('label-line');
      }),
      RUNS,
    );
  });
});

describe('importBytes on any bytes', () => {
  it('throws nothing but ParleyError, and loses nothing when it reads', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary' }).map((s) => new TextEncoder().encode(s)),
      fc.array(anyLine, { maxLength: 30 }).map((l) => new TextEncoder().encode(l.join('\r\n'))),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        let result: ImportResult;
        try {
          result = importBytes(b);
        } catch (e) {
          expect(isParleyError(e)).toBe(true);
          return;
        }
        checkResult(result, decodeSource(b).text);
      }),
      RUNS,
    );
  });
});
