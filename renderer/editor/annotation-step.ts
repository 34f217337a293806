/**
 * A ProseMirror Step that carries an annotation change. It leaves the document as it is, so
 * prosemirror-history records it like any edit: undo inverts it, interleaved with text edits,
 * and positions in it are mapped through later changes.
 */
import type { Node as PMNode, Schema } from 'prosemirror-model';
import { Step, StepMap, StepResult, type Mappable } from 'prosemirror-transform';
import { AnnotationSchema, type Annotation } from '../../shared/annotation.js';

/** An annotation's data and where it sits now: a document range, or null when detached. */
export interface Placed {
  data: Annotation;
  range: { from: number; to: number } | null;
}

export class AnnotationStep extends Step {
  /** `before` null: the step adds `after`. `after` null: it removes `before`. Both: it changes it. */
  constructor(
    readonly before: Placed | null,
    readonly after: Placed | null,
  ) {
    super();
    if (!before && !after) throw new RangeError('An annotation step needs a before or an after state');
  }

  get id(): string {
    return (this.after ?? this.before)!.data.id;
  }

  apply(doc: PMNode): StepResult {
    return StepResult.ok(doc);
  }

  invert(): Step {
    return new AnnotationStep(this.after, this.before);
  }

  override getMap(): StepMap {
    return StepMap.empty;
  }

  map(mapping: Mappable): Step {
    const mapPlaced = (p: Placed | null): Placed | null => {
      if (!p?.range) return p;
      const from = mapping.map(p.range.from, 1);
      const to = mapping.map(p.range.to, -1);
      return { data: p.data, range: to > from ? { from, to } : null };
    };
    return new AnnotationStep(mapPlaced(this.before), mapPlaced(this.after));
  }

  override toJSON(): { stepType: string; before: Placed | null; after: Placed | null } {
    return { stepType: 'parley-annotation', before: this.before, after: this.after };
  }

  static override fromJSON(_schema: Schema, json: { before?: unknown; after?: unknown }): AnnotationStep {
    const placed = (value: unknown): Placed | null => {
      if (value === null || value === undefined) return null;
      const v = value as { data?: unknown; range?: { from?: unknown; to?: unknown } | null };
      const data = AnnotationSchema.parse(v.data);
      const r = v.range;
      const range =
        r && typeof r.from === 'number' && typeof r.to === 'number' ? { from: r.from, to: r.to } : null;
      return { data, range };
    };
    return new AnnotationStep(placed(json.before), placed(json.after));
  }
}

Step.jsonID('parley-annotation', AnnotationStep);
