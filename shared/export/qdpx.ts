/**
 * QDPX: a REFI-QDA project (https://www.qdasoftware.org/), so analysts can continue in ATLAS.ti,
 * MAXQDA, NVivo, QDA Miner and the rest. A zip holding `project.qde` (XML in the namespace
 * urn:QDA-XML:project:1.0) and the transcript as a text source in `sources/`.
 *
 * - The codebook's topics are the codes, nested as in the topic tree, in their colours; claim statuses
 *   are codes under a "Claim status" code.
 * - Every annotation is a PlainTextSelection of the text source (positions in Unicode code points into
 *   the plain text of plain.ts), coded with its topics and, for a claim, its status; its facts are the
 *   selection's description, and its note text is a Note the selection refers to.
 *
 * GUIDs are made from the file name and the ids (sha256.ts nameGuid), so the same transcript always
 * gives the same project, and a re-export updates rather than duplicates in software that merges by GUID.
 */
import { zipSync, strToU8, type Zippable } from 'fflate';
import { factsLine, annotationFacts, outputName, KIND_LABELS } from './describe.js';
import { prepareDocument, topicTree, type ExportDocument } from './document.js';
import { escapeXml } from './escape.js';
import { plainText } from './plain.js';
import { nameGuid } from './sha256.js';
import { CodePointIndex } from './text.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

export const QDA_NS = 'urn:QDA-XML:project:1.0';

/** The transcript and its annotations as a REFI-QDA project (one .qdpx file). */
export function exportQdpx(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  const { project, sources } = buildProject(doc);
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const zip: Zippable = { 'project.qde': [strToU8(project), { mtime }] };
  for (const [name, text] of sources) zip[`sources/${name}`] = [strToU8(text), { mtime }];
  return { files: [{ name: outputName(input.fileName, 'qdpx'), data: zipSync(zip, { level: 6 }) }], warnings: doc.warnings };
}

function buildProject(doc: ExportDocument): { project: string; sources: [string, string][] } {
  const guid = (...parts: string[]) => nameGuid(['parley', doc.fileName, ...parts].join('\u0000'));
  const user = guid('user');
  const plain = plainText(doc);
  const points = new CodePointIndex(plain.text);
  const sourceGuid = guid('source');
  const sourceFile = `${sourceGuid}.txt`;

  const codeLines: string[] = [];
  const tree = topicTree(doc.codebook.topics);
  tree.forEach(({ topic, depth }, i) => {
    const next = tree[i + 1]?.depth ?? 0;
    const description = topic.description.trim() ? `<Description>${escapeXml(topic.description.trim())}</Description>` : '';
    const open = `<Code guid="${guid('topic', topic.id)}" name="${escapeXml(topic.label)}" isCodable="true" color="${topic.color.toUpperCase()}">${description}`;
    codeLines.push(`${'  '.repeat(3 + depth)}${open}${next > depth ? '' : '</Code>'.repeat(depth - next + 1)}`);
  });
  // Topics an annotation names that the codebook lacks still get a code, so no coding points nowhere.
  const known = new Set(doc.codebook.topics.map((t) => t.id));
  const extra = new Map(doc.annotations.flatMap((a) => a.topics.filter((t) => !known.has(t.id)).map((t) => [t.id, t] as const)));
  for (const t of extra.values()) {
    codeLines.push(`      <Code guid="${guid('topic', t.id)}" name="${escapeXml(t.label)}" isCodable="true" color="${t.color.toUpperCase()}"/>`);
  }
  const statuses = new Map(doc.annotations.flatMap((a) => (a.status ? [[a.status.id, a.status] as const] : [])));
  const statusList = [...doc.codebook.statuses.filter((s) => statuses.has(s.id)), ...[...statuses.values()].filter((s) => !doc.codebook.statuses.includes(s))];
  if (statusList.length) {
    codeLines.push(`      <Code guid="${guid('claim-status')}" name="Claim status" isCodable="false">`);
    for (const s of statusList) {
      codeLines.push(`        <Code guid="${guid('status', s.id)}" name="${escapeXml(s.label)}" isCodable="true" color="${s.color.toUpperCase()}"/>`);
    }
    codeLines.push('      </Code>');
  }

  const selections: string[] = [];
  const notes: string[] = [];
  for (const a of doc.annotations) {
    const start = points.toCodePoints(plain.map(a.start));
    const end = points.toCodePoints(plain.map(a.end));
    const id = guid('annotation', a.id);
    const when = dateTime(a.annotation.created);
    const attrs = [
      `guid="${id}"`,
      `name="${escapeXml(`${KIND_LABELS[a.kind]} ${a.number}`)}"`,
      `startPosition="${start}"`,
      `endPosition="${Math.max(start, end)}"`,
      `creatingUser="${user}"`,
      ...(when ? [`creationDateTime="${when}"`] : []),
    ];
    const inner: string[] = [`<Description>${escapeXml(factsLine(annotationFacts(a)))}</Description>`];
    const codes = [...a.topics.map((t) => guid('topic', t.id)), ...(a.status ? [guid('status', a.status.id)] : [])];
    for (const code of codes) {
      inner.push(`<Coding guid="${guid('coding', a.id, code)}" creatingUser="${user}"><CodeRef targetGUID="${code}"/></Coding>`);
    }
    if (a.note.trim()) {
      const noteGuid = guid('note', a.id);
      inner.push(`<NoteRef targetGUID="${noteGuid}"/>`);
      notes.push(
        `    <Note guid="${noteGuid}" name="${escapeXml(`Note on ${KIND_LABELS[a.kind].toLowerCase()} ${a.number}`)}" creatingUser="${user}"${when ? ` creationDateTime="${when}"` : ''}><PlainTextContent>${escapeXml(a.note)}</PlainTextContent></Note>`,
      );
    }
    selections.push(`        <PlainTextSelection ${attrs.join(' ')}>${inner.join('')}</PlainTextSelection>`);
  }

  const project = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Project xmlns="${QDA_NS}" name="${escapeXml(doc.title)}" origin="Parley" creatingUserGUID="${user}">`,
    '  <Users>',
    `    <User guid="${user}" name="Parley"/>`,
    '  </Users>',
    ...(codeLines.length ? ['  <CodeBook>', '    <Codes>', ...codeLines, '    </Codes>', '  </CodeBook>'] : []),
    '  <Sources>',
    `    <TextSource guid="${sourceGuid}" name="${escapeXml(doc.fileName)}" plainTextPath="internal://${sourceFile}" creatingUser="${user}">`,
    ...selections,
    '    </TextSource>',
    '  </Sources>',
    ...(notes.length ? ['  <Notes>', ...notes, '  </Notes>'] : []),
    '</Project>',
    '',
  ].join('\n');
  return { project, sources: [[sourceFile, plain.text]] };
}

/** An xs:dateTime from an ISO time, or null when the stored time does not parse. */
function dateTime(iso: string): string | null {
  const d = new Date(iso);
  return iso && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}
