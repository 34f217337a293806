/**
 * Character references (`&amp;`, `&#8217;`, `&nbsp;`) as caption files and Markdown write them. They are
 * read as the characters they stand for; the reference is consumed and the character recorded as
 * produced, so the nothing-lost account still adds up.
 */
import type { Consumer } from './accounting.js';

const NAMED = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00A0'], ['lrm', '\u200E'],
  ['rlm', '\u200F'], ['hellip', '…'], ['mdash', '—'], ['ndash', '–'], ['lsquo', '‘'], ['rsquo', '’'],
  ['ldquo', '“'], ['rdquo', '”'], ['laquo', '«'], ['raquo', '»'], ['copy', '©'], ['reg', '®'], ['trade', '™'],
  ['eacute', 'é'], ['egrave', 'è'], ['agrave', 'à'], ['ccedil', 'ç'], ['uuml', 'ü'], ['ouml', 'ö'], ['auml', 'ä'],
  ['szlig', 'ß'], ['ntilde', 'ñ'], ['deg', '°'], ['euro', '€'], ['pound', '£'], ['shy', '\u00AD'],
]);

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g;

/** The text with its character references decoded, each recorded as consumed and produced. */
export function decodeEntities(text: string, builder: Consumer): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    const char = referenced(dec, hex, name);
    if (char === null) return whole;
    builder.consume('entity', whole);
    builder.produce(char);
    return char;
  });
}

function referenced(dec: string | undefined, hex: string | undefined, name: string | undefined): string | null {
  if (name !== undefined) return NAMED.get(name) ?? null;
  const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
  // Surrogates and NUL are not characters a file can mean; leave such a reference as written.
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return String.fromCodePoint(code);
}
