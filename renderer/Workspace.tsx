/**
 * One open transcript: toolbar, panels, the editor and its dialogs, and saving.
 * The editor is created once per document; React state holds only what panels show, refreshed
 * after a short pause in typing rather than on every keystroke.
 */
import { redoDepth, undoDepth } from 'prosemirror-history';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OpenResult, ParleyApi } from '../shared/api.js';
import type { Speaker, TranscriptBody } from '../shared/model.js';
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
import { afterNextFrame } from './editor/frames.js';
import { allTurns, currentTurn } from './editor/turns.js';
import { MetadataPanel, RemovedPanel, SpeakersPanel } from './components/Panels.js';
import { AnnotationList, type Row } from './components/AnnotationList.js';
import { AnnotationInspector } from './components/Inspector.js';
import { CodebookPanel } from './components/CodebookPanel.js';
import { FindBar, Palette, type PaletteItem } from './components/Palette.js';
import { SuggestionsPanel } from './components/Suggestions.js';
import { ExportDialog, download, type ExportChoice } from './components/ExportDialog.js';
import { DiskBanners, useDiskStatus, useTakenOver } from './components/DiskBanners.js';
import { ApiError } from './api-client.js';
import { suggestClaims, unclaimed, type TranscriptClaimCandidate } from '../shared/suggest/index.js';
import { docPos, indexDoc } from './editor/positions.js';
import {
  annotationCounts,
  annotationQuote,
  annotationsAt,
  annotationsForSave,
  annotationVersion,
  getAnnotation,
  listAnnotations,
  removeAnnotation,
  selectAnnotation,
  selectedAnnotation,
} from './editor/annotations.js';
import { addNote, changeCodebook, codebookOf, editAnnotation, markClaim, reattach, tagRanges, tagWithKey, tagWithTopic } from './editor/annotate.js';
import type { Codebook } from '../shared/annotation.js';
import { TextSelection } from 'prosemirror-state';
import { StepMap } from 'prosemirror-transform';
import { PromptDialog, SpeakerPicker } from './components/SpeakerPicker.js';

type SaveStatus =
  | { kind: 'saved'; at: string | null }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  /** `draft`: the work is kept as a draft in the app's folder meanwhile. */
  | { kind: 'error'; message: string; draft: boolean };

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
  codebook: Codebook;
  /** The annotation list's rows, made only while a list is shown. */
  rows: Row[];
  annotationCount: number;
  topicCounts: Map<string, number>;
  selected: string | null;
  /** The selected annotation's text. */
  quote: string;
  here: { id: string; label: string }[];
}

/** The annotation rows, with their quotes and speakers (which cost a walk of the text each). */
function rowsOf(ed: TranscriptEditor): Row[] {
  const doc = ed.state.doc;
  return listAnnotations(ed.state).map(({ annotation, range }) => {
    const turn = range ? doc.resolve(range.from) : null;
    return {
      annotation,
      from: range?.from ?? null,
      speaker: turn && turn.depth >= 1 ? turnAttrs(turn.node(1)).speaker : null,
      quote: range ? doc.textBetween(range.from, range.to, ' ') : annotation.target.exact,
    };
  });
}

const AUTOSAVE_MS = 1000;

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
  const [view, setView] = useState<View | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // A restored draft is unsaved work from the start.
  const [status, setStatus] = useState<SaveStatus>(doc.unsaved ? { kind: 'unsaved' } : { kind: 'saved', at: doc.savedAt });
  const [disk, checkDisk] = useDiskStatus(api, doc.docId);
  /** Another window took the file over ("Edit here instead" there): read-only from then on. */
  const lostHold = useTakenOver(disk, editorRef);
  /** A save was refused because the annotations file changed on disk; cleared by the user's choice. */
  const [conflict, setConflict] = useState(false);
  const [draftOffer, setDraftOffer] = useState(doc.draft ?? null);
  /** The next save replaces what is on disk (the user chose "Keep mine"). */
  const forceNext = useRef(false);
  const [tab, setTab] = useState<'speakers' | 'codebook' | 'annotations' | 'claims' | 'suggestions' | 'removed' | 'metadata'>('speakers');
  const [mode, setMode] = useState<'edit' | 'annotate'>('edit');
  const [palette, setPalette] = useState(false);
  const [finding, setFinding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const rowsCache = useRef<{ version: number; doc: unknown; rows: Row[] } | null>(null);
  const tabRef = useRef(tab);
  const suggestionCache = useRef<{ doc: unknown; version: number; candidates: TranscriptClaimCandidate[] } | null>(null);
  tabRef.current = tab;
  const [notice, setNotice] = useState<string | null>(null);
  const [showWarnings, setShowWarnings] = useState(!doc.fromSidecar);
  const savedDoc = useRef<unknown>(null);
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const readOnly = doc.readOnly || lostHold;

  const refreshView = useCallback(() => {
    const ed = editorRef.current;
    if (!ed) return;
    const s = ed.state;
    const t = currentTurn(s);
    const version = annotationVersion(s);
    // Rows carry quotes, so they follow the text too: made only while a list is shown (10,000 rows
    // held for nothing cost a third of a megabyte), and again only when either changed.
    const listing = tabRef.current === 'annotations' || tabRef.current === 'claims';
    if (!listing) rowsCache.current = null;
    else if (!rowsCache.current || rowsCache.current.version !== version || rowsCache.current.doc !== s.doc) {
      rowsCache.current = { version, doc: s.doc, rows: rowsOf(ed) };
    }
    const rows = rowsCache.current?.rows ?? [];
    const { total: annotationCount, byTopic: topicCounts } = annotationCounts(s);
    const selected = selectedAnnotation(s);
    const codebook = codebookOf(ed);
    const labelOf = (id: string) => {
      const a = getAnnotation(s, id);
      if (!a) return id;
      const topics = a.topics.map((x) => codebook.topics.find((y) => y.id === x)?.label ?? x).join(', ');
      return `${a.kind}${topics ? `: ${topics}` : ''}`;
    };
    setView({
      codebook,
      rows,
      annotationCount,
      topicCounts,
      selected,
      quote: selected ? annotationQuote(s, selected) : '',
      here: annotationsAt(s, s.selection.from).map((l) => ({ id: l.annotation.id, label: labelOf(l.annotation.id) })),
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
      let body: TranscriptBody;
      try {
        body = await ed.body();
      } catch (e) {
        setStatus({ kind: 'error', message: e instanceof Error ? e.message : String(e), draft: false });
        return;
      }
      try {
        const force = forceNext.current;
        const result = await api.save({ docId: doc.docId, body, ...(force ? { force } : {}) });
        forceNext.current = false;
        savedDoc.current = docNow;
        setConflict(false);
        // A save removes any kept draft: nothing is left to offer.
        setDraftOffer(null);
        setStatus(ed.state.doc === docNow ? { kind: 'saved', at: result.savedAt } : { kind: 'unsaved' });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (e instanceof ApiError && e.code === 'conflict') setConflict(true);
        setStatus({ kind: 'error', message, draft: false });
        // The work must outlive a crash even though it could not be saved: keep it as a draft.
        const kept = await api.saveDraft({ docId: doc.docId, body }).then(
          () => true,
          () => false,
        );
        if (kept) setStatus((st) => (st.kind === 'error' && st.message === message ? { ...st, draft: true } : st));
        checkDisk();
      }
    })();
    saving.current = run;
    await run;
    saving.current = null;
  }, [api, doc.docId, readOnly, checkDisk]);

  const saveRef = useRef(save);
  saveRef.current = save;

  useEffect(() => {
    const place = host.current;
    if (!place) return;
    performance.mark('parley:editor-start');
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
        tag: (key) => report(tagWithKey(ed, key)),
        claim: () => report(markClaim(ed)),
        note: () => report(addNote(ed)),
        palette: () => setPalette(true),
        find: () => setFinding(true),
        exportDialog: () => setExporting(true),
        toggleMode: () => {
          ed.mode = ed.mode === 'edit' ? 'annotate' : 'edit';
          setMode(ed.mode);
        },
        pick: (pos) => {
          const at = annotationsAt(ed.state, pos);
          ed.view.dispatch(selectAnnotation(ed.state.tr, at[0]?.annotation.id ?? null));
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
                setNotice(
                  `The annotations could not be loaded (${e instanceof Error ? e.message : String(e)}), so the transcript is ` +
                    'read-only to keep them safe; close it and open it again.',
                );
              },
            }
          : {}),
      },
    );
    editorRef.current = ed;
    // A restored draft is not on disk yet: the first autosave writes it.
    savedDoc.current = doc.unsaved ? null : ed.state.doc;
    if (doc.unsaved) timer.current = window.setTimeout(() => void saveRef.current(), AUTOSAVE_MS);
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
      const typing = tr.steps.some((step) => step.getMap() !== StepMap.empty);
      panelTimer = window.setTimeout(refreshView, typing ? 400 : 30);
    });
    performance.mark('parley:editor-created');
    // Panels fill in just after the first paint: on a long transcript, counting words and listing
    // annotations would otherwise hold the editor back. From then on the editor holds the
    // transcript, and the opened copy need not be kept as well (dropping it re-renders the app,
    // which need not hold the first paint back either): neither the app's, nor the one in `doc`,
    // which every callback made in this first render keeps reachable (they share its scope; that
    // kept 3 MB of annotations as opened alive beside the editor's).
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
      void saveRef.current();
      // Gone for good (not kept in the back/forward cache): another window may edit the file now.
      if (!e.persisted) void api.release({ docId: doc.docId }).catch(() => undefined);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      cancelFirst();
      unsubscribe();
      window.clearTimeout(panelTimer);
      window.clearTimeout(timer.current);
      ed.destroy();
      editorRef.current = null;
    };
    // The editor lives as long as the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.docId]);

  /** Replace this document with another opening of it (theirs reloaded, a draft or backup restored). */
  async function reopen(run: () => Promise<OpenResult>): Promise<void> {
    try {
      window.clearTimeout(timer.current);
      props.onReimported(await run());
    } catch (e) {
      setNotice(e instanceof Error ? e.message : String(e));
    }
  }

  /** "Keep mine": save this version over the one that changed on disk. */
  async function keepMine(): Promise<void> {
    forceNext.current = true;
    // Saved even when nothing changed here since the last save: the point is to replace theirs.
    savedDoc.current = null;
    await saveRef.current();
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
      setNotice(e instanceof Error ? e.message : String(e));
    }
  }

  function report(problem: string | null) {
    if (problem) setNotice(problem);
  }

  function withCurrentSpeaker(run: (speakerId: string) => void) {
    const ed = editorRef.current;
    if (!ed) return;
    const t = currentTurn(ed.state);
    const id = t ? turnAttrs(t.node).speaker : null;
    if (id) run(id);
    else setNotice('This turn has no speaker yet: attribute it first (Alt+S).');
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
      run: () => report(tagWithTopic(ed, t.id)),
    }));
    const act = (id: string, label: string, keys: string, run: () => void): PaletteItem => ({ id, label, keys, group: 'Action', run });
    return [
      ...topics,
      act('claim', 'Mark the selection as a claim', 'Alt+C', () => report(markClaim(ed))),
      act('note', 'Add a note to the selection', 'Alt+N', () => report(addNote(ed))),
      act('reassign', "Reassign this turn's speaker", 'Alt+S', () => setDialog({ kind: 'reassign' })),
      act('split', 'Split the turn at the cursor', 'Ctrl+Shift+Enter', () => setDialog({ kind: 'split' })),
      act('merge', 'Merge the turn into the one before', 'Ctrl+Shift+Backspace', () => void ed.run(mergeWithPrevious)),
      act('rename', 'Rename this speaker everywhere', 'F2', () => withCurrentSpeaker((id) => setDialog({ kind: 'rename', speakerId: id }))),
      act('role', "Edit this speaker's role", 'Alt+R', () => withCurrentSpeaker((id) => setDialog({ kind: 'role', speakerId: id }))),
      act('next-unattributed', 'Next unattributed turn', 'F8', () => void gotoUnattributed(1)(ed.state, (tr) => ed.view.dispatch(tr))),
      act('next-annotation', 'Next annotation', 'Alt+Down', () => void ed.stepAnnotation(1)),
      act('prev-annotation', 'Previous annotation', 'Alt+Up', () => void ed.stepAnnotation(-1)),
      act('find', 'Find in transcript, tag all matches', 'Ctrl+F', () => setFinding(true)),
      act('export', 'Export…', 'Ctrl+E', () => setExporting(true)),
      act('mode', 'Toggle Edit / Annotate mode', 'Ctrl+M', () => {
        ed.mode = ed.mode === 'edit' ? 'annotate' : 'edit';
        setMode(ed.mode);
      }),
      act('undo', 'Undo', 'Ctrl+Z', () => void ed.undo()),
      act('redo', 'Redo', 'Ctrl+Shift+Z', () => void ed.redo()),
      act('save', 'Save', 'Ctrl+S', () => void saveRef.current()),
      act('codebook', 'Show the codebook', '', () => setTab('codebook')),
      act('annotations', 'Show the annotations', '', () => setTab('annotations')),
      act('claims', 'Show the claims table', '', () => setTab('claims')),
    ];
  }

  /** Claim candidates no claim covers yet, in the working text of the document now. */
  function suggestionsFor(ed: TranscriptEditor): TranscriptClaimCandidate[] {
    // Sentence splitting walks the whole text: done again only when the text or the annotations changed.
    const version = annotationVersion(ed.state);
    const cached = suggestionCache.current;
    if (cached && cached.doc === ed.state.doc && cached.version === version) return cached.candidates;
    const turns: string[][] = [];
    ed.state.doc.forEach((turn) => {
      const paragraphs: string[] = [];
      turn.forEach((p) => paragraphs.push(p.textContent));
      turns.push(paragraphs);
    });
    const candidates = unclaimed(suggestClaims(turns), annotationsForSave(ed.state));
    suggestionCache.current = { doc: ed.state.doc, version, candidates };
    return candidates;
  }

  /** Every occurrence of `query` in the text, case-insensitive, as document ranges (within paragraphs). */
  function findAll(ed: TranscriptEditor, query: string): { from: number; to: number }[] {
    const q = query.toLowerCase();
    const out: { from: number; to: number }[] = [];
    if (!q) return out;
    ed.state.doc.descendants((node, pos) => {
      if (node.type.name !== 'paragraph') return true;
      const text = node.textContent.toLowerCase();
      for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + q.length)) out.push({ from: pos + 1 + i, to: pos + 1 + i + q.length });
      return false;
    });
    return out;
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
      exportDialog: () => setExporting(true),
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

  // A list shown for the first time needs its rows.
  useEffect(() => {
    if (tab === 'annotations' || tab === 'claims') refreshView();
  }, [tab, refreshView]);

  // The same shortcuts work while a panel has the focus (the editor's keymap handles its own).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ed = editorRef.current;
      if (!ed || ed.view.hasFocus() || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'm' && !e.shiftKey) {
        e.preventDefault();
        ed.mode = ed.mode === 'edit' ? 'annotate' : 'edit';
        setMode(ed.mode);
      } else if (key === 'k' || (key === 'p' && e.shiftKey)) {
        e.preventDefault();
        setPalette(true);
      } else if (key === 'f' && !e.shiftKey) {
        e.preventDefault();
        setFinding(true);
      } else if (key === 'e' && !e.shiftKey) {
        e.preventDefault();
        setExporting(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
        <span
          className={`save-status ${status.kind}`}
          role="status"
          aria-live="polite"
          data-status={status.kind}
          title={status.kind === 'error' ? status.message : undefined}
        >
          {readOnly
            ? 'Read-only'
            : status.kind === 'saved'
              ? 'Saved'
              : status.kind === 'saving'
                ? 'Saving…'
                : status.kind === 'unsaved'
                  ? 'Unsaved changes'
                  : status.draft
                    ? 'Not saved · kept as a draft'
                    : 'Not saved'}
        </span>
        <span className="mode-switch" role="group" aria-label="Mode">
          {(['edit', 'annotate'] as const).map((m) => (
            <button
              key={m}
              className={mode === m ? 'active' : ''}
              aria-pressed={mode === m}
              title="Toggle Edit / Annotate (Ctrl+M)"
              onClick={() => {
                const ed = editorRef.current;
                if (!ed) return;
                ed.mode = m;
                setMode(m);
                ed.focus();
              }}
            >
              {m === 'edit' ? 'Edit' : 'Annotate'}
            </button>
          ))}
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
        <button onClick={() => setPalette(true)} title="Every action and topic (Ctrl+K)">
          Commands <kbd>Ctrl+K</kbd>
        </button>
        <button onClick={() => setFinding(true)} title="Find, and tag all matches (Ctrl+F)">
          Find <kbd>Ctrl+F</kbd>
        </button>
        <button onClick={() => setExporting(true)} title="Export in another format (Ctrl+E)">
          Export… <kbd>Ctrl+E</kbd>
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
              Start again from the new source (keeps a backup)
            </button>
          )}
          {doc.problem.kind === 'open-elsewhere' && (
            <button onClick={() => void reopen(() => api.takeOver({ docId: doc.docId }))}>Edit here instead</button>
          )}
        </div>
      )}
      {status.kind === 'error' && !readOnly && !conflict && (
        <div className="banner warning" role="alert" data-banner="save-failed">
          <span>
            {status.message}
            {status.draft ? ' Your changes are kept as a draft meanwhile, and offered back if Parley closes before they are saved.' : ''}
          </span>
          <button onClick={() => void save()}>Try again</button>
          <button onClick={() => void saveCopy()} title="Download the annotations file as it would be saved, to keep it elsewhere">
            Save a copy…
          </button>
        </div>
      )}
      <DiskBanners
        doc={doc}
        disk={disk}
        conflict={conflict}
        draft={draftOffer}
        onReloadTheirs={() => void reopen(() => api.openFile({ fileId: doc.fileId ?? '' }))}
        onKeepMine={() => void keepMine()}
        onRestoreDraft={() => void reopen(() => api.restoreDraft({ docId: doc.docId }))}
        onDiscardDraft={() =>
          void api.discardDraft({ docId: doc.docId }).then(
            () => setDraftOffer(null),
            (e: unknown) => setNotice(e instanceof Error ? e.message : String(e)),
          )
        }
        onRestoreBackup={() => void reopen(() => api.restoreBackup({ docId: doc.docId }))}
        unsaved={status.kind !== 'saved'}
        onSaveCopy={() => void saveCopy()}
        onTakeOver={() => void reopen(() => api.takeOver({ docId: doc.docId }))}
      />
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
            {(['speakers', 'codebook', 'annotations', 'claims', 'suggestions', 'removed', 'metadata'] as const).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
                {t === 'speakers'
                  ? 'Speakers'
                  : t === 'codebook'
                    ? 'Codebook'
                    : t === 'annotations'
                      ? `Annotations (${view?.annotationCount ?? 0})`
                      : t === 'claims'
                        ? 'Claims'
                        : t === 'suggestions'
                          ? 'Suggestions'
                        : t === 'removed'
                          ? `Removed (${view?.removed.length ?? 0})`
                          : 'Metadata'}
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
          {view && tab === 'suggestions' && editorRef.current && (
            <SuggestionsPanel
              candidates={suggestionsFor(editorRef.current)}
              readOnly={readOnly}
              onShow={(c) => {
                const ed = editorRef.current!;
                const index = indexDoc(ed.state.doc);
                ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, docPos(index, c.start), docPos(index, c.end))).scrollIntoView());
                ed.focus();
              }}
              onAccept={(c) => {
                const ed = editorRef.current!;
                const index = indexDoc(ed.state.doc);
                ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, docPos(index, c.start), docPos(index, c.end))).scrollIntoView());
                report(markClaim(ed));
              }}
            />
          )}
          {view && tab === 'codebook' && (
            <CodebookPanel
              codebook={view.codebook}
              counts={view.topicCounts}
              readOnly={readOnly}
              onError={setNotice}
              onChange={(change) => {
                const ed = editorRef.current;
                if (ed && !readOnly) changeCodebook(ed, change(codebookOf(ed)));
              }}
            />
          )}
          {view && (tab === 'annotations' || tab === 'claims') && (
            <AnnotationList
              key={tab}
              rows={view.rows}
              codebook={view.codebook}
              speakers={view.speakers}
              selected={view.selected}
              claimsOnly={tab === 'claims'}
              onPick={(row) => {
                const ed = editorRef.current;
                if (!ed) return;
                let tr = ed.state.tr;
                if (row.from !== null) {
                  const range = listAnnotations(ed.state).find((l) => l.annotation.id === row.annotation.id)?.range;
                  if (range) tr = tr.setSelection(TextSelection.create(ed.state.doc, range.from, range.to)).scrollIntoView();
                }
                ed.view.dispatch(selectAnnotation(tr, row.annotation.id));
                ed.focus();
              }}
            />
          )}
        </nav>
        <main className={`editor-pane mode-${mode}`}>
          {finding && editorRef.current && (
            <FindBar
              search={(q) => {
                const found = findAll(editorRef.current!, q);
                const text = (r: { from: number; to: number }) =>
                  editorRef.current!.state.doc.textBetween(Math.max(0, r.from - 30), Math.min(editorRef.current!.state.doc.content.size, r.to + 30), ' ');
                return { count: found.length, samples: found.slice(0, 5).map(text) };
              }}
              topics={view?.codebook.topics ?? []}
              readOnly={readOnly}
              onStep={(q, dir) => {
                const ed = editorRef.current!;
                const found = findAll(ed, q);
                const head = ed.state.selection.from;
                const next = dir === 1 ? (found.find((r) => r.from > head) ?? found[0]) : ([...found].reverse().find((r) => r.from < head) ?? found[found.length - 1]);
                if (next) ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, next.from, next.to)).scrollIntoView());
              }}
              onTagAll={(q, topicId) => editorRef.current && tagRanges(editorRef.current, topicId, findAll(editorRef.current, q))}
              onClose={() => {
                setFinding(false);
                editorRef.current?.focus();
              }}
            />
          )}
          <div
            ref={host}
            className="editor-host"
            onContextMenu={(e) => {
              const ed = editorRef.current;
              // The menu tags a selection; without one, the browser's own menu (spelling) is left alone.
              if (!ed || readOnly || ed.state.selection.empty) return;
              e.preventDefault();
              setMenu({ x: e.clientX, y: e.clientY });
            }}
          />
          {menu && editorRef.current && (
            <div className="modal-backdrop transparent" onMouseDown={() => setMenu(null)} onContextMenu={(e) => (e.preventDefault(), setMenu(null))}>
              <div
                className="context-menu"
                role="menu"
                aria-label="Annotate the selection"
                style={{ left: Math.min(menu.x, window.innerWidth - 240), top: Math.min(menu.y, window.innerHeight - 320) }}
                onMouseDown={(e) => e.stopPropagation()}
              >
                {codebookOf(editorRef.current).topics.map((t) => (
                  <button
                    key={t.id}
                    role="menuitem"
                    onClick={() => {
                      setMenu(null);
                      report(tagWithTopic(editorRef.current!, t.id));
                    }}
                  >
                    <span className="swatch" style={{ background: t.color }} /> {t.label}
                    {t.key && <kbd>Alt+{t.key}</kbd>}
                  </button>
                ))}
                <button
                  role="menuitem"
                  onClick={() => {
                    setMenu(null);
                    report(markClaim(editorRef.current!));
                  }}
                >
                  Mark as a claim <kbd>Alt+C</kbd>
                </button>
                <button
                  role="menuitem"
                  onClick={() => {
                    setMenu(null);
                    report(addNote(editorRef.current!));
                  }}
                >
                  Add a note <kbd>Alt+N</kbd>
                </button>
              </div>
            </div>
          )}
        </main>
        <aside className="inspector" aria-label="Details">
          {view?.selected && editorRef.current && getAnnotation(editorRef.current.state, view.selected) ? (
            <AnnotationInspector
              key={view.selected}
              annotation={getAnnotation(editorRef.current.state, view.selected)!}
              quote={view.quote}
              codebook={view.codebook}
              speakers={view.speakers}
              here={view.here}
              readOnly={readOnly}
              onChange={(change) => editorRef.current && editAnnotation(editorRef.current, view.selected!, change)}
              onSelect={(id) => editorRef.current?.view.dispatch(selectAnnotation(editorRef.current.state.tr, id))}
              onReattach={() => editorRef.current && report(reattach(editorRef.current, view.selected!))}
              onDelete={() => {
                const ed = editorRef.current;
                if (!ed) return;
                ed.view.dispatch(selectAnnotation(removeAnnotation(ed.state, ed.state.tr, view.selected!), null));
                ed.focus();
              }}
            />
          ) : view?.current ? (
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
      {exporting && editorRef.current && (
        <ExportDialog
          api={api}
          fileName={doc.fileName}
          codebook={view?.codebook ?? null}
          speakers={view?.speakers ?? []}
          run={runExport}
          onClose={() => {
            setExporting(false);
            editorRef.current?.focus();
          }}
        />
      )}
      {palette && editorRef.current && (
        <Palette
          items={paletteItems(editorRef.current)}
          onClose={() => {
            setPalette(false);
            editorRef.current?.focus();
          }}
        />
      )}
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
  exportDialog(): void;
  undo(): void;
  redo(): void;
  close(): Promise<void>;
}
