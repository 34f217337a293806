/** The details pane for the selected annotation: every field editable, each change one undo step. */
import { useEffect, useRef, useState } from 'react';
import { SourceLinkSchema, type Annotation, type Claim, type Codebook } from '../../shared/annotation.js';
import type { Speaker } from '../../shared/model.js';

/** How long after the last key typed in a note it is handed to the editor (and so to autosave). */
const NOTE_PAUSE_MS = 800;

export function AnnotationInspector(props: {
  annotation: Annotation;
  quote: string;
  codebook: Codebook;
  speakers: readonly Speaker[];
  here: { id: string; label: string }[];
  readOnly: boolean;
  onChange(change: (a: Annotation) => Annotation): void;
  onSelect(id: string): void;
  onDelete(): void;
  onReattach(): void;
  /** Put the focus in the note as this opens (a note was just added). */
  focusNote?: boolean;
  /** Esc in a field: back to the text. */
  onEscape(): void;
}) {
  const { annotation: a, codebook, readOnly } = props;
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [note, setNote] = useState(a.note);
  const noteField = useRef<HTMLTextAreaElement>(null);
  /** The note as last handed on, so that leaving the field after Esc does not hand it on twice. */
  const committed = useRef(a.note);
  const commitNote = () => {
    if (note === committed.current) return;
    committed.current = note;
    props.onChange((x) => ({ ...x, note }));
  };
  // Handed on after a pause in typing too, not only when the field is left: otherwise a reload
  // or a closed window while the caret is still in the note would leave its words out of the save.
  const commitRef = useRef(commitNote);
  commitRef.current = commitNote;
  useEffect(() => {
    const timer = window.setTimeout(() => commitRef.current(), NOTE_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [note]);
  const focusNote = props.focusNote ?? false;
  useEffect(() => {
    if (focusNote) noteField.current?.focus();
  }, [focusNote]);
  const setClaim = (patch: Partial<Claim>) => props.onChange((x) => (x.claim ? { ...x, claim: { ...x.claim, ...patch } } : x));

  return (
    <div
      className="inspector-annotation"
      aria-label="Annotation details"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        commitNote();
        props.onEscape();
      }}
    >
      {props.here.length > 1 && (
        <div className="here">
          <div className="inspector-title">Annotations here</div>
          {props.here.map((h) => (
            <button key={h.id} className={h.id === a.id ? 'chip active' : 'chip'} onClick={() => props.onSelect(h.id)}>
              {h.label}
            </button>
          ))}
        </div>
      )}
      <div className="inspector-title">
        {a.kind === 'topic' ? 'Topic tag' : a.kind === 'claim' ? 'Claim' : 'Note'}
        {a.detached && <span className="detached-chip">detached</span>}
      </div>
      <blockquote className="quote">{props.quote}</blockquote>
      {a.detached && (
        <div className="detached-help">
          The text this was attached to was deleted. Undo brings it back, or select new words and
          <button onClick={props.onReattach} disabled={readOnly}>
            attach it to the selection
          </button>
        </div>
      )}
      <fieldset disabled={readOnly}>
        <label className="field">
          <span>Topics</span>
          <div className="topic-chips">
            {a.topics.map((id) => {
              const t = codebook.topics.find((x) => x.id === id);
              return (
                <button
                  key={id}
                  className="chip"
                  title="Remove this topic"
                  onClick={() => props.onChange((x) => ({ ...x, topics: x.topics.filter((y) => y !== id) }))}
                >
                  <span className="swatch" style={{ background: t?.color ?? '#999999' }} /> {t?.label ?? id} ×
                </button>
              );
            })}
            <select
              aria-label="Add a topic"
              {...(a.kind === 'topic' ? { 'data-first-field': true } : {})}
              value=""
              onChange={(e) => e.target.value && props.onChange((x) => ({ ...x, topics: [...x.topics, e.target.value] }))}
            >
              <option value="">+ topic</option>
              {codebook.topics
                .filter((t) => !a.topics.includes(t.id))
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                  </option>
                ))}
            </select>
          </div>
        </label>
        {a.claim && (
          <>
            <div className="field-row">
              <label className="field">
                <span>Type</span>
                <select aria-label="Claim type" data-first-field value={a.claim.type} onChange={(e) => setClaim({ type: e.target.value })}>
                  {codebook.claimTypes.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Status</span>
                <select aria-label="Check status" value={a.claim.status} onChange={(e) => setClaim({ status: e.target.value })}>
                  {codebook.statuses.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="field-row">
              <label className="field">
                <span>Check-worthiness</span>
                <select
                  aria-label="Check-worthiness"
                  value={a.claim.checkWorthiness ?? ''}
                  onChange={(e) => setClaim({ checkWorthiness: e.target.value === '' ? null : Number(e.target.value) })}
                >
                  <option value="">not judged</option>
                  <option value="0">0 · not worth checking</option>
                  <option value="1">1 · low</option>
                  <option value="2">2 · medium</option>
                  <option value="3">3 · high</option>
                </select>
              </label>
              <label className="field">
                <span>Claimant</span>
                <select aria-label="Claimant" value={a.claim.claimant ?? ''} onChange={(e) => setClaim({ claimant: e.target.value || null })}>
                  <option value="">(nobody)</option>
                  {props.speakers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="field">
              <span>Sources</span>
              <ul className="sources">
                {a.claim.sources.map((s, i) => (
                  <li key={i}>
                    {/* Shown as text, never as a live link: a source URL is data the user typed. */}
                    <span className="source-title">{s.title || s.url}</span> <span className="source-url">{s.url}</span>
                    <button aria-label="Remove source" onClick={() => setClaim({ sources: a.claim!.sources.filter((_, j) => j !== i) })}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
              <form
                className="source-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const parsed = SourceLinkSchema.safeParse({ url: url.trim(), title: title.trim() });
                  if (!parsed.success) {
                    setUrlError('Give a full web address starting with http:// or https://.');
                    return;
                  }
                  setUrlError(null);
                  setClaim({ sources: [...a.claim!.sources, parsed.data] });
                  setUrl('');
                  setTitle('');
                }}
              >
                <input aria-label="Source URL" placeholder="https://…" value={url} onChange={(e) => setUrl(e.target.value)} />
                <input aria-label="Source title" placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} />
                <button type="submit">Add</button>
              </form>
              {urlError && <div className="field-error" role="alert">{urlError}</div>}
            </div>
          </>
        )}
        <label className="field">
          <span>Note</span>
          <textarea
            ref={noteField}
            aria-label="Note"
            {...(a.kind === 'note' ? { 'data-first-field': true } : {})}
            value={note}
            rows={4}
            onChange={(e) => setNote(e.target.value)}
            onBlur={commitNote}
          />
        </label>
        <div className="modal-actions">
          <button onClick={props.onDelete}>Delete annotation</button>
        </div>
      </fieldset>
    </div>
  );
}
