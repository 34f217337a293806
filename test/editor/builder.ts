/**
 * Transcripts for editor tests, written as they read, with named places marked in the text:
 *
 *   const t = transcript(
 *     turn('ana', p('Alpha <a>beta<b> gamma.'), p('Delta epsilon.')),
 *     turn(null, p('Zeta eta theta.')),
 *   );
 *   t.body       // the TranscriptBody: turns t1, t2..., speakers collected from the turns
 *   t.pos.a      // the document position where <a> stands
 *   t.offset.a   // the same place as an offset in the working text
 *   t.text       // the working text: "Alpha beta gamma.\nDelta epsilon.\n\nZeta eta theta."
 *
 * A tag is `<name>` (letters, digits, `_`), taken out of the text; each name is used once.
 * The working text is the one shared/annotation.ts defines: a turn's paragraphs joined by "\n",
 * turns by "\n\n", offsets in UTF-16 code units.
 */
import type { Speaker, TranscriptBody, Turn } from '../../shared/model.js';
import { PARAGRAPH_SEPARATOR, TURN_SEPARATOR } from '../../shared/anchoring/working-text.js';

const TAG = /<(\w+)>/g;

/** A paragraph's text, with its tags at offsets into that text. */
export interface Paragraph {
  readonly text: string;
  readonly tags: ReadonlyMap<string, number>;
}

/** A paragraph: `text` with `<name>` tags marking places in it. */
export function p(text: string): Paragraph {
  const tags = new Map<string, number>();
  let clean = '';
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    clean += text.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[1]!;
    if (tags.has(name)) throw new Error(`tag <${name}> used twice`);
    tags.set(name, clean.length);
  }
  return { text: clean + text.slice(last), tags };
}

/** A speaker with defaults: the name made from the id ("mark-rutte" is "Mark Rutte"), no role, no aliases. */
export function speaker(id: string, fields: Partial<Omit<Speaker, 'id'>> = {}): Speaker {
  const name = id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  return { id, name, role: null, aliases: [], anonymous: false, ...fields };
}

/** A turn's fields other than its speaker and text: id (by default t1, t2... by place), label, times, non-speech, suggestion. */
export type TurnFields = Partial<Omit<Turn, 'speaker' | 'paragraphs'>>;

export interface TurnSpec {
  readonly speaker: Speaker | null;
  readonly fields: TurnFields;
  readonly paragraphs: readonly Paragraph[];
}

/**
 * A turn of `who` (a speaker id, a Speaker, or null for an unattributed turn), its paragraphs, and
 * optionally its other fields first: `turn('q', { label: 'Question' }, p('...'))`.
 */
export function turn(who: string | Speaker | null, ...content: [TurnFields, ...Paragraph[]] | Paragraph[]): TurnSpec {
  const [first, ...rest] = content;
  const fields = first && !('tags' in first) ? first : null;
  const paragraphs = (fields ? rest : content) as Paragraph[];
  if (!paragraphs.length) throw new Error('a turn needs a paragraph');
  return { speaker: typeof who === 'string' ? speaker(who) : who, fields: fields ?? {}, paragraphs };
}

/** What the rest of the body holds: speakers listed here come first, in this order, with their own fields. */
export type BodyFields = Partial<Omit<TranscriptBody, 'turns'>>;

export interface Built {
  readonly body: TranscriptBody;
  /** The working text. */
  readonly text: string;
  /** Each tag's position in the editor's document (docFromBody(body)). */
  readonly pos: Readonly<Record<string, number>>;
  /** Each tag's offset in the working text. */
  readonly offset: Readonly<Record<string, number>>;
}

/** A transcript of these turns; `fields` (first, optional) gives the rest of the body. */
export function transcript(...args: [BodyFields, ...TurnSpec[]] | TurnSpec[]): Built {
  const [first, ...rest] = args;
  const given = first && !('paragraphs' in first) ? first : null;
  const specs = (given ? rest : args) as TurnSpec[];
  const speakers: Speaker[] = [...(given?.speakers ?? [])];
  for (const s of specs) if (s.speaker && !speakers.some((x) => x.id === s.speaker!.id)) speakers.push(s.speaker);

  const pos: Record<string, number> = {};
  const offset: Record<string, number> = {};
  const mark = (name: string, docPos: number, textOffset: number) => {
    if (name in pos) throw new Error(`tag <${name}> used twice`);
    pos[name] = docPos;
    offset[name] = textOffset;
  };
  // doc > turn > paragraph > text: a turn opens one position before its paragraphs, a paragraph one before its text.
  let at = 0;
  let text = '';
  const turns: Turn[] = specs.map((s, i) => {
    if (i > 0) text += TURN_SEPARATOR;
    let inner = at + 1;
    s.paragraphs.forEach((para, j) => {
      if (j > 0) text += PARAGRAPH_SEPARATOR;
      for (const [name, k] of para.tags) mark(name, inner + 1 + k, text.length + k);
      text += para.text;
      inner += para.text.length + 2;
    });
    at = inner + 1;
    return { id: `t${i + 1}`, speaker: s.speaker?.id ?? null, label: null, paragraphs: s.paragraphs.map((x) => x.text), ...s.fields };
  });
  const body: TranscriptBody = { metadata: {}, removed: [], history: [], ...given, speakers, turns };
  return { body, text, pos, offset };
}
