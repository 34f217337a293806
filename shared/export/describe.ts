/**
 * Words for annotations and times, the same in every human-readable export (Markdown, HTML, DOCX
 * comments, TEI notes, CSV), so a claim reads alike wherever it lands.
 */
import type { SourceLink } from '../annotation.js';
import { isWebAddress, type ExportAnnotation } from './document.js';

export const KIND_LABELS = { topic: 'Topic', claim: 'Claim', note: 'Note' } as const;

/** Check-worthiness 0 to 3 in words. */
const WORTHINESS = ['not worth checking', 'a little worth checking', 'worth checking', 'very worth checking'];

/** The facts about one annotation, each a short plain-text phrase; empty parts left out. */
export interface AnnotationFacts {
  /** "Topic", "Claim" or "Note". */
  kind: string;
  /** Topic labels, joined by ", "; '' when none. */
  topics: string;
  /** For claims: "Statistic, status: Accurate". */
  claim: string;
  /** For claims: "attributed to Mark Rutte" when set. */
  claimant: string;
  /** For claims: "very worth checking" when judged. */
  worthiness: string;
  note: string;
  sources: SourceLink[];
}

export function annotationFacts(a: ExportAnnotation): AnnotationFacts {
  const claim = a.annotation.claim;
  const worth = a.kind === 'claim' ? claim?.checkWorthiness : null;
  return {
    kind: KIND_LABELS[a.kind],
    topics: a.topics.map((t) => t.label).join(', '),
    claim: a.claimType && a.status ? `${a.claimType.label}, status: ${a.status.label}` : '',
    claimant: a.claimant ? `attributed to ${a.claimant.name}` : '',
    worthiness: worth === null || worth === undefined ? '' : (WORTHINESS[worth] ?? ''),
    note: a.note.trim(),
    sources: a.kind === 'claim' ? (claim?.sources ?? []) : [],
  };
}

/** One line of plain text: "Claim (Statistic, status: Accurate; attributed to ...). Topics: .... Note." */
export function factsLine(f: AnnotationFacts): string {
  const details = [f.claim, f.claimant, f.worthiness].filter(Boolean).join('; ');
  const parts = [details ? `${f.kind} (${details})` : f.kind];
  if (f.topics) parts.push(`Topics: ${f.topics}`);
  if (f.note) parts.push(f.note);
  if (f.sources.length) parts.push(`Sources: ${f.sources.map(sourceText).join('; ')}`);
  return parts.join('. ').replace(/\s*\n\s*/g, ' ');
}

/** A source as text: "Title <https://...>", or the address alone. */
export function sourceText(s: SourceLink): string {
  const title = s.title.trim();
  return title ? `${title} <${s.url}>` : s.url;
}

/** The source's address when it is one an export may link to, else null. */
export function linkable(s: SourceLink): string | null {
  return isWebAddress(s.url) ? s.url : null;
}

/** A time for people: "1:02:03" from an hour on, "02:03" before. */
export function clockTime(seconds: number): string {
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A subtitle timestamp: "00:01:02,345" (SRT, `separator` ',') or "00:01:02.345" (WebVTT, '.'). */
export function cueTime(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}${separator}${String(rest).padStart(3, '0')}`;
}

/** The name of an exported file: the source's full name plus the format's extension ("kyiv.txt.html"). */
export function outputName(fileName: string, extension: string): string {
  // A name is never a path: whatever a caller passed, the file lands where the caller puts it.
  const base = fileName.split(/[\\/]/).pop() || 'transcript';
  return `${base}.${extension}`;
}
