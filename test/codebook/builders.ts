/** Readable builders for codebook tests: topics, annotations, and frozen inputs that catch mutation. */
import { emptyCodebook, type Annotation, type AnnotationKind, type Codebook, type Topic } from '../../shared/annotation.js';

/** A topic with defaults for what a test does not care about. */
export function topic(id: string, fields: Partial<Topic> = {}): Topic {
  return { id, label: fields.label ?? id.toUpperCase(), color: '#cc6677', description: '', parent: null, key: null, ...fields };
}

/** A codebook of these topics with the default claim types and statuses. */
export function book(...topics: Topic[]): Codebook {
  return { ...emptyCodebook(), topics };
}

/** An annotation of `kind` carrying `topics`; a claim gets type `statistic` and status `unchecked`. */
export function annotation(id: string, topics: string[], kind: AnnotationKind = 'topic', claim: Partial<NonNullable<Annotation['claim']>> = {}): Annotation {
  return {
    id,
    kind,
    target: { start: 0, end: 4, exact: 'text', prefix: '', suffix: '' },
    detached: false,
    topics,
    note: '',
    claim:
      kind === 'claim'
        ? { type: 'statistic', status: 'unchecked', checkWorthiness: null, claimant: null, sources: [], ...claim }
        : null,
    created: '2025-01-01T00:00:00.000Z',
    modified: '2025-01-01T00:00:00.000Z',
  };
}

/** Deep-freezes a value, so an operation that mutates its input throws in the test. */
export function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/** The ids of the topics, in order. */
export function ids(codebook: Codebook): string[] {
  return codebook.topics.map((t) => t.id);
}

/** The topic with this id (the test fails if there is none). */
export function get(codebook: Codebook, id: string): Topic {
  const t = codebook.topics.find((x) => x.id === id);
  if (!t) throw new Error(`no topic ${id}`);
  return t;
}
