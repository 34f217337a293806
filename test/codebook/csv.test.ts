import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { emptyCodebook } from '../../shared/annotation.js';
import { CSV_COLUMNS, TOPIC_PALETTE, checkCodebook, codebookFromCSV, codebookToCSV, topicsFromCSV } from '../../shared/codebook/index.js';
import { isParleyError } from '../../shared/errors.js';
import { codebookWithText } from './arbitraries.js';
import { book, topic } from './builders.js';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isParleyError(e) && e.code === 'bad-request').toBe(true);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

const HEADER = CSV_COLUMNS.join(',');

describe('codebook CSV', () => {
  it('round-trips the topics of any codebook: commas, quotes, line breaks, formulas, unicode', () => {
    fc.assert(
      fc.property(codebookWithText(), (cb) => {
        const back = codebookFromCSV(codebookToCSV(cb));
        expect(back.topics).toEqual(cb.topics);
        expect(checkCodebook(back)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('writes RFC 4180: a header row, CRLF, quotes doubled, fields quoted only when needed, a BOM for Excel', () => {
    const cb = book(
      topic('war', { label: 'War, "hot"', description: 'two\nlines', key: 1 }),
      topic('drones', { label: 'Drones', parent: 'war' }),
    );
    expect(codebookToCSV(cb)).toBe(
      '\uFEFF' + `${HEADER}\r\nwar,"War, ""hot""",#cc6677,"two\nlines",,1\r\ndrones,Drones,#cc6677,,war,\r\n`,
    );
    expect(codebookToCSV(cb, { bom: false }).startsWith(HEADER)).toBe(true);
    expect(codebookToCSV(emptyCodebook(), { bom: false })).toBe(`${HEADER}\r\n`);
    expect(topicsFromCSV(`${HEADER}\r\n`)).toEqual([]);
  });

  it('guards spreadsheet formulas with a quote mark, and reads them back as they were', () => {
    const cb = book(topic('f', { label: '=HYPERLINK("http://x")', description: "'+1" }));
    const csv = codebookToCSV(cb, { bom: false });
    const cells = Papa.parse<string[]>(csv).data[1];
    expect(cells?.[1]).toBe(`'=HYPERLINK("http://x")`);
    expect(cells?.[3]).toBe(`''+1`);
    expect(topicsFromCSV(csv)).toEqual(cb.topics);
  });

  it('reads a hand-made sheet: columns in any order, only a label, parents by label, semicolons', () => {
    const csv = 'Label,Parent,Colour\r\nWar,,\r\nDrones,war,#ABC\r\n\r\nÉnergie, ,\r\n';
    const topics = topicsFromCSV(csv);
    expect(topics).toEqual([
      { id: 'war', label: 'War', color: TOPIC_PALETTE[0], description: '', parent: null, key: null },
      { id: 'drones', label: 'Drones', color: '#aabbcc', description: '', parent: 'war', key: null },
      { id: 'energie', label: 'Énergie', color: TOPIC_PALETTE[1], description: '', parent: null, key: null },
    ]);
    const semicolons = 'id;label;key\nwar;War, and peace;3\n';
    expect(topicsFromCSV(semicolons)).toMatchObject([{ id: 'war', label: 'War, and peace', key: 3 }]);
    expect(codebookFromCSV('label\nA\n')).toMatchObject({ ...emptyCodebook(), topics: [{ id: 'a' }] });
  });

  it('makes ids from labels that never take an id a later row states', () => {
    const topics = topicsFromCSV('id,label\n,War\nwar,Old war\n');
    expect(topics.map((t) => t.id)).toEqual(['war-2', 'war']);
  });

  it('names the row (the header is row 1) and the column of every problem', () => {
    const name = 'topics.csv';
    const bad = (body: string): string => errorOf(() => topicsFromCSV(`${HEADER}\n${body}`, name));
    expect(errorOf(() => topicsFromCSV('', name))).toBe(
      `"topics.csv", row 1: it is empty; a codebook CSV starts with the header ${HEADER}.`,
    );
    expect(errorOf(() => topicsFromCSV('id,name\n', name))).toBe(
      '"topics.csv", row 1: the column "name" is not one Parley knows (the columns are id, label, color, description, parent, key).',
    );
    expect(errorOf(() => topicsFromCSV('id,color\n', name))).toContain('row 1: the header has no "label" column');
    expect(errorOf(() => topicsFromCSV('label,Label\n', name))).toContain('the column "label" appears twice');
    expect(bad('a,A,#000000,,,\nb,,#000000,,,')).toBe('"topics.csv", row 3, column "label": a topic needs a label.');
    expect(bad('a,A,red,,,')).toBe('"topics.csv", row 2, column "color": "red" is not a colour; write it like #1f77b4.');
    expect(bad('a,A,,,,10')).toBe(
      '"topics.csv", row 2, column "key": "10" is not a quick key; write a digit from 1 to 9, or leave it empty.',
    );
    expect(bad('a,A,,,,1\nb,B,,,,1')).toBe('"topics.csv", row 3, column "key": the quick key 1 is already used in row 2.');
    expect(bad('a,A,,,,\n\na,B,,,,')).toBe('"topics.csv", row 4, column "id": the id "a" is already used in row 2.');
    expect(bad('a,A,,,zz,')).toBe(
      '"topics.csv", row 2, column "parent": "zz" is neither the id nor the label of a topic in the file.',
    );
    expect(bad('a,A,,,b,\nb,B,,,a,')).toBe('"topics.csv", row 2, column "parent": "A" ends up inside itself (the parents loop).');
    expect(bad('a,A,,,,\nb,B,,,')).toBe(
      '"topics.csv", row 3: it has 5 fields where the header has 6 (a missing quote or an extra comma?).',
    );
    expect(bad('a,"A,,,,\n')).toMatch(/^"topics\.csv", row 2: .+ \(check the quotes in that row\)\.$/);
    expect(errorOf(() => topicsFromCSV('label,parent\nA,x\nx,\nX,\n'))).toBe(
      'The CSV file, row 2, column "parent": several topics are called "x"; name the parent by its id.',
    );
  });
});
