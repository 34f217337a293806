/**
 * Escaping for the markup formats. Transcript text, names, labels and notes are data: every one of
 * them goes through one of these on its way into HTML, XML or Markdown, never around them.
 */

/**
 * Characters XML 1.0 does not allow at all, even escaped (most C0 controls, lone surrogates, U+FFFE/F).
 * A transcript pasted from a PDF can hold them; they are dropped so the file stays well-formed.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Remove what XML cannot hold (see NOT_XML). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Text for XML or HTML element content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Line breaks and tabs in attribute values would be normalised to spaces by parsers: keep them.
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** HTML text or double-quoted attribute value. `&#39;` rather than `&apos;`, which old HTML lacks. */
export function escapeHtml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A valid XML name (NCName) made from any string, for xml:id: letters, digits, '-', '_', '.'; other
 * characters become '_'; a name that would start with a digit, '-' or '.' gets `prefix` in front.
 */
export function ncName(raw: string, prefix: string): string {
  const body = raw.replace(/[^A-Za-z0-9._-]/g, '_');
  return /^[A-Za-z_]/.test(body) ? body : `${prefix}${body}`;
}

/** Hands out distinct NCNames for ids, stable for the same id. */
export class NameBook {
  readonly #byId = new Map<string, string>();
  readonly #used = new Set<string>();

  /** The name for `id` in the namespace `prefix` (two namespaces never clash: each has its own prefix). */
  name(prefix: string, id: string): string {
    const key = `${prefix}\u0000${id}`;
    const known = this.#byId.get(key);
    if (known) return known;
    const base = prefix + ncName(id, '_');
    let name = base;
    for (let n = 2; this.#used.has(name); n++) name = `${base}-${n}`;
    this.#used.add(name);
    this.#byId.set(key, name);
    return name;
  }
}

/**
 * Markdown inline text: the characters that could start emphasis, links, HTML, code, tables or
 * footnotes are escaped, so the text renders as itself and can never become a link or a tag. Only what
 * is needed is escaped, to keep the Markdown readable.
 */
export function escapeMarkdown(text: string): string {
  return xmlSafe(text)
    .replace(/[\\`*_[\]|~=^$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Markdown for a paragraph's start: a line that begins like a heading, quote, list item or code
 * fence would become one; a backslash before the marker keeps it text. Leading spaces (which would
 * make a code block) become a no-break space.
 */
export function escapeMarkdownLineStart(markdown: string): string {
  return markdown
    .replace(/^[ \t]+/, '\u00a0')
    .replace(/^([#+-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
