/**
 * The one form of the editor's commands (transcript-commands.ts, annotation-commands.ts):
 * ProseMirror's `Command`, `(state, dispatch?) => boolean`. Called without dispatch, a command only
 * says whether it applies; with dispatch, it applies in a single transaction, so one undo reverts it.
 *
 * A command the user asks for by name, and that can refuse, also says why: an `ExplainedCommand`
 * carries `why(state)`, the sentence to show when it returned false for that state. The sentence
 * is the command's own, so every place that runs it says the same thing.
 */
import type { Command, EditorState } from 'prosemirror-state';

export interface ExplainedCommand extends Command {
  /** Why the command does not apply to `state`, for the user; asked only after it returned false. */
  why(state: EditorState): string;
}

/** `command`, able to say why it refused. */
export function explained(command: Command, why: (state: EditorState) => string): ExplainedCommand {
  const run: Command = (state, dispatch, view) => command(state, dispatch, view);
  return Object.assign(run, { why });
}
