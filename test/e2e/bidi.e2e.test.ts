/**
 * A right-to-left override copied in with a transcript cannot make the editor show words other than
 * the ones stored: the control is marked and isolated, and the text after it reads in stored order.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openHost, openTranscript, workFolder } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

/** The left edges on screen of each character of `word`, found in the transcript's text. */
async function leftEdges(page: Page, word: string): Promise<number[]> {
  return page.evaluate((word) => {
    const walker = document.createTreeWalker(document.querySelector('.transcript')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(word) ?? -1;
      if (at < 0) continue;
      return [...word].map((_, i) => {
        const range = document.createRange();
        range.setStart(node, at + i);
        range.setEnd(node, at + i + 1);
        return range.getBoundingClientRect().left;
      });
    }
    throw new Error(`"${word}" is not in the transcript`);
  }, word);
}

describe('bidi controls in a transcript', () => {
  it('are shown and cannot reorder the words after them', async () => {
    const dir = await workFolder();
    await writeFile(join(dir, 'spoofed.txt'), 'ANNA KOWALSKI: We will pay 100 to \u202Ebojnatsid today.\n\nMARK RUTTE: Thank you.\n', 'utf8');
    const s = await openHost(browser, dir);
    const { page } = s;
    try {
      await openTranscript(page, /spoofed/);
      const mark = page.locator('.transcript .bidi-control');
      await mark.waitFor();
      expect(await mark.count()).toBe(1);
      expect(await mark.getAttribute('title')).toMatch(/^U\+202E RIGHT-TO-LEFT OVERRIDE: /);
      // Stored order, left to right: the override no longer turns "bojnatsid" into "distanjob".
      const edges = await leftEdges(page, 'bojnatsid');
      expect(edges).toEqual([...edges].sort((a, b) => a - b));
      expect(edges[0]).toBeLessThan(edges[8]!);
      // And the text is kept as it was: the character is data, not removed.
      expect(await page.locator('.transcript').textContent()).toContain('to \u202Ebojnatsid today');
      await page.locator('.transcript .turn').first().screenshot({ path: process.env.BIDI_SHOT ?? join(dir, 'bidi.png') });
    } finally {
      await s.close();
    }
  });
});
