/**
 * The export options (kinds, topics, speakers, corrected or source text, BOM) and the edge cases an
 * export must survive: detached and stale annotations, emoji before a span, formula-like cells,
 * subtitles with missing times, a bare transcript with no codebook and no annotations.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_IDS, exportTranscript, type ExportInput, type ExportOptions } from '../../shared/export/index.js';
import { layoutWorkingText } from '../../shared/export/text.js';
import type { TranscriptBody } from '../../shared/model.js';
import { asText, fixtureInput, parseXml, timedInput, unzipText } from './helpers.js';

async function csvRows(input: ExportInput, options: ExportOptions = {}) {
  const result = await exportTranscript('csv', input, options);
  const rows = Papa.parse<Record<string, string>>(asText(result.files[0]!.data), { header: true, skipEmptyLines: true }).data;
  return { rows, warnings: result.warnings };
}

const cpSlice = (s: string, start: number, end: number) => Array.from(s).slice(start, end).join('');

describe('what to include', () => {
  it('kinds: only the chosen kinds of annotation', async () => {
    const { rows } = await csvRows(fixtureInput(), { kinds: ['claim'] });
    expect(rows.length).toBe(fixtureInput().body.annotations!.filter((a) => a.kind === 'claim').length);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['claim']));
    const md = asText((await exportTranscript('md', fixtureInput(), { kinds: ['note'] })).files[0]!.data);
    expect(md.match(/^\[\^\d+\]: /gm)).toHaveLength(3);
  });

  it('topics: a chosen topic brings its subtopics, and each annotation lists only chosen topics', async () => {
    const { rows } = await csvRows(fixtureInput(), { topics: ['military-aid'] });
    const allowed = new Set(['Military aid', 'PURL', 'Burden sharing']);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) for (const t of r.topics!.split('; ')) expect(allowed.has(t)).toBe(true);
    expect(rows.some((r) => r.topics === 'PURL')).toBe(true);
  });

  it('speakers: only their turns, and only annotations wholly inside them', async () => {
    const txt = asText((await exportTranscript('txt', fixtureInput(), { speakers: ['natalya-kushnir'] })).files[0]!.data);
    expect(txt.startsWith('Natalya Kushnir\n\nNatalya Kushnir, ABC News.')).toBe(true);
    expect(txt).not.toContain('Mark Rutte');
    const { rows } = await csvRows(fixtureInput(), { speakers: ['natalya-kushnir'] });
    expect(rows.map((r) => r.id)).toEqual(['ann-24', 'ann-25']);
    // The note that runs from Rutte's turn into Zelenskyy's is left out when only Rutte is chosen.
    const rutte = await csvRows(fixtureInput(), { speakers: ['mark-rutte'] });
    expect(rutte.rows.some((r) => r.id === 'ann-19')).toBe(false);
    expect(rutte.warnings.join(' ')).toMatch(/1 annotation reaches into turns of speakers left out/);
  });

  it('source text: the source as imported, with its own labels, annotations placed by their quotes', async () => {
    const txt = asText((await exportTranscript('txt', fixtureInput(), { text: 'source' })).files[0]!.data);
    // The source has no label on the opening speech and calls Natalya Kushnir "Question".
    expect(txt.startsWith('Unknown speaker\n\nWell thank you Volodymyr')).toBe(true);
    expect(txt).toContain('Question\n\nNatalya Kushnir, ABC News.');
    const { rows, warnings } = await csvRows(fixtureInput(), { text: 'source' });
    expect(warnings).toEqual([]);
    expect(rows).toHaveLength(fixtureInput().body.annotations!.length);

    // A correction that changed the words: that annotation's quote is not in the source.
    const input = fixtureInput();
    const turn = input.body.turns[1]!;
    turn.paragraphs[0] = turn.paragraphs[0]!.replace('15 billion', '15 billion dollars');
    const ann = input.body.annotations!.find((a) => a.id === 'ann-11')!;
    const { text } = layoutWorkingText(input.body.turns);
    ann.target.exact = 'Ukraine needs at least 15 billion dollars';
    ann.target.start = text.indexOf(ann.target.exact);
    ann.target.end = ann.target.start + ann.target.exact.length;
    const edited = await csvRows(input, { text: 'source' });
    expect(edited.rows.some((r) => r.id === 'ann-11')).toBe(false);
    expect(edited.warnings.join(' ')).toMatch(/not in the source as written/);
    expect((await csvRows(input)).rows.some((r) => r.id === 'ann-11')).toBe(true);
  });

  it('source text needs the source’s text', async () => {
    const { sourceText: _, ...input } = fixtureInput();
    void _;
    await expect(exportTranscript('md', input, { text: 'source' })).rejects.toThrow(/needs the source file's text/);
  });

  it('BOM: only when asked, and only at the very start', async () => {
    const withBom = asText((await exportTranscript('csv', fixtureInput(), { bom: true })).files[0]!.data);
    expect(withBom.startsWith('\uFEFFtranscript,id,')).toBe(true);
    expect(withBom.indexOf('\uFEFF', 1)).toBe(-1);
  });
});

/** A one-turn body for small cases. */
function small(paragraphs: string[], annotations: TranscriptBody['annotations'] = []): ExportInput {
  return {
    fileName: 'small.txt',
    body: {
      metadata: {},
      speakers: [{ id: 's', name: 'Sam', role: null, aliases: [], anonymous: false }],
      turns: [{ id: 't1', speaker: 's', label: null, paragraphs }],
      removed: [],
      history: [],
      annotations,
    },
  };
}

function annotation(id: string, start: number, end: number, exact: string, extra: Partial<NonNullable<TranscriptBody['annotations']>[number]> = {}) {
  return {
    id,
    kind: 'note' as const,
    target: { start, end, exact, prefix: '', suffix: '' },
    detached: false,
    topics: [],
    note: 'n',
    claim: null,
    created: '',
    modified: '',
    ...extra,
  };
}

describe('annotations that need care', () => {
  it('skips detached annotations with a warning, and finds stale ones by their quote', async () => {
    const text = 'alpha beta gamma beta';
    const input = small([text], [
      annotation('gone', 0, 5, 'alpha', { detached: true }),
      annotation('moved', 2, 8, 'gamma'),
      annotation('lost', 0, 4, 'delta'),
    ]);
    const { rows, warnings } = await csvRows(input);
    expect(rows.map((r) => [r.id, r.start, r.end])).toEqual([['moved', '11', '16']]);
    expect(warnings).toEqual([
      '1 annotation whose text was deleted (detached) is not exported.',
      '1 annotation no longer matches the text and is not exported; open the transcript in Parley to re-attach it.',
    ]);
  });

  it('counts positions in code points where the formats require it (emoji before the span)', async () => {
    const text = 'Hi 👋🏽 there, café 😀 world';
    const start = text.indexOf('world');
    const input = small([text], [annotation('w', start, start + 5, 'world', { kind: 'topic', topics: ['x'] })]);
    input.body.codebook = { topics: [{ id: 'x', label: 'X', color: '#123456', description: '', parent: null, key: null }], claimTypes: [], statuses: [] };
    const { rows } = await csvRows(input);
    expect(Number(rows[0]!.start)).toBe(Array.from(text.slice(0, start)).length);
    expect(Number(rows[0]!.start)).toBeLessThan(start);
    const w3c = JSON.parse(asText((await exportTranscript('w3c', input)).files[0]!.data)) as {
      first: { items: Array<{ target: { selector: Array<{ type: string; start: number; end: number }> } }> };
    };
    const pos = w3c.first.items[0]!.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    expect(cpSlice(text, pos.start, pos.end)).toBe('world');
    const brat = await exportTranscript('brat', input);
    const [, offsets] = asText(brat.files[1]!.data).split('\t');
    const [, s, e] = offsets!.split(' ').map(Number);
    expect(cpSlice(asText(brat.files[0]!.data), s!, e!)).toBe('world');
  });

  it('keeps spreadsheet formulas from running (CSV injection)', async () => {
    const text = '=HYPERLINK("http://evil.example","x") and +1 and @SUM(A1)';
    const input = small([text], [annotation('f', 0, text.length, text, { note: '-2+3' })]);
    const csv = asText((await exportTranscript('csv', input)).files[0]!.data);
    const [row] = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(row!.quote).toBe(`'${text}`);
    expect(row!.note).toBe("'-2+3");
  });
});

describe('subtitles', () => {
  it('refuses a transcript where some turns have times and some do not', async () => {
    const input = timedInput();
    delete input.body.turns[3]!.start;
    await expect(exportTranscript('srt', input)).rejects.toThrow(/1 of the 11 turns .* have no start time \(the first is turn 4\)/);
  });

  it('makes cues in order, ending with the last turn, each of at most two lines', async () => {
    const input = timedInput();
    const vtt = asText((await exportTranscript('vtt', input)).files[0]!.data);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    const cues = vtt.split('\n\n').slice(1).map((c) => c.trim()).filter(Boolean);
    let last = 0;
    for (const cue of cues) {
      const [, timing, ...lines] = cue.split('\n');
      const [from, to] = timing!.split(' --> ').map((t) => {
        const [h, m, s] = t.split(':').map(Number);
        return h! * 3600 + m! * 60 + s!;
      });
      expect(from).toBeGreaterThanOrEqual(last - 0.001);
      expect(to).toBeGreaterThan(from!);
      last = to!;
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.replace(/^<v [^>]*>/, '').length).toBeLessThanOrEqual(84);
    }
    expect(last).toBeCloseTo(input.body.turns[input.body.turns.length - 1]!.end!, 3);
  });

  it('escapes cue text in WebVTT and keeps arrows out of SRT text', async () => {
    const input = small(['<b>bold</b> --> & more']);
    input.body.turns[0]!.start = 1;
    input.body.turns[0]!.end = 2;
    input.body.speakers[0]!.name = 'A <v> B';
    const vtt = asText((await exportTranscript('vtt', input)).files[0]!.data);
    expect(vtt).toContain('<v A &lt;v&gt; B>&lt;b&gt;bold&lt;/b&gt; --&gt; &amp; more');
    const srt = asText((await exportTranscript('srt', input)).files[0]!.data);
    expect(srt).toBe('1\n00:00:01,000 --> 00:00:02,000\nA <v> B: <b>bold</b> -> & more\n');
  });
});

describe('every format', () => {
  it('handles a bare transcript: no codebook, no annotations, odd characters', async () => {
    const input = small(['A line with \u0001 control, emoji 😀 and <tags> & "quotes"', '']);
    input.body.turns[0]!.start = 0;
    input.fileName = 'dir/../odd name.txt';
    for (const format of EXPORT_FORMAT_IDS) {
      const result = await exportTranscript(format, input);
      for (const file of result.files) {
        expect(file.name.startsWith('odd name.txt.')).toBe(true);
        if (file.name.endsWith('.xml')) parseXml(asText(file.data));
        if (file.name.endsWith('.docx')) parseXml(unzipText(file.data as Uint8Array)['word/document.xml']!);
        if (file.name.endsWith('.qdpx')) parseXml(unzipText(file.data as Uint8Array)['project.qde']!);
        if (file.name.endsWith('.json')) JSON.parse(asText(file.data));
      }
    }
  });

  it('rejects an unknown format, naming the known ones', async () => {
    await expect(exportTranscript('pdf', fixtureInput())).rejects.toThrow(/no export format "pdf"; choose one of md, html, docx/);
  });
});
