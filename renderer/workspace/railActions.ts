/** What the rail's panels do to the transcript: jump to speakers, restore, metadata, suggestions, codebook, the list. */
import { TextSelection, type Command } from 'prosemirror-state';
import { annotate, changeCodebook, markClaim } from '../editor/annotation-commands.js';
import { annotationRange, selectAnnotation } from '../editor/annotations.js';
import { dismissSuggestions, gotoTurn, gotoUnattributed, restoreRemoved, setMetadataField } from '../editor/transcript-commands.js';
import type { TranscriptEditor } from '../editor/editor.js';
import { docPos, indexDoc } from '../editor/positions.js';
import { codebookOf, turnAttrs } from '../editor/schema.js';
import { allTurns, currentTurn } from '../editor/turns.js';
import type { SpeakerDialog } from './commands.js';
import type { SuggestionCache } from './find.js';
import type { RailActions } from './Rail.js';

/** A caret at the start of the working-text offset `start`, scrolled into view, and the focus in the text. */
function caretAt(ed: TranscriptEditor, start: number): void {
  const pos = docPos(indexDoc(ed.state.doc), start);
  ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, pos)).scrollIntoView());
  ed.focus();
}

export function railActionsFor(o: {
  editor(): TranscriptEditor | null;
  readOnly(): boolean;
  openDialog(dialog: SpeakerDialog): void;
  runAndClose(command: Command): void;
  suggestions: SuggestionCache;
  notice(message: string): void;
}): RailActions {
  const withEditor =
    <A extends unknown[]>(run: (ed: TranscriptEditor, ...args: A) => void) =>
    (...args: A): void => {
      const ed = o.editor();
      if (ed) run(ed, ...args);
    };
  return {
    jump: withEditor((ed, speakerId: string | null) => {
      if (speakerId === null) {
        const command = gotoUnattributed(1);
        if (!command(ed.state, (tr) => ed.view.dispatch(tr))) o.notice(command.why(ed.state));
      } else {
        const turns = allTurns(ed.state.doc).filter((t) => turnAttrs(t.node).speaker === speakerId);
        const here = currentTurn(ed.state)?.index ?? -1;
        const next = turns.find((t) => t.index > here) ?? turns[0];
        if (next) gotoTurn(next.pos)(ed.state, (tr) => ed.view.dispatch(tr));
      }
      ed.focus();
    }),
    openDialog: o.openDialog,
    restore: (id) => o.runAndClose(restoreRemoved(id)),
    setMetadata: withEditor((ed, key: string, value: string) => void ed.run(setMetadataField(key, value))),
    suggestions: () => {
      const ed = o.editor();
      return ed ? o.suggestions.candidates(ed) : [];
    },
    // Shown with a caret at its start: its words selected, the next key typed would replace them.
    showSuggestion: withEditor((ed, c) => caretAt(ed, c.start)),
    acceptSuggestion: withEditor((ed, c) => {
      const index = indexDoc(ed.state.doc);
      ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, docPos(index, c.start), docPos(index, c.end))).scrollIntoView());
      const problem = annotate(ed, markClaim);
      if (problem) o.notice(problem);
    }),
    rejectSuggestions: withEditor((ed, texts: string[]) => void ed.run(dismissSuggestions(texts))),
    changeCodebook: withEditor((ed, change) => {
      if (!o.readOnly()) annotate(ed, changeCodebook(change(codebookOf(ed.state))));
    }),
    pickRow: withEditor((ed, row) => {
      let tr = ed.state.tr;
      const range = row.from !== null ? annotationRange(ed.state, row.annotation.id) : null;
      // The caret at its start, not its words selected: a key typed next must not replace them.
      if (range) tr = tr.setSelection(TextSelection.create(ed.state.doc, range.from)).scrollIntoView();
      ed.view.dispatch(selectAnnotation(tr, row.annotation.id));
      ed.focus();
    }),
    notice: o.notice,
  };
}
