/**
 * Conventions: the ways transcripts are written down (a label on its own line, "NAME:" inline, timed
 * captions, ...). Each convention is one file exporting one Convention; the registry holds them and
 * picks the one that recognises a text best. Adding a convention is a new file plus one line in
 * index.ts, and nothing else changes.
 */
import type { ImportResult } from '../model.js';
import { ParleyError } from '../errors.js';

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
  detect(text: string): number;
  /** Read the text as this convention. Must not throw for any string. */
  parse(text: string): ImportResult;
}

/** A convention's name and how sure it is about one text. */
export interface ConventionScore {
  id: string;
  label: string;
  confidence: number;
}

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
  rank(text: string): ConventionScore[] {
    return this.#conventions
      .map((c, order) => ({ id: c.id, label: c.label, confidence: safeConfidence(() => c.detect(text)), order }))
      .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
      .map(({ id, label, confidence }) => ({ id, label, confidence }));
  }

  /** The convention most sure of a text. The registry must hold at least one convention. */
  best(text: string): Convention {
    const top = this.rank(text)[0];
    if (!top) throw new Error('The convention registry is empty.');
    return this.get(top.id);
  }
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
