/**
 * schema.org ClaimReview (https://schema.org/ClaimReview) as JSON-LD, for a fact-check page: one review
 * for each claim that has a verdict. A claim still "Unchecked" or "In progress" has none yet and is
 * left out; any other status, including one a team added to its codebook, is a verdict.
 *
 * Each review: claimReviewed (the quote), reviewRating with alternateName = the status's label,
 * itemReviewed a Claim whose author is the claimant (a Person) and whose appearance is the transcript's
 * URL when known, reviewBody = the claim's note, citation = its sources, datePublished = when the claim
 * was last changed. The reviews are one `@graph`, ready for a `<script type="application/ld+json">`.
 */
import { outputName } from './describe.js';
import { NOT_A_VERDICT, isWebAddress, prepareDocument, type ExportAnnotation } from './document.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The checked claims as schema.org ClaimReview JSON-LD (one .claimreview.json file). */
export function exportClaimReview(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const claims = doc.annotations.filter((a) => a.kind === 'claim' && a.status && !NOT_A_VERDICT.has(a.status.id));
  const graph = claims.map((a) => review(a, doc.url));
  const data = { '@context': 'https://schema.org', '@graph': graph };
  return {
    files: [{ name: outputName(input.fileName, 'claimreview.json'), data: JSON.stringify(data, null, 2) + '\n' }],
    warnings: doc.warnings,
  };
}

function review(a: ExportAnnotation, url: string | null): Record<string, unknown> {
  const claimant = a.claimant ?? a.turn.speaker;
  const author: Record<string, unknown> | undefined = claimant
    ? { '@type': 'Person', name: claimant.name, ...(claimant.role ? { jobTitle: claimant.role } : {}) }
    : undefined;
  const item: Record<string, unknown> = { '@type': 'Claim' };
  if (author) item.author = author;
  if (url) item.appearance = { '@type': 'CreativeWork', url };
  const out: Record<string, unknown> = {
    '@type': 'ClaimReview',
    claimReviewed: a.quote.replace(/\s+/g, ' ').trim(),
    reviewRating: { '@type': 'Rating', alternateName: a.status!.label },
    itemReviewed: item,
  };
  if (a.note.trim()) out.reviewBody = a.note.trim();
  const sources = (a.annotation.claim?.sources ?? []).filter((s) => isWebAddress(s.url));
  if (sources.length) {
    out.citation = sources.map((s) => ({ '@type': 'CreativeWork', url: s.url, ...(s.title.trim() ? { name: s.title.trim() } : {}) }));
  }
  const date = a.annotation.modified || a.annotation.created;
  if (date && !Number.isNaN(new Date(date).getTime())) out.datePublished = new Date(date).toISOString().slice(0, 10);
  return out;
}
