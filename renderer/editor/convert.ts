/** Between the stored transcript body and the editor document. Both directions are lossless. */
import type { Node as PMNode } from 'prosemirror-model';
import type { TranscriptBody, Turn } from '../../shared/model.js';
import { docHistory, docMetadata, docRemoved, docSpeakers, schema, turnAttrs } from './schema.js';

export function paragraphNode(text: string): PMNode {
  return schema.nodes.paragraph.create(null, text ? schema.text(text) : null);
}

export function turnNode(turn: Turn): PMNode {
  const attrs = { id: turn.id, speaker: turn.speaker, label: turn.label };
  const paragraphs = turn.paragraphs.length ? turn.paragraphs : [''];
  return schema.nodes.turn.create(attrs, paragraphs.map(paragraphNode));
}

export function docFromBody(body: TranscriptBody): PMNode {
  const turns = body.turns.length
    ? body.turns.map(turnNode)
    : // ProseMirror needs one turn; an empty transcript gets an empty unattributed one.
      [turnNode({ id: 't1', speaker: null, label: null, paragraphs: [''] })];
  return schema.nodes.doc.create(
    {
      speakers: body.speakers,
      removed: body.removed,
      history: body.history,
      metadata: body.metadata,
    },
    turns,
  );
}

export function turnFromNode(node: PMNode): Turn {
  const attrs = turnAttrs(node);
  const paragraphs: string[] = [];
  node.forEach((p) => paragraphs.push(p.textContent));
  return { id: attrs.id, speaker: attrs.speaker, label: attrs.label, paragraphs };
}

export function bodyFromDoc(doc: PMNode): TranscriptBody {
  const turns: Turn[] = [];
  doc.forEach((t) => turns.push(turnFromNode(t)));
  return {
    metadata: { ...docMetadata(doc) },
    speakers: docSpeakers(doc).map((s) => ({ ...s, aliases: [...s.aliases] })),
    turns,
    removed: docRemoved(doc).map((r) => ({ ...r })),
    history: docHistory(doc).map((h) => ({ ...h })),
  };
}
