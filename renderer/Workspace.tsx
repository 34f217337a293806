/**
 * One open transcript: the editor, and around it the toolbar, the rail's panels, the details pane,
 * the dialogs and the banners. The editor is created once per document; React state holds only what
 * panels show, refreshed after a short pause in typing rather than on every keystroke. Saving lives
 * in useAutosave, commands in the command table (workspace/commands.ts); this file wires them.
 */
import { keydownHandler } from 'prosemirror-keymap';
import { TextSelection, type Command } from 'prosemirror-state';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { OpenResult, ParleyApi } from '../shared/api.js';
import { COMMANDS } from '../shared/commands.js';
import { useDiskStatus, useTakenOver } from './components/DiskBanners.js';
import { ExportDialog, type ExportChoice } from './components/ExportDialog.js';
import { Palette } from './components/Palette.js';
import { annotate, tagWithTopic } from './editor/annotation-commands.js';
import { annotationRange, selectedAnnotation } from './editor/annotations.js';
import { TranscriptEditor, type EditorMode } from './editor/editor.js';
import { codebookOf } from './editor/schema.js';
import { buildCommands, paletteItems, READ_ONLY_NOTICE, type RailTab, type SpeakerDialog } from './workspace/commands.js';
import { Banners } from './workspace/Banners.js';
import { EditorPane } from './workspace/EditorPane.js';
import { DetailsPane } from './workspace/DetailsPane.js';
import { SuggestionCache } from './workspace/find.js';
import { Rail } from './workspace/Rail.js';
import { railActionsFor } from './workspace/railActions.js';
import { SpeakerDialogs } from './workspace/SpeakerDialogs.js';
import { Toolbar } from './workspace/Toolbar.js';
import { useDocumentActions } from './workspace/useDocumentActions.js';
import { useTranscriptEditor } from './workspace/useTranscriptEditor.js';
import { useAutosave } from './workspace/useAutosave.js';
import { viewOf, type RowsCache, type WorkspaceView } from './workspace/view.js';
import { messageOf } from '../shared/errors.js';

export interface WorkspaceCommands {
  save(): void;
  exportDialog(): void;
  undo(): void;
  redo(): void;
  /** Close the transcript once its work is on disk; false when the user chose to stay. */
  close(): Promise<boolean>;
}

export function Workspace(props: {
  api: ParleyApi;
  doc: OpenResult;
  onClose(): void;
  onReimported(doc: OpenResult): void;
  /** The editor has taken the body: the caller may drop its copy (a long transcript's is megabytes). */
  onBodyTaken(): void;
  registerCommands(handlers: WorkspaceCommands | null): void;
}) {
  const { api, doc } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<TranscriptEditor | null>(null);
  const [view, setView] = useState<WorkspaceView | null>(null);
  const [dialog, setDialog] = useState<SpeakerDialog | null>(null);
  const [disk, checkDisk, stopDiskChecks] = useDiskStatus(api, doc.docId);
  /** Another window took the file over ("Edit here instead" there): read-only from then on. */
  const lostHold = useTakenOver(disk, editorRef);
  const readOnly = doc.readOnly || lostHold;
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  const [draftOffer, setDraftOffer] = useState(doc.draft ?? null);
  const [tab, setTab] = useState<RailTab>('speakers');
  const [mode, setModeState] = useState<EditorMode>('edit');
  const [palette, setPalette] = useState(false);
  const [finding, setFinding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** The note whose field takes the focus when the details pane shows it (a note was just added). */
  const [focusNote, setFocusNote] = useState<string | null>(null);
  const rowsCache = useRef<RowsCache | null>(null);
  const suggestions = useRef(new SuggestionCache());
  const tabRef = useRef(tab);
  tabRef.current = tab;

  const autosave = useAutosave(api, doc, {
    // A save removes any kept draft: nothing is left to offer.
    onSaved: () => setDraftOffer(null),
    onFailed: () => checkDisk(),
  });
  const { status, conflict } = autosave;
  const { reopen, keepMine, saveCopy, close, unsavedDialog } = useDocumentActions({
    api,
    doc,
    autosave,
    editor: () => editorRef.current,
    notice: setNotice,
    checkDisk,
    stopDiskChecks,
    onReimported: props.onReimported,
    onClose: props.onClose,
  });
  useEffect(() => {
    if (lostHold) autosave.current()?.setReadOnly(true);
  }, [lostHold, autosave]);

  const refreshView = useCallback(() => {
    const ed = editorRef.current;
    if (ed) setView(viewOf(ed, tabRef.current === 'annotations' || tabRef.current === 'claims', rowsCache));
  }, []);

  const setMode = useCallback((m: EditorMode) => {
    const ed = editorRef.current;
    if (!ed) return;
    ed.mode = m;
    setModeState(m);
    ed.focus();
  }, []);

  const commands = useMemo(
    () =>
      buildCommands({
        editor: () => editorRef.current,
        readOnly: () => readOnlyRef.current,
        openDialog: setDialog,
        setMode,
        setTab,
        palette: () => setPalette(true),
        find: () => setFinding(true),
        exportDialog: () => setExporting(true),
        save: () => void autosave.current()?.save(),
        close: () => void close(),
        notice: setNotice,
        annotated: (kind) => {
          const ed = editorRef.current;
          if (!ed) return;
          // A new note's field takes the keys at once, so the details pane shows it now rather than
          // after the usual pause (a tag or a claim waits for it, as a keystroke does: Tab to a
          // claim's fields refreshes it first).
          if (kind !== 'note') return;
          flushSync(refreshView);
          setFocusNote(selectedAnnotation(ed.state));
        },
      }),
    // Built once per document: everything it reaches goes through refs or stable setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc.docId],
  );

  useTranscriptEditor({
    host,
    editorRef,
    api,
    doc,
    readOnly,
    commands,
    autosave,
    refreshView,
    openDialog: setDialog,
    notice: setNotice,
    reopen: (run) => void reopen(run),
    onBodyTaken: props.onBodyTaken,
  });

  const runExport = useCallback(
    async (choice: ExportChoice) => {
      const ed = editorRef.current;
      if (!ed) throw new Error('The transcript is closed.');
      return api.exportDocument({ docId: doc.docId, body: await ed.body(), format: choice.format, options: choice.options });
    },
    [api, doc.docId],
  );

  function report(problem: string | null): void {
    if (problem) setNotice(problem);
  }

  const closeDialog = () => {
    setDialog(null);
    editorRef.current?.focus();
  };

  /** Run a transcript command from a dialog or a panel, then give the text the focus back. */
  const runAndClose = (command: Command) => {
    const ed = editorRef.current;
    if (!ed) return;
    const ok = ed.run(command);
    if (!ok && readOnly) setNotice(READ_ONLY_NOTICE);
    closeDialog();
  };

  /** Esc in the details pane: back to the text, the caret at the selected annotation's end. */
  const backToText = () => {
    const ed = editorRef.current;
    if (!ed) return;
    const id = selectedAnnotation(ed.state);
    const range = id ? annotationRange(ed.state, id) : null;
    if (range) ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, range.to)).scrollIntoView());
    setFocusNote(null);
    ed.focus();
  };

  const railActions = railActionsFor({
    editor: () => editorRef.current,
    readOnly: () => readOnlyRef.current,
    openDialog: setDialog,
    runAndClose,
    suggestions: suggestions.current,
    notice: setNotice,
  });

  const workspaceCommands = useMemo<WorkspaceCommands>(
    () => ({
      save: () => void commands.get('save')!.run(),
      exportDialog: () => setExporting(true),
      undo: () => editorRef.current?.undo(),
      redo: () => editorRef.current?.redo(),
      close,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc.docId],
  );
  useEffect(() => {
    props.registerCommands(workspaceCommands);
    return () => props.registerCommands(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspaceCommands]);

  // A list shown for the first time needs its rows.
  useEffect(() => {
    if (tab === 'annotations' || tab === 'claims') refreshView();
  }, [tab, refreshView]);

  // The table's global commands work while a panel has the focus too (the editor's keymap handles its own).
  useEffect(() => {
    const bindings: Record<string, () => boolean> = {};
    for (const spec of COMMANDS) if ('global' in spec && spec.global) for (const k of spec.keys) bindings[k] = () => commands.get(spec.id)!.run();
    const handle = keydownHandler(bindings);
    const onKey = (e: KeyboardEvent) => {
      const ed = editorRef.current;
      if (!ed || ed.view.hasFocus()) return;
      if (handle(ed.view, e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);

  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => setNotice(null), 5000);
    return () => window.clearTimeout(t);
  }, [notice]);

  const speakers = view?.speakers ?? [];
  const counts = useMemo(() => new Map([...(view?.stats.bySpeaker ?? new Map())].map(([k, v]) => [k, v.turns])), [view?.stats]);
  const nameOf = (id: string | null) => (id === null ? 'Unattributed' : (speakers.find((s) => s.id === id)?.name ?? id));
  const ed = editorRef.current;

  return (
    <div className="workspace">
      <Toolbar
        fileName={doc.fileName}
        sidecarName={doc.sidecarName}
        status={status}
        readOnly={readOnly}
        mode={mode}
        canUndo={view?.canUndo ?? false}
        canRedo={view?.canRedo ?? false}
        unattributed={view?.stats.unattributed ?? 0}
        commands={commands}
        setMode={setMode}
      />
      <Banners
        doc={doc}
        status={status}
        conflict={conflict}
        disk={disk}
        draft={draftOffer}
        notice={notice}
        onReimport={() => void reopen(() => api.reimport({ docId: doc.docId }))}
        onRetry={() => void autosave.current()?.save()}
        onSaveCopy={() => void saveCopy()}
        onReloadTheirs={() => void reopen(() => api.openFile({ fileId: doc.fileId ?? '' }))}
        onKeepMine={() => void keepMine()}
        onRestoreDraft={() => void reopen(() => api.restoreDraft({ docId: doc.docId }))}
        onDiscardDraft={() =>
          void api.discardDraft({ docId: doc.docId }).then(
            () => setDraftOffer(null),
            (e: unknown) => setNotice(messageOf(e)),
          )
        }
        onRestoreBackup={() => void reopen(() => api.restoreBackup({ docId: doc.docId }))}
        onTakeOver={() => void reopen(() => api.takeOver({ docId: doc.docId }))}
      />
      <div className="columns">
        <Rail view={view} tab={tab} setTab={setTab} readOnly={readOnly} actions={railActions} />
        <EditorPane
          host={host}
          editor={ed}
          mode={mode}
          readOnly={readOnly}
          finding={finding}
          topics={view?.codebook.topics ?? []}
          commands={commands}
          onCloseFind={() => setFinding(false)}
          report={report}
        />
        <DetailsPane editor={ed} view={view} readOnly={readOnly} focusNote={focusNote} nameOf={nameOf} onEscape={backToText} report={report} />
      </div>
      {exporting && ed && (
        <ExportDialog
          api={api}
          fileName={doc.fileName}
          codebook={view?.codebook ?? null}
          speakers={speakers}
          run={runExport}
          onClose={() => {
            setExporting(false);
            ed.focus();
          }}
        />
      )}
      {palette && ed && (
        <Palette
          items={paletteItems(commands, codebookOf(ed.state).topics, (topicId) =>
            // As the table's own commands are: a read-only transcript is not annotated either.
            readOnlyRef.current ? setNotice(READ_ONLY_NOTICE) : report(annotate(ed, tagWithTopic(topicId))),
          )}
          onClose={() => {
            setPalette(false);
            ed.focus();
          }}
        />
      )}
      <SpeakerDialogs
        dialog={dialog}
        speakers={speakers}
        counts={counts}
        nameOf={nameOf}
        run={runAndClose}
        applies={(command) => !!ed && command(ed.state)}
        notice={setNotice}
        onClose={closeDialog}
      />
      {unsavedDialog}
    </div>
  );
}
