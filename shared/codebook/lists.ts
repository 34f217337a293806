/**
 * Editing the codebook's two short lists: claim types (statistic, quotation, ...) and check statuses
 * (unchecked, accurate, false, ...). Pure, like topics.ts; refusals are RangeErrors with a sentence.
 *
 * Every claim has a type and a status, so an entry can only be removed by naming the entry its claims
 * move to, and the last entry of a list cannot be removed.
 */
import type { Codebook, Labelled } from '../annotation.js';
import { LIST_NOUN } from './check.js';
import { annotationUpdate, type CodebookEdit } from './edit.js';
import { normaliseColour, pickColour } from './palette.js';
import { slugOf, uniqueId } from './topics.js';

/** Which list: `claimTypes` or `statuses`. */
export type ListName = 'claimTypes' | 'statuses';

const SINGULAR = { claimTypes: 'claim type', statuses: 'check status' } as const;

export interface NewLabelled {
  label: string;
  /** Made from the label when not given. */
  id?: string;
  /** Picked from the colour-blind-safe palette when not given. */
  color?: string;
}

/** Adds an entry at the end of a list. */
export function addLabelled(codebook: Codebook, list: ListName, spec: NewLabelled): { codebook: Codebook; entry: Labelled } {
  const entries = codebook[list];
  const label = cleanLabel(list, spec.label);
  refuseTakenLabel(entries, list, label, null);
  const taken = new Set(entries.map((e) => e.id));
  let id: string;
  if (spec.id === undefined) {
    id = uniqueId(slugOf(label) || SINGULAR[list].replace(' ', '-'), taken);
  } else {
    id = spec.id.trim();
    if (id === '') throw new RangeError(`A ${SINGULAR[list]} id cannot be empty.`);
    if (taken.has(id)) throw new RangeError(`There is already a ${SINGULAR[list]} with the id "${id}".`);
  }
  const color = spec.color === undefined ? pickColour(entries.map((e) => e.color)) : normaliseColour(spec.color);
  const entry: Labelled = { id, label, color };
  return { codebook: { ...codebook, [list]: [...entries, entry] }, entry };
}

export function renameLabelled(codebook: Codebook, list: ListName, id: string, label: string): Codebook {
  entryOf(codebook, list, id);
  const clean = cleanLabel(list, label);
  refuseTakenLabel(codebook[list], list, clean, id);
  return patch(codebook, list, id, { label: clean });
}

export function recolourLabelled(codebook: Codebook, list: ListName, id: string, color: string): Codebook {
  entryOf(codebook, list, id);
  return patch(codebook, list, id, { color: normaliseColour(color) });
}

/**
 * Removes an entry; the claims that had it get `reassignTo` instead (for `claimTypes` their type, for
 * `statuses` their status). Annotations that are not claims are untouched.
 */
export function removeLabelled(codebook: Codebook, list: ListName, id: string, reassignTo: string): CodebookEdit {
  const gone = entryOf(codebook, list, id);
  entryOf(codebook, list, reassignTo);
  if (reassignTo === id) {
    throw new RangeError(`The claims of the ${SINGULAR[list]} "${gone.label}" need another ${SINGULAR[list]} to move to.`);
  }
  const field = list === 'claimTypes' ? 'type' : 'status';
  return {
    codebook: { ...codebook, [list]: codebook[list].filter((e) => e.id !== id) },
    updateAnnotations: annotationUpdate((a) =>
      a.claim !== null && a.claim[field] === id ? { claim: { ...a.claim, [field]: reassignTo } } : null,
    ),
  };
}

/** The entry of a list with this id; a RangeError naming it when there is none. */
export function entryOf(codebook: Codebook, list: ListName, id: string): Labelled {
  const entry = codebook[list].find((e) => e.id === id);
  if (!entry) throw new RangeError(`No ${SINGULAR[list]} has the id "${id}" in this codebook.`);
  return entry;
}

function cleanLabel(list: ListName, label: string): string {
  const clean = label.trim();
  if (clean === '') throw new RangeError(`A ${SINGULAR[list]} needs a label.`);
  return clean;
}

function refuseTakenLabel(entries: readonly Labelled[], list: ListName, label: string, except: string | null): void {
  const lower = label.toLocaleLowerCase();
  const other = entries.find((e) => e.id !== except && e.label.toLocaleLowerCase() === lower);
  if (other) throw new RangeError(`The ${LIST_NOUN[list]} already have one called "${other.label}".`);
}

function patch(codebook: Codebook, list: ListName, id: string, change: Partial<Labelled>): Codebook {
  return { ...codebook, [list]: codebook[list].map((e) => (e.id === id ? { ...e, ...change } : e)) };
}
