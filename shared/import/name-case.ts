/**
 * Names and roles written in capitals ("MS. JEAN-PIERRE", "REPRESENTATIVE DINGELL") shown in the case
 * a person would write them: "Ms. Jean-Pierre", "Representative Dingell". Text that has any lower-case
 * letter is the writer's own choice and is left alone.
 */

/** Small words that stay lower case inside a name or a role, except as its first word. */
const LOWER_WORDS = new Set([
  'of', 'the', 'and', 'for', 'to', 'on', 'in', 'at', 'by', 'de', 'da', 'das', 'do', 'dos', 'di', 'du', 'del',
  'della', 'der', 'den', 'van', 'von', 'ter', 'ten', 'zu', 'la', 'le', 'y', 'e',
]);

/**
 * Words kept in capitals: organisations and offices that are written that way. Anything else with no
 * vowel ("NDP", "BQ", "CNN") is kept too, since it can only be read letter by letter.
 */
const ACRONYMS = new Set([
  'NATO', 'UN', 'EU', 'US', 'USA', 'UK', 'UAE', 'AFL', 'CIO', 'CEO', 'CFO', 'COO', 'CIA', 'FBI', 'NASA', 'WHO',
  'IMF', 'OECD', 'OSCE', 'OPEC', 'UNESCO', 'UNICEF', 'UNHCR', 'ICC', 'ICJ', 'ABC', 'AP', 'AFP', 'ARD', 'BBC',
  'CBC', 'CBS', 'FOX', 'NBC', 'NPR', 'PBS', 'ITV', 'RAI', 'MP', 'MEP', 'MSP', 'UAW', 'NAACP', 'AI', 'EPA',
  'DOD', 'DOJ', 'DHS', 'GOP', 'HUD', 'OMB', 'USAID', 'NIH', 'II', 'III', 'IV', 'VI', 'VII', 'VIII', 'IX', 'XI',
]);

/** Honorifics and abbreviations with a fixed spelling. */
const FIXED = new Map([
  ['MR.', 'Mr.'], ['MRS.', 'Mrs.'], ['MS.', 'Ms.'], ['MX.', 'Mx.'], ['DR.', 'Dr.'], ['HON.', 'Hon.'],
  ['RT.', 'Rt.'], ['REV.', 'Rev.'], ['PROF.', 'Prof.'], ['JR.', 'Jr.'], ['SR.', 'Sr.'], ['ST.', 'St.'],
  ['SEN.', 'Sen.'], ['REP.', 'Rep.'], ['GOV.', 'Gov.'], ['GEN.', 'Gen.'], ['LT.', 'Lt.'], ['COL.', 'Col.'],
  ['CAPT.', 'Capt.'], ['SGT.', 'Sgt.'], ['ADM.', 'Adm.'], ['MME', 'Mme'], ['MLLE', 'Mlle'], ['MR', 'Mr'],
  ['MRS', 'Mrs'], ['MS', 'Ms'], ['DR', 'Dr'],
]);

/** True when the text has letters and none of them is lower case. */
export function isAllCapitals(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}

/** The text in normal case when it is written in capitals; otherwise the text unchanged. */
export function normalCase(text: string): string {
  if (!isAllCapitals(text)) return text;
  return text
    .split(/(\s+)/)
    .map((word, i) => (/^\s+$/.test(word) || word === '' ? word : wordCase(word, i === 0)))
    .join('');
}

function wordCase(word: string, first: boolean): string {
  const fixed = FIXED.get(word);
  if (fixed !== undefined) return fixed;
  const bare = word.replace(/^[("'“‘[]+|[)"'”’\],.;:]+$/gu, '');
  if (bare.split('-').every(isKeptCapitals)) return word;
  if (!first && LOWER_WORDS.has(bare.toLowerCase())) return word.toLowerCase();
  // Each part after a hyphen or apostrophe starts a capital: "Jean-Pierre", "O'Brien".
  return word.toLowerCase().replace(/(^|[-'’(“"])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()).replace(
    /(^|[-'’])(Mc)(\p{Ll})/gu,
    (_, sep: string, mc: string, c: string) => sep + mc + c.toUpperCase(),
  );
}

function isKeptCapitals(part: string): boolean {
  return ACRONYMS.has(part) || isInitials(part) || (part.length > 0 && !/[AEIOUY\u00C0-\u00DD]/u.test(part));
}

/** "J.", "J.R.", "U.S.": letters with dots, kept as written. */
function isInitials(word: string): boolean {
  return /^(\p{Lu}\.)+\p{Lu}?\.?$/u.test(word);
}
