/**
 * Asked when closing a transcript whose last changes could not be written: nothing unsaved is
 * dropped without the user saying so. Keep editing is where the focus starts, and Esc chooses it.
 */
import { backdrop, useDialogFocus } from '../components/useDialogFocus.js';

export type UnsavedChoice = 'stay' | 'copy' | 'discard';

export function UnsavedDialog(props: { message: string; draft: boolean; onChoose(choice: UnsavedChoice): void }) {
  const stay = () => props.onChoose('stay');
  const dialog = useDialogFocus<HTMLDivElement>({ onCancel: stay });
  return (
    <div className="modal-backdrop" {...backdrop(stay)}>
      <div className="modal" {...dialog} aria-label="Unsaved changes">
        <h2>Your latest changes are not saved</h2>
        <p>{props.message}</p>
        <p>
          {props.draft ? 'They are kept as a draft, and offered back the next time you open this transcript. ' : 'Closing now loses them. '}
          Save a copy to keep the annotations file elsewhere.
        </p>
        <div className="modal-actions">
          <button className="primary" data-autofocus onClick={stay}>
            Keep editing
          </button>
          <button onClick={() => props.onChoose('copy')}>Save a copy…</button>
          <button onClick={() => props.onChoose('discard')}>Close without saving</button>
        </div>
      </div>
    </div>
  );
}
