/**
 * What every exporter takes and gives. Exporters are pure functions: no Node, no DOM, no clock, so the
 * same input always makes the same bytes, in the app and in the CLI alike.
 */
import type { AnnotationKind } from '../annotation.js';
import type { TranscriptBody } from '../model.js';

/** One transcript to export. */
export interface ExportInput {
  /** The source file's name (no folders): titles and the names of the files made. */
  fileName: string;
  /** The transcript with its codebook and annotations. */
  body: TranscriptBody;
  /** The source file's text, needed only for `text: 'source'`. */
  sourceText?: string;
  /** Where the transcript is published, when known (ClaimReview's appearance, W3C targets, HTML header). */
  url?: string;
}

/** Which text the export is of: the turns as corrected in Parley, or the source as it was imported. */
export type TextChoice = 'corrected' | 'source';

/** What to include. Every field is optional; left out, everything is exported. */
export interface ExportOptions {
  /** Only annotations of these kinds. */
  kinds?: readonly AnnotationKind[];
  /**
   * Only annotations with one of these topics (codebook ids) or one of their subtopics; the topics
   * listed on each kept annotation are narrowed to the chosen ones too.
   */
  topics?: readonly string[];
  /** Only the turns of these speakers (speaker ids), and the annotations that lie wholly inside them. */
  speakers?: readonly string[];
  /**
   * 'corrected' (the default) exports the turns as edited. 'source' exports the source file's text as
   * the importer reads it, with the source's own speaker labels, and places each annotation on it by its
   * quote; an annotation whose quote is not in the source is left out with a warning.
   */
  text?: TextChoice;
  /** CSV only: start with a byte-order mark, so that Excel reads the file as UTF-8. */
  bom?: boolean;
}

/** One file an export makes. Text is UTF-8 when written. */
export interface ExportFile {
  name: string;
  data: string | Uint8Array;
}

/** What an export made, and what the user should know about it (annotations left out, and why). */
export interface ExportResult {
  files: ExportFile[];
  warnings: string[];
}
