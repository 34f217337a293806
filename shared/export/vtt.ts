/**
 * WebVTT (.vtt) subtitles from timed turns (cues.ts): each cue's text in a voice span `<v Name>` so
 * players and tools know who speaks. Cue text is escaped as WebVTT requires (&, <, >), so a transcript
 * cannot smuggle in cue tags.
 */
import { buildCues } from './cues.js';
import { cueTime, outputName } from './describe.js';
import { prepareDocument } from './document.js';
import { xmlSafe } from './escape.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The timed transcript as WebVTT subtitles (one .vtt file). */
export function exportVtt(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const blocks = buildCues(doc, 'WebVTT').map((cue, i) => {
    // The voice annotation ends at '>'; escaping keeps a name from closing it early.
    return `${i + 1}\n${cueTime(cue.start, '.')} --> ${cueTime(cue.end, '.')}\n<v ${vttEscape(cue.speaker.replace(/\s+/g, ' '))}>${vttEscape(cue.text)}\n`;
  });
  return { files: [{ name: outputName(input.fileName, 'vtt'), data: ['WEBVTT\n', ...blocks].join('\n') }], warnings: [] };
}

function vttEscape(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
