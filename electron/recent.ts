/**
 * The desktop's list of recently opened files, kept in `<userData>/recent.json`.
 *
 * The file is read through a schema, because it is data from disk that anyone could have edited: an
 * unreadable or malformed file means an empty list, never a crash at start-up. Writes follow the
 * lowdb/steno habit: this object is the file's only writer, each write goes to a temporary file that
 * is flushed and renamed over the old one, and while a write is under way only the newest list waits.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../annotations/atomic-file.js';

/** How many files the Open Recent menu shows; older ones fall off the end. */
export const MAX_RECENT = 12;

const RecentFileSchema = z.object({
  version: z.literal(1),
  files: z.array(z.string().min(1).max(4096).refine((p) => path.isAbsolute(p))),
});

export class RecentFiles {
  private files: string[];
  private writing: Promise<void> | null = null;
  private dirty = false;

  private constructor(
    private readonly file: string,
    files: readonly string[],
  ) {
    this.files = [...new Set(files)].slice(0, MAX_RECENT);
  }

  /** Read the list from `file`. A missing, unreadable or malformed file gives an empty list. */
  static async load(file: string): Promise<RecentFiles> {
    let files: string[] = [];
    try {
      const parsed = RecentFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success) files = parsed.data.files;
      else console.warn(`Parley: ignoring ${file}, which is not a list of recent files.`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`Parley: ignoring ${file}:`, e);
    }
    return new RecentFiles(file, files);
  }

  /** The files, most recent first. */
  list(): readonly string[] {
    return this.files;
  }

  /** Put `filePath` at the top of the list and save it. */
  add(filePath: string): Promise<void> {
    this.files = [filePath, ...this.files.filter((f) => f !== filePath)].slice(0, MAX_RECENT);
    return this.persist();
  }

  /** Forget one file (it was moved or deleted) and save the list. */
  remove(filePath: string): Promise<void> {
    this.files = this.files.filter((f) => f !== filePath);
    return this.persist();
  }

  /** Forget every file and save the empty list. */
  clear(): Promise<void> {
    this.files = [];
    return this.persist();
  }

  /**
   * Resolves once the newest list is on disk. Calls made during a write do not start writes of
   * their own: they mark the list dirty, and the running loop writes once more with the latest.
   */
  private persist(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.drain().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, files: this.files }, null, 2)}\n`);
    }
  }
}
