import { readdirSync } from 'node:fs';
import { appendFile, mkdir, open as openFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentService } from '../../annotations/document-service.js';
import { MAX_SOURCE_BYTES } from '../../shared/import/index.js';
import type { Annotation } from '../../shared/annotation.js';
import { makeTarget } from '../../shared/anchoring/target.js';
import { workingText } from '../../shared/anchoring/working-text.js';
import { SidecarSchema } from '../../shared/sidecar.js';
import { KYIV, TRANSCRIPTS, copyTranscript, listing, tempDir } from './helpers.js';

const SIDECAR = `${KYIV}.annotations.json`;
const fixedClock = () => new Date('2025-01-02T03:04:05.678Z');

/** A topic tag on the first occurrence of `quote` in the working text. */
function annotationOn(text: string, quote: string, id: string): Annotation {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return {
    id,
    kind: 'topic',
    target: makeTarget(text, start, start + quote.length),
    detached: false,
    topics: [],
    note: '',
    claim: null,
    created: '2025-01-01T00:00:00.000Z',
    modified: '2025-01-01T00:00:00.000Z',
  };
}

describe('DocumentService', () => {
  it('(a) imports a file without a sidecar, writable, and writes nothing on open', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const opened = await new DocumentService().open(path);
    expect(opened).toMatchObject({
      fileName: KYIV,
      sidecarName: SIDECAR,
      readOnly: false,
      problem: null,
      fromSidecar: false,
      savedAt: null,
    });
    expect(opened.body.turns.length).toBeGreaterThan(0);
    expect(typeof opened.convention).toBe('string');
    expect(await listing(dir)).toEqual([KYIV]);
  });

  it('(b) saves and reopens from the sidecar: the body deep-equals what was saved', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ now: fixedClock });
    const opened = await service.open(path);
    const body = structuredClone(opened.body);
    body.metadata.note = 'checked';
    if (body.speakers[0]) body.speakers[0].name = 'Renamed Speaker';
    const saved = await service.save(opened.docId, body);
    expect(saved.savedAt).toBe('2025-01-02T03:04:05.678Z');
    const text = await readFile(join(dir, SIDECAR), 'utf8');
    expect(saved.bytes).toBe(Buffer.byteLength(text));
    const sidecar = SidecarSchema.parse(JSON.parse(text));
    expect(sidecar.source).toMatchObject({ name: KYIV, bytes: (await readFile(path)).length, convention: opened.convention });

    const again = await new DocumentService().open(path);
    expect(again).toMatchObject({ fromSidecar: true, readOnly: false, problem: null, savedAt: saved.savedAt });
    expect(again.body).toEqual(body);
    expect(await listing(dir)).toEqual([KYIV, SIDECAR]);
  });

  it('keeps the annotations when a body without them is saved, whether the open read them or left them for later', async () => {
    for (const deferAnnotations of [false, true]) {
      const dir = await tempDir();
      const path = await copyTranscript(dir);
      const service = new DocumentService({ now: fixedClock });
      const opened = await service.open(path);
      const text = workingText(opened.body.turns).text;
      const annotations = [annotationOn(text, 'Patriot batteries', 'p1')];
      await service.save(opened.docId, { ...opened.body, annotations });
      service.close(opened.docId);

      const again = await service.open(path, {}, { deferAnnotations });
      const textOnly = { ...again.body, metadata: { ...again.body.metadata, note: 'text only' } };
      delete textOnly.annotations;
      await service.save(again.docId, textOnly);
      const sidecar = SidecarSchema.parse(JSON.parse(await readFile(join(dir, SIDECAR), 'utf8')));
      expect(sidecar.metadata.note).toBe('text only');
      expect(sidecar.annotations).toEqual(annotations);
    }
  });

  it('never changes the source bytes, through open, save, change detection and re-import', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const before = await readFile(path);
    const opened = await service.open(path);
    await service.save(opened.docId, opened.body);
    await service.save(opened.docId, opened.body);
    expect((await readFile(path)).equals(before)).toBe(true);
    await appendFile(path, '\nMark Rutte: One more thing.\n');
    const changed = await readFile(path);
    const stale = await service.open(path);
    await service.reimport(stale.docId);
    expect((await readFile(path)).equals(changed)).toBe(true);
  });

  it('(c) opens the source read-only beside an invalid sidecar, and never touches that sidecar', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    await writeFile(join(dir, SIDECAR), '{"format": "parley-annotations", "version": 1, ');
    const before = await readFile(join(dir, SIDECAR));
    const service = new DocumentService();
    const opened = await service.open(path);
    expect(opened.readOnly).toBe(true);
    expect(opened.fromSidecar).toBe(false);
    expect(opened.problem?.kind).toBe('sidecar-invalid');
    expect(opened.problem?.message).toContain(`"${SIDECAR}" is not valid JSON`);
    expect(opened.body.turns.length).toBeGreaterThan(0);
    await expect(service.save(opened.docId, opened.body)).rejects.toMatchObject({ code: 'read-only' });
    service.close(opened.docId);
    expect((await readFile(join(dir, SIDECAR))).equals(before)).toBe(true);
    expect(await listing(dir)).toEqual([KYIV, SIDECAR]);
  });

  it('(d) re-anchors the saved work onto a changed source, writable; the first save keeps the old sidecar as a backup', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ now: fixedClock });
    const first = await service.open(path);
    const corrected = structuredClone(first.body);
    corrected.metadata.corrected = 'yes';
    // The first turn has no label in the source: the editor attributes it.
    const unlabelled = corrected.turns[0];
    if (!unlabelled) throw new Error('no turns');
    unlabelled.speaker = 'mark-rutte';
    corrected.history.push({ turn: unlabelled.id, from: null, to: 'mark-rutte', at: '2025-01-01T00:00:00.000Z' });
    const text = workingText(corrected.turns).text;
    const quotes = ['warm welcome amidst the winter cold', 'Patriot batteries'];
    corrected.annotations = quotes.map((q, i) => annotationOn(text, q, `a${i + 1}`));
    await service.save(first.docId, corrected);
    const savedBytes = await readFile(join(dir, SIDECAR));

    await appendFile(path, '\nMark Rutte: One more thing.\n');
    const changed = await service.open(path);
    expect(changed).toMatchObject({ readOnly: false, fromSidecar: true, problem: { kind: 'source-changed' } });
    expect(changed.problem?.message).toBe(
      'The source changed since the annotations were saved; Parley re-anchored them: 2 exact, 0 moved, 0 fuzzy, ' +
        '0 detached (kept, listed as detached). The text now follows the new source, which differs from the saved ' +
        'text in 1 place. The first save keeps the previous annotations file as a backup beside it.',
    );
    expect(changed.body.metadata.corrected).toBe('yes');
    expect(changed.body.turns[0]?.speaker).toBe('mark-rutte');
    // The importer reads the added line into the last paragraph; the turn keeps its speaker.
    expect(changed.body.turns.at(-1)?.speaker).toBe(corrected.turns.at(-1)?.speaker);
    const newText = workingText(changed.body.turns).text;
    expect(newText).toBe(`${text} Mark Rutte: One more thing.`);
    for (const [i, a] of (changed.body.annotations ?? []).entries()) {
      expect(a.detached).toBe(false);
      expect(newText.slice(a.target.start, a.target.end)).toBe(quotes[i]);
    }
    // Opening wrote nothing.
    expect(await listing(dir)).toEqual([KYIV, SIDECAR]);
    expect((await readFile(join(dir, SIDECAR))).equals(savedBytes)).toBe(true);

    // The first save copies the old sidecar aside, then writes the new one (for the new source).
    await service.save(changed.docId, changed.body);
    const backup = `${KYIV}.annotations.2025-01-02T03-04-05-678Z.bak.json`;
    // Beside it, every save that replaces a valid sidecar keeps that one as `<sidecar>.bak`.
    expect(await listing(dir)).toEqual([KYIV, backup, SIDECAR, `${SIDECAR}.bak`]);
    expect((await readFile(join(dir, backup))).equals(savedBytes)).toBe(true);
    expect((await readFile(join(dir, `${SIDECAR}.bak`))).equals(savedBytes)).toBe(true);
    await service.save(changed.docId, changed.body);
    expect(await listing(dir)).toEqual([KYIV, backup, SIDECAR, `${SIDECAR}.bak`]);
    const again = await new DocumentService().open(path);
    expect(again).toMatchObject({ fromSidecar: true, readOnly: false, problem: null });
    expect(again.body).toEqual(changed.body);
  });

  it('(d) shows the saved work read-only when the changed source cannot be read', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ now: fixedClock });
    const first = await service.open(path);
    await service.save(first.docId, first.body);
    const savedBytes = await readFile(join(dir, SIDECAR));
    await writeFile(path, '');
    const stale = await service.open(path);
    expect(stale).toMatchObject({ readOnly: true, fromSidecar: true, problem: { kind: 'source-changed' } });
    expect(stale.problem?.message).toMatch(/could not carry them onto the new text .*read-only/);
    expect(stale.body).toEqual(first.body);
    await expect(service.save(stale.docId, stale.body)).rejects.toMatchObject({ code: 'read-only' });
    expect((await readFile(join(dir, SIDECAR))).equals(savedBytes)).toBe(true);
  });

  it('(d) two saves at once after re-anchoring make one backup', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ now: fixedClock });
    const first = await service.open(path);
    await service.save(first.docId, first.body);
    await appendFile(path, '\nMark Rutte: One more thing.\n');
    const changed = await service.open(path);
    await Promise.all([service.save(changed.docId, changed.body), service.save(changed.docId, changed.body)]);
    expect(await listing(dir)).toEqual([
      KYIV,
      `${KYIV}.annotations.2025-01-02T03-04-05-678Z.bak.json`,
      SIDECAR,
      `${SIDECAR}.bak`,
    ]);
  });

  it('(d) re-import after a source change keeps the sidecar as a backup and starts afresh', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ now: fixedClock });
    const first = await service.open(path);
    const corrected = structuredClone(first.body);
    corrected.metadata.corrected = 'yes';
    await service.save(first.docId, corrected);
    const savedBytes = await readFile(join(dir, SIDECAR));

    await appendFile(path, '\nMark Rutte: One more thing.\n');
    const changed = await service.open(path);
    const fresh = await service.reimport(changed.docId);
    expect(fresh).toMatchObject({ readOnly: false, fromSidecar: false, problem: null });
    expect(fresh.body.metadata.corrected).toBeUndefined();
    const backup = `${KYIV}.annotations.2025-01-02T03-04-05-678Z.bak.json`;
    expect(await listing(dir)).toEqual([KYIV, backup]);
    expect((await readFile(join(dir, backup))).equals(savedBytes)).toBe(true);
    // The old id is closed; the new one saves.
    await expect(service.save(changed.docId, fresh.body)).rejects.toMatchObject({ code: 'not-found' });
    await service.save(fresh.docId, fresh.body);
    expect(await listing(dir)).toEqual([KYIV, backup, SIDECAR]);

    // A second re-import in the same millisecond does not overwrite the first backup.
    const second = await service.reimport(fresh.docId);
    expect(await listing(dir)).toEqual([KYIV, backup, backup.replace('.bak.json', '-2.bak.json')].sort());
    service.close(second.docId);
    service.close(first.docId);
    expect(service.size).toBe(0);
  });

  it('refuses a missing file, a folder, a sidecar and an oversized file with clear errors', async () => {
    const dir = await tempDir();
    const service = new DocumentService();
    await expect(service.open(join(dir, 'missing.txt'))).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/^No file at .*missing\.txt; check the path\.$/),
    });
    await mkdir(join(dir, 'folder.txt'));
    await expect(service.open(join(dir, 'folder.txt'))).rejects.toMatchObject({ code: 'not-a-file' });
    await writeFile(join(dir, 'x.txt.annotations.json'), '{}');
    await expect(service.open(join(dir, 'x.txt.annotations.json'))).rejects.toMatchObject({ code: 'bad-request' });
    // A sparse file: large on paper, cheap on disk.
    const big = await openFile(join(dir, 'big.txt'), 'w');
    await big.truncate(MAX_SOURCE_BYTES + 1);
    await big.close();
    await expect(service.open(join(dir, 'big.txt'))).rejects.toMatchObject({ code: 'too-large' });
    expect(service.size).toBe(0);
  });

  it("passes on the importer's refusal of an empty file", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'empty.txt'), '');
    await expect(new DocumentService().open(join(dir, 'empty.txt'))).rejects.toMatchObject({ code: 'empty' });
  });

  it('refuses to save a body that does not fit the format, and writes nothing', async () => {
    const dir = await tempDir();
    const service = new DocumentService();
    const opened = await service.open(await copyTranscript(dir));
    const orphaned = { ...opened.body, speakers: [] };
    await expect(service.save(opened.docId, orphaned)).rejects.toMatchObject({ code: 'bad-request' });
    const empty = { ...opened.body, turns: [{ id: 't', speaker: null, label: null, paragraphs: [] }] };
    await expect(service.save(opened.docId, empty)).rejects.toMatchObject({ code: 'bad-request' });
    expect(await listing(dir)).toEqual([KYIV]);
  });

  it('refuses to save a closed document', async () => {
    const dir = await tempDir();
    const service = new DocumentService();
    const opened = await service.open(await copyTranscript(dir));
    service.close(opened.docId);
    await expect(service.save(opened.docId, opened.body)).rejects.toMatchObject({ code: 'not-found' });
    expect(await listing(dir)).toEqual([KYIV]);
  });

  const transcripts = readdirSync(TRANSCRIPTS).filter((n) => n !== 'README.md');
  it.each(transcripts)('round-trips the shared transcript %s through its sidecar', async (name) => {
    const dir = await tempDir();
    const path = await copyTranscript(dir, name);
    const service = new DocumentService();
    const opened = await service.open(path);
    await service.save(opened.docId, opened.body);
    const again = await service.open(path);
    expect(again.fromSidecar).toBe(true);
    expect(again.body).toEqual(opened.body);
    expect(again.convention).toBe(opened.convention);
    expect(again.confidence).toBe(opened.confidence);
  });
});
