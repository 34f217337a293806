/**
 * brat standoff (https://brat.nlplab.org/standoff.html) for NLP tools: a .txt (the plain text of
 * plain.ts, speaker labels included) and a .ann beside it, offsets in Unicode code points into that
 * .txt, as brat and Python count.
 *
 * - A topic tag is one text-bound annotation per topic, its type the topic's id (brat's type is the
 *   category), e.g. `T1	military-aid 120 180	...`.
 * - A claim is a `Claim` span with `Status` and `ClaimType` attributes; its topics are further spans.
 * - A note is a `Note` span. Any annotation's note text is an `AnnotatorNotes` comment on its first span.
 *
 * brat spans cannot hold a line break: a span over several paragraphs is discontinuous, one fragment
 * per paragraph (`start end;start end`), and its text field is the fragments joined by a space.
 */
import { outputName } from './describe.js';
import { prepareDocument, type ExportAnnotation, type ExportDocument } from './document.js';
import { plainText } from './plain.js';
import { CodePointIndex } from './text.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The transcript and its annotations as brat standoff (.brat.txt and .brat.ann). */
export function exportBrat(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const plain = plainText(doc);
  const points = new CodePointIndex(plain.text);
  const lines: string[] = [];
  let t = 0;
  let attr = 0;
  let comment = 0;
  for (const a of doc.annotations) {
    const fragments = fragmentsOf(doc, a).map(([s, e]) => [plain.map(s), plain.map(e)] as const);
    if (!fragments.length) continue;
    const offsets = fragments.map(([s, e]) => `${points.toCodePoints(s)} ${points.toCodePoints(e)}`).join(';');
    const covered = fragments.map(([s, e]) => plain.text.slice(s, e)).join(' ');
    const span = (type: string) => {
      lines.push(`T${++t}\t${type} ${offsets}\t${covered}`);
      return `T${t}`;
    };
    const ids: string[] = [];
    if (a.kind === 'claim') {
      const id = span('Claim');
      ids.push(id);
      if (a.status) lines.push(`A${++attr}\tStatus ${id} ${bratName(a.status.id)}`);
      if (a.claimType) lines.push(`A${++attr}\tClaimType ${id} ${bratName(a.claimType.id)}`);
    } else if (a.kind === 'note') {
      ids.push(span('Note'));
    }
    for (const topic of a.topics) ids.push(span(bratName(topic.id)));
    const note = [a.note.trim(), ...(a.annotation.claim?.sources ?? []).map((s) => s.url)].filter(Boolean).join(' ');
    if (note && ids[0]) lines.push(`#${++comment}\tAnnotatorNotes ${ids[0]}\t${note.replace(/\s+/g, ' ')}`);
  }
  // ".brat" keeps the .txt apart from the txt export's; brat pairs the files by their common base name.
  const base = outputName(input.fileName, 'brat');
  return {
    files: [
      { name: `${base}.txt`, data: plain.text },
      { name: `${base}.ann`, data: lines.length ? lines.join('\n') + '\n' : '' },
    ],
    warnings: doc.warnings,
  };
}

/** The annotation's range cut at paragraph borders: the non-empty pieces, in working-text offsets. */
function fragmentsOf(doc: ExportDocument, a: ExportAnnotation): [number, number][] {
  const out: [number, number][] = [];
  for (const turn of doc.turns) {
    if (turn.span.end < a.start || turn.span.start > a.end) continue;
    for (const p of turn.span.paragraphs) {
      const s = Math.max(a.start, p.start);
      const e = Math.min(a.end, p.end);
      if (e > s) out.push([s, e]);
    }
  }
  return out;
}

/** A brat type or attribute value: letters, digits, '-' and '_', starting with a letter. */
function bratName(id: string): string {
  const name = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z]/.test(name) ? name : `T_${name}`;
}
