/**
 * Autosave (autosave.ts) for one open transcript: the status the toolbar shows, the conflict the
 * banners offer a choice for, and the guards that keep unsaved work from being dropped when the
 * page goes away (beforeunload asks; pagehide saves and lets the file go).
 */
import { useEffect, useRef, useState } from 'react';
import type { OpenResult, ParleyApi } from '../../shared/api.js';
import { BackendError } from '../api-client.js';
import { sameSnapshot, type EditorSnapshot, type TranscriptEditor } from '../editor/editor.js';
import { Autosave, type SaveStatus } from './autosave.js';

export const AUTOSAVE_MS = 1000;

export interface AutosaveHandle {
  status: SaveStatus;
  conflict: boolean;
  /** The controller, once the editor exists. */
  current(): Autosave<EditorSnapshot> | null;
  /** Attach to the editor just made; returns the detach function. */
  attach(ed: TranscriptEditor): () => void;
}

export function useAutosave(
  api: ParleyApi,
  doc: OpenResult,
  hooks: { onSaved(): void; onFailed(): void },
): AutosaveHandle {
  // A restored draft is unsaved work from the start, and so is a transcript just imported: the
  // import preview's choices are work too, and without a sidecar the next open would ask again.
  const onDisk = !doc.unsaved && doc.fromSidecar;
  const [status, setStatus] = useState<SaveStatus>(doc.readOnly || onDisk ? { kind: 'saved', at: doc.savedAt } : { kind: 'unsaved' });
  const [conflict, setConflict] = useState(false);
  const ref = useRef<Autosave<EditorSnapshot> | null>(null);
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;

  const attach = (ed: TranscriptEditor): (() => void) => {
    const autosave = new Autosave<EditorSnapshot>({
      source: { snapshot: () => ed.snapshot(), same: sameSnapshot, body: async (s) => (await ed.loaded, ed.bodyOf(s)) },
      backend: {
        save: (body, force) => api.save({ docId: doc.docId, body, ...(force ? { force } : {}) }),
        saveDraft: (body) => api.saveDraft({ docId: doc.docId, body }),
      },
      timers: { set: (run, ms) => window.setTimeout(run, ms), clear: (h) => window.clearTimeout(h as number) },
      delayMs: AUTOSAVE_MS,
      onDisk,
      savedAt: doc.savedAt,
      readOnly: doc.readOnly,
      onStatus: setStatus,
      onConflict: setConflict,
      onSaved: () => hooksRef.current.onSaved(),
      onFailed: () => hooksRef.current.onFailed(),
      isConflict: (e) => e instanceof BackendError && e.code === 'conflict',
    });
    ref.current = autosave;
    // Steps are every change a save writes; a transaction without steps (a selection, the
    // annotations arriving, highlights drawn) changes nothing saved.
    const unsubscribe = ed.subscribe((tr) => {
      if (tr.docChanged) autosave.changed();
    });
    ed.loaded.then(
      () => autosave.ready(),
      () => autosave.setReadOnly(true),
    );
    return () => {
      unsubscribe();
      autosave.dispose();
      if (ref.current === autosave) ref.current = null;
    };
  };

  // Leaving the page with work not on disk: the browser asks first (a reload, closing the tab; in
  // the desktop app the window's close asks through will-prevent-unload). A save starts meanwhile.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const autosave = ref.current;
      if (!autosave?.dirty) return;
      void autosave.save();
      e.preventDefault();
      // Older browsers ask only when a return value is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  return { status, conflict, current: () => ref.current, attach };
}
