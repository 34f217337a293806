/**
 * End-to-end harness: the real browser host serving the built renderer, driven in Debian's
 * Chromium through playwright-core. Never a browser download: the executable is the `chromium`
 * found on PATH (or PARLEY_CHROMIUM).
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebHost } from '../../annotations/web-host.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TRANSCRIPTS = resolve(ROOT, '../shared/transcripts');
export const KYIV = join(TRANSCRIPTS, 'nato-rutte-zelenskyy-kyiv-press-conference.txt');
export const MUNICH = join(TRANSCRIPTS, 'nato-rutte-munich-panel-amanpour.txt');

export function chromiumPath(): string {
  if (process.env.PARLEY_CHROMIUM) return process.env.PARLEY_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('No chromium on PATH: install it (apt-get install -y chromium) or set PARLEY_CHROMIUM.');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A temporary folder holding copies of the given transcripts (the originals are read-only). */
export async function workFolder(...files: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  for (const f of files) await copyFile(f, join(dir, basename(f)));
  return dir;
}

export interface Session {
  page: Page;
  url: string;
  /** Where the host keeps drafts of unsaved work. */
  draftsDir: string;
  /** Close the page and the host; fails on console errors, except those matching `expected`. */
  close(expected?: RegExp): Promise<void>;
}

/** Start the browser host on `dir` and open its page, as a user following `npm run web` would. */
export async function openHost(browser: Browser, dir: string): Promise<Session> {
  const uploadDir = join(dir, '.uploads');
  await mkdir(uploadDir, { recursive: true });
  // Drafts of unsaved work go to the app's folder, never beside the transcripts: here a folder of their own.
  const draftsDir = await mkdtemp(join(tmpdir(), 'parley-e2e-drafts-'));
  const host = await startWebHost({ roots: [dir], rendererDir: join(ROOT, 'out/renderer'), uploadDir, draftsDir });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(host.url);
  return {
    page,
    url: host.url,
    draftsDir,
    close: async (expected?: RegExp) => {
      await context.close();
      await host.close();
      // A test that provokes an error answer (a 409, say) names the console lines it expects.
      const unexpected = expected ? errors.filter((e) => !expected.test(e)) : errors;
      if (unexpected.length) throw new Error(`The page reported errors:\n${unexpected.join('\n')}`);
    },
  };
}

/** The speaker names shown in the turn gutters, in order. */
export async function labels(page: Page): Promise<string[]> {
  return page.locator('.turn .speaker-label').allTextContents();
}

/** Put the caret inside the turn text that contains `phrase`, just after it. */
export async function caretAfter(page: Page, phrase: string): Promise<void> {
  await placeSelection(page, phrase, 'after');
}

/** Open a transcript from the start screen; a file without a sidecar goes through the import preview. */
export async function openTranscript(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('button', { name }).click();
  const preview = page.getByRole('dialog', { name: 'Import preview' });
  const opened = page.locator('.turn').first();
  await Promise.race([preview.waitFor(), opened.waitFor()]);
  if (await preview.isVisible()) {
    await preview.getByText(/turns ·/).waitFor();
    await preview.getByRole('button', { name: /^Open/ }).click();
  }
  await opened.waitFor();
}

/** Select the first occurrence of `phrase` in the transcript. */
export async function selectText(page: Page, phrase: string): Promise<void> {
  await placeSelection(page, phrase, 'select');
}

/** Select `phrase`, or put the caret just after it, through the DOM as a pointer would. */
async function placeSelection(page: Page, phrase: string, how: 'select' | 'after'): Promise<void> {
  const ok = await page.evaluate(
    ({ p, how }) => {
      const editor = document.querySelector<HTMLElement>('.transcript')!;
      editor.focus();
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent?.indexOf(p) ?? -1;
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, how === 'select' ? i : i + p.length);
        range.setEnd(n, i + p.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        return true;
      }
      return false;
    },
    { p: phrase, how },
  );
  if (!ok) throw new Error(`"${phrase}" is not in the transcript`);
  // Let ProseMirror read the DOM selection before keys arrive.
  await page.waitForTimeout(50);
}
