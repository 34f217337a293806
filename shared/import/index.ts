/**
 * Importing a transcript: bytes to text (decode.ts), then the convention that recognises the text best
 * reads it into a TranscriptBody. This is the importer's public surface.
 */
import type { ImportResult } from '../model.js';
import { ConventionRegistry, type ConventionScore } from './convention.js';
import { decodeSource, normaliseNewlines, type DecodeOptions } from './decode.js';
import { labelLineConvention } from './label-line.js';
import { paragraphsConvention } from './paragraphs.js';

export type { Convention, ConventionScore } from './convention.js';
export { ConventionRegistry } from './convention.js';
export { decodeSource, MAX_SOURCE_BYTES, type DecodeOptions, type DecodedSource } from './decode.js';

/**
 * Every convention Parley reads, one line each. Order breaks ties between equally sure conventions;
 * the plain-paragraphs fallback comes last.
 */
const registry = new ConventionRegistry([labelLineConvention, paragraphsConvention]);

export interface ImportOptions {
  /** Read the text as this convention (an id from listConventions) instead of the best detected one. */
  convention?: string;
}

/**
 * Read a transcript from text. Never throws for any text; throws ParleyError 'bad-request' only when
 * `options.convention` names no convention.
 */
export function importText(text: string, options: ImportOptions = {}): ImportResult {
  // Callers may hand over text that did not come through decodeSource (a paste, a test).
  const normal = normaliseNewlines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const convention = options.convention ? registry.get(options.convention) : registry.best(normal);
  return convention.parse(normal);
}

/**
 * Read a transcript from a file's bytes: decode, then importText. Decoding warnings come first.
 * @throws ParleyError ('too-large', 'empty', 'binary', 'encoding', 'bad-request'); never anything else.
 */
export function importBytes(bytes: Uint8Array, options: ImportOptions & DecodeOptions = {}): ImportResult {
  const decoded = decodeSource(bytes, options);
  const result = importText(decoded.text, options);
  return { ...result, warnings: [...decoded.warnings, ...result.warnings] };
}

/** The conventions Parley knows, by id and name, for a "read as ..." choice. */
export function listConventions(): { id: string; label: string }[] {
  return registry.list();
}

/** How sure each convention is about a text, most sure first. */
export function rankConventions(text: string): ConventionScore[] {
  return registry.rank(normaliseNewlines(text));
}
