/**
 * The world the API fuzzers call into: a served folder with good transcripts, a sidecar, a broken
 * sidecar, and every bad input; documents open writable and read-only; and generators of requests
 * for every method of the contract, derived from API_METHOD_NAMES and each method's argument schema,
 * so a method added later is fuzzed without anyone touching this file.
 *
 * Requests mix what a renderer would send (real file ids, document ids, bodies, paths) with what no
 * renderer would (wrong types, unknown ids, edited bodies, paths outside, tricky keys), so that both
 * the refusals and the methods' own code are reached.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { z } from 'zod';
import { API_METHOD_NAMES } from '../../shared/api-methods.js';
import { apiSchema, OpenResultSchema } from '../../shared/api.js';
import { EXPORT_FORMAT_IDS } from '../../shared/export/index.js';
import { listConventions } from '../../shared/import/index.js';
import { TranscriptBodySchema } from '../../shared/model.js';
import { makeDocx } from '../import/docx-builder.js';
import { hasStackTrace, BAD_INPUTS, GOOD_TRANSCRIPT, PNG, TRICKY_KEYS, edited, jsonEdit, noise, snapshot, writeBadInputs, type Json, type JsonEdit } from './helpers.js';

/**
 * Methods that write on success with valid arguments, and where: their successful calls may change
 * the folders, so the no-write check skips them (a refused call of any method must still write
 * nothing). A method added later is assumed not to write until it is named here.
 */
export const WRITERS: ReadonlySet<string> = new Set([
  'save', // the sidecar, and the folder's codebook
  'importFile', // the sidecar of a file that has none
  'upload', // the uploaded file, in the upload folder
  'reimport', // renames the sidecar to a backup
  'saveDraft', // a draft in the drafts folder
  'discardDraft', // removes that draft
  'restoreDraft', // reopens from the draft (and may remove it)
  'restoreBackup', // moves a corrupt sidecar aside and puts its .bak back
]);

/** The error codes a refusal may carry: ParleyError's, plus the transports' own. */
export const ERROR_CODE = /^[a-z]+(-[a-z]+)*$/;

const GOOD_TIMED = '[00:00:01] Jane Doe: Hello and welcome.\n[00:00:05] Sam Lee: Thank you, Jane.\n[00:00:09] Jane Doe: Shall we begin?\n';

/** The served folder and everything around it. */
export interface World {
  /** Holds everything the API may touch: root, uploads, drafts, a file outside the root. */
  base: string;
  root: string;
  uploadDir: string;
  draftsDir: string;
  /** File ids handed out by listFiles. */
  fileIds: string[];
  /** Those of the transcripts that open without complaint. */
  goodFileIds: string[];
  /** Documents open now: writable, from a sidecar, read-only. */
  docIds: string[];
  /** Bodies of open documents, as JSON, to send back edited or as they are. */
  bodies: Json[];
  /** Speaker ids and topic ids seen in those bodies, for export options and speaker names. */
  speakerIds: string[];
  topicIds: string[];
  /** Paths a user could type: every file here, relative and absolute, and some that lead out. */
  paths: string[];
}

/** Files of the served folder, written afresh by `fill`. */
async function fill(world: Pick<World, 'base' | 'root'>): Promise<void> {
  await mkdir(world.root, { recursive: true });
  await writeBadInputs(world.root);
  await writeFile(join(world.root, 'talk.txt'), GOOD_TRANSCRIPT);
  await writeFile(join(world.root, 'talk.docx'), makeDocx(GOOD_TRANSCRIPT.split('\n').filter(Boolean)));
  await writeFile(join(world.root, 'timed.txt'), GOOD_TIMED);
  await writeFile(join(world.root, 'saved.txt'), GOOD_TRANSCRIPT.replace('harbour', 'port'));
  await writeFile(join(world.root, 'broken.txt'), GOOD_TRANSCRIPT);
  await writeFile(join(world.root, 'broken.txt.annotations.json'), '{"format": "parley-annotations", "version": 1, "turns": ');
  await mkdir(join(world.root, 'sub'));
  await writeFile(join(world.root, 'sub', 'inner.md'), '---\ntitle: Inner\n---\n**Host:** Welcome.\n\n**Guest:** Thanks.\n');
  await writeFile(join(world.root, 'sub', 'parley.codebook.json'), '{ this is not a codebook');
  await writeFile(join(world.base, 'outside.txt'), GOOD_TRANSCRIPT);
}

/** Something that calls the API the way a transport does, and says what came back. */
export type Call = (method: string, args: unknown) => Promise<Outcome>;
export type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/**
 * Make (or make again, after a writer changed it) the world: fill the folder, save one sidecar, and
 * open a document of each kind through `call`.
 */
export async function buildWorld(base: string, call: Call, previous?: World): Promise<World> {
  const root = join(base, 'served');
  if (previous) {
    for (const docId of previous.docIds) await call('close', { docId });
    await rm(root, { recursive: true, force: true });
    await rm(previous.uploadDir, { recursive: true, force: true });
    await rm(previous.draftsDir, { recursive: true, force: true });
  }
  const world: World = {
    base,
    root,
    uploadDir: join(base, 'uploads'),
    draftsDir: join(base, 'drafts'),
    fileIds: [],
    goodFileIds: [],
    docIds: [],
    bodies: [],
    speakerIds: [],
    topicIds: [],
    paths: [],
  };
  await fill(world);
  const listed = await call('listFiles', {});
  if (!listed.ok) throw new Error(`listFiles failed: ${listed.message}`);
  const files = z.array(z.object({ id: z.string(), name: z.string() })).parse(listed.value);
  world.fileIds = files.map((f) => f.id);
  const idOf = (name: string) => files.find((f) => f.name === name)?.id ?? '';
  world.goodFileIds = ['talk.txt', 'talk.docx', 'timed.txt', 'saved.txt', 'inner.md'].map(idOf);
  const open = async (name: string) => {
    const opened = await call('openFile', { fileId: idOf(name) });
    if (!opened.ok) throw new Error(`openFile ${name} failed: ${opened.message}`);
    return OpenResultSchema.parse(opened.value);
  };
  // saved.txt gets its sidecar now; then it is opened from it.
  const first = await open('saved.txt');
  const saved = await call('save', { docId: first.docId, body: first.body });
  if (!saved.ok) throw new Error(`save failed: ${saved.message}`);
  await call('close', { docId: first.docId });
  for (const name of ['talk.txt', 'talk.docx', 'timed.txt', 'saved.txt', 'broken.txt']) {
    const opened = await open(name);
    world.docIds.push(opened.docId);
    world.bodies.push(JSON.parse(JSON.stringify(opened.body)) as Json);
    world.speakerIds.push(...opened.body.speakers.map((s) => s.id));
    world.topicIds.push(...(opened.body.codebook?.topics.map((t) => t.id) ?? []));
  }
  const names = [...BAD_INPUTS.map((b) => b.name), 'talk.txt', 'talk.docx', 'timed.txt', 'saved.txt', 'broken.txt', 'broken.txt.annotations.json', 'sub', 'sub/inner.md'];
  world.paths = [...names, ...names.map((n) => join(root, n)), '../outside.txt', join(base, 'outside.txt'), '/etc/passwd', '.', '..', 'sub/../talk.txt', 'talk.txt\0.png', '~/talk.txt'];
  return world;
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

const CONVENTIONS = listConventions().map((c) => c.id);

/** Strings people and pages send: ordinary, empty, long, with NUL, separators and markup. */
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\0', '../../etc/passwd', 'con', 'NUL.txt', '.', '..', '<script>alert(1)</script>', 'x'.repeat(5000), ...TRICKY_KEYS),
);

/** Any JSON, with tricky keys now and then. */
export const anyJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TRICKY_KEYS), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>).map(([k, v]) => edited({}, [{ op: 'trick', pick: 0, key: k, value: v }])) },
);

/** Base64 of what may be uploaded: bad files, a good one, broken encodings. */
const uploadContent = fc.oneof(
  fc.constantFrom(new Uint8Array(), PNG, noise(300), new TextEncoder().encode(' \n \n'), new TextEncoder().encode(GOOD_TRANSCRIPT)).map((b) => Buffer.from(b).toString('base64')),
  fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('base64')),
  fc.constantFrom('not base64!', 'QQ=', 'Q', '====', 'A'.repeat(4001), 'a b c d'),
  anyString,
);

/**
 * A value of the world, named by kind and a number: resolved when the call is made, since the world
 * changes (documents are opened and closed, writers change files) while the requests stay the same.
 */
export class Ref {
  constructor(
    readonly kind: 'fileId' | 'goodFileId' | 'docId' | 'path' | 'body' | 'id',
    readonly index: number,
    readonly edits: readonly JsonEdit[] = [],
    /** For a body: keep only the edits after which it still fits the contract, so that it gets past validation. */
    readonly keepValid = false,
  ) {}
}

/** `body` with those of the edits made after which it is still a TranscriptBody. */
function validlyEdited(body: Json, edits: readonly JsonEdit[]): Json {
  let current = body;
  for (const e of edits) {
    const next = edited(current, [e]);
    if (TranscriptBodySchema.safeParse(next).success) current = next;
  }
  return current;
}

/** `value` with every Ref in it replaced by what it names in `world` now. */
export function resolve(value: unknown, world: World): unknown {
  if (value instanceof Ref) {
    const pick = <T>(items: readonly T[]): T | string => items[value.index % Math.max(1, items.length)] ?? 'nothing-here';
    switch (value.kind) {
      case 'fileId':
        return pick(world.fileIds);
      case 'goodFileId':
        return pick(world.goodFileIds);
      case 'docId':
        return pick(world.docIds);
      case 'path':
        return pick(world.paths);
      case 'id':
        return pick([...world.speakerIds, ...world.topicIds]);
      case 'body':
        return value.keepValid ? validlyEdited(pick(world.bodies), value.edits) : edited(pick(world.bodies), value.edits);
    }
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, world));
  // fast-check makes records with a null prototype now and then: plain objects too.
  const proto: unknown = value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (value !== null && typeof value === 'object' && (proto === Object.prototype || proto === null)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: resolve(v, world), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

const ref = (kind: Ref['kind']) => fc.nat().map((i) => new Ref(kind, i));
const realOr = (kind: Ref['kind']) => fc.oneof({ weight: 3, arbitrary: ref(kind) }, { weight: 1, arbitrary: anyString });
const oneOf = (items: readonly string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...items) }, { weight: 1, arbitrary: anyString });

/** Bodies: as opened, edited into nonsense the schema refuses, edited within the schema (ids twice, spans past the text), anything. */
export const body = fc.oneof(
  { weight: 2, arbitrary: ref('body') },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), fc.array(jsonEdit, { minLength: 1, maxLength: 4 })).map(([i, e]) => new Ref('body', i, e)) },
  { weight: 3, arbitrary: fc.tuple(fc.nat(), fc.array(jsonEdit, { minLength: 1, maxLength: 8 })).map(([i, e]) => new Ref('body', i, e, true)) },
  { weight: 1, arbitrary: anyJson },
);
const ids = fc.array(realOr('id'), { maxLength: 4 });
export const exportOptions = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { kinds: fc.subarray(['topic', 'claim', 'note']), topics: ids, speakers: ids, text: fc.constantFrom('corrected', 'source'), bom: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kinds: fc.array(fc.constantFrom('topic', 'other')), text: fc.constantFrom('other', 1) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: anyJson },
);

/** A value for an argument, by its name: what a renderer would send, and what it would not. */
function valueFor(key: string): fc.Arbitrary<unknown> {
  switch (key) {
    case 'fileId':
      return fc.oneof({ weight: 2, arbitrary: ref('goodFileId') }, { weight: 2, arbitrary: ref('fileId') }, { weight: 1, arbitrary: anyString });
    case 'docId':
      return realOr('docId');
    case 'path':
      return realOr('path');
    case 'body':
      return body;
    case 'format':
      return oneOf(EXPORT_FORMAT_IDS);
    case 'convention':
      return oneOf(CONVENTIONS);
    case 'options':
      return exportOptions;
    case 'choices':
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc.record(
            { convention: oneOf(CONVENTIONS), speakerNames: fc.dictionary(fc.oneof(fc.constantFrom('moderator', 'lena-fischer', 'jane-doe'), anyString), fc.string({ minLength: 1, maxLength: 30 }), { maxKeys: 3 }) },
            { requiredKeys: [] },
          ),
        },
        { weight: 1, arbitrary: anyJson },
      );
    case 'name':
      return fc.oneof(fc.constantFrom(...BAD_INPUTS.map((b) => b.name), 'talk.txt', 'talk.txt.annotations.json'), anyString);
    case 'base64':
      return uploadContent;
    case 'force':
    case 'deferAnnotations':
      return fc.oneof({ weight: 3, arbitrary: fc.boolean() }, { weight: 1, arbitrary: anyJson });
    case 'client':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom('window-1', 'window-2') }, { weight: 1, arbitrary: anyString });
    default:
      // A name added to the contract later: plausible strings mostly, anything now and then.
      return fc.oneof({ weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) }, { weight: 1, arbitrary: anyString }, { weight: 1, arbitrary: anyJson });
  }
}

/** The argument names a method's schema declares (none for a schema that is not an object). */
function argumentNames(method: string): string[] {
  const contract = (apiSchema as Record<string, { args: z.ZodType } | undefined>)[method];
  return contract?.args instanceof z.ZodObject ? Object.keys(contract.args.shape) : [];
}

/** Method names: every one of the contract, and names that are none. */
export const methodName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...API_METHOD_NAMES) },
  { weight: 1, arbitrary: fc.oneof(anyString, fc.constantFrom('dispatch', 'openFile ', 'OPENFILE', 'listfiles', '__proto__/x')) },
);

/** Arguments for `method`: its declared names with values as above (some left out, some extra), or anything. */
export function argsFor(method: string): fc.Arbitrary<unknown> {
  const names = argumentNames(method);
  const shape: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(names.map((n) => [n, valueFor(n)]));
  const declared = fc.record(shape);
  const some = fc.record(shape, { requiredKeys: [] });
  const withExtra = fc.tuple(declared, fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...TRICKY_KEYS)), anyJson, { maxKeys: 2 })).map(([d, extra]) => {
    const out: Record<string, unknown> = { ...d };
    for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
  return fc.oneof({ weight: 6, arbitrary: declared }, { weight: 2, arbitrary: some }, { weight: 1, arbitrary: withExtra }, { weight: 1, arbitrary: anyJson });
}

/** A request: a method name and arguments for it (with Refs to resolve against the world). */
export const request: fc.Arbitrary<{ method: string; args: unknown }> = methodName.chain((method) => argsFor(method).map((args) => ({ method, args })));

// ---------------------------------------------------------------------------------------------
// The property every call must keep
// ---------------------------------------------------------------------------------------------

/** Tallies of what the fuzzer reached, so a run that only ever hit refusals is noticed. */
export interface Tally {
  calls: Map<string, number>;
  successes: Map<string, number>;
}

export function newTally(): Tally {
  return { calls: new Map(), successes: new Map() };
}

/**
 * Make one call and check it: a refusal is a clear sentence (no stack, no "internal error"), and
 * nothing on disk changed unless a writer succeeded. Returns true when the world changed.
 */
export async function checkedCall(call: Call, world: World, method: string, args: unknown, tally: Tally): Promise<boolean> {
  const before = await snapshot(world.base);
  const outcome = await call(method, args);
  tally.calls.set(method, (tally.calls.get(method) ?? 0) + 1);
  if (outcome.ok) {
    tally.successes.set(method, (tally.successes.get(method) ?? 0) + 1);
    if (WRITERS.has(method)) return true;
  } else {
    const what = `${method}(${inspect(args, { depth: 4 }).slice(0, 300)}) -> ${outcome.code}: ${outcome.message}`;
    if (outcome.code === 'internal' || hasStackTrace(outcome.message) || !ERROR_CODE.test(outcome.code) || outcome.message.trim() === '') {
      throw new Error(`not a clear refusal: ${what}`);
    }
  }
  const after = await snapshot(world.base);
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    throw new Error(`${method} ${outcome.ok ? 'succeeded' : `was refused (${outcome.message})`} and changed the folder:\n${diff(before, after)}`);
  }
  return false;
}

function diff(before: Record<string, string>, after: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => before[k] !== after[k])
    .map((k) => `  ${k}: ${before[k] ?? '(none)'} -> ${after[k] ?? '(none)'}`)
    .join('\n');
}
