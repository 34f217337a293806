/**
 * DOCX: the transcript for Word and LibreOffice, with speakers in bold and every annotation a Word
 * comment anchored to its span. Word comment ranges may overlap and cross paragraphs, so overlapping
 * annotations need no splitting: each gets its own start and end marker wherever they fall.
 *
 * Made with the docx package, then re-packed so that the same transcript always gives the same bytes:
 * the package stamps the time into the document properties and the zip entries, which would make
 * every export differ and golden tests impossible.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun, CommentRangeEnd, CommentRangeStart, CommentReference } from 'docx';
import type { ICommentOptions, ParagraphChild } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { annotationFacts, clockTime, outputName, sourceText } from './describe.js';
import { prepareDocument, type ExportDocument } from './document.js';
import { xmlSafe } from './escape.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The transcript as a Word document with a comment per annotation (one .docx file). */
export async function exportDocx(input: ExportInput, options: ExportOptions = {}): Promise<ExportResult> {
  const doc = prepareDocument(input, options);
  const packed = new Uint8Array(await Packer.toArrayBuffer(buildDocument(doc)));
  return { files: [{ name: outputName(input.fileName, 'docx'), data: repack(packed) }], warnings: doc.warnings };
}

/** The author written on every comment. */
const AUTHOR = 'Parley';

function buildDocument(doc: ExportDocument): Document {
  const paragraphs: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(xmlSafe(doc.title))] }),
    new Paragraph({
      children: [
        new TextRun({
          text: xmlSafe(`Exported by Parley from ${doc.fileName}${doc.url ? `, published at ${doc.url}` : ''}${doc.textChoice === 'source' ? ', source text as imported' : ''}.`),
          italics: true,
        }),
      ],
    }),
  ];

  // Where each comment starts and ends: a paragraph and an offset in the text. A border that falls on
  // the separator between paragraphs moves into the text: a start to the next paragraph, an end to the one before.
  const included = doc.turns.flatMap((t) => t.span.paragraphs);
  const placeAt = (x: number, forward: boolean): { paragraph: number; offset: number } => {
    let lo = 0;
    let hi = included.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (included[mid]!.start <= x) lo = mid;
      else hi = mid - 1;
    }
    const p = included[lo]!;
    if (x <= p.end || !forward || lo + 1 >= included.length) return { paragraph: lo, offset: Math.min(x, p.end) };
    return { paragraph: lo + 1, offset: included[lo + 1]!.start };
  };
  type Marker = { offset: number; order: number; child: () => ParagraphChild[] };
  const markers = new Map<number, Marker[]>();
  const add = (paragraph: number, m: Marker) => markers.set(paragraph, [...(markers.get(paragraph) ?? []), m]);
  for (const a of doc.annotations) {
    const from = placeAt(a.start, true);
    let to = placeAt(a.end, false);
    // A span of nothing but separators comes out empty, at the start of the next paragraph.
    if (to.paragraph < from.paragraph || (to.paragraph === from.paragraph && to.offset < from.offset)) to = from;
    const empty = to.paragraph === from.paragraph && to.offset === from.offset;
    const n = a.number;
    // At one offset: ends of earlier comments, then starts, then the ends of empty ones, so comments
    // that only touch never look nested.
    add(from.paragraph, { offset: from.offset, order: 1, child: () => [new CommentRangeStart(n)] });
    add(to.paragraph, {
      offset: to.offset,
      order: empty ? 2 : 0,
      child: () => [new CommentRangeEnd(n), new TextRun({ children: [new CommentReference(n)] })],
    });
  }

  let index = 0;
  for (const turn of doc.turns) {
    const label: TextRun[] = [new TextRun({ text: xmlSafe(turn.name), bold: true })];
    if (turn.role) label.push(new TextRun({ text: xmlSafe(` (${turn.role})`) }));
    if (turn.start !== undefined) label.push(new TextRun({ text: ` ${clockTime(turn.start)}`, color: '666666' }));
    paragraphs.push(new Paragraph({ spacing: { before: 240 }, keepNext: true, children: label }));

    for (const p of turn.span.paragraphs) {
      const here = (markers.get(index++) ?? []).sort((x, y) => x.offset - y.offset || x.order - y.order);
      const children: ParagraphChild[] = [];
      let at = p.start;
      for (const m of here) {
        if (m.offset > at) children.push(new TextRun(xmlSafe(doc.text.slice(at, m.offset))));
        at = Math.max(at, m.offset);
        children.push(...m.child());
      }
      if (at < p.end) children.push(new TextRun(xmlSafe(doc.text.slice(at, p.end))));
      paragraphs.push(new Paragraph({ spacing: { after: 120 }, children }));
    }
  }

  const comments: ICommentOptions[] = doc.annotations.map((a) => {
    const f = annotationFacts(a);
    const details = [f.claim, f.claimant, f.worthiness].filter(Boolean).join('; ');
    const lines = [details ? `${f.kind}: ${details}` : f.kind];
    if (f.topics) lines.push(`Topics: ${f.topics}`);
    if (f.note) lines.push(...f.note.split('\n').filter((l) => l.trim()));
    for (const s of f.sources) lines.push(`Source: ${sourceText(s)}`);
    return {
      id: a.number,
      author: AUTHOR,
      initials: 'P',
      date: dateOf(a.annotation.modified, a.annotation.created),
      children: lines.map((l) => new Paragraph({ children: [new TextRun(xmlSafe(l))] })),
    };
  });

  return new Document({
    creator: AUTHOR,
    lastModifiedBy: AUTHOR,
    title: xmlSafe(doc.title),
    description: xmlSafe(`Exported by Parley from ${doc.fileName}`),
    comments: { children: comments },
    sections: [{ children: paragraphs }],
  });
}

/** The annotation's time for its comment; a time that does not parse gives the epoch rather than "now". */
function dateOf(...candidates: string[]): Date {
  for (const c of candidates) {
    const d = new Date(c);
    if (c && !Number.isNaN(d.getTime())) return d;
  }
  return new Date(0);
}

/**
 * Re-pack the package's zip without the two things that change on every run: the creation and change
 * times in docProps/core.xml (optional in the format) and the zip entries' times. The local-time
 * Date gives the same DOS time stamp in every time zone.
 */
function repack(zip: Uint8Array): Uint8Array {
  const files = unzipSync(zip);
  const core = files['docProps/core.xml'];
  if (core) {
    files['docProps/core.xml'] = strToU8(
      strFromU8(core).replace(/<dcterms:(created|modified)\b[^>]*>[^<]*<\/dcterms:\1>/g, ''),
    );
  }
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const names = Object.keys(files).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Zippable = {};
  for (const name of names) out[name] = [files[name]!, { mtime, level: 6 }];
  return zipSync(out);
}

/** [Content_Types].xml first, as Word writes it. */
function rank(name: string): number {
  return name === '[Content_Types].xml' ? 0 : 1;
}
