/**
 * The transcript's annotations as a list that scales (virtualised), filtered by kind, topic,
 * speaker and status, sortable; and the claims table. Clicking a row scrolls to its span.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import type { Speaker } from '../../shared/model.js';

export interface Row {
  annotation: Annotation;
  /** Where it starts in the document (detached: null), and the speaker of that turn. */
  from: number | null;
  speaker: string | null;
  quote: string;
}

type Sort = 'position' | 'kind' | 'status' | 'modified';

function topicLabels(a: Annotation, codebook: Codebook): string {
  return a.topics.map((id) => codebook.topics.find((t) => t.id === id)?.label ?? id).join(', ') || (a.kind === 'topic' ? 'uncoded' : '');
}

export function AnnotationList(props: {
  rows: Row[];
  codebook: Codebook;
  speakers: readonly Speaker[];
  selected: string | null;
  claimsOnly?: boolean;
  onPick(row: Row): void;
}) {
  const { codebook } = props;
  const [kind, setKind] = useState<'all' | Annotation['kind']>(props.claimsOnly ? 'claim' : 'all');
  const [topic, setTopic] = useState('');
  const [speaker, setSpeaker] = useState('');
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<Sort>('position');
  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    const out = props.rows.filter(
      (r) =>
        (kind === 'all' || r.annotation.kind === kind) &&
        (!topic || r.annotation.topics.includes(topic)) &&
        (!speaker || r.speaker === speaker) &&
        (!status || r.annotation.claim?.status === status) &&
        (!q || r.quote.toLowerCase().includes(q) || r.annotation.note.toLowerCase().includes(q)),
    );
    const by: Record<Sort, (a: Row, b: Row) => number> = {
      position: (a, b) => (a.from ?? Infinity) - (b.from ?? Infinity),
      kind: (a, b) => a.annotation.kind.localeCompare(b.annotation.kind) || (a.from ?? 0) - (b.from ?? 0),
      status: (a, b) => (a.annotation.claim?.status ?? '').localeCompare(b.annotation.claim?.status ?? ''),
      modified: (a, b) => b.annotation.modified.localeCompare(a.annotation.modified),
    };
    return out.sort(by[sort]);
  }, [props.rows, kind, topic, speaker, status, text, sort]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 58, overscan: 8 });
  const nameOf = (id: string | null) => props.speakers.find((s) => s.id === id)?.name ?? 'Unattributed';
  const statusOf = (id: string | undefined) => codebook.statuses.find((s) => s.id === id);

  return (
    <div className="panel annotation-list" aria-label={props.claimsOnly ? 'Claims' : 'Annotations'}>
      <div className="filters">
        {!props.claimsOnly && (
          <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="all">All kinds</option>
            <option value="topic">Topics</option>
            <option value="claim">Claims</option>
            <option value="note">Notes</option>
          </select>
        )}
        <select aria-label="Topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
          <option value="">All topics</option>
          {codebook.topics.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        <select aria-label="Speaker" value={speaker} onChange={(e) => setSpeaker(e.target.value)}>
          <option value="">All speakers</option>
          {props.speakers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">All statuses</option>
          {codebook.statuses.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
          <option value="position">In order</option>
          <option value="kind">By kind</option>
          <option value="status">By status</option>
          <option value="modified">Recently changed</option>
        </select>
        <input aria-label="Filter text" placeholder="Filter…" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="panel-summary">
        {rows.length} of {props.rows.length}
      </div>
      <div ref={scroller} className="virtual-scroller">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const r = rows[item.index]!;
            const a = r.annotation;
            const st = statusOf(a.claim?.status);
            return (
              <button
                key={a.id}
                className={`annotation-row${a.id === props.selected ? ' selected' : ''}${a.detached ? ' detached' : ''}`}
                data-annotation-id={a.id}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                onClick={() => props.onPick(r)}
              >
                <span className="row-head">
                  <span className={`kind kind-${a.kind}`}>{a.kind}</span>
                  {topicLabels(a, codebook) && <span className="row-topics">{topicLabels(a, codebook)}</span>}
                  {st && (
                    <span className="status-chip" style={{ borderColor: st.color }}>
                      {st.label}
                    </span>
                  )}
                  {a.detached && <span className="detached-chip">detached</span>}
                  <span className="row-speaker">{nameOf(r.speaker)}</span>
                </span>
                <span className="row-quote">“{r.quote.length > 140 ? `${r.quote.slice(0, 140)}…` : r.quote}”</span>
              </button>
            );
          })}
        </div>
      </div>
    </div>
  );
}
