/**
 * The codebook's topics as CSV, for spreadsheets: one topic a row under the header
 * `id,label,color,description,parent,key`. Written as RFC 4180 (CRLF line ends, fields quoted when
 * they hold a comma, quote, line break or edge space) by papaparse, and read back through papaparse
 * with every field checked; errors name the row as a spreadsheet numbers it (the header is row 1).
 *
 * Only topics travel as CSV: claim types and statuses are not topics and have other columns; the
 * JSON export carries the whole codebook.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a formula, so a label
 * from a shared codebook could make Excel or LibreOffice fetch a URL. Such fields are written with a
 * leading `'` (the OWASP advice, which spreadsheets show as text) and that one `'` is taken off on
 * reading. Fields that already start with `'`s before such a character get one more, so the round
 * trip is exact for every text.
 */
import Papa from 'papaparse';
import { emptyCodebook, type Codebook, type Topic } from '../annotation.js';
import { ParleyError } from '../errors.js';
import { normaliseColour, pickColour } from './palette.js';
import { slugOf, uniqueId } from './topics.js';

/** The columns, in the order Parley writes them. */
export const CSV_COLUMNS = ['id', 'label', 'color', 'description', 'parent', 'key'] as const;
type Column = (typeof CSV_COLUMNS)[number];

const FORMULA = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'+[=+\-@\t\r]/;

export interface CsvOptions {
  /**
   * Start with a UTF-8 byte order mark (default true): Excel reads a CSV without one in the local
   * code page and garbles every non-ASCII label. Reading accepts either.
   */
  bom?: boolean;
}

/** The codebook's topics as CSV text, in codebook order. */
export function codebookToCSV(codebook: Codebook, options: CsvOptions = {}): string {
  const data = codebook.topics.map((t) => [t.id, t.label, t.color, t.description, t.parent ?? '', t.key === null ? '' : String(t.key)]);
  const csv = Papa.unparse(
    { fields: [...CSV_COLUMNS], data },
    { newline: '\r\n', delimiter: ',', quotes: false, escapeFormulae: FORMULA, header: true },
  );
  // RFC 4180 allows the last record without a line break; spreadsheets and diff tools like one.
  return (options.bom === false ? '' : '\uFEFF') + (csv.endsWith('\r\n') ? csv : csv + '\r\n');
}

/**
 * Reads topics from CSV text. The header names the columns, in any order, and only `label` is
 * required: a hand-made sheet may leave `id` empty (made from the label), `color` empty (picked from
 * the palette), `parent` empty (top of the tree) or naming the parent by label instead of id, and
 * `key` empty. `colour` is accepted for `color`. A file whose header has no comma but semicolons (a
 * European spreadsheet's export) or tabs is read with that delimiter. Rows with every field blank are
 * skipped.
 *
 * Throws ParleyError 'bad-request' with one sentence naming `name` and the row (and column) at fault.
 */
export function topicsFromCSV(text: string, name = 'The CSV file'): Topic[] {
  const fail = (where: string, problem: string): ParleyError =>
    new ParleyError('bad-request', `${name === 'The CSV file' ? name : `"${name}"`}, ${where}: ${problem}.`);
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') throw fail('row 1', `it is empty; a codebook CSV starts with the header ${CSV_COLUMNS.join(',')}`);

  const parsed = Papa.parse<string[]>(body, { delimiter: delimiterOf(body), header: false, skipEmptyLines: false });
  const firstError = parsed.errors[0];
  if (firstError) {
    throw fail(`row ${(firstError.row ?? 0) + 1}`, `${firstError.message.replace(/\.$/, '')} (check the quotes in that row)`);
  }
  const [header = [], ...rows] = parsed.data;
  const columns = readHeader(header, (problem) => fail('row 1', problem));

  const cell = (row: string[], column: Column): string | undefined => {
    const i = columns.get(column);
    return i === undefined ? undefined : unescape(row[i] ?? '');
  };

  interface Draft {
    row: number;
    id: string | null;
    label: string;
    color: string | null;
    description: string;
    parent: string | null;
    key: number | null;
  }
  const drafts: Draft[] = [];
  for (const [i, fields] of rows.entries()) {
    const row = i + 2;
    if (fields.every((f) => f.trim() === '')) continue;
    if (fields.length !== header.length) {
      throw fail(`row ${row}`, `it has ${fields.length} fields where the header has ${header.length} (a missing quote or an extra comma?)`);
    }
    const label = (cell(fields, 'label') ?? '').trim();
    if (label === '') throw fail(`row ${row}, column "label"`, 'a topic needs a label');
    const colour = (cell(fields, 'color') ?? '').trim();
    let color: string | null = null;
    if (colour !== '') {
      try {
        color = normaliseColour(colour);
      } catch {
        throw fail(`row ${row}, column "color"`, `"${colour}" is not a colour; write it like #1f77b4`);
      }
    }
    const keyText = (cell(fields, 'key') ?? '').trim();
    if (keyText !== '' && !/^[1-9]$/.test(keyText)) {
      throw fail(`row ${row}, column "key"`, `"${keyText}" is not a quick key; write a digit from 1 to 9, or leave it empty`);
    }
    drafts.push({
      row,
      id: (cell(fields, 'id') ?? '').trim() || null,
      label,
      color,
      description: cell(fields, 'description') ?? '',
      parent: (cell(fields, 'parent') ?? '').trim() || null,
      key: keyText === '' ? null : Number(keyText),
    });
  }

  // Ids first, so an id made from a label can never take one that a later row states.
  const rowOfId = new Map<string, number>();
  for (const d of drafts) {
    if (d.id === null) continue;
    const earlier = rowOfId.get(d.id);
    if (earlier !== undefined) throw fail(`row ${d.row}, column "id"`, `the id "${d.id}" is already used in row ${earlier}`);
    rowOfId.set(d.id, d.row);
  }
  const taken = new Set(rowOfId.keys());
  const ids = drafts.map((d) => {
    if (d.id !== null) return d.id;
    const id = uniqueId(slugOf(d.label) || 'topic', taken);
    taken.add(id);
    return id;
  });

  const byLabel = new Map<string, number[]>();
  drafts.forEach((d, i) => {
    const k = d.label.toLocaleLowerCase();
    byLabel.set(k, [...(byLabel.get(k) ?? []), i]);
  });
  const rowOfKey = new Map<number, number>();
  const used: string[] = drafts.flatMap((d) => (d.color === null ? [] : [d.color]));
  const topics: Topic[] = drafts.map((d, i) => {
    let parent: string | null = null;
    if (d.parent !== null) {
      if (rowOfId.has(d.parent)) {
        parent = d.parent;
      } else {
        const matches = byLabel.get(d.parent.toLocaleLowerCase()) ?? [];
        if (matches.length > 1) {
          throw fail(`row ${d.row}, column "parent"`, `several topics are called "${d.parent}"; name the parent by its id`);
        }
        if (matches[0] === undefined) {
          throw fail(`row ${d.row}, column "parent"`, `"${d.parent}" is neither the id nor the label of a topic in the file`);
        }
        parent = ids[matches[0]] as string;
      }
    }
    if (d.key !== null) {
      const earlier = rowOfKey.get(d.key);
      if (earlier !== undefined) throw fail(`row ${d.row}, column "key"`, `the quick key ${d.key} is already used in row ${earlier}`);
      rowOfKey.set(d.key, d.row);
    }
    let color = d.color;
    if (color === null) {
      color = pickColour(used);
      used.push(color);
    }
    return { id: ids[i] as string, label: d.label, color, description: d.description, parent, key: d.key };
  });

  const loop = loopRow(topics);
  if (loop !== null) {
    const d = drafts[loop] as Draft;
    throw fail(`row ${d.row}, column "parent"`, `"${d.label}" ends up inside itself (the parents loop)`);
  }
  return topics;
}

/** A codebook of the CSV's topics with the default claim types and statuses. See topicsFromCSV. */
export function codebookFromCSV(text: string, name?: string): Codebook {
  return { ...emptyCodebook(), topics: topicsFromCSV(text, name) };
}

/** The delimiter of a codebook CSV, judged by its header line only (labels below may hold anything). */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r|\n/) === -1 ? undefined : text.search(/\r|\n/));
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

function readHeader(header: string[], fail: (problem: string) => ParleyError): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.forEach((raw, i) => {
    let name = raw.trim().toLowerCase();
    if (name === 'colour') name = 'color';
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      throw fail(`the column "${raw}" is not one Parley knows (the columns are ${CSV_COLUMNS.join(', ')})`);
    }
    if (columns.has(name as Column)) throw fail(`the column "${name}" appears twice`);
    columns.set(name as Column, i);
  });
  if (!columns.has('label')) {
    throw fail(`the header has no "label" column (a codebook CSV starts with the header ${CSV_COLUMNS.join(',')})`);
  }
  return columns;
}

/** Undoes the formula guard of codebookToCSV: one leading `'` before a formula character goes. */
function unescape(field: string): string {
  return ESCAPED_FORMULA.test(field) ? field.slice(1) : field;
}

/** The index of a topic whose parents lead back to it, or null. */
function loopRow(topics: readonly Topic[]): number | null {
  const index = new Map(topics.map((t, i) => [t.id, i]));
  for (const [i, start] of topics.entries()) {
    const seen = new Set<string>();
    let t: Topic | undefined = start;
    while (t && t.parent !== null) {
      if (t.parent === start.id) return i;
      if (seen.has(t.id)) break;
      seen.add(t.id);
      const next = index.get(t.parent);
      t = next === undefined ? undefined : topics[next];
    }
  }
  return null;
}
