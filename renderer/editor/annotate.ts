/**
 * Annotation actions on a TranscriptEditor: each one transaction, so one undo reverts it.
 * Returns a sentence for the user when the action cannot apply, or null when it did.
 */
import { TextSelection } from 'prosemirror-state';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import { emptyCodebook } from '../../shared/annotation.js';
import type { CodebookEdit } from '../../shared/codebook/index.js';
import type { TranscriptEditor } from './editor.js';
import { addAnnotation, listAnnotations, selectAnnotation, updateAnnotation } from './annotations.js';
import { docCodebook, turnAttrs } from './schema.js';
import { turnAtPos } from './turns.js';

export function newAnnotationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `a-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function codebookOf(ed: TranscriptEditor): Codebook {
  return docCodebook(ed.state.doc) ?? emptyCodebook();
}

/**
 * Add an annotation over from..to and select it. With `collapse`, the selection ends up as a caret
 * at the span's end: a claim or a note is followed by its fields, and a key typed next must not
 * replace the words just marked.
 */
function create(ed: TranscriptEditor, kind: Annotation['kind'], topics: string[], from: number, to: number, collapse = false): string | null {
  if (from === to) return 'Select the words to annotate first.';
  const now = new Date().toISOString();
  const speaker = turnAttrs(turnAtPos(ed.state.doc, from)?.node ?? ed.state.doc.child(0)).speaker;
  const data: Annotation = {
    id: newAnnotationId(),
    kind,
    target: { start: 0, end: 0, exact: '', prefix: '', suffix: '' },
    detached: false,
    topics,
    note: '',
    claim:
      kind === 'claim'
        ? { type: 'other', status: codebookOf(ed).statuses[0]?.id ?? 'unchecked', checkWorthiness: null, claimant: speaker, sources: [] }
        : null,
    created: now,
    modified: now,
  };
  const tr = addAnnotation(ed.state.tr, data, from, to);
  // The codebook travels with the sidecar: make sure it is there once something uses it.
  if (!docCodebook(ed.state.doc)) tr.setDocAttribute('codebook', codebookOf(ed));
  if (collapse) tr.setSelection(TextSelection.create(tr.doc, to));
  ed.view.dispatch(selectAnnotation(tr, data.id));
  return null;
}

export function tagWithTopic(ed: TranscriptEditor, topicId: string, range?: { from: number; to: number }): string | null {
  const { from, to } = range ?? ed.state.selection;
  return create(ed, 'topic', [topicId], from, to);
}

export function tagWithKey(ed: TranscriptEditor, key: number): string | null {
  const topic = codebookOf(ed).topics.find((t) => t.key === key);
  if (!topic) return `No topic has the quick key ${key} yet: give one that key in the Codebook panel.`;
  return tagWithTopic(ed, topic.id);
}

export function markClaim(ed: TranscriptEditor): string | null {
  const { from, to } = ed.state.selection;
  return create(ed, 'claim', [], from, to, true);
}

export function addNote(ed: TranscriptEditor): string | null {
  const { from, to } = ed.state.selection;
  return create(ed, 'note', [], from, to, true);
}

/** Tag many ranges with one topic in one transaction (tag all matches). */
export function tagRanges(ed: TranscriptEditor, topicId: string, ranges: { from: number; to: number }[]): void {
  const now = new Date().toISOString();
  const tr = ed.state.tr;
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
  if (!docCodebook(ed.state.doc)) tr.setDocAttribute('codebook', codebookOf(ed));
  ed.view.dispatch(tr);
}

export function editAnnotation(ed: TranscriptEditor, id: string, change: (a: Annotation) => Annotation): void {
  const tr = updateAnnotation(ed.state, ed.state.tr, id, (a) => ({ ...change(a), modified: new Date().toISOString() }));
  ed.view.dispatch(tr);
}

/** Attach a detached annotation to the current selection. */
export function reattach(ed: TranscriptEditor, id: string): string | null {
  const { from, to } = ed.state.selection;
  if (from === to) return 'Select the words to attach the annotation to first.';
  ed.view.dispatch(updateAnnotation(ed.state, ed.state.tr, id, (a) => ({ ...a, detached: false }), { from, to }));
  return null;
}

/** Replace the codebook; with an edit from shared/codebook, the annotations follow in the same step. */
export function changeCodebook(ed: TranscriptEditor, edit: CodebookEdit | Codebook): void {
  const codebook = 'codebook' in edit ? edit.codebook : edit;
  const tr = ed.state.tr.setDocAttribute('codebook', codebook);
  if ('updateAnnotations' in edit) {
    const listed = listAnnotations(ed.state).map((l) => l.annotation);
    const next = edit.updateAnnotations(listed, new Date().toISOString());
    next.forEach((a, i) => {
      if (a !== listed[i]) updateAnnotation(ed.state, tr, a.id, () => a);
    });
  }
  ed.view.dispatch(tr);
}
