/**
 * The transcript as Parley sees it, shaped for people and scripts: the JSON object that
 * `parley inspect --json` prints, and the readable summary it prints otherwise. Pure: no Node, no DOM.
 */
import type { AnnotationKind } from './annotation.js';
import type { Metadata, TranscriptBody } from './model.js';
import { turnIndexAt, workingText } from './anchoring/working-text.js';

/** One speaker in the inspect output. Later versions may add fields, never remove these. */
export interface InspectSpeaker {
  id: string;
  name: string;
  role: string | null;
}

/** One turn: the speaker's id (null when unresolved) and its paragraphs joined by "\n". */
export interface InspectTurn {
  speaker: string | null;
  text: string;
}

/** One annotation in the inspect output. Later versions may add fields, never remove these. */
export interface InspectAnnotation {
  id: string;
  kind: AnnotationKind;
  /** The labels of its topics (the id, for a topic the codebook lacks). */
  topics: string[];
  /** The annotated text as stored. */
  quote: string;
  /** The speaker id of the turn where it starts; null when that turn has no speaker, or the annotation is detached. */
  speaker: string | null;
  /** For a claim, its status id (such as "accurate"); null for topics and notes. */
  status: string | null;
}

/** The object `parley inspect --json` prints. */
export interface InspectView {
  /** The id of the convention the transcript was read with. */
  format: string;
  metadata: Metadata;
  speakers: InspectSpeaker[];
  turns: InspectTurn[];
  warnings: string[];
  /** Topic tags, claims and notes, in the order the sidecar keeps them; [] when there are none. */
  annotations: InspectAnnotation[];
}

/** Shape a transcript body (and how it was read) into the inspect object. */
export function inspectView(input: { convention: string; body: TranscriptBody; warnings: readonly string[] }): InspectView {
  const { body } = input;
  return {
    format: input.convention,
    // Sorted so that the output of two runs diffs cleanly, as the sidecar does.
    metadata: Object.fromEntries(Object.entries(body.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    speakers: body.speakers.map(({ id, name, role }) => ({ id, name, role })),
    turns: body.turns.map((t) => ({ speaker: t.speaker, text: t.paragraphs.join('\n') })),
    warnings: [...input.warnings],
    annotations: inspectAnnotations(body),
  };
}

function inspectAnnotations(body: TranscriptBody): InspectAnnotation[] {
  const annotations = body.annotations ?? [];
  if (!annotations.length) return [];
  const labels = new Map((body.codebook?.topics ?? []).map((t) => [t.id, t.label] as const));
  const working = workingText(body.turns);
  return annotations.map((a) => ({
    id: a.id,
    kind: a.kind,
    topics: a.topics.map((id) => labels.get(id) ?? id),
    quote: a.target.exact,
    speaker: a.detached || !body.turns.length ? null : (body.turns[turnIndexAt(working, a.target.start)]?.speaker ?? null),
    status: a.kind === 'claim' ? (a.claim?.status ?? null) : null,
  }));
}

/** What the readable summary says about where the view came from. */
export interface SummaryContext {
  fileName: string;
  confidence: number;
  /** When the body came from saved annotations, their time; null for a fresh import. */
  savedAt: string | null;
  /** How many turns to show; 5 unless told. */
  firstTurns?: number;
}

/** A readable summary: file, convention and confidence, speakers with turn counts, the first turns, warnings. */
export function inspectSummary(view: InspectView, context: SummaryContext): string {
  const lines: string[] = [];
  const shown = context.firstTurns ?? 5;
  lines.push(`File: ${context.fileName}`);
  const from = context.savedAt === null ? 'imported afresh' : `from saved annotations (${context.savedAt})`;
  lines.push(`Read as: ${view.format} (confidence ${context.confidence.toFixed(2)}), ${from}`);
  const metadata = Object.entries(view.metadata);
  if (metadata.length) {
    lines.push('Metadata:');
    for (const [key, value] of metadata) lines.push(`  ${key}: ${oneLine(value, 100)}`);
  }

  const counts = new Map<string | null, number>();
  for (const t of view.turns) counts.set(t.speaker, (counts.get(t.speaker) ?? 0) + 1);
  const names = new Map(view.speakers.map((s) => [s.id, s.name] as const));
  lines.push(`Speakers (${view.speakers.length}):`);
  for (const s of view.speakers) {
    const role = s.role ? ` (${s.role})` : '';
    lines.push(`  ${s.name}${role}: ${plural(counts.get(s.id) ?? 0, 'turn')}`);
  }
  const unattributed = counts.get(null) ?? 0;
  if (unattributed) lines.push(`  (no speaker): ${plural(unattributed, 'turn')}`);

  lines.push(`Turns: ${view.turns.length}${view.turns.length > shown ? `, the first ${shown}:` : view.turns.length ? ':' : ''}`);
  for (const t of view.turns.slice(0, shown)) {
    const who = t.speaker === null ? '(no speaker)' : (names.get(t.speaker) ?? t.speaker);
    lines.push(`  ${who}: ${oneLine(t.text, 100)}`);
  }

  if (view.warnings.length) {
    lines.push(`Warnings (${view.warnings.length}):`);
    for (const w of view.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Collapse whitespace and cut at `max` characters (by code point, so no emoji is cut in half). */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : chars.slice(0, max - 1).join('') + '…';
}
