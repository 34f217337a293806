/**
 * One open transcript: the editor, and around it the toolbar, the rail's panels, the details pane,
 * the dialogs and the banners. The editor is created once per document; React state holds only what
 * panels show, refreshed after a short pause in typing rather than on every keystroke. Saving lives
 * in useAutosave, commands in the command table (workspace/commands.ts); this file wires them.
 */
import { keydownHandler } from 'prosemirror-keymap';
import { TextSelection } from 'prosemirror-state';
import { StepMap } from 'prosemirror-transform';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { OpenResult, ParleyApi } from '../shared/api.js';
import { COMMANDS, keyLabel } from '../shared/commands.js';
import { ApiError } from './api-client.js';
import { useDiskStatus, useTakenOver } from './components/DiskBanners.js';
import { ExportDialog, download, type ExportChoice } from './components/ExportDialog.js';
import { FindBar, Palette, type PaletteItem } from './components/Palette.js';
import { changeCodebook, codebookOf, markClaim, tagRanges, tagWithTopic } from './editor/annotate.js';
import { annotationRange, selectAnnotation, selectedAnnotation } from './editor/annotations.js';
import { dismissSuggestions, gotoTurn, gotoUnattributed, reassignTurn, restoreRemoved, setMetadataField, type Command } from './editor/commands.js';
import { TranscriptEditor, type EditorMode } from './editor/editor.js';
import { afterNextFrame } from './editor/frames.js';
import { turnAttrs } from './editor/schema.js';
import { allTurns, currentTurn } from './editor/turns.js';
import { buildCommands, type RailTab, type SpeakerDialog } from './workspace/commands.js';
import { Banners } from './workspace/Banners.js';
import { ContextMenu } from './workspace/ContextMenu.js';
import { DetailsPane } from './workspace/DetailsPane.js';
import { findAll, selectWorkingText, SuggestionCache } from './workspace/find.js';
import { Rail, type RailActions } from './workspace/Rail.js';
import { SpeakerDialogs } from './workspace/SpeakerDialogs.js';
import { Toolbar } from './workspace/Toolbar.js';
import { UnsavedDialog, type UnsavedChoice } from './workspace/UnsavedDialog.js';
import { useAutosave } from './workspace/useAutosave.js';
import { viewOf, type RowsCache, type WorkspaceView } from './workspace/view.js';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

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
  const [disk, checkDisk] = useDiskStatus(api, doc.docId);
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
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The note whose field takes the focus when the details pane shows it (a note was just added). */
  const [focusNote, setFocusNote] = useState<string | null>(null);
  const [unsaved, setUnsaved] = useState<{ message: string; draft: boolean; answer(choice: UnsavedChoice): void } | null>(null);
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
          // The details pane shows the new annotation at once, not after the usual pause.
          flushSync(refreshView);
          if (kind === 'note') setFocusNote(selectedAnnotation(ed.state));
        },
      }),
    // Built once per document: everything it reaches goes through refs or stable setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc.docId],
  );

  useEffect(() => {
    const place = host.current;
    if (!place) return;
    performance.mark('parley:editor-start');
    const ed = new TranscriptEditor(
      place,
      doc.body,
      {
        run: (id) => commands.get(id)!.run(),
        reassign: (turnPos) => setDialog({ kind: 'reassign', turnPos }),
        acceptSuggestion: (turnPos) => {
          const turn = ed.state.doc.nodeAt(turnPos);
          const suggestion = turn ? turnAttrs(turn).suggestion : null;
          if (suggestion) ed.run(reassignTurn({ kind: 'new', name: suggestion.name, role: suggestion.role }, turnPos));
        },
        focusDetails: () => {
          if (!selectedAnnotation(ed.state)) return false;
          flushSync(refreshView);
          const field = document.querySelector<HTMLElement>('.inspector [data-first-field]');
          field?.focus();
          return !!field;
        },
      },
      {
        readOnly,
        // Opened without its annotations (a long transcript's text comes first): fetch them once it is painted.
        ...(doc.deferredAnnotations
          ? {
              annotations: () => api.annotations({ docId: doc.docId }).then((r) => r.annotations),
              onAnnotationsFailed: (e: unknown) => {
                // The annotations file turned out unreadable (the backend reads it only now): open the
                // file again, which shows it read-only with what is wrong and any backup to restore.
                if (e instanceof ApiError && e.code === 'sidecar-invalid' && doc.fileId) {
                  const fileId = doc.fileId;
                  void reopen(() => api.openFile({ fileId }));
                  return;
                }
                setNotice(`The annotations could not be loaded (${messageOf(e)}), so the transcript is read-only to keep them safe; close it and open it again.`);
              },
            }
          : {}),
      },
    );
    editorRef.current = ed;
    const detachAutosave = autosave.attach(ed);
    let panelTimer: number | undefined;
    const unsubscribe = ed.subscribe((tr) => {
      // Panels follow after a pause: on a long transcript, counting words on each keystroke
      // would cost more than the keystroke itself.
      window.clearTimeout(panelTimer);
      const typing = tr.steps.some((step) => step.getMap() !== StepMap.empty);
      panelTimer = window.setTimeout(refreshView, typing ? 400 : 30);
    });
    performance.mark('parley:editor-created');
    // Panels fill in just after the first paint: on a long transcript, counting words and listing
    // annotations would otherwise hold the editor back. From then on the editor holds the
    // transcript, and the opened copy need not be kept as well (dropping it re-renders the app,
    // which need not hold the first paint back either): neither the app's, nor the one in `doc`,
    // which every callback made in this first render keeps reachable (they share its scope).
    const cancelFirst = afterNextFrame(() => {
      doc.body = { metadata: {}, speakers: [], turns: [], removed: [], history: [] };
      props.onBodyTaken();
      refreshView();
      // Focused once painted: ProseMirror's first focus reads the scroll positions, which before
      // the first frame forced a layout of the whole new transcript (15 ms of a long one's open).
      // Unless the user has put the focus somewhere already.
      if (document.activeElement === null || document.activeElement === document.body) ed.focus();
    });
    const flush = (e: PageTransitionEvent) => {
      void autosave.current()?.save();
      // Gone for good (not kept in the back/forward cache): another window may edit the file now.
      if (!e.persisted) void api.release({ docId: doc.docId }).catch(() => undefined);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      cancelFirst();
      unsubscribe();
      detachAutosave();
      window.clearTimeout(panelTimer);
      ed.destroy();
      editorRef.current = null;
    };
    // The editor lives as long as the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.docId]);

  /** Replace this document with another opening of it (theirs reloaded, a draft or backup restored). */
  async function reopen(run: () => Promise<OpenResult>): Promise<void> {
    try {
      autosave.current()?.dispose();
      props.onReimported(await run());
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  /** "Keep mine": save this version over the one that changed on disk. */
  async function keepMine(): Promise<void> {
    await autosave.current()?.keepMine();
    checkDisk();
  }

  /** "Save a copy": the annotations file as it would be saved, downloaded (a save dialog on the desktop). */
  async function saveCopy(): Promise<void> {
    const ed = editorRef.current;
    if (!ed) return;
    try {
      const copy = await api.sidecarCopy({ docId: doc.docId, body: await ed.body() });
      download(copy.name, copy.text, 'application/json');
    } catch (e) {
      setNotice(messageOf(e));
    }
  }

  /** Close once everything on screen is on disk; if it cannot be saved, the user decides. */
  async function close(): Promise<boolean> {
    const saver = autosave.current();
    if (saver && !(await saver.flush())) {
      const failed = saver.status;
      const choice = await new Promise<UnsavedChoice>((answer) =>
        setUnsaved({
          message: failed.kind === 'error' ? failed.message : 'Parley could not save them.',
          draft: failed.kind === 'error' && failed.draft,
          answer,
        }),
      );
      setUnsaved(null);
      if (choice === 'copy') await saveCopy();
      if (choice !== 'discard') {
        editorRef.current?.focus();
        return false;
      }
      saver.dispose();
    }
    await api.close({ docId: doc.docId }).catch(() => undefined);
    props.onClose();
    return true;
  }

  const runExport = useCallback(
    async (choice: ExportChoice) => {
      const ed = editorRef.current;
      if (!ed) throw new Error('The transcript is closed.');
      return api.exportDocument({ docId: doc.docId, body: await ed.body(), format: choice.format, options: choice.options });
    },
    [api, doc.docId],
  );

  function paletteItems(ed: TranscriptEditor): PaletteItem[] {
    const topics: PaletteItem[] = codebookOf(ed).topics.map((t) => ({
      id: `topic:${t.id}`,
      label: `Tag with ${t.label}`,
      keys: t.key ? `Alt+${t.key}` : undefined,
      group: 'Topic',
      run: () => void report(tagWithTopic(ed, t.id)),
    }));
    const actions: PaletteItem[] = [...commands.values()]
      .filter((c) => !c.hiddenFromPalette)
      .map((c) => ({ id: c.id, label: c.label, keys: c.keys[0] ? keyLabel(c.keys[0]) : undefined, group: 'Action', run: () => void c.run() }));
    return [...topics, ...actions];
  }

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
    if (!ok && readOnly) setNotice('This transcript is open read-only: see the message above.');
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

  const railActions: RailActions = {
    jump,
    openDialog: setDialog,
    restore: (id) => runAndClose(restoreRemoved(id)),
    setMetadata: (key, value) => editorRef.current?.run(setMetadataField(key, value)),
    suggestions: () => (editorRef.current ? suggestions.current.candidates(editorRef.current) : []),
    showSuggestion: (c) => {
      const ed = editorRef.current!;
      selectWorkingText(ed, c.start, c.end);
      ed.focus();
    },
    acceptSuggestion: (c) => {
      const ed = editorRef.current!;
      selectWorkingText(ed, c.start, c.end);
      report(markClaim(ed));
    },
    rejectSuggestions: (texts) => editorRef.current?.run(dismissSuggestions(texts)),
    changeCodebook: (change) => {
      const ed = editorRef.current;
      if (ed && !readOnly) changeCodebook(ed, change(codebookOf(ed)));
    },
    pickRow: (row) => {
      const ed = editorRef.current;
      if (!ed) return;
      let tr = ed.state.tr;
      if (row.from !== null) {
        const range = annotationRange(ed.state, row.annotation.id);
        // The caret at its start, not its words selected: a key typed next must not replace them.
        if (range) tr = tr.setSelection(TextSelection.create(ed.state.doc, range.from)).scrollIntoView();
      }
      ed.view.dispatch(selectAnnotation(tr, row.annotation.id));
      ed.focus();
    },
    notice: setNotice,
  };

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
        <main className={`editor-pane mode-${mode}`}>
          {finding && ed && (
            <FindBar
              search={(q) => {
                const found = findAll(ed, q);
                const size = ed.state.doc.content.size;
                const text = (r: { from: number; to: number }) => ed.state.doc.textBetween(Math.max(0, r.from - 30), Math.min(size, r.to + 30), ' ');
                return { count: found.length, samples: found.slice(0, 5).map(text) };
              }}
              topics={view?.codebook.topics ?? []}
              readOnly={readOnly}
              onStep={(q, dir) => {
                const found = findAll(ed, q);
                const head = ed.state.selection.from;
                const next = dir === 1 ? (found.find((r) => r.from > head) ?? found[0]) : ([...found].reverse().find((r) => r.from < head) ?? found[found.length - 1]);
                if (next) ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, next.from, next.to)).scrollIntoView());
              }}
              onTagAll={(q, topicId) => tagRanges(ed, topicId, findAll(ed, q))}
              onClose={() => {
                setFinding(false);
                ed.focus();
              }}
            />
          )}
          <div
            ref={host}
            className="editor-host"
            onContextMenu={(e) => {
              // The menu tags a selection; without one, the browser's own menu (spelling) is left alone.
              if (!ed || readOnly || ed.state.selection.empty) return;
              e.preventDefault();
              setMenu({ x: e.clientX, y: e.clientY });
            }}
          />
          {menu && ed && (
            <ContextMenu at={menu} codebook={codebookOf(ed)} commands={commands} tag={(topicId) => report(tagWithTopic(ed, topicId))} onClose={() => setMenu(null)} />
          )}
        </main>
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
          items={paletteItems(ed)}
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
      {unsaved && <UnsavedDialog message={unsaved.message} draft={unsaved.draft} onChoose={unsaved.answer} />}
    </div>
  );
}
