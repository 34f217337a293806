/**
 * Issue 14's "undo after typing over a noted span": on the annotated Kyiv fixture, a note made on
 * some words, the words typed over, and undo: the words are back and so is the note on them, on
 * screen (not detached) and, once saved, in the sidecar on disk.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openHost, ROOT, selectText, workFolder } from './harness.js';

const FIXTURE = join(ROOT, 'test/fixtures/annotated');
const NAME = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';
// Inside a note of the fixture ("Maybe it is even- … ballistic missiles."), which the typing cuts short too.
const SPAN = 'Because of the number of the ballistic missiles';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface StoredAnnotation {
  kind: string;
  detached: boolean;
  target: { exact: string };
}

async function stored(dir: string): Promise<StoredAnnotation[]> {
  return (JSON.parse(await readFile(join(dir, `${NAME}.annotations.json`), 'utf8')) as { annotations: StoredAnnotation[] }).annotations;
}

const transcriptText = (page: Page) => page.locator('.transcript').textContent().then((t) => t ?? '');

describe('undo after typing over a noted span', () => {
  it('brings back the words and the note on them, on screen and on disk', async () => {
    const dir = await workFolder(join(FIXTURE, NAME), join(FIXTURE, `${NAME}.annotations.json`));
    const before = await stored(dir);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await page.getByRole('button', { name: /kyiv/ }).click();
      await page.locator('.turn').first().waitFor();
      await page.getByRole('tab', { name: /Annotations/ }).click();
      // Only the rows holding the span: the list is virtual, and these few are all drawn.
      await page.getByLabel('Filter text').fill(SPAN);
      const rows = page.locator('.annotation-row');
      await expect.poll(() => rows.count()).toBe(1);

      await selectText(page, SPAN);
      await page.keyboard.press('Alt+n');
      await expect.poll(() => rows.count()).toBe(2);
      const newNote = rows.filter({ has: page.locator('.row-quote', { hasText: new RegExp(`^“${SPAN}”$`) }) });
      await expect.poll(() => newNote.count()).toBe(1);

      // Back in the text, the same words typed over.
      await selectText(page, SPAN);
      await page.keyboard.type('XYZ');
      await expect.poll(() => transcriptText(page)).toContain('XYZ');
      expect(await transcriptText(page)).not.toContain(SPAN);

      // Typing is undone in groups: undo until the words are back (each undo waited for).
      for (let i = 0; i < 5 && !(await transcriptText(page)).includes(SPAN); i++) {
        const was = await transcriptText(page);
        await page.keyboard.press('Control+z');
        await expect.poll(() => transcriptText(page)).not.toBe(was);
      }
      expect(await transcriptText(page)).toContain(SPAN);
      expect(await transcriptText(page)).not.toContain('XYZ');

      // On screen: both notes on the span attached, the new one on exactly its words.
      await expect.poll(() => rows.count()).toBe(2);
      await expect.poll(() => newNote.count()).toBe(1);
      await expect.poll(() => page.locator('.annotation-row.detached').count()).toBe(0);

      // On disk, once the undo (a text edit) is saved: the new note attached with its quote, the rest as they were.
      await expect.poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
      await expect
        .poll(async () => (await stored(dir)).filter((a) => a.kind === 'note' && a.target.exact === SPAN).map((a) => a.detached), { timeout: 10_000 })
        .toEqual([false]);
      const after = await stored(dir);
      expect(after.filter((a) => a.detached)).toEqual([]);
      const quotes = (list: StoredAnnotation[]) => list.map((a) => a.target.exact).sort();
      expect(quotes(after)).toEqual(quotes([...before, { kind: 'note', detached: false, target: { exact: SPAN } }]));
    } finally {
      await s.close();
    }
  }, 60_000);
});
