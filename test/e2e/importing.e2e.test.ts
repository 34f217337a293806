/**
 * Issue 3's "In the app": opening a file without a sidecar shows the import preview (the detected
 * convention and its confidence, speakers with turn counts, warnings, the first turns); the user
 * can switch the convention or rename speakers before opening; a folder imports with progress.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KYIV, labels, launch, MUNICH, openHost, workFolder } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('importing', () => {
  it('previews a file, lets the user switch the convention and rename a speaker, then opens it so', async () => {
    const dir = await workFolder(MUNICH);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await page.getByRole('button', { name: /munich/ }).click();
      const preview = page.getByRole('dialog', { name: 'Import preview' });
      await expect.poll(() => preview.getByTestId('preview-summary').textContent()).toMatch(/^12 turns · 2 speakers/);
      expect(await preview.getByLabel('Convention').inputValue()).toBe('label-line');
      expect(await preview.locator('.preview-turns li').count()).toBeGreaterThan(3);
      expect(await preview.locator('.preview-warnings').textContent()).toMatch(/web-page/i);

      // Reading it as plain paragraphs gives no speakers; back to labels gives them again.
      await preview.getByLabel('Convention').selectOption('paragraphs');
      await expect.poll(() => preview.getByTestId('preview-summary').textContent()).toMatch(/0 speakers/);
      await preview.getByLabel('Convention').selectOption('label-line');
      await expect.poll(() => preview.getByTestId('preview-summary').textContent()).toMatch(/12 turns · 2 speakers/);

      await preview.getByLabel('Name of Christiane Amanpour').fill('Christiane Amanpour (CNN)');
      await page.keyboard.press('Control+Enter');
      await page.locator('.turn').first().waitFor();
      const shown = await labels(page);
      expect(shown).toHaveLength(12);
      expect(shown[0]).toBe('Christiane Amanpour (CNN)');
      expect(shown[1]).toBe('Mark Rutte');
    } finally {
      await s.close();
    }
  }, 60_000);

  it('imports every new transcript of a folder with a progress bar', async () => {
    const dir = await workFolder(KYIV, MUNICH);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await page.getByRole('button', { name: /Import all 2 new transcripts/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Import folder' });
      await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/Imported 2 of 2/);
      expect(await dialog.getByRole('progressbar').getAttribute('value')).toBe('2');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect.poll(() => page.locator('.file-list .badge').count()).toBe(2);
      for (const f of [KYIV, MUNICH]) {
        const name = f.split('/').pop()!;
        await access(join(dir, `${name}.annotations.json`));
        const sidecar = JSON.parse(await readFile(join(dir, `${name}.annotations.json`), 'utf8')) as { turns: unknown[] };
        expect(sidecar.turns.length).toBe(name.includes('munich') ? 12 : 11);
      }
    } finally {
      await s.close();
    }
  }, 60_000);
});
