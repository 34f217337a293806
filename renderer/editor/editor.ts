/**
 * The transcript editor: one ProseMirror view per open transcript, created once and driven by
 * transactions. React panels subscribe to it; they are told that the document changed, never
 * re-rendered by it on each keystroke.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { EditorState, Plugin, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { TranscriptBody } from '../../shared/model.js';
import type { Command } from './commands.js';
import { gotoUnattributed, mergeWithPrevious } from './commands.js';
import { bodyFromDoc, docFromBody } from './convert.js';
import { docSpeakers } from './schema.js';
import { refreshLabels, TurnView } from './turn-view.js';
import { repairTurnIds } from './turns.js';

/** What the keyboard asks of the surrounding app (pickers and prompts live in React). */
export interface EditorActions {
  reassign(turnPos?: number): void;
  acceptSuggestion(turnPos: number): void;
  split(): void;
  renameSpeaker(): void;
  editRole(): void;
  mergeSpeaker(): void;
  save(): void;
}

export type EditorListener = (tr: Transaction, state: EditorState) => void;

export class TranscriptEditor {
  readonly view: EditorView;
  private readonly listeners = new Set<EditorListener>();
  private readonly turnViews = new Set<TurnView>();
  private editable: boolean;

  constructor(place: HTMLElement, body: TranscriptBody, actions: EditorActions, options: { readOnly: boolean }) {
    this.editable = !options.readOnly;
    const turnViews = this.turnViews;
    const labels = new Plugin({
      view: () => ({
        update: (view, prev) => {
          if (docSpeakers(view.state.doc) !== docSpeakers(prev.doc)) refreshLabels(turnViews);
        },
      }),
    });
    const ids = new Plugin({
      appendTransaction: (trs, _old, state) => (trs.some((tr) => tr.docChanged) ? repairTurnIds(state) : null),
    });
    const state = EditorState.create({
      doc: docFromBody(body),
      plugins: [
        history({ depth: 500, newGroupDelay: 700 }),
        keymap({
          'Mod-z': undo,
          'Mod-Shift-z': redo,
          'Mod-y': redo,
          'Alt-s': () => (actions.reassign(), true),
          'Mod-Shift-Enter': () => (actions.split(), true),
          'Mod-Shift-Backspace': mergeWithPrevious,
          F8: gotoUnattributed(1),
          'Shift-F8': gotoUnattributed(-1),
          F2: () => (actions.renameSpeaker(), true),
          'Alt-r': () => (actions.editRole(), true),
          'Alt-Shift-m': () => (actions.mergeSpeaker(), true),
          'Mod-s': () => (actions.save(), true),
        }),
        keymap(baseKeymap),
        labels,
        ids,
      ],
    });
    this.view = new EditorView(place, {
      state,
      editable: () => this.editable,
      attributes: { class: 'transcript', spellcheck: 'true', 'aria-label': 'Transcript', role: 'textbox', 'aria-multiline': 'true' },
      nodeViews: {
        turn: (node, view, getPos) =>
          new TurnView(
            node,
            view,
            getPos,
            { onLabelClick: (pos) => actions.reassign(pos), onAcceptSuggestion: (pos) => actions.acceptSuggestion(pos) },
            turnViews,
          ),
      },
      dispatchTransaction: (tr) => {
        const next = this.view.state.apply(tr);
        this.view.updateState(next);
        for (const l of this.listeners) l(tr, next);
      },
    });
  }

  get state(): EditorState {
    return this.view.state;
  }

  /** Run a command against the current state. Commands that change the text are refused when read-only. */
  run(command: Command): boolean {
    if (!this.editable) return false;
    return command(this.view.state, (tr) => this.view.dispatch(tr));
  }

  undo(): boolean {
    return this.run(undo);
  }
  redo(): boolean {
    return this.run(redo);
  }

  body(): TranscriptBody {
    return bodyFromDoc(this.view.state.doc);
  }

  subscribe(listener: EditorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setReadOnly(readOnly: boolean): void {
    this.editable = !readOnly;
    this.view.setProps({});
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.listeners.clear();
    this.view.destroy();
  }
}
