/**
 * Issue 14: a dialog takes the focus when it opens and gives it back when it closes. Its keys
 * (Esc, Ctrl+Enter) work at once, with no Tab first; Tab stays inside it; closing returns the
 * focus to what had it (the file's button, or the transcript with its caret where it was); and the
 * shortcut hint on a primary button is readable in both themes.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caretAfter, launch, MUNICH, openHost, workFolder } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const FILE = 'nato-rutte-munich-panel-amanpour.txt';

/** The accessible name of the dialog the focus is in, or null when it is in none. */
const focusedDialog = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[role="dialog"]')?.getAttribute('aria-label') ?? null);

/** What has the focus: the file button's name, an aria-label, or the element's tag and class. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    return el.dataset.file ?? el.getAttribute('aria-label') ?? `${el.tagName.toLowerCase()}.${el.className}`;
  });

/** WCAG 2 contrast ratio of two sRGB colours given as [r, g, b] in 0–255. */
function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A computed `rgb()`/`rgba()` colour as [r, g, b, alpha]. */
function rgba(css: string): [number, number, number, number] {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  const [r, g, b, a = 1] = m[1]!.split(/[,\s/]+/).filter(Boolean).map(Number) as [number, number, number, number?];
  return [r, g, b, a];
}

/** The contrast of the Open button's <kbd> hint over the button's background, in the current theme. */
async function hintContrast(page: Page): Promise<number> {
  const { fg, bg, opacity } = await page.evaluate(() => {
    const kbd = document.querySelector<HTMLElement>('[role="dialog"] button.primary kbd')!;
    const button = kbd.closest('button')!;
    return {
      fg: getComputedStyle(kbd).color,
      bg: getComputedStyle(button).backgroundColor,
      opacity: Number(getComputedStyle(kbd).opacity) * Number(getComputedStyle(button).opacity),
    };
  });
  const [br, bgG, bb, ba] = rgba(bg);
  expect(ba).toBe(1);
  const [r, g, b, a] = rgba(fg);
  const alpha = a * opacity;
  // A translucent hint is seen blended over the button.
  const seen = [r, g, b].map((v, i) => v * alpha + [br, bgG, bb][i]! * (1 - alpha));
  return contrast(seen, [br, bgG, bb]);
}

async function openPreview(page: Page) {
  await page.locator(`.file-list button[data-file="${FILE}"]`).click();
  const preview = page.getByRole('dialog', { name: 'Import preview' });
  await preview.waitFor();
  return preview;
}

describe('dialogs and the keyboard focus', () => {
  it('the import preview takes the focus, answers Esc and Ctrl+Enter at once, and gives the focus back to the file button', async () => {
    const s = await openHost(browser, await workFolder(MUNICH));
    const { page } = s;
    try {
      const preview = await openPreview(page);
      expect(await preview.getAttribute('aria-modal')).toBe('true');
      await expect.poll(() => focusedDialog(page)).toBe('Import preview');
      // Once it has loaded, the focus is on Open.
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);

      await page.keyboard.press('Escape');
      await preview.waitFor({ state: 'detached' });
      await expect.poll(() => focused(page)).toBe(FILE);

      // A click on the backdrop closes it too, and leaves the focus on the button, not on <body>.
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedDialog(page)).toBe('Import preview');
      await page.mouse.click(5, 760);
      await preview.waitFor({ state: 'detached' });
      await expect.poll(() => focused(page)).toBe(FILE);

      // Again, with Ctrl+Enter as soon as the dialog has the focus.
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedDialog(page)).toBe('Import preview');
      await page.keyboard.press('Control+Enter');
      await page.locator('.turn').first().waitFor();
      expect(await page.locator('.turn').count()).toBe(12);
      expect(await preview.count()).toBe(0);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('Tab and Shift+Tab wrap round inside a dialog and never leave it', async () => {
    const s = await openHost(browser, await workFolder(MUNICH));
    const { page } = s;
    try {
      const preview = await openPreview(page);
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);
      // Open is the last control: Tab goes round to the first, the convention.
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page)).toBe('Convention');
      await page.keyboard.press('Shift+Tab');
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);

      // However many Tabs, the focus stays inside, and comes round to where it started.
      const controls = await preview.locator('select, input, button:not([disabled])').count();
      for (let i = 0; i < controls; i++) {
        await page.keyboard.press('Tab');
        expect(await focusedDialog(page)).toBe('Import preview');
      }
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);
      for (let i = 0; i < controls + 2; i++) {
        await page.keyboard.press('Shift+Tab');
        expect(await focusedDialog(page)).toBe('Import preview');
      }
    } finally {
      await s.close();
    }
  }, 60_000);

  it('each dialog of the workspace takes the focus, and Esc gives it back to the transcript with the caret where it was', async () => {
    const s = await openHost(browser, await workFolder(MUNICH));
    const { page } = s;
    try {
      await openPreview(page);
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);
      await page.keyboard.press('Enter');
      await page.locator('.turn').first().waitFor();

      const cases = [
        { key: 'Alt+s', dialog: /^Who said this turn\?$/, focus: 'Speaker name', phrase: 'with a small team' },
        { key: 'F2', dialog: /^Rename .*Rutte everywhere$/, focus: 'input.', phrase: 'huge heating plants' },
        { key: 'Control+k', dialog: /^Command palette$/, focus: 'Command or topic', phrase: 'Then I was the next day' },
        { key: 'Control+e', dialog: /^Export$/, focus: 'Format', phrase: 'They were not able to bury them' },
      ];
      for (const c of cases) {
        await caretAfter(page, c.phrase);
        await page.keyboard.press(c.key);
        const dialog = page.getByRole('dialog', { name: c.dialog });
        await dialog.waitFor();
        expect(await dialog.getAttribute('aria-modal')).toBe('true');
        await expect.poll(() => focusedDialog(page), { message: c.key }).toMatch(c.dialog);
        expect(await focused(page), c.key).toContain(c.focus);

        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('transcript')), { message: c.key }).toBe(true);
        await page.keyboard.type('xyz');
        const paragraph = page.locator('.transcript p', { hasText: c.phrase });
        await expect.poll(() => paragraph.textContent(), { message: c.key }).toContain(`${c.phrase}xyz`);
      }

      // The find bar is no dialog, but it takes the focus too, and Esc gives it back the same way.
      await caretAfter(page, 'met Patron');
      await page.keyboard.press('Control+f');
      await expect.poll(() => focused(page)).toBe('Find');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('transcript'))).toBe(true);
      await page.keyboard.type('xyz');
      await expect.poll(() => page.locator('.transcript p', { hasText: 'met Patron' }).textContent()).toContain('met Patronxyz');
    } finally {
      await s.close();
    }
  }, 90_000);

  it("the find bar's Tag all confirmation takes the focus, keeps Tab inside, and Esc gives it back to Preview", async () => {
    const s = await openHost(browser, await workFolder(MUNICH));
    const { page } = s;
    try {
      await openPreview(page);
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);
      await page.keyboard.press('Enter');
      await page.locator('.turn').first().waitFor();
      await page.getByRole('tab', { name: 'Codebook' }).click();
      await page.getByLabel('New topic').fill('Energy');
      await page.keyboard.press('Enter');
      await page.locator('.topic-label', { hasText: 'Energy' }).waitFor();

      await page.keyboard.press('Control+f');
      await expect.poll(() => focused(page)).toBe('Find');
      await page.keyboard.type('heating');
      await page.getByLabel('Topic for all matches').selectOption({ label: 'Energy' });
      await page.getByRole('button', { name: 'Preview' }).click();
      const confirm = page.getByRole('dialog', { name: 'Tag all matches' });
      await confirm.waitFor();
      expect(await confirm.getAttribute('aria-modal')).toBe('true');
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focusedDialog(page)).toBe('Tag all matches');
      await expect.poll(() => focused(page)).toMatch(/^button\.primary/);

      await page.keyboard.press('Escape');
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Preview');
      // The find bar is still open: Esc closed only the confirmation.
      expect(await page.getByRole('search', { name: 'Find in transcript' }).count()).toBe(1);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('the Ctrl+Enter hint on the Open button is readable (at least 4.5:1) in the light and the dark theme', async () => {
    const s = await openHost(browser, await workFolder(MUNICH));
    const { page } = s;
    try {
      await page.setViewportSize({ width: 1024, height: 768 });
      const preview = await openPreview(page);
      await preview.getByRole('button', { name: /^Open/ }).and(page.locator(':enabled')).waitFor();
      expect(await hintContrast(page)).toBeGreaterThanOrEqual(4.5);
      await page.screenshot({ path: '/tmp/dialogs-light.png' });

      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      expect(await hintContrast(page)).toBeGreaterThanOrEqual(4.5);
      await page.screenshot({ path: '/tmp/dialogs-dark.png' });
    } finally {
      await s.close();
    }
  }, 60_000);
});
