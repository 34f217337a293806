/** The left rail's panels: speakers with counts, removed text, metadata. */
import { memo, useState, type MouseEvent as ReactMouseEvent } from 'react';
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
  // One listener for every row's buttons (each says what it does in data-action): the rows then
  // hold no functions, and a row whose speaker and counts are unchanged is not drawn again when
  // the panel is (the workspace redraws it as the transcript changes, and each row is many elements).
  const onClick = (e: ReactMouseEvent) => {
    const button = e.target instanceof Element ? e.target.closest<HTMLElement>('button[data-action]') : null;
    const id = button?.closest<HTMLElement>('[data-speaker-id]')?.dataset.speakerId;
    if (!button || id === undefined) return;
    const action = button.dataset.action;
    if (action === 'jump') props.onJump(id);
    else if (action === 'rename') props.onRename(id);
    else if (action === 'role') props.onRole(id);
    else if (action === 'merge') props.onMerge(id);
  };
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
      <ul className="speaker-list" onClick={onClick}>
        {speakers.map((s) => {
          const st = stats.bySpeaker.get(s.id);
          return <SpeakerRow key={s.id} speaker={s} turns={st?.turns ?? 0} words={st?.words ?? 0} readOnly={props.readOnly} />;
        })}
      </ul>
    </div>
  );
}

/** A speaker's row in the Speakers panel; its buttons are handled by the list (see SpeakersPanel). */
const SpeakerRow = memo(function SpeakerRow({ speaker: s, turns, words, readOnly }: { speaker: Speaker; turns: number; words: number; readOnly: boolean }) {
  return (
    <li className="speaker-item" data-speaker-id={s.id}>
      <button className="speaker-row" data-action="jump" title={`Jump to ${s.name}'s next turn`}>
        <span className="speaker-row-name">{s.name}</span>
        {s.role && <span className="speaker-row-role">{s.role}</span>}
        <span className="speaker-row-count">
          {turns} turns · {groupDigits(words)} words
        </span>
      </button>
      {!readOnly && (
        <span className="speaker-actions">
          <button data-action="rename" title="Rename everywhere (F2)" aria-label={`Rename ${s.name}`}>
            Rename
          </button>
          <button data-action="role" title="Edit role (Alt+R)" aria-label={`Edit role of ${s.name}`}>
            Role
          </button>
          <button data-action="merge" title="Merge into another speaker (Alt+Shift+M)" aria-label={`Merge ${s.name} into…`}>
            Merge…
          </button>
        </span>
      )}
    </li>
  );
});

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

/**
 * The transcript's metadata (title, date, place, ...), each value editable: a change is written
 * when the field is left or Enter is pressed, as one undoable step; an emptied value removes the
 * field. A field can be added by name.
 */
export function MetadataPanel(props: { metadata: Metadata; readOnly: boolean; onSet(key: string, value: string): void }) {
  const entries = Object.entries(props.metadata);
  const [newKey, setNewKey] = useState('');
  return (
    <div className="panel metadata" aria-label="Metadata">
      {!entries.length && <div className="panel-summary">No metadata was found in this file.</div>}
      <dl>
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt id={`meta-${k}`}>{k}</dt>
            <dd>
              <MetadataValue name={k} value={v} readOnly={props.readOnly} onSet={(value) => props.onSet(k, value)} />
            </dd>
          </div>
        ))}
      </dl>
      {!props.readOnly && (
        <form
          className="metadata-add"
          onSubmit={(e) => {
            e.preventDefault();
            const key = newKey.trim();
            if (!key || key in props.metadata) return;
            props.onSet(key, '…');
            setNewKey('');
          }}
        >
          <input aria-label="New metadata field" placeholder="Add a field…" value={newKey} onChange={(e) => setNewKey(e.target.value)} />
          <button type="submit" disabled={!newKey.trim() || newKey.trim() in props.metadata}>
            Add
          </button>
        </form>
      )}
    </div>
  );
}

function MetadataValue(props: { name: string; value: string; readOnly: boolean; onSet(value: string): void }) {
  const [draft, setDraft] = useState(props.value);
  // A change made elsewhere (undo, say) shows at once.
  const [shown, setShown] = useState(props.value);
  if (shown !== props.value) {
    setShown(props.value);
    setDraft(props.value);
  }
  const commit = () => draft !== props.value && props.onSet(draft);
  return (
    <textarea
      className="metadata-value"
      aria-label={props.name}
      value={draft}
      readOnly={props.readOnly}
      rows={Math.min(4, Math.max(1, Math.ceil(draft.length / 40)))}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          commit();
        } else if (e.key === 'Escape') setDraft(props.value);
      }}
    />
  );
}

/**
 * A count with its thousands grouped ("12,345"), as toLocaleString('en') writes it, without it: the
 * first call of that loads the browser's number formatting, which just after a transcript's first
 * frame held back loading its annotations.
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
