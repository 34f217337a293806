/**
 * The lint rules are part of Parley's security: a rule that silently stops matching (a typo in a
 * selector, a config object that overrides another) would let `nodeIntegration: true` or
 * `innerHTML = transcriptText` through. These tests lint small snippets as if they sat in each
 * folder and check that the bad ones are reported by the intended rule and the good ones are clean.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });

interface Finding {
  ruleId: string;
  message: string;
}

/** Lint `code` as the file `file` (relative to the repository; it need not exist). */
async function lint(file: string, code: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  return result.messages.map((m) => ({ ruleId: m.ruleId ?? `fatal: ${m.message}`, message: m.message }));
}

function expectReported(findings: Finding[], ruleId: string, messagePart: string): void {
  expect(findings).toContainEqual(expect.objectContaining({ ruleId, message: expect.stringContaining(messagePart) }));
}

beforeAll(async () => {
  // The first lint loads the config and the TypeScript parser; keep that out of each test's time.
  await lint('electron/warm-up.ts', 'export {};\n');
}, 60_000);

describe('security lint, electron/', () => {
  it.each([
    ['nodeIntegration: true', 'export const p = { nodeIntegration: true };', 'nodeIntegration'],
    ['contextIsolation: false', 'export const p = { contextIsolation: false };', 'contextIsolation'],
    ['sandbox: false', "export const p = { 'sandbox': false };", 'sandbox'],
    ['webSecurity: false (assigned)', 'declare const p: { webSecurity: boolean };\np.webSecurity = false;', 'webSecurity'],
    ['enableBlinkFeatures', "export const p = { enableBlinkFeatures: 'X' };", 'enableBlinkFeatures'],
    ['webviewTag: true', 'export const p = { webviewTag: true };', 'webviewTag'],
    ['shell.openExternal', "import { shell } from 'electron';\nvoid shell.openExternal('https://example.org');", 'openExternal'],
    [
      'exposing ipcRenderer',
      "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('x', { ipc: ipcRenderer });",
      'Never expose ipcRenderer',
    ],
    [
      'ipcRenderer.send handed out raw',
      "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('x', { send: ipcRenderer.send });",
      'handed out as values',
    ],
    ['eval', "export const v: unknown = eval('1');", 'eval'],
    ['new Function', "export const f = new Function('return 1');", 'new Function'],
  ])('reports %s', async (_name, code, messagePart) => {
    expectReported(await lint('electron/probe.ts', code), 'no-restricted-syntax', messagePart);
  });

  it('accepts secure preferences and wrapped IPC calls', async () => {
    const code = [
      "import { contextBridge, ipcRenderer } from 'electron';",
      'export const p = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true };',
      "contextBridge.exposeInMainWorld('parley', { listFiles: (args: object) => ipcRenderer.invoke('parley:listFiles', args) });",
    ].join('\n');
    expect(await lint('electron/probe.ts', code)).toEqual([]);
  });

  it('keeps zod out of the preload but allows its types', async () => {
    expectReported(
      await lint('electron/preload.ts', "import { apiSchema } from '../shared/api.js';\nexport const s = apiSchema;"),
      '@typescript-eslint/no-restricted-imports',
      'only types',
    );
    expect(
      await lint('electron/preload.ts', "import type { BridgeApi } from '../shared/api.js';\nexport type B = BridgeApi;"),
    ).toEqual([]);
  });
});

describe('security lint, renderer/', () => {
  it.each([
    ['innerHTML assignment', 'renderer/probe.ts', 'declare const el: HTMLElement;\ndeclare const x: string;\nel.innerHTML = x;', 'innerHTML'],
    ['outerHTML assignment', 'renderer/probe.ts', 'declare const el: HTMLElement;\nel.outerHTML += "<b>";', 'outerHTML'],
    ['insertAdjacentHTML', 'renderer/probe.ts', "declare const el: HTMLElement;\nel.insertAdjacentHTML('beforeend', '<b>');", 'insertAdjacentHTML'],
    ['document.write', 'renderer/probe.ts', "document.write('<b>');", 'document.write'],
    [
      'dangerouslySetInnerHTML',
      'renderer/probe.tsx',
      'declare const html: string;\nexport const e = <div dangerouslySetInnerHTML={{ __html: html }} />;',
      'dangerouslySetInnerHTML',
    ],
  ])('reports %s', async (_name, file, code, messagePart) => {
    expectReported(await lint(file, code), 'no-restricted-syntax', messagePart);
  });

  it('accepts text written as text', async () => {
    const code = 'declare const el: HTMLElement;\ndeclare const x: string;\nel.textContent = x;\nexport const e = <p>{x}</p>;';
    expect(await lint('renderer/probe.tsx', code)).toEqual([]);
  });

  it.each([
    ['innerHTML through Object.assign', 'renderer/editor/probe.ts', "declare const el: HTMLElement;\ndeclare const x: string;\nObject.assign(el, { innerHTML: x });", 'innerHTML'],
    ['dangerouslySetInnerHTML in createElement', 'renderer/probe.ts', "import { createElement } from 'react';\ndeclare const x: string;\nexport const e = createElement('div', { dangerouslySetInnerHTML: { __html: x } });", 'dangerouslySetInnerHTML'],
    ['srcdoc assignment', 'renderer/probe.ts', "declare const f: HTMLIFrameElement;\ndeclare const x: string;\nf.srcdoc = x;", 'srcdoc'],
    ['setHTMLUnsafe', 'renderer/probe.ts', "declare const el: { setHTMLUnsafe(h: string): void };\ndeclare const x: string;\nel.setHTMLUnsafe(x);", 'parses a string as HTML'],
    ['DOMParser', 'renderer/probe.ts', "declare const x: string;\nexport const d = new DOMParser().parseFromString(x, 'text/html');", 'parses a string as HTML'],
    ['a javascript: URL', 'renderer/probe.tsx', 'export const e = <a href="javascript:void 0">x</a>;', 'javascript: URL'],
    ['a javascript: URL in a template', 'renderer/probe.ts', 'declare const x: string;\nexport const u = `javascript:${x}`;', 'javascript: URL'],
  ])('reports %s', async (_name, file, code, messagePart) => {
    expectReported(await lint(file, code), 'no-restricted-syntax', messagePart);
  });
});

describe('security lint, shared/export/ (the exporters write HTML, XML and Markdown as strings)', () => {
  it.each([
    ['innerHTML assignment', 'declare const el: { innerHTML: string };\ndeclare const x: string;\nel.innerHTML = x;', 'innerHTML'],
    ['outerHTML assignment', "declare const el: { outerHTML: string };\nel.outerHTML = '<b>';", 'outerHTML'],
    ['insertAdjacentHTML', "declare const el: { insertAdjacentHTML(p: string, h: string): void };\nel.insertAdjacentHTML('beforeend', '<b>');", 'insertAdjacentHTML'],
    ['document.write', "declare const document: { write(h: string): void };\ndocument.write('<b>');", 'document.write'],
    ['a javascript: link', "declare const x: string;\nexport const a = `<a href=\"javascript:${x}\">`;", 'javascript: URL'],
    ['eval', "export const v: unknown = eval('1');", 'eval'],
  ])('reports %s', async (_name, code, messagePart) => {
    const findings = await lint('shared/export/probe.ts', code);
    expect(findings.map((f) => f.ruleId)).toContain(messagePart === 'eval' ? 'no-eval' : 'no-restricted-syntax');
    if (messagePart !== 'eval') expectReported(findings, 'no-restricted-syntax', messagePart);
  });

  it('accepts markup built from escaped text', async () => {
    const code = "import { escapeHtml } from './escape.js';\ndeclare const x: string;\nexport const p = `<p>${escapeHtml(x)}</p>`;";
    expect(await lint('shared/export/probe.ts', code)).toEqual([]);
  });
});

describe('layer lint', () => {
  it.each([
    ['fs in shared/', 'shared/probe.ts', "import fs from 'fs';\nexport const f = fs;", 'shared/ runs in every process'],
    ['node:fs/promises in shared/', 'shared/import/probe.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;", 'keep Node out'],
    ['electron in shared/', 'shared/probe.ts', "import { app } from 'electron';\nexport const a = app;", 'Electron belongs in electron/'],
    ['react-dom in shared/', 'shared/probe.ts', "import { createRoot } from 'react-dom/client';\nexport const c = createRoot;", 'no DOM'],
    ['annotations/ from shared/', 'shared/import/probe.ts', "import { x } from '../../annotations/x.js';\nexport const y = x;", 'annotations/ is another layer'],
    ['annotations/ from renderer/', 'renderer/probe.ts', "import { x } from '../annotations/x.js';\nexport const y = x;", 'annotations/ is out of reach'],
    ['annotations/ from deep in renderer/', 'renderer/editor/probe.ts', "import { x } from '../../annotations/x.js';\nexport const y = x;", 'annotations/ is out of reach'],
    ['node:path in renderer/', 'renderer/probe.ts', "import path from 'node:path';\nexport const p = path;", 'sandboxed web page'],
    ['electron in annotations/', 'annotations/probe.ts', "import { app } from 'electron';\nexport const a = app;", 'no Electron'],
    ['prosemirror in annotations/', 'annotations/probe.ts', "import { Schema } from 'prosemirror-model';\nexport const s = Schema;", 'renderer/'],
    ['renderer/ from electron/', 'electron/probe.ts', "import { x } from '../renderer/x.js';\nexport const y = x;", 'renderer/ is out of reach'],
  ])('reports %s', async (_name, file, code, messagePart) => {
    expectReported(await lint(file, code), 'no-restricted-imports', messagePart);
  });

  it.each([
    ['shared/ from renderer/', 'renderer/probe.ts', "import { apiSchema } from '../shared/api.js';\nexport const s = apiSchema;"],
    ['a renderer folder that happens to be called annotations', 'renderer/editor/probe.ts', "import { x } from '../annotations/panel.js';\nexport const y = x;"],
    ['Node in annotations/', 'annotations/probe.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;"],
    ['annotations/ from electron/', 'electron/probe.ts', "import { x } from '../annotations/x.js';\nexport const y = x;"],
  ])('allows %s', async (_name, file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});
