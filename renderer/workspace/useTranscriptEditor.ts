/**
 * The editor of one open transcript: made once per document when the workspace first renders,
 * wired to the command table, autosave and the panels, and destroyed with the document.
 */
import { StepMap } from 'prosemirror-transform';
import { useEffect, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { OpenResult, ParleyApi } from '../../shared/api.js';
import type { CommandId } from '../../shared/commands.js';
import { BackendError } from '../api-client.js';
import { selectedAnnotation } from '../editor/annotations.js';
import { reassignTurn } from '../editor/transcript-commands.js';
import { TranscriptEditor } from '../editor/editor.js';
import { afterNextFrame } from '../editor/frames.js';
import { turnAttrs } from '../editor/schema.js';
import type { RunnableCommand, SpeakerDialog } from './commands.js';
import type { AutosaveHandle } from './useAutosave.js';
import { messageOf } from '../../shared/errors.js';

export function useTranscriptEditor(o: {
  host: RefObject<HTMLDivElement | null>;
  editorRef: RefObject<TranscriptEditor | null>;
  api: ParleyApi;
  doc: OpenResult;
  readOnly: boolean;
  commands: ReadonlyMap<CommandId, RunnableCommand>;
  autosave: AutosaveHandle;
  /** Bring the panels up to date with the editor. */
  refreshView(): void;
  openDialog(dialog: SpeakerDialog): void;
  notice(message: string): void;
  /** Replace the document with another opening of it. */
  reopen(run: () => Promise<OpenResult>): void;
  /** The editor has taken the body: the caller may drop its copy (a long transcript's is megabytes). */
  onBodyTaken(): void;
}): void {
  const { api, doc } = o;
  useEffect(() => {
    const place = o.host.current;
    if (!place) return;
    performance.mark('parley:editor-start');
    const ed = new TranscriptEditor(
      place,
      doc.body,
      {
        run: (id) => o.commands.get(id)!.run(),
        reassign: (turnPos) => o.openDialog({ kind: 'reassign', turnPos }),
        acceptSuggestion: (turnPos) => {
          const turn = ed.state.doc.nodeAt(turnPos);
          const suggestion = turn ? turnAttrs(turn).suggestion : null;
          if (suggestion) ed.run(reassignTurn({ kind: 'new', name: suggestion.name, role: suggestion.role }, turnPos));
        },
        focusDetails: () => {
          if (!selectedAnnotation(ed.state)) return false;
          flushSync(o.refreshView);
          const field = document.querySelector<HTMLElement>('.inspector [data-first-field]');
          field?.focus();
          return !!field;
        },
      },
      {
        readOnly: o.readOnly,
        // Opened without its annotations (a long transcript's text comes first): fetch them once it is painted.
        ...(doc.deferredAnnotations
          ? {
              annotations: () => api.annotations({ docId: doc.docId }).then((r) => r.annotations),
              onAnnotationsFailed: (e: unknown) => {
                // The annotations file turned out unreadable (the backend reads it only now): open the
                // file again, which shows it read-only with what is wrong and any backup to restore.
                if (e instanceof BackendError && e.code === 'sidecar-invalid' && doc.fileId) {
                  const fileId = doc.fileId;
                  o.reopen(() => api.openFile({ fileId }));
                  return;
                }
                o.notice(`The annotations could not be loaded (${messageOf(e)}), so the transcript is read-only to keep them safe; close it and open it again.`);
              },
            }
          : {}),
      },
    );
    o.editorRef.current = ed;
    const detachAutosave = o.autosave.attach(ed);
    let panelTimer: number | undefined;
    const unsubscribe = ed.subscribe((tr) => {
      // Panels follow after a pause: on a long transcript, counting words on each keystroke
      // would cost more than the keystroke itself.
      window.clearTimeout(panelTimer);
      const typing = tr.steps.some((step) => step.getMap() !== StepMap.empty);
      panelTimer = window.setTimeout(o.refreshView, typing ? 400 : 30);
    });
    performance.mark('parley:editor-created');
    // Panels fill in just after the first paint: on a long transcript, counting words and listing
    // annotations would otherwise hold the editor back. From then on the editor holds the
    // transcript, and the opened copy need not be kept as well (dropping it re-renders the app,
    // which need not hold the first paint back either): neither the app's, nor the one in `doc`,
    // which every callback made in this first render keeps reachable (they share its scope).
    const cancelFirst = afterNextFrame(() => {
      doc.body = { metadata: {}, speakers: [], turns: [], removed: [], history: [] };
      o.onBodyTaken();
      o.refreshView();
      // Focused once painted: ProseMirror's first focus reads the scroll positions, which before
      // the first frame forced a layout of the whole new transcript, a long one's open paying for it.
      // Unless the user has put the focus somewhere already.
      if (document.activeElement === null || document.activeElement === document.body) ed.focus();
    });
    const flush = (e: PageTransitionEvent) => {
      void o.autosave.current()?.save();
      // Gone for good (not kept in the back/forward cache): another window may edit the file now.
      if (!e.persisted) void api.release({ docId: doc.docId }).catch(() => undefined);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      cancelFirst();
      unsubscribe();
      detachAutosave();
      window.clearTimeout(panelTimer);
      ed.destroy();
      o.editorRef.current = null;
    };
    // The editor lives as long as the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.docId]);
}
