/**
 * The topic tree for display, and the part of a codebook a sidecar keeps.
 */
import type { Annotation, Codebook, Topic } from '../annotation.js';

/** One topic in the tree: its depth (0 at the top) and its children in codebook order. */
export interface TopicNode {
  topic: Topic;
  depth: number;
  children: TopicNode[];
}

/** One line of the tree as a list shows it, top to bottom. */
export interface TopicRow {
  topic: Topic;
  depth: number;
  /** The labels from the top of the tree down to this topic, for search and breadcrumbs. */
  path: string[];
}

/**
 * The topics as a tree: roots first, siblings in the order of the codebook's list. A topic whose
 * parent is missing is shown at the top, and a loop (which checkCodebook refuses, but data can be
 * anything) is cut where it closes, so every topic appears exactly once.
 */
export function topicTree(codebook: Codebook): TopicNode[] {
  const ids = new Set(codebook.topics.map((t) => t.id));
  const children = new Map<string | null, Topic[]>();
  for (const t of codebook.topics) {
    const parent = t.parent !== null && ids.has(t.parent) && t.parent !== t.id ? t.parent : null;
    const list = children.get(parent) ?? [];
    list.push(t);
    children.set(parent, list);
  }
  const placed = new Set<string>();
  const build = (topic: Topic, depth: number): TopicNode => {
    placed.add(topic.id);
    const kids = (children.get(topic.id) ?? []).filter((c) => !placed.has(c.id));
    return { topic, depth, children: kids.map((c) => build(c, depth + 1)) };
  };
  const roots = (children.get(null) ?? []).map((t) => build(t, 0));
  // Topics on a loop have no way down from a root: show the first of each loop at the top.
  for (const t of codebook.topics) if (!placed.has(t.id)) roots.push(build(t, 0));
  return roots;
}

/** The tree flattened into display rows, depth first. */
export function topicRows(codebook: Codebook): TopicRow[] {
  const rows: TopicRow[] = [];
  const walk = (node: TopicNode, path: string[]): void => {
    const here = [...path, node.topic.label];
    rows.push({ topic: node.topic, depth: node.depth, path: here });
    for (const c of node.children) walk(c, here);
  };
  for (const root of topicTree(codebook)) walk(root, []);
  return rows;
}

/**
 * The topics a transcript's annotations use, with every ancestor of each so the copy is a whole tree,
 * in codebook order. Ids the codebook does not know are skipped (they cannot be copied).
 */
export function usedTopics(codebook: Codebook, annotations: readonly Annotation[]): Topic[] {
  const byId = new Map(codebook.topics.map((t) => [t.id, t]));
  const keep = new Set<string>();
  for (const a of annotations) {
    for (const id of a.topics) {
      let t = byId.get(id);
      while (t && !keep.has(t.id)) {
        keep.add(t.id);
        t = t.parent === null ? undefined : byId.get(t.parent);
      }
    }
  }
  return codebook.topics.filter((t) => keep.has(t.id));
}

/**
 * The codebook a sidecar stores: the used topics (usedTopics) and the whole lists of claim types and
 * statuses (short, and needed to read the claims), so a sidecar read alone is complete.
 */
export function sidecarCodebook(codebook: Codebook, annotations: readonly Annotation[]): Codebook {
  return {
    topics: usedTopics(codebook, annotations).map((t) => ({ ...t })),
    claimTypes: codebook.claimTypes.map((e) => ({ ...e })),
    statuses: codebook.statuses.map((e) => ({ ...e })),
  };
}
