/**
 * The annotation layer's model: a codebook of topics, claim types and check statuses, and
 * annotations (topic tags, claims, notes) anchored to the transcript by standoff targets.
 *
 * ## The text that offsets count in (defined once, here)
 *
 * The **working text** of a transcript is its turns' text, each turn's paragraphs joined by "\n"
 * and the turns joined by "\n\n" (see `shared/anchoring/`, which builds it and maps positions).
 * Speaker labels are not part of it. Offsets are **UTF-16 code units** into the working text, the
 * unit JavaScript strings and ProseMirror use; exports that need Unicode code points (W3C Web
 * Annotation, brat) convert on the way out. The stored quote (`exact`) with 32 characters of
 * `prefix` and `suffix` lets a target be found again when the text changed.
 */
import { z } from 'zod';

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f77b4');

export const TopicSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  color: Colour,
  description: z.string(),
  /** The parent topic's id, for a tree; null at the top. */
  parent: z.string().nullable(),
  /** 1 to 9: the quick key that applies this topic; null for none. */
  key: z.number().int().min(1).max(9).nullable(),
});
export type Topic = z.infer<typeof TopicSchema>;

/** A claim type or a check status: an editable list entry with a colour. */
export const LabelledSchema = z.object({ id: z.string().min(1), label: z.string().min(1), color: Colour });
export type Labelled = z.infer<typeof LabelledSchema>;

export const CodebookSchema = z.object({
  topics: z.array(TopicSchema),
  claimTypes: z.array(LabelledSchema),
  statuses: z.array(LabelledSchema),
});
export type Codebook = z.infer<typeof CodebookSchema>;

export const DEFAULT_CLAIM_TYPES: Labelled[] = [
  { id: 'statistic', label: 'Statistic', color: '#1f77b4' },
  { id: 'quotation', label: 'Quotation', color: '#9467bd' },
  { id: 'causal', label: 'Causal', color: '#8c564b' },
  { id: 'comparison', label: 'Comparison', color: '#17becf' },
  { id: 'prediction', label: 'Prediction', color: '#bcbd22' },
  { id: 'other', label: 'Other', color: '#7f7f7f' },
];

/** Colours chosen to stay apart for the common colour-vision deficiencies; labels always shown too. */
export const DEFAULT_STATUSES: Labelled[] = [
  { id: 'unchecked', label: 'Unchecked', color: '#9e9e9e' },
  { id: 'in-progress', label: 'In progress', color: '#0072b2' },
  { id: 'accurate', label: 'Accurate', color: '#009e73' },
  { id: 'mostly-accurate', label: 'Mostly accurate', color: '#56b4e9' },
  { id: 'misleading', label: 'Misleading', color: '#e69f00' },
  { id: 'false', label: 'False', color: '#d55e00' },
  { id: 'unverifiable', label: 'Unverifiable', color: '#cc79a7' },
];

export function emptyCodebook(): Codebook {
  return { topics: [], claimTypes: DEFAULT_CLAIM_TYPES.map((t) => ({ ...t })), statuses: DEFAULT_STATUSES.map((s) => ({ ...s })) };
}

/** Where an annotation sits: a range of the working text, and the quote to find it again by. */
export const TextTargetSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The annotated text itself. */
  exact: z.string(),
  /** Up to 32 characters before and after it, for re-anchoring. */
  prefix: z.string(),
  suffix: z.string(),
});
export type TextTarget = z.infer<typeof TextTargetSchema>;

export const SourceLinkSchema = z.object({
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http or https address'),
  title: z.string(),
});
export type SourceLink = z.infer<typeof SourceLinkSchema>;

export const ClaimSchema = z.object({
  /** A claim type id from the codebook. */
  type: z.string(),
  /** A check status id from the codebook. */
  status: z.string(),
  /** How worth checking: 0 (not) to 3 (very); null when not judged. */
  checkWorthiness: z.number().int().min(0).max(3).nullable(),
  /** The speaker id the claim is attributed to: the turn's speaker unless changed. */
  claimant: z.string().nullable(),
  sources: z.array(SourceLinkSchema),
});
export type Claim = z.infer<typeof ClaimSchema>;

export const AnnotationSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['topic', 'claim', 'note']),
  target: TextTargetSchema,
  /**
   * True when the annotated text was deleted entirely: the annotation is kept, listed with its
   * quote, and can be restored by undo or re-attached to new text.
   */
  detached: z.boolean(),
  /** Topic ids from the codebook (a topic tag has at least one; claims and notes may have some). */
  topics: z.array(z.string()),
  note: z.string(),
  /** Present exactly when kind is 'claim'. */
  claim: ClaimSchema.nullable(),
  created: z.string(),
  modified: z.string(),
});
export type Annotation = z.infer<typeof AnnotationSchema>;
export type AnnotationKind = Annotation['kind'];
