/**
 * Concurrent changes and unsaved work (issue 6): another program writing the sidecar, two windows on
 * one file, a source that goes away, drafts of work that could not be saved, and a corrupt sidecar
 * whose `.bak` is restored. Real files throughout.
 */
import { copyFile, readFile, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentService } from '../../annotations/document-service.js';
import { isParleyError } from '../../shared/errors.js';
import type { TranscriptBody } from '../../shared/model.js';
import { SidecarSchema } from '../../shared/sidecar.js';
import { KYIV, copyTranscript, listing, tempDir } from './helpers.js';
import { sparseFile } from '../fuzz/helpers.js';

const SIDECAR = `${KYIV}.annotations.json`;

/** The body with its first paragraph changed, as an editor's fix would. */
function edited(body: TranscriptBody, text: string): TranscriptBody {
  const [first, ...rest] = body.turns;
  if (!first) throw new Error('no turns');
  return { ...body, turns: [{ ...first, paragraphs: [text, ...first.paragraphs.slice(1)] }, ...rest] };
}

/**
 * Once the clock reads later than `moment`: the service compares Date.now() with the moment it
 * recorded, so a grace time of 0 has passed once the millisecond has changed, which this waits for
 * rather than sleeping a guessed while.
 */
async function clockPasses(moment: number): Promise<void> {
  while (Date.now() <= moment) await new Promise((r) => setImmediate(r));
}

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    if (isParleyError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a ParleyError');
}

describe('a sidecar changed on disk while open', () => {
  it('is reported, is never saved over silently, and is replaced only when the user keeps theirs', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    await service.save(doc.docId, edited(doc.body, 'Mine, first.'));
    expect(await service.status(doc.docId)).toEqual({ sidecarChanged: false, sourceMissing: false, sourceChanged: false, takenOver: false });

    // A colleague's copy arrives through a sync client.
    const theirs = await readFile(join(dir, SIDECAR), 'utf8');
    const colleague = theirs.replace('Mine, first.', 'Theirs.');
    await writeFile(join(dir, SIDECAR), colleague);
    expect((await service.status(doc.docId)).sidecarChanged).toBe(true);

    expect(await codeOf(service.save(doc.docId, edited(doc.body, 'Mine, second.')))).toBe('conflict');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(colleague);

    // "Keep mine".
    await service.save(doc.docId, edited(doc.body, 'Mine, second.'), { force: true });
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('Mine, second.');
    expect((await service.status(doc.docId)).sidecarChanged).toBe(false);
  });

  it('a touch that leaves the bytes as they were is not a change', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    await service.save(doc.docId, doc.body);
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, SIDECAR), later, later);
    expect((await service.status(doc.docId)).sidecarChanged).toBe(false);
    await service.save(doc.docId, edited(doc.body, 'Still mine.'));
  });

  it('a sidecar that appears after a fresh import (another window saved first) is a change too', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const a = new DocumentService();
    const b = new DocumentService();
    const first = await a.open(path);
    const second = await b.open(path);
    await b.save(second.docId, edited(second.body, 'From the other process.'));
    expect((await a.status(first.docId)).sidecarChanged).toBe(true);
    expect(await codeOf(a.save(first.docId, first.body))).toBe('conflict');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('From the other process.');
  });
});

describe('two windows on one file', () => {
  it('the second opens read-only and says why; the same window reloading gets it back writable', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const first = await service.open(path, {}, { client: 'window-a' });
    expect(first.readOnly).toBe(false);

    const second = await service.open(path, {}, { client: 'window-b' });
    expect(second.readOnly).toBe(true);
    expect(second.problem?.kind).toBe('open-elsewhere');
    expect(second.problem?.message).toMatch(/already open for editing in another Parley window/);
    expect(await codeOf(service.save(second.docId, second.body))).toBe('read-only');

    const reloaded = await service.open(path, {}, { client: 'window-a' });
    expect(reloaded.readOnly).toBe(false);
    // The old document no longer holds the file but stays open (a duplicated tab may still be using
    // it): once the new one has saved, a save from the old one is a conflict, not a silent overwrite.
    await service.save(reloaded.docId, edited(reloaded.body, 'From the reloaded page.'));
    expect(await codeOf(service.save(first.docId, edited(first.body, 'From the old page.')))).toBe('conflict');
    expect(service.size).toBe(3);
  });

  it('closes a released document once its grace time has passed, at the next open', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ releasedGraceMs: 0 });
    const first = await service.open(path, {}, { client: 'window-a' });
    service.release(first.docId);
    await clockPasses(Date.now());
    await service.open(path, {}, { client: 'window-b' });
    expect(await codeOf(service.status(first.docId))).toBe('not-found');
    expect(service.size).toBe(1);
  });

  it('a window that has gone silent (closed without saying so) does not hold the file', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ staleAfterMs: 0 });
    await service.open(path, {}, { client: 'window-a' });
    await clockPasses(Date.now());
    expect((await service.open(path, {}, { client: 'window-b' })).readOnly).toBe(false);
  });
});

describe('the source moved or deleted while open', () => {
  it('is reported; the work stays open and can still be saved', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    await rename(path, join(dir, 'moved.txt'));
    expect(await service.status(doc.docId)).toMatchObject({ sourceMissing: true, sidecarChanged: false });
    await service.save(doc.docId, edited(doc.body, 'Saved after the source went.'));
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('Saved after the source went.');
  });

  it('a source rewritten in place is reported as changed', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    await writeFile(path, (await readFile(path, 'utf8')).replace('NATO', 'N.A.T.O.'));
    expect(await service.status(doc.docId)).toMatchObject({ sourceMissing: false, sourceChanged: true });
  });
});

describe('drafts of unsaved work', () => {
  it('are kept outside the folder, offered on the next open, restored, and removed by a save', async () => {
    const dir = await tempDir();
    const drafts = await tempDir('parley-drafts-');
    const path = await copyTranscript(dir);
    const service = new DocumentService({ draftsDir: drafts });
    const doc = await service.open(path);
    expect(doc.draft).toBeNull();
    const work = edited(doc.body, 'Work that could not be saved.');
    const { savedAt } = await service.saveDraft(doc.docId, work);
    // Nothing beside the transcript: the draft lives in the app's folder.
    expect(await listing(dir)).toEqual([KYIV]);
    expect(await readdir(drafts)).toHaveLength(1);

    // The app crashed: a new process opens the file again.
    const next = new DocumentService({ draftsDir: drafts });
    const again = await next.open(path);
    expect(again.draft).toEqual({ savedAt });
    expect(again.body.turns[0]?.paragraphs[0]).not.toBe('Work that could not be saved.');

    const restored = await next.restoreDraft(again.docId);
    expect(restored.unsaved).toBe(true);
    expect(restored.draft).toBeNull();
    expect(restored.body.turns[0]?.paragraphs[0]).toBe('Work that could not be saved.');
    // Restoring writes nothing; the draft stays until the work is saved.
    expect(await listing(dir)).toEqual([KYIV]);
    expect(await readdir(drafts)).toHaveLength(1);

    await next.save(restored.docId, restored.body);
    expect(await readdir(drafts)).toHaveLength(0);
    expect((await new DocumentService({ draftsDir: drafts }).open(path)).draft).toBeNull();
  });

  it('can be discarded, and are refused where there is no drafts folder or the document is read-only', async () => {
    const dir = await tempDir();
    const drafts = await tempDir('parley-drafts-');
    const path = await copyTranscript(dir);
    const service = new DocumentService({ draftsDir: drafts });
    const doc = await service.open(path, {}, { client: 'a' });
    await service.saveDraft(doc.docId, doc.body);
    await service.discardDraft(doc.docId);
    expect(await readdir(drafts)).toHaveLength(0);

    const other = await service.open(path, {}, { client: 'b' });
    expect(await codeOf(service.saveDraft(other.docId, other.body))).toBe('read-only');
    const plain = new DocumentService();
    const opened = await plain.open(path);
    expect(await codeOf(plain.saveDraft(opened.docId, opened.body))).toBe('bad-request');
  });
});

describe('a corrupt sidecar with a good .bak', () => {
  it('offers the backup; restoring keeps the corrupt file and opens the backup writable', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    await service.save(doc.docId, edited(doc.body, 'The last good save.'));
    service.close(doc.docId);
    await copyFile(join(dir, SIDECAR), join(dir, `${SIDECAR}.bak`));
    const torn = '{"format":"parley-annotations","vers';
    await writeFile(join(dir, SIDECAR), torn);

    const opened = await service.open(path);
    expect(opened.readOnly).toBe(true);
    expect(opened.problem?.kind).toBe('sidecar-invalid');
    expect(opened.backup?.savedAt).toMatch(/^\d{4}-/);

    const restored = await service.restoreBackup(opened.docId);
    expect(restored.readOnly).toBe(false);
    expect(restored.problem).toBeNull();
    expect(restored.body.turns[0]?.paragraphs[0]).toBe('The last good save.');
    const names = await listing(dir);
    const corrupt = names.find((n) => n.endsWith('.corrupt'));
    expect(corrupt).toBeDefined();
    expect(await readFile(join(dir, corrupt ?? ''), 'utf8')).toBe(torn);
    expect(SidecarSchema.safeParse(JSON.parse(await readFile(join(dir, SIDECAR), 'utf8'))).success).toBe(true);
  });

  it('offers nothing when the .bak is missing or unreadable too', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    await writeFile(join(dir, SIDECAR), 'not json');
    await writeFile(join(dir, `${SIDECAR}.bak`), 'not json either');
    const service = new DocumentService();
    const opened = await service.open(path);
    expect(opened.backup).toBeNull();
    expect(await codeOf(service.restoreBackup(opened.docId))).toBe('not-found');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe('not json');
  });
});

describe('annotations left unread by the open (deferAnnotations)', () => {
  /** A saved sidecar with one annotation, its text then broken by `damage`. */
  async function damagedSidecar(damage: (text: string) => string) {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    const annotation = {
      id: 'n1',
      kind: 'note' as const,
      target: { start: 0, end: 5, exact: '', prefix: '', suffix: '' },
      detached: false,
      topics: [],
      note: 'Kept.',
      claim: null,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
    };
    await service.save(doc.docId, { ...edited(doc.body, 'The last good save.'), annotations: [annotation] });
    service.close(doc.docId);
    const good = await readFile(join(dir, SIDECAR), 'utf8');
    const bad = damage(good);
    expect(bad).not.toBe(good);
    await writeFile(join(dir, SIDECAR), bad);
    return { dir, path, service, annotation, bad };
  }

  it('are handed over intact when valid', async () => {
    const { path, service, annotation } = await damagedSidecar((text) => text.replace('"Kept."', '"Kept, still."'));
    const opened = await service.open(path, {}, { deferAnnotations: true });
    expect(opened.readOnly).toBe(false);
    expect(service.annotationsOf(opened.docId)).toEqual([{ ...annotation, note: 'Kept, still.' }]);
  });

  it('after a save, are the ones saved, not the ones first read', async () => {
    const { path, service, annotation } = await damagedSidecar((text) => text.replace('"Kept."', '"Kept, still."'));
    const opened = await service.open(path, {}, { deferAnnotations: true });
    expect(service.annotationsOf(opened.docId)[0]?.note).toBe('Kept, still.');
    await service.save(opened.docId, { ...opened.body, annotations: [{ ...annotation, note: 'Changed here.' }] });
    expect(service.annotationsOf(opened.docId)).toEqual([{ ...annotation, note: 'Changed here.' }]);
  });

  it('that turn out invalid make the document read-only, are never saved over, and the next open says why', async () => {
    // Valid JSON and a valid head: only the annotation itself is wrong.
    const { dir, path, service, bad } = await damagedSidecar((text) => text.replace('"kind": "note"', '"kind": "scribble"'));
    const opened = await service.open(path, {}, { deferAnnotations: true, client: 'w1' });
    // The open did not read them: it cannot know yet.
    expect(opened.readOnly).toBe(false);
    let thrown: unknown;
    try {
      service.annotationsOf(opened.docId);
    } catch (e) {
      thrown = e;
    }
    expect(isParleyError(thrown) && thrown.code).toBe('sidecar-invalid');
    expect(String((thrown as Error).message)).toMatch(/annotations\.0\.kind/);
    // Asked again, they are refused again: never handed over as none.
    expect(() => service.annotationsOf(opened.docId)).toThrow(/annotations\.0\.kind/);
    expect(await codeOf(service.save(opened.docId, edited(opened.body, 'Over it.')))).toBe('read-only');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(bad);

    // The same window opens it again: now it is unreadable from the start, deferred or not.
    const again = await service.open(path, {}, { deferAnnotations: true, client: 'w1' });
    expect(again.readOnly).toBe(true);
    expect(again.problem?.kind).toBe('sidecar-invalid');
    expect(again.problem?.message).toMatch(/annotations\.0\.kind/);
  });

  it('tell a change by someone else from none, though the open left the hash of what it read for later', async () => {
    const { dir, path, service, annotation } = await damagedSidecar((text) => text.replace('"Kept."', '"Kept, still."'));
    // Unchanged since the open: no change reported, and a save goes through.
    const quiet = await service.open(path, {}, { deferAnnotations: true });
    expect(await service.status(quiet.docId)).toMatchObject({ sidecarChanged: false });
    // Touched, its bytes as they were: the file is hashed afresh and must match the hash of what was read.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, SIDECAR), later, later);
    expect(await service.status(quiet.docId)).toMatchObject({ sidecarChanged: false });
    await service.save(quiet.docId, { ...edited(quiet.body, 'Saved without asking for the annotations.'), annotations: [annotation] });
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toContain('Saved without asking for the annotations.');
    service.close(quiet.docId);

    // Changed by someone else before anything asked for the hash: the hash is of the bytes the
    // open read, so the change is seen, and no save writes over it.
    const opened = await service.open(path, {}, { deferAnnotations: true });
    const theirs = (await readFile(join(dir, SIDECAR), 'utf8')).replace('Saved without asking', 'Changed by someone else');
    await writeFile(join(dir, SIDECAR), theirs);
    expect(await service.status(opened.docId)).toMatchObject({ sidecarChanged: true });
    expect(await codeOf(service.save(opened.docId, edited(opened.body, 'Mine.')))).toBe('conflict');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(theirs);

    // The same, with the annotations fetched (which computes the hash) after the change.
    const again = await service.open(path, {}, { deferAnnotations: true });
    const third = theirs.replace('Changed by someone else', 'Changed once more');
    await writeFile(join(dir, SIDECAR), third);
    expect(service.annotationsOf(again.docId)).toHaveLength(1);
    expect(await codeOf(service.save(again.docId, edited(again.body, 'Mine.')))).toBe('conflict');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(third);
  });

  it('a save before they were asked for reads them first, and refuses when they are invalid', async () => {
    const { dir, path, service, bad } = await damagedSidecar((text) => text.replace('"note": "Kept."', '"note": 7'));
    const opened = await service.open(path, {}, { deferAnnotations: true });
    expect(await codeOf(service.save(opened.docId, edited(opened.body, 'Over it.')))).toBe('sidecar-invalid');
    expect(await readFile(join(dir, SIDECAR), 'utf8')).toBe(bad);
  });
});

describe('an annotations file too large to be one', () => {
  it('is refused before it is read: the transcript opens read-only, saying why, and nothing is written', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    // Sparse: 300 MB on paper, nothing on disk.
    const size = 300 * 1024 * 1024;
    await sparseFile(join(dir, SIDECAR), size);
    const before = await listing(dir);
    const service = new DocumentService();
    for (const deferAnnotations of [false, true]) {
      const opened = await service.open(path, {}, { deferAnnotations });
      expect(opened.readOnly).toBe(true);
      expect(opened.problem?.kind).toBe('sidecar-invalid');
      expect(opened.problem?.message).toContain('is 300 MB, more than the 256 MB Parley reads from an annotations file');
      expect(opened.body.turns.length).toBeGreaterThan(0);
      expect(await codeOf(service.save(opened.docId, opened.body))).toBe('read-only');
      service.close(opened.docId);
    }
    expect(await listing(dir)).toEqual(before);
    expect((await stat(join(dir, SIDECAR))).size).toBe(size);
  }, 30_000);
});

describe('a copy of the sidecar for Save As', () => {
  it('is the sidecar as it would be saved, named like it', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const doc = await service.open(path);
    const copy = service.sidecarCopy(doc.docId, edited(doc.body, 'In the copy.'));
    expect(copy.name).toBe(SIDECAR);
    const parsed = SidecarSchema.parse(JSON.parse(copy.text));
    expect(parsed.turns[0]?.paragraphs[0]).toBe('In the copy.');
    expect(parsed.source.name).toBe(KYIV);
    expect(await listing(dir)).toEqual([KYIV]);
  });
});

describe('a window that goes away', () => {
  it('releases the file at once, and a save it sent just before still lands', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService();
    const first = await service.open(path, {}, { client: 'window-a' });
    service.release(first.docId);
    await service.save(first.docId, edited(first.body, 'The last save of a closing tab.'));
    const second = await service.open(path, {}, { client: 'window-b' });
    expect(second.readOnly).toBe(false);
    expect(second.body.turns[0]?.paragraphs[0]).toBe('The last save of a closing tab.');
  });
});

describe("Parley's own files are not transcripts", () => {
  it('the sidecar, its .bak and a kept corrupt copy are refused, naming the transcript to open instead', async () => {
    const dir = await tempDir();
    await copyTranscript(dir);
    const service = new DocumentService();
    for (const name of [SIDECAR, `${SIDECAR}.bak`, `${SIDECAR}.2025-01-02T03-04-05-678Z.corrupt`]) {
      await writeFile(join(dir, name), 'Mark Rutte: hello');
      const error = await service.open(join(dir, name)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isParleyError(error) && error.code).toBe('bad-request');
      expect(String((error as Error).message)).toContain(`open "${KYIV}" instead`);
    }
  });
});
