/** A speaker picker with type-ahead over existing speakers, plus "new speaker". */
import { listKeys } from './list-keys.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { backdrop, useDialogFocus } from './useDialogFocus.js';
import type { Speaker } from '../../shared/model.js';
import type { SpeakerChoice } from '../editor/transcript-commands.js';

export interface SpeakerPickerProps {
  title: string;
  speakers: readonly Speaker[];
  /** Turns per speaker id, shown beside each name. */
  counts?: ReadonlyMap<string, number>;
  exclude?: string | null;
  allowNew?: boolean;
  onPick(choice: SpeakerChoice): void;
  onCancel(): void;
}

/** Rank a speaker for a query: name prefix first, then word prefix, then anywhere in name, role or aliases. */
export function matchScore(speaker: Speaker, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const name = speaker.name.toLowerCase();
  if (name.startsWith(q)) return 4;
  if (name.split(/\s+/).some((w) => w.startsWith(q))) return 3;
  if (name.includes(q)) return 2;
  const rest = [speaker.role ?? '', ...speaker.aliases].join(' ').toLowerCase();
  return rest.includes(q) ? 1 : 0;
}

export function SpeakerPicker(props: SpeakerPickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useDialogFocus({ onCancel: props.onCancel });

  const options = useMemo(() => {
    const found = props.speakers
      .filter((s) => s.id !== props.exclude)
      .map((s) => ({ s, score: matchScore(s, query) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)
      .map(({ s }) => ({ key: s.id, label: s.name, detail: s.role ?? '', choice: { kind: 'existing', id: s.id } as SpeakerChoice }));
    const q = query.trim();
    const exact = props.speakers.some((s) => s.name.toLowerCase() === q.toLowerCase());
    if (props.allowNew !== false && q && !exact) {
      found.push({ key: '__new', label: `New speaker “${q}”`, detail: '', choice: { kind: 'new', name: q } });
    }
    return found;
  }, [props.speakers, props.exclude, props.allowNew, query]);

  const pick = (i: number) => {
    const o = options[i];
    if (o) props.onPick(o.choice);
  };

  return (
    <div className="modal-backdrop" {...backdrop(props.onCancel)}>
      <div {...dialog} className="modal picker" aria-label={props.title} onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">{props.title}</div>
        <input
          data-autofocus
          className="picker-input"
          aria-label="Speaker name"
          placeholder="Type a name…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => listKeys(e, { count: options.length, active, setActive, pick, cancel: props.onCancel })}
        />
        <ul className="picker-list" role="listbox">
          {options.map((o, i) => (
            <li
              key={o.key}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(i)}
            >
              <span className="picker-name">{o.label}</span>
              {o.detail && <span className="picker-detail">{o.detail}</span>}
              {o.choice.kind === 'existing' && props.counts && (
                <span className="picker-count">{props.counts.get(o.choice.id) ?? 0} turns</span>
              )}
            </li>
          ))}
          {options.length === 0 && <li className="picker-empty">No speaker matches; type a full name to add one.</li>}
        </ul>
        <div className="modal-hint">↑↓ to choose · Enter to apply · Esc to cancel</div>
      </div>
    </div>
  );
}

/** A one-line prompt (rename a speaker, edit a role). */
export function PromptDialog(props: {
  title: string;
  label: string;
  initial: string;
  allowEmpty?: boolean;
  onSubmit(value: string): void;
  onCancel(): void;
}) {
  const [value, setValue] = useState(props.initial);
  const input = useRef<HTMLInputElement>(null);
  const dialog = useDialogFocus<HTMLFormElement>({ onCancel: props.onCancel });
  // The hook has put the focus in the field; the old value is selected, to type over.
  useEffect(() => input.current?.select(), []);
  const submit = () => {
    if (value.trim() || props.allowEmpty) props.onSubmit(value);
  };
  return (
    <div className="modal-backdrop" {...backdrop(props.onCancel)}>
      <form
        {...dialog}
        className="modal"
        aria-label={props.title}
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="modal-title">{props.title}</div>
        <label className="field">
          <span>{props.label}</span>
          <input ref={input} data-autofocus value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="modal-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!value.trim() && !props.allowEmpty}>
            Apply
          </button>
        </div>
      </form>
    </div>
  );
}
