/**
 * `parley`: the command line. For now one command, `inspect`, which shows a transcript as Parley sees
 * it (from its sidecar when there is a valid one, else freshly imported) and never writes a file.
 *
 *   npm run parley -- inspect FILE [--json]
 */
import { realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isParleyError } from '../shared/errors.js';
import { inspectSummary, inspectView } from '../shared/inspect.js';
import { DocumentService } from './document-service.js';

/** The text of `parley --help`. */
export const USAGE = `Usage: parley inspect FILE [--json]

Show a transcript as Parley sees it: from its annotations file (FILE.annotations.json) when there is
a valid one, otherwise freshly imported. Never writes a file.

Options:
  --json      print one JSON object: {format, metadata, speakers, turns, warnings}
  -h, --help  show this help
`;

/** Where the command writes; tests and embedders can capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The folder relative paths are resolved against. */
  cwd: string;
}

/** Run the CLI with the arguments after the script name. Returns the exit code: 0, 1 for errors, 2 for usage. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (e) {
    return usageError(io, e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) return usageError(io, 'no command given');
  if (command !== 'inspect') return usageError(io, `unknown command "${command}"`);
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
    const message = isParleyError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    io.stderr(`parley: ${oneLine(message)}\n`);
    return 1;
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
