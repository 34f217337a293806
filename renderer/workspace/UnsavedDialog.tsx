/**
 * Asked when closing a transcript whose last changes could not be written: nothing unsaved is
 * dropped without the user saying so. Keep editing is the default (Enter and Esc).
 */
import { useEffect, useRef } from 'react';

export type UnsavedChoice = 'stay' | 'copy' | 'discard';

export function UnsavedDialog(props: { message: string; draft: boolean; onChoose(choice: UnsavedChoice): void }) {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div className="modal-backdrop" onMouseDown={() => props.onChoose('stay')}>
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-label="Unsaved changes"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            props.onChoose('stay');
          }
        }}
      >
        <h2>Your latest changes are not saved</h2>
        <p>{props.message}</p>
        <p>
          {props.draft
            ? 'They are kept as a draft, and offered back the next time you open this transcript. '
            : 'Closing now loses them. '}
          Save a copy to keep the annotations file elsewhere.
        </p>
        <div className="modal-actions">
          <button ref={stay} className="primary" onClick={() => props.onChoose('stay')}>
            Keep editing
          </button>
          <button onClick={() => props.onChoose('copy')}>Save a copy…</button>
          <button onClick={() => props.onChoose('discard')}>Close without saving</button>
        </div>
      </div>
    </div>
  );
}
