/**
 * The command table (shared/commands.ts) made runnable for one open transcript: each spec joined
 * to what it does here. The editor's keymap, the palette, the toolbar, the context menu and the
 * keys that work while a panel has the focus all run commands through `run`, so each command is
 * written once.
 */
import { COMMANDS, commandSpec, keyLabel, type CommandId, type CommandSpec } from '../../shared/commands.js';
import type { PaletteItem } from '../components/Palette.js';
import { addNote, annotate, markClaim, tagWithKey } from '../editor/annotation-commands.js';
import type { ExplainedCommand } from '../editor/command.js';
import { gotoUnattributed, mergeWithPrevious } from '../editor/transcript-commands.js';
import type { EditorMode, TranscriptEditor } from '../editor/editor.js';
import { turnAttrs } from '../editor/schema.js';
import { currentTurn } from '../editor/turns.js';

export type SpeakerDialog =
  | { kind: 'reassign'; turnPos?: number }
  | { kind: 'split' }
  | { kind: 'rename'; speakerId: string }
  | { kind: 'role'; speakerId: string }
  | { kind: 'merge'; speakerId: string };

export type RailTab = 'speakers' | 'codebook' | 'annotations' | 'claims' | 'suggestions' | 'removed' | 'metadata';

/** What commands may ask of the workspace around the editor. */
export interface CommandHost {
  editor(): TranscriptEditor | null;
  readOnly(): boolean;
  openDialog(dialog: SpeakerDialog): void;
  setMode(mode: EditorMode): void;
  setTab(tab: RailTab): void;
  palette(): void;
  find(): void;
  exportDialog(): void;
  save(): void;
  close(): void;
  /** Tell the user why a command did nothing. */
  notice(message: string): void;
  /** An annotation was just made: move the focus where its kind is worked on next. */
  annotated(kind: 'topic' | 'claim' | 'note'): void;
}

export interface RunnableCommand extends CommandSpec {
  readonly id: CommandId;
  /** Run it; false when it did not apply (a key then does what it would otherwise do). */
  run(): boolean;
}

/** Said when a change is asked of a transcript open read-only (the banner above says why). */
export const READ_ONLY_NOTICE = 'This transcript is open read-only: see the message above.';

/** Commands that change the transcript, refused with a word when it is read-only. */
const WRITES = new Set<CommandId>(COMMANDS.filter((c) => c.changes !== null).map((c) => c.id));

export function buildCommands(host: CommandHost): Map<CommandId, RunnableCommand> {
  const withEditor =
    (run: (ed: TranscriptEditor) => boolean) =>
    (): boolean => {
      const ed = host.editor();
      return ed ? run(ed) : false;
    };
  const withCurrentSpeaker = (open: (speakerId: string) => void) =>
    withEditor((ed) => {
      const t = currentTurn(ed.state);
      const id = t ? turnAttrs(t.node).speaker : null;
      if (id) open(id);
      else host.notice('This turn has no speaker yet: attribute it first (Alt+S).');
      return true;
    });
  const annotating = (kind: 'topic' | 'claim' | 'note', command: ExplainedCommand) =>
    withEditor((ed) => {
      const problem = annotate(ed, command);
      if (problem) host.notice(problem);
      else host.annotated(kind);
      return true;
    });
  const unattributed = (dir: 1 | -1) =>
    withEditor((ed) => {
      const command = gotoUnattributed(dir);
      if (!command(ed.state, (tr) => ed.view.dispatch(tr))) host.notice(command.why(ed.state));
      ed.focus();
      return true;
    });

  const runs: Record<CommandId, () => boolean> = {
    save: () => (host.save(), true),
    export: () => (host.exportDialog(), true),
    close: () => (host.close(), true),
    undo: withEditor((ed) => ed.undo()),
    redo: withEditor((ed) => ed.redo()),
    palette: () => (host.palette(), true),
    find: () => (host.find(), true),
    mode: withEditor((ed) => (host.setMode(ed.mode === 'edit' ? 'annotate' : 'edit'), true)),
    reassign: () => (host.openDialog({ kind: 'reassign' }), true),
    split: () => (host.openDialog({ kind: 'split' }), true),
    'merge-turn': withEditor((ed) => {
      if (!ed.run(mergeWithPrevious)) host.notice(mergeWithPrevious.why(ed.state));
      ed.focus();
      return true;
    }),
    'rename-speaker': withCurrentSpeaker((speakerId) => host.openDialog({ kind: 'rename', speakerId })),
    'speaker-role': withCurrentSpeaker((speakerId) => host.openDialog({ kind: 'role', speakerId })),
    'merge-speaker': withCurrentSpeaker((speakerId) => host.openDialog({ kind: 'merge', speakerId })),
    'next-unattributed': unattributed(1),
    'prev-unattributed': unattributed(-1),
    'tag-1': annotating('topic', tagWithKey(1)),
    'tag-2': annotating('topic', tagWithKey(2)),
    'tag-3': annotating('topic', tagWithKey(3)),
    'tag-4': annotating('topic', tagWithKey(4)),
    'tag-5': annotating('topic', tagWithKey(5)),
    'tag-6': annotating('topic', tagWithKey(6)),
    'tag-7': annotating('topic', tagWithKey(7)),
    'tag-8': annotating('topic', tagWithKey(8)),
    'tag-9': annotating('topic', tagWithKey(9)),
    claim: annotating('claim', markClaim),
    note: annotating('note', addNote),
    'next-annotation': withEditor((ed) => ed.stepAnnotation(1)),
    'prev-annotation': withEditor((ed) => ed.stepAnnotation(-1)),
    'show-codebook': () => (host.setTab('codebook'), true),
    'show-annotations': () => (host.setTab('annotations'), true),
    'show-claims': () => (host.setTab('claims'), true),
  };

  return new Map(
    COMMANDS.map((spec) => {
      const id: CommandId = spec.id;
      const run = runs[id];
      const guarded = WRITES.has(id)
        ? () => {
            if (!host.readOnly()) return run();
            host.notice(READ_ONLY_NOTICE);
            return true;
          }
        : run;
      return [id, { ...commandSpec(id), id, run: guarded }];
    }),
  );
}

/** The palette's items: a "Tag with" item per topic of the codebook, then every command it lists. */
export function paletteItems(
  commands: ReadonlyMap<CommandId, RunnableCommand>,
  topics: readonly { id: string; label: string; key: number | null }[],
  tag: (topicId: string) => void,
): PaletteItem[] {
  const tags: PaletteItem[] = topics.map((t) => ({
    id: `topic:${t.id}`,
    label: `Tag with ${t.label}`,
    keys: t.key ? keyLabel(`Alt-${t.key}`) : undefined,
    group: 'Topic',
    run: () => tag(t.id),
  }));
  const actions: PaletteItem[] = [...commands.values()]
    .filter((c) => !c.hiddenFromPalette)
    .map((c) => ({ id: c.id, label: c.label, keys: c.keys[0] ? keyLabel(c.keys[0]) : undefined, group: 'Action', run: () => void c.run() }));
  return [...tags, ...actions];
}
