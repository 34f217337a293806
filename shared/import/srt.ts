/**
 * SubRip subtitles (.srt):
 *
 *     1
 *     00:00:01,000 --> 00:00:04,200
 *     JANE DOE: Welcome, everyone.
 *
 * Cue numbers and timings are consumed; cues become turns through cues.ts. Real files are often sloppy
 * (a blank line inside a cue, a missing number, dots for commas), so a block that is not a cue goes on
 * the cue before it.
 */
import { splitBlocks } from './blocks.js';
import type { Convention, ConventionReading } from './convention.js';
import { addCueTurns } from './cues.js';
import { parseTimestamp, TIMESTAMP } from './timestamp.js';
import { TranscriptBuilder } from './transcript-builder.js';

/** A timing line, with SubRip's optional display coordinates ("X1:100 X2:600 Y1:20 Y2:50") after it. */
const TIMING = new RegExp(String.raw`^(${TIMESTAMP})[ \t]*-->[ \t]*(${TIMESTAMP})(?:[ \t]+.*)?$`);
const NUMBER = /^\d{1,7}$/;

export const srtConvention: Convention = {
  id: 'srt',
  label: 'SubRip subtitles (.srt)',
  detect(text, hints) {
    const lines = text.trimStart().split('\n', 3);
    if (NUMBER.test((lines[0] ?? '').trim()) && TIMING.test((lines[1] ?? '').trim())) return 0.97;
    const named = /\.srt$/i.test(hints?.fileName ?? '');
    const commaTimings = /^\d{1,3}:\d{2}:\d{2},\d{1,3}[ \t]*-->/m.test(text);
    if (named && /-->/.test(text)) return 0.9;
    return commaTimings ? 0.6 : 0;
  },
  parse(text, hints): ConventionReading {
    const builder = new TranscriptBuilder();
    const warnings: string[] = [];
    const { blocks } = splitBlocks(text);
    const cues: { start: number; end: number; lines: string[] }[] = [];
    for (const block of blocks) {
      block.lines.forEach((line, i) => {
        const m = TIMING.exec(line);
        if (m) {
          // A number just before a timing is the cue's number, even when no blank line came before it.
          const previous = block.lines[i - 1];
          const numbered = previous !== undefined && NUMBER.test(previous);
          if (numbered) builder.consume('cue-id', previous);
          builder.consume('timing', line);
          const start = parseTimestamp(m[1] ?? '') ?? 0;
          cues.push({ start, end: parseTimestamp(m[2] ?? '') ?? start, lines: [] });
          return;
        }
        const next = block.lines[i + 1];
        if (NUMBER.test(line) && next !== undefined && TIMING.test(next)) return; // the number of the next cue
        const cue = cues.at(-1);
        if (cue) cue.lines.push(line);
        else builder.addRemoved('other', 'Lines before the first subtitle. Restore them if they were said.', line);
      });
    }
    addCueTurns(cues, builder);
    if (cues.length === 0) warnings.push('No subtitles were found in the file.');
    return { convention: 'srt', confidence: srtConvention.detect(text, hints), body: builder.build(), warnings, account: builder.account() };
  },
};
