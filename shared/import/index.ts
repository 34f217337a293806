/**
 * Importing a transcript: bytes to text (decode.ts), then the convention that recognises the text best
 * reads it into a TranscriptBody. This is the importer's public surface.
 */
import type { ImportResult } from '../model.js';
import { emptyAccount, type Account } from './accounting.js';
import { ConventionRegistry, type ConventionScore, type SourceHints } from './convention.js';
import { decodeSource, normaliseNewlines, type DecodeOptions } from './decode.js';
import { inlineConvention } from './inline.js';
import { labelLineConvention } from './label-line.js';
import { markdownConvention } from './markdown.js';
import { paragraphsConvention } from './paragraphs.js';
import { srtConvention } from './srt.js';
import { timedConvention } from './timed.js';
import { webvttConvention } from './webvtt.js';

export type { Convention, ConventionReading, ConventionScore, SourceHints } from './convention.js';
export type { Account, Consumed, ConsumedKind } from './accounting.js';
export { ConventionRegistry } from './convention.js';
export { decodeSource, MAX_SOURCE_BYTES, type DecodeOptions, type DecodedSource } from './decode.js';

/**
 * Every convention Parley reads, one line each. Order breaks ties between equally sure conventions:
 * the formats that announce themselves first, the plain-paragraphs fallback last.
 */
const registry = new ConventionRegistry([
  webvttConvention,
  srtConvention,
  markdownConvention,
  timedConvention,
  inlineConvention,
  labelLineConvention,
  paragraphsConvention,
]);

export interface ImportOptions {
  /** Read the text as this convention (an id from listConventions) instead of the best detected one. */
  convention?: string;
  /** The source file's name: its extension (.md, .vtt, .srt) helps detection; it never forces a convention. */
  fileName?: string;
}

/** An import result with the account of what its convention consumed as structure (see accounting.ts). */
export interface AccountedImport {
  result: ImportResult;
  account: Account;
}

/**
 * Read a transcript from text. Never throws for any text; throws ParleyError 'bad-request' only when
 * `options.convention` names no convention.
 */
export function importText(text: string, options: ImportOptions = {}): ImportResult {
  return importTextAccounted(text, options).result;
}

/**
 * importText, with the account of the characters the convention consumed as structure rather than
 * content (cue timings, Markdown emphasis): what a check that nothing was lost needs.
 */
export function importTextAccounted(text: string, options: ImportOptions = {}): AccountedImport {
  // Callers may hand over text that did not come through decodeSource (a paste, a test).
  const normal = normaliseNewlines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const hints: SourceHints = options.fileName === undefined ? {} : { fileName: options.fileName };
  let chosen;
  if (options.convention) {
    const convention = registry.get(options.convention);
    chosen = { convention, confidence: registry.confidence(convention, normal, hints) };
  } else {
    chosen = registry.choose(normal, hints);
  }
  const { account, ...result } = chosen.convention.parse(normal, hints);
  return { result: { ...result, confidence: chosen.confidence }, account: account ?? emptyAccount() };
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
export function rankConventions(text: string, options: Pick<ImportOptions, 'fileName'> = {}): ConventionScore[] {
  const hints: SourceHints = options.fileName === undefined ? {} : { fileName: options.fileName };
  return registry.rank(normaliseNewlines(text.startsWith('\uFEFF') ? text.slice(1) : text), hints);
}
