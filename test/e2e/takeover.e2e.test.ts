/**
 * Issue 14 in Chromium through the browser host: a window opens a transcript that another window
 * holds, read-only, and takes it over with "Edit here instead". Two browser contexts are two
 * windows (each its own session storage, so its own client id), on one host.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretAfter, KYIV, launch, openHost, openTranscript, workFolder } from './harness.js';

const NAME = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const POLL = { timeout: 10_000, interval: 100 };
/**
 * The window that lost the file learns it from its status polling (DISK_POLL_MS, 3 s, in
 * renderer/components/DiskBanners.tsx): up to one interval, plus a generous margin for a busy machine.
 */
const LEARN = { timeout: 3_000 + 12_000, interval: 100 };

/** A file's text, or '' while it does not exist. */
async function onDisk(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

/** The text of the first turn, as the editor shows it. */
async function firstTurn(page: Page): Promise<string> {
  return (await page.locator('.turn .turn-text').first().textContent()) ?? '';
}

/** What the toolbar's save status says. */
async function saveStatus(page: Page): Promise<string> {
  return (await page.getByRole('status').textContent()) ?? '';
}

describe('Edit here instead', () => {
  it('takes the file over from the window holding it, which turns read-only and keeps its unsaved work on offer', { timeout: 90_000 }, async () => {
    const dir = await workFolder(KYIV);
    const sidecar = join(dir, `${NAME}.annotations.json`);
    const s = await openHost(browser, dir);
    const a = s.page;
    const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    try {
      // Window A edits and saves.
      await openTranscript(a, /nato-rutte-zelenskyy-kyiv/);
      await caretAfter(a, 'Well thank you');
      await a.keyboard.type(' (A first)');
      await expect.poll(() => onDisk(sidecar), POLL).toContain('(A first)');
      await expect.poll(() => a.getByRole('status').getAttribute('data-status'), POLL).toBe('saved');

      // A types on, but its autosave is held on its way (as from a window about to freeze): it
      // arrives only after B has taken the file over.
      const held: Route[] = [];
      await a.route('**/api/save', (route) => void held.push(route));
      await a.keyboard.type(' (A unsaved)');
      await expect.poll(() => held.length, POLL).toBe(1);

      // Window B opens the same file: read-only, saying why, with A's saved work.
      const b = await other.newPage();
      b.on('pageerror', (e) => pageErrors.push(String(e)));
      await b.goto(s.url);
      await openTranscript(b, /nato-rutte-zelenskyy-kyiv/);
      await b.getByText(/already open for editing in another Parley window/).waitFor();
      await b.getByRole('status').getByText('Read-only', { exact: true }).waitFor();
      expect(await firstTurn(b)).toContain('(A first)');
      expect(await firstTurn(b)).not.toContain('(A unsaved)');

      await b.getByRole('button', { name: 'Edit here instead' }).click();
      await expect.poll(() => saveStatus(b), POLL).toBe('Saved');
      await b.getByText(/already open for editing in another Parley window/).waitFor({ state: 'detached' });

      // A's save lands now, and is refused: B holds the file.
      for (const route of held) await route.continue();
      await a.unroute('**/api/save');

      // B edits, and its autosave writes the file.
      await caretAfter(b, '(A first)');
      await b.keyboard.type(' (B here)');
      await b.locator('.turn').first().getByText('(A first) (B here)').waitFor();
      await expect.poll(() => b.getByRole('status').getAttribute('data-status'), POLL).toBe('saved');
      await expect.poll(() => onDisk(sidecar), POLL).toContain('(A first) (B here)');
      expect(await onDisk(sidecar)).not.toContain('(A unsaved)');

      // A learns it from its status polling: a banner, the toolbar says Read-only, and its work
      // that was not saved is still on screen, offered as a copy.
      const banner = a.locator('[data-banner="taken-over"]');
      await banner.waitFor({ timeout: LEARN.timeout });
      expect(await banner.textContent()).toMatch(/now being edited in another Parley window/);
      await expect.poll(() => saveStatus(a), POLL).toBe('Read-only');
      expect(await firstTurn(a)).toContain('(A first) (A unsaved)');
      const [download] = await Promise.all([a.waitForEvent('download'), banner.getByRole('button', { name: 'Save a copy…' }).click()]);
      expect(download.suggestedFilename()).toBe(`${NAME}.annotations.json`);
      const copy = JSON.parse(await readFile((await download.path()) ?? '', 'utf8')) as { turns: { paragraphs: string[] }[] };
      expect(copy.turns[0]?.paragraphs[0]).toContain('(A first) (A unsaved)');

      // Typing in A changes nothing, here or on disk.
      const before = await firstTurn(a);
      await caretAfter(a, '(A unsaved)');
      await a.keyboard.type('zzz');
      expect(await firstTurn(a)).toBe(before);
      expect(await saveStatus(a)).toBe('Read-only');
      expect(await onDisk(sidecar)).not.toContain('zzz');
      expect(await onDisk(sidecar)).toContain('(A first) (B here)');
      // The conflict banner (B's save is a change on disk for A) would offer Keep mine, which A can no longer do.
      expect(await a.locator('[data-banner="conflict"]').count()).toBe(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await other.close();
      // A's refused save answers 409, which Chromium logs.
      await s.close(/409 \(Conflict\)/);
    }
  });
});
