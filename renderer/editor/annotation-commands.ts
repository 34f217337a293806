/**
 * Annotation actions as commands (see command.ts): each one transaction, so one undo reverts it.
 * Those the user can ask for with nothing to apply to say why (`why`); `annotate` runs any of them
 * on an editor and hands back that sentence.
 */
import type { Command, EditorState } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import type { CodebookEdit } from '../../shared/codebook/index.js';
import { explained, type ExplainedCommand } from './command.js';
import type { TranscriptEditor } from './editor.js';
import { addAnnotation, listAnnotations, selectAnnotation, updateAnnotation } from './annotations.js';
import { codebookOf, docCodebook, turnAttrs } from './schema.js';
import { turnAtPos } from './turns.js';

export function newAnnotationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `a-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Run an annotation command on the editor: null when it applied, else the sentence saying why not.
 * It dispatches to the view directly, as annotating always has, rather than through
 * `TranscriptEditor.run`, which refuses every command while the transcript is read-only.
 */
export function annotate(ed: TranscriptEditor, command: Command | ExplainedCommand): string | null {
  const state = ed.state;
  if (command(state, (tr) => ed.view.dispatch(tr))) return null;
  return 'why' in command ? command.why(state) : null;
}

const NOTHING_SELECTED = 'Select the words to annotate first.';

/**
 * Add an annotation over from..to and select it. With `collapse`, the selection ends up as a caret
 * at the span's end: a claim or a note is followed by its fields, and a key typed next must not
 * replace the words just marked.
 */
function create(
  kind: Annotation['kind'],
  topics: string[],
  range: (state: EditorState) => { from: number; to: number },
  collapse = false,
): ExplainedCommand {
  return explained(
    (state, dispatch) => {
      const { from, to } = range(state);
      if (from === to) return false;
      if (!dispatch) return true;
      const now = new Date().toISOString();
      const speaker = turnAttrs(turnAtPos(state.doc, from)?.node ?? state.doc.child(0)).speaker;
      const data: Annotation = {
        id: newAnnotationId(),
        kind,
        target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' },
        detached: false,
        topics,
        note: '',
        claim:
          kind === 'claim'
            ? { type: 'other', status: codebookOf(state).statuses[0]?.id ?? 'unchecked', checkWorthiness: null, claimant: speaker, sources: [] }
            : null,
        created: now,
        modified: now,
      };
      const tr = addAnnotation(state.tr, data, from, to);
      // The codebook travels with the sidecar: make sure it is there once something uses it.
      if (!docCodebook(state.doc)) tr.setDocAttribute('codebook', codebookOf(state));
      if (collapse) tr.setSelection(TextSelection.create(tr.doc, to));
      dispatch(selectAnnotation(tr, data.id));
      return true;
    },
    () => NOTHING_SELECTED,
  );
}

const selection = (state: EditorState) => state.selection;

/** Tag `range` (by default the selection) with a topic. */
export function tagWithTopic(topicId: string, range?: { from: number; to: number }): ExplainedCommand {
  return create('topic', [topicId], range ? () => range : selection);
}

/** Tag the selection with the topic that has the quick key `key`. */
export function tagWithKey(key: number): ExplainedCommand {
  const topic = (state: EditorState) => codebookOf(state).topics.find((t) => t.key === key);
  return explained(
    (state, dispatch) => {
      const t = topic(state);
      return t ? tagWithTopic(t.id)(state, dispatch) : false;
    },
    (state) => (topic(state) ? NOTHING_SELECTED : `No topic has the quick key ${key} yet: give one that key in the Codebook panel.`),
  );
}

export const markClaim: ExplainedCommand = create('claim', [], selection, true);

export const addNote: ExplainedCommand = create('note', [], selection, true);

/** Tag many ranges with one topic in one transaction (tag all matches). */
export function tagRanges(topicId: string, ranges: { from: number; to: number }[]): Command {
  return (state, dispatch) => {
    if (!dispatch) return true;
    const now = new Date().toISOString();
    const tr = state.tr;
    for (const r of ranges) {
      const data: Annotation = {
        id: newAnnotationId(),
        kind: 'topic',
        target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' },
        detached: false,
        topics: [topicId],
        note: '',
        claim: null,
        created: now,
        modified: now,
      };
      addAnnotation(tr, data, r.from, r.to);
    }
    if (!docCodebook(state.doc)) tr.setDocAttribute('codebook', codebookOf(state));
    dispatch(tr);
    return true;
  };
}

export function editAnnotation(id: string, change: (a: Annotation) => Annotation): Command {
  return (state, dispatch) => {
    if (dispatch) dispatch(updateAnnotation(state, state.tr, id, (a) => ({ ...change(a), modified: new Date().toISOString() })));
    return true;
  };
}

/** Attach a detached annotation to the current selection. */
export function reattach(id: string): ExplainedCommand {
  return explained(
    (state, dispatch) => {
      const { from, to } = state.selection;
      if (from === to) return false;
      if (dispatch) dispatch(updateAnnotation(state, state.tr, id, (a) => ({ ...a, detached: false }), { from, to }));
      return true;
    },
    () => 'Select the words to attach the annotation to first.',
  );
}

/** Replace the codebook; with an edit from shared/codebook, the annotations follow in the same step. */
export function changeCodebook(edit: CodebookEdit | Codebook): Command {
  return (state, dispatch) => {
    if (!dispatch) return true;
    const codebook = 'codebook' in edit ? edit.codebook : edit;
    const tr = state.tr.setDocAttribute('codebook', codebook);
    if ('updateAnnotations' in edit) {
      const listed = listAnnotations(state).map((l) => l.annotation);
      const next = edit.updateAnnotations(listed, new Date().toISOString());
      next.forEach((a, i) => {
        if (a !== listed[i]) updateAnnotation(state, tr, a.id, () => a);
      });
    }
    dispatch(tr);
    return true;
  };
}
