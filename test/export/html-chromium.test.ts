/**
 * The HTML export in a real browser (Debian's Chromium through playwright-core, as the end-to-end
 * tests launch it): the fixture page loads from a file with no console error and no request beyond
 * itself, its stylesheet passes its own Content-Security-Policy, and hostile text in every field
 * neither runs nor becomes markup: with the policy, and with the policy removed, so that the escaping
 * alone is what is tested.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTranscript, type ExportInput } from '../../shared/export/index.js';
import { launch, painted } from '../e2e/harness.js';
import { PAYLOADS, asText, fixtureInput, hostileInput } from './helpers.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'parley-html-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
  close: () => Promise<void>;
}

/** Write the page to a file and open it, recording console errors, page errors and requests. */
async function open(name: string, html: string): Promise<Loaded> {
  const path = join(dir, name);
  await writeFile(path, html);
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  // 'load' waits for every image, failed ones included (their onerror has fired); the tests find no
  // script, handler or image in the page, so nothing else could fire later. Two painted frames more
  // for what the first paint reports (a style refused by the CSP).
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  await painted(page);
  return { page, errors, requests, close: () => context.close() };
}

async function html(input: ExportInput): Promise<string> {
  return asText((await exportTranscript('html', input)).files[0]!.data);
}

describe('the HTML export in Chromium', () => {
  it('loads the fixture with no console error, no request, and its styles applied under its CSP', async () => {
    const input = fixtureInput();
    const { page, errors, requests, close } = await open('fixture.html', await html(input));
    try {
      expect(errors).toEqual([]);
      expect(requests).toHaveLength(1);
      const facts = await page.evaluate(() => ({
        scripts: document.querySelectorAll('script').length,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
        turns: document.querySelectorAll('section.turn').length,
        legend: Array.from(document.querySelectorAll('.legend li')).map((li) => li.textContent),
        claimRows: document.querySelectorAll('section.claims tbody tr').length,
        speakerRows: Array.from(document.querySelectorAll('section.speakers tbody tr td:first-child')).map((td) => td.textContent),
        notes: document.querySelectorAll('ol.annotations li').length,
        firstHighlight: getComputedStyle(document.querySelector('mark.h0')!).backgroundColor,
        badge: getComputedStyle(document.querySelector('.badge')!).color,
      }));
      expect(facts.scripts).toBe(0);
      expect(facts.csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/);
      expect(facts.turns).toBe(input.body.turns.length);
      expect(facts.legend.some((l) => l?.startsWith('PURL'))).toBe(true);
      expect(facts.claimRows).toBe(input.body.annotations!.filter((a) => a.kind === 'claim').length);
      expect(facts.notes).toBe(input.body.annotations!.length);
      expect(facts.speakerRows).toEqual(['Mark Rutte', 'Natalya Kushnir', 'Question', 'Volodymyr Zelenskyy']);
      // Military aid, #2ca02c at 35%: the stylesheet was allowed by its hash.
      expect(facts.firstHighlight).toBe('rgba(44, 160, 44, 0.35)');
      expect(facts.badge).not.toBe('');
    } finally {
      await close();
    }
  });

  for (const withPolicy of [true, false]) {
    it(`runs nothing from hostile text and shows it as text (${withPolicy ? 'with' : 'without'} its CSP)`, async () => {
      const input = hostileInput();
      let page = await html(input);
      if (!withPolicy) {
        page = page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
        expect(page).not.toContain('Content-Security-Policy');
      }
      const loaded = await open(`hostile-${withPolicy}.html`, page);
      try {
        const facts = await loaded.page.evaluate(() => {
          const all = Array.from(document.querySelectorAll('*'));
          const inert = document.implementation.createHTMLDocument('');
          // Parse the page's own serialisation again, as a CMS pasting it would: mutation XSS shows up here.
          inert.body.innerHTML = document.body.innerHTML;
          const reparsed = Array.from(inert.querySelectorAll('*'));
          const risky = 'script, img, svg, math, iframe, embed, object, noscript, form, input, base, link, frame, video, audio';
          const handlers = (els: Element[]) => els.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`));
          return {
            pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
            risky: document.querySelectorAll(risky).length,
            reparsedRisky: inert.querySelectorAll(risky).length,
            handlers: [...handlers(all), ...handlers(reparsed)],
            styles: document.querySelectorAll('style').length,
            hrefs: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')!),
            text: document.body.textContent ?? '',
            // The words of each paragraph, without the reference marks added after annotated spans.
            paragraphs: Array.from(document.querySelectorAll('section.turn p')).map((p) => {
              const copy = p.cloneNode(true) as Element;
              copy.querySelectorAll('.ref, .badge').forEach((m) => m.remove());
              return copy.textContent;
            }),
            speakers: Array.from(document.querySelectorAll('section.turn .speaker')).map((h) => h.textContent),
            title: document.title,
            lang: document.documentElement.lang,
          };
        });
        expect(facts.pwned).toBeNull();
        expect(facts.risky).toBe(0);
        expect(facts.reparsedRisky).toBe(0);
        expect(facts.handlers).toEqual([]);
        expect(facts.styles).toBe(1);
        for (const href of facts.hrefs) expect(href).toMatch(/^(#[a-z0-9-]+|https:\/\/)/);
        expect(facts.hrefs).toContain('https://example.org/?q="><script>window.__pwned=1</script>');
        for (const payload of PAYLOADS) expect(facts.text, payload).toContain(payload);
        expect(facts.paragraphs).toEqual(input.body.turns.flatMap((t) => t.paragraphs));
        expect(facts.speakers[0]).toContain(PAYLOADS[1]);
        expect(facts.speakers[2]).toBe(PAYLOADS[8]);
        expect(facts.title).toBe(PAYLOADS[8]);
        expect(facts.lang).toBe('en');
        expect(loaded.errors).toEqual([]);
        expect(loaded.requests).toHaveLength(1);
      } finally {
        await loaded.close();
      }
    });
  }
});
