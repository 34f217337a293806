/**
 * Each format of the annotated fixture read back by a real parser and checked against the annotations
 * it came from: XML parsed (TEI structure, DOCX comments, QDPX project), CSV parsed, JSON-LD parsed and
 * shape-checked, brat and W3C offsets sliced out of the text they count in.
 */
import Papa from 'papaparse';
import type { Element as XmlElement, Node as XmlNode } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/annotation.js';
import { CSV_COLUMNS, exportTranscript, type ExportResult } from '../../shared/export/index.js';
import { QDA_NS } from '../../shared/export/qdpx.js';
import { TEI_NS } from '../../shared/export/tei.js';
import { layoutWorkingText } from '../../shared/export/text.js';
import { importText } from '../../shared/import/index.js';
import type { TranscriptBody } from '../../shared/model.js';
import { DocumentService } from '../../annotations/document-service.js';
import { FIXTURE_PATH, asText, elements, fixtureBody, fixtureInput, parseXml, unzipText } from './helpers.js';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

let body: TranscriptBody;
let annotations: Annotation[];
let text: string;
const outputs = new Map<string, ExportResult>();

beforeAll(async () => {
  body = fixtureBody();
  annotations = body.annotations!;
  text = layoutWorkingText(body.turns).text;
  for (const format of ['md', 'docx', 'csv', 'w3c', 'tei', 'claimreview', 'brat', 'qdpx', 'txt']) {
    outputs.set(format, await exportTranscript(format, fixtureInput()));
  }
});

function only(format: string, index = 0): string | Uint8Array {
  return outputs.get(format)!.files[index]!.data;
}

/** Whitespace runs as one space: how a quote reads when its paragraph breaks are markup elsewhere. */
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
/** No whitespace at all: for text whose breaks became markup (paragraphs, fragments) with none between. */
const bare = (s: string) => s.replace(/\s+/g, '');

/** Code point slicing, as Python or the W3C model count. */
const cpSlice = (s: string, start: number, end: number) => Array.from(s).slice(start, end).join('');

describe('the fixture', () => {
  it('has at least 20 annotations of all three kinds, overlapping ones, and claims with statuses and sources', () => {
    expect(annotations.length).toBeGreaterThanOrEqual(20);
    expect(new Set(annotations.map((a) => a.kind))).toEqual(new Set(['topic', 'claim', 'note']));
    const overlapping = annotations.filter((a) =>
      annotations.some((b) => b !== a && b.target.start < a.target.end && a.target.start < b.target.end),
    );
    expect(overlapping.length).toBeGreaterThan(2);
    const claims = annotations.filter((a) => a.kind === 'claim');
    expect(new Set(claims.map((c) => c.claim!.status)).size).toBeGreaterThan(3);
    expect(claims.some((c) => c.claim!.sources.length > 0)).toBe(true);
    for (const a of annotations) expect(text.slice(a.target.start, a.target.end)).toBe(a.target.exact);
    expect(body.turns[0]!.speaker).toBe('mark-rutte');
    expect(body.speakers.find((s) => s.id === body.turns[9]!.speaker)?.name).toBe('Natalya Kushnir');
    expect(body.codebook!.topics.some((t) => t.parent !== null)).toBe(true);
  });

  it('opens from its sidecar, made for exactly these source bytes', async () => {
    const opened = await new DocumentService().open(FIXTURE_PATH);
    expect(opened.fromSidecar).toBe(true);
    expect(opened.problem).toBeNull();
    expect(opened.readOnly).toBe(false);
    expect(opened.body.annotations).toHaveLength(annotations.length);
  });
});

describe('TEI', () => {
  /** An element's text as spoken: notes left out, <lb/> as a line break. */
  function spoken(node: XmlNode): string {
    let out = '';
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const el = child as XmlElement;
        if (el.localName === 'note') continue;
        out += el.localName === 'lb' ? '\n' : spoken(el);
      }
    }
    return out;
  }

  it('is well-formed TEI with a header, a listPerson and one <u who> per turn holding exactly its text', () => {
    const doc = parseXml(asText(only('tei')));
    const root = doc.documentElement!;
    expect(root.namespaceURI).toBe(TEI_NS);
    expect(root.localName).toBe('TEI');
    expect(elements(doc, TEI_NS, 'title')[0]!.textContent).toBe(body.metadata.title);
    const persons = elements(doc, TEI_NS, 'person');
    expect(persons.map((p) => p.getAttribute('xml:id'))).toEqual(body.speakers.map((s) => s.id));
    const us = elements(doc, TEI_NS, 'u');
    expect(us).toHaveLength(body.turns.length);
    us.forEach((u, i) => {
      expect(u.getAttribute('who')).toBe(`#${body.turns[i]!.speaker}`);
      expect(spoken(u)).toBe(body.turns[i]!.paragraphs.join('\n'));
    });
    const ids = Array.from(doc.getElementsByTagName('*')).map((e) => e.getAttribute('xml:id')).filter((x) => x);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a <seg> for every annotation, whose fragments hold its quote, with @ana pointing at header categories', () => {
    const doc = parseXml(asText(only('tei')));
    const categories = new Set(elements(doc, TEI_NS, 'category').map((c) => c.getAttribute('xml:id')));
    const segs = elements(doc, TEI_NS, 'seg');
    for (const seg of segs) {
      for (const ref of (seg.getAttribute('ana') ?? '').split(' ').filter(Boolean)) {
        expect(categories.has(ref.slice(1)), ref).toBe(true);
      }
    }
    for (const a of annotations) {
      const id = `a-${a.id}`;
      const fragments = segs.filter((s) => s.getAttribute('xml:id') === id || s.getAttribute('xml:id')?.startsWith(`${id}-`));
      expect(fragments.length, a.id).toBeGreaterThan(0);
      expect(bare(fragments.map(spoken).join(''))).toBe(bare(a.target.exact));
      expect(fragments[0]!.getAttribute('type')).toBe(a.kind);
      if (fragments.length > 1) {
        expect(fragments.map((f) => f.getAttribute('part'))).toEqual(['I', ...Array(fragments.length - 2).fill('M'), 'F']);
      }
    }
    // The nested topic sits inside its parent's category.
    const purl = elements(doc, TEI_NS, 'category').find((c) => c.getAttribute('xml:id') === 'topic-purl')!;
    expect((purl.parentNode as XmlElement).getAttribute('xml:id')).toBe('topic-military-aid');
  });

  it('gives notes and claims a <note target> and marks non-speech as <incident> or <vocal>', () => {
    const doc = parseXml(asText(only('tei')));
    const notes = elements(doc, TEI_NS, 'note');
    const expected = annotations.filter((a) => a.kind === 'claim' || a.note.trim());
    expect(notes).toHaveLength(expected.length);
    const segIds = new Set(elements(doc, TEI_NS, 'seg').map((s) => s.getAttribute('xml:id')));
    for (const n of notes) expect(segIds.has(n.getAttribute('target')!.slice(1))).toBe(true);
    const nonSpeech = [...elements(doc, TEI_NS, 'incident'), ...elements(doc, TEI_NS, 'vocal')];
    expect(nonSpeech).toHaveLength(1);
    expect(nonSpeech[0]!.textContent).toMatch(/^\(in Ukrainian on whether/);
  });
});

describe('DOCX', () => {
  it('has one Word comment per annotation, each anchored by start, end and reference', () => {
    const files = unzipText(only('docx') as Uint8Array);
    expect(files['[Content_Types].xml']).toContain('comments');
    const comments = elements(parseXml(files['word/comments.xml']!), W_NS, 'comment');
    expect(comments).toHaveLength(annotations.length);
    const doc = parseXml(files['word/document.xml']!);
    const ids = (name: string) => elements(doc, W_NS, name).map((e) => e.getAttributeNS(W_NS, 'id')).sort();
    const commentIds = comments.map((c) => c.getAttributeNS(W_NS, 'id')).sort();
    expect(ids('commentRangeStart')).toEqual(commentIds);
    expect(ids('commentRangeEnd')).toEqual(commentIds);
    expect(ids('commentReference')).toEqual(commentIds);
  });

  it('anchors each comment to exactly the annotated words, and says what the annotation is', () => {
    const files = unzipText(only('docx') as Uint8Array);
    const doc = parseXml(files['word/document.xml']!);
    // Walk the body in order, collecting the text inside each comment's range.
    const open = new Set<string>();
    const covered = new Map<string, string>();
    const walk = (node: XmlNode) => {
      for (const child of Array.from(node.childNodes)) {
        if (child.nodeType !== 1) continue;
        const el = child as XmlElement;
        const id = el.getAttributeNS(W_NS, 'id');
        // A speaker label (kept with the next paragraph) lies inside a comment that crosses turns, but is not text of the turn.
        if (el.localName === 'p' && elements(el, W_NS, 'keepNext').length) continue;
        if (el.localName === 'commentRangeStart') open.add(id!);
        else if (el.localName === 'commentRangeEnd') open.delete(id!);
        else if (el.localName === 't') for (const o of open) covered.set(o, (covered.get(o) ?? '') + el.textContent);
        else walk(el);
        if (el.localName === 'p') for (const o of open) covered.set(o, (covered.get(o) ?? '') + '\n');
      }
    };
    walk(doc.documentElement!);
    const comments = elements(parseXml(files['word/comments.xml']!), W_NS, 'comment');
    const inOrder = [...annotations].sort((a, b) => a.target.start - b.target.start || b.target.end - a.target.end);
    inOrder.forEach((a, i) => {
      const id = String(i + 1);
      expect(flat(covered.get(id) ?? ''), a.id).toBe(flat(a.target.exact));
      const comment = comments.find((c) => c.getAttributeNS(W_NS, 'id') === id)!;
      expect(comment.getAttributeNS(W_NS, 'author')).toBe('Parley');
      if (a.kind === 'claim') {
        const status = body.codebook!.statuses.find((s) => s.id === a.claim!.status)!;
        expect(comment.textContent).toContain(`status: ${status.label}`);
      }
      if (a.note) expect(bare(comment.textContent ?? '')).toContain(bare(a.note));
    });
  });

  it('puts every speaker label in bold', () => {
    const doc = parseXml(unzipText(only('docx') as Uint8Array)['word/document.xml']!);
    const boldRuns = elements(doc, W_NS, 'r').filter((r) => elements(r, W_NS, 'b').length > 0);
    const names = boldRuns.map((r) => r.textContent);
    const expected = body.turns.map((t) => body.speakers.find((s) => s.id === t.speaker)!.name);
    expect(names).toEqual(expected);
  });
});

describe('CSV', () => {
  it('parses back to one row per annotation with the issue’s columns', () => {
    const parsed = Papa.parse<Record<string, string>>(asText(only('csv')), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
    expect(parsed.data).toHaveLength(annotations.length);
    expect(new Set(parsed.data.map((r) => r.id))).toEqual(new Set(annotations.map((a) => a.id)));
    for (const row of parsed.data) {
      const a = annotations.find((x) => x.id === row.id)!;
      expect(row.transcript).toBe('nato-rutte-zelenskyy-kyiv-press-conference.txt');
      expect(row.kind).toBe(a.kind);
      expect(row.quote).toBe(a.target.exact);
      expect(row.note).toBe(a.note);
      expect(cpSlice(text, Number(row.start), Number(row.end))).toBe(a.target.exact);
      const labels = a.topics.map((id) => body.codebook!.topics.find((t) => t.id === id)!.label);
      expect(row.topics).toBe(labels.join('; '));
      expect(row.speaker).toBe(body.speakers.find((s) => s.id === body.turns[Number(row.turn_index)]!.speaker)!.name);
      if (a.kind === 'claim') {
        expect(row.claim_status).toBe(body.codebook!.statuses.find((s) => s.id === a.claim!.status)!.label);
        for (const s of a.claim!.sources) expect(row.sources).toContain(s.url);
      } else {
        expect(row.claim_status).toBe('');
      }
    }
  });

  it('uses CRLF line ends and no byte-order mark unless asked', () => {
    const csv = asText(only('csv'));
    expect(csv.startsWith('\uFEFF')).toBe(false);
    expect(csv.split('\r\n').length).toBeGreaterThan(annotations.length);
  });
});

describe('W3C Web Annotation', () => {
  it('is an AnnotationCollection whose selectors agree with the working text in code points', () => {
    const json = JSON.parse(asText(only('w3c'))) as {
      '@context': string;
      type: string;
      total: number;
      first: { type: string; items: Array<Record<string, unknown>> };
    };
    expect(json['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(json.type).toBe('AnnotationCollection');
    expect(json.total).toBe(annotations.length);
    expect(json.first.type).toBe('AnnotationPage');
    const items = json.first.items as Array<{
      id: string;
      type: string;
      motivation: string;
      target: { source: string; selector: Array<Record<string, string | number>> };
    }>;
    expect(items).toHaveLength(annotations.length);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const item of items) {
      expect(item.type).toBe('Annotation');
      expect(['tagging', 'assessing', 'commenting']).toContain(item.motivation);
      const quote = item.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
      const position = item.target.selector.find((s) => s.type === 'TextPositionSelector')!;
      expect(cpSlice(text, position.start as number, position.end as number)).toBe(quote.exact);
      expect(annotations.some((a) => a.target.exact === quote.exact)).toBe(true);
      const before = cpSlice(text, 0, position.start as number);
      expect(before.endsWith(quote.prefix as string)).toBe(true);
    }
  });
});

describe('ClaimReview', () => {
  it('has one ClaimReview per claim with a verdict, rated by the status label, attributed to the claimant', () => {
    const json = JSON.parse(asText(only('claimreview'))) as { '@context': string; '@graph': Array<Record<string, unknown>> };
    expect(json['@context']).toBe('https://schema.org');
    const verdicts = annotations.filter((a) => a.kind === 'claim' && !['unchecked', 'in-progress'].includes(a.claim!.status));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(json['@graph']).toHaveLength(verdicts.length);
    for (const review of json['@graph'] as Array<{
      '@type': string;
      claimReviewed: string;
      reviewRating: { '@type': string; alternateName: string };
      itemReviewed: { '@type': string; author: { '@type': string; name: string }; appearance?: unknown };
    }>) {
      expect(review['@type']).toBe('ClaimReview');
      const a = verdicts.find((v) => flat(v.target.exact) === review.claimReviewed)!;
      expect(a).toBeDefined();
      expect(review.reviewRating['@type']).toBe('Rating');
      expect(review.reviewRating.alternateName).toBe(body.codebook!.statuses.find((s) => s.id === a.claim!.status)!.label);
      expect(review.itemReviewed['@type']).toBe('Claim');
      expect(review.itemReviewed.author.name).toBe(body.speakers.find((s) => s.id === a.claim!.claimant)!.name);
      // The fixture has no URL, so no appearance is claimed.
      expect(review.itemReviewed.appearance).toBeUndefined();
    }
  });

  it('gives each claim the transcript’s URL as its appearance when it is known', async () => {
    const result = await exportTranscript('claimreview', { ...fixtureInput(), url: 'https://www.example.org/kyiv' });
    const graph = (JSON.parse(asText(result.files[0]!.data)) as { '@graph': Array<{ itemReviewed: { appearance: { url: string } } }> })['@graph'];
    for (const r of graph) expect(r.itemReviewed.appearance.url).toBe('https://www.example.org/kyiv');
  });
});

describe('brat', () => {
  it('has offsets that slice the annotated words out of the .txt written beside it', () => {
    const [txt, ann] = outputs.get('brat')!.files;
    expect(txt!.name.endsWith('.brat.txt') && ann!.name.endsWith('.brat.ann')).toBe(true);
    const plain = asText(txt!.data);
    const lines = asText(ann!.data).trimEnd().split('\n');
    const spans = lines.filter((l) => l.startsWith('T'));
    const spanIds = new Set(spans.map((l) => l.split('\t')[0]));
    for (const line of spans) {
      const [, typeAndOffsets, covered] = line.split('\t') as [string, string, string];
      const [type, ...rest] = typeAndOffsets.split(' ');
      expect(type).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
      const fragments = rest.join(' ').split(';').map((f) => f.split(' ').map(Number) as [number, number]);
      const sliced = fragments.map(([s, e]) => cpSlice(plain, s, e));
      expect(sliced.join(' ')).toBe(covered);
      for (const s of sliced) expect(s).not.toContain('\n');
      expect(annotations.some((a) => flat(a.target.exact) === flat(covered))).toBe(true);
    }
    const expectedSpans = annotations.reduce((n, a) => n + a.topics.length + (a.kind === 'topic' ? 0 : 1), 0);
    expect(spans).toHaveLength(expectedSpans);
    for (const line of lines.filter((l) => l.startsWith('A') || l.startsWith('#'))) {
      const target = line.split('\t')[1]!.split(' ')[1];
      expect(spanIds.has(target)).toBe(true);
    }
  });
});

describe('QDPX', () => {
  it('is a REFI-QDA project: the codebook as codes, the annotations as coded selections of the text source', () => {
    const files = unzipText(only('qdpx') as Uint8Array);
    const doc = parseXml(files['project.qde']!);
    expect(doc.documentElement!.namespaceURI).toBe(QDA_NS);
    expect(doc.documentElement!.localName).toBe('Project');
    const codes = elements(doc, QDA_NS, 'Code');
    const codeGuids = new Set(codes.map((c) => c.getAttribute('guid')));
    expect(codeGuids.size).toBe(codes.length);
    for (const t of body.codebook!.topics) expect(codes.some((c) => c.getAttribute('name') === t.label)).toBe(true);
    // Nesting follows the topic tree.
    const purl = codes.find((c) => c.getAttribute('name') === 'PURL')!;
    expect((purl.parentNode as XmlElement).getAttribute('name')).toBe('Military aid');

    const [source] = elements(doc, QDA_NS, 'TextSource');
    const path = source!.getAttribute('plainTextPath')!;
    expect(path).toMatch(/^internal:\/\/[0-9a-f-]+\.txt$/);
    const plain = files[`sources/${path.slice('internal://'.length)}`]!;
    expect(plain).toBeDefined();

    const selections = elements(doc, QDA_NS, 'PlainTextSelection');
    expect(selections).toHaveLength(annotations.length);
    for (const sel of selections) {
      const slice = cpSlice(plain, Number(sel.getAttribute('startPosition')), Number(sel.getAttribute('endPosition')));
      const a = annotations.find((x) => {
        const lines = x.target.exact.split('\n').filter(Boolean);
        return slice.startsWith(lines[0]!) && slice.endsWith(lines[lines.length - 1]!);
      });
      expect(a, slice).toBeDefined();
      if (!a!.target.exact.includes('\n')) expect(slice).toBe(a!.target.exact);
      const refs = elements(sel, QDA_NS, 'CodeRef').map((r) => r.getAttribute('targetGUID'));
      for (const ref of refs) expect(codeGuids.has(ref)).toBe(true);
      expect(refs.length).toBe(a!.topics.length + (a!.kind === 'claim' ? 1 : 0));
    }
    const noteGuids = new Set(elements(doc, QDA_NS, 'Note').map((n) => n.getAttribute('guid')));
    const noteRefs = elements(doc, QDA_NS, 'NoteRef');
    expect(noteRefs).toHaveLength(annotations.filter((a) => a.note.trim()).length);
    for (const r of noteRefs) expect(noteGuids.has(r.getAttribute('targetGUID'))).toBe(true);
  });
});

describe('Markdown', () => {
  it('has a footnote reference and a footnote for every annotation, and speakers in bold', () => {
    const md = asText(only('md'));
    for (let n = 1; n <= annotations.length; n++) {
      expect(md.split(`[^${n}]`).length - 1, `[^${n}]`).toBe(2);
      expect(md).toContain(`\n[^${n}]: `);
    }
    for (const t of body.turns) {
      expect(md).toContain(`**${body.speakers.find((s) => s.id === t.speaker)!.name}**`);
    }
    // Marks open and close in pairs, and no other HTML is in the file.
    expect(md.match(/<mark>/g)!.length).toBe(md.match(/<\/mark>/g)!.length);
    expect(md.replace(/<\/?mark>/g, '').replace(/\(<https:\/\/[^\s<>]+>\)/g, '')).not.toMatch(/<[a-z/!]/i);
  });
});

describe('plain text', () => {
  it('reads back through Parley’s importer as the same turns and speakers', () => {
    const txt = asText(only('txt'));
    const back = importText(txt, { fileName: 'back.txt' }).body;
    expect(back.turns.map((t) => t.paragraphs)).toEqual(body.turns.map((t) => t.paragraphs));
    const name = (b: TranscriptBody, id: string | null) => b.speakers.find((s) => s.id === id)?.name;
    expect(back.turns.map((t) => name(back, t.speaker))).toEqual(body.turns.map((t) => name(body, t.speaker)));
  });
});
