/**
 * Random journeys (issue 14, "every change reaches the disk"): fast-check draws sequences of 20 to
 * 50 things a user does with the keys (type at a paragraph's end, tag, mark a claim, add a note,
 * switch Edit/Annotate, rename a speaker), with reloads and closes in between. The test keeps a
 * model of what the transcript should hold; after every reopen, and at the end, the text, the
 * speakers and the annotations on screen AND in the sidecar read from disk must equal it.
 *
 * Each run gets a fresh folder and a host of its own; one browser serves the whole file. A failing
 * step says which action of which sequence it was, and fast-check prints the whole sequence.
 * A reopened transcript starts in Edit mode (the mode is not saved): the model says so too.
 */
import fc from 'fast-check';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyCodebook, type Codebook } from '../../shared/annotation.js';
import { codebookToJSON } from '../../shared/codebook/json.js';
import { launch, openHost, openTranscript, selectText, type Session } from './harness.js';
import { messageOf } from '../../shared/errors.js';

const SOURCE = 'journey.txt';
const SIDECAR = `${SOURCE}.annotations.json`;
const TRANSCRIPT = [
  'Ana Silva: Alpha0 opens the session today.',
  'Ben Okafor: Beta1 answers the first question.',
  'Ana Silva: Gamma2 adds a short remark.',
  'Ben Okafor: Delta3 closes the meeting now.',
].join('\n\n');
/** Each paragraph's first word: unique in the transcript, so selecting it finds that paragraph. */
const FIRST_WORDS = ['Alpha0', 'Beta1', 'Gamma2', 'Delta3'];
const TOPICS = { 1: 'economy', 2: 'health' } as const;
/** How long autosave (about 1 s after the last change) may take, and a reopen. */
const DISK_MS = 8_000;
/** The whole property: no new run starts after this (a run takes about 10 s), so the file stays near a minute. */
const BUDGET_MS = 45_000;

// ---------------------------------------------------------------------------------------------
// Actions

type Paragraph = 0 | 1 | 2 | 3;
type Action =
  | { kind: 'type'; k: Paragraph }
  | { kind: 'tag1' | 'tag2' | 'claim' | 'note'; k: Paragraph; bare: boolean }
  | { kind: 'mode' }
  | { kind: 'rename'; k: Paragraph }
  | { kind: 'reload' }
  | { kind: 'close' };
/** An action with its place in the sequence, which makes its typed token and names unique. */
type Step = Action & { n: number };

function describeStep(s: Step): string {
  switch (s.kind) {
    case 'type':
      return `#${s.n} type " w${s.n}" at the end of p${s.k}`;
    case 'tag1':
    case 'tag2':
    case 'claim':
    case 'note': {
      const key = { tag1: '1', tag2: '2', claim: 'C', note: 'N' }[s.kind];
      const how = s.bare ? `bare ${key} in Annotate, else Alt+${key}` : `Alt+${key}`;
      return `#${s.n} ${s.kind} ${FIRST_WORDS[s.k]} (${how})${s.kind === 'note' ? ` note "n${s.n}"` : ''}`;
    }
    case 'mode':
      return `#${s.n} Ctrl+M`;
    case 'rename':
      return `#${s.n} F2 in p${s.k} → "Speaker${s.n}"`;
    case 'reload':
      return `#${s.n} reload`;
    case 'close':
      return `#${s.n} close and reopen`;
  }
}

const paragraph = fc.constantFrom<Paragraph>(0, 1, 2, 3);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), k: paragraph }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tag1' as const), k: paragraph, bare: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tag2' as const), k: paragraph, bare: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim' as const), k: paragraph, bare: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), k: paragraph, bare: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mode' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), k: paragraph }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const) }) },
);

/** A journey: 20 to 50 actions, at least one of them a reload or a close, numbered, readable. */
const journey: fc.Arbitrary<Step[]> = fc
  .tuple(fc.array(action, { minLength: 20, maxLength: 50 }), fc.nat(), fc.constantFrom<Action>({ kind: 'reload' }, { kind: 'close' }))
  .map(([actions, at, reopen]) => {
    const list = actions.some((a) => a.kind === 'reload' || a.kind === 'close') ? actions : actions.toSpliced(at % (actions.length + 1), 0, reopen);
    return list.map((a, n) => {
      const step = { ...a, n } as Step;
      Object.defineProperties(step, {
        toString: { value: () => describeStep(step), enumerable: false },
        [fc.toStringMethod]: { value: () => describeStep(step), enumerable: false },
      });
      return step;
    });
  });

// ---------------------------------------------------------------------------------------------
// The model

interface ModelAnnotation {
  kind: 'topic' | 'claim' | 'note';
  topics: string[];
  exact: string;
  note: string;
  detached: boolean;
}

interface Model {
  paragraphs: string[];
  /** The speaker id of each turn. */
  speakerOf: string[];
  names: Record<string, string>;
  annotations: ModelAnnotation[];
  mode: 'edit' | 'annotate';
}

function initialModel(): Model {
  return {
    paragraphs: TRANSCRIPT.split('\n\n').map((line) => line.replace(/^[^:]+: /, '')),
    speakerOf: ['ana-silva', 'ben-okafor', 'ana-silva', 'ben-okafor'],
    names: { 'ana-silva': 'Ana Silva', 'ben-okafor': 'Ben Okafor' },
    annotations: [],
    mode: 'edit',
  };
}

const annotationKey = (a: ModelAnnotation) => JSON.stringify([a.kind, a.topics, a.exact, a.note, a.detached]);
/** What is compared, on screen or on disk: annotations as a sorted multiset. */
interface Snapshot {
  paragraphs: string[];
  speakers: string[];
  annotations: string[];
}
const expected = (m: Model): Snapshot => ({
  paragraphs: m.paragraphs,
  speakers: m.speakerOf.map((id) => m.names[id]!),
  annotations: m.annotations.map(annotationKey).sort(),
});

// ---------------------------------------------------------------------------------------------
// The page

interface StoredSidecar {
  speakers: { id: string; name: string }[];
  turns: { speaker: string | null; paragraphs: string[] }[];
  annotations: { kind: ModelAnnotation['kind']; topics: string[]; note: string; detached: boolean; target: { exact: string } }[];
}

async function readSidecar(dir: string): Promise<StoredSidecar | null> {
  try {
    return JSON.parse(await readFile(join(dir, SIDECAR), 'utf8')) as StoredSidecar;
  } catch {
    return null;
  }
}

async function onDisk(dir: string): Promise<Snapshot | string> {
  const sc = await readSidecar(dir);
  if (!sc) return 'the sidecar is missing or not readable JSON';
  const name = (id: string | null) => sc.speakers.find((s) => s.id === id)?.name ?? `(no speaker ${id})`;
  return {
    paragraphs: sc.turns.flatMap((t) => t.paragraphs),
    speakers: sc.turns.map((t) => name(t.speaker)),
    annotations: sc.annotations.map((a) => annotationKey({ kind: a.kind, topics: a.topics, exact: a.target.exact, note: a.note, detached: a.detached })).sort(),
  };
}

const annotationsTab = (page: Page) => page.getByRole('tab', { name: /^Annotations/ });
const status = (page: Page) => page.locator('[data-status]').getAttribute('data-status');
const pressedMode = (page: Page) => page.locator('[aria-label="Mode"] button[aria-pressed="true"]').textContent();
const paragraphs = (page: Page) => page.locator('.transcript p').allTextContents();
const labels = (page: Page) => page.locator('.turn .speaker-label').allTextContents();
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

/** Put the caret at the end of the k-th paragraph, through the DOM as a pointer would. */
async function caretAtEnd(page: Page, k: number): Promise<void> {
  const ok = await page.evaluate((k) => {
    const editor = document.querySelector<HTMLElement>('.transcript')!;
    const p = editor.querySelectorAll('p')[k];
    if (!p) return false;
    editor.focus();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n;
    if (!last) return false;
    const range = document.createRange();
    range.setStart(last, last.textContent!.length);
    range.collapse(true);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    return true;
  }, k);
  if (!ok) throw new Error(`paragraph ${k} has no text to put the caret in`);
  // Let ProseMirror read the DOM selection before keys arrive (as the harness does).
  await page.waitForTimeout(50);
}

async function waitSaved(page: Page): Promise<void> {
  await expect.poll(() => status(page), { timeout: DISK_MS, message: 'the toolbar never said "saved"' }).toBe('saved');
}

/** The screen and the sidecar on disk both hold what the model says. */
async function check(page: Page, dir: string, model: Model, where: string): Promise<void> {
  const want = expected(model);
  await expect.poll(() => paragraphs(page), { message: `${where}: the paragraphs on screen` }).toEqual(want.paragraphs);
  await expect.poll(() => labels(page), { message: `${where}: the speakers on screen` }).toEqual(want.speakers);
  await expect.poll(() => annotationsTab(page).textContent(), { message: `${where}: the annotation count on screen` }).toBe(`Annotations (${want.annotations.length})`);
  await expect.poll(() => pressedMode(page), { message: `${where}: the mode` }).toBe(model.mode === 'edit' ? 'Edit' : 'Annotate');
  await expect.poll(() => onDisk(dir), { timeout: DISK_MS, interval: 200, message: `${where}: the sidecar on disk` }).toEqual(want);
}

async function apply(page: Page, dir: string, model: Model, step: Step): Promise<void> {
  const annotationCount = () => annotationsTab(page).textContent();
  switch (step.kind) {
    case 'type': {
      const token = ` w${step.n}`;
      await caretAtEnd(page, step.k);
      await page.keyboard.type(token);
      // In Annotate mode the text is read-only: the keys change nothing (digits tag nothing without a selection).
      if (model.mode === 'edit') model.paragraphs[step.k] += token;
      await expect.poll(() => paragraphs(page), { message: 'the paragraphs after typing' }).toEqual(model.paragraphs);
      return;
    }
    case 'tag1':
    case 'tag2':
    case 'claim':
    case 'note': {
      const word = FIRST_WORDS[step.k]!;
      const key = { tag1: '1', tag2: '2', claim: 'c', note: 'n' }[step.kind];
      await selectText(page, word);
      await page.keyboard.press(model.mode === 'annotate' && step.bare ? key : `Alt+${key}`);
      const note = step.kind === 'note' ? `n${step.n}` : '';
      if (step.kind === 'note') {
        await expect.poll(() => focused(page), { message: 'the note field has the caret' }).toBe('Note');
        await page.keyboard.type(note);
        await page.keyboard.press('Escape');
        await expect.poll(() => focused(page), { message: 'Esc gives the caret back to the text' }).toBe('Transcript');
      }
      const topics = step.kind === 'tag1' ? [TOPICS[1]] : step.kind === 'tag2' ? [TOPICS[2]] : [];
      model.annotations.push({ kind: step.kind === 'tag1' || step.kind === 'tag2' ? 'topic' : step.kind, topics, exact: word, note, detached: false });
      await expect.poll(annotationCount, { message: 'the annotation count' }).toBe(`Annotations (${model.annotations.length})`);
      await expect.poll(() => paragraphs(page), { message: 'the paragraphs after annotating' }).toEqual(model.paragraphs);
      return;
    }
    case 'mode': {
      await page.keyboard.press('Control+m');
      model.mode = model.mode === 'edit' ? 'annotate' : 'edit';
      await expect.poll(() => pressedMode(page), { message: 'the mode after Ctrl+M' }).toBe(model.mode === 'edit' ? 'Edit' : 'Annotate');
      return;
    }
    case 'rename': {
      const name = `Speaker${step.n}`;
      await caretAtEnd(page, step.k);
      await page.keyboard.press('F2');
      const field = page.getByRole('dialog').getByLabel('Name', { exact: true });
      await field.waitFor();
      await page.keyboard.press('Control+a');
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      model.names[model.speakerOf[step.k]!] = name;
      await expect.poll(() => labels(page), { message: 'the speakers after renaming' }).toEqual(expected(model).speakers);
      return;
    }
    case 'reload': {
      await waitSaved(page);
      await page.reload();
      await page.locator('.turn').first().waitFor();
      model.mode = 'edit';
      await check(page, dir, model, 'after the reload');
      return;
    }
    case 'close': {
      await waitSaved(page);
      await page.locator('.toolbar [data-command="close"]').click();
      await openTranscript(page, /^journey\.txt/);
      model.mode = 'edit';
      await check(page, dir, model, 'after closing and reopening');
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------

const folderCodebook = (): Codebook => ({
  ...emptyCodebook(),
  topics: [
    { id: TOPICS[1], label: 'Economy', color: '#1f77b4', description: '', parent: null, key: 1 },
    { id: TOPICS[2], label: 'Health', color: '#d55e00', description: '', parent: null, key: 2 },
  ],
});

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('random journeys (issue 14)', () => {
  it('after every reopen, the screen and the sidecar on disk hold what was done', async () => {
    await fc.assert(
      fc.asyncProperty(journey, async (steps) => {
        const dir = await mkdtemp(join(tmpdir(), 'parley-journey-'));
        await writeFile(join(dir, SOURCE), TRANSCRIPT + '\n');
        await writeFile(join(dir, 'parley.codebook.json'), codebookToJSON(folderCodebook()));
        let s: Session | null = null;
        try {
          s = await openHost(browser, dir);
          const { page } = s;
          page.setDefaultTimeout(DISK_MS);
          await openTranscript(page, /^journey\.txt/);
          const model = initialModel();
          await check(page, dir, model, 'on opening');
          for (const step of steps) {
            try {
              await apply(page, dir, model, step);
            } catch (e) {
              const done = steps.slice(0, step.n + 1).map(describeStep).join('; ');
              throw new Error(`Step ${describeStep(step)} failed (of ${steps.length}): ${messageOf(e)}\nSteps so far: ${done}`, { cause: e });
            }
          }
          await waitSaved(page);
          await check(page, dir, model, 'at the end');
        } finally {
          await s?.close();
          await rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
        }
      }),
      // An end-to-end run takes seconds: report the first failing journey as drawn, unshrunk.
      { numRuns: 5, interruptAfterTimeLimit: BUDGET_MS, endOnFailure: true },
    );
  }, 150_000);
});
