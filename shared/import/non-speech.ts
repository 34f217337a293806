/**
 * Non-speech inside a paragraph: stage directions and transcribers' notes such as "(Laughter.)",
 * "(Laughs.)", "(inaudible)", "[crosstalk]", "[Music]". They stay in the text, where the reader expects
 * them, and are marked so that the editor can set them apart and quotes can leave them out.
 *
 * A bracketed group is non-speech when its words are the vocabulary of such notes, or when it is the
 * whole paragraph ("(in Ukrainian on whether the Secretary General would call ...)"), which is how a
 * transcriber summarises what was not transcribed. Square brackets that only insert a word into a
 * quotation ("[the president] said") are neither, and stay speech.
 */
import type { NonSpeech } from '../model.js';

/** Words that mark a note about the recording rather than speech. Matched whole, case-insensitively. */
const NOTE_WORDS = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:' +
    [
      'laugh(?:s|ter|ing|ed)?', 'chuckl(?:e|es|ing)', 'giggl(?:e|es|ing)', 'applause', 'applauds?', 'cheer(?:s|ing)?',
      'boo(?:s|ing)', 'groans?', 'sighs?', 'cough(?:s|ing)?', 'sneez(?:e|es|ing)', 'clap(?:s|ping)?',
      'inaudible', 'unintelligible', 'indistinct', 'indiscernible', 'cross-?talk', 'cross talk', 'overlapping',
      'music', 'silence', 'pause[sd]?', 'long pause', 'background noise', 'noise', 'off[- ]mic(?:rophone)?',
      'audio (?:cuts?|drops?|breaks?)(?: out)?', 'no audio', 'technical (?:difficulties|problems?)', 'interruption',
      'interrupts?', 'in (?:ukrainian|russian|french|german|spanish|arabic|chinese|mandarin|italian|polish|english)',
      'speaks? in', 'speaking (?:in|ukrainian|russian|french|german|spanish)', 'foreign language',
      '(?:as )?translated', '(?:through|via) (?:an )?interpreter', 'interpret(?:ation|er)', 'gavel', 'bell rings?',
      'phone rings?', 'video (?:plays|clip|ends)', '(?:begin|end) (?:video|audio) clip', 'commercial break',
      'recess', 'end of transcript', 'transcript ends', 'beep', 'static', 'ringing', 'whistl(?:e|es|ing)',
      'sobs?', 'crying', 'cries', 'nods?', 'gestures?', 'smiles?', 'shrugs?',
    ].join('|') +
    ')(?![\\p{L}\\p{N}])',
  'iu',
);

/** A note is a phrase, not a paragraph: a long bracketed stretch inside speech is speech. */
const MAX_NOTE_CHARS = 120;
/** A whole paragraph in brackets is a note up to this length (a summary of what was said in another language). */
const MAX_WHOLE_NOTE_CHARS = 600;

/** The non-speech ranges of one paragraph, in order, with `paragraph` set to its index in the turn. */
export function nonSpeechRanges(text: string, paragraph: number): NonSpeech[] {
  if (!/[([]/.test(text)) return [];
  const ranges: NonSpeech[] = [];
  for (const { from, to } of bracketGroups(text)) {
    const inner = text.slice(from + 1, to - 1);
    const whole = from === leadingSpace(text) && to === text.length - trailingSpace(text);
    if ((whole && inner.length <= MAX_WHOLE_NOTE_CHARS) || (inner.length <= MAX_NOTE_CHARS && NOTE_WORDS.test(inner))) {
      ranges.push({ paragraph, from, to });
    }
  }
  return ranges;
}

/**
 * Outermost bracket groups, (...) and [...], by counting depth: one pass, so a paragraph of any length
 * with any brackets costs the same. A group left open at the end of the paragraph is not a group.
 */
function bracketGroups(text: string): { from: number; to: number }[] {
  const groups: { from: number; to: number }[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b) {
      if (depth === 0) start = i;
      depth++;
    } else if ((c === 0x29 || c === 0x5d) && depth > 0) {
      depth--;
      if (depth === 0) groups.push({ from: start, to: i + 1 });
    }
  }
  return groups;
}

function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

function trailingSpace(text: string): number {
  return text.length - text.trimEnd().length;
}
