/**
 * The codebook as a JSON file: what `parley.codebook.json` holds and what "Export codebook as JSON"
 * writes. A versioned object (`format`, `version`) followed by the codebook's own fields, pretty-
 * printed with keys in schema order, so two saves of the same codebook are byte-identical and diff
 * well.
 */
import { z } from 'zod';
import { CodebookSchema, type Codebook } from '../annotation.js';
import { ParleyError } from '../errors.js';
import { checkCodebook } from './check.js';
import { messageOf } from '../errors.js';

export const CODEBOOK_FORMAT = 'parley-codebook';
export const CODEBOOK_VERSION = 1;

export const CodebookFileSchema = z.object({
  format: z.literal(CODEBOOK_FORMAT),
  version: z.literal(CODEBOOK_VERSION),
  ...CodebookSchema.shape,
});
export type CodebookFile = z.infer<typeof CodebookFileSchema>;

/**
 * The codebook as the text of a codebook file. Throws RangeError when the codebook is not one Parley
 * could read back (schema or structure): a file is never written that would then be refused.
 */
export function codebookToJSON(codebook: Codebook): string {
  const problem = codebookProblem(codebook);
  if (problem) throw new RangeError(`The codebook cannot be saved: ${problem}.`);
  // zod's output lists keys in the order of the schema's shape, whatever order the input had.
  const file: CodebookFile = { format: CODEBOOK_FORMAT, version: CODEBOOK_VERSION, ...CodebookSchema.parse(codebook) };
  return JSON.stringify(file, null, 2) + '\n';
}

/** What keeps a codebook from being saved (schema or structure), as a phrase; null when nothing. */
export function codebookProblem(codebook: Codebook): string | null {
  const parsed = CodebookSchema.safeParse(codebook);
  if (!parsed.success) return describeCodebookError(parsed.error, codebook);
  return checkCodebook(parsed.data);
}

/**
 * Reads a codebook from JSON text: a codebook file (with `format` and `version`), or a bare codebook
 * object (`topics`, `claimTypes`, `statuses`), as other tools or older exports may hold.
 * Throws ParleyError 'bad-request' whose message is one sentence naming `name` (the file, as the
 * user knows it) and the first problem, such as which topic has a bad colour.
 */
export function codebookFromJSON(text: string, name = 'The codebook'): Codebook {
  const bad = (problem: string): ParleyError => new ParleyError('bad-request', `${quoted(name)} ${problem}.`);
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (e) {
    throw bad(`is not valid JSON (${messageOf(e)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw bad('is not a Parley codebook (it holds no JSON object)');
  }
  const { format, version, ...rest } = json as Record<string, unknown>;
  if (format !== undefined || version !== undefined) {
    if (format !== CODEBOOK_FORMAT) {
      throw bad(`is not a Parley codebook (its "format" is ${JSON.stringify(format) ?? 'missing'}, not "${CODEBOOK_FORMAT}")`);
    }
    if (typeof version === 'number' && version > CODEBOOK_VERSION) {
      throw bad(`was written by a newer Parley (codebook version ${version}; this one reads version ${CODEBOOK_VERSION})`);
    }
    if (version !== CODEBOOK_VERSION) {
      throw bad(`has an unknown codebook version (${JSON.stringify(version) ?? 'missing'}; this Parley reads version ${CODEBOOK_VERSION})`);
    }
  }
  const parsed = CodebookSchema.safeParse(rest);
  if (!parsed.success) throw bad(`does not match the codebook format (${describeCodebookError(parsed.error, rest)})`);
  const broken = checkCodebook(parsed.data);
  if (broken) throw bad(`is inconsistent (${broken})`);
  return parsed.data;
}

/**
 * A zod failure on a codebook as a phrase a person can act on: the topic is named by its position
 * and label where it has one ("topic 3 ("Economy"), color: must be a colour like #1f77b4").
 */
export function describeCodebookError(error: z.ZodError, input: unknown): string {
  const first = error.issues[0];
  if (!first) return 'it does not match the codebook format';
  const [list, index, field, ...deeper] = first.path;
  let where: string;
  if (first.path.length === 0) {
    where = 'the top level';
  } else if (typeof list === 'string' && typeof index === 'number' && list in NOUN) {
    const entry = (input as Record<string, unknown[] | undefined>)[list]?.[index];
    const label =
      typeof entry === 'object' && entry !== null && typeof (entry as { label?: unknown }).label === 'string'
        ? ` ("${(entry as { label: string }).label}")`
        : '';
    const rest = field === undefined ? '' : `, ${[field, ...deeper].map(String).join('.')}`;
    where = `${NOUN[list as keyof typeof NOUN]} ${index + 1}${label}${rest}`;
  } else {
    where = first.path.map(String).join('.');
  }
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${where}: ${first.message}${more}`;
}

const NOUN = { topics: 'topic', claimTypes: 'claim type', statuses: 'check status' } as const;

function quoted(name: string): string {
  return name === 'The codebook' ? name : `"${name}"`;
}
