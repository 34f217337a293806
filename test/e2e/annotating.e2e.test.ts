/**
 * Issue 4's story in Chromium through the browser host: on the Kyiv transcript, make a codebook,
 * tag topics and mark a claim with the keyboard, overlap two spans, edit text inside one, undo,
 * reload and find everything; then change the source on disk and reopen: the re-anchoring report
 * appears and no annotation is lost.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretAfter, KYIV, launch, openHost, openTranscript, ROOT, selectText, workFolder } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const SOURCE = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';

async function savedState(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
}

interface StoredAnnotation {
  id: string;
  kind: string;
  topics: string[];
  detached: boolean;
  target: { exact: string };
  claim: { status: string } | null;
}

async function sidecar(dir: string): Promise<{ annotations: StoredAnnotation[]; codebook: { topics: { id: string; label: string }[] } }> {
  return JSON.parse(await readFile(join(dir, `${SOURCE}.annotations.json`), 'utf8')) as {
    annotations: StoredAnnotation[];
    codebook: { topics: { id: string; label: string }[] };
  };
}

describe('an analyst tags topics and claims', () => {
  it('tags with the keyboard, overlaps spans, follows edits, undoes, and keeps it all across a reload and a changed source', async () => {
    const dir = await workFolder(KYIV);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
      await page.getByRole('tab', { name: 'Codebook' }).click();
      for (const topic of ['Air defence', 'Funding']) {
        await page.getByLabel('New topic').fill(topic);
        await page.keyboard.press('Enter');
        await page.locator('.topic-label', { hasText: topic }).waitFor();
      }

      // Alt+1 in Edit mode; then Annotate mode, where the bare key 2 tags and C marks a claim.
      await selectText(page, "it has supplied around 75% of all missiles for Ukraine's Patriot batteries");
      await page.keyboard.press('Alt+1');
      await page.keyboard.press('Control+m');
      await expect.poll(() => page.getByRole('button', { name: 'Annotate' }).getAttribute('aria-pressed')).toBe('true');
      await selectText(page, '75% of all missiles');
      await page.keyboard.press('2');
      await selectText(page, '90% of the missiles used in other air defence systems');
      await page.keyboard.press('c');
      // In Annotate mode typing does not change the text.
      await page.keyboard.type('zzz');
      expect(await page.locator('.transcript').textContent()).not.toContain('zzz');

      await page.getByLabel('Check status', { exact: true }).selectOption('accurate');
      await page.getByLabel('Claim type', { exact: true }).selectOption('statistic');
      await page.getByRole('tab', { name: /Annotations/ }).click();
      await expect.poll(() => page.locator('.annotation-row').count()).toBe(3);
      // The overlap: the inner span lies inside the outer one, both drawn.
      await expect.poll(() => page.locator('.ann .ann').count()).toBeGreaterThan(0);

      // Back to Edit mode; fix a word inside the outer span: the annotation follows the edit.
      await page.keyboard.press('Control+m');
      await caretAfter(page, 'it has supplied');
      await page.keyboard.type(' roughly');
      await savedState(page);
      let stored = await sidecar(dir);
      expect(stored.annotations).toHaveLength(3);
      const outer = stored.annotations.find((a) => a.target.exact.startsWith('it has supplied'));
      if (!outer) console.log(JSON.stringify(stored.annotations.map((a) => a.target), null, 1));
      expect(outer?.target.exact).toBe("it has supplied roughly around 75% of all missiles for Ukraine's Patriot batteries");
      expect(stored.annotations.find((a) => a.kind === 'claim')?.claim?.status).toBe('accurate');

      // Delete the claim's text entirely: kept as detached; undo brings text and claim back.
      await selectText(page, '90% of the missiles used in other air defence systems');
      await page.keyboard.press('Backspace');
      await savedState(page);
      stored = await sidecar(dir);
      expect(stored.annotations.find((a) => a.kind === 'claim')?.detached).toBe(true);
      await expect.poll(() => page.locator('.annotation-row.detached').count()).toBe(1);
      await page.keyboard.press('Control+z');
      await savedState(page);
      stored = await sidecar(dir);
      expect(stored.annotations.find((a) => a.kind === 'claim')?.detached).toBe(false);
      expect(await page.locator('.transcript').textContent()).toContain('90% of the missiles used in other air defence systems');

      // Undo the text fix too: the outer span's quote is back to the source's words.
      await page.keyboard.press('Control+z');
      await savedState(page);
      stored = await sidecar(dir);
      expect(stored.annotations.map((a) => a.target.exact).sort()).toEqual(
        ['75% of all missiles', '90% of the missiles used in other air defence systems', "it has supplied around 75% of all missiles for Ukraine's Patriot batteries"].sort(),
      );
      // Split the paragraph between the outer span and the claim, then undo: the claim's highlight
      // covers its words exactly throughout (the paragraph it is in is made anew by each).
      const claimHighlight = () => page.locator('.ann-claim').allTextContents();
      await caretAfter(page, "Ukraine's Patriot batteries");
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.transcript p', { hasText: /^\s*and 90% of the missiles/ }).count()).toBe(1);
      await expect.poll(claimHighlight).toEqual(['90% of the missiles used in other air defence systems']);
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.locator('.transcript p', { hasText: /Patriot batteries,? and 90% of the missiles/ }).count()).toBe(1);
      await expect.poll(claimHighlight).toEqual(['90% of the missiles used in other air defence systems']);
      // Split the turn inside the outer span: the new turn, made by the edit, has its highlights
      // drawn at once, on the same words; undo joins the turns and the highlights follow.
      const turnsBefore = await page.locator('.turn').count();
      await caretAfter(page, 'it has supplied around');
      await page.keyboard.press('Control+Shift+Enter');
      await page.getByRole('dialog', { name: /Split here/ }).waitFor();
      await page.keyboard.type('Zelen');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.turn').count()).toBe(turnsBefore + 1);
      const newTurn = page.locator('.turn', { hasText: /^Volodymyr Zelenskyy.*75% of all missiles for Ukraine's Patriot batteries/ });
      await expect.poll(() => newTurn.locator('.ann-claim').allTextContents()).toEqual(['90% of the missiles used in other air defence systems']);
      // The inner span, inside the outer one, on its words.
      await expect.poll(() => newTurn.locator('.ann .ann').allTextContents()).toEqual(['75% of all missiles']);
      await page.keyboard.press('Control+z');
      await expect.poll(() => page.locator('.turn').count()).toBe(turnsBefore);
      await expect.poll(claimHighlight).toEqual(['90% of the missiles used in other air defence systems']);
      await page.screenshot({ path: join(ROOT, 'test-results/annotating-kyiv.png') });

      await page.reload();
      await page.locator('.turn').first().waitFor();
      await page.getByRole('tab', { name: /Annotations/ }).click();
      await expect.poll(() => page.locator('.annotation-row').count()).toBe(3);
      await expect.poll(() => page.locator('.ann').count()).toBeGreaterThanOrEqual(3);

      // The source changes on disk (a word earlier in the text): reopening re-anchors, nothing lost.
      await page.getByRole('button', { name: 'Close' }).click();
      const sourcePath = join(dir, SOURCE);
      const text = await readFile(sourcePath, 'utf8');
      await writeFile(sourcePath, text.replace('This equipment has been flowing steadily', 'This equipment has been flowing very steadily'));
      await page.getByRole('button', { name: /nato-rutte-zelenskyy-kyiv/ }).click();
      await page.locator('.turn').first().waitFor();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/re-anchored/i);
      await page.getByRole('tab', { name: /Annotations/ }).click();
      await expect.poll(() => page.locator('.annotation-row').count()).toBe(3);
      expect(await page.locator('.annotation-row.detached').count()).toBe(0);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('tags from the context menu and the palette, edits the check statuses, and exports them with the sidecar', async () => {
    const dir = await workFolder(KYIV);
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await openTranscript(page, /nato-rutte-zelenskyy-kyiv/);
      await page.getByRole('tab', { name: 'Codebook' }).click();
      await page.getByLabel('New topic').fill('Energy');
      await page.keyboard.press('Enter');
      await page.locator('.topic-label', { hasText: 'Energy' }).waitFor();

      // A status renamed and one added: both lists are editable.
      await page.getByText('Check statuses (7)').click();
      await page.getByLabel('Name of Misleading').fill('Misleading (context missing)');
      await page.getByLabel('Name of Misleading').press('Tab');
      await page.getByLabel('New status').fill('Needs a second source');
      await page.keyboard.press('Enter');
      await page.getByText('Check statuses (8)').waitFor();

      await selectText(page, 'over 70 missiles and 450 drones');
      // Right-click inside the selection, as a user would.
      const box = await page.evaluate(() => {
        const range = getSelection()!.getRangeAt(0);
        range.startContainer.parentElement!.scrollIntoView({ block: 'center' });
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.mouse.click(box.x, box.y, { button: 'right' });
      const menu = page.getByRole('menu', { name: 'Annotate the selection' });
      await menu.getByRole('menuitem', { name: /Energy/ }).click();
      await expect.poll(() => page.locator('.ann').count()).toBeGreaterThan(0);

      await selectText(page, 'minus 25 degrees here in Kyiv');
      await page.keyboard.press('Control+k');
      await page.getByLabel('Command or topic').fill('energy');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.ann').count()).toBeGreaterThan(1);

      await expect.poll(() => page.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');
      const stored = JSON.parse(await readFile(join(dir, `${SOURCE}.annotations.json`), 'utf8')) as {
        annotations: { target: { exact: string }; topics: string[] }[];
        codebook: { statuses: { label: string }[] };
      };
      expect(stored.annotations.map((a) => a.target.exact).sort()).toEqual(['minus 25 degrees here in Kyiv', 'over 70 missiles and 450 drones']);
      expect(stored.codebook.statuses.map((x) => x.label)).toContain('Misleading (context missing)');
      expect(stored.codebook.statuses.map((x) => x.label)).toContain('Needs a second source');
      // The folder's codebook holds the topic too, for the other transcripts of the folder.
      const folder = JSON.parse(await readFile(join(dir, 'parley.codebook.json'), 'utf8')) as { topics: { label: string }[] };
      expect(folder.topics.map((t) => t.label)).toEqual(['Energy']);
    } finally {
      await s.close();
    }
  }, 60_000);
});
