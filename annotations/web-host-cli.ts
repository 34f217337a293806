/**
 * `npm run web -- [PATH...]`: start the browser host. Serves the given files and folders (the current
 * folder when none is given) and prints the address to open, token included.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { messageOf } from '../shared/errors.js';
import { warmUpSidecarChecks } from './sidecar-file.js';
import { startWebHost } from './web-host.js';

const USAGE = `Usage: npm run web -- [PATH...] [--port N] [--upload-dir DIR]

Serve Parley in the browser on 127.0.0.1. Each PATH (a folder or a file) is what Parley may open;
with none, the current folder.

Options:
  --port N          listen on port N (default: a free port)
  --upload-dir DIR  where uploaded files and their annotations are kept
  -h, --help        show this help
`;

/** Per-user data folder for uploads, so their annotations outlive a reboot (unlike the temp folder). */
function defaultUploadDir(): string {
  if (process.env.PARLEY_UPLOAD_DIR) return process.env.PARLEY_UPLOAD_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Parley', 'uploads');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Parley', 'uploads');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'parley', 'uploads');
}

async function run(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: 'string' },
        'upload-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    process.stderr.write(`parley web: ${messageOf(e)}; see --help.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`parley web: --port needs a number from 0 to 65535, not "${values.port}".\n`);
    return 2;
  }
  // `npm run web` runs in the package folder; INIT_CWD is where the user typed the command.
  const cwd = (process.env.npm_lifecycle_event === 'web' && process.env.INIT_CWD) || process.cwd();
  const roots = (positionals.length ? positionals : ['.']).map((p) => resolve(cwd, p));
  const rendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stderr.write(`parley web: the renderer is not built (no ${rendererDir}/index.html); run "npm run build" first.\n`);
    return 1;
  }
  const uploadDir = values['upload-dir'] ? resolve(cwd, values['upload-dir']) : defaultUploadDir();

  let host;
  try {
    host = await startWebHost({ roots, rendererDir, uploadDir, port });
  } catch (e) {
    process.stderr.write(`parley web: ${messageOf(e)}\n`);
    return 1;
  }
  process.stdout.write(
    `Parley is running at ${host.url}\n` +
      `Serving:\n${roots.map((r) => `  ${r}`).join('\n')}\n` +
      `Uploads go to ${uploadDir}\n` +
      'Press Ctrl+C to stop.\n',
  );
  const stop = () => {
    void host.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // While the user opens the page: the first open then does not compile the checks (see there).
  setImmediate(warmUpSidecarChecks);
  return 0;
}

const code = await run();
if (code !== 0) process.exitCode = code;
