/** The banners above an open transcript: how it was opened, a failed save, the disk, import notes, notices. */
import { useState } from 'react';
import type { DiskStatus, OpenResult } from '../../shared/api.js';
import { DiskBanners } from '../components/DiskBanners.js';
import type { SaveStatus } from './autosave.js';

export function Banners(props: {
  doc: OpenResult;
  status: SaveStatus;
  conflict: boolean;
  disk: DiskStatus | null;
  draft: { savedAt: string } | null;
  notice: string | null;
  onReimport(): void;
  onRetry(): void;
  onSaveCopy(): void;
  onReloadTheirs(): void;
  onKeepMine(): void;
  onRestoreDraft(): void;
  onDiscardDraft(): void;
  onRestoreBackup(): void;
  /** "Edit here instead": take the file over from the window that holds it. */
  onTakeOver(): void;
}) {
  const { doc, status } = props;
  const [showWarnings, setShowWarnings] = useState(!doc.fromSidecar);
  return (
    <>
      {doc.problem && (
        <div className="banner warning" role="alert">
          <span>{doc.problem.message}</span>
          {doc.problem.kind === 'source-changed' && <button onClick={props.onReimport}>Start again from the new source (keeps a backup)</button>}
          {doc.problem.kind === 'open-elsewhere' && <button onClick={props.onTakeOver}>Edit here instead</button>}
        </div>
      )}
      {status.kind === 'error' && !doc.readOnly && !props.conflict && (
        <div className="banner warning" role="alert" data-banner="save-failed">
          <span>
            {status.message}
            {status.draft ? ' Your changes are kept as a draft meanwhile, and offered back if Parley closes before they are saved.' : ''}
          </span>
          <button onClick={props.onRetry}>Try again</button>
          <button onClick={props.onSaveCopy} title="Download the annotations file as it would be saved, to keep it elsewhere">
            Save a copy…
          </button>
        </div>
      )}
      <DiskBanners
        doc={doc}
        disk={props.disk}
        conflict={props.conflict}
        draft={props.draft}
        onReloadTheirs={props.onReloadTheirs}
        onKeepMine={props.onKeepMine}
        onRestoreDraft={props.onRestoreDraft}
        onDiscardDraft={props.onDiscardDraft}
        onRestoreBackup={props.onRestoreBackup}
        unsaved={status.kind !== 'saved'}
        onSaveCopy={props.onSaveCopy}
        onTakeOver={props.onTakeOver}
      />
      {doc.warnings.length > 0 && showWarnings && (
        <div className="banner info" aria-label="Import notes">
          <button className="dismiss" onClick={() => setShowWarnings(false)} aria-label="Dismiss these notes" title="Dismiss">
            ×
          </button>
          {doc.warnings.map((w, i) => (
            <div key={i}>{w}</div>
          ))}
        </div>
      )}
      {props.notice && (
        <div className="banner notice" role="alert">
          {props.notice}
        </div>
      )}
    </>
  );
}
