/**
 * Subtitle cues from timed turns, shared by the SRT and WebVTT exports. A turn is cut at sentence ends
 * into cues of at most two lines of 42 characters (the common broadcast limit), and its time is shared
 * out among them by length, so a long answer becomes readable subtitles rather than one screenful.
 */
import { ParleyError } from '../errors.js';
import type { ExportDocument, ExportTurn } from './document.js';

export interface Cue {
  start: number;
  end: number;
  /** The speaker's name as shown. */
  speaker: string;
  /** One or two lines joined by "\n". */
  text: string;
  /** True for a turn's first cue: where the speaker changes. */
  firstOfTurn: boolean;
}

const LINE = 42;
const CUE = LINE * 2;
/** Speaking rate for a turn with a start but no end and nothing after it: about 150 words a minute. */
const WORDS_PER_SECOND = 2.5;

/**
 * The cues of the exported turns. Throws ParleyError 'bad-request' when a turn has no start time:
 * subtitles without times would be wrong, not merely incomplete.
 */
export function buildCues(doc: ExportDocument, format: string): Cue[] {
  const untimed = doc.turns.filter((t) => t.start === undefined);
  if (doc.turns.length && untimed.length === doc.turns.length) {
    throw new ParleyError(
      'bad-request',
      `"${doc.fileName}" has no times, so it cannot be exported as ${format} subtitles; only transcripts read from timed sources (SRT, WebVTT, timestamped text) have them.`,
    );
  }
  if (untimed.length) {
    throw new ParleyError(
      'bad-request',
      `${untimed.length} of the ${doc.turns.length} turns of "${doc.fileName}" have no start time (the first is turn ${untimed[0]!.index + 1}), so it cannot be exported as ${format} subtitles.`,
    );
  }
  const cues: Cue[] = [];
  doc.turns.forEach((turn, i) => {
    const start = turn.start!;
    const next = doc.turns[i + 1]?.start;
    const words = turn.span.paragraphs.reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
    let end = turn.end ?? (next !== undefined && next > start ? next : start + Math.max(1, words / WORDS_PER_SECOND));
    if (end <= start) end = start + 1;
    const chunks = chunksOf(turn);
    const total = chunks.reduce((n, c) => n + c.length, 0) || 1;
    let at = start;
    chunks.forEach((chunk, j) => {
      const until = j === chunks.length - 1 ? end : at + ((end - start) * chunk.length) / total;
      cues.push({ start: at, end: until, speaker: turn.name, text: wrap(chunk), firstOfTurn: j === 0 });
      at = until;
    });
  });
  return cues;
}

/**
 * A turn's text cut into pieces of at most CUE characters: whole sentences packed together where they
 * fit, a longer sentence cut between words into pieces of about equal length (so no cue is left with
 * a single stray word).
 */
function chunksOf(turn: ExportTurn): string[] {
  const text = turn.span.paragraphs.map((p) => p.text.trim()).filter(Boolean).join(' ').replace(/\s+/g, ' ');
  if (!text) return [];
  const sentences = (text.match(/[^.!?…]+(?:[.!?…]+["'”’)\]]*|$)/g) ?? [text]).map((s) => s.trim()).filter(Boolean);
  const chunks: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    const joined = current ? `${current} ${sentence}` : sentence;
    if (joined.length <= CUE) {
      current = joined;
      continue;
    }
    if (current) chunks.push(current);
    current = '';
    if (sentence.length <= CUE) {
      current = sentence;
      continue;
    }
    chunks.push(...evenPieces(sentence, Math.ceil(sentence.length / CUE)));
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Cut a text between words into `n` pieces of about equal length (more when a word run is too long). */
function evenPieces(text: string, n: number): string[] {
  const words = text.split(' ');
  const target = text.length / n;
  const pieces: string[] = [];
  let current = '';
  for (const word of words) {
    const joined = current ? `${current} ${word}` : word;
    if (current && (joined.length > CUE || (current.length >= target && pieces.length < n - 1))) {
      pieces.push(current);
      current = word;
    } else {
      current = joined;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Break a cue into two lines at the space nearest the middle, when it is longer than one line. */
function wrap(text: string): string {
  if (text.length <= LINE) return text;
  const middle = text.length / 2;
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
    if (best < 0 || Math.abs(i - middle) < Math.abs(best - middle)) best = i;
  }
  return best < 0 ? text : `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}
