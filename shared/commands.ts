/**
 * Every command a user can give an open transcript, as data: its id, its label, its keys, and
 * what it changes. The editor's keymap, the palette, the toolbar's titles, the context menu and
 * the desktop menu's accelerators are all built from this one table (VS Code keeps commands the
 * same way), so a key is written once and a new command cannot be left out of any of them.
 *
 * What runs is not here: the renderer joins each spec to its `run` (renderer/workspace/commands.ts),
 * which this layer may not see. Keys are written as prosemirror-keymap writes them ("Mod-Shift-z":
 * Mod is Cmd on macOS and Ctrl elsewhere); keyLabel and accelerator translate them for people and
 * for Electron.
 */

/** What a command changes in what is saved; null for commands that only move, show or ask. */
export type ChangeKind = 'text' | 'turns' | 'speakers' | 'annotations' | 'codebook' | 'metadata' | 'removed' | 'history';

export type CommandGroup = 'File' | 'Edit' | 'Speakers' | 'Annotate' | 'Navigate' | 'View';

export interface CommandSpec {
  readonly id: string;
  readonly label: string;
  readonly group: CommandGroup;
  /** Keys in prosemirror-keymap's notation; the first is the one shown. */
  readonly keys: readonly string[];
  /** Bare keys that also run it in Annotate mode, where the text is read-only. */
  readonly annotateKeys?: readonly string[];
  /** What it changes in the saved file, when it changes anything by itself. */
  readonly changes: ChangeKind | null;
  /** Shown in the selection's context menu. */
  readonly contextMenu?: boolean;
  /** Left out of the command palette (the palette itself). */
  readonly hiddenFromPalette?: boolean;
  /** Its keys work while a panel has the focus too, not only in the text. */
  readonly global?: boolean;
}

const QUICK_KEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export const COMMANDS = [
  { id: 'save', label: 'Save', group: 'File', keys: ['Mod-s'], changes: null, global: true },
  { id: 'export', label: 'Export…', group: 'File', keys: ['Mod-e'], changes: null, global: true },
  // Mod-w closes the document in the desktop app's menu; a browser keeps that key for its tab.
  { id: 'close', label: 'Close this transcript', group: 'File', keys: [], changes: null },
  { id: 'undo', label: 'Undo', group: 'Edit', keys: ['Mod-z'], changes: null },
  { id: 'redo', label: 'Redo', group: 'Edit', keys: ['Mod-Shift-z', 'Mod-y'], changes: null },
  { id: 'palette', label: 'Commands', group: 'View', keys: ['Mod-k', 'Mod-Shift-p'], changes: null, hiddenFromPalette: true, global: true },
  { id: 'find', label: 'Find in the transcript, tag all matches', group: 'Edit', keys: ['Mod-f'], changes: null, global: true },
  { id: 'mode', label: 'Toggle Edit / Annotate mode', group: 'View', keys: ['Mod-m'], changes: null, global: true },
  { id: 'reassign', label: "Reassign this turn's speaker", group: 'Speakers', keys: ['Alt-s'], changes: 'turns' },
  { id: 'split', label: 'Split the turn at the cursor', group: 'Speakers', keys: ['Mod-Shift-Enter'], changes: 'turns' },
  { id: 'merge-turn', label: 'Merge the turn into the one before', group: 'Speakers', keys: ['Mod-Shift-Backspace'], changes: 'turns' },
  { id: 'rename-speaker', label: 'Rename this speaker everywhere', group: 'Speakers', keys: ['F2'], changes: 'speakers' },
  { id: 'speaker-role', label: "Edit this speaker's role", group: 'Speakers', keys: ['Alt-r'], changes: 'speakers' },
  { id: 'merge-speaker', label: 'Merge this speaker into another', group: 'Speakers', keys: ['Alt-Shift-m'], changes: 'speakers' },
  { id: 'next-unattributed', label: 'Next unattributed turn', group: 'Navigate', keys: ['F8'], changes: null },
  { id: 'prev-unattributed', label: 'Previous unattributed turn', group: 'Navigate', keys: ['Shift-F8'], changes: null },
  ...QUICK_KEYS.map(
    (n) =>
      ({
        id: `tag-${n}`,
        label: `Tag with topic ${n}`,
        group: 'Annotate',
        keys: [`Alt-${n}`],
        annotateKeys: [String(n)],
        changes: 'annotations',
        // The context menu lists the codebook's topics by name instead.
        hiddenFromPalette: true,
      }) as const,
  ),
  { id: 'claim', label: 'Mark the selection as a claim', group: 'Annotate', keys: ['Alt-c'], annotateKeys: ['c', 'C'], changes: 'annotations', contextMenu: true },
  { id: 'note', label: 'Add a note to the selection', group: 'Annotate', keys: ['Alt-n'], annotateKeys: ['n', 'N'], changes: 'annotations', contextMenu: true },
  { id: 'next-annotation', label: 'Next annotation', group: 'Navigate', keys: ['Alt-ArrowDown'], changes: null },
  { id: 'prev-annotation', label: 'Previous annotation', group: 'Navigate', keys: ['Alt-ArrowUp'], changes: null },
  { id: 'show-codebook', label: 'Show the codebook', group: 'View', keys: [], changes: null },
  { id: 'show-annotations', label: 'Show the annotations', group: 'View', keys: [], changes: null },
  { id: 'show-claims', label: 'Show the claims table', group: 'View', keys: [], changes: null },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];

const byId = new Map<string, CommandSpec>(COMMANDS.map((c) => [c.id, c]));

export function commandSpec(id: CommandId): CommandSpec {
  return byId.get(id)!;
}

/**
 * The edits a user can make that are not commands of their own but fields and buttons of a panel
 * (the details pane, the codebook, metadata, removed text, suggestions). With the commands whose
 * `changes` is set, they are every kind of change that must reach the disk; the end-to-end test
 * of saving has a row for each of both.
 */
export const PANEL_EDITS = [
  'text-edit',
  'restore-removed',
  'metadata-edit',
  'accept-suggestion',
  'reject-suggestion',
  'untag',
  'claim-type',
  'claim-status',
  'claim-worthiness',
  'claim-claimant',
  'claim-add-source',
  'claim-remove-source',
  'note-text',
  'attach',
  'delete-annotation',
  'tag-all-matches',
  'codebook-add-topic',
  'codebook-rename-topic',
  'codebook-recolour-topic',
  'codebook-quick-key',
  'codebook-move-topic',
  'codebook-merge-topics',
  'codebook-delete-topic',
  'codebook-add-claim-type',
  'codebook-add-status',
] as const;

/** Every command that changes the saved file, plus every panel edit: what the save test must cover. */
export function changeKinds(): string[] {
  return [...COMMANDS.filter((c) => c.changes !== null).map((c) => c.id), ...PANEL_EDITS];
}

/** A key as people read it: "Mod-Shift-z" is "Ctrl+Shift+Z" (on macOS "⌘⇧Z" is not used: "Cmd+Shift+Z"). */
export function keyLabel(key: string, mac = false): string {
  return key
    .split('-')
    .map((part) => {
      if (part === 'Mod') return mac ? 'Cmd' : 'Ctrl';
      if (part === 'ArrowDown') return '↓';
      if (part === 'ArrowUp') return '↑';
      if (part === 'Backspace') return mac ? '⌫' : 'Backspace';
      return part.length === 1 ? part.toUpperCase() : part;
    })
    .join('+');
}

/** A label with its first key in brackets, for titles and tooltips: "Save (Ctrl+S)". */
export function titleOf(spec: CommandSpec, mac = false): string {
  const key = spec.keys[0];
  return key ? `${spec.label} (${keyLabel(key, mac)})` : spec.label;
}

/** A key as Electron's accelerators write it: "Mod-Shift-z" is "CmdOrCtrl+Shift+Z". */
export function accelerator(key: string): string {
  return key
    .split('-')
    .map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part === 'ArrowDown' ? 'Down' : part === 'ArrowUp' ? 'Up' : part.length === 1 ? part.toUpperCase() : part))
    .join('+');
}
