/**
 * Exporting an annotated transcript: the formats Parley writes, by the id `--format` and the Export
 * dialog use, and one call that runs any of them. Every format is a pure function of the transcript and
 * the options (types.ts); the caller writes the files.
 */
import { ParleyError } from '../errors.js';
import { exportBrat } from './brat.js';
import { exportClaimReview } from './claimreview.js';
import { exportCsv } from './csv.js';
import { exportDocx } from './docx.js';
import { exportHtml } from './html.js';
import { exportMarkdown } from './markdown.js';
import { exportQdpx } from './qdpx.js';
import { exportSrt } from './srt.js';
import { exportTei } from './tei.js';
import { exportTxt } from './txt.js';
import { exportVtt } from './vtt.js';
import { exportW3c } from './w3c.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

export type { ExportFile, ExportInput, ExportOptions, ExportResult, TextChoice } from './types.js';
export { CSV_COLUMNS } from './csv.js';

/** The `--format` ids, in the order menus list them. */
export const EXPORT_FORMAT_IDS = ['md', 'html', 'docx', 'csv', 'w3c', 'tei', 'claimreview', 'brat', 'qdpx', 'txt', 'srt', 'vtt'] as const;
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];

/** One format: what a menu shows, what files it makes, and the function that makes them. */
export interface ExportFormat {
  id: ExportFormatId;
  /** A name for menus: "HTML page". */
  label: string;
  /** What it is for, in one sentence. */
  description: string;
  /** The endings of the files it makes, added to the source's name ("kyiv.txt" → "kyiv.txt.html"). */
  extensions: readonly string[];
  /** True when the output is bytes (a zip), not text: a preview cannot show it. */
  binary: boolean;
  /** True when it needs turns with times (subtitles). */
  needsTimes: boolean;
  /** False for the formats that hold no annotations (txt, srt, vtt): kinds and topics change nothing there. */
  usesAnnotations: boolean;
  run: (input: ExportInput, options: ExportOptions) => ExportResult | Promise<ExportResult>;
}

const FORMATS: readonly ExportFormat[] = [
  f('md', 'Markdown', 'Speakers in bold, annotations highlighted with footnotes, for a CMS or a notes app.', ['md'], exportMarkdown),
  f('html', 'HTML page', 'One self-contained, print-ready page with topic colours, claims, a claims table and a speaker index.', ['html'], exportHtml),
  f('docx', 'Word document', 'Speakers in bold and every annotation a Word comment on its words, for review in Word or LibreOffice.', ['docx'], exportDocx, { binary: true }),
  f('csv', 'CSV table', 'One row per annotation, for a spreadsheet.', ['csv'], exportCsv),
  f('w3c', 'W3C Web Annotation', 'An AnnotationCollection in JSON-LD, for annotation tools and archives.', ['w3c.json'], exportW3c),
  f('tei', 'TEI XML', 'TEI transcribed speech, for corpus archives and digital humanities tools.', ['xml'], exportTei),
  f('claimreview', 'ClaimReview', 'schema.org ClaimReview JSON-LD for each checked claim, for a fact-check page.', ['claimreview.json'], exportClaimReview),
  f('brat', 'brat standoff', 'Text and standoff annotations (.txt + .ann) for NLP tools.', ['brat.txt', 'brat.ann'], exportBrat),
  f('qdpx', 'REFI-QDA project', 'A QDPX project for qualitative analysis software (ATLAS.ti, MAXQDA, NVivo ...).', ['qdpx'], exportQdpx, { binary: true }),
  f('txt', 'Plain text', 'The transcript with speaker labels, without annotations.', ['txt'], exportTxt, { usesAnnotations: false }),
  f('srt', 'SRT subtitles', 'Subtitles, for transcripts whose turns have times.', ['srt'], exportSrt, { usesAnnotations: false, needsTimes: true }),
  f('vtt', 'WebVTT subtitles', 'Subtitles for the web, for transcripts whose turns have times.', ['vtt'], exportVtt, { usesAnnotations: false, needsTimes: true }),
];

function f(
  id: ExportFormatId,
  label: string,
  description: string,
  extensions: string[],
  run: ExportFormat['run'],
  flags: Partial<Pick<ExportFormat, 'binary' | 'needsTimes' | 'usesAnnotations'>> = {},
): ExportFormat {
  return { id, label, description, extensions, run, binary: false, needsTimes: false, usesAnnotations: true, ...flags };
}

/** Every format, in menu order. */
export function listExportFormats(): readonly ExportFormat[] {
  return FORMATS;
}

export function isExportFormat(id: string): id is ExportFormatId {
  return (EXPORT_FORMAT_IDS as readonly string[]).includes(id);
}

/** The format with this id. Throws ParleyError 'bad-request' naming the known ids. */
export function exportFormat(id: string): ExportFormat {
  const found = FORMATS.find((x) => x.id === id);
  if (!found) {
    throw new ParleyError('bad-request', `There is no export format "${id}"; choose one of ${EXPORT_FORMAT_IDS.join(', ')}.`);
  }
  return found;
}

/**
 * Export one transcript in one format. Resolves to the files to write (each named after the source:
 * "kyiv.txt" → "kyiv.txt.html") and warnings for the user (annotations that could not be placed).
 * Rejects with ParleyError 'bad-request' for an unknown format, subtitles of an untimed transcript, or
 * the source text without `input.sourceText`.
 */
export async function exportTranscript(format: string, input: ExportInput, options: ExportOptions = {}): Promise<ExportResult> {
  return exportFormat(format).run(input, options);
}
