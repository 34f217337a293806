/**
 * Shared by the bad-input and fuzz tests: the inputs a user (or a hostile page) can hand Parley that
 * are not transcripts, and a snapshot of a folder that shows whether anything at all was written.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { ParleyErrorCode } from '../../shared/errors.js';

/** Files above this size are fingerprinted by size and times instead of hashed (a write moves ctime). */
const HASH_LIMIT = 1024 * 1024;

/**
 * Every entry below `dir` (files, folders, links), with a file's sha256, or for a large file its size
 * and change time. Two equal snapshots mean nothing was created, removed, renamed or written there.
 */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      const key = relative(dir, path);
      if (e.isDirectory()) {
        out[key + '/'] = 'folder';
        await walk(path);
      } else if (e.isFile()) {
        const info = await stat(path);
        out[key] =
          info.size > HASH_LIMIT
            ? `size ${info.size}, changed ${info.ctimeMs}`
            : createHash('sha256').update(await readFile(path)).digest('hex');
      } else {
        out[key] = 'other';
      }
    }
  };
  await walk(dir);
  return out;
}

/** A file of `size` bytes that takes no room on disk: a hole, read back as zeros. */
export async function sparseFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
}

/** Bytes that look like nothing: a seeded generator, so every run sees the same noise. */
export function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  // Random bytes hold a NUL now and then; make sure, the way a real binary file does, early on.
  out[3] = 0;
  return out;
}

/** The first bytes of a PNG image, then its header chunk and zeros. */
export const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0,
  ...new Uint8Array(200),
]);

/** A transcript Parley reads without complaint, small enough to import in a millisecond. */
export const GOOD_TRANSCRIPT =
  'Moderator\nWelcome to the panel on harbour safety.\n\nDr. Lena Fischer\nThank you. We counted 40 ferries last year.\n\n' +
  'Moderator\nAnd this year?\n\nDr. Lena Fischer\nFewer, because the harbour was closed in May.\n';

/** One input that is not a transcript, and what Parley must say about it. */
export interface BadInput {
  /** What a person would call it. */
  what: string;
  /** Its name in the folder (for `missing`, the name of nothing). */
  name: string;
  /** The ParleyError code the app gives it. */
  code: ParleyErrorCode;
  /** The sentence the app and the CLI show, as a pattern (the folder's path varies). */
  message: RegExp;
}

/** 60 MB: above the 50 MB Parley opens. */
export const SIXTY_MB = 60 * 1024 * 1024;
/** 3 GiB: more than Node can read into one buffer, so only a size check made before reading can refuse it by size. */
export const THREE_GB = 3 * 1024 * 1024 * 1024;

const BINARY = /^The file is not plain text \(it looks like a document, image or other binary file\); save the transcript as plain text \(\.txt\) and open that\.$/;

/** The inputs, in the order the tests report them. */
export const BAD_INPUTS: readonly BadInput[] = [
  { what: 'a missing file', name: 'missing.txt', code: 'not-found', message: /^No file at \/.*\/missing\.txt; check the path\.$/ },
  { what: 'a folder', name: 'chapter', code: 'not-a-file', message: /^\/.*\/chapter is a folder, not a file; choose a transcript inside it\.$/ },
  { what: 'a PNG image', name: 'photo.png', code: 'binary', message: BINARY },
  { what: 'random bytes with NULs', name: 'noise.txt', code: 'binary', message: BINARY },
  {
    what: 'a damaged Word document',
    name: 'report.docx',
    code: 'binary',
    message: /^The Word document could not be read \(it may be damaged, password-protected or not really a \.docx\); open it in Word and save it again, or save the transcript as plain text\.$/,
  },
  { what: 'an empty file', name: 'empty.txt', code: 'empty', message: /^The file is empty; open a file that holds the transcript text\.$/ },
  { what: 'a file of blank lines', name: 'blank.txt', code: 'empty', message: /^The file holds only blank space; open a file that holds the transcript text\.$/ },
  {
    what: 'a 60 MB file',
    name: 'huge.txt',
    code: 'too-large',
    message: /^"huge\.txt" is 60 MB; Parley opens transcripts up to 50 MB\. Split it, or open a part of it\.$/,
  },
  {
    what: 'a 3 GB file',
    name: 'giant.txt',
    code: 'too-large',
    message: /^"giant\.txt" is 3\.0 GB; Parley opens transcripts up to 50 MB\. Split it, or open a part of it\.$/,
  },
];

/** Write every bad input into `dir` (the missing one excepted). */
export async function writeBadInputs(dir: string): Promise<void> {
  await mkdir(join(dir, 'chapter'));
  // A folder with no transcript in it: what `export` walks and finds nothing to export in.
  await writeFile(join(dir, 'chapter', 'cover.png'), PNG);
  await writeFile(join(dir, 'photo.png'), PNG);
  await writeFile(join(dir, 'noise.txt'), noise(4096));
  await writeFile(join(dir, 'report.docx'), Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...noise(2000, 7)]));
  await writeFile(join(dir, 'empty.txt'), '');
  await writeFile(join(dir, 'blank.txt'), '  \n\n\t \r\n   \n');
  await sparseFile(join(dir, 'huge.txt'), SIXTY_MB);
  await sparseFile(join(dir, 'giant.txt'), THREE_GB);
}

/** True when a text holds a line of a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[(:]\d+|\bat (async )?[\w.<>]+ \(/m.test(text) || /node:internal|\.ts:\d+:\d+/.test(text);
}

// ---------------------------------------------------------------------------------------------
// Damage: to bytes, and to JSON
// ---------------------------------------------------------------------------------------------

/** Ways a file gets damaged: a byte overwritten, cut short, bytes inserted, a stretch dropped. */
export type Damage =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'drop'; at: number; length: number };

export const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
);

/** `original` with the damages done in order (positions wrap around the length). */
export function damaged(original: Uint8Array, damages: readonly Damage[]): Uint8Array {
  let bytes = Uint8Array.from(original);
  for (const d of damages) {
    const at = bytes.length ? d.at % bytes.length : 0;
    if (d.kind === 'set') bytes[at] = d.byte;
    else if (d.kind === 'cut') bytes = bytes.slice(0, at);
    else if (d.kind === 'insert') bytes = Uint8Array.from([...bytes.slice(0, at), ...d.bytes, ...bytes.slice(at)]);
    else bytes = Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + d.length)]);
  }
  return bytes;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys that mean something to JavaScript objects, which a hostile file or request would try. */
export const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', ''] as const;

/**
 * One edit of a JSON value at the place `pick` chooses (every value in it is a place): replace it,
 * delete it, duplicate it (in an array: the same id twice), copy another place's value over it, change
 * its type, or add a tricky key beside it.
 */
export type JsonEdit =
  | { op: 'replace'; pick: number; value: Json }
  | { op: 'delete'; pick: number }
  | { op: 'duplicate'; pick: number }
  | { op: 'copy'; pick: number; from: number }
  | { op: 'retype'; pick: number }
  | { op: 'trick'; pick: number; key: string; value: Json };

const smallJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, '', ' ', '\u0000', 'x'.repeat(10_000), [], {}, null, true),
);

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), value: smallJson }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('copy' as const), pick: fc.nat(), from: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('trick' as const), pick: fc.nat(), key: fc.constantFrom(...TRICKY_KEYS), value: smallJson }),
);

type Slot = { parent: Json[] | { [key: string]: Json }; key: string | number };

function slots(value: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push({ parent: v, key: i });
        walk(item);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        out.push({ parent: v, key });
        walk(v[key] ?? null);
      }
    }
  };
  walk(value);
  return out;
}

/** An own property even for "__proto__", which plain assignment would take as the prototype. */
function put(parent: Slot['parent'], key: string | number, value: Json): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function get(slot: Slot): Json {
  return (slot.parent as Record<string | number, Json>)[slot.key] ?? null;
}

function retyped(v: Json): Json {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return {};
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  return Object.values(v);
}

/** A copy of `value` with the edits made in order. */
export function edited(value: Json, edits: readonly JsonEdit[]): Json {
  const root: Json[] = [structuredClone(value)];
  for (const e of edits) {
    const all = [{ parent: root, key: 0 } as Slot, ...slots(root[0] ?? null)];
    const slot = all[e.pick % all.length];
    if (!slot) continue;
    const { parent, key } = slot;
    if (e.op === 'replace') put(parent, key, e.value);
    else if (e.op === 'retype') put(parent, key, retyped(get(slot)));
    else if (e.op === 'copy') put(parent, key, structuredClone(get(all[e.from % all.length] ?? slot)));
    else if (e.op === 'delete') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else if (parent !== root) delete (parent as Record<string, Json>)[key];
    } else if (e.op === 'duplicate') {
      if (Array.isArray(parent) && typeof key === 'number' && parent !== root) parent.splice(key, 0, structuredClone(get(slot)));
    } else {
      const target = get(slot);
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) put(target, e.key, e.value);
    }
  }
  return root[0] ?? null;
}
