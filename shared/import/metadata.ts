/**
 * Metadata paragraphs: the lines above a transcript that say who took part, when and where
 * ("Speakers included ...; Moderated by ...", "Date: 4 February 2026"). They describe the event rather
 * than record it, so they go to the body's metadata, not into a turn.
 */

interface MetadataPattern {
  pattern: RegExp;
  /** The metadata key, fixed or taken from the match. */
  key: string | ((match: RegExpMatchArray) => string);
}

/** Patterns for the start of a metadata paragraph. Each needs a colon or a verb, so speech rarely matches. */
const PATTERNS: readonly MetadataPattern[] = [
  { pattern: /^speakers?\s+(?:included|includes|include|were|are)\b/iu, key: 'speakers' },
  { pattern: /^(?:speakers?|panel|panell?ists?)\s*:/iu, key: 'speakers' },
  { pattern: /^participants?\s*(?::|\s+(?:included|includes|include|were|are)\b)/iu, key: 'participants' },
  { pattern: /^(?:moderated|chaired|hosted)\s+by\b/iu, key: 'moderator' },
  { pattern: /^(?:moderator|chair|host)\s*:/iu, key: 'moderator' },
  {
    pattern: /^(date|time|location|place|venue|event|source)\s*:/iu,
    key: (m) => (m[1] ?? 'other').toLowerCase(),
  },
];

/** Metadata is a line or two; a long paragraph that happens to start this way is speech. */
const MAX_METADATA_CHARS = 1000;

/** The metadata key a paragraph belongs under ("speakers", "date", ...), or null when it is not metadata. */
export function metadataKey(paragraph: string): string | null {
  const text = paragraph.trim();
  if (text.length > MAX_METADATA_CHARS) return null;
  for (const { pattern, key } of PATTERNS) {
    const match = text.match(pattern);
    if (match) return typeof key === 'string' ? key : key(match);
  }
  return null;
}
