/**
 * The transcript editor: one ProseMirror view per open transcript, created once and driven by
 * transactions. React panels subscribe to it; they are told that the document changed, never
 * re-rendered by it on each keystroke.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import type { Node as PMNode } from 'prosemirror-model';
import { EditorState, Plugin, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { TranscriptBody } from '../../shared/model.js';
import type { Annotation } from '../../shared/annotation.js';
import { COMMANDS, type CommandId } from '../../shared/commands.js';
import { caretIntoTurn } from './transcript-commands.js';
import { bodyFromDoc, docFromBody } from './convert.js';
import { docSpeakers } from './schema.js';
import { listenToGutters, refreshLabels, TurnView, type TurnViewHooks } from './turn-view.js';
import { repairTurnIds } from './turns.js';
import { bidiControlsPlugin } from './bidi-controls.js';
import { afterNextFrame } from './frames.js';
import {
  annotationPlugin,
  annotationsAt,
  annotationSnapshot,
  annotationsOf,
  listAnnotations,
  loadAnnotations,
  sameAnnotations,
  selectAnnotation,
  type AnnotationSnapshot,
} from './annotations.js';
import { indexDoc } from './positions.js';

/**
 * What the editor asks of the surrounding app: the commands of the command table
 * (shared/commands.ts), whose keys the editor's keymap is built from, and the gutter's clicks.
 */
export interface EditorActions {
  /** Run a command of the table; false when it does not apply (the key then does what it would). */
  run(id: CommandId): boolean;
  /** The gutter's label was clicked: reassign that turn (the caret is in it already). */
  reassign(turnPos: number): void;
  acceptSuggestion(turnPos: number): void;
  /** Tab: move to the selected annotation's details; false when none is selected (Tab then leaves as usual). */
  focusDetails(): boolean;
}

/**
 * Exactly what a save writes, as immutable parts: two snapshots with the same parts save the same
 * file (see Autosave). Until the annotations are loaded they are the list they came with.
 */
export interface EditorSnapshot {
  readonly doc: PMNode;
  readonly annotations: AnnotationSnapshot | readonly Annotation[];
}

export function sameSnapshot(a: EditorSnapshot, b: EditorSnapshot): boolean {
  if (a.doc !== b.doc) return false;
  if (Array.isArray(a.annotations) || Array.isArray(b.annotations)) return a.annotations === b.annotations;
  return sameAnnotations(a.annotations as AnnotationSnapshot, b.annotations as AnnotationSnapshot);
}

/** The editor's keymap: every key of the command table, each running its command. */
function commandKeys(actions: EditorActions): Record<string, Command> {
  const keys: Record<string, Command> = {};
  for (const spec of COMMANDS) for (const k of spec.keys) keys[k] = () => actions.run(spec.id);
  return keys;
}

/** Annotate mode's bare keys (1 to 9, C, N), from the command table. */
const ANNOTATE_KEYS = new Map<string, CommandId>(COMMANDS.flatMap((spec) => ('annotateKeys' in spec ? spec.annotateKeys.map((k) => [k, spec.id] as const) : [])));

export type EditorMode = 'edit' | 'annotate';

/**
 * Whether some turn of `after` was made anew rather than edited: a text edit keeps its turn's
 * attributes object, so when every turn kept its own, no id can have become a duplicate and the
 * full check of every turn id on each keystroke is not needed.
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
          const command = ANNOTATE_KEYS.get(event.key);
          if (command) return actions.run(command), true;
          // Everything else that would change the text is swallowed; arrows and selection keys pass.
          // Tab passes too: it moves to the details pane.
          return event.key.length === 1 || ['Backspace', 'Delete', 'Enter'].includes(event.key);
        },
        handleTextInput: () => this.mode === 'annotate',
        handlePaste: () => this.mode === 'annotate',
        handleDrop: () => this.mode === 'annotate',
        // A click puts the caret where it landed, in the same transaction that picks the annotation
        // there: a transaction of the old selection, dispatched before ProseMirror had read the
        // click's, put the old selection back, so the next key typed replaced it.
        handleClick: (view, pos, event) => {
          // A right click keeps the selection: the context menu acts on it.
          if (event.button !== 0) return false;
          const state = view.state;
          const at = annotationsAt(state, pos);
          const tr = state.tr.setSelection(TextSelection.near(state.doc.resolve(pos)));
          view.dispatch(selectAnnotation(tr, at[0]?.annotation.id ?? null));
          return true;
        },
      },
    });
    const state = EditorState.create({
      doc: docFromBody(body),
      plugins: [
        history({ depth: 500, newGroupDelay: 700 }),
        keymap({ ...commandKeys(actions), Tab: () => actions.focusDetails() }),
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
    // one scope, which the editor's handlers keep alive as long as the editor (the annotations as
    // opened stayed in memory that way).
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

  /** What a save would write now (see EditorSnapshot). */
  snapshot(): EditorSnapshot {
    return { doc: this.view.state.doc, annotations: this.pending ?? annotationSnapshot(this.view.state) };
  }

  /** The transcript as it stands, annotations included: waits until they are in (see the constructor). */
  async body(): Promise<TranscriptBody> {
    if (!this.annotationsLoaded) await this.loaded;
    return this.bodyOf(this.snapshot());
  }

  /** The transcript as `snapshot` holds it. */
  bodyOf(snapshot: EditorSnapshot): TranscriptBody {
    const annotations = Array.isArray(snapshot.annotations)
      ? [...(snapshot.annotations as readonly Annotation[])]
      : annotationsOf(snapshot.annotations as AnnotationSnapshot, indexDoc(snapshot.doc));
    return { ...bodyFromDoc(snapshot.doc), annotations };
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

  /**
   * Go to the next (1) or previous (-1) annotation after the cursor, wrapping around: the caret at
   * its start and the annotation selected (its highlight marked, its details shown). Not its words
   * selected: the next key typed would replace them, and the user did not select them.
   */
  stepAnnotation(dir: 1 | -1): boolean {
    const list = listAnnotations(this.state).filter((l) => l.range);
    if (!list.length) return false;
    const head = this.state.selection.from;
    const next =
      dir === 1
        ? (list.find((l) => l.range!.from > head) ?? list[0])
        : ([...list].reverse().find((l) => l.range!.from < head) ?? list[list.length - 1]);
    if (!next?.range) return false;
    const tr = this.state.tr.setSelection(TextSelection.create(this.state.doc, next.range.from)).scrollIntoView();
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
