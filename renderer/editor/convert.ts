/** Between the stored transcript body and the editor document. Both directions are lossless. */
import type { Node as PMNode } from 'prosemirror-model';
import type { NonSpeech, TranscriptBody, Turn } from '../../shared/model.js';
import { docCodebook, docDismissed, docHistory, docMetadata, docRemoved, docSpeakers, schema, turnAttrs, type TurnAttrs } from './schema.js';

/** A paragraph; `marked` are [from, to) ranges of non-speech within it. */
export function paragraphNode(text: string, marked: readonly (readonly [number, number])[] = []): PMNode {
  if (!text) return schema.nodes.paragraph.create();
  // Most paragraphs have no non-speech: one text node, made without the work below (thousands of them open at once).
  if (!marked.length) return schema.nodes.paragraph.create(null, schema.text(text));
  const cuts = marked
    .map(([from, to]) => [Math.max(0, Math.min(from, text.length)), Math.max(0, Math.min(to, text.length))] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const pieces: PMNode[] = [];
  let at = 0;
  const mark = schema.marks.nonspeech.create();
  for (const [from, to] of cuts) {
    if (from < at) continue; // overlapping ranges: the first one wins
    if (from > at) pieces.push(schema.text(text.slice(at, from)));
    pieces.push(schema.text(text.slice(from, to), [mark]));
    at = to;
  }
  if (at < text.length) pieces.push(schema.text(text.slice(at)));
  return schema.nodes.paragraph.create(null, pieces);
}

/** `s`, or an equal string met before and kept in `strings`. */
function shared(s: string | null, strings: Map<string, string> | undefined): string | null {
  if (s === null || !strings) return s;
  const known = strings.get(s);
  if (known !== undefined) return known;
  strings.set(s, s);
  return s;
}

/**
 * A turn's node. With `strings`, its speaker id and label are shared with the equal ones of other
 * turns made with the same map: parsed JSON gives every turn its own copy, a few dozen values
 * repeated over thousands of turns.
 */
export function turnNode(turn: Turn, strings?: Map<string, string>): PMNode {
  const attrs = {
    id: turn.id,
    speaker: shared(turn.speaker, strings),
    label: shared(turn.label, strings),
    start: turn.start ?? null,
    end: turn.end ?? null,
    suggestion: turn.suggestion ?? null,
  };
  const paragraphs = turn.paragraphs.length ? turn.paragraphs : [''];
  const nonSpeech = turn.nonSpeech;
  const node = schema.nodes.turn.create(
    attrs,
    paragraphs.map((text, i) =>
      paragraphNode(text, nonSpeech ? nonSpeech.filter((n) => n.paragraph === i).map((n) => [n.from, n.to] as const) : undefined),
    ),
  );
  return withPlainAttrs(node, attrs);
}

/**
 * `node` holding `attrs` itself, an ordinary object with the same keys and values as the one
 * ProseMirror made. Why: ProseMirror builds attributes with `Object.create(null)`, which V8 keeps
 * as a hash table, several times the size of an ordinary object of six fields, once for every
 * turn of a transcript. The node is new and not yet seen by anything, so putting an equal object
 * in place changes nothing else.
 */
function withPlainAttrs(node: PMNode, attrs: Readonly<Record<keyof TurnAttrs, unknown>>): PMNode {
  const made = node.attrs;
  const keys = Object.keys(made);
  // Only when ProseMirror computed exactly these (no default filled in, nothing left out).
  if (keys.length === Object.keys(attrs).length && keys.every((k) => Object.is(made[k], attrs[k as keyof TurnAttrs]))) {
    (node as { attrs: PMNode['attrs'] }).attrs = attrs;
  }
  return node;
}

export function docFromBody(body: TranscriptBody): PMNode {
  const strings = new Map<string, string>();
  const turns = body.turns.length
    ? body.turns.map((turn) => turnNode(turn, strings))
    : // ProseMirror needs one turn; an empty transcript gets an empty unattributed one.
      [turnNode({ id: 't1', speaker: null, label: null, paragraphs: [''] })];
  return schema.nodes.doc.create(
    {
      speakers: body.speakers,
      removed: body.removed,
      history: body.history,
      metadata: body.metadata,
      codebook: body.codebook ?? null,
      dismissed: body.dismissed ?? [],
    },
    turns,
  );
}

export function turnFromNode(node: PMNode): Turn {
  const attrs = turnAttrs(node);
  const paragraphs: string[] = [];
  const nonSpeech: NonSpeech[] = [];
  node.forEach((p, _offset, paragraph) => {
    paragraphs.push(p.textContent);
    let at = 0;
    p.forEach((text) => {
      const size = text.text?.length ?? 0;
      if (schema.marks.nonspeech.isInSet(text.marks)) {
        const last = nonSpeech[nonSpeech.length - 1];
        if (last && last.paragraph === paragraph && last.to === at) last.to = at + size;
        else nonSpeech.push({ paragraph, from: at, to: at + size });
      }
      at += size;
    });
  });
  const turn: Turn = { id: attrs.id, speaker: attrs.speaker, label: attrs.label, paragraphs };
  if (attrs.start !== null) turn.start = attrs.start;
  if (attrs.end !== null) turn.end = attrs.end;
  if (nonSpeech.length) turn.nonSpeech = nonSpeech;
  if (attrs.suggestion) turn.suggestion = attrs.suggestion;
  return turn;
}

/** The body without annotations (they live in the annotation plugin's state: see annotations.ts). */
export function bodyFromDoc(doc: PMNode): TranscriptBody {
  const turns: Turn[] = [];
  doc.forEach((t) => turns.push(turnFromNode(t)));
  const body: TranscriptBody = {
    metadata: { ...docMetadata(doc) },
    speakers: docSpeakers(doc).map((s) => ({ ...s, aliases: [...s.aliases] })),
    turns,
    removed: docRemoved(doc).map((r) => ({ ...r })),
    history: docHistory(doc).map((h) => ({ ...h })),
  };
  const codebook = docCodebook(doc);
  if (codebook) body.codebook = codebook;
  const dismissed = docDismissed(doc);
  if (dismissed.length) body.dismissed = [...dismissed];
  return body;
}
