/**
 * The sidecar file format: `<source file name>.annotations.json` beside the source.
 * Versioned (`format`, `version`); written pretty-printed with keys in schema order so it diffs well.
 */
import { z } from 'zod';
import {
  AttributionChangeSchema,
  MetadataSchema,
  RemovedSchema,
  SpeakerSchema,
  TurnSchema,
  type TranscriptBody,
} from './model.js';
import { AnnotationSchema, CodebookSchema } from './annotation.js';

export const SIDECAR_FORMAT = 'parley-annotations';
export const SIDECAR_VERSION = 1;
export const SIDECAR_SUFFIX = '.annotations.json';

export const SourceInfoSchema = z.object({
  /** The source file's name (not its path: the sidecar travels with the file). */
  name: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  bytes: z.number().int().nonnegative(),
  /** The importer convention that read it, and how sure it was. */
  convention: z.string(),
  confidence: z.number().min(0).max(1),
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

export const SidecarSchema = z.object({
  format: z.literal(SIDECAR_FORMAT),
  version: z.literal(SIDECAR_VERSION),
  source: SourceInfoSchema,
  savedAt: z.string(),
  metadata: MetadataSchema,
  speakers: z.array(SpeakerSchema),
  turns: z.array(TurnSchema),
  removed: z.array(RemovedSchema),
  history: z.array(AttributionChangeSchema),
  /** Claim suggestions the user rejected, by the text of their sentence. */
  dismissed: z.array(z.string()).optional(),
  codebook: CodebookSchema.optional(),
  // Annotations stay the last member: an open reads everything before them first (sidecar-file.ts).
  annotations: z.array(AnnotationSchema).optional(),
});
export type Sidecar = z.infer<typeof SidecarSchema>;

export function sidecarNameFor(sourceName: string): string {
  return sourceName + SIDECAR_SUFFIX;
}

export function bodyOf(sidecar: Sidecar): TranscriptBody {
  const { metadata, speakers, turns, removed, history, codebook, annotations, dismissed } = sidecar;
  const body: TranscriptBody = { metadata, speakers, turns, removed, history };
  if (codebook) body.codebook = codebook;
  if (annotations) body.annotations = annotations;
  if (dismissed) body.dismissed = dismissed;
  return body;
}

/**
 * Serialise with a stable key order: object keys follow the schema (zod's output keeps the
 * shape's order) and record keys (metadata) are sorted. Two saves of the same data are identical.
 */
export function stringifySidecar(sidecar: Sidecar): string {
  const parsed = SidecarSchema.parse(sidecar);
  const metadata = Object.fromEntries(
    Object.entries(parsed.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify({ ...parsed, metadata }, null, 2) + '\n';
}

/** Describe a zod failure as one sentence naming where the problem is. */
export function describeSchemaError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'it does not match the sidecar format';
  const where = first.path.length ? first.path.join('.') : 'the top level';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${where}: ${first.message}${more}`;
}
