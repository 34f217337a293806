/**
 * Saving an open transcript: when it is dirty, when to write, what the toolbar says, and what to
 * keep when a write fails. No React and no DOM here (timers are handed in), so every path is tested
 * on its own (test/renderer/autosave.test.ts); useAutosave.ts wires it to a workspace.
 *
 * Dirty is decided by construction, not by guessing which changes matter: the editor hands out a
 * snapshot of exactly what a save writes (its document and its annotations' stores, all immutable),
 * and the file is clean only while the snapshot last written is that same snapshot. A change of any
 * kind (text, turns, speakers, codebook, metadata, an annotation alone) makes a new one. An earlier
 * version compared the document alone, which an annotation step leaves as it was, so changes to
 * annotations alone were never written.
 */
import type { TranscriptBody } from '../../shared/model.js';
import { messageOf } from '../../shared/errors.js';

export type SaveStatus =
  | { kind: 'saved'; at: string | null }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  /** `draft`: the work is kept as a draft in the app's folder meanwhile. */
  | { kind: 'error'; message: string; draft: boolean };

/** What is being saved: the editor, seen through snapshots of what a save writes. */
export interface SaveSource<S> {
  /** What a save would write now, as an immutable value compared by `same`. */
  snapshot(): S;
  same(a: S, b: S): boolean;
  /** The transcript as `snapshot` holds it, ready for the backend. */
  body(snapshot: S): Promise<TranscriptBody>;
}

export interface SaveBackend {
  save(body: TranscriptBody, force: boolean): Promise<{ savedAt: string }>;
  saveDraft(body: TranscriptBody): Promise<unknown>;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface AutosaveOptions<S> {
  source: SaveSource<S>;
  backend: SaveBackend;
  timers: Timers;
  /** How long after the last change a save starts. */
  delayMs: number;
  /** Whether what is on screen is on disk already (false for a restored draft or a fresh import). */
  onDisk: boolean;
  savedAt: string | null;
  readOnly: boolean;
  onStatus(status: SaveStatus): void;
  /** A save was refused because the annotations file changed on disk (true), or a later one went through (false). */
  onConflict(conflict: boolean): void;
  /** A save reached the disk. */
  onSaved?(): void;
  /** A save failed for a reason worth checking the disk for. */
  onFailed?(error: unknown): void;
  /** Whether `error` is the backend's refusal because the file changed on disk. */
  isConflict(error: unknown): boolean;
}

function sameStatus(a: SaveStatus, b: SaveStatus): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'saved' && b.kind === 'saved') return a.at === b.at;
  if (a.kind === 'error' && b.kind === 'error') return a.message === b.message && a.draft === b.draft;
  return true;
}

export class Autosave<S> {
  #status: SaveStatus;
  /** The snapshot the file on disk holds; null when the disk holds none of this session's (yet). */
  #saved: S | null;
  #timer: unknown = null;
  #running: Promise<void> | null = null;
  /** The next save replaces what is on disk, whatever changed there ("Keep mine"). */
  #force = false;
  #readOnly: boolean;
  #disposed = false;
  /** Whether a change came in before the editor had all it saves (see ready). */
  #changedEarly = false;
  #ready = false;
  readonly #o: AutosaveOptions<S>;

  constructor(options: AutosaveOptions<S>) {
    this.#o = options;
    this.#readOnly = options.readOnly;
    this.#saved = null;
    this.#status = options.onDisk || options.readOnly ? { kind: 'saved', at: options.savedAt } : { kind: 'unsaved' };
    if (!options.onDisk) this.#changedEarly = true;
  }

  get status(): SaveStatus {
    return this.#status;
  }

  /** Whether what is on screen differs from what this session last put on disk. */
  get dirty(): boolean {
    if (this.#readOnly) return false;
    if (!this.#ready) return this.#changedEarly;
    return this.#saved === null || !this.#o.source.same(this.#saved, this.#o.source.snapshot());
  }

  /**
   * The editor now holds everything a save writes (a long transcript's annotations arrive after
   * its text): what it holds is what the disk holds, unless something changed before.
   */
  ready(): void {
    this.#ready = true;
    if (!this.#changedEarly) this.#saved = this.#o.source.snapshot();
    else if (!this.#readOnly) this.#schedule(0);
  }

  /** Something may have changed (a transaction with steps): update the status, and save after a pause. */
  changed(): void {
    if (this.#readOnly || this.#disposed) return;
    if (!this.#ready) {
      this.#changedEarly = true;
      this.#set({ kind: 'unsaved' });
      return;
    }
    if (!this.dirty) {
      // Undone back to what is on disk: nothing to write.
      if (this.#status.kind === 'unsaved') this.#set({ kind: 'saved', at: null });
      return;
    }
    if (this.#status.kind !== 'saving' && this.#status.kind !== 'error') this.#set({ kind: 'unsaved' });
    this.#schedule(this.#o.delayMs);
  }

  /** No more saves from here (the file is held elsewhere now, or could not be read). */
  setReadOnly(readOnly: boolean): void {
    this.#readOnly = readOnly;
    if (readOnly) this.#clearTimer();
  }

  /**
   * Write what is on screen now, if it differs from what is on disk. Resolves to whether the disk
   * holds what was on screen when it was called (true when there was nothing to write).
   */
  save(): Promise<boolean> {
    if (this.#readOnly || this.#disposed) return Promise.resolve(!this.dirty);
    // One save at a time; one asked for meanwhile starts when it ends, with what is on screen then.
    if (this.#running) return this.idle().then(() => this.save());
    if (!this.#ready) return Promise.resolve(false);
    if (!this.dirty && !this.#force) return Promise.resolve(true);
    this.#clearTimer();
    // Taken now, before anything is awaited: the save writes what was on screen when it started.
    const write = this.#write(this.#o.source.snapshot());
    const running = write.then(() => undefined);
    this.#running = running;
    return write.finally(() => {
      if (this.#running === running) this.#running = null;
    });
  }

  /** Settles once no save is under way. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** "Keep mine": write what is on screen over what changed on disk, even if nothing changed here. */
  async keepMine(): Promise<boolean> {
    this.#force = true;
    return this.save();
  }

  /** Save now if there is anything to save; whether everything on screen is on disk after. */
  async flush(): Promise<boolean> {
    if (!this.dirty) return true;
    return (await this.save()) && !this.dirty;
  }

  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
  }

  async #write(snapshot: S): Promise<boolean> {
    this.#set({ kind: 'saving' });
    let body: TranscriptBody;
    try {
      body = await this.#o.source.body(snapshot);
    } catch (e) {
      this.#set({ kind: 'error', message: messageOf(e), draft: false });
      return false;
    }
    try {
      const force = this.#force;
      const result = await this.#o.backend.save(body, force);
      this.#force = false;
      this.#saved = snapshot;
      this.#o.onConflict(false);
      this.#o.onSaved?.();
      if (this.dirty) {
        this.#set({ kind: 'unsaved' });
        this.#schedule(this.#o.delayMs);
      } else this.#set({ kind: 'saved', at: result.savedAt });
      return true;
    } catch (e) {
      const message = messageOf(e);
      if (this.#o.isConflict(e)) this.#o.onConflict(true);
      this.#set({ kind: 'error', message, draft: false });
      // The work must outlive a crash even though it could not be saved: keep it as a draft.
      const kept = await this.#o.backend.saveDraft(body).then(
        () => true,
        () => false,
      );
      if (kept && this.#status.kind === 'error' && this.#status.message === message) this.#set({ ...this.#status, draft: true });
      this.#o.onFailed?.(e);
      return false;
    }
  }

  #schedule(ms: number): void {
    this.#clearTimer();
    this.#timer = this.#o.timers.set(() => {
      this.#timer = null;
      void this.save();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#o.timers.clear(this.#timer);
    this.#timer = null;
  }

  /** Tell the page, only when the status is another: a keystroke must not re-render the workspace. */
  #set(status: SaveStatus): void {
    if (sameStatus(this.#status, status)) return;
    this.#status = status;
    this.#o.onStatus(status);
  }
}
