/**
 * Issue 2's user story, in Chromium through the browser host: open the Kyiv transcript, fix the
 * attribution with the keyboard, split, rename, undo and redo, reload, and find it all kept,
 * with the source file's bytes unchanged.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretAfter, KYIV, labels, launch, openHost, openTranscript, painted, ROOT, workFolder } from './harness.js';

const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('an editor corrects who said what', () => {
  it('attributes, splits, renames, undoes and redoes, and finds it all after a reload', async () => {
    const dir = await workFolder(KYIV);
    const source = join(dir, 'nato-rutte-zelenskyy-kyiv-press-conference.txt');
    const before = await sha(source);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
      expect(await page.locator('.turn').count()).toBe(11);
      expect((await labels(page))[0]).toBe('Unattributed');
      expect(await page.locator('.turn.unattributed').count()).toBe(1);

      // Attribute the opening speech to Mark Rutte, with the keyboard only.
      await caretAfter(page, 'Well thank you');
      await page.keyboard.press('Alt+s');
      await page.getByRole('dialog', { name: 'Who said this turn?' }).waitFor();
      await page.keyboard.type('Rutte');
      await page.keyboard.press('Enter');
      expect((await labels(page))[0]).toBe('Mark Rutte');
      expect(await page.locator('.turn.unattributed').count()).toBe(0);

      // Split a turn: the second part goes to Zelenskyy.
      await caretAfter(page, "because we all know it's crucial.");
      await page.keyboard.press('Control+Shift+Enter');
      await page.getByRole('dialog', { name: /Split here/ }).waitFor();
      await page.keyboard.type('Zelen');
      await page.keyboard.press('Enter');
      expect(await page.locator('.turn').count()).toBe(12);
      const afterSplit = await labels(page);
      expect(afterSplit.slice(0, 5)).toEqual(['Mark Rutte', 'Question', 'Mark Rutte', 'Volodymyr Zelenskyy', 'Question']);
      const splitText = await page.locator('.turn').nth(3).locator('.turn-text').textContent();
      expect(splitText?.startsWith('We have now two-thirds of Allies')).toBe(true);

      // Rename Mark Rutte everywhere, from the speakers panel.
      const rutteTurns = afterSplit.filter((l) => l === 'Mark Rutte').length;
      expect(rutteTurns).toBe(6); // five labelled turns and the opening speech
      await page.getByRole('button', { name: 'Rename Mark Rutte' }).click();
      const name = page.getByRole('dialog', { name: /Rename Mark Rutte/ }).getByRole('textbox');
      await name.fill('Secretary General Rutte');
      await page.keyboard.press('Enter');
      let now = await labels(page);
      expect(now.filter((l) => l === 'Secretary General Rutte')).toHaveLength(rutteTurns);
      expect(now).not.toContain('Mark Rutte');

      // Undo the rename, then redo it: labels follow both ways.
      await page.keyboard.press('Control+z');
      now = await labels(page);
      expect(now.filter((l) => l === 'Mark Rutte')).toHaveLength(rutteTurns);
      await page.keyboard.press('Control+Shift+z');
      now = await labels(page);
      expect(now.filter((l) => l === 'Secretary General Rutte')).toHaveLength(rutteTurns);

      // The panel's other buttons: jump to a speaker's next turn, and open the role and merge dialogs.
      const caretSpeaker = () =>
        page.evaluate(() => document.getSelection()?.anchorNode?.parentElement?.closest('.turn')?.querySelector('.speaker-label')?.textContent);
      expect(await caretSpeaker()).not.toBe('Question');
      await page.getByRole('button', { name: /^Question/ }).first().click();
      await expect.poll(caretSpeaker).toBe('Question');
      await page.getByRole('button', { name: 'Edit role of Volodymyr Zelenskyy' }).click();
      await page.getByRole('dialog', { name: /Role of Volodymyr Zelenskyy/ }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Merge Volodymyr Zelenskyy into…' }).click();
      await page.getByRole('dialog', { name: /Merge Volodymyr Zelenskyy into/ }).waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

      // A transcription fix in the text itself.
      await caretAfter(page, 'NATO and West are falling');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('failing');
      await expect.poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
      await page.screenshot({ path: join(ROOT, 'test-results/editor-kyiv.png') });

      await page.reload();
      await page.locator('.turn').first().waitFor();
      now = await labels(page);
      expect(now).toHaveLength(12);
      expect(now.slice(0, 5)).toEqual(['Secretary General Rutte', 'Question', 'Secretary General Rutte', 'Volodymyr Zelenskyy', 'Question']);
      expect(await page.locator('.transcript').textContent()).toContain('NATO and West are failing');
      expect(await page.locator('.transcript').textContent()).not.toContain('West are falling');

      const sidecar = JSON.parse(await readFile(`${source}.annotations.json`, 'utf8')) as { history: unknown[] };
      expect(sidecar.history.length).toBeGreaterThanOrEqual(2);
      expect(await sha(source)).toBe(before);
    } finally {
      await s.close();
    }
  }, 90_000);

  it('accepts a suggested speaker from the gutter, far down the transcript, without losing its place; undo takes it back', async () => {
    const dir = await workFolder(KYIV);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
      const turn = page.locator('.turn', { hasText: 'Natalya Kushnir, ABC News.' });
      const suggestion = turn.locator('.speaker-suggestion');
      await suggestion.scrollIntoViewIfNeeded();
      await expect.poll(() => suggestion.textContent()).toBe('Suggest: Natalya Kushnir, ABC News');
      await suggestion.click();
      await expect.poll(() => turn.locator('.speaker-label').textContent()).toBe('Natalya Kushnir');
      expect(await suggestion.isVisible()).toBe(false);
      // The turn is still on screen: the view did not jump to wherever the caret was.
      const box = await turn.boundingBox();
      expect(box && box.y < 900 && box.y + box.height > 0).toBe(true);
      await page.keyboard.press('Control+z');
      await expect.poll(() => turn.locator('.speaker-label').textContent()).toBe('Question');
      expect(await suggestion.isVisible()).toBe(true);
      // Undo too stays on it: it puts the caret back where it was before the change, in that turn.
      await painted(page);
      const after = await turn.boundingBox();
      expect(after && after.y < 900 && after.y + after.height > 0).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('opens a transcript whose sidecar is corrupt read-only, says why, and leaves the sidecar alone', async () => {
    const dir = await workFolder(KYIV);
    const sidecarPath = join(dir, 'nato-rutte-zelenskyy-kyiv-press-conference.txt.annotations.json');
    await writeFile(sidecarPath, '{"format": "parley-annotations", oops');
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await page.getByRole('button', { name: /nato-rutte-zelenskyy-kyiv/ }).click();
      await page.locator('.turn').first().waitFor();
      const alert = page.getByRole('alert').first();
      await expect.poll(() => alert.textContent()).toMatch(/annotations\.json/);
      expect(await page.locator('[data-status]').textContent()).toBe('Read-only');
      expect(await page.locator('.turn').count()).toBe(11);
      await caretAfter(page, 'Well thank you');
      await page.keyboard.type('XYZ');
      // Each key has been handled when type() returns; once the page has painted after them, an edit
      // would be in the text. None is: nothing changed, so no save can have been started either (the
      // app saves a change only), and the sidecar is read now rather than after a guessed wait.
      await painted(page);
      expect(await page.locator('.transcript').getAttribute('contenteditable')).toBe('false');
      expect(await page.locator('.transcript').textContent()).not.toContain('XYZ');
      expect(await page.locator('[data-status]').textContent()).toBe('Read-only');
      expect(await readFile(sidecarPath, 'utf8')).toBe('{"format": "parley-annotations", oops');
    } finally {
      await s.close();
    }
  }, 60_000);
});
