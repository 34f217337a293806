/** The left rail: speakers with counts, removed text, metadata. */
import { useState } from 'react';
import type { Metadata, Removed, Speaker } from '../../shared/model.js';
import type { TranscriptStats } from '../editor/stats.js';

export function SpeakersPanel(props: {
  speakers: readonly Speaker[];
  stats: TranscriptStats;
  readOnly: boolean;
  onJump(speakerId: string | null): void;
  onRename(speakerId: string): void;
  onRole(speakerId: string): void;
  onMerge(speakerId: string): void;
}) {
  const { speakers, stats } = props;
  return (
    <div className="panel" aria-label="Speakers">
      <div className="panel-summary">
        {speakers.length} speakers · {stats.turns} turns
      </div>
      {stats.unattributed > 0 && (
        <button className="speaker-row unattributed-row" onClick={() => props.onJump(null)} title="Next unattributed turn (F8)">
          <span className="speaker-row-name">Unattributed</span>
          <span className="speaker-row-count">{stats.unattributed} turns</span>
        </button>
      )}
      <ul className="speaker-list">
        {speakers.map((s) => {
          const st = stats.bySpeaker.get(s.id) ?? { turns: 0, words: 0 };
          return (
            <li key={s.id} className="speaker-item" data-speaker-id={s.id}>
              <button className="speaker-row" onClick={() => props.onJump(s.id)} title={`Jump to ${s.name}'s next turn`}>
                <span className="speaker-row-name">{s.name}</span>
                {s.role && <span className="speaker-row-role">{s.role}</span>}
                <span className="speaker-row-count">
                  {st.turns} turns · {groupDigits(st.words)} words
                </span>
              </button>
              {!props.readOnly && (
                <span className="speaker-actions">
                  <button onClick={() => props.onRename(s.id)} title="Rename everywhere (F2)" aria-label={`Rename ${s.name}`}>
                    Rename
                  </button>
                  <button onClick={() => props.onRole(s.id)} title="Edit role (Alt+R)" aria-label={`Edit role of ${s.name}`}>
                    Role
                  </button>
                  <button onClick={() => props.onMerge(s.id)} title="Merge into another speaker (Alt+Shift+M)" aria-label={`Merge ${s.name} into…`}>
                    Merge…
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function RemovedPanel(props: { removed: readonly Removed[]; readOnly: boolean; onRestore(id: string): void }) {
  const [open, setOpen] = useState<string | null>(null);
  if (!props.removed.length) return <div className="panel empty">Nothing was removed from this file.</div>;
  return (
    <div className="panel" aria-label="Removed text">
      <div className="panel-summary">Text Parley set aside on import. Restore any of it as a turn.</div>
      {props.removed.map((r) => (
        <div key={r.id} className="removed-item" data-removed-id={r.id}>
          <div className="removed-reason">{r.reason}</div>
          <pre className={open === r.id ? 'removed-text full' : 'removed-text'}>{r.text}</pre>
          <div className="removed-actions">
            <button onClick={() => setOpen(open === r.id ? null : r.id)}>{open === r.id ? 'Show less' : 'Show all'}</button>
            {!props.readOnly && <button onClick={() => props.onRestore(r.id)}>Restore as a turn</button>}
          </div>
        </div>
      ))}
    </div>
  );
}

export function MetadataPanel(props: { metadata: Metadata }) {
  const entries = Object.entries(props.metadata);
  if (!entries.length) return <div className="panel empty">No metadata was found in this file.</div>;
  return (
    <dl className="panel metadata" aria-label="Metadata">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A count with its thousands grouped ("12,345"), as toLocaleString('en') writes it, without it: the
 * first call of that loads the browser's number formatting, 10 to 13 ms just after a transcript's
 * first frame, which held back loading its annotations.
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
