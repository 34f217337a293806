/**
 * What happened on disk around the open transcript, and the choices it calls for: another program
 * changed the annotations file (reload theirs or keep mine), the source went away or changed, unsaved
 * work from an earlier session is waiting, the annotations file is unreadable but its last good
 * version is not, or another window took the file over for editing. Nothing here decides for the
 * user; every banner names what happened and what to do.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { DiskStatus, OpenResult, ParleyApi } from '../../shared/api.js';
import type { TranscriptEditor } from '../editor/editor.js';

/** How often the backend is asked what changed on disk (it answers from a stat unless the watcher saw something). */
export const DISK_POLL_MS = 3000;

/**
 * The disk status of an open document: polled, checked again when the window regains focus, and on
 * demand (after a save failed, say). Polling is also how the backend knows the window is still there.
 */
export function useDiskStatus(api: ParleyApi, docId: string): [DiskStatus | null, () => void, () => void] {
  const [disk, setDisk] = useState<DiskStatus | null>(null);
  /** Set once the document is being closed: no more questions about it. */
  const stopped = useRef(false);
  const check = useCallback(() => {
    if (stopped.current) return;
    api.status({ docId }).then(
      (s) => setDisk((old) => (old && sameStatus(old, s) ? old : s)),
      // A document closed meanwhile, or a host that went away: the next check will tell.
      () => undefined,
    );
  }, [api, docId]);
  useEffect(() => {
    const timer = window.setInterval(check, DISK_POLL_MS);
    window.addEventListener('focus', check);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', check);
    };
  }, [check]);
  const stop = useCallback(() => void (stopped.current = true), []);
  return [disk, check, stop];
}

function sameStatus(a: DiskStatus, b: DiskStatus): boolean {
  return (
    a.sidecarChanged === b.sidecarChanged &&
    a.sourceMissing === b.sourceMissing &&
    a.sourceChanged === b.sourceChanged &&
    a.takenOver === b.takenOver
  );
}

/**
 * Whether another window took this document's file over for editing ("Edit here instead" there),
 * as the status polling learns it. From then on the backend refuses this window's saves, so the
 * editor turns read-only at once: nothing typed afterwards could be saved. The caller treats the
 * document as read-only (toolbar, panels, autosave) while it is true; it stays true, as the backend
 * never gives the file back to this document.
 */
export function useTakenOver(disk: DiskStatus | null, editor: RefObject<TranscriptEditor | null>): boolean {
  const takenOver = disk?.takenOver === true;
  useEffect(() => {
    if (takenOver) editor.current?.setReadOnly(true);
  }, [takenOver, editor]);
  return takenOver;
}

/** A time stamp as the user reads it. */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function DiskBanners(props: {
  doc: OpenResult;
  disk: DiskStatus | null;
  /** A save was refused because the file changed on disk. */
  conflict: boolean;
  /** Unsaved work from an earlier session, still on offer. */
  draft: { savedAt: string } | null;
  onReloadTheirs(): void;
  onKeepMine(): void;
  onRestoreDraft(): void;
  onDiscardDraft(): void;
  onRestoreBackup(): void;
  /** Changes made here are not saved yet (what a window that lost the file still holds). */
  unsaved: boolean;
  /** Download the annotations file as this window would save it (the work it can no longer save). */
  onSaveCopy(): void;
  /** "Edit here instead": take the file back for this window, as it is on disk now. */
  onTakeOver(): void;
}) {
  const { doc, disk } = props;
  return (
    <>
      {disk?.takenOver && (
        <div className="banner warning" role="alert" data-banner="taken-over">
          <span>
            “{doc.fileName}” is now being edited in another Parley window (Edit here instead was chosen there), so it is
            read-only here and Parley no longer saves this window’s changes.{' '}
            {props.unsaved
              ? 'Changes made here since the last save are still on screen but not in the annotations file: Save a copy… keeps them in a file of your own.'
              : 'Everything done here had been saved before that.'}
          </span>
          {props.unsaved && (
            <button onClick={props.onSaveCopy} title="Download the annotations file as this window would save it, to keep it elsewhere">
              Save a copy…
            </button>
          )}
          <button
            onClick={props.onTakeOver}
            title="Edit the file in this window again, as it is on disk now (the other window turns read-only); changes here that were not saved are dropped"
          >
            Edit here instead
          </button>
        </div>
      )}
      {!doc.readOnly && !disk?.takenOver && (props.conflict || disk?.sidecarChanged) && (
        <div className="banner warning" role="alert" data-banner="conflict">
          <span>
            “{doc.sidecarName}” was changed on disk by someone else (another window, a colleague, git or a sync client).
            Parley has not saved over it; your changes stay here, and are kept as a draft until you choose.
          </span>
          <button onClick={props.onReloadTheirs} title="Open the file as it is on disk now; your unsaved changes here are dropped">
            Reload theirs
          </button>
          <button onClick={props.onKeepMine} title="Save your version over the one on disk">
            Keep mine
          </button>
        </div>
      )}
      {disk?.sourceMissing && (
        <div className="banner warning" role="alert" data-banner="source-missing">
          “{doc.fileName}” was moved, renamed or deleted since it was opened. Your work stays open and editable, and
          saving still writes “{doc.sidecarName}”; put the source back (or open it where it went) to read it again.
        </div>
      )}
      {disk && !disk.sourceMissing && disk.sourceChanged && (
        <div className="banner warning" role="alert" data-banner="source-changed">
          “{doc.fileName}” changed on disk since it was opened. Your work here is not affected; close and open the
          transcript again to carry your annotations onto the new text.
        </div>
      )}
      {props.draft && (
        <div className="banner warning" role="alert" data-banner="draft">
          <span>
            Parley kept unsaved work on this transcript from {when(props.draft.savedAt)}: it could not be saved then
            (the app closed, or the annotations file could not be written). Restoring it puts that work back in the
            editor and saves it over what the annotations file holds now.
          </span>
          <button onClick={props.onRestoreDraft}>Restore it</button>
          <button onClick={props.onDiscardDraft}>Discard it</button>
        </div>
      )}
      {doc.problem?.kind === 'sidecar-invalid' && doc.backup && (
        <div className="banner warning" role="alert" data-banner="backup">
          <span>The last good version of the annotations file (saved {when(doc.backup.savedAt)}) can be restored; the unreadable file is kept beside it.</span>
          <button onClick={props.onRestoreBackup}>Restore the last good version</button>
        </div>
      )}
    </>
  );
}
