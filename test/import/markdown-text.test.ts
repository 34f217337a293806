import { describe, expect, it } from 'vitest';
import { AccountRecorder } from '../../shared/import/accounting.js';
import { readFrontMatter, WHOLE_FRONT_MATTER_KEY } from '../../shared/import/front-matter.js';
import { cleanMarkdown } from '../../shared/import/markdown-text.js';

function clean(text: string) {
  const recorder = new AccountRecorder();
  const result = cleanMarkdown(text, recorder);
  return { ...result, consumed: recorder.account().consumed.map((c) => c.text) };
}

describe('cleanMarkdown', () => {
  it.each([
    ['**Sam:** It is *very* old.', 'Sam: It is very old.'],
    ['__Sam:__ It is _very_ old.', 'Sam: It is very old.'],
    ['***both*** at once', 'both at once'],
    ['\\[laughter\\] and \\*stars\\*', '[laughter] and *stars*'],
    ['snake_case_name and 5 * 3 = 15', 'snake_case_name and 5 * 3 = 15'],
    ['an *unclosed emphasis', 'an *unclosed emphasis'],
    ['`code *stays*` here', 'code *stays* here'],
    ['Tom &amp; Jerry&nbsp;now', 'Tom & Jerry\u00A0now'],
    ['a hard break\\', 'a hard break'],
  ])('%s → %s', (input, output) => {
    expect(clean(input).text).toBe(output);
  });

  it('matches emphasis across the lines of a paragraph, never across a blank line', () => {
    expect(clean('*one\ntwo*').text).toBe('one\ntwo');
    expect(clean('*one\n\ntwo*').text).toBe('*one\n\ntwo*');
  });

  it('keeps the line count, and reports headings by line', () => {
    const result = clean('# Title #\n\nText\n\nSub\n---\n\n> quoted\n\n***');
    expect(result.text.split('\n')).toEqual(['Title', '', 'Text', '', 'Sub', '', '', 'quoted', '', '']);
    expect([...result.headingLines]).toEqual([0, 4]);
  });

  it('records exactly what it removes', () => {
    expect(clean('**Sam:** \\[laughter\\] *ok*').consumed.sort()).toEqual(['*', '*', '**', '**', '\\', '\\'].sort());
  });

  it('leaves code fences’ content alone', () => {
    expect(clean('```\n*not emphasis*\n```').text).toBe('\n*not emphasis*\n');
  });

  // Bounded by the test's time limit (20 s, some hundred times what it takes), not by a number of
  // milliseconds of its own (2 s, some thirteen times), which a busy machine can exceed.
  it('stays linear on a line of thousands of unmatched delimiters', () => {
    const line = '*a '.repeat(50_000);
    expect(clean(line).text).toBe(line);
  });
});

describe('readFrontMatter', () => {
  it('makes each top-level key an entry, and consumes only YAML syntax', () => {
    const recorder = new AccountRecorder();
    const text = "---\ntitle: \"A \\\"quoted\\\" title\"\ndate: '2024-07-12'\ntags: [a, b]\n---\nBody";
    const front = readFrontMatter(text, recorder);
    expect(front?.entries).toEqual([
      ['title', 'A "quoted" title'],
      ['date', '2024-07-12'],
      ['tags', 'a\nb'],
    ]);
    expect(text.slice(front?.end)).toBe('\nBody');
    const kinds = recorder.account().consumed.map((c) => c.kind);
    expect(new Set(kinds)).toEqual(new Set(['yaml', 'key']));
  });

  it('keeps a block it cannot split without loss whole, under one key', () => {
    const front = readFrontMatter('---\n# a comment\ntitle: x\n---\n', new AccountRecorder());
    expect(front?.entries).toEqual([[WHOLE_FRONT_MATTER_KEY, '# a comment\ntitle: x']]);
    expect(readFrontMatter('---\n: : [\n---\n', new AccountRecorder())?.entries).toEqual([[WHOLE_FRONT_MATTER_KEY, ': : [']]);
  });

  it('finds none without an opening and a closing fence', () => {
    expect(readFrontMatter('title: x\n---\n', new AccountRecorder())).toBeNull();
    expect(readFrontMatter('---\ntitle: x\n', new AccountRecorder())).toBeNull();
  });
});
