/**
 * Before a file without a sidecar opens: the detected convention and how sure Parley is, the
 * speakers found with their turn counts, warnings and the first turns. The user may switch the
 * convention or edit speaker names, then open.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImportChoices, ParleyApi, Preview } from '../../shared/api.js';
import { backdrop, useDialogFocus } from './useDialogFocus.js';
import { messageOf } from '../../shared/errors.js';

export function ImportPreview(props: {
  api: ParleyApi;
  fileId: string;
  onOpen(choices: ImportChoices): void;
  onCancel(): void;
}) {
  const { api, fileId } = props;
  const [convention, setConvention] = useState<string | undefined>(undefined);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});

  useEffect(() => {
    let live = true;
    setError(null);
    api.preview({ fileId, convention }).then(
      (p) => {
        if (!live) return;
        setPreview(p);
        setNames({});
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, fileId, convention]);

  const nameOf = (id: string | null) =>
    id === null ? 'Unattributed' : (names[id] ?? preview?.speakers.find((s) => s.id === id)?.name ?? id);
  const open = () => {
    const speakerNames = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
    props.onOpen({ convention: preview?.convention, speakerNames });
  };
  // Ctrl+Enter opens even before the preview has loaded: nothing can have been changed yet, and the
  // open detects the same convention the preview would show.
  const dialog = useDialogFocus({ onCancel: props.onCancel, onConfirm: open });

  return (
    <div className="modal-backdrop" {...backdrop(props.onCancel)}>
      <div {...dialog} className="modal preview" aria-label="Import preview" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">Import {preview?.fileName ?? '…'}</div>
        {error && (
          <div className="banner error" role="alert">
            {error}
          </div>
        )}
        {preview && (
          <>
            <label className="field inline">
              <span>Read as</span>
              <select aria-label="Convention" value={preview.convention} onChange={(e) => setConvention(e.target.value)}>
                {preview.conventions.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label} ({Math.round(c.confidence * 100)}% sure)
                  </option>
                ))}
              </select>
            </label>
            <div className="preview-summary" data-testid="preview-summary">
              {preview.turnCount} turns · {preview.speakers.length} speakers · detected with {Math.round(preview.confidence * 100)}% confidence
            </div>
            {preview.warnings.length > 0 && (
              <ul className="preview-warnings">
                {preview.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            )}
            <div className="preview-columns">
              <table className="preview-speakers">
                <thead>
                  <tr>
                    <th>Speaker</th>
                    <th>Role</th>
                    <th>Turns</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.speakers.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <input
                          aria-label={`Name of ${s.name}`}
                          value={names[s.id] ?? s.name}
                          onChange={(e) => setNames({ ...names, [s.id]: e.target.value })}
                        />
                      </td>
                      <td>{s.role ?? ''}</td>
                      <td className="num">{s.turns}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ol className="preview-turns">
                {preview.turns.map((t, i) => (
                  <li key={i}>
                    <strong>{nameOf(t.speaker)}</strong> {t.text.length > 220 ? `${t.text.slice(0, 220)}…` : t.text}
                  </li>
                ))}
              </ol>
            </div>
          </>
        )}
        <div className="modal-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={open} disabled={!preview} data-autofocus>
            Open <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}

/** Import every transcript of a list that has no sidecar yet, with a progress bar and Cancel. */
export function FolderImport(props: {
  api: ParleyApi;
  files: { id: string; name: string }[];
  onDone(): void;
}) {
  const [done, setDone] = useState(0);
  const [current, setCurrent] = useState<string | null>(null);
  const [failures, setFailures] = useState<{ name: string; message: string }[]>([]);
  const [finished, setFinished] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const cancel = useRef({ requested: false }).current;

  useEffect(() => {
    let live = true;
    void (async () => {
      for (const f of props.files) {
        if (cancel.requested || !live) break;
        setCurrent(f.name);
        try {
          await props.api.importFile({ fileId: f.id });
        } catch (e) {
          setFailures((list) => [...list, { name: f.name, message: messageOf(e) }]);
        }
        setDone((n) => n + 1);
      }
      if (live) {
        setFinished(true);
        setCurrent(null);
      }
    })();
    return () => {
      live = false;
      cancel.requested = true;
    };
  }, [props.api, props.files, cancel]);

  const total = props.files.length;
  const stop = () => {
    cancel.requested = true;
    setCancelled(true);
  };
  const dialog = useDialogFocus({ onCancel: finished ? props.onDone : stop });
  return (
    <div className="modal-backdrop" {...backdrop()}>
      <div {...dialog} className="modal" aria-label="Import folder">
        <div className="modal-title">Importing {total} transcripts</div>
        <progress max={total} value={done} aria-label="Import progress" />
        <div className="preview-summary" role="status">
          {finished
            ? `${cancelled ? 'Cancelled after' : 'Imported'} ${done - failures.length} of ${total}${failures.length ? `; ${failures.length} failed` : ''}.`
            : `${done} of ${total}${current ? `: ${current}` : ''}`}
        </div>
        {failures.length > 0 && (
          <ul className="preview-warnings">
            {failures.map((f) => (
              <li key={f.name}>
                <strong>{f.name}</strong>: {f.message}
              </li>
            ))}
          </ul>
        )}
        <div className="modal-actions">
          {finished ? (
            <button className="primary" onClick={props.onDone}>
              Close
            </button>
          ) : (
            <button onClick={stop}>Cancel</button>
          )}
        </div>
      </div>
    </div>
  );
}
