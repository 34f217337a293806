/**
 * Autosave against the real editor state (ProseMirror with the annotation plugin, no view): every
 * kind of change alone makes the transcript dirty and is written by the next save, whatever it
 * touches; nothing else does; failures keep the work and say so. The saves land in a recording
 * backend whose bodies the tests read back, as the sidecar would hold them.
 */
import { history, undo } from 'prosemirror-history';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/annotation.js';
import type { TranscriptBody } from '../../shared/model.js';
import {
  addAnnotation,
  annotationPlugin,
  annotationSnapshot,
  annotationsOf,
  removeAnnotation,
  selectAnnotation,
  updateAnnotation,
  withAnnotationsLoaded,
} from '../../renderer/editor/annotations.js';
import { dismissSuggestions, renameSpeaker, setMetadataField } from '../../renderer/editor/transcript-commands.js';
import { bodyFromDoc, docFromBody } from '../../renderer/editor/convert.js';
import { sameSnapshot, type EditorSnapshot } from '../../renderer/editor/editor.js';
import { indexDoc } from '../../renderer/editor/positions.js';
import { Autosave, type SaveStatus } from '../../renderer/workspace/autosave.js';
import { p, speaker, transcript, turn } from './builder.js';
import type { AnnotationSnapshot } from '../../renderer/editor/annotations.js';

const built = transcript(
  {
    metadata: { title: 'A briefing' },
    speakers: [speaker('a', { name: 'Ana Silva' })],
    codebook: { topics: [{ id: 'x', label: 'Topic X', color: '#1f77b4', description: '', parent: null, key: 1 }], claimTypes: [], statuses: [] },
  },
  turn('a', p('<Alpha>Alpha<AlphaEnd> <beta>beta<betaEnd> <gamma>gamma<gammaEnd>.')),
  turn('a', p('<Delta>Delta<DeltaEnd> <epsilon>epsilon<epsilonEnd> zeta.')),
);
const BODY = built.body;

const NOTE: Annotation = {
  id: 'n1',
  kind: 'note',
  target: { start: built.offset.beta!, end: built.offset.betaEnd!, exact: 'beta', prefix: 'Alpha ', suffix: ' gamma.' },
  detached: false,
  topics: [],
  note: 'first',
  claim: null,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
};

/** Timers run by hand: a test says when the pause is over, so nothing depends on the clock. */
class ManualTimers {
  private queue = new Map<number, { run: () => void; ms: number }>();
  private next = 1;
  set = (run: () => void, ms: number): unknown => {
    const id = this.next++;
    this.queue.set(id, { run, ms });
    return id;
  };
  clear = (handle: unknown): void => void this.queue.delete(handle as number);
  get pending(): number[] {
    return [...this.queue.values()].map((t) => t.ms);
  }
  /** Run what is due, as the pause after the last change ends. */
  fire(): void {
    const due = [...this.queue.values()];
    this.queue.clear();
    for (const t of due) t.run();
  }
}

/** An editor state driven like the editor drives it, with autosave listening to its transactions. */
class Session {
  state: EditorState;
  readonly saved: TranscriptBody[] = [];
  readonly statuses: SaveStatus[] = [];
  readonly timers = new ManualTimers();
  conflict = false;
  failNext: Error | null = null;
  drafts = 0;
  /** The force flag of each save that landed. */
  readonly forced: boolean[] = [];
  readonly autosave: Autosave<EditorSnapshot>;

  constructor(options: { onDisk?: boolean; readOnly?: boolean } = {}) {
    this.state = EditorState.create({ doc: docFromBody(BODY), plugins: [history(), annotationPlugin()] });
    this.autosave = new Autosave<EditorSnapshot>({
      source: {
        snapshot: () => ({ doc: this.state.doc, annotations: annotationSnapshot(this.state) }),
        same: sameSnapshot,
        body: (s) => {
          const annotations = annotationsOf(s.annotations as AnnotationSnapshot, indexDoc(s.doc));
          return Promise.resolve({ ...bodyFromDoc(s.doc), annotations });
        },
      },
      backend: {
        save: (body, force) => {
          if (this.failNext) {
            const e = this.failNext;
            this.failNext = null;
            return Promise.reject(e);
          }
          this.saved.push(structuredClone(body));
          this.forced.push(force);
          return Promise.resolve({ savedAt: `2026-01-01T00:00:0${this.saved.length}.000Z` });
        },
        saveDraft: () => {
          this.drafts++;
          return Promise.resolve();
        },
      },
      timers: this.timers,
      delayMs: 1000,
      onDisk: options.onDisk ?? true,
      savedAt: null,
      readOnly: options.readOnly ?? false,
      onStatus: (s) => this.statuses.push(s),
      onConflict: (c) => (this.conflict = c),
      isConflict: (e) => e instanceof Error && e.message === 'conflict',
    });
    // As the editor does right after its first paint: the annotations come in without a step.
    this.apply(withAnnotationsLoaded(this.state.tr, [NOTE]));
    this.autosave.ready();
  }

  apply(tr: Transaction): void {
    this.state = this.state.apply(tr);
    // As useAutosave: transactions with steps are the changes a save writes.
    if (tr.docChanged) this.autosave.changed();
  }

  run(command: Command): void {
    expect(command(this.state, (tr) => this.apply(tr))).toBe(true);
  }

  get status(): SaveStatus['kind'] {
    return this.autosave.status.kind;
  }

  /** The pause after the last change ends, and the save it starts finishes. */
  async pause(): Promise<void> {
    this.timers.fire();
    await this.autosave.idle();
  }

  get last(): TranscriptBody {
    const body = this.saved.at(-1);
    if (!body) throw new Error('nothing was saved');
    return body;
  }
}

/** Where a word tagged <word>…<wordEnd> stands in the built transcript; no change here moves text before one is used. */
const rangeOf = (word: string) => {
  const from = built.pos[word];
  const to = built.pos[`${word}End`];
  if (from === undefined || to === undefined) throw new Error(`"${word}" is not tagged in the text`);
  return { from, to };
};

const tag = (id: string, s: Session, word: string): Transaction => {
  const { from, to } = rangeOf(word);
  const data: Annotation = { ...NOTE, id, kind: 'topic', topics: ['x'], note: '' };
  return addAnnotation(s.state.tr, data, from, to);
};

/** Every kind of change, each on its own; what the saved body must then show. */
const CHANGES: { kind: string; make(s: Session): void; saved(body: TranscriptBody): unknown; expected: unknown }[] = [
  { kind: 'a text edit', make: (s) => s.apply(s.state.tr.insertText('!', rangeOf('gamma').to)), saved: (b) => b.turns[0]!.paragraphs[0], expected: 'Alpha beta gamma!.' },
  { kind: 'a tag alone', make: (s) => s.apply(tag('t-new', s, 'epsilon')), saved: (b) => b.annotations?.find((a) => a.id === 't-new')?.target.exact, expected: 'epsilon' },
  {
    kind: "a note's text alone",
    make: (s) => s.apply(updateAnnotation(s.state, s.state.tr, 'n1', (a) => ({ ...a, note: 'second' }))),
    saved: (b) => b.annotations?.find((a) => a.id === 'n1')?.note,
    expected: 'second',
  },
  { kind: 'an annotation deleted alone', make: (s) => s.apply(removeAnnotation(s.state, s.state.tr, 'n1')), saved: (b) => b.annotations?.length, expected: 0 },
  { kind: 'a speaker renamed', make: (s) => s.run(renameSpeaker('a', 'Ana Souza')), saved: (b) => b.speakers[0]!.name, expected: 'Ana Souza' },
  { kind: 'a metadata field', make: (s) => s.run(setMetadataField('title', 'Another briefing')), saved: (b) => b.metadata.title, expected: 'Another briefing' },
  { kind: 'a suggestion rejected', make: (s) => s.run(dismissSuggestions(['Alpha beta gamma.'])), saved: (b) => b.dismissed, expected: ['Alpha beta gamma.'] },
  {
    kind: 'the codebook alone',
    make: (s) => s.apply(s.state.tr.setDocAttribute('codebook', { ...BODY.codebook!, topics: [{ ...BODY.codebook!.topics[0]!, label: 'Renamed' }] })),
    saved: (b) => b.codebook?.topics[0]?.label,
    expected: 'Renamed',
  },
];

describe('autosave', () => {
  it.each(CHANGES)('writes $kind, made alone, after the pause', async ({ make, saved, expected }) => {
    const s = new Session();
    expect(s.status).toBe('saved');
    make(s);
    expect(s.autosave.dirty).toBe(true);
    expect(s.status).toBe('unsaved');
    expect(s.timers.pending).toEqual([1000]);
    await s.pause();
    expect(s.saved).toHaveLength(1);
    expect(saved(s.last)).toEqual(expected);
    expect(s.status).toBe('saved');
    expect(s.autosave.dirty).toBe(false);
  });

  it('is not dirty for what a save does not write: the selection, picking an annotation, the annotations arriving', async () => {
    const s = new Session();
    s.apply(s.state.tr.setSelection(TextSelection.create(s.state.doc, 3, 6)));
    s.apply(selectAnnotation(s.state.tr, 'n1'));
    expect(s.autosave.dirty).toBe(false);
    expect(s.timers.pending).toEqual([]);
    expect(s.status).toBe('saved');
    expect(await s.autosave.flush()).toBe(true);
    expect(s.saved).toHaveLength(0);
  });

  it('writes a change made while a save is under way with the next save, and says "Saved" only then', async () => {
    const s = new Session();
    s.apply(tag('t1', s, 'Alpha'));
    s.timers.fire();
    // The save is under way: another change comes in before it lands.
    s.apply(tag('t2', s, 'Delta'));
    await s.autosave.idle();
    // The first save wrote what was there when it started: the screen is not on disk yet.
    expect(s.last.annotations?.map((a) => a.id).sort()).toEqual(['n1', 't1']);
    expect(s.status).toBe('unsaved');
    await s.pause();
    expect(s.last.annotations?.map((a) => a.id).sort()).toEqual(['n1', 't1', 't2']);
    expect(s.status).toBe('saved');
  });

  it('undo is a change like any other: written, and the status follows', async () => {
    const s = new Session();
    s.apply(tag('t1', s, 'Alpha'));
    await s.pause();
    undo(s.state, (tr) => s.apply(tr));
    expect(s.status).toBe('unsaved');
    await s.pause();
    expect(s.last.annotations?.map((a) => a.id)).toEqual(['n1']);
  });

  it('a failed save keeps the work as a draft, says so, and the next change tries again', async () => {
    const s = new Session();
    s.apply(tag('t1', s, 'Alpha'));
    s.failNext = new Error('EACCES: permission denied');
    await s.pause();
    expect(s.autosave.status).toEqual({ kind: 'error', message: 'EACCES: permission denied', draft: true });
    expect(s.drafts).toBe(1);
    expect(s.autosave.dirty).toBe(true);
    expect(await s.autosave.flush()).toBe(true);
    expect(s.last.annotations?.map((a) => a.id).sort()).toEqual(['n1', 't1']);
    expect(s.status).toBe('saved');
  });

  it('flush reports a save that fails, so closing can ask instead of dropping the work', async () => {
    const s = new Session();
    s.apply(tag('t1', s, 'Alpha'));
    s.failNext = new Error('ENOSPC: no space left on device');
    expect(await s.autosave.flush()).toBe(false);
    expect(s.autosave.dirty).toBe(true);
  });

  it('a conflict is reported, and "keep mine" writes over it even with nothing new on screen', async () => {
    const s = new Session();
    s.apply(tag('t1', s, 'Alpha'));
    s.failNext = new Error('conflict');
    await s.pause();
    expect(s.conflict).toBe(true);
    expect(s.saved).toHaveLength(0);
    expect(await s.autosave.keepMine()).toBe(true);
    expect(s.forced).toEqual([true]);
    expect(s.conflict).toBe(false);
    expect(s.last.annotations?.map((a) => a.id).sort()).toEqual(['n1', 't1']);
    // Asked again with nothing new: "keep mine" still writes, since the point is to replace theirs.
    expect(await s.autosave.keepMine()).toBe(true);
    expect(s.forced).toEqual([true, true]);
  });

  it('a transcript not on disk yet (a fresh import, a restored draft) is written as soon as it is ready, unchanged', async () => {
    const s = new Session({ onDisk: false });
    expect(s.status).toBe('unsaved');
    expect(s.timers.pending).toEqual([0]);
    await s.pause();
    expect(s.saved).toHaveLength(1);
    expect(s.status).toBe('saved');
  });

  it('a read-only transcript is never written, whatever changes', async () => {
    const s = new Session({ readOnly: true });
    s.apply(tag('t1', s, 'Alpha'));
    expect(s.timers.pending).toEqual([]);
    expect(await s.autosave.save()).toBe(true);
    expect(s.saved).toHaveLength(0);
    expect(s.status).toBe('saved');
  });
});
