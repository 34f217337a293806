/**
 * Issue 6 in Chromium through the browser host: a colleague's copy of the annotations file arrives
 * while the transcript is open; Parley never saves over it silently, keeps the unsaved work as a draft
 * when the window goes away, offers it back, and lets the user keep theirs or reload the other.
 * A second window on the same file is read-only, and a source that is moved away is reported.
 */
import { readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
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

/** A file's text, or '' while it does not exist. */
async function onDisk(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

/** The text of the first turn, as the editor shows it. */
async function firstTurn(page: Page): Promise<string> {
  return (await page.locator('.turn .turn-text').first().textContent()) ?? '';
}

/**
 * Open the Kyiv transcript, take its folder away (a USB stick pulled, a network share lost) and
 * type: the save fails. Returns the banner that says so.
 */
async function unsavableEdit(page: Page, dir: string): Promise<Locator> {
  await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
  await rename(dir, `${dir}-gone`);
  await caretAfter(page, 'Well thank you');
  await page.keyboard.type(' (unsavable)');
  const failed = page.locator('[data-banner="save-failed"]');
  await failed.waitFor({ timeout: 10_000 });
  return failed;
}

/** Open the Kyiv transcript and save it twice, so that the second save keeps the first as the .bak. */
async function saveTwice(page: Page, sidecar: string): Promise<void> {
  await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
  await caretAfter(page, 'Well thank you');
  await page.keyboard.type(' (first save)');
  await expect.poll(() => onDisk(sidecar), POLL).toContain('(first save)');
  await page.keyboard.type(' (second save)');
  await expect.poll(() => onDisk(`${sidecar}.bak`), POLL).toContain('(first save)');
  await expect.poll(() => onDisk(sidecar), POLL).toContain('(second save)');
}

describe('never lose an editor’s work', () => {
  it('a sidecar changed on disk is not saved over; the work survives the window as a draft; keep mine or reload theirs', async () => {
    const dir = await workFolder(KYIV);
    const sidecar = join(dir, `${NAME}.annotations.json`);
    const s = await openHost(browser, dir);
    const { page } = s;
    const pageErrors: string[] = [];
    try {
      await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
      await caretAfter(page, 'Well thank you');
      await page.keyboard.type(' (mine)');
      await expect.poll(() => onDisk(sidecar), POLL).toContain('(mine)');

      // A colleague's version arrives through a sync client.
      const theirs = (await readFile(sidecar, 'utf8')).replace('(mine)', '(theirs)');
      await writeFile(sidecar, theirs);
      await page.locator('[data-banner="conflict"]').waitFor({ timeout: 10_000 });

      // Typing on: the autosave is refused, and the work is kept as a draft outside the folder.
      await page.keyboard.type(' and more');
      await page.getByRole('status').getByText('Not saved · kept as a draft', { exact: true }).waitFor();
      expect(await readFile(sidecar, 'utf8')).toBe(theirs);
      expect(await readdir(s.draftsDir)).toHaveLength(1);

      // The window goes away without a choice being made; a new one opens the file.
      const second = await page.context().newPage();
      second.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.close();
      await second.goto(s.url);
      await openTranscript(second, /nato-rutte-zelenskyy-kyiv/);
      // Writable (the closed window released the file), showing what is on disk, and offering the draft.
      await second.locator('[data-banner="draft"]').waitFor();
      expect(await second.getByRole('status').getByText('Read-only', { exact: true }).count()).toBe(0);
      expect(await firstTurn(second)).toContain('(theirs)');
      await second.getByRole('button', { name: 'Restore it' }).click();
      await second.locator('.turn').first().getByText('(mine) and more').waitFor();
      // Restoring is the user's choice for their own work: it is saved, and the draft is gone.
      await expect.poll(() => onDisk(sidecar), POLL).toContain('(mine) and more');
      await expect.poll(async () => (await readdir(s.draftsDir)).length, POLL).toBe(0);

      // Another change on disk: this time the user keeps their own version.
      const again = (await readFile(sidecar, 'utf8')).replace('(mine) and more', '(theirs, again)');
      await writeFile(sidecar, again);
      await second.locator('[data-banner="conflict"]').waitFor({ timeout: 10_000 });
      await second.getByRole('button', { name: 'Keep mine' }).click();
      await second.locator('[data-banner="conflict"]').waitFor({ state: 'detached' });
      expect(await readFile(sidecar, 'utf8')).toContain('(mine) and more');

      // And once more: reload theirs.
      const third = (await readFile(sidecar, 'utf8')).replace('(mine) and more', '(theirs, kept)');
      await writeFile(sidecar, third);
      await second.locator('[data-banner="conflict"]').waitFor({ timeout: 10_000 });
      await second.getByRole('button', { name: 'Reload theirs' }).click();
      await second.locator('.turn').first().getByText('(theirs, kept)').waitFor();
      await second.locator('[data-banner="conflict"]').waitFor({ state: 'detached' });
      expect(await readFile(sidecar, 'utf8')).toBe(third);
      expect(pageErrors).toEqual([]);
    } finally {
      // The refused saves answer 409, which Chromium logs.
      await s.close(/409 \(Conflict\)/);
    }
  });

  it('a second window opens the file read-only, and a source moved away is reported while the work stays editable', async () => {
    const dir = await workFolder(KYIV);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
      await caretAfter(page, 'Well thank you');
      await page.keyboard.type(' (first window)');
      await expect.poll(() => onDisk(join(dir, `${NAME}.annotations.json`)), POLL).toContain('(first window)');

      const other = await page.context().newPage();
      await other.goto(s.url);
      await openTranscript(other, /nato-rutte-zelenskyy-kyiv/);
      await other.getByText(/already open for editing in another Parley window/).waitFor();
      await other.getByRole('status').getByText('Read-only', { exact: true }).waitFor();
      await other.close();

      await rename(join(dir, NAME), join(dir, 'moved-away.txt'));
      await page.locator('[data-banner="source-missing"]').waitFor({ timeout: 10_000 });
      await caretAfter(page, '(first window)');
      await page.keyboard.type(' still editable');
      await expect.poll(() => onDisk(join(dir, `${NAME}.annotations.json`)), POLL).toContain('(first window) still editable');
    } finally {
      await s.close();
    }
  });

  it('a save that fails says so, keeps the work as a draft, and offers a copy to save elsewhere', async () => {
    const dir = await workFolder(KYIV);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      const failed = await unsavableEdit(page, dir);
      expect(await failed.textContent()).toMatch(/save/i);
      await page.getByRole('status').getByText('Not saved · kept as a draft', { exact: true }).waitFor();
      expect(await readdir(s.draftsDir)).toHaveLength(1);
      // The work is still in the editor.
      expect(await firstTurn(page)).toContain('(unsavable)');

      const [download] = await Promise.all([page.waitForEvent('download'), failed.getByRole('button', { name: 'Save a copy…' }).click()]);
      expect(download.suggestedFilename()).toBe(`${NAME}.annotations.json`);
      const copy = JSON.parse(await readFile((await download.path()) ?? '', 'utf8')) as { turns: { paragraphs: string[] }[] };
      expect(copy.turns[0]?.paragraphs[0]).toContain('(unsavable)');

      // The folder comes back: trying again saves, and the draft is no longer needed.
      await rename(`${dir}-gone`, dir);
      await failed.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => onDisk(join(dir, `${NAME}.annotations.json`)), POLL).toContain('(unsavable)');
      await failed.waitFor({ state: 'detached' });
      expect(await readdir(s.draftsDir)).toHaveLength(0);
    } finally {
      await s.close(/Failed to load resource/);
    }
  });

  it('work a save could not write is never dropped without asking: Close asks, and so does leaving the page', async () => {
    const dir = await workFolder(KYIV);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await unsavableEdit(page, dir);
      // Closing now would drop work that is not on disk: Parley asks, and Keep editing (Esc) stays.
      await page.getByRole('button', { name: 'Close', exact: true }).click();
      const ask = page.getByRole('dialog', { name: 'Unsaved changes' });
      await ask.waitFor();
      expect(await ask.textContent()).toContain('kept as a draft');
      await page.keyboard.press('Escape');
      await ask.waitFor({ state: 'detached' });
      expect(await firstTurn(page)).toContain('(unsavable)');
      // Leaving the page asks too (the browser's own question); staying keeps the work on screen.
      const asked = page.waitForEvent('dialog');
      void page.reload().catch(() => undefined);
      const leave = await asked;
      expect(leave.type()).toBe('beforeunload');
      await leave.dismiss();
      expect(await firstTurn(page)).toContain('(unsavable)');
    } finally {
      await s.close(/Failed to load resource/);
    }
  });

  it('a corrupt annotations file opens read-only and its last good version can be restored', async () => {
    const dir = await workFolder(KYIV);
    const sidecar = join(dir, `${NAME}.annotations.json`);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await saveTwice(page, sidecar);

      // A sync client leaves the file torn; the page is reloaded.
      const torn = (await readFile(sidecar, 'utf8')).slice(0, 200);
      await writeFile(sidecar, torn);
      await page.reload();
      await page.locator('.turn').first().waitFor();
      await page.getByRole('status').getByText('Read-only', { exact: true }).waitFor();
      const offer = page.locator('[data-banner="backup"]');
      await offer.waitFor();
      await offer.getByRole('button', { name: 'Restore the last good version' }).click();
      await page.locator('.turn').first().getByText('(first save)').waitFor();
      await offer.waitFor({ state: 'detached' });
      expect(await page.getByRole('status').getByText('Read-only', { exact: true }).count()).toBe(0);
      // The torn file is kept beside it, byte for byte.
      const kept = (await readdir(dir)).filter((n) => n.endsWith('.corrupt'));
      expect(kept).toHaveLength(1);
      expect(await readFile(join(dir, kept[0] ?? ''), 'utf8')).toBe(torn);
    } finally {
      await s.close();
    }
  });

  it('annotations found unreadable only after the text is shown: the file opens again read-only, offering its last good version', async () => {
    const dir = await workFolder(KYIV);
    const sidecar = join(dir, `${NAME}.annotations.json`);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await saveTwice(page, sidecar);

      // Valid JSON, and valid but for one annotation: the open shows the text before it reads them.
      const good = await readFile(sidecar, 'utf8');
      const broken = good.replace(/\n {2}"annotations": \[[^]*\]\n\}\n$/, '\n  "annotations": [\n    {\n      "id": "no-kind"\n    }\n  ]\n}\n');
      expect(broken).not.toBe(good);
      await writeFile(sidecar, broken);
      await page.reload();
      await page.getByRole('status').getByText('Read-only', { exact: true }).waitFor();
      await page.locator('[data-banner="backup"]').waitFor();
      await page.getByText(/does not match the annotations format \(annotations\.0\.kind/).waitFor();
      // Nothing was written over it; restoring brings back the last good save.
      expect(await readFile(sidecar, 'utf8')).toBe(broken);
      await page.locator('[data-banner="backup"]').getByRole('button', { name: 'Restore the last good version' }).click();
      await page.locator('.turn').first().getByText('(first save)').waitFor();
    } finally {
      await s.close(/Failed to load resource/);
    }
  });
});
