/**
 * The editor's document: `doc > turn+ > paragraph+ > text`.
 *
 * What belongs to the whole transcript (speakers, removed text, the attribution log, metadata)
 * lives in document attributes, changed through `DocAttrStep`s. That way a rename or a restored
 * block is an ordinary step: prosemirror-history undoes it like typing, with no second history.
 */
import { Schema, type Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { Codebook } from '../../shared/annotation.js';
import { emptyCodebook } from '../../shared/annotation.js';
import type { AttributionChange, Metadata, Removed, Speaker, Suggestion } from '../../shared/model.js';

export const schema = new Schema({
  nodes: {
    doc: {
      content: 'turn+',
      attrs: {
        speakers: { default: [] },
        removed: { default: [] },
        history: { default: [] },
        metadata: { default: {} },
        codebook: { default: null },
        dismissed: { default: [] },
      },
    },
    turn: {
      content: 'paragraph+',
      // `id` has a default only so ProseMirror can create a turn when it must (for example to fill
      // a required position); the ids plugin gives every such turn a fresh id at once.
      attrs: {
        id: { default: '' },
        speaker: { default: null },
        label: { default: null },
        start: { default: null },
        end: { default: null },
        suggestion: { default: null },
      },
      // A turn is a unit of attribution: Backspace at its start must not silently fold it into
      // the previous speaker's turn. Merging is an explicit command.
      isolating: true,
      defining: true,
      toDOM: (node) => ['section', { class: 'turn', 'data-turn-id': node.attrs.id as string }, 0],
      parseDOM: [
        {
          tag: 'section.turn',
          getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-turn-id') ?? 'pasted' }),
        },
      ],
    },
    paragraph: {
      content: 'text*',
      toDOM: () => ['p', 0],
      parseDOM: [{ tag: 'p' }],
    },
    text: {},
  },
  marks: {
    /** Non-speech inside a turn ("(Laughter.)", "[crosstalk]"): kept in the text, drawn apart. */
    nonspeech: {
      inclusive: false,
      toDOM: () => ['span', { class: 'nonspeech', title: 'Not speech (a stage direction or transcriber note)' }, 0],
      parseDOM: [{ tag: 'span.nonspeech' }],
    },
  },
});

export interface TurnAttrs {
  id: string;
  speaker: string | null;
  label: string | null;
  start: number | null;
  end: number | null;
  suggestion: Suggestion | null;
}

/** Typed readers for the document attributes (ProseMirror stores them untyped). */
export function docSpeakers(doc: PMNode): readonly Speaker[] {
  return doc.attrs.speakers as Speaker[];
}
export function docRemoved(doc: PMNode): readonly Removed[] {
  return doc.attrs.removed as Removed[];
}
export function docHistory(doc: PMNode): readonly AttributionChange[] {
  return doc.attrs.history as AttributionChange[];
}
export function docMetadata(doc: PMNode): Metadata {
  return doc.attrs.metadata as Metadata;
}
/** The claim suggestions the user rejected, by their sentence's text. */
export function docDismissed(doc: PMNode): readonly string[] {
  return doc.attrs.dismissed as string[];
}
/** The codebook the transcript carries, or null before anything used one (see codebookOf). */
export function docCodebook(doc: PMNode): Codebook | null {
  return (doc.attrs.codebook as Codebook | null) ?? null;
}
/** The codebook to work with: the transcript's, or an empty one when it has none yet. */
export function codebookOf(of: PMNode | EditorState): Codebook {
  return docCodebook('doc' in of ? of.doc : of) ?? emptyCodebook();
}
export function turnAttrs(turn: PMNode): TurnAttrs {
  return turn.attrs as TurnAttrs;
}
