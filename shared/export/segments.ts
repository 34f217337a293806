/**
 * Overlapping spans over a stretch of text, made fit for formats that cannot overlap: cut into flat
 * segments (each with the spans covering it), or into a properly nested tree in which a span that
 * crosses another's border is split into fragments. Markdown and HTML use the flat form, TEI the tree;
 * DOCX needs neither, since Word comment ranges may overlap.
 */

/** A span to lay over the text; offsets in the same unit and text as the stretch. */
export interface Span<T> {
  start: number;
  end: number;
  value: T;
  /**
   * Spans of a higher rank always nest inside those of a lower rank (TEI: an `<incident>` may sit
   * inside a `<seg>` but not hold one). 0 unless told.
   */
  rank?: number;
}

/** A stretch of text with the spans that cover all of it, outermost first. */
export interface Segment<T> {
  start: number;
  end: number;
  spans: Span<T>[];
}

/**
 * Cut `[from, to)` at every span border. Every position of the stretch is in exactly one segment;
 * spans reaching outside the stretch are clipped to it, empty ones are ignored.
 */
export function segment<T>(from: number, to: number, spans: readonly Span<T>[]): Segment<T>[] {
  const inside = ordered(spans.filter((s) => s.start < to && s.end > from && s.end > s.start));
  const cuts = new Set<number>([from, to]);
  for (const s of inside) {
    cuts.add(Math.max(from, s.start));
    cuts.add(Math.min(to, s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment<T>[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({ start, end, spans: inside.filter((s) => s.start <= start && s.end >= end) });
  }
  if (from === to) out.push({ start: from, end: to, spans: [] });
  return out;
}

/** A node of the nested form: plain text, or one fragment of a span holding more nodes. */
export type NestedNode<T> =
  | { type: 'text'; start: number; end: number }
  | {
      type: 'span';
      span: Span<T>;
      start: number;
      end: number;
      /** True when this fragment begins where the span begins, and ends where it ends. */
      atStart: boolean;
      atEnd: boolean;
      children: NestedNode<T>[];
    };

/**
 * The spans over `[from, to)` as a properly nested tree. Longer and earlier spans go outside; where a
 * span starts inside another and ends after it, the inner one is closed and reopened, so it comes out
 * in fragments (`atStart`/`atEnd` tell the first and last). Text is never repeated or dropped.
 */
export function nest<T>(from: number, to: number, spans: readonly Span<T>[]): NestedNode<T>[] {
  const root: NestedNode<T>[] = [];
  type Open = { span: Span<T>; node: Extract<NestedNode<T>, { type: 'span' }> };
  const stack: Open[] = [];
  const childrenOfTop = () => (stack.length ? stack[stack.length - 1]!.node.children : root);

  for (const seg of segment(from, to, spans)) {
    // `seg.spans` is in nesting order, so the longest run the stack shares with it can stay open.
    let keep = 0;
    while (keep < stack.length && keep < seg.spans.length && stack[keep]!.span === seg.spans[keep]) keep++;
    stack.length = keep;
    for (const span of seg.spans.slice(keep)) {
      const node = {
        type: 'span' as const,
        span,
        start: seg.start,
        end: seg.start,
        atStart: seg.start === span.start,
        atEnd: false,
        children: [],
      };
      childrenOfTop().push(node);
      stack.push({ span, node });
    }
    if (seg.end > seg.start) childrenOfTop().push({ type: 'text', start: seg.start, end: seg.end });
    for (const open of stack) {
      open.node.end = seg.end;
      open.node.atEnd = seg.end === open.span.end;
    }
  }
  return root;
}

/** Nesting order: lower rank outside, then earlier start, then longer; ties keep the given order. */
function ordered<T>(spans: readonly Span<T>[]): Span<T>[] {
  return spans
    .map((span, i) => ({ span, i }))
    .sort(
      (a, b) =>
        (a.span.rank ?? 0) - (b.span.rank ?? 0) ||
        a.span.start - b.span.start ||
        b.span.end - a.span.end ||
        a.i - b.i,
    )
    .map((x) => x.span);
}
