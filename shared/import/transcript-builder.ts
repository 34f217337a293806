/**
 * Collects what a convention reads, in document order, and hands out the ids: turns "t1", "t2", ...,
 * removed text "r1", "r2", ... Because ids follow the order of the calls, a convention only has to walk
 * its source from top to bottom.
 */
import type { Metadata, Removed, TranscriptBody, Turn } from '../model.js';
import { SpeakerBook } from './speaker-book.js';

export class TranscriptBuilder {
  readonly #speakers = new SpeakerBook();
  readonly #turns: Turn[] = [];
  readonly #removed: Removed[] = [];
  readonly #metadata: Metadata = {};

  /**
   * Add a turn. A label gives the speaker; no label means the source did not say who spoke (speaker
   * null, for the editor to resolve). A turn with no text gets one empty paragraph, as the model asks.
   */
  addTurn(label: string | null, paragraphs: readonly string[]): string {
    const id = `t${this.#turns.length + 1}`;
    const speaker = label === null ? null : this.#speakers.attribute(label);
    this.#turns.push({
      id,
      speaker,
      label: label === null ? null : label.trim(),
      paragraphs: paragraphs.length > 0 ? [...paragraphs] : [''],
    });
    return id;
  }

  /** Set text aside; it is recorded as standing after the last turn added so far. */
  addRemoved(kind: Removed['kind'], reason: string, text: string): void {
    this.#removed.push({
      id: `r${this.#removed.length + 1}`,
      kind,
      reason,
      text,
      afterTurn: this.#turns.at(-1)?.id ?? null,
    });
  }

  /** Record a metadata paragraph; a second paragraph under the same key is added below the first. */
  addMetadata(key: string, value: string): void {
    const before = this.#metadata[key];
    this.#metadata[key] = before === undefined ? value : `${before}\n\n${value}`;
  }

  get turnCount(): number {
    return this.#turns.length;
  }

  build(): TranscriptBody {
    return {
      metadata: { ...this.#metadata },
      speakers: this.#speakers.list(),
      turns: this.#turns.map((t) => ({ ...t, paragraphs: [...t.paragraphs] })),
      removed: this.#removed.map((r) => ({ ...r })),
      history: [],
    };
  }
}
