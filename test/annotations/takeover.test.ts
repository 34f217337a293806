/**
 * "Edit here instead" (issue 14): a window that opened a file read-only because another window holds
 * it takes the file over. The caller's document becomes editable, read from disk as it is now; the
 * holder's turns read-only, says so in its status, and its saves are refused; a document read-only
 * for any other reason is never made editable this way. Real files throughout.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../../annotations/access.js';
import { createApiService } from '../../annotations/api-service.js';
import { DocumentService } from '../../annotations/document-service.js';
import { DiskStatusSchema, OpenResultSchema } from '../../shared/api.js';
import { isParleyError } from '../../shared/errors.js';
import type { TranscriptBody } from '../../shared/model.js';
import { KYIV, copyTranscript, tempDir } from './helpers.js';

const SIDECAR = `${KYIV}.annotations.json`;

/** The body with its first paragraph changed, as an editor's fix would. */
function edited(body: TranscriptBody, text: string): TranscriptBody {
  const [first, ...rest] = body.turns;
  if (!first) throw new Error('no turns');
  return { ...body, turns: [{ ...first, paragraphs: [text, ...first.paragraphs.slice(1)] }, ...rest] };
}

/** The ParleyError a call fails with (its code and message). */
async function refusal(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run;
  } catch (e) {
    if (isParleyError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a ParleyError');
}

describe('taking a file over from another window', () => {
  it('makes the caller editable with the file as on disk now, and the holder read-only: its saves are refused, the new one saves', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const a = await service.open(path, {}, { client: 'window-a' });
    await service.save(a.docId, edited(a.body, 'Saved by A.'));
    const b = await service.open(path, {}, { client: 'window-b' });
    expect(b.problem?.kind).toBe('open-elsewhere');
    expect(b.problem?.message).toMatch(/Edit here instead/);
    expect((await service.status(a.docId)).takenOver).toBe(false);

    const taken = await service.takeOver(b.docId);
    expect(taken.readOnly).toBe(false);
    expect(taken.problem).toBeNull();
    expect(taken.docId).not.toBe(b.docId);
    // What A had saved, read afresh.
    expect(taken.body.turns[0]?.paragraphs[0]).toBe('Saved by A.');
    // The old id is closed; A's document stays open, read-only, and its status says why.
    expect((await refusal(service.status(b.docId))).code).toBe('not-found');
    expect(service.size).toBe(2);
    expect(await service.status(a.docId)).toEqual({ sidecarChanged: false, sourceMissing: false, sourceChanged: false, takenOver: true });

    const refused = await refusal(service.save(a.docId, edited(a.body, 'A, too late.')));
    expect(refused.code).toBe('read-only');
    expect(refused.message).toMatch(/now being edited in another Parley window/);
    expect((await refusal(service.saveDraft(a.docId, a.body))).code).toBe('read-only');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('Saved by A.');

    await service.save(taken.docId, edited(taken.body, 'Saved by B.'));
    const onDisk = await readFile(join(dir, SIDECAR), 'utf8');
    expect(onDisk).toContain('Saved by B.');
    expect(onDisk).not.toContain('A, too late.');
    // The taken-over document notices B's save as a change on disk too, and still cannot write.
    expect(await service.status(a.docId)).toMatchObject({ sidecarChanged: true, takenOver: true });
    expect((await refusal(service.save(a.docId, a.body, { force: true }))).code).toBe('read-only');

    // A reopening the file (a reload) gets it read-only: B holds it now.
    const reloaded = await service.open(path, {}, { client: 'window-a' });
    expect(reloaded.problem?.kind).toBe('open-elsewhere');
  });

  it('can be taken back: the window that lost the file takes it over in turn', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const a = await service.open(path, {}, { client: 'window-a' });
    const b = await service.open(path, {}, { client: 'window-b' });
    const bTaken = await service.takeOver(b.docId);
    await service.save(bTaken.docId, edited(bTaken.body, 'B was here.'));

    const aBack = await service.takeOver(a.docId);
    expect(aBack.readOnly).toBe(false);
    expect(aBack.body.turns[0]?.paragraphs[0]).toBe('B was here.');
    expect((await service.status(bTaken.docId)).takenOver).toBe(true);
    expect((await refusal(service.save(bTaken.docId, bTaken.body))).code).toBe('read-only');
    await service.save(aBack.docId, edited(aBack.body, 'A again.'));
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('A again.');
  });

  it('is harmless on a file nobody else holds: the file is only opened again', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const alone = await service.open(path, {}, { client: 'window-a' });
    await service.save(alone.docId, edited(alone.body, 'Only me.'));
    const again = await service.takeOver(alone.docId);
    expect(again.readOnly).toBe(false);
    expect(again.problem).toBeNull();
    expect(again.body.turns[0]?.paragraphs[0]).toBe('Only me.');
    expect(service.size).toBe(1);
    expect((await service.status(again.docId)).takenOver).toBe(false);
    await service.save(again.docId, edited(again.body, 'Still only me.'));

    // A holder that closed meanwhile: the read-only window takes the free file.
    const holder = await service.open(path, {}, { client: 'window-b', deferAnnotations: true });
    const reader = await service.open(path, {}, { client: 'window-c' });
    expect(reader.readOnly).toBe(true);
    service.close(holder.docId);
    service.close(again.docId);
    const free = await service.takeOver(reader.docId);
    expect(free.readOnly).toBe(false);
    expect(free.body.turns[0]?.paragraphs[0]).toBe('Still only me.');
    expect(service.size).toBe(1);
  });

  it('leaves documents that hold nothing alone: a released window, and one without a window (the CLI)', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const cli = await service.open(path);
    const closing = await service.open(path, {}, { client: 'window-a' });
    service.release(closing.docId);
    const b = await service.open(path, {}, { client: 'window-b' });
    expect(b.readOnly).toBe(false);
    const c = await service.open(path, {}, { client: 'window-c' });
    await service.takeOver(c.docId);
    expect((await service.status(b.docId)).takenOver).toBe(true);
    expect((await service.status(cli.docId)).takenOver).toBe(false);
    expect((await service.status(closing.docId)).takenOver).toBe(false);
    // The last save of a closing tab still lands (and anyone who read before it sees a conflict).
    await service.save(closing.docId, edited(closing.body, 'The last save of a closing tab.'));
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('The last save of a closing tab.');
  });
});

describe('taking over is refused for a document read-only for another reason', () => {
  it('an unreadable annotations file never becomes editable, and is left exactly as it is', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const torn = '{"format": "parley-annotations", "version": 1, "turns": ';
    await writeFile(join(dir, SIDECAR), torn);
    const service = new DocumentService();
    const opened = await service.open(path, {}, { client: 'window-a' });
    expect(opened.problem?.kind).toBe('sidecar-invalid');

    const refused = await refusal(service.takeOver(opened.docId));
    expect(refused.code).toBe('read-only');
    expect(refused.message).toMatch(/not because another window is editing it/);
    // Still open, still read-only; nothing written.
    expect((await refusal(service.save(opened.docId, opened.body))).code).toBe('read-only');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(torn);
  });

  it('annotations that turn out unreadable only after the open: refused too', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const first = await service.open(path, {}, { client: 'window-a' });
    await service.save(first.docId, first.body);
    service.close(first.docId);
    const text = await readFile(join(dir, SIDECAR), 'utf8');
    // Valid JSON, but an annotation the format does not allow: found only when they are read.
    const broken = text.replace(/\n\}\n$/, ',\n  "annotations": [\n    {\n      "id": "no-kind"\n    }\n  ]\n}\n');
    expect(broken).not.toBe(text);
    await writeFile(join(dir, SIDECAR), broken);
    const holder = await service.open(path, {}, { client: 'window-b', deferAnnotations: true });
    const deferred = await service.open(path, {}, { client: 'window-c', deferAnnotations: true });
    expect(deferred.problem?.kind).toBe('open-elsewhere');
    expect(() => service.annotationsOf(deferred.docId)).toThrow(/annotations/);
    expect((await refusal(service.takeOver(deferred.docId))).code).toBe('read-only');
    expect((await service.status(holder.docId)).takenOver).toBe(false);
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(broken);
  });

  it('a sidecar that became unreadable since: the taker gets it read-only, and the holder keeps the file', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const a = await service.open(path, {}, { client: 'window-a' });
    await service.save(a.docId, a.body);
    const b = await service.open(path, {}, { client: 'window-b' });
    await writeFile(join(dir, SIDECAR), '{ torn');
    const taken = await service.takeOver(b.docId);
    expect(taken.readOnly).toBe(true);
    expect(taken.problem?.kind).toBe('sidecar-invalid');
    expect((await service.status(a.docId)).takenOver).toBe(false);
    // And that read-only document cannot be taken over either.
    expect((await refusal(service.takeOver(taken.docId))).code).toBe('read-only');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe('{ torn');
  });
});

describe('takeOver through the API', () => {
  it('answers a contract OpenResult keeping the file id, closes the old id, and status reports takenOver', async () => {
    const root = await tempDir();
    await copyTranscript(root);
    const policy = await AccessPolicy.create({ roots: [root] });
    const api = createApiService({ policy, service: new DocumentService(), uploadDir: join(await tempDir(), 'uploads') });
    const [file] = (await api.dispatch('listFiles', {})) as Array<{ id: string }>;
    const a = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: file!.id, client: 'window-a' }));
    const b = OpenResultSchema.parse(await api.dispatch('openFile', { fileId: file!.id, client: 'window-b' }));
    expect(b.readOnly).toBe(true);

    const taken = OpenResultSchema.parse(await api.dispatch('takeOver', { docId: b.docId }));
    expect(taken.readOnly).toBe(false);
    expect(taken.fileId).toBe(a.fileId);
    await expect(api.dispatch('status', { docId: b.docId })).rejects.toMatchObject({ code: 'not-found' });
    expect(DiskStatusSchema.parse(await api.dispatch('status', { docId: a.docId })).takenOver).toBe(true);
    await expect(api.dispatch('save', { docId: a.docId, body: a.body })).rejects.toMatchObject({ code: 'read-only' });
    await api.dispatch('save', { docId: taken.docId, body: taken.body });
    await expect(api.dispatch('takeOver', {})).rejects.toMatchObject({ code: 'bad-request' });
  });
});
