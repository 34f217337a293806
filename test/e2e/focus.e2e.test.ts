/**
 * Where the keys go (issue 14): each focus rule with the keys a user presses, then a few typed
 * characters, checked in the text where the user meant them, and the speaker's words untouched.
 * Dialogs taking and giving back the focus are in dialogs.e2e.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretAfter, launch, openHost, openTranscript, ROOT, selectText, workFolder, type Session } from './harness.js';

const FIXTURE = resolve(ROOT, 'test/fixtures/annotated');
const SOURCE = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';
const SPAN = 'Because of the number of the ballistic missiles';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The annotated Kyiv fixture, opened in a fresh folder. */
async function opened(): Promise<Session & { dir: string }> {
  const dir = await workFolder(join(FIXTURE, SOURCE), join(FIXTURE, `${SOURCE}.annotations.json`));
  const s = await openHost(browser, dir);
  await openTranscript(s.page, /nato-rutte-zelenskyy-kyiv/);
  await expect.poll(() => s.page.getByRole('tab', { name: /^Annotations/ }).textContent()).toBe('Annotations (27)');
  return { ...s, dir };
}

/** The text of the paragraph holding `phrase`. */
async function paragraphWith(page: Page, phrase: string): Promise<string> {
  return (await page.locator('.transcript p', { hasText: phrase }).first().textContent()) ?? '';
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.className ?? null);

describe('focus rules', () => {
  it('Alt+N puts the caret in the note field; Esc returns to the text at the span’s end', async () => {
    const s = await opened();
    const { page } = s;
    try {
      await selectText(page, SPAN);
      await page.keyboard.press('Alt+n');
      await expect.poll(() => focused(page)).toBe('Note');
      // Typed as one does in Google Docs: the note gets it, the speaker's words stay.
      await page.keyboard.type('Source?');
      expect(await paragraphWith(page, SPAN)).toContain(SPAN);
      expect(await page.getByLabel('Note', { exact: true }).inputValue()).toBe('Source?');
      await page.keyboard.press('Escape');
      await expect.poll(() => focused(page)).toBe('Transcript');
      await page.keyboard.type('!');
      await expect.poll(() => paragraphWith(page, SPAN)).toContain(`${SPAN}!`);
      // Esc handed the note on: it is saved, on disk, on the span.
      const notes = async () => {
        const text = await readFile(join(s.dir, `${SOURCE}.annotations.json`), 'utf8').catch(() => '{}');
        const sidecar = JSON.parse(text) as { annotations?: { kind: string; note: string; target: { exact: string } }[] };
        return (sidecar.annotations ?? []).filter((a) => a.kind === 'note' && a.note === 'Source?').map((a) => a.target.exact);
      };
      await expect.poll(notes, { timeout: 10_000 }).toEqual([SPAN]);
    } finally {
      await s.close();
    }
  });

  it('N in Annotate mode does the same', async () => {
    const s = await opened();
    const { page } = s;
    try {
      await page.keyboard.press('Control+m');
      await expect.poll(() => page.getByRole('button', { name: 'Annotate' }).getAttribute('aria-pressed')).toBe('true');
      await selectText(page, SPAN);
      await page.keyboard.press('n');
      await expect.poll(() => focused(page)).toBe('Note');
      await page.keyboard.type('typed into the note');
      expect(await page.getByLabel('Note', { exact: true }).inputValue()).toBe('typed into the note');
      expect(await paragraphWith(page, SPAN)).toContain(SPAN);
    } finally {
      await s.close();
    }
  });

  it('after Alt+C the claim’s first field is one key away (Tab), and a key typed first goes after the span', async () => {
    const s = await opened();
    const { page } = s;
    try {
      await selectText(page, SPAN);
      await page.keyboard.press('Alt+c');
      await expect.poll(() => page.getByLabel('Claim type', { exact: true }).count()).toBe(1);
      // The marked words are no longer selected: typing adds, it does not replace.
      await page.keyboard.type('X');
      await expect.poll(() => paragraphWith(page, SPAN)).toContain(`${SPAN}X`);
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page)).toBe('Claim type');
      // Esc from the claim's fields: back in the text at the claim's end.
      await page.keyboard.press('Escape');
      await expect.poll(() => focused(page)).toBe('Transcript');
      await page.keyboard.type('?');
      await expect.poll(() => paragraphWith(page, SPAN)).toContain(`${SPAN}?`);
    } finally {
      await s.close();
    }
  });

  it('a click in the text puts the caret where clicked, whatever was selected before, also right after tagging', async () => {
    const s = await opened();
    const { page } = s;
    try {
      const tagged = 'We also continue to provide support';
      await selectText(page, tagged);
      await page.keyboard.press('Alt+1');
      await expect.poll(() => page.getByRole('tab', { name: /^Annotations/ }).textContent()).toBe('Annotations (28)');
      // Click just after "Well thank you" in another paragraph, as a pointer does.
      const target = 'Well thank you';
      const box = await page.evaluate((phrase) => {
        const editor = document.querySelector('.transcript')!;
        const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent?.indexOf(phrase) ?? -1;
          if (i < 0) continue;
          const range = document.createRange();
          range.setStart(n, i + phrase.length - 1);
          range.setEnd(n, i + phrase.length);
          (n.parentElement as HTMLElement).scrollIntoView({ block: 'center' });
          const r = range.getBoundingClientRect();
          return { x: r.right - 1, y: r.top + r.height / 2 };
        }
        throw new Error('not found');
      }, target);
      await page.mouse.click(box.x, box.y);
      await page.keyboard.type('XYZ');
      await expect.poll(() => paragraphWith(page, target)).toContain(`${target}XYZ`);
      expect(await paragraphWith(page, tagged)).toContain(tagged);
      // Shift+click extends from where the caret is now, not from the old selection's anchor.
      await page.keyboard.press('Home');
      await page.keyboard.down('Shift');
      await page.mouse.click(box.x, box.y);
      await page.keyboard.up('Shift');
      const selected = await page.evaluate(() => getSelection()?.toString() ?? '');
      expect(selected.length).toBeLessThan(200);
      expect(selected).not.toContain(tagged);
    } finally {
      await s.close();
    }
  });

  it('stepping to an annotation (Alt+↓) or picking it in the list leaves a caret, never its words selected', async () => {
    const s = await opened();
    const { page } = s;
    try {
      await caretAfter(page, 'Well thank you');
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(() => page.locator('.inspector-annotation').count()).toBe(1);
      expect(await page.evaluate(() => getSelection()?.isCollapsed)).toBe(true);
      const quote = (await page.locator('.inspector-annotation .quote').textContent()) ?? '';
      expect(quote.length).toBeGreaterThan(5);
      await page.keyboard.type('Q');
      // Typed at the annotation's start: its words are all still there.
      await expect.poll(() => page.locator('.transcript').textContent()).toContain(`Q${quote.slice(0, 20)}`);
    } finally {
      await s.close();
    }
  });
});
