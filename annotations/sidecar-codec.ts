/**
 * The sidecar's codec: bytes to a checked Sidecar and back. Nothing from disk is trusted: a sidecar
 * is read through its format and version, the zod schema and the cross-references the schema cannot
 * express, and a sidecar is serialised only after the same checks, so Parley never writes one it
 * would refuse to read.
 *
 * It can also split a file laid out as Parley writes it into its head and its annotations' bytes
 * (`splitAnnotations`): the annotations are most of a long transcript's sidecar, and an open can show
 * the text before they are parsed (see SidecarFile.readDeferred).
 */
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import {
  SIDECAR_FORMAT,
  SIDECAR_VERSION,
  SidecarSchema,
  describeSchemaError,
  stringifySidecar,
  type Sidecar,
} from '../shared/sidecar.js';
import type { Annotation } from '../shared/annotation.js';
import { messageOf } from './node-errors.js';
import { refusedToSave } from './sidecar-errors.js';

/**
 * The largest sidecar Parley reads, far above any transcript it is made for (docs/performance.md).
 * A larger file is refused before it is read, so a wrong or damaged one cannot take the memory of
 * the process that would read it.
 */
export const MAX_SIDECAR_BYTES = 256 * 1024 * 1024;

/** The outcome of parsing a sidecar's text: the sidecar, or the sentence that says what is wrong. */
export type Parsed = { ok: true; sidecar: Sidecar } | { ok: false; problem: string };

/**
 * The text a save writes for `data`, after the checks a read makes: ParleyError 'bad-request'
 * (naming the file `name` and the problem) for data that does not fit the format.
 */
export function encodeSidecar(data: Sidecar, name: string): string {
  const broken = checkSidecarReferences(data);
  if (broken) throw refusedToSave(name, broken);
  try {
    return stringifySidecar(data);
  } catch (e) {
    if (e instanceof ZodError) throw refusedToSave(name, describeSchemaError(e));
    throw e;
  }
}

/** The sha256 of bytes, as hex. */
export function sha256Of(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The sha256 of `bytes`, computed on the first call; the bytes are let go once it is. */
export function hashLater(bytes: Uint8Array): () => string {
  let held: Uint8Array | null = bytes;
  let hash = '';
  return () => {
    if (held) {
      hash = sha256Of(held);
      held = null;
    }
    return hash;
  };
}

/** The text of a sidecar's bytes; null when they are not UTF-8. */
function decodeSidecar(bytes: Uint8Array): string | null {
  try {
    // fatal: a sidecar in another encoding must not be silently "repaired" with U+FFFD and then saved.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** A sidecar's bytes parsed and checked whole. */
export function parseSidecarBytes(bytes: Uint8Array): Parsed {
  const text = decodeSidecar(bytes);
  return text === null ? { ok: false, problem: 'is not UTF-8 text' } : parseSidecar(text);
}

function parseSidecar(text: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `is not valid JSON (${messageOf(e)})` };
  }
  return checkSidecar(json);
}

const ANNOTATIONS_MEMBER = Buffer.from('\n  "annotations": ', 'latin1');
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * A sidecar's bytes as everything but its annotations (decoded and parsed) plus the annotations'
 * bytes, when the file is laid out as `stringifySidecar` writes it: pretty-printed by two spaces,
 * annotations the last member. Null otherwise.
 *
 * Why this is sound: JSON strings cannot hold a raw line break, so every line break in the text is
 * layout, and in that layout a line indented by exactly two spaces and starting with a key is a
 * member of the top-level object (the bytes searched are ASCII, and in UTF-8 ASCII bytes are only
 * ever those characters). If the part before that member, closed with "}", decodes and parses as an
 * object without annotations, and the part after it is "[...]" then "}", the whole file is that
 * object plus an "annotations" member holding the array: whether the array decodes and parses
 * decides whether the whole file is valid, as reading it whole would. That holds wherever the
 * member is found, so the first one is taken: in Parley's layout it is the only one, and searching
 * from the start goes through the head only.
 */
export function splitAnnotations(bytes: Buffer): { head: unknown; annotations: Uint8Array } | null {
  const at = bytes.indexOf(ANNOTATIONS_MEMBER);
  if (at < 1 || bytes[at - 1] !== 0x2c /* , */) return null;
  let end = bytes.length;
  while (end > at && JSON_SPACE.has(bytes[end - 1]!)) end--;
  if (bytes[end - 1] !== 0x7d /* } */) return null;
  end--;
  while (end > at && JSON_SPACE.has(bytes[end - 1]!)) end--;
  const start = at + ANNOTATIONS_MEMBER.length;
  if (end - start < 2 || bytes[start] !== 0x5b /* [ */ || bytes[end - 1] !== 0x5d /* ] */) return null;
  const text = decodeSidecar(bytes.subarray(0, at - 1));
  if (text === null) return null;
  let head: unknown;
  try {
    head = JSON.parse(`${text}\n}`);
  } catch {
    return null;
  }
  if (typeof head !== 'object' || head === null || Array.isArray(head) || Object.hasOwn(head, 'annotations')) return null;
  return { head, annotations: bytes.subarray(start, end) };
}

const AnnotationsSchema = SidecarSchema.shape.annotations.unwrap();

/**
 * Annotations left unread by a deferred read, decoded, parsed and checked; null when they are not
 * valid (the whole file is then read, to say what is wrong as a whole read would).
 */
export function parseAnnotations(bytes: Uint8Array): Annotation[] | null {
  const text = decodeSidecar(bytes);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = AnnotationsSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Parsed JSON checked as a sidecar: format and version, the schema, the references. */
export function checkSidecar(json: unknown): Parsed {
  const problem = formatProblem(json);
  if (problem) return { ok: false, problem };
  const parsed = SidecarSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, problem: `does not match the annotations format (${describeSchemaError(parsed.error)})` };
  }
  const broken = checkSidecarReferences(parsed.data);
  if (broken) return { ok: false, problem: `is inconsistent (${broken})` };
  return { ok: true, sidecar: parsed.data };
}

/**
 * The format and version are checked before the schema so that a file from elsewhere, or from a newer
 * Parley, gets a sentence about that rather than a list of missing fields.
 */
function formatProblem(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return 'is not a Parley annotations file (it holds no JSON object)';
  }
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== SIDECAR_FORMAT) {
    return `is not a Parley annotations file (its "format" is ${JSON.stringify(format) ?? 'missing'}, not "${SIDECAR_FORMAT}")`;
  }
  if (typeof version === 'number' && version > SIDECAR_VERSION) {
    return `was written by a newer Parley (format version ${version}; this one reads version ${SIDECAR_VERSION})`;
  }
  if (version !== SIDECAR_VERSION) {
    return `has an unknown format version (${JSON.stringify(version) ?? 'missing'}; this Parley reads version ${SIDECAR_VERSION})`;
  }
  return null;
}

/**
 * What the schema cannot say: ids are unique and every turn names a speaker that exists. The editor
 * relies on both, so a sidecar that breaks them is refused on read and never written.
 * Returns a description of the first problem, or null.
 */
export function checkSidecarReferences(body: Pick<Sidecar, 'speakers' | 'turns'>): string | null {
  const speakers = new Set<string>();
  for (const s of body.speakers) {
    if (speakers.has(s.id)) return `two speakers have the id "${s.id}"`;
    speakers.add(s.id);
  }
  const turns = new Set<string>();
  for (const [i, t] of body.turns.entries()) {
    if (turns.has(t.id)) return `two turns have the id "${t.id}"`;
    turns.add(t.id);
    if (t.speaker !== null && !speakers.has(t.speaker)) {
      return `turns.${i} names the speaker "${t.speaker}", who is not in the speaker list`;
    }
  }
  return null;
}

