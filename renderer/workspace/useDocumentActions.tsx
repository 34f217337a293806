/**
 * What can happen to an open document as a whole: opened again in another form (theirs reloaded,
 * a draft or backup restored, taken over), saved over a change on disk, copied elsewhere, closed.
 * Closing never drops work that is not on disk without asking (UnsavedDialog).
 */
import { useState, type ReactNode } from 'react';
import type { OpenResult, ParleyApi } from '../../shared/api.js';
import { download } from '../components/ExportDialog.js';
import type { TranscriptEditor } from '../editor/editor.js';
import type { AutosaveHandle } from './useAutosave.js';
import { UnsavedDialog, type UnsavedChoice } from './UnsavedDialog.js';
import { messageOf } from '../../shared/errors.js';

export interface DocumentActions {
  /** Replace this document with another opening of it. */
  reopen(run: () => Promise<OpenResult>): Promise<void>;
  /** "Keep mine": save this version over the one that changed on disk. */
  keepMine(): Promise<void>;
  /** "Save a copy": the annotations file as it would be saved, downloaded (a save dialog on the desktop). */
  saveCopy(): Promise<void>;
  /** Close once everything on screen is on disk; if it cannot be saved, the user decides. False: they stayed. */
  close(): Promise<boolean>;
  /** The question asked when closing finds work that could not be saved, while it is asked. */
  unsavedDialog: ReactNode;
}

export function useDocumentActions(o: {
  api: ParleyApi;
  doc: OpenResult;
  autosave: AutosaveHandle;
  editor(): TranscriptEditor | null;
  notice(message: string): void;
  checkDisk(): void;
  /** No more status checks: the document is about to be closed in the backend. */
  stopDiskChecks(): void;
  onReimported(doc: OpenResult): void;
  onClose(): void;
}): DocumentActions {
  const { api, doc, autosave } = o;
  const [asking, setAsking] = useState<{ message: string; draft: boolean; answer(choice: UnsavedChoice): void } | null>(null);

  async function reopen(run: () => Promise<OpenResult>): Promise<void> {
    try {
      autosave.current()?.dispose();
      const next = await run();
      o.stopDiskChecks();
      o.onReimported(next);
    } catch (e) {
      o.notice(messageOf(e));
    }
  }

  async function keepMine(): Promise<void> {
    await autosave.current()?.keepMine();
    o.checkDisk();
  }

  async function saveCopy(): Promise<void> {
    const ed = o.editor();
    if (!ed) return;
    try {
      const copy = await api.sidecarCopy({ docId: doc.docId, body: await ed.body() });
      download(copy.name, copy.text, 'application/json');
    } catch (e) {
      o.notice(messageOf(e));
    }
  }

  async function close(): Promise<boolean> {
    const saver = autosave.current();
    if (saver && !(await saver.flush())) {
      const failed = saver.status;
      const choice = await new Promise<UnsavedChoice>((answer) =>
        setAsking({
          message: failed.kind === 'error' ? failed.message : 'Parley could not save them.',
          draft: failed.kind === 'error' && failed.draft,
          answer,
        }),
      );
      setAsking(null);
      if (choice === 'copy') await saveCopy();
      if (choice !== 'discard') {
        o.editor()?.focus();
        return false;
      }
    }
    // Nothing may ask about the document once the backend has closed it (a status check, or a save
    // that a note's pause or a late change would start): those would be refused as unknown.
    saver?.dispose();
    o.stopDiskChecks();
    await api.close({ docId: doc.docId }).catch(() => undefined);
    o.onClose();
    return true;
  }

  const unsavedDialog = asking ? <UnsavedDialog message={asking.message} draft={asking.draft} onChoose={asking.answer} /> : null;
  return { reopen, keepMine, saveCopy, close, unsavedDialog };
}
