/**
 * Export: choose a format and options, see the start of the output, save it. In the desktop app
 * the file goes through the save dialog; in the browser it downloads. A whole folder exports into
 * one zip, with progress and Cancel.
 */
import { zipSync } from 'fflate';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Exported, FileChoice, ParleyApi } from '../../shared/api.js';
import type { Codebook } from '../../shared/annotation.js';
import type { Speaker } from '../../shared/model.js';
import { backdrop, useDialogFocus } from './useDialogFocus.js';
import { messageOf } from '../../shared/errors.js';

type Formats = Awaited<ReturnType<ParleyApi['exportFormats']>>;
export interface ExportChoice {
  format: string;
  options: {
    kinds?: ('topic' | 'claim' | 'note')[];
    topics?: string[];
    speakers?: string[];
    text?: 'corrected' | 'source';
    bom?: boolean;
  };
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function download(name: string, data: Uint8Array | string, type = 'application/octet-stream'): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

/** Save what an export made: one file as itself, several (brat's .txt and .ann) as a zip. */
export function saveExported(result: Exported, zipName: string): void {
  if (result.files.length === 1) {
    const f = result.files[0]!;
    download(f.name, bytesOf(f.base64));
  } else {
    download(zipName, zipSync(Object.fromEntries(result.files.map((f) => [f.name, bytesOf(f.base64)]))), 'application/zip');
  }
}

function Options(props: {
  formats: Formats;
  codebook: Codebook | null;
  speakers: readonly Speaker[];
  choice: ExportChoice;
  onChange(choice: ExportChoice): void;
}) {
  const { choice } = props;
  const format = props.formats.find((f) => f.id === choice.format);
  const set = (options: ExportChoice['options']) => props.onChange({ ...choice, options: { ...choice.options, ...options } });
  const kinds = choice.options.kinds ?? ['topic', 'claim', 'note'];
  return (
    <div className="export-options">
      <label className="field">
        <span>Format</span>
        <select aria-label="Format" value={choice.format} onChange={(e) => props.onChange({ ...choice, format: e.target.value })}>
          {props.formats.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label} (.{f.extensions.join(', .')})
            </option>
          ))}
        </select>
      </label>
      {format && <div className="panel-summary">{format.description}</div>}
      <fieldset className="inline-fieldset">
        <legend>Annotations</legend>
        {(['topic', 'claim', 'note'] as const).map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(e) => set({ kinds: e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k) })}
            />{' '}
            {k === 'topic' ? 'topics' : k === 'claim' ? 'claims' : 'notes'}
          </label>
        ))}
      </fieldset>
      <fieldset className="inline-fieldset">
        <legend>Text</legend>
        {(['corrected', 'source'] as const).map((t) => (
          <label key={t}>
            <input type="radio" name="text" checked={(choice.options.text ?? 'corrected') === t} onChange={() => set({ text: t })} />{' '}
            {t === 'corrected' ? 'corrected' : 'as in the source'}
          </label>
        ))}
      </fieldset>
      {props.codebook && props.codebook.topics.length > 0 && (
        <label className="field">
          <span>Only these topics (none chosen: all)</span>
          <select
            aria-label="Topics to export"
            multiple
            value={choice.options.topics ?? []}
            onChange={(e) => set({ topics: Array.from(e.target.selectedOptions, (o) => o.value) })}
          >
            {props.codebook.topics.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {props.speakers.length > 0 && (
        <label className="field">
          <span>Only these speakers (none chosen: all)</span>
          <select
            aria-label="Speakers to export"
            multiple
            value={choice.options.speakers ?? []}
            onChange={(e) => set({ speakers: Array.from(e.target.selectedOptions, (o) => o.value) })}
          >
            {props.speakers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {choice.format === 'csv' && (
        <label>
          <input type="checkbox" checked={choice.options.bom ?? false} onChange={(e) => set({ bom: e.target.checked })} /> start with a byte-order mark (for Excel)
        </label>
      )}
    </div>
  );
}

function cleaned(choice: ExportChoice): ExportChoice {
  const o = { ...choice.options };
  if (o.topics && !o.topics.length) delete o.topics;
  if (o.speakers && !o.speakers.length) delete o.speakers;
  return { ...choice, options: o };
}

export function ExportDialog(props: {
  api: ParleyApi;
  run(choice: ExportChoice): Promise<Exported>;
  fileName: string;
  codebook: Codebook | null;
  speakers: readonly Speaker[];
  onClose(): void;
}) {
  const [formats, setFormats] = useState<Formats>([]);
  const [choice, setChoice] = useState<ExportChoice>({ format: 'html', options: {} });
  const [result, setResult] = useState<Exported | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { api, run } = props;
  useEffect(() => {
    api.exportFormats({}).then(setFormats, (e: unknown) => setError(messageOf(e)));
  }, [api]);
  useEffect(() => {
    let live = true;
    setError(null);
    run(cleaned(choice)).then(
      (r) => live && setResult(r),
      (e: unknown) => {
        if (!live) return;
        setResult(null);
        setError(messageOf(e));
      },
    );
    return () => {
      live = false;
    };
  }, [run, choice]);
  const format = formats.find((f) => f.id === choice.format);
  const preview = useMemo(() => {
    if (!result || !format) return '';
    const first = result.files[0];
    if (!first) return '';
    if (format.binary) return `${result.files.map((f) => `${f.name}: ${Math.ceil((first.base64.length * 3) / 4 / 1024)} KB`).join('\n')}\n(a binary file: no text preview)`;
    const text = new TextDecoder().decode(bytesOf(first.base64));
    return text.length > 3000 ? `${text.slice(0, 3000)}\n…` : text;
  }, [result, format]);
  const dialog = useDialogFocus({ onCancel: props.onClose });

  return (
    <div className="modal-backdrop" {...backdrop(props.onClose)}>
      <div {...dialog} className="modal export" aria-label="Export" onMouseDown={(e) => e.stopPropagation()}>
        <div className="modal-title">Export {props.fileName}</div>
        <div className="export-columns">
          <Options formats={formats} codebook={props.codebook} speakers={props.speakers} choice={choice} onChange={setChoice} />
          <div className="export-preview">
            <div className="panel-summary">
              {result ? `Will save ${result.files.map((f) => f.name).join(' and ')}` : 'Preparing…'}
            </div>
            {error && (
              <div className="banner error" role="alert">
                {error}
              </div>
            )}
            {result && result.warnings.length > 0 && (
              <ul className="preview-warnings">
                {result.warnings.slice(0, 8).map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            )}
            {/* The output as text in a <pre>: never rendered as HTML here. */}
            {/* tabIndex: a scrolling region the keyboard can reach (and scroll) inside the dialog's focus trap. */}
            <pre className="export-text" aria-label="Export preview" tabIndex={0}>
              {preview}
            </pre>
          </div>
        </div>
        <div className="modal-actions">
          <button onClick={props.onClose}>Cancel</button>
          <button
            className="primary"
            disabled={!result}
            onClick={() => {
              if (result) saveExported(result, `${props.fileName}.${choice.format}.zip`);
              props.onClose();
            }}
          >
            Save…
          </button>
        </div>
      </div>
    </div>
  );
}

/** Export every listed transcript in one format, into one zip, with progress and Cancel. */
export function FolderExport(props: { api: ParleyApi; files: FileChoice[]; onDone(): void }) {
  const [formats, setFormats] = useState<Formats>([]);
  const [choice, setChoice] = useState<ExportChoice>({ format: 'html', options: {} });
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState(0);
  const [failures, setFailures] = useState<string[]>([]);
  const [finished, setFinished] = useState<string | null>(null);
  const cancel = useRef({ requested: false });
  useEffect(() => {
    props.api.exportFormats({}).then(setFormats, () => undefined);
  }, [props.api]);
  const start = async () => {
    setRunning(true);
    const zip: Record<string, Uint8Array> = {};
    let count = 0;
    for (const f of props.files) {
      if (cancel.current.requested) break;
      try {
        const r = await props.api.exportFile({ fileId: f.id, ...cleaned(choice) });
        for (const file of r.files) zip[file.name] = bytesOf(file.base64);
      } catch (e) {
        setFailures((list) => [...list, `${f.name}: ${messageOf(e)}`]);
      }
      count++;
      setDone(count);
    }
    if (Object.keys(zip).length) download(`parley-export-${choice.format}.zip`, zipSync(zip), 'application/zip');
    setFinished(cancel.current.requested ? `Cancelled after ${count} of ${props.files.length}.` : `Exported ${count} of ${props.files.length}.`);
    setRunning(false);
  };
  const dialog = useDialogFocus({ onCancel: running ? () => (cancel.current.requested = true) : props.onDone });
  return (
    <div className="modal-backdrop" {...backdrop()}>
      <div {...dialog} className="modal export" aria-label="Export folder">
        <div className="modal-title">Export {props.files.length} transcripts</div>
        {!running && !finished && <Options formats={formats} codebook={null} speakers={[]} choice={choice} onChange={setChoice} />}
        {(running || finished) && <progress max={props.files.length} value={done} aria-label="Export progress" />}
        <div className="preview-summary" role="status">
          {finished ?? (running ? `${done} of ${props.files.length}` : '')}
        </div>
        {failures.length > 0 && (
          <ul className="preview-warnings">
            {failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        )}
        <div className="modal-actions">
          {!running && !finished && (
            <>
              <button onClick={props.onDone}>Cancel</button>
              <button className="primary" onClick={() => void start()}>
                Export
              </button>
            </>
          )}
          {running && <button onClick={() => (cancel.current.requested = true)}>Cancel</button>}
          {finished && (
            <button className="primary" onClick={props.onDone}>
              Close
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
