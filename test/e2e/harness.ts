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

/**
 * Once the page has drawn two more frames: what it did in answer to the events before (a render, a
 * scroll, the DOM observer's read) has run and been painted. The wait for "after the page reacted",
 * instead of a guessed number of milliseconds.
 */
export async function painted(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
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

/**
 * Select `phrase`, or put the caret just after it, through the DOM as a pointer would, and return once
 * ProseMirror has read that selection (keys sent before then would act on the old one).
 *
 * ProseMirror reads the DOM selection in its `selectionchange` listener, on the document. The browser
 * fires that event in a task of its own after the change; a listener added here may run before
 * ProseMirror's (ProseMirror adds its listener again each time it redraws), so the wait ends with a
 * task queued from that event, which runs after every listener of the event has.
 */
async function placeSelection(page: Page, phrase: string, how: 'select' | 'after'): Promise<void> {
  const found = await page.evaluate(
    ({ p, how, limitMs }) => {
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
        // Emptying the selection first makes it change even when the range is the one it held, so
        // the event always comes.
        const read = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), limitMs);
          document.addEventListener(
            'selectionchange',
            () => {
              clearTimeout(timer);
              setTimeout(() => resolve(true), 0);
            },
            { once: true },
          );
        });
        sel.removeAllRanges();
        sel.addRange(range);
        return read.then((heard) => (heard ? 'read' : 'no selectionchange'));
      }
      return 'missing';
    },
    { p: phrase, how, limitMs: 10_000 },
  );
  if (found === 'missing') throw new Error(`"${phrase}" is not in the transcript`);
  if (found !== 'read') throw new Error(`Selecting "${phrase}" fired no selectionchange within 10 s`);
}
