/**
 * The importer's promise that nothing is lost, made checkable. Every non-white-space character of the
 * source ends up in a turn's label or paragraphs, a metadata value, or removed text, where the editor
 * shows it. The only exceptions are the characters a convention consumes on purpose because they are
 * structure, not content: a subtitle's cue timings, Markdown's emphasis marks, the `<v>` of a voice tag.
 * Those are listed here, each piece with the kind of structure it is, so that a test can check both
 * that the characters add up and that no words were hidden among the "structure".
 */

/**
 * What a consumed piece of source text was. Each kind has a fixed shape (checked by the property test in
 * test/import/properties.test.ts), so that words can never disappear into it:
 * - 'markup': Markdown emphasis, escapes, heading and quote marks, fences, caption `>>` markers
 * - 'time': a timestamp whose value went into a turn's start or end (`[00:01:23]`, `0:05`)
 * - 'timing': a subtitle cue's timing line (`00:00:01.000 --> 00:00:04.000 align:start`)
 * - 'cue-id': a subtitle cue's identifier or number
 * - 'tag': a caption tag, with any voice name taken out (`<i>`, `</v>`, `<v>` from `<v Jane>`)
 * - 'entity': a character reference (`&amp;`); the character it stands for is listed in `produced`
 * - 'key': a metadata key taken from the source (a front-matter or caption-header key)
 * - 'label': a repeated speaker label folded into the turn before (consecutive cues of one speaker)
 * - 'header': the `WEBVTT` signature
 * - 'yaml': the syntax of YAML front matter (fences, colons, quotes, escapes)
 */
export type ConsumedKind = 'markup' | 'time' | 'timing' | 'cue-id' | 'tag' | 'entity' | 'key' | 'label' | 'header' | 'yaml';

/** A piece of source text a convention consumed as structure. */
export interface Consumed {
  kind: ConsumedKind;
  text: string;
}

/** What a reading consumed from the source, and what it wrote that the source did not hold. */
export interface Account {
  consumed: Consumed[];
  /** Characters written in place of consumed text (the `&` of `&amp;`), one string per replacement. */
  produced: string[];
}

/** An empty account, for conventions that consume nothing. */
export function emptyAccount(): Account {
  return { consumed: [], produced: [] };
}

/** One account after another, as when Markdown hands its cleaned text to the convention inside. */
export function joinAccounts(...accounts: readonly Account[]): Account {
  return {
    consumed: accounts.flatMap((a) => a.consumed),
    produced: accounts.flatMap((a) => a.produced),
  };
}

/** Where a reading records what it consumed: a TranscriptBuilder, or an AccountRecorder before there is one. */
export interface Consumer {
  consume(kind: ConsumedKind, text: string): void;
  produce(text: string): void;
}

/** Records consumed text for a step that runs before any TranscriptBuilder exists (Markdown's clean-up). */
export class AccountRecorder implements Consumer {
  readonly #account: Account = emptyAccount();

  consume(kind: ConsumedKind, text: string): void {
    if (text.trim() !== '') this.#account.consumed.push({ kind, text });
  }

  produce(text: string): void {
    if (text.trim() !== '') this.#account.produced.push(text);
  }

  account(): Account {
    return { consumed: [...this.#account.consumed], produced: [...this.#account.produced] };
  }
}
