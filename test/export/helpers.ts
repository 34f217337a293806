/**
 * Shared by the export tests: the annotated fixture, a timed variant of it, a hostile transcript, and
 * real parsers (XML, zip) to check outputs with.
 *
 * The fixture (test/fixtures/annotated/) is the Kyiv press conference with its sidecar: speakers
 * corrected (the opening speech given to Mark Rutte, the Kushnir question to "Natalya Kushnir"), a
 * codebook of seven topics (two nested under "Military aid"), and 27 annotations of all three kinds,
 * some overlapping, one crossing paragraphs and one crossing turns, claims with statuses and sources.
 * Its golden outputs are in golden/; `UPDATE_GOLDEN=1 npx vitest run test/export` writes them anew.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import { unzipSync, strFromU8 } from 'fflate';
import { expect } from 'vitest';
import type { Annotation, Codebook } from '../../shared/annotation.js';
import { emptyCodebook } from '../../shared/annotation.js';
import type { ExportInput } from '../../shared/export/index.js';
import { layoutWorkingText } from '../../shared/export/text.js';
import type { TranscriptBody } from '../../shared/model.js';
import { SidecarSchema, bodyOf } from '../../shared/sidecar.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURE_DIR = join(ROOT, 'test/fixtures/annotated');
export const GOLDEN_DIR = join(FIXTURE_DIR, 'golden');
export const FIXTURE_NAME = 'nato-rutte-zelenskyy-kyiv-press-conference.txt';
export const FIXTURE_PATH = join(FIXTURE_DIR, FIXTURE_NAME);

/** The fixture's body, parsed through the sidecar schema as the app reads it. */
export function fixtureBody(): TranscriptBody {
  const raw = JSON.parse(readFileSync(`${FIXTURE_PATH}.annotations.json`, 'utf8')) as unknown;
  return bodyOf(SidecarSchema.parse(raw));
}

export function fixtureInput(): ExportInput {
  return { fileName: FIXTURE_NAME, body: fixtureBody(), sourceText: readFileSync(FIXTURE_PATH, 'utf8') };
}

/**
 * The fixture with made-up times (the source has none): each turn starts where the one before ended
 * and lasts as long as its words take at 150 words a minute. Only for the subtitle formats.
 */
export function timedInput(): ExportInput {
  const body = fixtureBody();
  let at = 0;
  for (const turn of body.turns) {
    const words = turn.paragraphs.join(' ').split(/\s+/).filter(Boolean).length;
    turn.start = Math.round(at * 10) / 10;
    at += Math.max(1, words / 2.5);
    turn.end = Math.round(at * 10) / 10;
    at += 0.5;
  }
  return { fileName: FIXTURE_NAME.replace('.txt', '.timed.txt'), body };
}

/** Compare with the golden file, or write it when UPDATE_GOLDEN=1. */
export async function expectGolden(name: string, data: string | Uint8Array): Promise<void> {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(GOLDEN_DIR, { recursive: true });
    await writeFile(path, data);
    return;
  }
  const golden = await readFile(path).catch(() => null);
  if (golden === null) throw new Error(`No golden file ${path}; run UPDATE_GOLDEN=1 npx vitest run test/export`);
  if (typeof data === 'string') expect(data).toBe(golden.toString('utf8'));
  else expect(Buffer.from(data).equals(golden), `${name} differs from its golden file`).toBe(true);
}

/** Parse XML strictly: any warning or error of the parser fails. */
export function parseXml(text: string): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      problems.push(`${level}: ${message}`);
    },
  }).parseFromString(text, 'text/xml');
  if (problems.length) throw new Error(`The XML is not well-formed:\n${problems.join('\n')}`);
  return doc;
}

/** Elements by local name in a namespace, as an array. */
export function elements(node: XmlDocument | XmlElement, ns: string, name: string): XmlElement[] {
  return Array.from(node.getElementsByTagNameNS(ns, name));
}

/** A zip's entries as text (binary entries are not needed by these tests). */
export function unzipText(data: Uint8Array): Record<string, string> {
  const files = unzipSync(data);
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

export function asBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

export function asText(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : new TextDecoder().decode(data);
}

/** Strings that would run code if any exporter let them through as markup. Each sets window.__pwned. */
export const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '"><svg onload="window.__pwned = \'svg\'">',
  "<a href=\"javascript:window.__pwned='link'\">click</a>",
  "javascript:window.__pwned='bare'",
  '<embed src="data:text/html,<script>parent.__pwned=1</script>">',
  '<svg><style><img src=x onerror="window.__pwned = \'mxss1\'">',
  '<noscript><p title="</noscript><img src=x onerror=\'window.__pwned = &quot;mxss2&quot;\'>">',
  '</title><script>window.__pwned = "title"</script>',
  '</style><script>window.__pwned = "style"</script>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'mxss3\'">',
  '<!-- --><script>window.__pwned = "comment"</script> ]]> &amp; &lt;',
];

/**
 * A transcript with hostile text everywhere a person can type: turns, speaker names and roles, topic
 * labels and descriptions, notes, claim source titles, metadata. Colours and URLs are hostile too,
 * though the schema would refuse them, since an exporter must not trust that it was applied.
 */
export function hostileInput(): ExportInput {
  const p = PAYLOADS;
  const turns = [
    { id: 't1', speaker: 'evil', label: null, paragraphs: [`Opening ${p[0]} and ${p[1]}`, `Second ${p[2]} ${p[3]}`] },
    { id: 't2', speaker: 'other', label: null, paragraphs: [`${p[4]} ${p[5]} ${p[6]}`] },
    { id: 't3', speaker: null, label: p[8]!, paragraphs: [`${p[7]} ${p[9]} ${p[10]} ${p[11]} ${p[12]}`] },
  ];
  const { text } = layoutWorkingText(turns);
  const codebook: Codebook = {
    ...emptyCodebook(),
    topics: [
      { id: 'x"><script>', label: p[0]!, color: '#ff0000', description: p[1]!, parent: null, key: 1 },
      { id: 'y', label: p[6]!, color: 'red;} body { background: url(https://example.invalid/x) } .z {', description: '', parent: 'x"><script>', key: null },
    ],
    statuses: [{ id: 'bad', label: p[7]!, color: '#00ff00' }],
    claimTypes: [{ id: 'stat', label: p[9]!, color: '#0000ff' }],
  };
  let n = 0;
  const over = (exact: string, extra: Partial<Annotation>): Annotation => {
    const start = text.indexOf(exact);
    if (start < 0) throw new Error(`not in the hostile text: ${exact}`);
    n++;
    return {
      id: `h${n}"><img src=x onerror=alert(1)>`,
      kind: 'topic',
      target: { start, end: start + exact.length, exact, prefix: '', suffix: '' },
      detached: false,
      topics: [],
      note: '',
      claim: null,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      ...extra,
    };
  };
  const annotations: Annotation[] = [
    over(p[0]!, { topics: ['x"><script>'] }),
    over(`${p[1]}`, { topics: ['x"><script>', 'y'], kind: 'note', note: `${p[2]}\n${p[5]}` }),
    over(p[3]!, {
      kind: 'claim',
      topics: ['y'],
      note: p[11]!,
      claim: {
        type: 'stat',
        status: 'bad',
        checkWorthiness: 2,
        claimant: 'evil',
        sources: [
          { url: "javascript:window.__pwned='source'", title: p[4]! },
          { url: 'https://example.org/?q="><script>window.__pwned=1</script>', title: p[0]! },
        ],
      },
    }),
    over(p[6]!, { kind: 'note', note: p[7]! }),
    over(p[7]!, { topics: ['y'] }),
  ];
  const body: TranscriptBody = {
    metadata: { title: p[8]!, [p[0]!]: p[1]!, language: '"><script>window.__pwned=1</script>' },
    speakers: [
      { id: 'evil', name: p[1]!, role: p[0]!, aliases: [], anonymous: false },
      { id: 'other', name: p[7]!, role: null, aliases: [], anonymous: false },
    ],
    turns,
    removed: [],
    history: [],
    codebook,
    annotations,
  };
  return { fileName: 'hostile<script>.txt', body, url: "javascript:window.__pwned='url'" };
}
