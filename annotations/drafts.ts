/**
 * Unsaved work, kept where a crash cannot take it.
 *
 * The editor saves its sidecar about a second after each change. When that save cannot happen (the
 * disk is full, the folder is read-only, the file changed on disk and the user has not decided yet),
 * the renderer hands the same body here instead, and it is written to the app's own data folder,
 * not beside the transcript: the reason the sidecar could not be written usually applies to its
 * folder too. The next open of that transcript offers it back. A successful save removes it.
 *
 * One draft per sidecar path, named by a hash of that path so that no user text ends up in a file name.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SidecarSchema, type Sidecar } from '../shared/sidecar.js';
import { errno } from './node-errors.js';
import { writeFileAtomic } from './atomic-file.js';

const DRAFT_FORMAT = 'parley-draft';

const DraftSchema = z.object({
  format: z.literal(DRAFT_FORMAT),
  version: z.literal(1),
  /** The sidecar this draft belongs to (checked on read: a hash collision must not cross files). */
  sidecarPath: z.string(),
  savedAt: z.string(),
  sidecar: SidecarSchema,
});
export type Draft = z.infer<typeof DraftSchema>;

export class Drafts {
  /** @param dir the app's folder for drafts (created when the first draft is written). */
  constructor(readonly dir: string) {}

  #pathFor(sidecarPath: string): string {
    return join(this.dir, `${createHash('sha256').update(sidecarPath).digest('hex').slice(0, 32)}.json`);
  }

  async write(sidecarPath: string, sidecar: Sidecar, savedAt: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const draft: Draft = { format: DRAFT_FORMAT, version: 1, sidecarPath, savedAt, sidecar };
    await writeFileAtomic(this.#pathFor(sidecarPath), JSON.stringify(draft));
  }

  /**
   * The draft of this sidecar, or null when there is none. A draft that cannot be read is left where
   * it is (never deleted: it may be the only copy of someone's work) and reported as none.
   */
  async read(sidecarPath: string): Promise<Draft | null> {
    let text: string;
    try {
      text = await readFile(this.#pathFor(sidecarPath), 'utf8');
    } catch (e) {
      if (errno(e) === 'ENOENT') return null;
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return null;
    }
    const parsed = DraftSchema.safeParse(json);
    if (!parsed.success || parsed.data.sidecarPath !== sidecarPath) return null;
    return parsed.data;
  }

  async remove(sidecarPath: string): Promise<void> {
    await rm(this.#pathFor(sidecarPath), { force: true });
  }
}
