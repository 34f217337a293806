/** The open transcript's toolbar: its name, whether it is saved, the mode, and the frequent commands. */
import type { ReactNode } from 'react';
import { keyLabel, titleOf, type CommandId } from '../../shared/commands.js';
import type { EditorMode } from '../editor/editor.js';
import type { SaveStatus } from './autosave.js';
import type { RunnableCommand } from './commands.js';

export function saveStatusText(status: SaveStatus, readOnly: boolean): string {
  if (readOnly) return 'Read-only';
  switch (status.kind) {
    case 'saved':
      return 'Saved';
    case 'saving':
      return 'Saving…';
    case 'unsaved':
      return 'Unsaved changes';
    case 'error':
      return status.draft ? 'Not saved · kept as a draft' : 'Not saved';
  }
}

export function Toolbar(props: {
  fileName: string;
  sidecarName: string;
  status: SaveStatus;
  readOnly: boolean;
  mode: EditorMode;
  canUndo: boolean;
  canRedo: boolean;
  unattributed: number;
  commands: ReadonlyMap<CommandId, RunnableCommand>;
  setMode(mode: EditorMode): void;
}) {
  const { status, readOnly, commands } = props;
  /** A button for a command of the table: its title and key come from there. */
  const button = (id: CommandId, label: ReactNode, options: { disabled?: boolean; showKey?: boolean } = {}) => {
    const command = commands.get(id)!;
    const key = command.keys[0];
    return (
      <button onClick={() => command.run()} disabled={options.disabled} title={titleOf(command)} data-command={id}>
        {label}
        {options.showKey !== false && key && <kbd>{keyLabel(key)}</kbd>}
      </button>
    );
  };
  return (
    <header className="toolbar" role="toolbar" aria-label="Document">
      <span className="file-name" title={props.sidecarName}>
        {props.fileName}
      </span>
      <span className={`save-status ${status.kind}`} role="status" aria-live="polite" data-status={status.kind} title={status.kind === 'error' ? status.message : undefined}>
        {saveStatusText(status, readOnly)}
      </span>
      <span className="mode-switch" role="group" aria-label="Mode">
        {(['edit', 'annotate'] as const).map((m) => (
          <button key={m} className={props.mode === m ? 'active' : ''} aria-pressed={props.mode === m} title={titleOf(commands.get('mode')!)} onClick={() => props.setMode(m)}>
            {m === 'edit' ? 'Edit' : 'Annotate'}
          </button>
        ))}
      </span>
      <span className="toolbar-sep" />
      {button('undo', 'Undo', { disabled: !props.canUndo || readOnly, showKey: false })}
      {button('redo', 'Redo', { disabled: !props.canRedo || readOnly, showKey: false })}
      <span className="toolbar-sep" />
      {button('reassign', 'Reassign', { disabled: readOnly })}
      {button('split', 'Split', { disabled: readOnly })}
      {button('merge-turn', 'Merge up', { disabled: readOnly })}
      {button(
        'next-unattributed',
        <>
          Next unattributed {props.unattributed > 0 && <span className="badge">{props.unattributed}</span>}
        </>,
      )}
      <span className="toolbar-sep" />
      {button('palette', 'Commands')}
      {button('find', 'Find')}
      {button('export', 'Export…')}
      <span className="toolbar-sep" />
      {button('save', 'Save', { disabled: readOnly || status.kind === 'saved', showKey: false })}
      {button('close', 'Close', { showKey: false })}
    </header>
  );
}
