/**
 * The result of a codebook operation that changes what annotations refer to (merging or deleting a
 * topic, removing a claim type or status): the new codebook, and the matching change to apply to
 * every annotation list that uses it. The folder's codebook serves many transcripts, so the change is
 * a function, applied to each transcript's annotations in turn (and to undo stacks).
 */
import type { Annotation, Codebook } from '../annotation.js';

/**
 * Rewrites annotations to follow a codebook change. Returns a new array of the same length and order;
 * annotations the change does not touch are returned as the same objects, so an editor can tell what
 * changed by identity. `modified` (an ISO 8601 time), when given, becomes the `modified` of the
 * annotations that changed.
 */
export type AnnotationUpdate = (annotations: readonly Annotation[], modified?: string) => Annotation[];

export interface CodebookEdit {
  codebook: Codebook;
  updateAnnotations: AnnotationUpdate;
}

/**
 * An update that changes each annotation with `change`, which returns null for "unchanged". Never
 * drops or adds an annotation: that is the guarantee every caller of this module relies on.
 */
export function annotationUpdate(change: (a: Annotation) => Partial<Annotation> | null): AnnotationUpdate {
  return (annotations, modified) =>
    annotations.map((a) => {
      const patch = change(a);
      if (patch === null) return a;
      return { ...a, ...patch, modified: modified ?? a.modified };
    });
}

/** Topic ids mapped by `map` (null removes one), keeping first occurrences only. */
export function mapTopicIds(ids: readonly string[], map: (id: string) => string | null): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const next = map(id);
    if (next !== null && !out.includes(next)) out.push(next);
  }
  return out;
}
