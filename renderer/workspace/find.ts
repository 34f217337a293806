/** Looking through the transcript's text: matches of a query, and claim candidates. */
import { suggestClaims, unclaimed, type TranscriptClaimCandidate } from '../../shared/suggest/index.js';
import { annotationsForSave, annotationVersion } from '../editor/annotations.js';
import type { TranscriptEditor } from '../editor/editor.js';

/** Every occurrence of `query` in the text, case-insensitive, as document ranges (within paragraphs). */
export function findAll(ed: TranscriptEditor, query: string): { from: number; to: number }[] {
  const q = query.toLowerCase();
  const out: { from: number; to: number }[] = [];
  if (!q) return out;
  ed.state.doc.descendants((node, pos) => {
    if (node.type.name !== 'paragraph') return true;
    const text = node.textContent.toLowerCase();
    for (let i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + q.length)) out.push({ from: pos + 1 + i, to: pos + 1 + i + q.length });
    return false;
  });
  return out;
}

/** Claim candidates that no claim covers yet, kept while neither the text nor the annotations change. */
export class SuggestionCache {
  private cached: { doc: unknown; version: number; candidates: TranscriptClaimCandidate[] } | null = null;

  candidates(ed: TranscriptEditor): TranscriptClaimCandidate[] {
    // Sentence splitting walks the whole text: done again only when the text or the annotations changed.
    const version = annotationVersion(ed.state);
    const cached = this.cached;
    if (cached && cached.doc === ed.state.doc && cached.version === version) return cached.candidates;
    const turns: string[][] = [];
    ed.state.doc.forEach((turn) => {
      const paragraphs: string[] = [];
      turn.forEach((p) => paragraphs.push(p.textContent));
      turns.push(paragraphs);
    });
    const candidates = unclaimed(suggestClaims(turns), annotationsForSave(ed.state));
    this.cached = { doc: ed.state.doc, version, candidates };
    return candidates;
  }
}
