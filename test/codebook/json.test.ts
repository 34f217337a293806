import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCodebook, type Codebook } from '../../shared/annotation.js';
import { codebookFromJSON, codebookToJSON } from '../../shared/codebook/index.js';
import { isParleyError } from '../../shared/errors.js';
import { book, topic } from './builders.js';
import { codebookWithText } from './arbitraries.js';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isParleyError(e) && e.code === 'bad-request').toBe(true);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('codebook JSON', () => {
  it('round-trips any codebook, labels with commas, quotes, newlines and any unicode included', () => {
    fc.assert(
      fc.property(codebookWithText(), (cb) => {
        expect(codebookFromJSON(codebookToJSON(cb))).toEqual(cb);
      }),
    );
  });

  it('writes format and version first, keys in schema order, pretty-printed with a final newline', () => {
    const cb = book(topic('a', { key: 2 }));
    // The same codebook with its keys in another order serialises to the same bytes.
    const shuffled = JSON.parse(JSON.stringify(cb), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as Codebook;
    const text = codebookToJSON(cb);
    expect(codebookToJSON(shuffled)).toBe(text);
    expect(text.startsWith('{\n  "format": "parley-codebook",\n  "version": 1,\n  "topics": [')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('"id"')).toBeLessThan(text.indexOf('"label"'));
  });

  it('reads a bare codebook object too, and a byte order mark', () => {
    const bare = JSON.stringify(book(topic('a')));
    expect(codebookFromJSON('\uFEFF' + bare).topics[0]?.id).toBe('a');
  });

  it('refuses to write a codebook it could not read back', () => {
    expect(() => codebookToJSON(book(topic('a', { parent: 'zz' })))).toThrow(
      'The codebook cannot be saved: the topic "A" names the parent "zz", which is not in the codebook.',
    );
  });

  it('names the file and the problem on bad input', () => {
    expect(errorOf(() => codebookFromJSON('{', 'team.json'))).toMatch(/^"team\.json" is not valid JSON \(.+\)\.$/);
    expect(errorOf(() => codebookFromJSON('[]', 'team.json'))).toBe('"team.json" is not a Parley codebook (it holds no JSON object).');
    expect(errorOf(() => codebookFromJSON('{"format":"parley-annotations","version":1}', 'x.json'))).toBe(
      '"x.json" is not a Parley codebook (its "format" is "parley-annotations", not "parley-codebook").',
    );
    expect(errorOf(() => codebookFromJSON('{"format":"parley-codebook","version":7}', 'x.json'))).toBe(
      '"x.json" was written by a newer Parley (codebook version 7; this one reads version 1).',
    );
    const badColour = { ...emptyCodebook(), topics: [topic('a'), topic('b', { label: 'Energy', color: 'green' })] };
    expect(errorOf(() => codebookFromJSON(JSON.stringify(badColour), 'x.json'))).toBe(
      '"x.json" does not match the codebook format (topic 2 ("Energy"), color: must be a colour like #1f77b4).',
    );
    const noStatuses = { topics: [], claimTypes: [] };
    expect(errorOf(() => codebookFromJSON(JSON.stringify(noStatuses)))).toMatch(/^The codebook does not match the codebook format \(statuses: /);
    const loop = book(topic('a', { parent: 'b' }), topic('b', { parent: 'a' }));
    expect(errorOf(() => codebookFromJSON(JSON.stringify(loop), 'x.json'))).toBe(
      '"x.json" is inconsistent (the topic "A" is its own ancestor (the topic tree loops)).',
    );
    const keys = book(topic('a', { key: 1 }), topic('b', { key: 1 }));
    expect(errorOf(() => codebookFromJSON(JSON.stringify(keys), 'x.json'))).toContain('both have the quick key 1');
  });
});
