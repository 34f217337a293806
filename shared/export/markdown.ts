/**
 * Markdown: a heading, the metadata, then each turn with its speaker in bold (and its time where
 * known) and its paragraphs; annotated text is highlighted with `<mark>` and followed by a footnote
 * reference, and the footnotes say what each annotation is. Overlapping annotations are cut into
 * segments: a highlight runs on across them and each annotation's footnote reference stands where it ends.
 *
 * Everything from the transcript is escaped (escape.ts), so a CMS that renders the Markdown shows the
 * text as text: no link, tag or emphasis can come from the transcript.
 */
import { annotationFacts, clockTime, linkable, outputName } from './describe.js';
import { prepareDocument, type ExportAnnotation, type ExportDocument } from './document.js';
import { escapeMarkdown, escapeMarkdownLineStart } from './escape.js';
import { segment, type Span } from './segments.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The transcript as Markdown (one .md file). */
export function exportMarkdown(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  return { files: [{ name: outputName(input.fileName, 'md'), data: renderMarkdown(doc) }], warnings: doc.warnings };
}

function renderMarkdown(doc: ExportDocument): string {
  const out: string[] = [`# ${escapeMarkdown(oneLine(doc.title))}`, ''];
  const about = [`Exported by Parley from ${escapeMarkdown(doc.fileName)}`];
  if (doc.url) about.push(`published at <${markdownUrl(doc.url)}>`);
  if (doc.textChoice === 'source') about.push('source text as imported');
  out.push(`*${about.join(', ')}.*`, '');
  const metadata = Object.entries(doc.metadata).filter(([key]) => key !== 'title');
  if (metadata.length) {
    for (const [key, value] of metadata) out.push(`- **${escapeMarkdown(key)}:** ${escapeMarkdown(oneLine(value))}`);
    out.push('');
  }

  const spans: Span<ExportAnnotation>[] = doc.annotations.map((a) => ({ start: a.start, end: a.end, value: a }));
  for (const turn of doc.turns) {
    const time = turn.start === undefined ? '' : ` · ${clockTime(turn.start)}`;
    const role = turn.role ? ` (${escapeMarkdown(oneLine(turn.role))})` : '';
    out.push(`**${escapeMarkdown(oneLine(turn.name))}**${role}${time}`, '');
    for (const p of turn.span.paragraphs) {
      out.push(escapeMarkdownLineStart(paragraph(doc, p.start, p.end, spans)) || '\u00a0', '');
    }
  }

  if (doc.annotations.length) {
    out.push('---', '');
    for (const a of doc.annotations) out.push(footnote(a), '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** One paragraph's Markdown: the text with `<mark>` over annotated stretches and references where annotations end. */
function paragraph(doc: ExportDocument, from: number, to: number, spans: Span<ExportAnnotation>[]): string {
  let out = '';
  let marking = false;
  for (const seg of segment(from, to, spans)) {
    const covered = seg.spans.length > 0;
    if (covered && !marking) out += '<mark>';
    if (!covered && marking) out += '</mark>';
    marking = covered;
    out += escapeMarkdown(doc.text.slice(seg.start, seg.end));
    const ending = seg.spans.filter((s) => s.end === seg.end).map((s) => s.value);
    if (ending.length) {
      if (marking) out += '</mark>';
      marking = false;
      out += ending.map((a) => `[^${a.number}]`).join('');
    }
  }
  if (marking) out += '</mark>';
  return out;
}

function footnote(a: ExportAnnotation): string {
  const f = annotationFacts(a);
  const details = [f.claim, f.claimant, f.worthiness].filter(Boolean).join('; ');
  const parts = [`**${f.kind}**${details ? ` (${escapeMarkdown(details)})` : ''}`];
  if (f.topics) parts.push(`Topics: ${escapeMarkdown(f.topics)}`);
  parts.push(`“${escapeMarkdown(oneLine(a.quote))}”`);
  let text = `[^${a.number}]: ${parts.join('. ')}`;
  if (f.note) {
    // Continuation lines of a footnote are indented by four spaces; each is escaped as a line start.
    text += `\n\n${f.note
      .split('\n')
      .map((line) => (line.trim() ? `    ${escapeMarkdownLineStart(escapeMarkdown(line.trim()))}` : ''))
      .join('\n')}`;
  }
  if (f.sources.length) {
    const links = f.sources.map((s) => {
      const url = linkable(s);
      const title = escapeMarkdown(oneLine(s.title.trim() || s.url));
      return url ? `[${title}](<${markdownUrl(url)}>)` : title;
    });
    text += `\n\n    Sources: ${links.join('; ')}`;
  }
  return text;
}

/**
 * An http(s) address fit for a Markdown link destination in angle brackets: the characters that could
 * end it or break out of it are percent-encoded.
 */
function markdownUrl(url: string): string {
  return url.replace(/[<>\s\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
