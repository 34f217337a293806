/**
 * CSV: one row per annotation, for spreadsheets and scripts. RFC 4180 (quoted as needed, CRLF line
 * ends) through papaparse; UTF-8, with a byte-order mark when asked (Excel needs it to read UTF-8).
 *
 * Columns: transcript, id, kind, topics, claim_type, claim_status, speaker, turn_index, start, end,
 * quote, note, sources. `turn_index` counts from 0 (as the turns of `parley inspect --json` do);
 * `start` and `end` are Unicode code points into the working text, as in the W3C export, so Python's
 * `text[start:end]` gives the quote. Lists (topics, sources) are joined with "; ".
 *
 * A cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so that a
 * spreadsheet shows it as text instead of running it as a formula (CSV injection).
 */
import Papa from 'papaparse';
import { annotationFacts, outputName, sourceText } from './describe.js';
import { prepareDocument } from './document.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The header row, in order. */
export const CSV_COLUMNS = [
  'transcript',
  'id',
  'kind',
  'topics',
  'claim_type',
  'claim_status',
  'speaker',
  'turn_index',
  'start',
  'end',
  'quote',
  'note',
  'sources',
] as const;

/** The annotations as CSV, one row each (one .csv file). */
export function exportCsv(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const rows = doc.annotations.map((a) => {
    const f = annotationFacts(a);
    return [
      doc.fileName,
      a.id,
      a.kind,
      a.topics.map((t) => t.label).join('; '),
      a.claimType?.label ?? '',
      a.status?.label ?? '',
      a.turn.name,
      a.turn.index,
      a.cpStart,
      a.cpEnd,
      a.quote,
      a.note,
      f.sources.map(sourceText).join('; '),
    ];
  });
  const csv = Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows },
    { quotes: false, newline: '\r\n', escapeFormulae: true, header: true },
  );
  const data = (options.bom ? '\uFEFF' : '') + csv + '\r\n';
  return { files: [{ name: outputName(input.fileName, 'csv'), data }], warnings: doc.warnings };
}
