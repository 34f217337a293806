/**
 * Editing the topics of a codebook. Every function is pure: it returns a new codebook and leaves the
 * one it was given untouched. Refusals are RangeErrors whose message is a sentence for the user.
 *
 * Ids never change once made (annotations and other transcripts' sidecars refer to them); labels,
 * colours, descriptions, parents and keys may. Labels are unique, ignoring case, because the
 * palette, the lists and `inspect --json` show topics by label.
 */
import type { Codebook, Topic } from '../annotation.js';
import { isWithin } from './check.js';
import { annotationUpdate, mapTopicIds, type CodebookEdit } from './edit.js';
import { normaliseColour, pickColour } from './palette.js';

/** What createTopic needs: a label, and optionally the rest. */
export interface NewTopic {
  label: string;
  /** Made from the label when not given ("Defence industry" → "defence-industry"). */
  id?: string;
  /** Picked from the colour-blind-safe palette when not given. */
  color?: string;
  description?: string;
  parent?: string | null;
  /** 1 to 9; a key another topic has moves to this one. */
  key?: number | null;
}

/** Adds a topic at the end of the list (its siblings' order is the display order). */
export function createTopic(codebook: Codebook, spec: NewTopic): { codebook: Codebook; topic: Topic } {
  const label = cleanLabel(spec.label);
  refuseTakenLabel(codebook, label, null);
  const taken = new Set(codebook.topics.map((t) => t.id));
  let id: string;
  if (spec.id === undefined) {
    id = uniqueId(slugOf(label) || 'topic', taken);
  } else {
    id = spec.id.trim();
    if (id === '') throw new RangeError('A topic id cannot be empty.');
    if (taken.has(id)) throw new RangeError(`There is already a topic with the id "${id}".`);
  }
  const parent = spec.parent ?? null;
  if (parent !== null) topicOf(codebook, parent);
  const key = checkKey(spec.key ?? null);
  const topic: Topic = {
    id,
    label,
    color: spec.color === undefined ? pickColour(codebook.topics.map((t) => t.color)) : normaliseColour(spec.color),
    description: spec.description ?? '',
    parent,
    key,
  };
  const topics = withKeyFreed(codebook.topics, key).concat(topic);
  return { codebook: { ...codebook, topics }, topic };
}

export function renameTopic(codebook: Codebook, id: string, label: string): Codebook {
  topicOf(codebook, id);
  const clean = cleanLabel(label);
  refuseTakenLabel(codebook, clean, id);
  return patch(codebook, id, { label: clean });
}

export function recolourTopic(codebook: Codebook, id: string, color: string): Codebook {
  topicOf(codebook, id);
  return patch(codebook, id, { color: normaliseColour(color) });
}

export function describeTopic(codebook: Codebook, id: string, description: string): Codebook {
  topicOf(codebook, id);
  return patch(codebook, id, { description });
}

/** Gives a topic a quick key (1 to 9) or takes it away (null). A key another topic has moves here. */
export function setTopicKey(codebook: Codebook, id: string, key: number | null): Codebook {
  topicOf(codebook, id);
  const checked = checkKey(key);
  const topics = withKeyFreed(codebook.topics, checked).map((t) => (t.id === id ? { ...t, key: checked } : t));
  return { ...codebook, topics };
}

/**
 * Puts a topic under another (or at the top, with null). Its own subtree moves with it. Refuses,
 * with a RangeError, a move under itself or under one of its own descendants: the tree would loop.
 */
export function moveTopic(codebook: Codebook, id: string, parent: string | null): Codebook {
  const topic = topicOf(codebook, id);
  if (parent !== null) {
    const target = topicOf(codebook, parent);
    if (parent === id) throw new RangeError(`"${topic.label}" cannot be put under itself.`);
    if (isWithin(codebook.topics, parent, id)) {
      throw new RangeError(
        `"${topic.label}" cannot be put under "${target.label}": "${target.label}" is inside "${topic.label}", so the tree would loop.`,
      );
    }
  }
  return patch(codebook, id, { parent });
}

/**
 * Merges topic `from` into topic `into`: `from` disappears, its annotations carry `into` instead (an
 * annotation that had both keeps one), and its children move under `into`. `into` keeps its label,
 * colour and description, and takes `from`'s quick key when it has none of its own. When `into` lies
 * inside `from`, it first takes `from`'s place in the tree, so nothing loops.
 */
export function mergeTopics(codebook: Codebook, from: string, into: string): CodebookEdit {
  const source = topicOf(codebook, from);
  topicOf(codebook, into);
  if (from === into) throw new RangeError(`"${source.label}" cannot be merged into itself.`);
  const intoMovesUp = isWithin(codebook.topics, into, from);
  const topics = codebook.topics
    .filter((t) => t.id !== from)
    .map((t) => {
      if (t.id === into) {
        return {
          ...t,
          parent: intoMovesUp ? source.parent : t.parent,
          key: t.key ?? source.key,
        };
      }
      return t.parent === from ? { ...t, parent: into } : t;
    });
  return {
    codebook: { ...codebook, topics },
    updateAnnotations: annotationUpdate((a) =>
      a.topics.includes(from) ? { topics: mapTopicIds(a.topics, (t) => (t === from ? into : t)) } : null,
    ),
  };
}

export interface DeleteTopicOptions {
  /** Give the deleted topic's annotations this topic instead. Without it they lose the topic. */
  reassignTo?: string;
}

/**
 * Deletes a topic. Its children move up to its parent. Its annotations get `reassignTo` instead when
 * given; otherwise the topic is taken off them, and an annotation left with no topic is kept as an
 * uncoded span (listed, to be coded again): an annotation is never dropped.
 */
export function deleteTopic(codebook: Codebook, id: string, options: DeleteTopicOptions = {}): CodebookEdit {
  const gone = topicOf(codebook, id);
  const { reassignTo } = options;
  if (reassignTo !== undefined) {
    topicOf(codebook, reassignTo);
    if (reassignTo === id) throw new RangeError(`"${gone.label}" cannot be reassigned to itself when it is deleted.`);
  }
  const topics = codebook.topics
    .filter((t) => t.id !== id)
    .map((t) => (t.parent === id ? { ...t, parent: gone.parent } : t));
  const replacement = reassignTo ?? null;
  return {
    codebook: { ...codebook, topics },
    updateAnnotations: annotationUpdate((a) =>
      a.topics.includes(id) ? { topics: mapTopicIds(a.topics, (t) => (t === id ? replacement : t)) } : null,
    ),
  };
}

/** The topic with this id; a RangeError naming the id when there is none. */
export function topicOf(codebook: Codebook, id: string): Topic {
  const topic = codebook.topics.find((t) => t.id === id);
  if (!topic) throw new RangeError(`No topic has the id "${id}" in this codebook.`);
  return topic;
}

/**
 * A readable id made from a label: lower case, letters and digits of any script kept (accents off
 * Latin letters), everything else turned into single hyphens, at most 48 characters. Empty when the label has no letter or digit.
 */
export function slugOf(label: string): string {
  // Accents come off Latin letters only ("déjà" → "deja"): in Cyrillic "й" and "ї" are letters of
  // their own, and stripping their marks would turn them into others.
  return label
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3` ... : the first one not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

function cleanLabel(label: string): string {
  const clean = label.trim();
  if (clean === '') throw new RangeError('A topic needs a label.');
  return clean;
}

function refuseTakenLabel(codebook: Codebook, label: string, except: string | null): void {
  const lower = label.toLocaleLowerCase();
  const other = codebook.topics.find((t) => t.id !== except && t.label.toLocaleLowerCase() === lower);
  if (other) throw new RangeError(`There is already a topic called "${other.label}".`);
}

function checkKey(key: number | null): number | null {
  if (key !== null && !(Number.isInteger(key) && key >= 1 && key <= 9)) {
    throw new RangeError(`A quick key is a digit from 1 to 9, not ${String(key)}.`);
  }
  return key;
}

/** The topics with `key` taken off whichever topic had it, so it can move to another. */
function withKeyFreed(topics: readonly Topic[], key: number | null): Topic[] {
  return topics.map((t) => (key !== null && t.key === key ? { ...t, key: null } : t));
}

function patch(codebook: Codebook, id: string, change: Partial<Topic>): Codebook {
  return { ...codebook, topics: codebook.topics.map((t) => (t.id === id ? { ...t, ...change } : t)) };
}
