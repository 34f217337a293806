/**
 * Collects what a convention reads, in document order, and hands out the ids: turns "t1", "t2", ...,
 * removed text "r1", "r2", ... Because ids follow the order of the calls, a convention only has to walk
 * its source from top to bottom. What every convention would otherwise repeat is done here once:
 * speakers from labels, non-speech marks, suggested speakers for anonymous turns, and the account of
 * what was consumed as structure.
 */
import type { Metadata, Removed, TranscriptBody, Turn } from '../model.js';
import type { Account, ConsumedKind, Consumer } from './accounting.js';
import { nonSpeechRanges } from './non-speech.js';
import { SpeakerBook } from './speaker-book.js';
import { suggestSpeaker } from './suggestion.js';

/** Times of a turn, in seconds from the start of the recording. */
export interface TurnTimes {
  start?: number;
  end?: number;
}

export class TranscriptBuilder implements Consumer {
  readonly #speakers = new SpeakerBook();
  readonly #turns: Turn[] = [];
  readonly #removed: Removed[] = [];
  readonly #metadata: Metadata = {};
  readonly #account: Account = { consumed: [], produced: [] };

  /**
   * Add a turn. A label gives the speaker; no label means the source did not say who spoke (speaker
   * null, for the editor to resolve). A turn with no text gets one empty paragraph, as the model asks.
   */
  addTurn(label: string | null, paragraphs: readonly string[], times: TurnTimes = {}): string {
    const id = `t${this.#turns.length + 1}`;
    const speaker = label === null ? null : this.#speakers.attribute(label);
    const text = paragraphs.length > 0 ? paragraphs.map((p) => p.trim()) : [''];
    const turn: Turn = { id, speaker, label: label === null ? null : label.trim(), paragraphs: text };
    if (times.start !== undefined && validTime(times.start)) turn.start = times.start;
    if (times.end !== undefined && validTime(times.end) && (turn.start === undefined || times.end >= turn.start)) turn.end = times.end;
    const nonSpeech = text.flatMap((p, i) => nonSpeechRanges(p, i));
    if (nonSpeech.length > 0) turn.nonSpeech = nonSpeech;
    if (speaker !== null && this.#speakers.isAnonymous(speaker)) {
      const suggestion = suggestSpeaker(text[0] ?? '');
      if (suggestion) turn.suggestion = suggestion;
    }
    this.#turns.push(turn);
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

  /** Record source text consumed as structure (see accounting.ts); empty pieces are not recorded. */
  consume(kind: ConsumedKind, text: string): void {
    if (text.trim() !== '') this.#account.consumed.push({ kind, text });
  }

  /** Record characters written in place of consumed text (the `&` of `&amp;`). */
  produce(text: string): void {
    if (text.trim() !== '') this.#account.produced.push(text);
  }

  get turnCount(): number {
    return this.#turns.length;
  }

  build(): TranscriptBody {
    return {
      metadata: { ...this.#metadata },
      speakers: this.#speakers.list(),
      turns: this.#turns.map((t) => ({
        ...t,
        paragraphs: [...t.paragraphs],
        ...(t.nonSpeech ? { nonSpeech: t.nonSpeech.map((n) => ({ ...n })) } : {}),
        ...(t.suggestion ? { suggestion: { ...t.suggestion } } : {}),
      })),
      removed: this.#removed.map((r) => ({ ...r })),
      history: [],
    };
  }

  /** What was consumed as structure so far. */
  account(): Account {
    return { consumed: [...this.#account.consumed], produced: [...this.#account.produced] };
  }
}

function validTime(t: number): boolean {
  return Number.isFinite(t) && t >= 0;
}
