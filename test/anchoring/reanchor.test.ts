import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DocumentService } from '../../annotations/document-service.js';
import { checkSidecarReferences } from '../../annotations/sidecar-codec.js';
import type { Annotation } from '../../shared/annotation.js';
import { reanchorBody } from '../../shared/anchoring/reanchor.js';
import { makeTarget } from '../../shared/anchoring/target.js';
import { workingText } from '../../shared/anchoring/working-text.js';
import { importText } from '../../shared/import/index.js';
import { TranscriptBodySchema, type TranscriptBody, type Turn } from '../../shared/model.js';
import { rng } from '../bench/generate.js';
import { runReanchorBench } from '../bench/reanchor-bench.js';
import { KYIV, copyTranscript, listing, tempDir } from '../annotations/helpers.js';
import { applyEdits, correctBody, judge, makeAnnotations, makeEdits, type Edit } from './simulate.js';

const SOURCE = [
  'Mark Rutte:',
  '',
  'Good afternoon. We are here to affirm our support for Ukraine.',
  '',
  'The allies agreed on a new package of air defence.',
  '',
  'Question:',
  '',
  'Natalya Kushnir, ABC News. How many Patriot systems will arrive before the winter?',
  '',
  'Mark Rutte:',
  '',
  'I cannot give numbers. But they will come, and quickly.',
  '',
].join('\n');

function importBody(text: string): TranscriptBody {
  return importText(text).body;
}

/** A topic tag on the first occurrence of `quote` in the body's working text. */
function tag(body: TranscriptBody, quote: string, id: string): Annotation {
  const text = workingText(body.turns).text;
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return {
    id,
    kind: 'topic',
    target: makeTarget(text, start, start + quote.length),
    detached: false,
    topics: [],
    note: '',
    claim: null,
    created: '2025-01-01T00:00:00.000Z',
    modified: '2025-01-01T00:00:00.000Z',
  };
}

/** Every placed annotation's target matches the text; the body is a valid, consistent body. */
function expectSound(body: TranscriptBody): void {
  expect(TranscriptBodySchema.safeParse(body).success).toBe(true);
  expect(checkSidecarReferences(body)).toBeNull();
  const text = workingText(body.turns).text;
  for (const a of body.annotations ?? []) {
    if (!a.detached) expect(text.slice(a.target.start, a.target.end)).toBe(a.target.exact);
  }
}

describe('reanchorBody', () => {
  it('changes nothing when the text is the same (a source re-saved with CRLF line ends)', () => {
    const saved = importBody(SOURCE);
    saved.annotations = [tag(saved, 'affirm our support', 'a1'), tag(saved, 'Patriot systems', 'a2')];
    const fresh = importBody(SOURCE.replace(/\n/g, '\r\n'));
    const { body, report } = reanchorBody(saved, fresh);
    expect(body).toEqual(saved);
    expect(report).toMatchObject({ exact: 2, moved: 0, fuzzy: 0, detached: 0, total: 2, textChanges: 0 });
    expect(report.outcomes).toEqual([
      { id: 'a1', how: 'exact', wasDetached: false },
      { id: 'a2', how: 'exact', wasDetached: false },
    ]);
  });

  it("carries the editor's attributions, splits, speakers and metadata onto the new text", () => {
    const saved = importBody(SOURCE);
    expect(saved.turns).toHaveLength(3);
    const [first, question, answer] = saved.turns as [Turn, Turn, Turn];
    saved.metadata.title = 'Press conference in Kyiv';
    const rutte = saved.speakers.find((s) => s.id === first.speaker) as { name: string };
    rutte.name = 'Mark Rutte (NATO)';
    // The questioner names herself: the editor adds her and attributes the question to her.
    saved.speakers.push({ id: 'natalya-kushnir', name: 'Natalya Kushnir', role: 'ABC News', aliases: [], anonymous: false });
    // And splits the first turn at its paragraph border, the second half said by someone else.
    const split: Turn = { id: 't1b', speaker: 'natalya-kushnir', label: null, paragraphs: first.paragraphs.slice(1) };
    saved.turns = [
      { ...first, paragraphs: first.paragraphs.slice(0, 1) },
      split,
      { ...question, speaker: 'natalya-kushnir' },
      answer,
    ];
    saved.history.push(
      { turn: 't1b', from: first.speaker, to: 'natalya-kushnir', at: '2025-01-01T00:00:00.000Z' },
      { turn: question.id, from: question.speaker, to: 'natalya-kushnir', at: '2025-01-01T00:00:00.000Z' },
    );
    saved.annotations = [tag(saved, 'new package of air defence', 'a1'), tag(saved, 'they will come, and quickly', 'a2')];

    // The source changed: a word in the question, a sentence added to the answer.
    const fresh = importBody(SOURCE.replace('How many Patriot', 'How many more Patriot').replace('and quickly.', 'and quickly. Very quickly.'));
    const { body, report } = reanchorBody(saved, fresh);
    expectSound(body);
    expect(body.turns.map((t) => [t.id, t.speaker, t.paragraphs])).toEqual([
      [first.id, first.speaker, ['Good afternoon. We are here to affirm our support for Ukraine.']],
      ['t1b', 'natalya-kushnir', ['The allies agreed on a new package of air defence.']],
      [question.id, 'natalya-kushnir', ['Natalya Kushnir, ABC News. How many more Patriot systems will arrive before the winter?']],
      [answer.id, answer.speaker, ['I cannot give numbers. But they will come, and quickly. Very quickly.']],
    ]);
    expect(body.speakers.find((s) => s.id === first.speaker)?.name).toBe('Mark Rutte (NATO)');
    expect(body.metadata.title).toBe('Press conference in Kyiv');
    expect(body.history).toEqual(saved.history);
    expect(report).toMatchObject({ exact: 2, detached: 0, total: 2, textChanges: 2 });
  });

  it('joins turns the editor merged, and keeps a turn the source gained with its own speaker', () => {
    const saved = importBody(SOURCE);
    const [a, b, c] = saved.turns as [Turn, Turn, Turn];
    // The editor merged the question into the first turn (a wrong label, say).
    saved.turns = [{ ...a, paragraphs: [...a.paragraphs, ...b.paragraphs] }, c];
    saved.history.push({ turn: a.id, from: b.speaker, to: a.speaker, at: '2025-01-01T00:00:00.000Z' });
    const added = '\nVolodymyr Zelenskyy:\n\nThank you, Mark.\n';
    const fresh = importBody(SOURCE + added);
    const { body } = reanchorBody(saved, fresh);
    expectSound(body);
    expect(body.turns).toHaveLength(3);
    expect(body.turns[0]?.paragraphs).toHaveLength(3);
    expect(body.turns[0]?.id).toBe(a.id);
    const last = body.turns[2] as Turn;
    expect(last.paragraphs).toEqual(['Thank you, Mark.']);
    // A speaker the saved body did not know is added; ids stay unique.
    expect(body.speakers.find((s) => s.id === last.speaker)?.name).toBe('Volodymyr Zelenskyy');
    expect(new Set(body.turns.map((t) => t.id)).size).toBe(3);
  });

  it('follows the source where it relabelled a turn the editor never attributed', () => {
    const saved = importBody(SOURCE);
    const fresh = importBody(SOURCE.replace('Question:', 'Natalya Kushnir:'));
    const { body } = reanchorBody(saved, fresh);
    expectSound(body);
    expect(body.turns[1]?.speaker).toBe(fresh.turns[1]?.speaker);
    // ... but not where the editor attributed it.
    saved.turns[1] = { ...(saved.turns[1] as Turn), speaker: 'mark-rutte' };
    saved.history.push({ turn: saved.turns[1].id, from: 'question', to: 'mark-rutte', at: '2025-01-01T00:00:00.000Z' });
    expect(reanchorBody(saved, fresh).body.turns[1]?.speaker).toBe('mark-rutte');
  });

  it('reports exact, moved, fuzzy and detached, and keeps every annotation', () => {
    const saved = importBody(SOURCE);
    const gone = { ...tag(saved, 'The allies agreed on a new package of air defence.', 'gone') };
    const earlier = { ...tag(saved, 'cannot give numbers', 'earlier'), detached: true };
    saved.annotations = [
      tag(saved, 'affirm our support for Ukraine', 'exact'),
      tag(saved, 'How many Patriot systems will arrive', 'fuzzy'),
      gone,
      earlier,
    ];
    const fresh = importBody(
      SOURCE.replace('The allies agreed on a new package of air defence.', 'We discussed the situation on the front.').replace(
        'How many Patriot systems',
        'How many more Patriot systems',
      ),
    );
    const { body, report } = reanchorBody(saved, fresh);
    expectSound(body);
    expect(report).toMatchObject({ exact: 1, moved: 0, fuzzy: 1, detached: 2, alreadyDetached: 1, total: 4 });
    expect(body.annotations?.map((a) => [a.id, a.detached])).toEqual([
      ['exact', false],
      ['fuzzy', false],
      ['gone', true],
      ['earlier', true],
    ]);
    // Detached: quote and surroundings kept as they were.
    const kept = body.annotations?.find((a) => a.id === 'gone');
    expect(kept?.target).toMatchObject({ exact: gone.target.exact, prefix: gone.target.prefix, suffix: gone.target.suffix });
    expect(body.annotations?.find((a) => a.id === 'fuzzy')?.target.exact).toBe('How many more Patriot systems will arrive');
  });

  it('re-anchors a generated transcript with corrections after words changed at 1% of places', () => {
    const result = runReanchorBench({ bytes: 120_000, annotations: 1_500, runs: 1, seed: 3 });
    expect(result.textAsExpected).toBe(true);
    expect(result.misplaced).toBe(0);
    expect(result.reanchorCorrect / result.reanchorTotal).toBeGreaterThanOrEqual(0.99);
  });
});

describe('re-anchoring the Kyiv transcript after its source changed', () => {
  it('places at least 99% of 300 annotations correctly and none wrongly, through open and save', async () => {
    const dir = await tempDir();
    const path = await copyTranscript(dir);
    const service = new DocumentService({ now: () => new Date('2025-01-02T03:04:05.678Z') });
    const opened = await service.open(path);
    const random = rng(2024);

    // The editor's work: attributions, a split, a merge, and 300 annotations (a third overlapping).
    const saved = correctBody(opened.body, random, { reassign: 0.3, split: 0.2, merge: 0.1 });
    const oldText = workingText(saved.turns).text;
    saved.annotations = makeAnnotations(oldText, 300, random);
    await service.save(opened.docId, saved);

    // The source changes at 1% of its words, each edit found in the file by its surroundings.
    const source = await readFile(path, 'utf8');
    const located = new Map<Edit, number>();
    const edits = makeEdits(oldText, 0.01, random, {
      accept: (e) => {
        const from = Math.max(oldText.lastIndexOf('\n', e.at - 1) + 1, e.at - 24);
        const toRaw = oldText.indexOf('\n', e.at + e.remove);
        const to = Math.min(toRaw < 0 ? oldText.length : toRaw, e.at + e.remove + 24);
        const window = oldText.slice(from, to);
        const at = source.indexOf(window);
        if (at < 0 || source.indexOf(window, at + 1) >= 0) return false;
        located.set(e, at + (e.at - from));
        return true;
      },
    });
    expect(edits.length).toBeGreaterThanOrEqual(20);
    const sourceEdits = edits.map((e) => ({ ...e, at: located.get(e) as number })).sort((a, b) => a.at - b.at);
    await writeFile(path, applyEdits(source, sourceEdits));

    const reopened = await service.open(path);
    expect(reopened).toMatchObject({ readOnly: false, fromSidecar: true, problem: { kind: 'source-changed' } });
    expect(workingText(reopened.body.turns).text).toBe(applyEdits(oldText, edits));
    expect(reopened.body.turns.map((t) => t.speaker)).toEqual(saved.turns.map((t) => t.speaker));
    expectSound(reopened.body);
    const verdict = judge(saved.annotations, reopened.body.annotations ?? [], edits, oldText);
    console.log(
      `Kyiv, ${edits.length} source edits: ${reopened.problem?.message}\n` +
        `  against the truth: ${verdict.correct}/${verdict.total} correct, ${verdict.shifted} shifted, ${verdict.lost} lost, ${verdict.misplaced} misplaced`,
    );
    expect(verdict.misplaced).toBe(0);
    expect(verdict.correct / verdict.total).toBeGreaterThanOrEqual(0.99);

    // Saving keeps the old sidecar beside the new one: a dated copy that later saves never replace,
    // and the `.bak` every save keeps of the version before it.
    await service.save(reopened.docId, reopened.body);
    expect(await listing(dir)).toEqual([
      KYIV,
      `${KYIV}.annotations.2025-01-02T03-04-05-678Z.bak.json`,
      `${KYIV}.annotations.json`,
      `${KYIV}.annotations.json.bak`,
    ]);
  });
});
