/** The `annotations` field of `parley inspect --json` (issue 4), on the annotated fixture. */
import { describe, expect, it } from 'vitest';
import { main } from '../../annotations/cli.js';
import { inspectView } from '../../shared/inspect.js';
import { FIXTURE_DIR, FIXTURE_PATH, fixtureBody } from './helpers.js';

describe('inspect --json annotations', () => {
  it('lists every annotation with its id, kind, topic labels, quote, starting speaker and claim status', async () => {
    const out: string[] = [];
    const code = await main(['inspect', FIXTURE_PATH, '--json'], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), cwd: FIXTURE_DIR });
    expect(code).toBe(0);
    const view = JSON.parse(out.join('')) as ReturnType<typeof inspectView>;
    expect(Object.keys(view)).toEqual(['format', 'metadata', 'speakers', 'turns', 'warnings', 'annotations']);
    const body = fixtureBody();
    expect(view.annotations).toHaveLength(body.annotations!.length);
    for (const a of view.annotations) expect(Object.keys(a)).toEqual(['id', 'kind', 'topics', 'quote', 'speaker', 'status']);
    expect(view.annotations.find((a) => a.id === 'ann-03')).toEqual({
      id: 'ann-03',
      kind: 'claim',
      topics: ['PURL', 'Air defence'],
      quote: "it has supplied around 75% of all missiles for Ukraine's Patriot batteries and 90% of the missiles used in other air defence systems",
      speaker: 'mark-rutte',
      status: 'in-progress',
    });
    // The note crossing from Rutte's turn into Zelenskyy's belongs to the turn it starts in.
    expect(view.annotations.find((a) => a.id === 'ann-19')).toMatchObject({ kind: 'note', speaker: 'mark-rutte', status: null });
    expect(view.annotations.find((a) => a.id === 'ann-25')).toMatchObject({ speaker: 'natalya-kushnir', status: 'in-progress' });
  });

  it('is empty without annotations, and gives a detached annotation no speaker', () => {
    const body = fixtureBody();
    expect(inspectView({ convention: 'x', body: { ...body, annotations: [] }, warnings: [] }).annotations).toEqual([]);
    const { annotations: _, ...bare } = body;
    void _;
    expect(inspectView({ convention: 'x', body: bare, warnings: [] }).annotations).toEqual([]);
    body.annotations![0]!.detached = true;
    expect(inspectView({ convention: 'x', body, warnings: [] }).annotations[0]!.speaker).toBeNull();
  });
});
