/** The app shell: the start screen (choose a transcript) or the open transcript. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FileChoice, OpenResult } from '../shared/api.js';
import { messageOf } from '../shared/errors.js';
import { warmUpChecks, type Backend } from './api-client.js';
import { FolderImport, ImportPreview } from './components/ImportPreview.js';
import { FolderExport } from './components/ExportDialog.js';
import { Workspace, type WorkspaceCommands } from './Workspace.js';

const LAST_FILE = 'parley.lastFile';

export function App({ backend }: { backend: Backend }) {
  const { api } = backend;
  const [doc, setDoc] = useState<OpenResult | null>(null);
  const [files, setFiles] = useState<FileChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const commands = useRef<WorkspaceCommands | null>(null);

  const refreshFiles = useCallback(() => {
    api.listFiles({}).then(setFiles, (e: unknown) => setError(messageOf(e)));
  }, [api]);

  const opened = useCallback((result: OpenResult | null) => {
    if (!result) return;
    setError(null);
    setDoc(result);
    if (result.fileId) sessionStorage.setItem(LAST_FILE, result.fileId);
    document.title = `${result.fileName} · Parley`;
  }, []);

  const open = useCallback(
    async (run: () => Promise<OpenResult | null>) => {
      setBusy(true);
      try {
        // Nothing unsaved is dropped: a transcript whose work cannot be saved asks, and may stay.
        if (commands.current && !(await commands.current.close())) return;
        performance.mark('parley:open-start');
        const result = await run();
        performance.mark('parley:open-response');
        opened(result);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setBusy(false);
      }
    },
    [opened],
  );

  useEffect(() => {
    refreshFiles();
    // After a reload, come back to the transcript that was open.
    const last = sessionStorage.getItem(LAST_FILE);
    if (last) void open(() => api.openFile({ fileId: last }));
  }, [api, open, refreshFiles]);

  useEffect(() => {
    // While the start screen waits for the user (see warmUpChecks).
    const idle = requestIdleCallback(warmUpChecks, { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, []);

  useEffect(
    () =>
      backend.onMenuCommand((cmd) => {
        switch (cmd.type) {
          case 'open':
            void open(() => api.openDialog({}));
            break;
          case 'open-file':
            void open(() => api.openFile({ fileId: cmd.fileId }));
            break;
          case 'save':
            commands.current?.save();
            break;
          case 'export':
            commands.current?.exportDialog();
            break;
          case 'undo':
            commands.current?.undo();
            break;
          case 'redo':
            commands.current?.redo();
            break;
          case 'close':
            void commands.current?.close();
            break;
        }
      }),
    [api, backend, open],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o' && backend.host === 'desktop') {
        e.preventDefault();
        void open(() => api.openDialog({}));
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && !commands.current) {
        // No transcript open: Ctrl+S saves nothing, but not the page either (the workspace saves its own).
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, backend.host, open]);

  if (doc) {
    return (
      <Workspace
        key={doc.docId}
        api={api}
        doc={doc}
        registerCommands={(c) => (commands.current = c)}
        onReimported={opened}
        onBodyTaken={() => setDoc((d) => (d ? { ...d, body: { metadata: {}, speakers: [], turns: [], removed: [], history: [] } } : d))}
        onClose={() => {
          sessionStorage.removeItem(LAST_FILE);
          setDoc(null);
          document.title = 'Parley';
          refreshFiles();
        }}
      />
    );
  }
  return <StartScreen backend={backend} files={files} setFiles={setFiles} error={error} busy={busy} open={open} refresh={refreshFiles} />;
}

function StartScreen(props: {
  backend: Backend;
  files: FileChoice[] | null;
  setFiles(files: FileChoice[]): void;
  error: string | null;
  busy: boolean;
  open(run: () => Promise<OpenResult | null>): Promise<void>;
  refresh(): void;
}) {
  const { api, host } = props.backend;
  const [path, setPath] = useState('');
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [importing, setImporting] = useState<FileChoice[] | null>(null);
  const [exportingAll, setExportingAll] = useState(false);
  const upload = useRef<HTMLInputElement>(null);
  const fresh = (props.files ?? []).filter((f) => !f.hasSidecar);
  return (
    <div className="start">
      <h1>Parley</h1>
      <p className="lede">Open a transcript to correct who said what. Your corrections are saved beside it; the file itself is never changed.</p>
      {props.error && (
        <div className="banner error" role="alert">
          {props.error}
        </div>
      )}
      <div className="start-actions">
        {host === 'desktop' && (
          <>
            <button className="primary" onClick={() => void props.open(() => api.openDialog({}))} disabled={props.busy}>
              Open… <kbd>Ctrl+O</kbd>
            </button>
            <button
              onClick={async () => {
                const listed = await api.openFolderDialog({});
                if (listed) props.setFiles(listed);
              }}
              disabled={props.busy}
            >
              Open folder…
            </button>
          </>
        )}
        {(props.files?.length ?? 0) > 1 && (
          <button onClick={() => setExportingAll(true)} disabled={props.busy} title="Export every listed transcript into one zip">
            Export all…
          </button>
        )}
        {fresh.length > 1 && (
          <button onClick={() => setImporting(fresh)} disabled={props.busy} title="Import every listed transcript that has no annotations yet">
            Import all {fresh.length} new transcripts
          </button>
        )}
        {host === 'browser' && (
          <>
            <form
              className="open-path"
              onSubmit={(e) => {
                e.preventDefault();
                if (path.trim()) void props.open(() => api.openPath({ path: path.trim() }));
              }}
            >
              <label>
                <span>Open by path (inside the folders Parley serves)</span>
                <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/transcript.txt" aria-label="Path" />
              </label>
              <button type="submit" disabled={props.busy || !path.trim()}>
                Open
              </button>
            </form>
            <button onClick={() => upload.current?.click()} disabled={props.busy}>
              Upload a file…
            </button>
            <input
              ref={upload}
              type="file"
              hidden
              accept=".txt,.md,.vtt,.srt,.docx,text/*"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                void props.open(async () => {
                  const bytes = new Uint8Array(await file.arrayBuffer());
                  let binary = '';
                  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
                  return api.upload({ name: file.name, base64: btoa(binary) });
                });
              }}
            />
          </>
        )}
      </div>
      {previewing && (
        <ImportPreview
          api={api}
          fileId={previewing}
          onCancel={() => setPreviewing(null)}
          onOpen={(choices) => {
            const fileId = previewing;
            setPreviewing(null);
            void props.open(() => api.openFile({ fileId, choices }));
          }}
        />
      )}
      {exportingAll && props.files && <FolderExport api={api} files={props.files} onDone={() => setExportingAll(false)} />}
      {importing && (
        <FolderImport
          api={api}
          files={importing}
          onDone={() => {
            setImporting(null);
            props.refresh();
          }}
        />
      )}
      <h2>{host === 'desktop' ? 'Recent' : 'Transcripts'}</h2>
      {props.files === null ? (
        <p>Loading…</p>
      ) : props.files.length === 0 ? (
        <p className="muted">{host === 'desktop' ? 'No recent files yet.' : 'No transcripts in the served folders.'}</p>
      ) : (
        <ul className="file-list">
          {props.files.map((f) => (
            <li key={f.id}>
              <button
                onClick={() => (f.hasSidecar ? void props.open(() => api.openFile({ fileId: f.id })) : setPreviewing(f.id))}
                disabled={props.busy}
                data-file={f.name}
              >
                <span className="file-name">{f.name}</span>
                <span className="file-location">{f.location}</span>
                {f.hasSidecar && <span className="badge">annotated</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
