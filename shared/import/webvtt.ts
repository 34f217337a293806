/**
 * WebVTT captions (.vtt), as video platforms and meeting tools export them:
 *
 *     WEBVTT
 *
 *     1
 *     00:00:01.000 --> 00:00:04.200
 *     <v Jane Doe>Welcome, everyone.
 *
 * The signature and cue timings are consumed; header lines ("Kind: captions") become metadata; NOTE,
 * STYLE and REGION blocks are set aside as removed text; cues become turns through cues.ts.
 */
import { splitBlocks, type Block } from './blocks.js';
import type { Convention, ConventionReading, SourceHints } from './convention.js';
import { addCueTurns, type Cue } from './cues.js';
import { parseTimestamp, TIMESTAMP } from './timestamp.js';
import { TranscriptBuilder } from './transcript-builder.js';

const SIGNATURE = /^WEBVTT(?=\s|$)/;
/** A cue timing line: start --> end, then optional settings ("align:start position:10%"). */
export const CUE_TIMING = new RegExp(String.raw`^(${TIMESTAMP})[ \t]+-->[ \t]+(${TIMESTAMP})(?:[ \t]+.*)?$`);
/** A header line "Key: value". */
const HEADER_FIELD = /^([A-Za-z][\w-]{0,40}):[ \t]*(.*)$/;
/** A cue identifier that is only an identifier: no spaces, so no words can hide in it. */
const PLAIN_ID = /^[\p{L}\p{N}_\-./:]+$/u;

export const webvttConvention: Convention = {
  id: 'webvtt',
  label: 'WebVTT captions',
  detect(text, hints) {
    const head = text.trimStart();
    if (SIGNATURE.test(head)) return 0.99;
    const timings = countTimings(text);
    if (timings > 0 && isVttName(hints)) return 0.9;
    // Cues without the signature, but with WebVTT's dot before the milliseconds.
    return timings >= 2 && /\d\.\d{3}[ \t]+-->/.test(text) ? 0.6 : 0;
  },
  parse(text, hints): ConventionReading {
    const builder = new TranscriptBuilder();
    const warnings: string[] = [];
    const { lines, blocks } = splitBlocks(text);
    const cues: Cue[] = [];
    blocks.forEach((block, i) => {
      if (i === 0 && SIGNATURE.test(block.lines[0] ?? '')) readHeader(block, builder);
      else readBlock(block, lines, builder, cues);
    });
    if (!SIGNATURE.test(text.trimStart())) warnings.push('The file does not start with WEBVTT; it was read as WebVTT captions all the same.');
    addCueTurns(cues, builder);
    if (cues.length === 0) warnings.push('No captions were found in the file.');
    const confidence = webvttConvention.detect(text, hints);
    return { convention: 'webvtt', confidence, body: builder.build(), warnings, account: builder.account() };
  },
};

function isVttName(hints: SourceHints | undefined): boolean {
  return /\.vtt$/i.test(hints?.fileName ?? '');
}

function countTimings(text: string): number {
  let n = 0;
  for (const line of text.split('\n', 2000)) if (CUE_TIMING.test(line.trim())) n++;
  return n;
}

/** "WEBVTT - Title" and the header lines under it. */
function readHeader(block: Block, builder: TranscriptBuilder): void {
  const [first = '', ...rest] = block.lines;
  builder.consume('header', 'WEBVTT');
  const title = first.slice('WEBVTT'.length).replace(/^[\s-]+/, '');
  const dash = first.slice('WEBVTT'.length, first.length - title.length);
  builder.consume('markup', dash.trim());
  if (title !== '') builder.addMetadata('title', title);
  for (const line of rest) {
    const field = HEADER_FIELD.exec(line);
    if (field && (field[2] ?? '') !== '') {
      const key = (field[1] ?? '').toLowerCase();
      builder.consume('key', `${field[1] ?? ''}:`);
      builder.addMetadata(key, field[2] ?? '');
    } else {
      builder.addMetadata('header', line);
    }
  }
}

/** One block after the header: a cue, a NOTE, STYLE or REGION block, or lines that are none of these. */
function readBlock(block: Block, source: readonly string[], builder: TranscriptBuilder, cues: Cue[]): void {
  const first = block.lines[0] ?? '';
  const verbatim = source.slice(block.first, block.last + 1).join('\n');
  if (/^NOTE(?=$|[ \t])/.test(first)) {
    builder.addRemoved('other', 'A note in the caption file, not part of the captions.', verbatim);
    return;
  }
  if (/^(STYLE|REGION)$/.test(first)) {
    builder.addRemoved('other', 'Caption styling, not speech.', verbatim);
    return;
  }
  const timing = block.lines.findIndex((l) => CUE_TIMING.test(l));
  if (timing < 0 || timing > 1) {
    builder.addRemoved('other', 'Lines in the caption file that are not a caption. Restore them if they were said.', verbatim);
    return;
  }
  if (timing === 1) {
    if (PLAIN_ID.test(first)) builder.consume('cue-id', first);
    else builder.addRemoved('other', 'The name of a caption, not speech.', first);
  }
  const line = block.lines[timing] ?? '';
  const m = CUE_TIMING.exec(line);
  builder.consume('timing', line);
  const start = parseTimestamp(m?.[1] ?? '') ?? 0;
  const end = parseTimestamp(m?.[2] ?? '') ?? start;
  cues.push({ start, end, lines: block.lines.slice(timing + 1) });
}
