/**
 * The transcript editor: one ProseMirror view per open transcript, created once and driven by
 * transactions. React panels subscribe to it; they are told that the document changed, never
 * re-rendered by it on each keystroke.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, Plugin, TextSelection, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { TranscriptBody } from '../../shared/model.js';
import type { Annotation } from '../../shared/annotation.js';
import type { Command } from './commands.js';
import { caretIntoTurn, gotoUnattributed, mergeWithPrevious } from './commands.js';
import { bodyFromDoc, docFromBody } from './convert.js';
import { docSpeakers } from './schema.js';
import { listenToGutters, refreshLabels, TurnView, type TurnViewHooks } from './turn-view.js';
import { repairTurnIds } from './turns.js';
import { bidiControlsPlugin } from './bidi-controls.js';
import { afterNextFrame } from './frames.js';
import { annotationPlugin, annotationsForSave, listAnnotations, loadAnnotations, selectAnnotation } from './annotations.js';

/** What the keyboard asks of the surrounding app (pickers and prompts live in React). */
export interface EditorActions {
  reassign(turnPos?: number): void;
  acceptSuggestion(turnPos: number): void;
  split(): void;
  renameSpeaker(): void;
  editRole(): void;
  mergeSpeaker(): void;
  save(): void;
  /** Tag the selection with the topic whose quick key is `key` (1 to 9). */
  tag(key: number): void;
  claim(): void;
  note(): void;
  palette(): void;
  find(): void;
  toggleMode(): void;
  exportDialog(): void;
  /** The caret moved onto annotations, or a click picked one. */
  pick(pos: number): void;
}

export type EditorMode = 'edit' | 'annotate';

/**
 * Whether some turn of `after` was made anew rather than edited: a text edit keeps its turn's
 * attributes object, so when every turn kept its own, no id can have become a duplicate and the
 * full check of 2,000 turn ids on each keystroke is not needed.
 */
function turnsRemade(before: PMNode, after: PMNode): boolean {
  if (before.childCount !== after.childCount) return true;
  for (let i = 0; i < after.childCount; i++) if (before.child(i).attrs !== after.child(i).attrs) return true;
  return false;
}

export type EditorListener = (tr: Transaction, state: EditorState) => void;

export class TranscriptEditor {
  readonly view: EditorView;
  private readonly listeners = new Set<EditorListener>();
  private editable: boolean;
  mode: EditorMode = 'edit';

  /**
   * @param options.annotations where the annotations come from when `body` was opened without them
   *   (the API's `deferAnnotations`): fetched once the transcript is painted. Until they are in, the
   *   body cannot be taken (`body()` waits), so no save or export can leave them out.
   */
  constructor(
    place: HTMLElement,
    body: TranscriptBody,
    actions: EditorActions,
    options: { readOnly: boolean; annotations?: () => Promise<readonly Annotation[]>; onAnnotationsFailed?: (e: unknown) => void },
  ) {
    this.editable = !options.readOnly;
    const labels = new Plugin({
      view: () => ({
        update: (view, prev) => {
          if (docSpeakers(view.state.doc) !== docSpeakers(prev.doc)) refreshLabels(view.dom);
        },
      }),
    });
    const ids = new Plugin({
      appendTransaction: (trs, old, state) => (trs.some((tr) => tr.docChanged) && turnsRemade(old.doc, state.doc) ? repairTurnIds(state) : null),
    });
    // Annotate mode: the text is read-only, so bare keys can tag without risk of overwriting.
    const annotateMode = new Plugin({
      props: {
        handleKeyDown: (_view, event) => {
          if (this.mode !== 'annotate' || event.ctrlKey || event.metaKey || event.altKey) return false;
          const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : 0;
          if (digit) return actions.tag(digit), true;
          if (event.key === 'c' || event.key === 'C') return actions.claim(), true;
          if (event.key === 'n' || event.key === 'N') return actions.note(), true;
          // Everything else that would change the text is swallowed; arrows and selection keys pass.
          return event.key.length === 1 || ['Backspace', 'Delete', 'Enter', 'Tab'].includes(event.key);
        },
        handleTextInput: () => this.mode === 'annotate',
        handlePaste: () => this.mode === 'annotate',
        handleDrop: () => this.mode === 'annotate',
        handleClick: (_view, pos) => (actions.pick(pos), false),
      },
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
          'Alt-c': () => (actions.claim(), true),
          'Alt-n': () => (actions.note(), true),
          'Alt-ArrowDown': () => this.stepAnnotation(1),
          'Alt-ArrowUp': () => this.stepAnnotation(-1),
          'Mod-k': () => (actions.palette(), true),
          'Mod-Shift-p': () => (actions.palette(), true),
          'Mod-f': () => (actions.find(), true),
          'Mod-m': () => (actions.toggleMode(), true),
          'Mod-e': () => (actions.exportDialog(), true),
          ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [`Alt-${n}`, () => (actions.tag(n), true)])),
        }),
        annotateMode,
        keymap(baseKeymap),
        labels,
        ids,
        annotationPlugin(),
        bidiControlsPlugin(),
      ],
    });
    // A click in a turn's gutter puts the caret in that turn first, in a transaction of its own: the
    // change that follows then starts from there, so undoing it puts the caret back in that turn
    // (undo restores the selection from before a change) instead of scrolling to wherever it was.
    const hooks: TurnViewHooks = {
      onLabelClick: (pos) => (this.caretInto(pos), actions.reassign(pos)),
      onAcceptSuggestion: (pos) => (this.caretInto(pos), actions.acceptSuggestion(pos)),
    };
    this.view = new EditorView(place, {
      state,
      editable: () => this.editable,
      attributes: { class: 'transcript', spellcheck: 'true', 'aria-label': 'Transcript', role: 'textbox', 'aria-multiline': 'true' },
      nodeViews: {
        turn: (node, view, getPos) => new TurnView(node, view, getPos, hooks),
      },
      dispatchTransaction: (tr) => {
        const next = this.view.state.apply(tr);
        this.view.updateState(next);
        for (const l of this.listeners) l(tr, next);
      },
    });
    this.stopGutters = listenToGutters(this.view.dom);
    // Held by the editor only until loaded, and never by a closure of this constructor: those share
    // one scope, which the editor's handlers keep alive as long as the editor (10,000 annotations
    // as opened, 2 MB, stayed in memory that way).
    this.pending = options.annotations ? null : (body.annotations ?? []);
    const fetchAnnotations = options.annotations;
    const failed = options.onAnnotationsFailed;
    this.loaded = new Promise<void>((resolve, reject) => {
      afterNextFrame(() => {
        // The editor's first frame is painted: the transcript is on screen and typing works from here on.
        performance.mark('parley:editor-painted');
        const load = (list: readonly Annotation[]) => {
          if (this.destroyed) return;
          loadAnnotations(this.view, list);
          this.pending = null;
          this.annotationsLoaded = true;
          resolve();
          afterNextFrame(() => performance.mark('parley:annotations-drawn'));
        };
        if (!fetchAnnotations) {
          if (this.destroyed || !this.pending) return;
          load(this.pending);
          return;
        }
        fetchAnnotations().then(load, (e: unknown) => {
          // Without its annotations the transcript must not be saved: that would drop them.
          this.setReadOnly(true);
          reject(e instanceof Error ? e : new Error(String(e)));
          failed?.(e);
        });
      });
    });
    // Waited on by body(); a failure is reported through onAnnotationsFailed, not as an unhandled rejection.
    this.loaded.catch(() => undefined);
  }

  /** Settles when the annotations are in the editor (rejects if they could not be fetched). */
  readonly loaded: Promise<void>;

  /** The annotations as opened, until they are loaded into the editor. */
  private pending: readonly Annotation[] | null = null;
  private destroyed = false;
  private readonly stopGutters: () => void;

  /** Whether the transcript's annotations are in the editor yet (they load right after the first paint). */
  annotationsLoaded = false;

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

  /** The transcript as it stands, annotations included: waits until they are in (see the constructor). */
  async body(): Promise<TranscriptBody> {
    if (!this.annotationsLoaded) await this.loaded;
    const state = this.view.state;
    return { ...bodyFromDoc(state.doc), annotations: this.pending ? [...this.pending] : annotationsForSave(state) };
  }

  subscribe(listener: EditorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setReadOnly(readOnly: boolean): void {
    this.editable = !readOnly;
    this.view.setProps({});
  }

  /** Put the caret in the turn at `turnPos` (see caretIntoTurn), in a transaction of its own; no scrolling. */
  private caretInto(turnPos: number): void {
    const tr = caretIntoTurn(this.state.tr, turnPos);
    if (tr.selectionSet) this.view.dispatch(tr);
  }

  /** Move the selection to the next (1) or previous (-1) annotation after the cursor, wrapping around. */
  stepAnnotation(dir: 1 | -1): boolean {
    const list = listAnnotations(this.state).filter((l) => l.range);
    if (!list.length) return false;
    const head = this.state.selection.from;
    const next =
      dir === 1
        ? (list.find((l) => l.range!.from > head) ?? list[0])
        : ([...list].reverse().find((l) => l.range!.from < head) ?? list[list.length - 1]);
    if (!next?.range) return false;
    const tr = this.state.tr.setSelection(TextSelection.create(this.state.doc, next.range.from, next.range.to)).scrollIntoView();
    this.view.dispatch(selectAnnotation(tr, next.annotation.id));
    return true;
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.destroyed = true;
    this.stopGutters();
    this.listeners.clear();
    this.view.destroy();
  }
}
