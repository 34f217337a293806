/**
 * HTML: one self-contained, print-ready page. Speaker labels, topic highlights in the codebook's
 * colours with a legend, claims marked with their status, a claims table, the annotations as numbered
 * notes and a speaker index at the end.
 *
 * Safety: every piece of transcript text (turns, names, roles, labels, notes, titles, metadata) is
 * escaped; colours are only ever the codebook's validated #rrggbb values; links are only http(s)
 * addresses. The page has no script and loads nothing; its Content-Security-Policy allows exactly its
 * own stylesheet (by hash) and nothing else, so even a mistake here could not run code.
 */
import type { Labelled, Topic } from '../annotation.js';
import { annotationFacts, clockTime, linkable, outputName } from './describe.js';
import { plural, prepareDocument, topicTree, type ExportAnnotation, type ExportDocument } from './document.js';
import { escapeHtml } from './escape.js';
import { segment, type Span } from './segments.js';
import { base64, sha256 } from './sha256.js';
import type { ExportInput, ExportOptions, ExportResult } from './types.js';

/** The transcript as one self-contained HTML page (one .html file). */
export function exportHtml(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const doc = prepareDocument(input, options);
  return { files: [{ name: outputName(input.fileName, 'html'), data: renderHtml(doc) }], warnings: doc.warnings };
}

/** At most this many topic colours are striped into one highlight; the title names them all. */
const MAX_STRIPES = 4;

const BASE_CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d4d9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 4rem; color: var(--ink); background: #fff;
  font: 16px/1.6 Georgia, "Times New Roman", serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1, h2, h3, .speaker, table, .legend, .about, .badge, .ref { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2.5rem 0 .75rem; border-bottom: 1px solid var(--rule); padding-bottom: .25rem; }
.about { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
.about a { color: inherit; }
dl.metadata { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; font-size: .9rem; margin: 0 0 1rem; }
dl.metadata dt { font-weight: 600; }
dl.metadata dd { margin: 0; }
.legend { font-size: .85rem; display: flex; flex-wrap: wrap; gap: 1.5rem; border: 1px solid var(--rule); border-radius: 6px; padding: .75rem 1rem; }
.legend h2 { font-size: .95rem; margin: 0 0 .35rem; border: 0; padding: 0; }
.legend ul { list-style: none; margin: 0; padding: 0; }
.legend li { margin: .15rem 0; }
.legend li.d1 { padding-left: 1.25rem; } .legend li.d2 { padding-left: 2.5rem; } .legend li.d3 { padding-left: 3.75rem; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -.1em; margin-right: .35em; border: 1px solid rgba(0,0,0,.25); }
.legend .desc { color: var(--muted); }
.turn { margin: 1.25rem 0; break-inside: auto; }
.speaker { font-weight: 700; font-size: .95rem; margin: 0 0 .25rem; break-after: avoid; }
.speaker .role, .speaker .time { font-weight: 400; color: var(--muted); }
.turn p { margin: 0 0 .6rem; white-space: pre-wrap; }
mark { color: inherit; background: transparent; border-radius: 2px; padding: .05em 0; }
mark.claim { text-decoration-line: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
mark.note { border-bottom: 2px dotted #555; }
.nonspeech { font-style: italic; color: var(--muted); }
.ref { font-size: .7rem; vertical-align: super; line-height: 0; text-decoration: none; color: #333; margin-left: 1px; }
.badge { display: inline-block; font-size: .72rem; line-height: 1.3; padding: 0 .35em; border-radius: 3px; color: #fff; background: #666; text-decoration: none; vertical-align: .1em; margin-left: 2px; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .4rem; text-align: left; vertical-align: top; }
th { font-weight: 600; }
ol.annotations { padding-left: 1.5rem; font-size: .9rem; }
ol.annotations li { margin: 0 0 .5rem; }
.quote { font-style: italic; }
.kind { font-weight: 600; font-family: system-ui, sans-serif; }
.back { text-decoration: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; }
  .back { display: none; }
  h2 { break-after: avoid; }
  tr, .legend { break-inside: avoid; }
}
`;

function renderHtml(doc: ExportDocument): string {
  const topics = doc.codebook.topics;
  const topicIndex = new Map(topics.map((t, i) => [t.id, i] as const));
  const statuses = doc.codebook.statuses;
  const statusIndex = new Map(statuses.map((s, i) => [s.id, i] as const));
  // Unknown topic or status ids (resolved with a grey colour) get classes after the codebook's.
  const extraTopics: Topic[] = [];
  const extraStatuses: Labelled[] = [];
  for (const a of doc.annotations) {
    for (const t of a.topics) {
      if (!topicIndex.has(t.id)) {
        topicIndex.set(t.id, topics.length + extraTopics.length);
        extraTopics.push(t);
      }
    }
    if (a.status && !statusIndex.has(a.status.id)) {
      statusIndex.set(a.status.id, statuses.length + extraStatuses.length);
      extraStatuses.push(a.status);
    }
  }
  const allTopics = [...topics, ...extraTopics];
  const allStatuses = [...statuses, ...extraStatuses];
  const combos = new Map<string, number[]>();

  const spans: Span<ExportAnnotation>[] = doc.annotations.map((a) => ({ start: a.start, end: a.end, value: a }));
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(doc.title)}</h1>`);
  const about = [`Exported by Parley from <span class="file">${escapeHtml(doc.fileName)}</span>`];
  if (doc.url) about.push(`published at <a href="${escapeHtml(doc.url)}" rel="noopener noreferrer">${escapeHtml(doc.url)}</a>`);
  if (doc.textChoice === 'source') about.push('source text as imported');
  body.push(`<p class="about">${about.join(', ')}.</p>`);
  const metadata = Object.entries(doc.metadata).filter(([k]) => k !== 'title');
  if (metadata.length) {
    body.push('<dl class="metadata">');
    for (const [k, v] of metadata) body.push(`<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`);
    body.push('</dl>');
  }
  body.push('</header>');

  const usedTopics = new Set(doc.annotations.flatMap((a) => a.topics.map((t) => t.id)));
  const usedStatuses = new Set(doc.annotations.flatMap((a) => (a.status ? [a.status.id] : [])));
  body.push(legend(allTopics, topicIndex, usedTopics, allStatuses, statusIndex, usedStatuses));

  body.push('<main class="transcript">');
  for (const turn of doc.turns) {
    const n = turn.index + 1;
    const role = turn.role ? ` <span class="role">${escapeHtml(turn.role)}</span>` : '';
    const time = turn.start === undefined ? '' : ` <span class="time">${clockTime(turn.start)}</span>`;
    body.push(`<section class="turn" id="turn-${n}"><h3 class="speaker">${escapeHtml(turn.name)}${role}${time}</h3>`);
    for (const p of turn.span.paragraphs) {
      const nonSpeech = turn.nonSpeech
        .filter((r) => turn.span.paragraphs[r.paragraph] === p)
        .map((r) => ({ start: p.start + r.from, end: p.start + Math.min(r.to, p.text.length) }));
      body.push(`<p>${paragraph(doc, p.start, p.end, spans, nonSpeech, topicIndex, statusIndex, combos)}</p>`);
    }
    body.push('</section>');
  }
  body.push('</main>');

  body.push(claimsTable(doc, statusIndex));
  body.push(annotationList(doc, statusIndex));
  body.push(speakerIndex(doc));

  const css = BASE_CSS + colourCss(allTopics, allStatuses, combos);
  const hash = base64(sha256(new TextEncoder().encode(css)));
  // The policy is the first thing in <head>, so it governs everything after it, the stylesheet included.
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${language(doc.metadata.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Parley">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One paragraph: segments with their highlight classes, and references where annotations end. */
function paragraph(
  doc: ExportDocument,
  from: number,
  to: number,
  spans: Span<ExportAnnotation>[],
  nonSpeech: { start: number; end: number }[],
  topicIndex: Map<string, number>,
  statusIndex: Map<string, number>,
  combos: Map<string, number[]>,
): string {
  const cuts: Span<ExportAnnotation | null>[] = [...spans, ...nonSpeech.map((r) => ({ ...r, value: null }))];
  let out = '';
  for (const seg of segment<ExportAnnotation | null>(from, to, cuts)) {
    let text = escapeHtml(doc.text.slice(seg.start, seg.end));
    if (seg.spans.some((s) => s.value === null)) text = `<span class="nonspeech">${text}</span>`;
    const covering = seg.spans.map((s) => s.value).filter((a): a is ExportAnnotation => a !== null);
    if (covering.length) {
      const classes: string[] = [];
      const ids = [...new Set(covering.flatMap((a) => a.topics.map((t) => topicIndex.get(t.id)!)))].slice(0, MAX_STRIPES);
      if (ids.length) {
        const key = ids.join('-');
        combos.set(key, ids);
        classes.push(`h${key}`);
      }
      // The innermost claim (the last to start) decides the underline.
      const claim = [...covering].reverse().find((a) => a.status);
      if (claim) classes.push('claim', `u${statusIndex.get(claim.status!.id)}`);
      if (covering.some((a) => a.kind === 'note')) classes.push('note');
      const title = covering.map((a) => `${a.number}: ${annotationFacts(a).kind}${a.topics.length ? ` (${a.topics.map((t) => t.label).join(', ')})` : ''}`);
      text = `<mark class="${classes.join(' ')}" title="${escapeHtml(title.join('; '))}">${text}</mark>`;
    }
    out += text;
    for (const s of seg.spans) {
      const a = s.value;
      if (!a || s.end !== seg.end) continue;
      if (a.status) {
        out += `<a class="badge s${statusIndex.get(a.status.id)}" href="#a${a.number}" id="r${a.number}">${a.number} ${escapeHtml(a.status.label)}</a>`;
      } else {
        out += `<a class="ref" href="#a${a.number}" id="r${a.number}">[${a.number}]</a>`;
      }
    }
  }
  return out;
}

function legend(
  topics: Topic[],
  topicIndex: Map<string, number>,
  usedTopics: Set<string>,
  statuses: Labelled[],
  statusIndex: Map<string, number>,
  usedStatuses: Set<string>,
): string {
  const out: string[] = ['<section class="legend" aria-label="Legend">'];
  if (topics.length) {
    out.push('<div><h2>Topics</h2><ul>');
    for (const { topic, depth } of topicTree(topics)) {
      const used = usedTopics.has(topic.id) ? '' : ' <span class="desc">(not used here)</span>';
      const desc = topic.description.trim() ? ` <span class="desc">— ${escapeHtml(topic.description.trim())}</span>` : '';
      out.push(`<li class="d${Math.min(depth, 3)}"><span class="swatch t${topicIndex.get(topic.id)}"></span>${escapeHtml(topic.label)}${desc}${used}</li>`);
    }
    out.push('</ul></div>');
  }
  const shown = statuses.filter((s) => usedStatuses.has(s.id));
  if (shown.length) {
    out.push('<div><h2>Claim statuses</h2><ul>');
    for (const s of shown) out.push(`<li><span class="badge s${statusIndex.get(s.id)}">${escapeHtml(s.label)}</span></li>`);
    out.push('</ul></div>');
  }
  out.push('</section>');
  return topics.length || shown.length ? out.join('\n') : '';
}

function claimsTable(doc: ExportDocument, statusIndex: Map<string, number>): string {
  const claims = doc.annotations.filter((a) => a.kind === 'claim');
  if (!claims.length) return '<section class="claims"><h2>Claims</h2><p>No claims.</p></section>';
  const rows = claims.map((a) => {
    const f = annotationFacts(a);
    const status = a.status
      ? `<span class="badge s${statusIndex.get(a.status.id)}">${escapeHtml(a.status.label)}</span>`
      : '';
    return [
      '<tr>',
      `<td><a href="#r${a.number}">${a.number}</a></td>`,
      `<td class="quote">“${escapeHtml(a.quote)}”</td>`,
      `<td>${escapeHtml(a.claimant?.name ?? a.turn.name)}</td>`,
      `<td>${escapeHtml(a.claimType?.label ?? '')}</td>`,
      `<td>${status}</td>`,
      `<td>${sourcesHtml(f.sources)}</td>`,
      `<td>${escapeHtml(f.note)}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    `<section class="claims"><h2>Claims (${claims.length})</h2>`,
    '<table><thead><tr><th>#</th><th>Claim</th><th>Said by</th><th>Type</th><th>Status</th><th>Sources</th><th>Note</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function annotationList(doc: ExportDocument, statusIndex: Map<string, number>): string {
  if (!doc.annotations.length) return '';
  const items = doc.annotations.map((a) => {
    const f = annotationFacts(a);
    const details = [f.claimant, f.worthiness].filter(Boolean).join('; ');
    const parts = [`<span class="kind">${escapeHtml(f.kind)}</span>`];
    if (a.status) parts.push(`<span class="badge s${statusIndex.get(a.status.id)}">${escapeHtml(a.status.label)}</span>`);
    if (a.claimType) parts.push(escapeHtml(a.claimType.label));
    if (details) parts.push(escapeHtml(details));
    if (f.topics) parts.push(`Topics: ${escapeHtml(f.topics)}`);
    const note = f.note ? `<br>${escapeHtml(f.note)}` : '';
    const sources = f.sources.length ? `<br>Sources: ${sourcesHtml(f.sources)}` : '';
    return `<li id="a${a.number}" value="${a.number}">${parts.join(' · ')} — <span class="quote">“${escapeHtml(a.quote)}”</span> (${escapeHtml(a.turn.name)}) <a class="back" href="#r${a.number}" aria-label="Back to the text">↩</a>${note}${sources}</li>`;
  });
  return `<section class="notes"><h2>Annotations (${doc.annotations.length})</h2>\n<ol class="annotations">\n${items.join('\n')}\n</ol></section>`;
}

function speakerIndex(doc: ExportDocument): string {
  const rows: string[] = [];
  const groups = new Map<string, { name: string; role: string | null; turns: number[]; words: number }>();
  for (const turn of doc.turns) {
    // Turns without a speaker are grouped by the name shown for them (their label).
    const key = turn.speaker ? `id:${turn.speaker.id}` : `label:${turn.name}`;
    const g = groups.get(key) ?? { name: turn.name, role: turn.role, turns: [], words: 0 };
    g.turns.push(turn.index + 1);
    g.words += turn.span.paragraphs.reduce((n, p) => n + (p.text.match(/\S+/g)?.length ?? 0), 0);
    groups.set(key, g);
  }
  for (const g of [...groups.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const links = g.turns.map((n) => `<a href="#turn-${n}">${n}</a>`).join(', ');
    rows.push(`<tr><td>${escapeHtml(g.name)}</td><td>${escapeHtml(g.role ?? '')}</td><td>${plural(g.turns.length, 'turn')}: ${links}</td><td>${g.words}</td></tr>`);
  }
  return [
    '<section class="speakers"><h2>Speakers</h2>',
    '<table><thead><tr><th>Name</th><th>Role</th><th>Turns</th><th>Words</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></section>`,
  ].join('\n');
}

function sourcesHtml(sources: { url: string; title: string }[]): string {
  return sources
    .map((s) => {
      const url = linkable(s);
      const title = escapeHtml(s.title.trim() || s.url);
      return url ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${title}</a>` : title;
    })
    .join('; ');
}

/** The colour rules: swatches and highlights per topic and per combination used, badges and underlines per status. */
function colourCss(topics: Topic[], statuses: Labelled[], combos: Map<string, number[]>): string {
  const lines: string[] = [];
  topics.forEach((t, i) => lines.push(`.t${i} { background: ${t.color}; }`));
  for (const [key, ids] of [...combos].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const colours = ids.map((i) => translucent(topics[i]!.color));
    if (colours.length === 1) {
      lines.push(`mark.h${key} { background: ${colours[0]}; }`);
    } else {
      // Overlapping topics as horizontal bands, one per topic, so each stays visible.
      const step = 100 / colours.length;
      const stops = colours.map((c, j) => `${c} ${(j * step).toFixed(2)}% ${((j + 1) * step).toFixed(2)}%`);
      lines.push(`mark.h${key} { background: linear-gradient(to bottom, ${stops.join(', ')}); }`);
    }
  }
  statuses.forEach((s, i) => {
    lines.push(`.s${i} { background: ${s.color}; color: ${readableOn(s.color)}; }`);
    lines.push(`mark.u${i} { text-decoration-color: ${s.color}; }`);
  });
  return lines.join('\n') + '\n';
}

/** A #rrggbb colour at 35% opacity, light enough to read black text through. */
function translucent(colour: string): string {
  const [r, g, b] = rgb(colour);
  return `rgba(${r}, ${g}, ${b}, 0.35)`;
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
function readableOn(colour: string): string {
  const [r, g, b] = rgb(colour).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000' : '#fff';
}

function rgb(colour: string): [number, number, number] {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** metadata.language when it looks like a language tag, else English (the export's own words are English). */
function language(tag: string | undefined): string {
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag.trim()) ? tag.trim() : 'en';
}
