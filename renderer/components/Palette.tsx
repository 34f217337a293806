/** The command palette (Ctrl+K): every action and every topic, found by fuzzy search (fuse.js). */
import Fuse from 'fuse.js';
import { listKeys } from './list-keys.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { backdrop, useDialogFocus } from './useDialogFocus.js';

export interface PaletteItem {
  id: string;
  label: string;
  /** The shortcut, shown beside the label. */
  keys?: string;
  group: 'Topic' | 'Action';
  run(): void;
}

export function Palette(props: { items: PaletteItem[]; placeholder?: string; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useDialogFocus({ onCancel: props.onClose });
  const fuse = useMemo(() => new Fuse(props.items, { keys: ['label', 'group'], threshold: 0.4, ignoreLocation: true }), [props.items]);
  const found = query.trim() ? fuse.search(query.trim()).map((r) => r.item) : props.items;
  const pick = (i: number) => {
    const item = found[i];
    if (!item) return;
    props.onClose();
    item.run();
  };
  return (
    <div className="modal-backdrop" {...backdrop(props.onClose)}>
      <div {...dialog} className="modal picker" aria-label="Command palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          data-autofocus
          className="picker-input"
          aria-label="Command or topic"
          placeholder={props.placeholder ?? 'Type an action or a topic…'}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => listKeys(e, { count: found.length, active, setActive, pick, cancel: props.onClose })}
        />
        <ul className="picker-list" role="listbox">
          {found.map((item, i) => (
            <li key={item.id} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => pick(i)}>
              <span className="picker-detail">{item.group}</span>
              <span className="picker-name">{item.label}</span>
              {item.keys && <span className="picker-count">{item.keys}</span>}
            </li>
          ))}
          {found.length === 0 && <li className="picker-empty">Nothing matches.</li>}
        </ul>
      </div>
    </div>
  );
}

/** Find in the transcript, and tag every match with a topic after a preview. */
export function FindBar(props: {
  search(query: string): { count: number; samples: string[] };
  topics: { id: string; label: string }[];
  readOnly: boolean;
  onStep(query: string, dir: 1 | -1): void;
  onTagAll(query: string, topicId: string): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [topic, setTopic] = useState('');
  const [preview, setPreview] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const result = useMemo(() => (query.trim().length >= 2 ? props.search(query.trim()) : null), [query, props]);
  return (
    <div className="findbar" role="search" aria-label="Find in transcript">
      <input
        ref={input}
        aria-label="Find"
        placeholder="Find in transcript…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setPreview(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
              e.preventDefault();
              props.onStep(query.trim(), e.shiftKey ? -1 : 1);
            }
          if (e.key === 'Escape') {
              e.preventDefault();
              props.onClose();
            }
        }}
      />
      <span className="find-count" role="status">
        {result ? `${result.count} matches` : ''}
      </span>
      {!props.readOnly && (
        <>
          <select aria-label="Topic for all matches" value={topic} onChange={(e) => setTopic(e.target.value)}>
            <option value="">Tag all matches with…</option>
            {props.topics.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
          <button disabled={!topic || !result?.count} onClick={() => setPreview(true)}>
            Preview
          </button>
        </>
      )}
      <button onClick={props.onClose} aria-label="Close find">
        ×
      </button>
      {preview && result && topic && (
        <TagAllPreview
          query={query.trim()}
          topicLabel={props.topics.find((t) => t.id === topic)?.label ?? ''}
          count={result.count}
          samples={result.samples}
          onTag={() => {
            props.onTagAll(query.trim(), topic);
            setPreview(false);
          }}
          onCancel={() => setPreview(false)}
        />
      )}
    </div>
  );
}

/** The confirmation before tagging every match: a small dialog inside the find bar. */
function TagAllPreview(props: { query: string; topicLabel: string; count: number; samples: string[]; onTag(): void; onCancel(): void }) {
  const dialog = useDialogFocus({ onCancel: props.onCancel });
  return (
    <div {...dialog} className="find-preview" aria-label="Tag all matches">
      <div>
        Tag {props.count} matches of “{props.query}” with {props.topicLabel}:
      </div>
      <ul>
        {props.samples.map((s, i) => (
          <li key={i}>…{s}…</li>
        ))}
        {props.count > props.samples.length && <li>and {props.count - props.samples.length} more</li>}
      </ul>
      <button className="primary" onClick={props.onTag} data-autofocus>
        Tag all {props.count}
      </button>
      <button onClick={props.onCancel}>Cancel</button>
    </div>
  );
}
