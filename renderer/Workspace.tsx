/**
 * One open transcript: toolbar, panels, the editor and its dialogs, and saving.
 * The editor is created once per document; React state holds only what panels show, refreshed
 * after a short pause in typing rather than on every keystroke.
 */
import { redoDepth, undoDepth } from 'prosemirror-history';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OpenResult, ParleyApi } from '../shared/api.js';
import type { Speaker } from '../shared/model.js';
import {
  gotoTurn,
  gotoUnattributed,
  mergeSpeakers,
  mergeWithPrevious,
  reassignTurn,
  renameSpeaker,
  restoreRemoved,
  setSpeakerRole,
  splitTurn,
  type SpeakerChoice,
} from './editor/commands.js';
import { TranscriptEditor } from './editor/editor.js';
import { docHistory, docMetadata, docRemoved, docSpeakers, turnAttrs } from './editor/schema.js';
import { transcriptStats, type TranscriptStats } from './editor/stats.js';
import { allTurns, currentTurn } from './editor/turns.js';
import { MetadataPanel, RemovedPanel, SpeakersPanel } from './components/Panels.js';
import { PromptDialog, SpeakerPicker } from './components/SpeakerPicker.js';

type SaveStatus = { kind: 'saved'; at: string | null } | { kind: 'unsaved' } | { kind: 'saving' } | { kind: 'error'; message: string };

type Dialog =
  | { kind: 'reassign'; turnPos?: number }
  | { kind: 'split' }
  | { kind: 'rename'; speakerId: string }
  | { kind: 'role'; speakerId: string }
  | { kind: 'merge'; speakerId: string };

interface View {
  speakers: readonly Speaker[];
  stats: TranscriptStats;
  removed: ReturnType<typeof docRemoved>;
  metadata: ReturnType<typeof docMetadata>;
  current: { id: string; speaker: string | null; label: string | null } | null;
  canUndo: boolean;
  canRedo: boolean;
}

const AUTOSAVE_MS = 1000;

export function Workspace(props: {
  api: ParleyApi;
  doc: OpenResult;
  onClose(): void;
  onReimported(doc: OpenResult): void;
  registerCommands(handlers: WorkspaceCommands | null): void;
}) {
  const { api, doc } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<TranscriptEditor | null>(null);
  const [view, setView] = useState<View | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved', at: doc.savedAt });
  const [tab, setTab] = useState<'speakers' | 'removed' | 'metadata'>('speakers');
  const [notice, setNotice] = useState<string | null>(null);
  const [showWarnings, setShowWarnings] = useState(!doc.fromSidecar);
  const savedDoc = useRef<unknown>(null);
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const readOnly = doc.readOnly;

  const refreshView = useCallback(() => {
    const ed = editorRef.current;
    if (!ed) return;
    const s = ed.state;
    const t = currentTurn(s);
    setView({
      speakers: docSpeakers(s.doc),
      stats: transcriptStats(s.doc),
      removed: docRemoved(s.doc),
      metadata: docMetadata(s.doc),
      current: t ? turnAttrs(t.node) : null,
      canUndo: undoDepth(s) > 0,
      canRedo: redoDepth(s) > 0,
    });
  }, []);

  const save = useCallback(async (): Promise<void> => {
    const ed = editorRef.current;
    if (!ed || readOnly) return;
    if (saving.current) await saving.current;
    const docNow = ed.state.doc;
    if (docNow === savedDoc.current) return;
    window.clearTimeout(timer.current);
    setStatus({ kind: 'saving' });
    const run = (async () => {
      try {
        const result = await api.save({ docId: doc.docId, body: ed.body() });
        savedDoc.current = docNow;
        setStatus(ed.state.doc === docNow ? { kind: 'saved', at: result.savedAt } : { kind: 'unsaved' });
      } catch (e) {
        setStatus({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
    saving.current = run;
    await run;
    saving.current = null;
  }, [api, doc.docId, readOnly]);

  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    const place = host.current;
    if (!place) return;
    const ed = new TranscriptEditor(
      place,
      doc.body,
      {
        reassign: (turnPos) => setDialog({ kind: 'reassign', turnPos }),
        acceptSuggestion: (turnPos) => {
          const turn = ed.state.doc.nodeAt(turnPos);
          const suggestion = turn ? turnAttrs(turn).suggestion : null;
          if (suggestion) ed.run(reassignTurn({ kind: 'new', name: suggestion.name, role: suggestion.role }, turnPos));
        },
        split: () => setDialog({ kind: 'split' }),
        renameSpeaker: () => withCurrentSpeaker((id) => setDialog({ kind: 'rename', speakerId: id })),
        editRole: () => withCurrentSpeaker((id) => setDialog({ kind: 'role', speakerId: id })),
        mergeSpeaker: () => withCurrentSpeaker((id) => setDialog({ kind: 'merge', speakerId: id })),
        save: () => void saveRef.current(),
      },
      { readOnly },
    );
    editorRef.current = ed;
    savedDoc.current = ed.state.doc;
    let panelTimer: number | undefined;
    const unsubscribe = ed.subscribe((tr) => {
      if (tr.docChanged) {
        setStatus((s) => (s.kind === 'unsaved' ? s : { kind: 'unsaved' }));
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => void saveRef.current(), AUTOSAVE_MS);
      }
      // Panels follow after a pause: on a long transcript, counting words on each keystroke
      // would cost more than the keystroke itself.
      window.clearTimeout(panelTimer);
      panelTimer = window.setTimeout(refreshView, tr.docChanged ? 250 : 50);
    });
    refreshView();
    ed.focus();
    const flush = () => void saveRef.current();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      unsubscribe();
      window.clearTimeout(panelTimer);
      window.clearTimeout(timer.current);
      ed.destroy();
      editorRef.current = null;
    };
    // The editor lives as long as the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.docId]);

  function withCurrentSpeaker(run: (speakerId: string) => void) {
    const ed = editorRef.current;
    if (!ed) return;
    const t = currentTurn(ed.state);
    const id = t ? turnAttrs(t.node).speaker : null;
    if (id) run(id);
    else setNotice('This turn has no speaker yet: attribute it first (Alt+S).');
  }

  const closeDialog = () => {
    setDialog(null);
    editorRef.current?.focus();
  };

  const runAndClose = (command: Parameters<TranscriptEditor['run']>[0]) => {
    const ed = editorRef.current;
    if (!ed) return;
    const ok = ed.run(command);
    if (!ok && readOnly) setNotice('This transcript is open read-only: see the message above.');
    closeDialog();
  };

  const jump = (speakerId: string | null) => {
    const ed = editorRef.current;
    if (!ed) return;
    if (speakerId === null) {
      if (!gotoUnattributed(1)(ed.state, (tr) => ed.view.dispatch(tr))) setNotice('Every turn has a speaker.');
      ed.focus();
      return;
    }
    const turns = allTurns(ed.state.doc).filter((t) => turnAttrs(t.node).speaker === speakerId);
    const here = currentTurn(ed.state)?.index ?? -1;
    const next = turns.find((t) => t.index > here) ?? turns[0];
    if (next) gotoTurn(next.pos)(ed.state, (tr) => ed.view.dispatch(tr));
    ed.focus();
  };

  const commands = useMemo<WorkspaceCommands>(
    () => ({
      save: () => void saveRef.current(),
      undo: () => editorRef.current?.undo(),
      redo: () => editorRef.current?.redo(),
      close: async () => {
        await saveRef.current();
        await api.close({ docId: doc.docId }).catch(() => undefined);
        props.onClose();
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc.docId],
  );
  useEffect(() => {
    props.registerCommands(commands);
    return () => props.registerCommands(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [commands]);

  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => setNotice(null), 5000);
    return () => window.clearTimeout(t);
  }, [notice]);

  const speakers = view?.speakers ?? [];
  const counts = useMemo(() => new Map([...(view?.stats.bySpeaker ?? new Map())].map(([k, v]) => [k, v.turns])), [view?.stats]);
  const nameOf = (id: string | null) => (id === null ? 'Unattributed' : (speakers.find((s) => s.id === id)?.name ?? id));
  const currentHistory = view?.current && editorRef.current
    ? docHistory(editorRef.current.state.doc).filter((h) => h.turn === view.current?.id)
    : [];

  return (
    <div className="workspace">
      <header className="toolbar" role="toolbar" aria-label="Document">
        <span className="file-name" title={doc.sidecarName}>{doc.fileName}</span>
        <span className={`save-status ${status.kind}`} role="status" aria-live="polite" data-status={status.kind}>
          {readOnly
            ? 'Read-only'
            : status.kind === 'saved'
              ? 'Saved'
              : status.kind === 'saving'
                ? 'Saving…'
                : status.kind === 'unsaved'
                  ? 'Unsaved changes'
                  : `Not saved: ${status.message}`}
        </span>
        <span className="toolbar-sep" />
        <button onClick={() => editorRef.current?.undo()} disabled={!view?.canUndo || readOnly} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button onClick={() => editorRef.current?.redo()} disabled={!view?.canRedo || readOnly} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <span className="toolbar-sep" />
        <button onClick={() => setDialog({ kind: 'reassign' })} disabled={readOnly} title="Reassign this turn's speaker (Alt+S)">
          Reassign <kbd>Alt+S</kbd>
        </button>
        <button onClick={() => setDialog({ kind: 'split' })} disabled={readOnly} title="Split the turn at the cursor (Ctrl+Shift+Enter)">
          Split <kbd>Ctrl+Shift+Enter</kbd>
        </button>
        <button
          onClick={() => {
            const ed = editorRef.current;
            if (ed && !ed.run(mergeWithPrevious)) setNotice('The first turn has nothing before it to merge into.');
            ed?.focus();
          }}
          disabled={readOnly}
          title="Merge this turn into the one before (Ctrl+Shift+Backspace)"
        >
          Merge up <kbd>Ctrl+Shift+⌫</kbd>
        </button>
        <button
          onClick={() => {
            const ed = editorRef.current;
            if (ed && !gotoUnattributed(1)(ed.state, (tr) => ed.view.dispatch(tr))) setNotice('Every turn has a speaker.');
            ed?.focus();
          }}
          title="Next unattributed turn (F8; Shift+F8 goes back)"
        >
          Next unattributed <kbd>F8</kbd>
          {view && view.stats.unattributed > 0 && <span className="badge">{view.stats.unattributed}</span>}
        </button>
        <span className="toolbar-sep" />
        <button onClick={() => void save()} disabled={readOnly || status.kind === 'saved'} title="Save (Ctrl+S)">
          Save
        </button>
        <button onClick={() => void commands.close()} title="Close this transcript">
          Close
        </button>
      </header>
      {doc.problem && (
        <div className="banner warning" role="alert">
          <span>{doc.problem.message}</span>
          {doc.problem.kind === 'source-changed' && (
            <button
              onClick={async () => {
                try {
                  props.onReimported(await api.reimport({ docId: doc.docId }));
                } catch (e) {
                  setNotice(e instanceof Error ? e.message : String(e));
                }
              }}
            >
              Re-import the new source
            </button>
          )}
        </div>
      )}
      {doc.warnings.length > 0 && showWarnings && (
        <div className="banner info" aria-label="Import notes">
          <button className="dismiss" onClick={() => setShowWarnings(false)} aria-label="Dismiss these notes" title="Dismiss">
            ×
          </button>
          {doc.warnings.map((w, i) => (
            <div key={i}>{w}</div>
          ))}
        </div>
      )}
      {notice && (
        <div className="banner notice" role="alert">
          {notice}
        </div>
      )}
      <div className="columns">
        <nav className="rail" aria-label="Panels">
          <div className="tabs" role="tablist">
            {(['speakers', 'removed', 'metadata'] as const).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
                {t === 'speakers' ? 'Speakers' : t === 'removed' ? `Removed (${view?.removed.length ?? 0})` : 'Metadata'}
              </button>
            ))}
          </div>
          {view && tab === 'speakers' && (
            <SpeakersPanel
              speakers={view.speakers}
              stats={view.stats}
              readOnly={readOnly}
              onJump={jump}
              onRename={(id) => setDialog({ kind: 'rename', speakerId: id })}
              onRole={(id) => setDialog({ kind: 'role', speakerId: id })}
              onMerge={(id) => setDialog({ kind: 'merge', speakerId: id })}
            />
          )}
          {view && tab === 'removed' && (
            <RemovedPanel removed={view.removed} readOnly={readOnly} onRestore={(id) => runAndClose(restoreRemoved(id))} />
          )}
          {view && tab === 'metadata' && <MetadataPanel metadata={view.metadata} />}
        </nav>
        <main className="editor-pane">
          <div ref={host} className="editor-host" />
        </main>
        <aside className="inspector" aria-label="Turn details">
          {view?.current ? (
            <>
              <div className="inspector-title">This turn</div>
              <div className="inspector-row">
                <span>Speaker</span>
                <strong>{nameOf(view.current.speaker)}</strong>
              </div>
              <div className="inspector-row">
                <span>Label in source</span>
                <span>{view.current.label ?? '(none)'}</span>
              </div>
              {currentHistory.length > 0 && (
                <>
                  <div className="inspector-title">Attribution changes</div>
                  <ol className="history">
                    {currentHistory.map((h, i) => (
                      <li key={i}>
                        {nameOf(h.from)} → {nameOf(h.to)} <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time>
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </>
          ) : (
            <div className="inspector-title">Put the cursor in a turn</div>
          )}
        </aside>
      </div>
      {dialog?.kind === 'reassign' && (
        <SpeakerPicker
          title="Who said this turn?"
          speakers={speakers}
          counts={counts}
          onCancel={closeDialog}
          onPick={(choice: SpeakerChoice) => runAndClose(reassignTurn(choice, dialog.turnPos))}
        />
      )}
      {dialog?.kind === 'split' && (
        <SpeakerPicker
          title="Split here: who speaks from the cursor on?"
          speakers={speakers}
          counts={counts}
          onCancel={closeDialog}
          onPick={(choice) => {
            const ed = editorRef.current;
            if (ed && !splitTurn(choice)(ed.state)) {
              setNotice('Put the cursor inside a turn, after its first character, to split it there.');
              closeDialog();
              return;
            }
            runAndClose(splitTurn(choice));
          }}
        />
      )}
      {dialog?.kind === 'merge' && (
        <SpeakerPicker
          title={`Merge ${nameOf(dialog.speakerId)} into…`}
          speakers={speakers}
          counts={counts}
          exclude={dialog.speakerId}
          allowNew={false}
          onCancel={closeDialog}
          onPick={(choice) => choice.kind === 'existing' && runAndClose(mergeSpeakers(dialog.speakerId, choice.id))}
        />
      )}
      {dialog?.kind === 'rename' && (
        <PromptDialog
          title={`Rename ${nameOf(dialog.speakerId)} everywhere`}
          label="Name"
          initial={nameOf(dialog.speakerId)}
          onCancel={closeDialog}
          onSubmit={(name) => runAndClose(renameSpeaker(dialog.speakerId, name))}
        />
      )}
      {dialog?.kind === 'role' && (
        <PromptDialog
          title={`Role of ${nameOf(dialog.speakerId)}`}
          label="Role (leave empty for none)"
          allowEmpty
          initial={speakers.find((s) => s.id === dialog.speakerId)?.role ?? ''}
          onCancel={closeDialog}
          onSubmit={(role) => runAndClose(setSpeakerRole(dialog.speakerId, role))}
        />
      )}
    </div>
  );
}


export interface WorkspaceCommands {
  save(): void;
  undo(): void;
  redo(): void;
  close(): Promise<void>;
}
