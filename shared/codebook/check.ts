/**
 * What the schema cannot say about a codebook: ids are unique, parents exist, the topic tree has no
 * loop, and no quick key is used twice. The editor and the tree display rely on all four, so a
 * codebook that breaks one is refused on read and never written.
 */
import type { Codebook, Topic } from '../annotation.js';

/** Describes the first problem of a codebook as a phrase ("two topics have the id ..."), or null. */
export function checkCodebook(codebook: Codebook): string | null {
  const byId = new Map<string, Topic>();
  for (const t of codebook.topics) {
    if (byId.has(t.id)) return `two topics have the id "${t.id}"`;
    byId.set(t.id, t);
  }
  const keys = new Map<number, Topic>();
  for (const t of codebook.topics) {
    if (t.parent !== null && !byId.has(t.parent)) {
      return `the topic "${t.label}" names the parent "${t.parent}", which is not in the codebook`;
    }
    if (t.key !== null) {
      const other = keys.get(t.key);
      if (other) return `the topics "${other.label}" and "${t.label}" both have the quick key ${t.key}`;
      keys.set(t.key, t);
    }
  }
  const loop = findLoop(codebook.topics);
  if (loop) return `the topic "${loop[0]?.label}" is its own ancestor (the topic tree loops)`;
  for (const list of ['claimTypes', 'statuses'] as const) {
    const seen = new Set<string>();
    for (const entry of codebook[list]) {
      if (seen.has(entry.id)) return `two ${LIST_NOUN[list]} have the id "${entry.id}"`;
      seen.add(entry.id);
    }
  }
  return null;
}

/** The plural noun for a list of the codebook, as messages use it. */
export const LIST_NOUN = { claimTypes: 'claim types', statuses: 'check statuses' } as const;

/**
 * The topics of one loop of parents, in parent order starting where the walk closed it, or null
 * when the tree has none. Walks each chain once (what is done is not walked again).
 */
export function findLoop(topics: readonly Topic[]): Topic[] | null {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const done = new Set<string>();
  for (const start of topics) {
    const path: Topic[] = [];
    const onPath = new Set<string>();
    let t: Topic | undefined = start;
    while (t && !done.has(t.id)) {
      if (onPath.has(t.id)) {
        const closing = t;
        return path.slice(path.findIndex((p) => p.id === closing.id));
      }
      onPath.add(t.id);
      path.push(t);
      t = t.parent === null ? undefined : byId.get(t.parent);
    }
    for (const id of onPath) done.add(id);
  }
  return null;
}

/**
 * True when `candidate` is `ancestor` itself or lies below it. Stops on a loop rather than hanging,
 * so it is safe on unchecked data too.
 */
export function isWithin(topics: readonly Topic[], candidate: string, ancestor: string): boolean {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const seen = new Set<string>();
  let id: string | null = candidate;
  while (id !== null && !seen.has(id)) {
    if (id === ancestor) return true;
    seen.add(id);
    id = byId.get(id)?.parent ?? null;
  }
  return false;
}
