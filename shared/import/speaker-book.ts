/**
 * The speakers of one transcript as an importer meets their labels: labels that name the same person
 * become one speaker, and every way the source wrote that label is kept as an alias.
 */
import type { Speaker } from '../model.js';
import { parseSpeakerLabel, speakerSlug } from './speaker-name.js';

export class SpeakerBook {
  readonly #byKey = new Map<string, Speaker>();
  readonly #ids = new Set<string>();

  /** The id of the speaker a label names, adding the speaker (or the alias) when it is new. */
  attribute(label: string): string {
    const written = label.trim();
    const parsed = parseSpeakerLabel(written);
    let speaker = this.#byKey.get(parsed.key);
    if (!speaker) {
      speaker = {
        id: this.#uniqueId(speakerSlug(parsed.name)),
        name: parsed.name,
        role: parsed.role,
        aliases: [],
        anonymous: parsed.anonymous,
      };
      this.#byKey.set(parsed.key, speaker);
    }
    // The first label to give a role wins; a later label without one does not take it away.
    if (speaker.role === null && parsed.role !== null) speaker.role = parsed.role;
    if (!speaker.aliases.includes(written)) speaker.aliases.push(written);
    return speaker.id;
  }

  /** The speakers in the order they first spoke, as fresh copies. */
  list(): Speaker[] {
    return [...this.#byKey.values()].map((s) => ({ ...s, aliases: [...s.aliases] }));
  }

  #uniqueId(slug: string): string {
    let id = slug;
    for (let n = 2; this.#ids.has(id); n++) id = `${slug}-${n}`;
    this.#ids.add(id);
    return id;
  }
}
