/**
 * The transcript model shared by every layer: what an importer produces, what the sidecar stores,
 * what the editor is built from. Schemas are the single source of truth; types are inferred.
 */
import { z } from 'zod';
import { AnnotationSchema, CodebookSchema } from './annotation.js';

/** A person (or an anonymous kind of person, such as "Question") who speaks in a transcript. */
export const SpeakerSchema = z.object({
  /** Stable within one transcript; a slug of the name at import, never changed by a rename. */
  id: z.string().min(1),
  name: z.string(),
  role: z.string().nullable(),
  /** The label texts, as written in the source, that were attributed to this speaker. */
  aliases: z.array(z.string()),
  /** True for one-speaker-per-kind labels: Question, Q, Reporter, Audience Member, Participant. */
  anonymous: z.boolean(),
});
export type Speaker = z.infer<typeof SpeakerSchema>;

/**
 * A stretch of a paragraph that is not speech: a stage direction or a transcriber's note such as
 * "(Laughter.)", "[crosstalk]" or "(inaudible)". Offsets are UTF-16 code units into the paragraph.
 */
export const NonSpeechSchema = z.object({
  paragraph: z.number().int().nonnegative(),
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
});
export type NonSpeech = z.infer<typeof NonSpeechSchema>;

/** A speaker the text itself suggests for an anonymous turn ("Natalya Kushnir, ABC News."). */
export const SuggestionSchema = z.object({
  name: z.string().min(1),
  role: z.string().nullable(),
  /** The words in the turn the suggestion was read from. */
  evidence: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** One speaker turn. `speaker` is null when the source gave no label: the editor must resolve it. */
export const TurnSchema = z.object({
  id: z.string().min(1),
  speaker: z.string().nullable(),
  /** The label line as written in the source, or null when there was none. */
  label: z.string().nullable(),
  /** Paragraphs of the turn's text; a turn whose label had no text under it has one empty paragraph. */
  paragraphs: z.array(z.string()).min(1),
  /** Seconds from the start of the recording, where the source gives times. */
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
  /** Non-speech inside the text, kept in the text and marked. */
  nonSpeech: z.array(NonSpeechSchema).optional(),
  /** For anonymous turns: who the turn's own words say is speaking. */
  suggestion: SuggestionSchema.optional(),
});
export type Turn = z.infer<typeof TurnSchema>;

/**
 * Text that was in the source but is not part of the transcript (page chrome, tables of contents).
 * Kept so that nothing is lost: the editor shows it and can restore it as a turn.
 */
export const RemovedSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['chrome', 'contents', 'other']),
  /** Why the importer removed it, in words an editor understands. */
  reason: z.string(),
  text: z.string(),
  /** The id of the turn it stood after in the source, or null when it came before every turn. */
  afterTurn: z.string().nullable(),
});
export type Removed = z.infer<typeof RemovedSchema>;

/** One change of who said a turn: by reassignment, split, merge of turns or merge of speakers. */
export const AttributionChangeSchema = z.object({
  turn: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** ISO 8601 time of the change. */
  at: z.string(),
});
export type AttributionChange = z.infer<typeof AttributionChangeSchema>;

export const MetadataSchema = z.record(z.string(), z.string());
export type Metadata = z.infer<typeof MetadataSchema>;

/** The editable body of a transcript: what the editor works on and what the sidecar stores. */
export const TranscriptBodySchema = z.object({
  metadata: MetadataSchema,
  speakers: z.array(SpeakerSchema),
  turns: z.array(TurnSchema),
  removed: z.array(RemovedSchema),
  history: z.array(AttributionChangeSchema),
  /** The topics this transcript uses (a copy from the folder's codebook), claim types and statuses. */
  codebook: CodebookSchema.optional(),
  /** Topic tags, claims and notes, anchored to the working text (see shared/annotation.ts). */
  annotations: z.array(AnnotationSchema).optional(),
  /** Claim suggestions the user rejected, by the text of their sentence (see shared/suggest). */
  dismissed: z.array(z.string()).optional(),
});
export type TranscriptBody = z.infer<typeof TranscriptBodySchema>;

/** What an importer returns: the body plus how it read the file. */
export interface ImportResult {
  /** The id of the convention that was used, such as "label-line". */
  convention: string;
  /** 0 to 1: how sure the detector was. */
  confidence: number;
  body: TranscriptBody;
  warnings: string[];
}
