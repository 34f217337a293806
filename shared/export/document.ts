/**
 * The transcript made ready for the exporters: the options applied once (kinds, topics, speakers,
 * corrected or source text), every annotation checked against the text it claims to cover, names and
 * labels resolved. Each format then only renders.
 */
import type { Annotation, AnnotationKind, Codebook, Labelled, Topic } from '../annotation.js';
import { emptyCodebook } from '../annotation.js';
import { makeTarget } from '../anchoring/target.js';
import { ParleyError } from '../errors.js';
import { importText } from '../import/index.js';
import type { NonSpeech, Speaker, Turn } from '../model.js';
import {
  CodePointIndex,
  findQuote,
  layoutWorkingText,
  turnIndexAt,
  type TurnSpan,
  type WorkingLayout,
} from './text.js';
import type { ExportInput, ExportOptions, TextChoice } from './types.js';

/** One turn that is exported. */
export interface ExportTurn {
  /** Index of the turn in the exported body's turns (the corrected ones, or the source's). */
  index: number;
  id: string;
  speaker: Speaker | null;
  /** The name to show: the speaker's name, else the source's label, else "Unknown speaker". */
  name: string;
  role: string | null;
  /** Seconds from the start of the recording, where known. */
  start?: number;
  end?: number;
  /** Where the turn and its paragraphs are in the document's text. */
  span: TurnSpan;
  nonSpeech: NonSpeech[];
}

/** One annotation that is exported, placed and resolved. */
export interface ExportAnnotation {
  annotation: Annotation;
  id: string;
  kind: AnnotationKind;
  /** 1, 2, 3 ... in document order: footnote numbers, comment numbers, brat ids. */
  number: number;
  /** UTF-16 offsets into the document's text, and the same in code points. */
  start: number;
  end: number;
  cpStart: number;
  cpEnd: number;
  /** The text covered, and its context in the document's text (makeTarget in shared/anchoring/target.ts). */
  quote: string;
  prefix: string;
  suffix: string;
  /** The turn it starts in. */
  turn: ExportTurn;
  /** Its topics (narrowed to the chosen ones), resolved in the codebook. */
  topics: Topic[];
  note: string;
  /** For claims: the type and status resolved in the codebook, and who the claim is attributed to. */
  claimType: Labelled | null;
  status: Labelled | null;
  claimant: Speaker | null;
}

/** The transcript as every exporter sees it. */
export interface ExportDocument {
  fileName: string;
  /** metadata.title when there is one, else the file name. */
  title: string;
  /** An http(s) address for the transcript, or null. */
  url: string | null;
  textChoice: TextChoice;
  /** The working text of every turn of the exported body (corrected or source); offsets count in it. */
  text: string;
  layout: WorkingLayout;
  codePoints: CodePointIndex;
  metadata: Record<string, string>;
  /** The exported turns, in order (all of them unless speakers were chosen). */
  turns: ExportTurn[];
  /** The speakers of the exported turns, in the body's order. */
  speakers: Speaker[];
  /** The exported annotations in document order: by start, then the longer first. */
  annotations: ExportAnnotation[];
  codebook: Codebook;
  warnings: string[];
}

const UNKNOWN_COLOUR = '#7f7f7f';
const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** Apply the options and resolve everything the exporters need. Throws ParleyError 'bad-request' for impossible options. */
export function prepareDocument(input: ExportInput, options: ExportOptions = {}): ExportDocument {
  const textChoice = options.text ?? 'corrected';
  const warnings: string[] = [];
  const codebook = sanitiseCodebook(input.body.codebook ?? emptyCodebook());

  let turns: readonly Turn[] = input.body.turns;
  let speakers: readonly Speaker[] = input.body.speakers;
  if (textChoice === 'source') {
    if (input.sourceText === undefined) {
      throw new ParleyError('bad-request', `Exporting the source text of "${input.fileName}" needs the source file's text; it was not given.`);
    }
    // The importer is the one reading of a source Parley has: the same turns and labels the editor started from.
    const imported = importText(input.sourceText, { fileName: input.fileName });
    turns = imported.body.turns;
    speakers = imported.body.speakers;
  }
  const layout = layoutWorkingText(turns);
  const text = layout.text;
  const speakerById = new Map(speakers.map((s) => [s.id, s] as const));
  // Claimants name speakers of the corrected transcript, whichever text is exported.
  const claimantById = new Map([...input.body.speakers, ...speakers].map((s) => [s.id, s] as const));

  const chosenSpeakers = options.speakers ? new Set(options.speakers) : null;
  const exportTurns: (ExportTurn | null)[] = turns.map((turn, index) => {
    if (chosenSpeakers && (turn.speaker === null || !chosenSpeakers.has(turn.speaker))) return null;
    const speaker = turn.speaker === null ? null : (speakerById.get(turn.speaker) ?? null);
    const t: ExportTurn = {
      index,
      id: turn.id,
      speaker,
      name: speaker?.name.trim() || turn.label?.trim() || 'Unknown speaker',
      role: speaker?.role ?? null,
      span: layout.turns[index]!,
      nonSpeech: turn.nonSpeech ?? [],
    };
    if (turn.start !== undefined) t.start = turn.start;
    if (turn.end !== undefined) t.end = turn.end;
    return t;
  });
  const included = exportTurns.filter((t): t is ExportTurn => t !== null);
  const usedSpeakers = new Set(included.map((t) => t.speaker?.id).filter((id) => id !== undefined));

  const topicById = new Map(codebook.topics.map((t) => [t.id, t] as const));
  const chosenTopics = options.topics ? withSubtopics(options.topics, codebook.topics) : null;
  const kinds = options.kinds ? new Set(options.kinds) : null;
  const labelled = (list: Labelled[], id: string): Labelled =>
    list.find((x) => x.id === id) ?? { id, label: id, color: UNKNOWN_COLOUR };

  const counts = { detached: 0, lost: 0, notInSource: 0, outside: 0 };
  const placed: Omit<ExportAnnotation, 'number'>[] = [];
  const codePoints = new CodePointIndex(text);
  // In the source text a quote is looked for near the same share of the way through as it was.
  const scale = textChoice === 'source' ? text.length / Math.max(1, layoutWorkingText(input.body.turns).text.length) : 1;
  for (const annotation of input.body.annotations ?? []) {
    if (kinds && !kinds.has(annotation.kind)) continue;
    const topicIds = chosenTopics ? annotation.topics.filter((id) => chosenTopics.has(id)) : annotation.topics;
    if (chosenTopics && topicIds.length === 0) continue;
    if (annotation.detached) {
      counts.detached++;
      continue;
    }
    const range = place(text, annotation, textChoice, scale);
    if (!range) {
      if (textChoice === 'source') counts.notInSource++;
      else counts.lost++;
      continue;
    }
    const first = turnIndexAt(layout, range.start);
    const last = turnIndexAt(layout, Math.max(range.start, range.end - 1));
    const kept = exportTurns.slice(first, last + 1).filter((t) => t !== null).length;
    // Wholly in turns left out: not wanted, nothing to say. Partly: the user should know it is missing.
    if (kept < last - first + 1) {
      if (kept > 0) counts.outside++;
      continue;
    }
    const claim = annotation.claim;
    const target = makeTarget(text, range.start, range.end);
    placed.push({
      annotation,
      id: annotation.id,
      kind: annotation.kind,
      start: target.start,
      end: target.end,
      cpStart: codePoints.toCodePoints(target.start),
      cpEnd: codePoints.toCodePoints(target.end),
      quote: target.exact,
      prefix: target.prefix,
      suffix: target.suffix,
      turn: exportTurns[first]!,
      topics: topicIds.map((id) => topicById.get(id) ?? unknownTopic(id)),
      note: annotation.note,
      claimType: annotation.kind === 'claim' && claim ? labelled(codebook.claimTypes, claim.type) : null,
      status: annotation.kind === 'claim' && claim ? labelled(codebook.statuses, claim.status) : null,
      claimant:
        annotation.kind === 'claim' && claim
          ? claim.claimant === null
            ? null
            : (claimantById.get(claim.claimant) ?? { id: claim.claimant, name: claim.claimant, role: null, aliases: [], anonymous: false })
          : null,
    });
  }
  if (counts.detached) {
    warnings.push(`${plural(counts.detached, 'annotation')} whose text was deleted (detached) ${counts.detached === 1 ? 'is' : 'are'} not exported.`);
  }
  if (counts.lost) {
    warnings.push(`${plural(counts.lost, 'annotation')} no longer ${counts.lost === 1 ? 'matches' : 'match'} the text and ${counts.lost === 1 ? 'is' : 'are'} not exported; open the transcript in Parley to re-attach ${counts.lost === 1 ? 'it' : 'them'}.`);
  }
  if (counts.notInSource) {
    warnings.push(`${plural(counts.notInSource, 'annotation')} ${counts.notInSource === 1 ? 'covers' : 'cover'} text that is not in the source as written and ${counts.notInSource === 1 ? 'is' : 'are'} not exported with the source text.`);
  }
  if (counts.outside) {
    warnings.push(`${plural(counts.outside, 'annotation')} ${counts.outside === 1 ? 'reaches' : 'reach'} into turns of speakers left out and ${counts.outside === 1 ? 'is' : 'are'} not exported.`);
  }

  const order = new Map((input.body.annotations ?? []).map((a, i) => [a, i] as const));
  placed.sort((a, b) => a.start - b.start || b.end - a.end || order.get(a.annotation)! - order.get(b.annotation)!);

  return {
    fileName: input.fileName,
    title: input.body.metadata.title?.trim() || input.fileName,
    url: input.url !== undefined && isWebAddress(input.url) ? input.url : null,
    textChoice,
    text,
    layout,
    codePoints,
    metadata: input.body.metadata,
    turns: included,
    speakers: speakers.filter((s) => usedSpeakers.has(s.id)),
    annotations: placed.map((a, i) => ({ ...a, number: i + 1 })),
    codebook,
    warnings,
  };
}

/** True for an absolute http or https address: the only kind an export ever links to. */
export function isWebAddress(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && /^https?:\/\//i.test(url.trim());
  } catch {
    return false;
  }
}

/**
 * Where an annotation is in the text. Corrected text: its stored position, when that still holds its
 * quote, else the quote found again. Source text: the quote found in the source, near the same share
 * of the way through.
 */
function place(text: string, annotation: Annotation, choice: TextChoice, scale: number): { start: number; end: number } | null {
  const { start, end, exact } = annotation.target;
  if (choice === 'corrected' && end > start && end <= text.length && text.slice(start, end) === exact) {
    return { start, end };
  }
  return findQuote(text, annotation.target, Math.round(start * scale));
}

/** The chosen topic ids and every topic below them in the tree. */
function withSubtopics(chosen: readonly string[], topics: readonly Topic[]): Set<string> {
  const out = new Set(chosen);
  // Topics form a tree by `parent`; repeat until no new child is found (a cycle cannot loop forever).
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of topics) {
      if (t.parent !== null && out.has(t.parent) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
    }
  }
  return out;
}

function unknownTopic(id: string): Topic {
  return { id, label: id, color: UNKNOWN_COLOUR, description: '', parent: null, key: null };
}

/**
 * Colours go into CSS and XML attributes: one that is not exactly #rrggbb (a sidecar edited by hand,
 * or a hostile one) is replaced rather than trusted.
 */
function sanitiseCodebook(codebook: Codebook): Codebook {
  const fix = <T extends { color: string }>(x: T): T => (COLOUR.test(x.color) ? x : { ...x, color: UNKNOWN_COLOUR });
  return {
    topics: codebook.topics.map(fix),
    claimTypes: codebook.claimTypes.map(fix),
    statuses: codebook.statuses.map(fix),
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The topics in tree order (each parent followed by its children), with their depth. */
export function topicTree(topics: readonly Topic[]): { topic: Topic; depth: number }[] {
  const ids = new Set(topics.map((t) => t.id));
  const children = new Map<string | null, Topic[]>();
  for (const t of topics) {
    // A parent that is not in the codebook makes the topic a root rather than losing it.
    const parent = t.parent !== null && ids.has(t.parent) && t.parent !== t.id ? t.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), t]);
  }
  const out: { topic: Topic; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const t of children.get(parent) ?? []) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      out.push({ topic: t, depth });
      visit(t.id, depth + 1);
    }
  };
  visit(null, 0);
  // Topics caught in a parent cycle are never reached from a root: list them at the top level.
  for (const t of topics) if (!seen.has(t.id)) out.push({ topic: t, depth: 0 });
  return out;
}

/** The labels of the statuses that are a verdict, as opposed to "not checked yet". */
export const NOT_A_VERDICT: ReadonlySet<string> = new Set(['', 'unchecked', 'in-progress']);
