/**
 * Conventions: the ways transcripts are written down (a label on its own line, "NAME:" inline, timed
 * captions, ...). Each convention is one file exporting one Convention; the registry holds them and
 * picks the one that recognises a text best. Adding a convention is a new file plus one line in
 * index.ts, and nothing else changes.
 */
import type { ImportResult } from '../model.js';
import { ParleyError } from '../errors.js';
import type { Account } from './accounting.js';

/** What a convention may know about a text besides the text itself. */
export interface SourceHints {
  /** The source file's name; its extension (.md, .vtt, .srt) is a hint, never a rule. */
  fileName?: string;
  /**
   * Lines (0-based, in the text handed to the convention) that a wrapping format already knows to be
   * headings, such as Markdown's `# Title`: never labels, never speech.
   */
  headingLines?: ReadonlySet<number>;
}

/** What a convention's parse returns: the import result, and what it consumed on purpose. */
export interface ConventionReading extends ImportResult {
  /** Characters consumed as structure (see accounting.ts); absent when nothing was consumed. */
  account?: Account;
}

/** One way of writing a transcript down, able to recognise and read it. */
export interface Convention {
  /** Stable id, stored in the sidecar: "label-line". */
  readonly id: string;
  /** A name for people: "Label on its own line". */
  readonly label: string;
  /**
   * How sure this convention is that the text is written its way, from 0 (not at all) to 1. Must not
   * throw, and should be cheap next to parse: every convention detects every text.
   */
  detect(text: string, hints?: SourceHints): number;
  /** Read the text as this convention. Must not throw for any string. */
  parse(text: string, hints?: SourceHints): ConventionReading;
}

/** A convention's name and how sure it is about one text. */
export interface ConventionScore {
  id: string;
  label: string;
  confidence: number;
}

/**
 * Detection reads at most this much of a text. Conventions hold for a whole file, so its start tells
 * as much as all of it, and a 50 MB file is detected as fast as a short one.
 */
export const DETECT_SAMPLE_CHARS = 64 * 1024;

/** The known conventions, in order of preference when two are equally sure. */
export class ConventionRegistry {
  readonly #conventions: readonly Convention[];

  constructor(conventions: readonly Convention[]) {
    const ids = conventions.map((c) => c.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice !== undefined) throw new Error(`Two conventions have the id "${twice}".`);
    this.#conventions = [...conventions];
  }

  /** Every convention's id and label, in registry order. */
  list(): { id: string; label: string }[] {
    return this.#conventions.map(({ id, label }) => ({ id, label }));
  }

  /**
   * The convention with this id.
   * @throws ParleyError 'bad-request' when there is none.
   */
  get(id: string): Convention {
    const found = this.#conventions.find((c) => c.id === id);
    if (found) return found;
    const known = this.#conventions.map((c) => c.id).join(', ');
    throw new ParleyError('bad-request', `There is no transcript convention "${id}"; use one of: ${known}.`);
  }

  /** Every convention's confidence for a text, most confident first; ties keep registry order. */
  rank(text: string, hints: SourceHints = {}): ConventionScore[] {
    const sample = detectionSample(text);
    return this.#conventions
      .map((c, order) => ({ id: c.id, label: c.label, confidence: safeConfidence(() => c.detect(sample, hints)), order }))
      .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
      .map(({ id, label, confidence }) => ({ id, label, confidence }));
  }

  /** The convention most sure of a text. The registry must hold at least one convention. */
  best(text: string, hints: SourceHints = {}): Convention {
    return this.choose(text, hints).convention;
  }

  /** The convention most sure of a text, with its confidence. The registry must hold at least one convention. */
  choose(text: string, hints: SourceHints = {}): { convention: Convention; confidence: number } {
    const top = this.rank(text, hints)[0];
    if (!top) throw new Error('The convention registry is empty.');
    return { convention: this.get(top.id), confidence: top.confidence };
  }

  /** How sure one convention is of a text, read from the same sample as rank(). */
  confidence(convention: Convention, text: string, hints: SourceHints = {}): number {
    return safeConfidence(() => convention.detect(detectionSample(text), hints));
  }
}

/** The start of a text, cut at a line break so that no line is read half. */
export function detectionSample(text: string): string {
  if (text.length <= DETECT_SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf('\n', DETECT_SAMPLE_CHARS);
  return text.slice(0, cut > 0 ? cut : DETECT_SAMPLE_CHARS);
}

/**
 * A detector's answer as a number in 0..1. A detector that fails counts as not recognising the text:
 * one broken convention must not stop every other from opening a file.
 */
function safeConfidence(detect: () => number): number {
  try {
    const c = detect();
    return Number.isFinite(c) ? Math.min(1, Math.max(0, c)) : 0;
  } catch {
    return 0;
  }
}
