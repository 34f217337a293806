/**
 * Fuzzing the sidecar reader: whatever lies in `<name>.annotations.json` (any bytes, any JSON, a real
 * sidecar with its JSON edited or its bytes damaged), SidecarFile.read returns a sidecar that is valid
 * by the schema and the cross-reference checks, or throws ParleyError 'sidecar-invalid'; never anything
 * else, and it never writes. Opening the transcript beside such a file opens it (read-only when the
 * file cannot be read) and writes nothing either.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DocumentService } from '../../annotations/document-service.js';
import { checkSidecarReferences } from '../../annotations/sidecar-codec.js';
import { SidecarFile } from '../../annotations/sidecar-file.js';
import { isParleyError } from '../../shared/errors.js';
import { TranscriptBodySchema } from '../../shared/model.js';
import { SidecarSchema, type Sidecar } from '../../shared/sidecar.js';
import { tempDir } from '../annotations/helpers.js';
import { FIXTURE_NAME, FIXTURE_PATH } from '../export/helpers.js';
import { TRICKY_KEYS, damage, damaged, edited, jsonEdit, snapshot, type Json } from './helpers.js';

/** A real sidecar with speakers, turns, a codebook, topics, claims and notes. */
const SIDECAR_BYTES = readFileSync(`${FIXTURE_PATH}.annotations.json`);
const SIDECAR = JSON.parse(SIDECAR_BYTES.toString('utf8')) as Json;
const SOURCE_BYTES = readFileSync(FIXTURE_PATH);

const utf8 = (text: string) => new TextEncoder().encode(text);

/** What may lie in a sidecar file. */
const sidecarFile: fc.Arbitrary<Uint8Array> = fc.oneof(
  // The real sidecar with its JSON edited: ids duplicated, values of the wrong type, fields gone.
  { weight: 4, arbitrary: fc.array(jsonEdit, { minLength: 1, maxLength: 5 }).map((edits) => utf8(JSON.stringify(edited(SIDECAR, edits)))) },
  // Its bytes damaged: cut short, bytes flipped, junk inserted.
  { weight: 2, arbitrary: fc.array(damage, { minLength: 1, maxLength: 3 }).map((d) => damaged(SIDECAR_BYTES, d)) },
  { weight: 1, arbitrary: fc.jsonValue().map((j) => utf8(JSON.stringify(j))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map(utf8) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      utf8(''),
      utf8('\uFEFF' + SIDECAR_BYTES.toString('utf8')),
      Buffer.from('\uFEFF' + SIDECAR_BYTES.toString('utf8'), 'utf16le'),
      utf8('['.repeat(100_000) + ']'.repeat(100_000)),
      utf8('{"format":"parley-annotations","version":1,' + '"a":{'.repeat(5000) + '}'.repeat(5001)),
      utf8(SIDECAR_BYTES.toString('utf8').replace('"version": 1', '"version": 1e400')),
      utf8(SIDECAR_BYTES.toString('utf8').replace('"version": 1', '"version": 99')),
      ...TRICKY_KEYS.map((k) => utf8(SIDECAR_BYTES.toString('utf8').replace('{', `{"${k}": {"format": "x"},`))),
      ...TRICKY_KEYS.map((k) => utf8(SIDECAR_BYTES.toString('utf8').replace('"metadata": {', `"metadata": {"${k}": "x",`))),
    ),
  },
);

/** A sidecar that read returned is one the editor can rely on. */
function expectUsable(sidecar: Sidecar): void {
  expect(SidecarSchema.safeParse(sidecar).success).toBe(true);
  expect(checkSidecarReferences(sidecar)).toBeNull();
  // Nothing the file said reached a prototype.
  expect(Object.getPrototypeOf(sidecar)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(sidecar.metadata)).toBe(Object.prototype);
}

describe('SidecarFile.read on whatever the file holds', () => {
  it('returns a valid sidecar or throws ParleyError sidecar-invalid, and writes nothing', async () => {
    const dir = await tempDir('parley-fuzz-sidecar-');
    const path = join(dir, 'talk.txt.annotations.json');
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(sidecarFile, async (bytes) => {
        await writeFile(path, bytes);
        const before = await snapshot(dir);
        try {
          const read = await new SidecarFile(path).read();
          expect(read).not.toBeNull();
          if (read) expectUsable(read);
          valid++;
        } catch (e) {
          if (!isParleyError(e)) throw new Error(`read threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          expect(e.code).toBe('sidecar-invalid');
          expect(e.message).toMatch(/^"talk\.txt\.annotations\.json" .+\. Parley left it untouched; /s);
        }
        expect(await snapshot(dir)).toEqual(before);
        expect(({} as Record<string, unknown>).format).toBeUndefined();
      }),
      { numRuns: 500 },
    );
    // Some edits leave a valid sidecar (a changed text, a removed optional field): both roads are taken.
    expect(valid).toBeGreaterThan(0);
  });

  it('a read that leaves the annotations for later reaches the same verdict as reading the file whole', async () => {
    // Laid out as Parley writes (two-space indent, annotations last), so the deferred road is taken,
    // then edited or damaged anywhere: in the head, in the annotations, across the seam between them.
    const pretty = (json: Json) => utf8(`${JSON.stringify(json, null, 2)}\n`);
    const laidOut: fc.Arbitrary<Uint8Array> = fc.oneof(
      { weight: 3, arbitrary: fc.array(jsonEdit, { minLength: 1, maxLength: 5 }).map((edits) => pretty(edited(SIDECAR, edits))) },
      { weight: 3, arbitrary: fc.array(damage, { minLength: 1, maxLength: 3 }).map((d) => damaged(pretty(SIDECAR), d)) },
      { weight: 1, arbitrary: sidecarFile },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          pretty(SIDECAR),
          // Something after the annotations: still valid whole, so it must be valid read deferred too.
          utf8(new TextDecoder().decode(pretty(SIDECAR)).replace(/\n {2}\]\n\}\n$/, '\n  ], "later": [\n  ]\n}\n')),
          utf8(new TextDecoder().decode(pretty(SIDECAR)).replace(/\n\}\n$/, '\n}\u00a0\n')),
          utf8(new TextDecoder().decode(pretty(SIDECAR)).replace('"annotations": [', '"annotations": [1, ')),
          utf8(new TextDecoder().decode(pretty(SIDECAR)).replace('{\n', '{\n  "annotations": [],\n')),
        ),
      },
    );
    const dir = await tempDir('parley-fuzz-sidecar-');
    const path = join(dir, 'talk.txt.annotations.json');
    const outcome = async (read: () => Promise<Sidecar | null>) =>
      read().then(
        (sidecar) => ({ sidecar }),
        (e: unknown) => {
          if (!isParleyError(e)) throw e;
          return { code: e.code, message: e.message };
        },
      );
    let deferred = 0;
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(laidOut, async (bytes) => {
        await writeFile(path, bytes);
        const whole = await outcome(() => new SidecarFile(path).read());
        const later = await outcome(async () => {
          const file = new SidecarFile(path);
          const read = await file.readDeferred({ deferAnnotations: true });
          if (!read?.annotations) return read?.sidecar ?? null;
          deferred++;
          return { ...read.sidecar, annotations: file.annotationsFrom(read.annotations) };
        });
        expect(later).toEqual(whole);
        if ('sidecar' in whole) valid++;
      }),
      { numRuns: 400, seed: 20261126 },
    );
    // Both roads, and both verdicts, were taken.
    expect(deferred).toBeGreaterThan(100);
    expect(valid).toBeGreaterThan(20);
  });

  it('opening the transcript beside it never fails on its account, and writes nothing', async () => {
    const dir = await tempDir('parley-fuzz-sidecar-');
    const source = join(dir, FIXTURE_NAME);
    await writeFile(source, SOURCE_BYTES);
    const service = new DocumentService();
    await fc.assert(
      fc.asyncProperty(sidecarFile, async (bytes) => {
        await writeFile(`${source}.annotations.json`, bytes);
        const before = await snapshot(dir);
        const opened = await service.open(source);
        service.close(opened.docId);
        expect(TranscriptBodySchema.safeParse(opened.body).success).toBe(true);
        if (opened.problem?.kind === 'sidecar-invalid') {
          expect(opened.readOnly).toBe(true);
          expect(opened.problem.message).toContain(`${FIXTURE_NAME}.annotations.json`);
        }
        expect(await snapshot(dir)).toEqual(before);
      }),
      { numRuns: 200 },
    );
    expect(service.size).toBe(0);
  });
});
