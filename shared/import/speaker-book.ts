/**
 * The speakers of one transcript as an importer meets their labels: labels that name the same person
 * become one speaker, and every way the source wrote that label is kept as an alias.
 *
 * Who is the same person:
 * - labels whose names agree once honorifics, titles, roles, case and dots are set aside
 *   ("The Hon. Arthur C. Eggleton (...)" and "Hon. Arthur C. Eggleton (...)"; "MS. JEAN-PIERRE" and
 *   "PRESS SECRETARY JEAN-PIERRE");
 * - a surname alone and the one full name that ends with it ("Rutte" and "Mark Rutte"), unless another
 *   full name ends with it too, or the honorifics disagree ("Mr. Tremblay" is not "Mrs. Suzanne Tremblay");
 * - the anonymous labels of one kind ("Q" and "Question").
 * Different people under one office stay apart: "The Acting Speaker (Ms. Thibeault)" and "The Acting
 * Speaker (Mr. McClelland)" are Thibeault and McClelland, both in the role Acting Speaker.
 *
 * Names never carry the honorific. The role is the office the labels give; when they give none, the
 * honorific stands in the role ("MS. JEAN-PIERRE" is Jean-Pierre, role "Ms."), so that it is kept and
 * shown, and the label itself is always kept among the aliases.
 */
import type { Speaker } from '../model.js';
import { parseSpeakerLabel, personKey, speakerSlug, type SpeakerName } from './speaker-name.js';

interface Entry {
  speaker: Speaker;
  /** True while the role is only an honorific, so that a label with a real office replaces it. */
  roleIsHonorific: boolean;
  honorific: string | null;
  /** Names an office, not a person: never matched by surname. */
  officeOnly: boolean;
}

export class SpeakerBook {
  readonly #byKey = new Map<string, Entry>();
  readonly #entries: Entry[] = [];
  readonly #ids = new Set<string>();
  /** Label text → speaker id: transcripts repeat a handful of labels thousands of times. */
  readonly #byLabel = new Map<string, string>();

  /** The id of the speaker a label names, adding the speaker (or the alias) when it is new. */
  attribute(label: string): string {
    const written = label.trim();
    const cached = this.#byLabel.get(written);
    if (cached !== undefined) return cached;
    const parsed = parseSpeakerLabel(written);
    const entry = this.#byKey.get(parsed.key) ?? this.#bySurname(parsed) ?? this.#add(parsed);
    this.#byKey.set(parsed.key, entry);
    this.#learn(entry, parsed);
    if (!entry.speaker.aliases.includes(written)) entry.speaker.aliases.push(written);
    this.#byLabel.set(written, entry.speaker.id);
    return entry.speaker.id;
  }

  /** Whether the speaker with this id is anonymous (one speaker per kind, such as Question). */
  isAnonymous(id: string): boolean {
    return this.#entries.some((e) => e.speaker.id === id && e.speaker.anonymous);
  }

  /** The speakers in the order they first spoke, as fresh copies. */
  list(): Speaker[] {
    return this.#entries.map(({ speaker: s }) => ({ ...s, aliases: [...s.aliases] }));
  }

  #add(parsed: SpeakerName): Entry {
    const entry: Entry = {
      speaker: {
        id: this.#uniqueId(speakerSlug(parsed.name)),
        name: parsed.name,
        role: parsed.role ?? parsed.honorific,
        aliases: [],
        anonymous: parsed.anonymous,
      },
      roleIsHonorific: parsed.role === null && parsed.honorific !== null,
      honorific: parsed.honorific,
      officeOnly: parsed.officeOnly,
    };
    this.#entries.push(entry);
    return entry;
  }

  /** What a further label adds: a real role where there was none or only an honorific, a fuller name. */
  #learn(entry: Entry, parsed: SpeakerName): void {
    const { speaker } = entry;
    if (parsed.role !== null && (speaker.role === null || entry.roleIsHonorific)) {
      speaker.role = parsed.role;
      entry.roleIsHonorific = false;
    } else if (speaker.role === null && parsed.honorific !== null) {
      speaker.role = parsed.honorific;
      entry.roleIsHonorific = true;
    }
    entry.honorific ??= parsed.honorific;
    // "Jean-Pierre", then "Karine Jean-Pierre": the fuller name is the better one to show. The id stays.
    if (!speaker.anonymous && !entry.officeOnly && wordCount(parsed.name) > wordCount(speaker.name)) speaker.name = parsed.name;
  }

  /** The one person a surname alone names, or the one surname-only speaker a full name completes. */
  #bySurname(parsed: SpeakerName): Entry | undefined {
    if (parsed.anonymous || parsed.officeOnly || parsed.name === '') return undefined;
    const people = this.#entries.filter((e) => !e.speaker.anonymous && !e.officeOnly && compatible(e.honorific, parsed.honorific));
    const surname = lastWordKey(parsed.name);
    const candidates =
      wordCount(parsed.name) === 1
        ? people.filter((e) => wordCount(e.speaker.name) > 1 && lastWordKey(e.speaker.name) === surname)
        : people.filter((e) => wordCount(e.speaker.name) === 1 && personKey(e.speaker.name) === surname);
    if (candidates.length !== 1) return undefined;
    // A full name completes a surname only while no other full name shares that surname.
    const others = this.#entries.filter((e) => wordCount(e.speaker.name) > 1 && lastWordKey(e.speaker.name) === surname);
    return wordCount(parsed.name) > 1 && others.length > 0 ? undefined : candidates[0];
  }

  #uniqueId(slug: string): string {
    let id = slug;
    for (let n = 2; this.#ids.has(id); n++) id = `${slug}-${n}`;
    this.#ids.add(id);
    return id;
  }
}

function wordCount(name: string): number {
  return name.split(/\s+/).filter((w) => w !== '').length;
}

function lastWordKey(name: string): string {
  return personKey(name.split(/\s+/).filter((w) => w !== '').at(-1) ?? '');
}

/** Honorifics that say different things about a person ("Mr." and "Mrs.") keep two labels apart. */
function compatible(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  return genderOf(a) === genderOf(b) || genderOf(a) === null || genderOf(b) === null;
}

function genderOf(honorific: string): 'm' | 'f' | null {
  const h = honorific.toLowerCase().replace(/\./g, '');
  if (/^(mr|sir|m|fr)$/.test(h)) return 'm';
  if (/^(mrs|ms|miss|dame|mme|mlle)$/.test(h)) return 'f';
  return null;
}
