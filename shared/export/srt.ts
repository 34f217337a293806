/**
 * SubRip (.srt) subtitles from timed turns (cues.ts): numbered cues, `00:01:02,345 --> ...` times, the
 * speaker's name before the first cue of each turn. SRT has no escaping: an arrow `-->` inside the text
 * is shortened so that no player mistakes it for a timing line.
 */
import { buildCues } from './cues.js';
import { cueTime, outputName } from './describe.js';
import { prepareDocument } from './document.js';
import { xmlSafe } from './escape.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The timed transcript as SubRip subtitles (one .srt file). */
export function exportSrt(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const blocks = buildCues(doc, 'SRT').map((cue, i) => {
    const text = (cue.firstOfTurn ? `${cue.speaker}: ${cue.text}` : cue.text).replace(/-->/g, '->');
    return `${i + 1}\n${cueTime(cue.start, ',')} --> ${cueTime(cue.end, ',')}\n${xmlSafe(text)}\n`;
  });
  return { files: [{ name: outputName(input.fileName, 'srt'), data: blocks.join('\n') }], warnings: [] };
}
