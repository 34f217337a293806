/**
 * Transcript text is data. A corpus of XSS payloads is put everywhere a transcript or a person can
 * put text: the transcript itself (imported from a file, as text copied from a web page would be),
 * speaker names and roles, topic labels and descriptions, claim types and statuses, notes, claim
 * source titles and URLs, metadata. The annotated transcript is built through the real API over
 * HTTP (the browser host, as the renderer uses it), then:
 * - the real renderer is driven in Chromium through the editor, every panel (speakers, codebook,
 *   annotation list, claims, metadata, suggestions), the details pane of every annotation and the
 *   Export dialog's preview;
 * - every export format is made through the API; the HTML export is loaded in Chromium, the others
 *   are parsed as their readers would and the payloads must come out as the text they went in as.
 * Each payload, if it ever ran, would set `top.__pwned`, log "PWNED" and open an alert: none may.
 * A `javascript:` source URL is refused by validation and is never rendered as a link.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../annotations/web-host.js';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import { ApiErrorSchema, ExportedSchema, FileChoiceSchema, OpenResultSchema } from '../../shared/api.js';
import { layoutWorkingText } from '../../shared/export/text.js';
import type { TranscriptBody } from '../../shared/model.js';
import { launch, painted, ROOT } from '../e2e/harness.js';

/** What every payload does if it runs: a flag, a console line and a dialog. No spaces or quotes, so it fits anywhere. */
const JS = 'top.__pwned=1;console.log(`PWNED`);alert(1)';
const RLO = '\u202E';

const P = {
  script: `<script>${JS}</script>`,
  img: `<img src=x onerror="${JS}">`,
  svg: `<svg onload=${JS}>`,
  svgScript: `<svg><script>${JS}</script></svg>`,
  link: `<a href="javascript:${JS}">click me</a>`,
  bare: `javascript:${JS}`,
  embed: `<embed src="javascript:${JS}">`,
  object: `<object data="javascript:${JS}"></object>`,
  iframe: `<iframe srcdoc="<script>${JS}</script>"></iframe>`,
  mxssNoscript: `<noscript><p title="</noscript><img src=x onerror=${JS}>">`,
  mxssMath: `<math><mtext><table><mglyph><style><img src=x onerror=${JS}>`,
  mathHref: `<math href="javascript:${JS}">CLICKME</math>`,
  mxssSvgStyle: `<svg></p><style><a id="</style><img src=x onerror=${JS}>">`,
  details: `"><details open ontoggle=${JS}>`,
  autofocus: `'><input autofocus onfocus=${JS}>`,
  meta: `<meta http-equiv="refresh" content="0;url=javascript:${JS}">`,
  base: `<base href="javascript:${JS}//">`,
  form: `<form action="javascript:${JS}"><button>go</button></form>`,
  comment: `<!--<img src="--><img src=x onerror=${JS}>`,
  title: `</title><script>${JS}</script>`,
  textarea: `</textarea><script>${JS}</script>`,
  cdata: `]]><script>${JS}</script><![CDATA[`,
  template: `{{constructor.constructor('${JS}')()}}`,
  rlo: `invoice${RLO}gpj.exe`,
  csv: `=HYPERLINK("https://evil.example","click")`,
  csvAt: `@SUM(1+1)*cmd|' /C calc'!A0`,
} as const;
const PAYLOADS: readonly string[] = Object.values(P);

/** A timed transcript (so the subtitle exports have times) with payloads in the spoken text. */
const SOURCE = [
  `[00:00:01] Mark Rutte: Opening ${P.script} and ${P.img} and ${P.svg}.`,
  `[00:00:09] Natalya Kushnir: A question ${P.link} about ${P.bare} and ${P.embed} ${P.object} ${P.iframe}.`,
  `[00:00:15] Mark Rutte: Mutations ${P.mxssNoscript} ${P.mxssMath} ${P.mathHref} ${P.mxssSvgStyle}.`,
  `[00:00:22] Natalya Kushnir: More ${P.details} ${P.autofocus} ${P.meta} ${P.base} ${P.form} ${P.comment}.`,
  `[00:00:30] Mark Rutte: Breakouts ${P.title} ${P.textarea} ${P.cdata} ${P.template} ${P.rlo} ${P.csv} ${P.csvAt}.`,
  '',
].join('\n');
const FILE = 'hostile.txt';

let dir: string;
let host: WebHost;
let browser: Browser;
let fileId: string;

async function api(method: string, args: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${host.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Parley-Token': host.token },
    body: JSON.stringify(args),
  });
  return { status: res.status, json: await res.json() };
}

async function ok(method: string, args: unknown): Promise<unknown> {
  const { status, json } = await api(method, args);
  if (status !== 200) throw new Error(`${method} answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

/** The annotation layer over the imported turns: payloads in every field a person types. */
function annotate(body: TranscriptBody): TranscriptBody {
  const { text } = layoutWorkingText(body.turns);
  let n = 0;
  const at = (exact: string, extra: Partial<Annotation>): Annotation => {
    const start = text.indexOf(exact);
    if (start < 0) throw new Error(`not in the text: ${exact}`);
    const end = start + exact.length;
    return {
      id: `a${++n}`,
      kind: 'topic',
      target: { start, end, exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32) },
      detached: false,
      topics: ['t1'],
      note: '',
      claim: null,
      created: '2025-01-01T00:00:00.000Z',
      modified: '2025-01-01T00:00:00.000Z',
      ...extra,
    };
  };
  const codebook: Codebook = {
    topics: [
      { id: 't1', label: P.script, color: '#ff0000', description: P.img, parent: null, key: 1 },
      { id: 't2', label: P.mxssNoscript, color: '#00aa00', description: P.mxssMath, parent: 't1', key: 2 },
      { id: 't3', label: P.csv, color: '#0000ff', description: P.details, parent: null, key: 3 },
    ],
    claimTypes: [{ id: 'stat', label: P.svg, color: '#123456' }],
    statuses: [{ id: 'bad', label: P.iframe, color: '#654321' }],
  };
  const claim = (sources: { url: string; title: string }[]) => ({ type: 'stat', status: 'bad', checkWorthiness: 3, claimant: body.speakers[0]!.id, sources });
  return {
    ...body,
    metadata: { title: P.title, source: P.bare, url: `javascript:${JS}`, [P.img]: P.svg },
    speakers: body.speakers.map((s, i) => ({ ...s, name: i === 0 ? `${P.svg} ${P.rlo}` : P.mxssNoscript, role: i === 0 ? P.script : P.mathHref })),
    codebook,
    annotations: [
      at('Opening', { topics: ['t1', 't2'] }),
      at('A question', { kind: 'claim', topics: ['t3'], note: PAYLOADS.join(' '), claim: claim([{ url: `https://example.org/?q="><script>${JS}</script>`, title: P.img }]) }),
      at('Mutations', { kind: 'note', topics: [], note: PAYLOADS.join('\n') }),
      at('Breakouts', { kind: 'claim', topics: ['t2'], note: P.template, claim: claim([{ url: 'https://example.org/a', title: P.link }]) }),
    ],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-xss-'));
  await writeFile(join(dir, FILE), SOURCE);
  host = await startWebHost({ roots: [dir], rendererDir: join(ROOT, 'out/renderer'), uploadDir: join(dir, '.uploads') });
  const [file] = FileChoiceSchema.array().parse(await ok('listFiles', {}));
  fileId = file!.id;
  const opened = OpenResultSchema.parse(await ok('openFile', { fileId }));
  expect(opened.body.turns.map((t) => t.paragraphs.join('\n')).join('\n')).toContain(P.mxssNoscript);
  await ok('save', { docId: opened.docId, body: annotate(opened.body) });
  await ok('close', { docId: opened.docId });
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Watch {
  context: BrowserContext;
  page: Page;
  /** Console lines mentioning PWNED, dialogs, page errors, requests outside what the page may load. */
  alarms: string[];
}

async function watch(allowed: (url: string) => boolean): Promise<Watch> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const alarms: string[] = [];
  page.on('console', (m) => {
    if (/PWNED/.test(m.text())) alarms.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => {
    alarms.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => alarms.push(`page error: ${String(e)}`));
  page.on('request', (r) => {
    if (!allowed(r.url())) alarms.push(`request: ${r.url()}`);
  });
  return { context, page, alarms };
}

interface Facts {
  pwned: unknown;
  /** Elements a payload would create, with their tag names. */
  injected: string[];
  /** Inline event handler attributes anywhere (React never sets any). */
  handlers: string[];
  /** URL-bearing attributes that hold a javascript: URL. */
  scriptUrls: string[];
  scripts: number;
  text: string;
}

/** What the page holds now. `appScripts` is how many <script> elements the page itself has. */
async function facts(page: Page): Promise<Facts> {
  return page.evaluate(() => {
    const all = Array.from(document.querySelectorAll('*'));
    // Elements the app never makes. The page's own <meta> tags (charset, viewport, its CSP) sit in
    // <head>; a payload's would land in the body. The app has forms and <details> of its own: a
    // payload's would carry a handler or a javascript: URL, which the next two checks catch.
    const risky = 'iframe, frame, embed, object, noscript, base, body meta, meta[http-equiv="refresh" i], math, img[src="x"], svg script, body body, template';
    const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'background', 'poster', 'codebase', 'cite', 'content'];
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      injected: Array.from(document.querySelectorAll(risky)).map((e) => e.tagName.toLowerCase()),
      handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      scriptUrls: all.flatMap((e) =>
        urlAttributes.flatMap((name) => {
          const value = e.getAttribute(name);
          return value !== null && /^\s*(javascript|data|vbscript):/i.test(value) && !(e.tagName === 'LINK' && value === 'data:,') ? [`${e.tagName} ${name}=${value}`] : [];
        }),
      ),
      scripts: document.querySelectorAll('script').length,
      // What a person sees: the page's text and what its text fields hold (notes are edited in one).
      text: [document.body.innerText, ...Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')).map((e) => e.value)].join('\n'),
    };
  });
}

/** The page's own state is clean: nothing injected, nothing ran. */
function expectClean(f: Facts, where: string, appScripts: number): void {
  expect(f.pwned, where).toBeNull();
  expect(f.injected, where).toEqual([]);
  expect(f.handlers, where).toEqual([]);
  expect(f.scriptUrls, where).toEqual([]);
  expect(f.scripts, where).toBe(appScripts);
}

describe('hostile text in a transcript', () => {
  it('refuses a javascript: (or any non-http) source URL at validation, over the API', async () => {
    const opened = OpenResultSchema.parse(await ok('openFile', { fileId }));
    try {
      for (const url of [`javascript:${JS}`, `JavaScript:${JS}`, ` javascript:${JS}`, 'data:text/html,<script>1</script>', 'file:///etc/passwd', 'vbscript:msgbox(1)', '//evil.example/x']) {
        const body = structuredClone(opened.body);
        body.annotations![1]!.claim!.sources = [{ url, title: 'x' }];
        const { status, json } = await api('save', { docId: opened.docId, body });
        expect(status, url).toBe(400);
        expect(ApiErrorSchema.parse(json).error.message, url).toMatch(/url/i);
      }
    } finally {
      await ok('close', { docId: opened.docId });
    }
  });

  it('runs nothing in the editor, the panels or the details pane, and shows every payload as text', async () => {
    const origin = host.origin;
    const w = await watch((url) => url.startsWith(`${origin}/`) && /^\/(|index\.html|assets\/[^/]+|api\/\w+)$/.test(new URL(url).pathname));
    const { page } = w;
    try {
      await page.goto(host.url);
      await page.getByRole('button', { name: /hostile/ }).click();
      await page.locator('.turn').first().waitFor();
      const appScripts = (await facts(page)).scripts;
      expect(appScripts).toBe(1);
      const seen: string[] = [];
      // After the page has painted what the last click showed; an injection would be in the DOM by then
      // (the checks look for injected elements, handlers and URLs, not only for code that ran).
      const check = async (where: string) => {
        await painted(page);
        const f = await facts(page);
        expectClean(f, where, appScripts);
        seen.push(f.text);
      };
      await check('editor');
      // The editor shows the spoken payloads as the text they are.
      const editorText = (await page.locator('.transcript').textContent()) ?? '';
      for (const p of [P.script, P.img, P.mxssNoscript, P.mxssMath, P.title, P.cdata, P.rlo]) expect(editorText).toContain(p);

      for (const tab of ['Speakers', 'Codebook', 'Metadata', 'Suggestions', /^Removed/]) {
        await page.getByRole('tab', { name: tab }).click();
        await check(`tab ${String(tab)}`);
      }
      for (const tab of [/^Annotations/, /^Claims/]) {
        await page.getByRole('tab', { name: tab }).click();
        const rows = page.locator('.annotation-row');
        await expect.poll(() => rows.count()).toBeGreaterThan(0);
        for (let i = 0; i < (await rows.count()); i++) {
          await rows.nth(i).click();
          await page.getByLabel('Annotation details').waitFor();
          await check(`${String(tab)} row ${i} and its details`);
        }
      }
      // The details pane lists each source as text: the hostile URL is shown, never linked.
      await page.getByRole('tab', { name: /^Claims/ }).click();
      await page.locator('.annotation-row').first().click();
      const details = page.getByLabel('Annotation details');
      await expect.poll(() => details.textContent()).toContain('https://example.org/?q=');
      expect(await details.locator('a').count()).toBe(0);

      // The Export dialog's preview of the HTML and Markdown exports is text too.
      await page.locator('.transcript').click();
      await page.keyboard.press('Control+e');
      const dialog = page.getByRole('dialog', { name: 'Export' });
      for (const format of ['html', 'md']) {
        await dialog.getByLabel('Format').selectOption(format);
        await expect.poll(() => dialog.getByLabel('Export preview').textContent()).toMatch(format === 'html' ? /<!doctype html>/i : /^# /);
        await check(`export preview ${format}`);
      }

      const all = seen.join('\n');
      for (const p of PAYLOADS) expect(all, p).toContain(p);
      expect(w.alarms).toEqual([]);
    } finally {
      await w.context.close();
    }
  });

  describe('in every export', () => {
    let exports: Map<string, { name: string; data: Uint8Array }[]>;

    beforeAll(async () => {
      const formats = (await ok('exportFormats', {})) as { id: string }[];
      exports = new Map();
      for (const { id } of formats) {
        const result = ExportedSchema.parse(await ok('exportFile', { fileId, format: id, options: {} }));
        exports.set(id, result.files.map((f) => ({ name: f.name, data: new Uint8Array(Buffer.from(f.base64, 'base64')) })));
      }
      expect([...exports.keys()].sort()).toEqual(['brat', 'claimreview', 'csv', 'docx', 'html', 'md', 'qdpx', 'srt', 'tei', 'txt', 'vtt', 'w3c']);
    });

    const text = (format: string, index = 0): string => strFromU8(exports.get(format)![index]!.data);

    it('HTML: loaded in Chromium from a file, nothing runs, nothing loads, every payload is text', async () => {
      const path = join(dir, 'export.html');
      await writeFile(path, exports.get('html')![0]!.data);
      const page = pathToFileURL(path).href;
      const w = await watch((url) => url === page);
      try {
        // 'load' waits for every image, failed ones included; expectClean finds no script, handler or
        // injected element, so nothing is left to fire later.
        await w.page.goto(page, { waitUntil: 'load' });
        await painted(w.page);
        const f = await facts(w.page);
        expectClean(f, 'HTML export', 0);
        for (const p of PAYLOADS) expect(f.text, p).toContain(p);
        // Links only to the page's own anchors and http(s) sources.
        const hrefs = await w.page.evaluate(() => Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')!));
        for (const href of hrefs) expect(href).toMatch(/^(#[\w-]+|https?:\/\/)/);
        expect(w.alarms).toEqual([]);
      } finally {
        await w.context.close();
      }
    });

    it('Markdown: no raw markup but its own <mark> highlights and <http…> links', () => {
      const md = text('md');
      for (const m of md.matchAll(/</g)) expect(md.slice(m.index, m.index + 12)).toMatch(/^<(\/?mark>|https?:\/\/)/);
      expect(md).not.toMatch(/\]\(\s*<?\s*javascript:/i);
    });

    it('CSV: every payload is one cell of data, and no cell starts a formula', () => {
      const parsed = Papa.parse<string[]>(text('csv').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      const cells = parsed.data.flat();
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const joined = cells.join('\n');
      for (const p of [P.script, P.img, P.mxssNoscript, P.rlo]) expect(joined).toContain(p);
      expect(joined).toContain(`'${P.csv}`);
    });

    it('JSON (W3C, ClaimReview): valid JSON, the payloads are string values, no javascript: URL', () => {
      for (const format of ['w3c', 'claimreview']) {
        const values: string[] = [];
        const walk = (v: unknown): void => {
          if (typeof v === 'string') values.push(v);
          else if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') Object.values(v).forEach(walk);
        };
        walk(JSON.parse(text(format)) as unknown);
        expect(values.some((v) => v.includes(P.script)), format).toBe(true);
        for (const v of values) expect(v, format).not.toMatch(/^\s*javascript:/i);
      }
    });

    it('XML (TEI, Word, REFI-QDA): well-formed, no element or URL from a payload, the payloads as text', () => {
      const documents: [string, string][] = [['tei', text('tei')]];
      for (const format of ['docx', 'qdpx']) {
        for (const [name, bytes] of Object.entries(unzipSync(exports.get(format)![0]!.data))) {
          if (/\.(xml|qde)$/.test(name)) documents.push([`${format}:${name}`, strFromU8(bytes)]);
        }
      }
      const forbidden = new Set(['script', 'img', 'svg', 'iframe', 'embed', 'object', 'math', 'noscript', 'style', 'details', 'input', 'form', 'base', 'meta', 'a']);
      let content = '';
      for (const [name, xml] of documents) {
        const problems: string[] = [];
        const doc = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) }).parseFromString(xml, 'text/xml');
        expect(problems, name).toEqual([]);
        for (const el of Array.from(doc.getElementsByTagName('*'))) {
          // Word's and TEI's own vocabularies have none of these names; a payload's tag would.
          if (!el.namespaceURI?.includes('wordprocessingml')) expect(forbidden.has(el.localName ?? el.tagName), `${name}: <${el.tagName}>`).toBe(false);
          for (const a of Array.from(el.attributes)) expect(a.value, `${name}: ${el.tagName}@${a.name}`).not.toMatch(/^\s*javascript:/i);
        }
        content += doc.documentElement?.textContent ?? '';
        content += Array.from(doc.getElementsByTagName('*')).flatMap((e) => Array.from(e.attributes).map((a) => a.value)).join('\n');
      }
      for (const p of [P.script, P.mxssNoscript, P.cdata, P.rlo]) expect(content, p).toContain(p);
    });

    it('WebVTT: cue text escaped, so no tag but its own voice spans', () => {
      const vtt = text('vtt');
      for (const m of vtt.matchAll(/</g)) expect(vtt.slice(m.index, m.index + 3)).toMatch(/^<(v |\/v)/);
      expect(vtt).toContain('&lt;script&gt;');
    });

    it('plain text (txt, brat, SubRip): the payloads are there as the text they were, which these formats cannot run', () => {
      const plain = [text('txt'), ...exports.get('brat')!.map((f) => strFromU8(f.data)), text('srt')].join('\n');
      for (const p of [P.script, P.img, P.mxssNoscript, P.rlo]) expect(plain).toContain(p);
    });
  });
});
