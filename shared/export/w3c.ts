/**
 * W3C Web Annotation: an AnnotationCollection (JSON-LD, https://www.w3.org/TR/annotation-model/) with
 * every annotation in one AnnotationPage. Each target carries a TextQuoteSelector (the quote with its
 * prefix and suffix) and a TextPositionSelector in Unicode code points, as the model requires, into the
 * working text (shared/annotation.ts).
 *
 * Bodies: each topic is a tagging TextualBody with the topic's label; a claim is an assessing body
 * whose value is its status, with a classifying body for its type; a note is a commenting body; a
 * claim's sources are linking bodies. The motivation follows the kind: tagging, assessing, commenting.
 */
import { outputName } from './describe.js';
import { isWebAddress, prepareDocument, type ExportAnnotation } from './document.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

const MOTIVATION = { topic: 'tagging', claim: 'assessing', note: 'commenting' } as const;

/** The annotations as a W3C Web Annotation collection (one .w3c.json file). */
export function exportW3c(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const source = doc.url ?? `urn:parley:transcript:${encodeURIComponent(doc.fileName)}`;
  const collection = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `${source}#annotations`,
    type: 'AnnotationCollection',
    label: doc.title,
    total: doc.annotations.length,
    first: {
      id: `${source}#annotations-page-1`,
      type: 'AnnotationPage',
      startIndex: 0,
      items: doc.annotations.map((a) => annotation(a, source)),
    },
  };
  return {
    files: [{ name: outputName(input.fileName, 'w3c.json'), data: JSON.stringify(collection, null, 2) + '\n' }],
    warnings: doc.warnings,
  };
}

function annotation(a: ExportAnnotation, source: string) {
  const body: Record<string, unknown>[] = a.topics.map((t) => ({ type: 'TextualBody', purpose: 'tagging', value: t.label }));
  if (a.status) body.push({ type: 'TextualBody', purpose: 'assessing', value: a.status.label });
  if (a.claimType) body.push({ type: 'TextualBody', purpose: 'classifying', value: a.claimType.label });
  if (a.note.trim()) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' });
  for (const s of a.annotation.claim?.sources ?? []) {
    if (!isWebAddress(s.url)) continue;
    body.push({ id: s.url, type: 'Text', purpose: 'linking', ...(s.title.trim() ? { label: s.title } : {}) });
  }
  const out: Record<string, unknown> = {
    id: `${source}#annotation-${encodeURIComponent(a.id)}`,
    type: 'Annotation',
    motivation: MOTIVATION[a.kind],
  };
  if (a.annotation.created) out.created = a.annotation.created;
  if (a.annotation.modified) out.modified = a.annotation.modified;
  if (body.length) out.body = body.length === 1 ? body[0] : body;
  out.target = {
    source,
    selector: [
      { type: 'TextQuoteSelector', exact: a.quote, prefix: a.prefix, suffix: a.suffix },
      { type: 'TextPositionSelector', start: a.cpStart, end: a.cpEnd },
    ],
  };
  return out;
}
