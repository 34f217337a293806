/**
 * The process the crash harness kills: it saves crash sidecars one after another through SidecarFile,
 * exactly as Parley saves, and prints a line after each save has resolved (written synchronously to
 * the pipe, so a line printed is a line the harness reads, even if the process is killed at once).
 *
 *   node --import tsx test/crash/writer.ts <sidecar path> <start> <read|blind> [count]
 *
 * `read`: start after the save number found in the sidecar (SidecarFile.read, as opening does);
 * `blind`: start after <start> without reading, so the first save must check the file it replaces.
 * Without `count` it saves until it is killed.
 *
 * Prints `ready <pid> <seq>` once, then `ack <seq> <milliseconds>` per save.
 */
import { writeSync } from 'node:fs';
import { SidecarFile } from '../../annotations/sidecar-file.js';
import { crashSidecar, seqOf } from './data.js';

const [path, startArg, mode, countArg] = process.argv.slice(2);
if (!path || !startArg || (mode !== 'read' && mode !== 'blind')) {
  process.stderr.write('usage: writer.ts <sidecar path> <start> <read|blind> [count]\n');
  process.exit(2);
}

const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

const file = new SidecarFile(path);
let seq = Number(startArg);
if (mode === 'read') {
  const found = await file.read();
  seq = found ? seqOf(found) : 0;
}
say(`ready ${process.pid} ${seq}`);
const count = countArg === undefined ? Infinity : Number(countArg);
for (let i = 0; i < count; i++) {
  seq += 1;
  const started = performance.now();
  await file.write(crashSidecar(seq));
  say(`ack ${seq} ${(performance.now() - started).toFixed(3)}`);
}
