/**
 * Issue 5's "In the app": the Export dialog (format, options, a preview of the start of the output,
 * save) on the annotated Kyiv fixture, and a whole folder exported into one zip with progress.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, MUNICH, openHost, ROOT, workFolder } from './harness.js';

const FIXTURE = join(ROOT, 'test/fixtures/annotated');
const NAME = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function annotatedFolder(): Promise<string> {
  const dir = await workFolder(MUNICH);
  await copyFile(join(FIXTURE, NAME), join(dir, NAME));
  await copyFile(join(FIXTURE, `${NAME}.annotations.json`), join(dir, `${NAME}.annotations.json`));
  return dir;
}

describe('exporting', () => {
  it('exports the open transcript as CSV from the Export dialog, one row per annotation', async () => {
    const dir = await annotatedFolder();
    const stored = JSON.parse(await readFile(join(dir, `${NAME}.annotations.json`), 'utf8')) as { annotations: unknown[] };
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await page.getByRole('button', { name: /kyiv/ }).click();
      await page.locator('.turn').first().waitFor();
      await page.locator('.transcript').click();
      await page.keyboard.press('Control+e');
      const dialog = page.getByRole('dialog', { name: 'Export' });
      await dialog.getByLabel('Format').selectOption('csv');
      await expect.poll(() => dialog.getByLabel('Export preview').textContent()).toMatch(/^transcript,id,kind,topics/);
      const saving = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Save…' }).click();
      const download = await saving;
      expect(download.suggestedFilename()).toBe(`${NAME}.csv`);
      const text = await readFile((await download.path())!, 'utf8');
      const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      expect(parsed.data).toHaveLength(stored.annotations.length);

      // Only claims: fewer rows, each a claim.
      await page.keyboard.press('Control+e');
      await dialog.getByLabel('Format').selectOption('csv');
      await dialog.getByLabel('topics', { exact: true }).uncheck();
      await dialog.getByLabel('notes', { exact: true }).uncheck();
      await expect.poll(async () => {
        const preview = (await dialog.getByLabel('Export preview').textContent()) ?? '';
        const rows = Papa.parse<Record<string, string>>(preview, { header: true, skipEmptyLines: true }).data;
        return rows.length > 0 && rows.every((r) => r.kind === 'claim');
      }).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    } finally {
      await s.close();
    }
  }, 60_000);

  it('exports a whole folder into one zip with progress', async () => {
    const dir = await annotatedFolder();
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await page.getByRole('button', { name: 'Export all…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export folder' });
      await dialog.getByLabel('Format').selectOption('txt');
      const saving = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Export' }).click();
      const download = await saving;
      await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/Exported 2 of 2/);
      const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
      expect(Object.keys(files).sort()).toEqual(['nato-rutte-munich-panel-amanpour.txt.txt', `${NAME}.txt`]);
      expect(new TextDecoder().decode(files[`${NAME}.txt`])).toContain('Mark Rutte');
    } finally {
      await s.close();
    }
  }, 60_000);
});
