/**
 * `parley`: the command line.
 *
 *   npm run parley -- inspect FILE [--json]
 *   npm run parley -- export PATH... --format FMT [--out DIR] [--kinds ...] [--topics ...] [--speakers ...] [--text ...] [--bom]
 *
 * `inspect` shows a transcript as Parley sees it (from its sidecar when there is a valid one, else
 * freshly imported) and never writes a file. `export` writes transcripts in other formats
 * (annotations/export.ts, shared/export/).
 */
import { realpathSync, Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AnnotationKind } from '../shared/annotation.js';
import { isParleyError } from '../shared/errors.js';
import { EXPORT_FORMAT_IDS, isExportFormat } from '../shared/export/index.js';
import { inspectSummary, inspectView } from '../shared/inspect.js';
import { TRANSCRIPT_EXTENSIONS } from './access.js';
import { DocumentService } from './document-service.js';
import { exportBatch, findTranscripts, type BatchProgress, type ExportRequest } from './export.js';
import { errno, messageOf } from './node-errors.js';

/** The text of `parley --help`. */
export const USAGE = `Usage: parley inspect FILE [--json]
       parley export PATH... --format FMT [--out DIR] [options]

parley inspect FILE
  Show a transcript as Parley sees it: from its annotations file (FILE.annotations.json) when there is
  a valid one, otherwise freshly imported. Never writes a file.

  --json      print one JSON object: {format, metadata, speakers, turns, warnings, annotations}

parley export PATH... --format FMT
  Write each transcript in another format. A PATH is a transcript file, or a folder: every transcript
  file below it (${TRANSCRIPT_EXTENSIONS.join(' ')}). Each is read as inspect reads it, annotations included.

  The files are named after the source with the format's ending added (talk.txt -> talk.txt.html) and
  written to the --out folder, or to the current folder when --out is not given; a folder's subfolders
  are kept below it. A source file or an annotations file is never written over. A file that fails is
  reported and the others are still exported; the exit code is then 1.

  --format FMT      one of: ${EXPORT_FORMAT_IDS.join(', ')}
  --out DIR         the folder to write to (made if missing); default: the current folder
  --kinds LIST      only these kinds of annotation, comma-separated: topic, claim, note
  --topics LIST     only annotations with these topics (ids or labels; subtopics included)
  --speakers LIST   only the turns of these speakers (ids or names)
  --text WHICH      corrected (the default): the text as edited in Parley;
                    source: the source file's text with its own speaker labels
  --bom             csv: begin with a byte-order mark, so that Excel reads UTF-8

  -h, --help        show this help
`;

/** The options only `export` takes. */
const EXPORT_OPTIONS = ['format', 'out', 'kinds', 'topics', 'speakers', 'text', 'bom'] as const;
const KINDS: readonly AnnotationKind[] = ['topic', 'claim', 'note'];

/** Where the command writes; tests and embedders can capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The folder relative paths are resolved against. */
  cwd: string;
  /** True when stderr is a terminal: export then draws a progress bar there instead of plain lines. */
  tty?: boolean;
  /** The terminal's width, for the progress bar. */
  columns?: number;
}

/** Run the CLI with the arguments after the script name. Returns the exit code: 0, 1 for errors, 2 for usage. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        format: { type: 'string' },
        out: { type: 'string' },
        kinds: { type: 'string', multiple: true },
        topics: { type: 'string', multiple: true },
        speakers: { type: 'string', multiple: true },
        text: { type: 'string' },
        bom: { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    return usageError(io, messageOf(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) return usageError(io, 'no command given');
  if (command === 'export') return exportCommand(rest, values, io);
  if (command !== 'inspect') return usageError(io, `unknown command "${command}"`);
  const misplaced = EXPORT_OPTIONS.find((o) => values[o] !== undefined);
  if (misplaced) return usageError(io, `--${misplaced} is an option of export, not of inspect`);
  if (rest.length !== 1 || rest[0] === undefined) return usageError(io, 'inspect takes exactly one FILE');

  try {
    const path = resolve(io.cwd, rest[0]);
    // Only open() is used: it reads the source and the sidecar and writes nothing.
    const opened = await new DocumentService().open(path);
    const warnings = opened.problem ? [opened.problem.message, ...opened.warnings] : opened.warnings;
    const view = inspectView({ convention: opened.convention, body: opened.body, warnings });
    if (values.json) {
      io.stdout(JSON.stringify(view, null, 2) + '\n');
    } else {
      io.stdout(
        inspectSummary(view, {
          fileName: basename(path),
          confidence: opened.confidence,
          savedAt: opened.fromSidecar ? opened.savedAt : null,
        }),
      );
    }
    return 0;
  } catch (e) {
    const message = isParleyError(e) ? e.message : `internal error: ${messageOf(e)}`;
    io.stderr(`parley: ${oneLine(naming(rest[0], message))}\n`);
    return 1;
  }
}

/**
 * The importer's sentences say "The file is empty" without a name; on the command line the name goes
 * in front, as other tools do ("parley: notes.txt: The file is empty; ..."), unless it is there already.
 */
function naming(given: string, message: string): string {
  const name = basename(given);
  return name && !message.includes(name) ? `${name}: ${message}` : message;
}

type Values = {
  json?: boolean;
  format?: string;
  out?: string;
  kinds?: string[];
  topics?: string[];
  speakers?: string[];
  text?: string;
  bom?: boolean;
};

/** `parley export`: check the arguments, find the transcripts, export each, report as it goes. */
async function exportCommand(paths: string[], values: Values, io: CliIo): Promise<number> {
  if (values.json) return usageError(io, '--json is an option of inspect, not of export');
  if (!paths.length) return usageError(io, 'export needs at least one file or folder');
  if (values.format === undefined) return usageError(io, `export needs --format, one of ${EXPORT_FORMAT_IDS.join(', ')}`);
  if (!isExportFormat(values.format)) {
    return usageError(io, `there is no export format "${values.format}"; choose one of ${EXPORT_FORMAT_IDS.join(', ')}`);
  }
  const request: ExportRequest = { format: values.format };
  if (values.kinds) {
    const kinds = list(values.kinds);
    const wrong = kinds.find((k) => !(KINDS as readonly string[]).includes(k));
    if (wrong !== undefined) return usageError(io, `"${wrong}" is not a kind of annotation; use topic, claim or note`);
    request.kinds = kinds as AnnotationKind[];
  }
  if (values.topics) request.topics = list(values.topics);
  if (values.speakers) request.speakers = list(values.speakers);
  if (values.text !== undefined) {
    if (values.text !== 'corrected' && values.text !== 'source') return usageError(io, '--text is corrected or source');
    request.text = values.text;
  }
  if (values.bom) request.bom = true;
  const outDir = resolve(io.cwd, values.out ?? '.');
  // Checked before anything is read, so a mistyped --out costs nothing and writes nothing.
  const outProblem = await notAFolder(outDir);
  if (outProblem) {
    io.stderr(`parley: --out ${relativeName(io.cwd, outDir)} ${outProblem}; choose a folder to write to.\n`);
    return 1;
  }

  let transcripts;
  try {
    transcripts = await findTranscripts(paths, io.cwd);
  } catch (e) {
    io.stderr(`parley: ${oneLine(isParleyError(e) ? e.message : String(e))}\n`);
    return 1;
  }
  if (!transcripts.length) {
    const where = paths.length === 1 ? relativeName(io.cwd, resolve(io.cwd, paths[0] ?? '.')) || '.' : 'the paths given';
    io.stderr(
      `parley: there are no transcript files (${TRANSCRIPT_EXTENSIONS.join(' ')}) in ${where}; ` +
        'name a transcript file, or a folder that holds some.\n',
    );
    return 1;
  }

  const bar = io.tty ? new ProgressBar(io, transcripts.length) : null;
  const summary = await exportBatch(transcripts, request, outDir, (p: BatchProgress) => {
    bar?.clear();
    const name = relativeName(io.cwd, p.source);
    if (p.error !== null) {
      io.stderr(`parley: could not export ${name}: ${oneLine(p.error)}\n`);
    } else if (p.outcome) {
      for (const w of p.outcome.warnings) io.stderr(`parley: ${name}: ${oneLine(w)}\n`);
      // On a terminal the bar shows progress; elsewhere (a log, a pipe) one line per file does.
      if (!bar) io.stdout(`${name} -> ${p.outcome.written.map((w) => relativeName(io.cwd, w)).join(', ')}\n`);
    }
    bar?.draw(p.done, name);
  });
  bar?.clear();
  const ok = summary.succeeded.length;
  const where = relativeName(io.cwd, outDir) || '.';
  if (summary.failed.length) {
    // One file: its own line above already says what went wrong; a tally would only repeat it.
    if (summary.total > 1) io.stderr(`parley: exported ${ok} of ${summary.total} files to ${where}; ${summary.failed.length} failed.\n`);
    return 1;
  }
  io.stdout(`Exported ${ok} ${ok === 1 ? 'file' : 'files'} as ${values.format} to ${where}.\n`);
  return 0;
}

/** Comma-separated values, from one or more occurrences of an option. */
function list(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** A path as the user would type it from where they are: relative when below the current folder. */
function relativeName(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A one-line progress bar on stderr, redrawn in place. */
class ProgressBar {
  #shown = false;
  constructor(
    private readonly io: CliIo,
    private readonly total: number,
  ) {}

  draw(done: number, name: string): void {
    const width = Math.max(10, Math.min(30, (this.io.columns ?? 80) - 40));
    const filled = Math.round((done / this.total) * width);
    const counter = `${done}/${this.total}`;
    const room = Math.max(0, (this.io.columns ?? 80) - width - counter.length - 5);
    const label = name.length > room ? '…' + name.slice(name.length - room + 1) : name;
    this.io.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${counter} ${label}\x1b[K`);
    this.#shown = true;
  }

  clear(): void {
    if (this.#shown) this.io.stderr('\r\x1b[K');
    this.#shown = false;
  }
}

/**
 * Why `dir` cannot be the output folder, or null when it is a folder or can be made one: the path,
 * or the nearest part of it that exists, must be a folder.
 */
async function notAFolder(dir: string): Promise<string | null> {
  for (let at = dir; ; at = dirname(at)) {
    const info = await stat(at).catch((e: unknown) => (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR' ? null : e));
    if (info instanceof Stats) {
      if (info.isDirectory()) return null;
      return at === dir ? 'is a file, not a folder' : `cannot be made, because ${basename(at)} is a file`;
    }
    if (info !== null) return `cannot be used (${messageOf(info)})`;
    if (dirname(at) === at) return null;
  }
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`parley: ${oneLine(problem)}; run "parley --help" for usage.\n`);
  return 2;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function defaultIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // `npm run parley` runs in the package folder; INIT_CWD is where the user typed the command.
    cwd: (process.env.npm_lifecycle_event === 'parley' && process.env.INIT_CWD) || process.cwd(),
    tty: process.stderr.isTTY === true,
    columns: process.stderr.columns,
  };
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // exitCode rather than exit(): a large JSON on a pipe must be flushed before the process ends.
  process.exitCode = await main(process.argv.slice(2));
}
