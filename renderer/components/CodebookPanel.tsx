/**
 * The codebook: topics as a tree with colour, quick key and count; create, rename, recolour,
 * move, merge, delete (asking first); claim types and statuses; import and export (JSON, CSV).
 * Every change goes through the editor, so undo covers it.
 */
import { useState } from 'react';
import type { Codebook } from '../../shared/annotation.js';
import {
  addLabelled,
  recolourLabelled,
  removeLabelled,
  renameLabelled,
  type ListName,
  codebookFromCSV,
  codebookFromJSON,
  codebookToCSV,
  codebookToJSON,
  createTopic,
  deleteTopic,
  mergeCodebooks,
  mergeTopics,
  moveTopic,
  recolourTopic,
  renameTopic,
  setTopicKey,
  topicRows,
  type CodebookEdit,
} from '../../shared/codebook/index.js';
import { download } from './ExportDialog.js';
import { messageOf } from '../../shared/errors.js';


export function CodebookPanel(props: {
  codebook: Codebook;
  counts: ReadonlyMap<string, number>;
  readOnly: boolean;
  /** Apply a change to the codebook as it is now (the panel's copy may be a moment old). */
  onChange(change: (codebook: Codebook) => CodebookEdit | Codebook): void;
  onError(message: string): void;
}) {
  const { codebook } = props;
  const [label, setLabel] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [reassign, setReassign] = useState('');
  const rows = topicRows(codebook);
  const run = (f: (current: Codebook) => CodebookEdit | Codebook) => {
    try {
      props.onChange(f);
    } catch (e) {
      props.onError(messageOf(e));
    }
  };

  return (
    <div className="panel codebook" aria-label="Codebook">
      {!props.readOnly && (
        <form
          className="new-topic"
          onSubmit={(e) => {
            e.preventDefault();
            if (!label.trim()) return;
            run((cb) => {
              // The first free quick key, so a new topic can be applied at once with Alt+key.
              const used = new Set(cb.topics.map((t) => t.key));
              const key = [1, 2, 3, 4, 5, 6, 7, 8, 9].find((k) => !used.has(k)) ?? null;
              return createTopic(cb, { label: label.trim(), key }).codebook;
            });
            setLabel('');
          }}
        >
          <input aria-label="New topic" placeholder="New topic…" value={label} onChange={(e) => setLabel(e.target.value)} />
          <button type="submit" disabled={!label.trim()}>
            Add
          </button>
        </form>
      )}
      {rows.length === 0 && <div className="panel-summary">No topics yet. Add one, then select text and press Alt+1.</div>}
      <ul className="topic-tree">
        {rows.map(({ topic: t, depth }) => (
          <li key={t.id} className="topic-row" data-topic-id={t.id} style={{ paddingLeft: `${depth * 1.1}rem` }}>
            <input
              type="color"
              aria-label={`Colour of ${t.label}`}
              value={t.color}
              disabled={props.readOnly}
              onChange={(e) => run((cb) => recolourTopic(cb, t.id, e.target.value))}
            />
            {editing === t.id ? (
              <input
                autoFocus
                aria-label={`Rename ${t.label}`}
                defaultValue={t.label}
                onBlur={(e) => {
                  setEditing(null);
                  if (e.target.value.trim() && e.target.value.trim() !== t.label) run((cb) => renameTopic(cb, t.id, e.target.value.trim()));
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
                  if (e.key === 'Escape') setEditing(null);
                }}
              />
            ) : (
              <span className="topic-label" onDoubleClick={() => !props.readOnly && setEditing(t.id)} title={t.description || t.label}>
                {t.label}
              </span>
            )}
            <span className="topic-count">{props.counts.get(t.id) ?? 0}</span>
            {!props.readOnly && (
              <span className="topic-actions">
                <select aria-label={`Quick key of ${t.label}`} value={t.key ?? ''} onChange={(e) => run((cb) => setTopicKey(cb, t.id, e.target.value ? Number(e.target.value) : null))}>
                  <option value="">key</option>
                  {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => (
                    <option key={k} value={k}>
                      Alt+{k}
                    </option>
                  ))}
                </select>
                <button onClick={() => setEditing(t.id)} aria-label={`Rename ${t.label}`}>
                  Rename
                </button>
                <select aria-label={`Move ${t.label} under`} value="" onChange={(e) => run((cb) => moveTopic(cb, t.id, e.target.value === '__top' ? null : e.target.value))}>
                  <option value="">Move…</option>
                  <option value="__top">(top level)</option>
                  {codebook.topics
                    .filter((x) => x.id !== t.id)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        under {x.label}
                      </option>
                    ))}
                </select>
                <select aria-label={`Merge ${t.label} into`} value="" onChange={(e) => e.target.value && run((cb) => mergeTopics(cb, t.id, e.target.value))}>
                  <option value="">Merge into…</option>
                  {codebook.topics
                    .filter((x) => x.id !== t.id)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.label}
                      </option>
                    ))}
                </select>
                <button onClick={() => setConfirmDelete(t.id)} aria-label={`Delete ${t.label}`}>
                  Delete
                </button>
              </span>
            )}
            {confirmDelete === t.id && (
              <div className="confirm" role="alertdialog" aria-label={`Delete ${t.label}?`}>
                Delete “{t.label}”? Its {props.counts.get(t.id) ?? 0} annotations are
                <select aria-label="Reassign to" value={reassign} onChange={(e) => setReassign(e.target.value)}>
                  <option value="">kept as uncoded</option>
                  {codebook.topics
                    .filter((x) => x.id !== t.id)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        moved to {x.label}
                      </option>
                    ))}
                </select>
                <button
                  className="primary"
                  onClick={() => {
                    run((cb) => deleteTopic(cb, t.id, reassign ? { reassignTo: reassign } : {}));
                    setConfirmDelete(null);
                    setReassign('');
                  }}
                >
                  Delete
                </button>
                <button onClick={() => setConfirmDelete(null)}>Cancel</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {(['claimTypes', 'statuses'] as const).map((list) => (
        <LabelledList key={list} list={list} codebook={codebook} readOnly={props.readOnly} run={run} />
      ))}
      <div className="codebook-io">
        <button onClick={() => download('parley.codebook.json', codebookToJSON(codebook), 'application/json')}>Export JSON</button>
        <button onClick={() => download('parley.codebook.csv', codebookToCSV(codebook), 'text/csv')}>Export CSV</button>
        {!props.readOnly && (
          <label className="button-like">
            Import…
            <input
              type="file"
              hidden
              accept=".json,.csv,application/json,text/csv"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                const text = await file.text();
                run((cb) => {
                  const imported = file.name.toLowerCase().endsWith('.csv') ? codebookFromCSV(text, file.name) : codebookFromJSON(text, file.name);
                  return mergeCodebooks(cb, imported).codebook;
                });
              }}
            />
          </label>
        )}
      </div>
    </div>
  );
}

/** Claim types or check statuses: rename, recolour, add, remove (claims move to another entry). */
function LabelledList(props: {
  list: ListName;
  codebook: Codebook;
  readOnly: boolean;
  run(f: (current: Codebook) => CodebookEdit | Codebook): void;
}) {
  const { list, codebook, run } = props;
  const [label, setLabel] = useState('');
  const entries = codebook[list];
  const title = list === 'claimTypes' ? 'Claim types' : 'Check statuses';
  return (
    <details className="labelled-list">
      <summary>
        {title} ({entries.length})
      </summary>
      <ul>
        {entries.map((e) => (
          <li key={e.id} className="topic-row">
            <input
              type="color"
              aria-label={`Colour of ${e.label}`}
              value={e.color}
              disabled={props.readOnly}
              onChange={(ev) => run((cb) => recolourLabelled(cb, list, e.id, ev.target.value))}
            />
            <input
              className="labelled-name"
              aria-label={`Name of ${e.label}`}
              defaultValue={e.label}
              disabled={props.readOnly}
              onBlur={(ev) => ev.target.value.trim() && ev.target.value.trim() !== e.label && run((cb) => renameLabelled(cb, list, e.id, ev.target.value.trim()))}
            />
            {!props.readOnly && entries.length > 1 && (
              <select
                aria-label={`Remove ${e.label}, moving its claims to`}
                value=""
                onChange={(ev) => ev.target.value && run((cb) => removeLabelled(cb, list, e.id, ev.target.value))}
              >
                <option value="">Remove…</option>
                {entries
                  .filter((x) => x.id !== e.id)
                  .map((x) => (
                    <option key={x.id} value={x.id}>
                      claims move to {x.label}
                    </option>
                  ))}
              </select>
            )}
          </li>
        ))}
      </ul>
      {!props.readOnly && (
        <form
          className="new-topic"
          onSubmit={(ev) => {
            ev.preventDefault();
            if (!label.trim()) return;
            run((cb) => addLabelled(cb, list, { label: label.trim() }).codebook);
            setLabel('');
          }}
        >
          <input aria-label={`New ${list === 'claimTypes' ? 'claim type' : 'status'}`} placeholder="Add…" value={label} onChange={(ev) => setLabel(ev.target.value)} />
          <button type="submit" disabled={!label.trim()}>
            Add
          </button>
        </form>
      )}
    </details>
  );
}
