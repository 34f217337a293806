/**
 * TEI P5, transcribed speech (https://tei-c.org/release/doc/tei-p5-doc/en/html/TS.html): one `<u>` per
 * turn, its `@who` pointing at a `<person>` of the header's `<listPerson>`; annotations as `<seg>` with
 * `@ana` pointing at categories of the header's taxonomies (topics, with their tree; claim types;
 * statuses); notes and claim details as `<note target>` after the span; non-speech as `<vocal>` (sounds
 * people make: laughter, coughing, crosstalk) or `<incident>` (everything else), each with a `<desc>`.
 * Paragraph breaks inside a turn are `<lb/>`; turn times, where known, point into a `<timeline>`.
 *
 * XML elements must nest, annotations need not: where two overlap, the inner one is closed and reopened
 * (segments.ts), and its fragments carry `@part` (I, M, F) and `@prev` to the fragment before.
 */
import type { Labelled, Topic } from '../annotation.js';
import { annotationFacts, linkable, outputName } from './describe.js';
import { prepareDocument, topicTree, type ExportAnnotation, type ExportDocument, type ExportTurn } from './document.js';
import { escapeXml, NameBook } from './escape.js';
import { nest, type NestedNode, type Span } from './segments.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** What a span in a turn is: an annotation, or a stretch of non-speech. */
type Mark = { kind: 'annotation'; a: ExportAnnotation } | { kind: 'nonspeech'; element: 'vocal' | 'incident' };

/** Non-speech made by a person's voice is `<vocal>`; the rest (applause, music, a language note) is `<incident>`. */
const VOCAL = /laugh|chuckl|giggl|cough|sigh|sneez|gasp|groan|cry|cries|crying|sob|crosstalk|cross-talk|overlapping|murmur|shout|cheer|boo|whisper|clears? (his|her|their) throat|inaudible|unintelligible|sniff/i;

/** The transcript as a TEI P5 document (one .xml file). */
export function exportTei(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  return { files: [{ name: outputName(input.fileName, 'xml'), data: renderTei(doc) }], warnings: doc.warnings };
}

function renderTei(doc: ExportDocument): string {
  const names = new NameBook();
  // Names are handed out in a fixed order so that the same transcript always gets the same ids.
  const personId = new Map(doc.speakers.map((s) => [s.id, names.name('', s.id)] as const));
  const topicId = (t: Topic) => names.name('topic-', t.id);
  const typeId = (l: Labelled) => names.name('claimtype-', l.id);
  const statusId = (l: Labelled) => names.name('status-', l.id);
  const tree = topicTree(doc.codebook.topics);
  for (const { topic } of tree) topicId(topic);
  for (const l of doc.codebook.claimTypes) typeId(l);
  for (const l of doc.codebook.statuses) statusId(l);
  const annotationId = (a: ExportAnnotation) => names.name('a-', a.id);
  const turnId = (t: ExportTurn) => names.name('u-', t.id);

  // Trees first: an annotation's fragments are only counted once every turn is cut.
  const trees = doc.turns.map((turn) => {
    const spans: Span<Mark>[] = doc.annotations
      .filter((a) => a.start < turn.span.end && a.end > turn.span.start)
      .map((a) => ({ start: a.start, end: a.end, value: { kind: 'annotation', a } }));
    for (const r of turn.nonSpeech) {
      const p = turn.span.paragraphs[r.paragraph];
      if (!p) continue;
      const start = p.start + r.from;
      const end = p.start + Math.min(r.to, p.text.length);
      const element = VOCAL.test(doc.text.slice(start, end)) ? 'vocal' : 'incident';
      spans.push({ start, end, rank: 1, value: { kind: 'nonspeech', element } });
    }
    return nest(turn.span.start, turn.span.end, spans);
  });
  const fragments = new Map<ExportAnnotation, number>();
  const count = (nodes: NestedNode<Mark>[]) => {
    for (const n of nodes) {
      if (n.type !== 'span') continue;
      if (n.span.value.kind === 'annotation') fragments.set(n.span.value.a, (fragments.get(n.span.value.a) ?? 0) + 1);
      count(n.children);
    }
  };
  trees.forEach(count);

  const seen = new Map<ExportAnnotation, number>();
  const text = (start: number, end: number) =>
    doc.text
      .slice(start, end)
      .split('\n')
      .map(escapeXml)
      .join('<lb/>');
  const render = (nodes: NestedNode<Mark>[]): string =>
    nodes
      .map((n) => {
        if (n.type === 'text') return text(n.start, n.end);
        const mark = n.span.value;
        if (mark.kind === 'nonspeech') {
          return `<${mark.element}><desc>${render(n.children)}</desc></${mark.element}>`;
        }
        const a = mark.a;
        const total = fragments.get(a) ?? 1;
        const index = (seen.get(a) ?? 0) + 1;
        seen.set(a, index);
        const base = annotationId(a);
        const attrs = [`xml:id="${index === 1 ? base : `${base}-${index}`}"`, `type="${a.kind}"`];
        const ana = [
          ...a.topics.map((t) => `#${topicId(t)}`),
          ...(a.claimType ? [`#${typeId(a.claimType)}`] : []),
          ...(a.status ? [`#${statusId(a.status)}`] : []),
        ];
        if (ana.length) attrs.push(`ana="${escapeXml(ana.join(' '))}"`);
        if (total > 1) {
          attrs.push(`part="${index === 1 ? 'I' : index === total ? 'F' : 'M'}"`);
          if (index > 1) attrs.push(`prev="#${index === 2 ? base : `${base}-${index - 1}`}"`);
        }
        const seg = `<seg ${attrs.join(' ')}>${render(n.children)}</seg>`;
        return index === total ? seg + note(a, `#${base}`) : seg;
      })
      .join('');

  const body = doc.turns.map((turn, i) => {
    const attrs: string[] = [];
    const who = turn.speaker ? personId.get(turn.speaker.id) : undefined;
    if (who) attrs.push(`who="#${who}"`);
    attrs.push(`xml:id="${turnId(turn)}"`);
    if (turn.start !== undefined) attrs.push(`start="#${names.name('T-', `${turn.id}-start`)}"`);
    if (turn.end !== undefined) attrs.push(`end="#${names.name('T-', `${turn.id}-end`)}"`);
    return `      <u ${attrs.join(' ')}>${render(trees[i]!)}</u>`;
  });

  const timed = doc.turns.filter((t) => t.start !== undefined || t.end !== undefined);
  const timeline = timed.length
    ? [
        '      <timeline unit="s" origin="#T0">',
        '        <when xml:id="T0"/>',
        ...timed.flatMap((t) => [
          ...(t.start !== undefined ? [`        <when xml:id="${names.name('T-', `${t.id}-start`)}" interval="${t.start}" since="#T0"/>`] : []),
          ...(t.end !== undefined ? [`        <when xml:id="${names.name('T-', `${t.id}-end`)}" interval="${t.end}" since="#T0"/>`] : []),
        ]),
        '      </timeline>',
      ]
    : [];

  const category = (id: string, label: string, description = '') =>
    `<category xml:id="${id}"><catDesc>${escapeXml(label)}${description.trim() ? `: ${escapeXml(description.trim())}` : ''}</catDesc>`;
  // The topic tree as nested categories: each one closes when the next one is not below it.
  const topicLines: string[] = [];
  tree.forEach(({ topic, depth }, i) => {
    const next = tree[i + 1]?.depth ?? 0;
    const closes = next > depth ? '' : '</category>'.repeat(depth - next + 1);
    topicLines.push(`${'  '.repeat(5 + depth)}${category(topicId(topic), topic.label, topic.description)}${closes}`);
  });

  const persons = doc.speakers.map((s) => {
    const role = s.role ? `<roleName>${escapeXml(s.role)}</roleName>` : '';
    return `          <person xml:id="${personId.get(s.id)}"><persName>${escapeXml(s.name)}</persName>${role}</person>`;
  });

  const taxonomies = [
    ...(tree.length ? ['        <taxonomy xml:id="topics">', ...topicLines, '        </taxonomy>'] : []),
    ...(doc.codebook.claimTypes.length
      ? ['        <taxonomy xml:id="claim-types">', ...doc.codebook.claimTypes.map((l) => `          ${category(typeId(l), l.label)}</category>`), '        </taxonomy>']
      : []),
    ...(doc.codebook.statuses.length
      ? ['        <taxonomy xml:id="claim-statuses">', ...doc.codebook.statuses.map((l) => `          ${category(statusId(l), l.label)}</category>`), '        </taxonomy>']
      : []),
  ];
  const header = [
    '  <teiHeader>',
    '    <fileDesc>',
    `      <titleStmt><title>${escapeXml(doc.title)}</title></titleStmt>`,
    `      <publicationStmt><p>Exported by Parley from ${escapeXml(doc.fileName)}${doc.textChoice === 'source' ? ' (source text as imported)' : ''}.${doc.url ? ` Published at <ptr target="${escapeXml(doc.url)}"/>.` : ''}</p></publicationStmt>`,
    `      <sourceDesc><p>The transcript file ${escapeXml(doc.fileName)}.</p></sourceDesc>`,
    '    </fileDesc>',
    // An empty classDecl is not valid TEI: the whole encodingDesc goes when the codebook is empty.
    ...(taxonomies.length ? ['    <encodingDesc>', '      <classDecl>', ...taxonomies, '      </classDecl>', '    </encodingDesc>'] : []),
    ...(persons.length
      ? ['    <profileDesc>', '      <particDesc>', '        <listPerson>', ...persons, '        </listPerson>', '      </particDesc>', '    </profileDesc>']
      : []),
    '  </teiHeader>',
  ];

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<TEI xmlns="${TEI_NS}">`,
    ...header,
    '  <text>',
    '    <body>',
    ...timeline,
    ...(body.length ? body : ['      <p/>']),
    '    </body>',
    '  </text>',
    '</TEI>',
    '',
  ].join('\n');

  /** The note after an annotation's last fragment: its claim details, its note and its sources. */
  function note(a: ExportAnnotation, target: string): string {
    const f = annotationFacts(a);
    const details = [f.claim, f.claimant, f.worthiness].filter(Boolean).join('; ');
    const parts: string[] = [];
    if (details) parts.push(escapeXml(details) + '.');
    if (f.note) parts.push(escapeXml(f.note));
    if (f.sources.length) {
      const refs = f.sources.map((s) => {
        const url = linkable(s);
        const title = escapeXml(s.title.trim() || s.url);
        return url ? `<ref target="${escapeXml(url)}">${title}</ref>` : title;
      });
      parts.push(`Sources: ${refs.join('; ')}.`);
    }
    if (!parts.length) return '';
    return `<note type="${a.kind}" target="${target}">${parts.join(' ')}</note>`;
  }
}
