/**
 * Plain text: the transcript (corrected, unless the source text was chosen) with speaker labels, no
 * annotations. See plain.ts for the layout.
 */
import { outputName } from './describe.js';
import { prepareDocument } from './document.js';
import { plainText } from './plain.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The transcript as plain text with speaker labels (one .txt file). */
export function exportTxt(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  // The annotations are not in this format: say nothing about ones that could not be placed.
  return { files: [{ name: outputName(input.fileName, 'txt'), data: plainText(doc).text }], warnings: [] };
}
