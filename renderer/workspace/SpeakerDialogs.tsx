/** The speaker pickers and prompts that commands open: reassign, split, merge speakers, rename, role. */
import type { Speaker } from '../../shared/model.js';
import { PromptDialog, SpeakerPicker } from '../components/SpeakerPicker.js';
import type { Command } from 'prosemirror-state';
import { mergeSpeakers, reassignTurn, renameSpeaker, setSpeakerRole, splitTurn } from '../editor/transcript-commands.js';
import type { SpeakerDialog } from './commands.js';

export function SpeakerDialogs(props: {
  dialog: SpeakerDialog | null;
  speakers: readonly Speaker[];
  counts: ReadonlyMap<string, number>;
  nameOf(id: string | null): string;
  /** Run the dialog's command and close it. */
  run(command: Command): void;
  /** Whether `command` applies now (split needs the caret inside a turn). */
  applies(command: Command): boolean;
  notice(message: string): void;
  onClose(): void;
}) {
  const { dialog, speakers, counts, nameOf, run, onClose } = props;
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'reassign':
      return <SpeakerPicker title="Who said this turn?" speakers={speakers} counts={counts} onCancel={onClose} onPick={(choice) => run(reassignTurn(choice, dialog.turnPos))} />;
    case 'split':
      return (
        <SpeakerPicker
          title="Split here: who speaks from the cursor on?"
          speakers={speakers}
          counts={counts}
          onCancel={onClose}
          onPick={(choice) => {
            if (!props.applies(splitTurn(choice))) {
              props.notice('Put the cursor inside a turn, after its first character, to split it there.');
              onClose();
              return;
            }
            run(splitTurn(choice));
          }}
        />
      );
    case 'merge':
      return (
        <SpeakerPicker
          title={`Merge ${nameOf(dialog.speakerId)} into…`}
          speakers={speakers}
          counts={counts}
          exclude={dialog.speakerId}
          allowNew={false}
          onCancel={onClose}
          onPick={(choice) => choice.kind === 'existing' && run(mergeSpeakers(dialog.speakerId, choice.id))}
        />
      );
    case 'rename':
      return (
        <PromptDialog
          title={`Rename ${nameOf(dialog.speakerId)} everywhere`}
          label="Name"
          initial={nameOf(dialog.speakerId)}
          onCancel={onClose}
          onSubmit={(name) => run(renameSpeaker(dialog.speakerId, name))}
        />
      );
    case 'role':
      return (
        <PromptDialog
          title={`Role of ${nameOf(dialog.speakerId)}`}
          label="Role (leave empty for none)"
          allowEmpty
          initial={speakers.find((s) => s.id === dialog.speakerId)?.role ?? ''}
          onCancel={onClose}
          onSubmit={(role) => run(setSpeakerRole(dialog.speakerId, role))}
        />
      );
  }
}
