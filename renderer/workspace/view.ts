/**
 * What the panels around the editor show, derived from the editor's state. Made after a pause in
 * typing rather than on every keystroke (see Workspace), and the annotation rows only while a list
 * is shown: 10,000 rows carry their quotes, a walk of the text each.
 */
import { redoDepth, undoDepth } from 'prosemirror-history';
import type { Codebook } from '../../shared/annotation.js';
import type { Speaker } from '../../shared/model.js';
import type { Row } from '../components/AnnotationList.js';
import { annotationCounts, annotationQuote, annotationsAt, annotationVersion, getAnnotation, listAnnotations, selectedAnnotation } from '../editor/annotations.js';
import type { TranscriptEditor } from '../editor/editor.js';
import { codebookOf, docDismissed, docMetadata, docRemoved, docSpeakers, turnAttrs } from '../editor/schema.js';
import { transcriptStats, type TranscriptStats } from '../editor/stats.js';
import { currentTurn } from '../editor/turns.js';

export interface WorkspaceView {
  speakers: readonly Speaker[];
  stats: TranscriptStats;
  removed: ReturnType<typeof docRemoved>;
  metadata: ReturnType<typeof docMetadata>;
  dismissed: readonly string[];
  current: { id: string; speaker: string | null; label: string | null } | null;
  canUndo: boolean;
  canRedo: boolean;
  codebook: Codebook;
  /** The annotation list's rows, made only while a list is shown. */
  rows: Row[];
  annotationCount: number;
  topicCounts: Map<string, number>;
  selected: string | null;
  /** The selected annotation's text. */
  quote: string;
  here: { id: string; label: string }[];
}

/** The annotation rows, with their quotes and speakers (which cost a walk of the text each). */
function rowsOf(ed: TranscriptEditor): Row[] {
  const doc = ed.state.doc;
  return listAnnotations(ed.state).map(({ annotation, range }) => {
    const turn = range ? doc.resolve(range.from) : null;
    return {
      annotation,
      from: range?.from ?? null,
      speaker: turn && turn.depth >= 1 ? turnAttrs(turn.node(1)).speaker : null,
      quote: range ? doc.textBetween(range.from, range.to, ' ') : annotation.target.exact,
    };
  });
}

/** Rows kept between refreshes while neither the text nor the annotations changed. */
export interface RowsCache {
  version: number;
  doc: unknown;
  rows: Row[];
}

export function viewOf(ed: TranscriptEditor, listing: boolean, cache: { current: RowsCache | null }): WorkspaceView {
  const s = ed.state;
  const t = currentTurn(s);
  const version = annotationVersion(s);
  if (!listing) cache.current = null;
  else if (!cache.current || cache.current.version !== version || cache.current.doc !== s.doc) {
    cache.current = { version, doc: s.doc, rows: rowsOf(ed) };
  }
  const { total: annotationCount, byTopic: topicCounts } = annotationCounts(s);
  const selected = selectedAnnotation(s);
  const codebook = codebookOf(ed.state);
  const labelOf = (id: string) => {
    const a = getAnnotation(s, id);
    if (!a) return id;
    const topics = a.topics.map((x) => codebook.topics.find((y) => y.id === x)?.label ?? x).join(', ');
    return `${a.kind}${topics ? `: ${topics}` : ''}`;
  };
  return {
    codebook,
    rows: cache.current?.rows ?? [],
    annotationCount,
    topicCounts,
    selected,
    quote: selected ? annotationQuote(s, selected) : '',
    here: annotationsAt(s, s.selection.from).map((l) => ({ id: l.annotation.id, label: labelOf(l.annotation.id) })),
    speakers: docSpeakers(s.doc),
    stats: transcriptStats(s.doc),
    removed: docRemoved(s.doc),
    metadata: docMetadata(s.doc),
    dismissed: docDismissed(s.doc),
    current: t ? turnAttrs(t.node) : null,
    canUndo: undoDepth(s) > 0,
    canRedo: redoDepth(s) > 0,
  };
}
