/**
 * Bringing two codebooks together without losing a topic:
 *
 * - mergeCodebooks: the user imports a codebook (JSON or CSV) into the folder's. The imported file
 *   wins for what it says about a topic it shares with the existing codebook (label, colour,
 *   description, parent and quick key), because importing is the user asking for those; nothing of
 *   the existing codebook is removed, and existing ids never change, because annotations in every
 *   transcript of the folder refer to them.
 * - reconcileCodebooks: a sidecar's copy of the topics it uses meets the folder's codebook (the
 *   sidecar may come from another machine). The folder wins for what both have, since the copy is
 *   refreshed from the folder on every save; what only the sidecar has is added to the folder; every
 *   disagreement is reported.
 */
import type { Codebook, Labelled, Topic } from '../annotation.js';
import { findLoop, isWithin } from './check.js';
import { uniqueId } from './topics.js';

export interface ImportReport {
  /** Labels of the topics the import added. */
  added: string[];
  /** Labels (after the import) of the existing topics it changed. */
  updated: string[];
  /** For every imported topic id, the id it has in the result (different when matched by label or renamed). */
  idMap: Record<string, string>;
  /** Sentences about what the user may want to look at: ids changed, parents kept to avoid a loop. */
  notes: string[];
}

/**
 * Imports `imported` into `existing`. Each imported topic is matched to an existing topic by id,
 * else by label ignoring case (each existing topic is matched at most once); a match is updated
 * with the imported label, colour, description, parent and key, anything else is added. An imported
 * quick key moves to its topic from whichever topic had it; an imported topic without a key leaves a
 * matched topic's key alone. A parent change that would make the tree loop is not made (noted).
 * Claim types and statuses are matched and updated the same way.
 */
export function mergeCodebooks(existing: Codebook, imported: Codebook): { codebook: Codebook; report: ImportReport } {
  const report: ImportReport = { added: [], updated: [], idMap: {}, notes: [] };
  let topics = existing.topics.map((t) => ({ ...t }));
  const existingIds = new Set(topics.map((t) => t.id));
  const taken = new Set(existingIds);
  const claimed = new Set<string>();
  const changed = new Set<string>();

  // Pass 1: match or add, fields other than parent and key.
  for (const t of imported.topics) {
    let match = existingIds.has(t.id) && !claimed.has(t.id) ? topics.find((e) => e.id === t.id) : undefined;
    if (!match) {
      const lower = t.label.toLocaleLowerCase();
      match = topics.find((e) => existingIds.has(e.id) && !claimed.has(e.id) && e.label.toLocaleLowerCase() === lower);
    }
    if (match) {
      claimed.add(match.id);
      report.idMap[t.id] = match.id;
      if (match.label !== t.label || match.color !== t.color || match.description !== t.description) {
        Object.assign(match, { label: t.label, color: t.color, description: t.description });
        changed.add(match.id);
      }
    } else {
      const id = uniqueId(t.id, taken);
      taken.add(id);
      if (id !== t.id) report.notes.push(`The imported topic "${t.label}" has the id "${id}", because "${t.id}" was taken.`);
      report.idMap[t.id] = id;
      topics.push({ ...t, id, parent: null, key: null });
      report.added.push(t.label);
    }
  }

  // Pass 2: parents, once every imported topic has its id in the result. All at once, so the order of
  // the imported list does not matter; then any loop the mix of old and new parents makes is undone
  // by giving a changed topic on it back its old place (a new topic goes to the top).
  const before = new Map(topics.map((t) => [t.id, t.parent]));
  const wanted = new Map<string, string | null>();
  for (const t of imported.topics) {
    const id = report.idMap[t.id] as string;
    wanted.set(id, t.parent === null ? null : (report.idMap[t.parent] ?? (taken.has(t.parent) ? t.parent : null)));
  }
  topics = topics.map((e) => (wanted.has(e.id) ? { ...e, parent: wanted.get(e.id) ?? null } : e));
  for (let loop = findLoop(topics); loop; loop = findLoop(topics)) {
    const undo = loop.find((e) => e.parent !== (before.get(e.id) ?? null));
    if (undo) {
      report.notes.push(`"${undo.label}" stays where it was: the imported parent would make the topic tree loop.`);
      topics = topics.map((e) => (e.id === undo.id ? { ...e, parent: before.get(e.id) ?? null } : e));
    } else {
      // The existing codebook looped already (it was never checked): cut its loop at the top.
      const cut = loop[0] as Topic;
      report.notes.push(`"${cut.label}" was moved to the top: the topic tree looped through it.`);
      topics = topics.map((e) => (e.id === cut.id ? { ...e, parent: null } : e));
    }
  }
  for (const e of topics) if (existingIds.has(e.id) && e.parent !== before.get(e.id)) changed.add(e.id);

  // Pass 3: keys. Imported keys win; a key it gives moves away from whichever topic had it.
  for (const t of imported.topics) {
    if (t.key === null) continue;
    const id = report.idMap[t.id] as string;
    topics = topics.map((e) => {
      if (e.id === id && e.key !== t.key) {
        if (existingIds.has(e.id)) changed.add(e.id);
        return { ...e, key: t.key };
      }
      if (e.id !== id && e.key === t.key) {
        if (existingIds.has(e.id)) changed.add(e.id);
        return { ...e, key: null };
      }
      return e;
    });
  }

  const labels = new Map<string, string>();
  for (const e of topics) {
    const lower = e.label.toLocaleLowerCase();
    const other = labels.get(lower);
    if (other !== undefined) report.notes.push(`Two topics are now called "${e.label}" (ids "${other}" and "${e.id}"); merge or rename one.`);
    else labels.set(lower, e.id);
  }
  report.updated = topics.filter((e) => changed.has(e.id)).map((e) => e.label);
  return {
    codebook: {
      topics,
      claimTypes: importList(existing.claimTypes, imported.claimTypes),
      statuses: importList(existing.statuses, imported.statuses),
    },
    report,
  };
}

/** Imported entries update their match (by id, else by label ignoring case) or are added. */
function importList(existing: readonly Labelled[], imported: readonly Labelled[]): Labelled[] {
  const out = existing.map((e) => ({ ...e }));
  const claimed = new Set<string>();
  const taken = new Set(out.map((e) => e.id));
  for (const entry of imported) {
    const lower = entry.label.toLocaleLowerCase();
    const match =
      out.find((e) => e.id === entry.id && !claimed.has(e.id)) ??
      out.find((e) => !claimed.has(e.id) && e.label.toLocaleLowerCase() === lower);
    if (match) {
      claimed.add(match.id);
      match.label = entry.label;
      match.color = entry.color;
    } else {
      const id = uniqueId(entry.id, taken);
      taken.add(id);
      claimed.add(id);
      out.push({ ...entry, id });
    }
  }
  return out;
}

export interface Reconciliation {
  /** The folder's codebook with the sidecar's missing topics (and claim types, statuses) added. */
  codebook: Codebook;
  /** The sidecar topics that were added to the folder's codebook (as added). */
  added: Topic[];
  /** One sentence per disagreement; empty when the two agree. */
  conflicts: string[];
}

/**
 * Brings a sidecar's topics into the folder's codebook. Topics are matched by id only: the
 * annotations in that sidecar refer to these ids, so a sidecar topic whose id the folder lacks is
 * added with its id (its parent kept when the folder has it, its key kept when free). Where both
 * have an id, the folder's topic is kept and a different label is reported; a sidecar topic added
 * with the same label as a folder topic is reported as a likely duplicate to merge. Nothing from
 * either side is dropped. `sidecarName` names the sidecar in the sentences.
 */
export function reconcileCodebooks(folder: Codebook, sidecar: Codebook, sidecarName = 'the transcript'): Reconciliation {
  const conflicts: string[] = [];
  const byId = new Map(folder.topics.map((t) => [t.id, t]));
  // A sidecar is only schema-checked: an id it lists twice is one topic to its annotations.
  const missing = sidecar.topics.filter((t, i) => !byId.has(t.id) && sidecar.topics.findIndex((o) => o.id === t.id) === i);
  const missingIds = new Set(missing.map((t) => t.id));
  for (const s of sidecar.topics) {
    const f = byId.get(s.id);
    if (f && f.label !== s.label) {
      conflicts.push(
        `The topic "${s.id}" is called "${f.label}" in the folder's codebook and "${s.label}" in ${sidecarName}; Parley keeps "${f.label}".`,
      );
    }
  }
  const keys = new Set(folder.topics.flatMap((t) => (t.key === null ? [] : [t.key])));
  const labels = new Map(folder.topics.map((t) => [t.label.toLocaleLowerCase(), t]));
  const added: Topic[] = [];
  for (const s of missing) {
    const parentKnown = s.parent !== null && (byId.has(s.parent) || missingIds.has(s.parent));
    const key = s.key !== null && !keys.has(s.key) ? s.key : null;
    if (key !== null) keys.add(key);
    added.push({ ...s, parent: parentKnown ? s.parent : null, key });
    const twin = labels.get(s.label.toLocaleLowerCase());
    if (twin) {
      conflicts.push(
        `${capitalise(sidecarName)} has its own topic "${s.label}" (id "${s.id}") beside the folder's "${twin.label}" (id "${twin.id}"); both are kept, merge them if they are the same theme.`,
      );
    }
  }
  let topics = [...folder.topics, ...added];
  // A sidecar is only schema-checked, so its parents may loop; cut such a loop at the added topic.
  for (const t of added) {
    if (t.parent !== null && isWithin(topics, t.parent, t.id)) {
      topics = topics.map((e) => (e.id === t.id ? { ...e, parent: null } : e));
      t.parent = null;
    }
  }
  return {
    codebook: {
      topics,
      claimTypes: reconcileList(folder.claimTypes, sidecar.claimTypes, 'claim type', sidecarName, conflicts),
      statuses: reconcileList(folder.statuses, sidecar.statuses, 'check status', sidecarName, conflicts),
    },
    added,
    conflicts,
  };
}

function reconcileList(
  folder: readonly Labelled[],
  sidecar: readonly Labelled[],
  noun: string,
  sidecarName: string,
  conflicts: string[],
): Labelled[] {
  const out = [...folder];
  for (const s of sidecar) {
    const f = folder.find((e) => e.id === s.id);
    if (!f) out.push({ ...s });
    else if (f.label !== s.label) {
      conflicts.push(`The ${noun} "${s.id}" is called "${f.label}" in the folder's codebook and "${s.label}" in ${sidecarName}; Parley keeps "${f.label}".`);
    }
  }
  return out;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
