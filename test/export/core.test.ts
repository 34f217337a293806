/**
 * The pieces every exporter stands on: the working-text layout and code point conversion, quote
 * finding, cutting overlapping spans into segments and nested fragments, escaping, and SHA-256.
 * Property tests (fast-check) where a rule must hold for every input.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeXml, NameBook, ncName, xmlSafe } from '../../shared/export/escape.js';
import { nest, segment, type NestedNode, type Span } from '../../shared/export/segments.js';
import { base64, nameGuid, sha256 } from '../../shared/export/sha256.js';
import { CodePointIndex, codePointLength, findQuote, layoutWorkingText, turnIndexAt } from '../../shared/export/text.js';
import { parseXml } from './helpers.js';

const turn = (id: string, ...paragraphs: string[]) => ({ id, speaker: null, label: null, paragraphs });

describe('the working text', () => {
  it('joins paragraphs with "\\n" and turns with "\\n\\n", and knows where each sits', () => {
    const layout = layoutWorkingText([turn('a', 'one', 'two'), turn('b', 'three')]);
    expect(layout.text).toBe('one\ntwo\n\nthree');
    expect(layout.turns.map((t) => [t.start, t.end])).toEqual([[0, 7], [9, 14]]);
    expect(layout.turns[0]!.paragraphs.map((p) => layout.text.slice(p.start, p.end))).toEqual(['one', 'two']);
    expect([0, 6, 7, 8, 9, 14].map((o) => turnIndexAt(layout, o))).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('converts UTF-16 offsets to code points as Array.from counts them, across block borders', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('a', 'é', '😀', '👍🏽', '\n', 'e\u0301'), fc.string()), { maxLength: 600 }), (parts) => {
        const text = parts.join('');
        const index = new CodePointIndex(text);
        expect(codePointLength(text)).toBe(Array.from(text).length);
        for (let i = 0; i <= text.length; i += Math.max(1, Math.floor(text.length / 50))) {
          const before = text.slice(0, i);
          // An offset inside a surrogate pair counts the pair as begun.
          expect(index.toCodePoints(i)).toBe(Array.from(before).length);
        }
      }),
      { numRuns: 60 },
    );
    const long = '😀'.repeat(3000) + 'x';
    expect(new CodePointIndex(long).toCodePoints(long.length)).toBe(3001);
  });

  it('finds a quote by its context first and its position second, and never fuzzily', () => {
    const text = 'the cat sat. the cat ran. the cat sat.';
    expect(findQuote(text, { exact: 'the cat', prefix: 'sat. ', suffix: ' ran' }, 0)).toEqual({ start: 13, end: 20 });
    expect(findQuote(text, { exact: 'the cat', prefix: '', suffix: '' }, 30)).toEqual({ start: 26, end: 33 });
    expect(findQuote(text, { exact: 'the dog', prefix: '', suffix: '' }, 0)).toBeNull();
    expect(findQuote(text, { exact: '', prefix: '', suffix: '' }, 0)).toBeNull();
  });
});

/** Spans over a text of `length`, for property tests. */
const spansArb = (length: number) =>
  fc.array(
    fc.tuple(fc.nat(length), fc.nat(length), fc.nat(1)).map(([a, b, rank]) => ({ start: Math.min(a, b), end: Math.max(a, b), rank })),
    { maxLength: 12 },
  );

describe('segments and nesting', () => {
  it('segments cover the stretch once, in order, each with exactly the spans over it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(fc.constant(n), spansArb(n))), ([n, raw]) => {
        const spans: Span<number>[] = raw.map((s, i) => ({ ...s, value: i }));
        const segs = segment(0, n, spans);
        let at = 0;
        for (const seg of segs) {
          expect(seg.start).toBe(at);
          at = seg.end;
          const over = spans.filter((s) => s.end > s.start && s.start <= seg.start && s.end >= seg.end && seg.end > seg.start);
          if (seg.end > seg.start) expect(new Set(seg.spans)).toEqual(new Set(over));
        }
        expect(at).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('nests properly: text kept once in order, each span’s fragments exactly cover it, higher ranks inside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(fc.constant(n), spansArb(n))), ([n, raw]) => {
        const spans: Span<number>[] = raw.map((s, i) => ({ ...s, value: i }));
        const tree = nest(0, n, spans);
        const texts: [number, number][] = [];
        const covered = new Map<number, [number, number][]>();
        const walk = (nodes: NestedNode<number>[], from: number, to: number, rank: number) => {
          for (const node of nodes) {
            expect(node.start).toBeGreaterThanOrEqual(from);
            expect(node.end).toBeLessThanOrEqual(to);
            if (node.type === 'text') texts.push([node.start, node.end]);
            else {
              expect(node.span.rank ?? 0).toBeGreaterThanOrEqual(rank);
              covered.set(node.span.value, [...(covered.get(node.span.value) ?? []), [node.start, node.end]]);
              walk(node.children, node.start, node.end, node.span.rank ?? 0);
            }
          }
        };
        walk(tree, 0, n, 0);
        let at = 0;
        for (const [s, e] of texts) {
          expect(s).toBe(at);
          at = e;
        }
        expect(at).toBe(n);
        for (const span of spans.filter((s) => s.end > s.start)) {
          const pieces = covered.get(span.value)!;
          expect(pieces[0]![0]).toBe(span.start);
          expect(pieces[pieces.length - 1]![1]).toBe(span.end);
          for (let i = 1; i < pieces.length; i++) expect(pieces[i]![0]).toBe(pieces[i - 1]![1]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits only where spans cross: a span inside another stays whole', () => {
    const tree = nest(0, 10, [
      { start: 0, end: 10, value: 'outer' },
      { start: 2, end: 4, value: 'inner' },
      { start: 6, end: 12, value: 'crossing' },
    ]);
    const names = (nodes: NestedNode<string>[]): string[] =>
      nodes.flatMap((n) => (n.type === 'span' ? [`${n.span.value}${n.atStart ? '[' : ''}${n.atEnd ? ']' : ''}`, ...names(n.children)] : []));
    expect(names(tree)).toEqual(['outer[]', 'inner[]', 'crossing[']);
  });
});

describe('escaping', () => {
  it('keeps any string as text in XML, HTML and Markdown', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const doc = parseXml(`<r a="${escapeXml(s)}">${escapeXml(s)}</r>`);
        expect(doc.documentElement!.textContent).toBe(xmlSafe(s));
        expect(doc.documentElement!.getAttribute('a')).toBe(xmlSafe(s));
        expect(escapeHtml(s)).not.toMatch(/[<>"']/);
        expect(escapeMarkdown(s)).not.toMatch(/(^|[^\\])[<>[\]`*_]/);
      }),
      { numRuns: 300 },
    );
  });

  it('makes valid, distinct XML names', () => {
    expect(ncName('9 lives', 'x')).toBe('x9_lives');
    const book = new NameBook();
    expect(book.name('t-', 'a b')).toBe('t-a_b');
    expect(book.name('t-', 'a_b')).toBe('t-a_b-2');
    expect(book.name('t-', 'a b')).toBe('t-a_b');
  });
});

describe('SHA-256', () => {
  it('agrees with Node’s crypto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
        expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
      { numRuns: 200 },
    );
  });

  it('makes stable GUIDs in the RFC 4122 shape', () => {
    expect(nameGuid('a')).toBe(nameGuid('a'));
    expect(nameGuid('a')).not.toBe(nameGuid('b'));
    expect(nameGuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
