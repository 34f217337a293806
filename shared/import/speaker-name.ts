/**
 * What a speaker label says about the speaker: a name, a role, an honorific, or that the speaker is
 * anonymous. "NATO Secretary General Mark Rutte" is Mark Rutte in the role NATO Secretary General;
 * "Hon. Herb Gray (Deputy Prime Minister, Lib.)" is Herb Gray, honorific Hon., role Deputy Prime
 * Minister, Lib.; "The Acting Speaker (Ms. Thibeault)" is Thibeault in the role Acting Speaker;
 * "MS. JEAN-PIERRE" is Jean-Pierre, honorific Ms.; "Question" is an anonymous asker.
 * Conventions differ in how they mark a label; they all hand the label text to parseSpeakerLabel.
 */
import { splitTrailingBracket } from './brackets.js';
import { isAllCapitals, normalCase } from './name-case.js';

/** A label read as a speaker. */
export interface SpeakerName {
  /**
   * The person's name in normal case, without honorific or role. For an anonymous label, or a label
   * that only names an office ("The President", "Moderator"), the label as written, in normal case.
   */
  name: string;
  /** The office, constituency or affiliation: title words before the name and the bracketed tail. */
  role: string | null;
  /** "Ms.", "Hon.", "Dr.": the courtesy before the name, which is not a role. */
  honorific: string | null;
  anonymous: boolean;
  /** True when the label names an office and no person ("The Acting Speaker", "Moderator"). */
  officeOnly: boolean;
  /** Labels with equal keys name the same speaker: the name without honorific or role, case and dots ignored. */
  key: string;
}

/**
 * Words that make up titles and offices, in lower case without dots. They are only ever taken from the
 * front of a label, and never all of it, so a surname that happens to be listed ("John Major") is safe.
 */
const TITLE_WORDS = new Set(
  [
    // offices of state
    'president', 'vice', 'secretary', 'general', 'minister', 'prime', 'deputy', 'foreign', 'chancellor',
    'ambassador', 'senator', 'representative', 'governor', 'mayor', 'premier', 'envoy', 'special',
    'permanent', 'under', 'undersecretary', 'acting', 'assistant', 'associate', 'attorney', 'state',
    'defence', 'defense', 'affairs', 'interior', 'finance', 'treasury', 'trade', 'national', 'security',
    'adviser', 'advisor', 'counsellor', 'counselor', 'first', 'lady', 'high', 'lieutenant-governor',
    // parliaments and councils
    'speaker', 'leader', 'opposition', 'majority', 'minority', 'whip', 'member', 'parliament', 'mp', 'mep',
    'congressman', 'congresswoman', 'councillor', 'councilor', 'cllr', 'delegate', 'mla', 'msp', 'td', 'senator-elect', 'alderman', 'chair', 'chairman',
    'chairwoman', 'chairperson', 'commissioner', 'european', 'commission', 'council', 'clerk',
    // organisations' staff and the press
    'director', 'chief', 'executive', 'officer', 'head', 'spokesperson', 'spokesman', 'spokeswoman', 'press',
    'moderator', 'host', 'co-host', 'anchor', 'correspondent', 'editor', 'reporter', 'panelist', 'panellist',
    'communications', 'campaign', 'manager', 'coordinator', 'interviewer', 'narrator', 'witness', 'counsel',
    'producer', 'caller', 'guest', 'announcer', 'presenter', 'translator', 'interpreter', 'facilitator',
    // the forces
    'commander', 'admiral', 'colonel', 'lieutenant', 'major', 'captain', 'sergeant', 'gen', 'adm', 'col',
    'lt', 'capt', 'sgt',
    // rank and religion
    'king', 'queen', 'prince', 'princess', 'crown', 'emir', 'sheikh', 'sultan', 'pope', 'cardinal', 'bishop',
    'archbishop', 'rabbi', 'imam', 'reverend', 'judge', 'justice', 'prof', 'professor', 'sen', 'rep', 'gov',
    'pres',
  ],
);

/**
 * Courtesies that go before a name and say nothing about the office: kept apart from the role, so that
 * "Hon. Herb Gray (Deputy Prime Minister, Lib.)" has the role "Deputy Prime Minister, Lib.".
 */
const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'doctor', 'hon', 'honourable', 'honorable', 'rt', 'sir', 'dame', 'mme',
  'mlle', 'rev', 'fr',
]);

/** Small words that may sit inside a title ("Minister of Foreign Affairs", "The Honourable"), never end one. */
const TITLE_CONNECTORS = new Set(['of', 'for', 'the', 'and', 'on', 'to']);

/** Particles that may begin a surname after a title: "President al-Assad", "Commissioner von der Leyen". */
const NAME_PARTICLES = /^(al|el|ad|ibn|bin|van|von|de|da|di|du|del|della|der|den|la|le|ter|ten)\b/u;

/** Labels that name a kind of person rather than a person: one anonymous speaker per kind. */
const ANONYMOUS_KINDS = new Map([
  ['question', 'question'],
  ['q', 'question'],
  ['questioner', 'question'],
  ['reporter', 'reporter'],
  ['journalist', 'reporter'],
  ['audience member', 'audience member'],
  ['audience', 'audience member'],
  ['participant', 'participant'],
  ['unidentified speaker', 'unidentified speaker'],
  ['unknown speaker', 'unidentified speaker'],
  ['unidentified male', 'unidentified male'],
  ['unidentified man', 'unidentified male'],
  ['unidentified female', 'unidentified female'],
  ['unidentified woman', 'unidentified female'],
]);

const MAX_ANONYMOUS_CHARS = 40;

/** The label without the colon that some conventions end it with. */
export function stripLabelColon(label: string): string {
  return label.trim().replace(/\s*[:\uFF1A]+$/u, '');
}

/**
 * Labels already read: a transcript repeats a handful of labels thousands of times, and every
 * convention asks about each of them more than once. Cleared when full, so memory stays bounded.
 */
const parsedLabels = new Map<string, SpeakerName>();
const MAX_REMEMBERED_LABELS = 10_000;

/**
 * Read a label as a speaker's name and role. Never throws; any string gives some name. The result is
 * shared between calls with the same label: copy it before changing it.
 */
export function parseSpeakerLabel(label: string): Readonly<SpeakerName> {
  const known = parsedLabels.get(label);
  if (known) return known;
  const parsed = parseLabel(label);
  if (parsedLabels.size >= MAX_REMEMBERED_LABELS) parsedLabels.clear();
  parsedLabels.set(label, parsed);
  return parsed;
}

function parseLabel(label: string): SpeakerName {
  const bare = stripLabelColon(label);
  const { head, inner } = splitTrailingBracket(bare);
  const name = head === '' ? bare : head;
  const bracket = inner === null || inner === '' ? null : normalCase(inner);
  const kind = anonymousKind(name);
  if (kind !== null) {
    return { name: normalCase(name), role: bracket, honorific: null, anonymous: true, officeOnly: false, key: `anonymous:${kind}` };
  }
  const comma = commaRole(name);
  if (comma) {
    // "JAKE TAPPER, CNN ANCHOR": news transcripts put the role after a comma.
    const person = splitTitle(comma.person);
    const role = joinRoles(joinRoles(person.role, normalCase(comma.role)), bracket);
    return { ...person, role, anonymous: false, key: personKey(person.name) };
  }
  const split = splitTitle(name);
  if (split.officeOnly && bracket !== null && isPersonShaped(bracket)) {
    // "The Acting Speaker (Ms. Thibeault)": the office in front, the person in the brackets.
    const person = splitTitle(bracket);
    const office = normalCase(name).replace(/^the\s+/iu, '');
    return { ...person, role: joinRoles(office, person.role), officeOnly: false, anonymous: false, key: personKey(person.name) };
  }
  const role = joinRoles(split.role, bracket);
  return { ...split, role, anonymous: false, key: personKey(split.name) };
}

/**
 * A role after a comma: "Jake Tapper, CNN Anchor". The part before the comma must read as a person
 * (an honorific or title and a name, or two to four capitalised words), so that "Yes, Minister" and a
 * surname-first "Smith, John" are left alone.
 */
function commaRole(text: string): { person: string; role: string } | null {
  const at = text.indexOf(', ');
  if (at <= 0) return null;
  const person = text.slice(0, at).trim();
  const role = text.slice(at + 2).trim();
  if (role === '' || role.split(/\s+/).length > 8) return null;
  const split = splitTitle(person);
  const words = split.name.split(/\s+/);
  const named = split.honorific !== null || split.role !== null ? words.length >= 1 : words.length >= 2 && words.length <= 4;
  if (split.officeOnly || !named || !words.every((w) => /^[\p{Lu}\p{Lt}]/u.test(w) || NAME_PARTICLES.test(w))) return null;
  return { person, role };
}

/** The anonymous kind a label names ("Q." and "question" are both 'question'), or null. */
export function anonymousKind(label: string): string | null {
  if (label.length > MAX_ANONYMOUS_CHARS) return null; // longer than any kind, with room for spaces
  const normal = label.trim().toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
  return ANONYMOUS_KINDS.get(normal) ?? null;
}

interface TitleSplit {
  name: string;
  role: string | null;
  honorific: string | null;
  officeOnly: boolean;
}

/**
 * Take the honorifics and title words off the front of a name. When every word is one ("The Acting
 * Speaker", "Moderator", "Mr. Speaker") the label is how the source names that person, so it stays the
 * name; when what is left would start with a small lower-case word, the title went on past the lexicon,
 * so nothing is split.
 */
function splitTitle(text: string): TitleSplit {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const whole = normalCase(words.join(' '));
  const acronymsAreTitles = !isAllCapitals(text); // in an all-capitals label every word looks like an acronym
  const honorific: string[] = [];
  const role: string[] = [];
  let n = 0;
  // A leading "The" belongs to what follows ("The Hon.", "The Acting Speaker") and is dropped from both.
  if (/^the$/iu.test(words[0] ?? '') && words.length > 1) n = 1;
  while (n < words.length) {
    const word = words[n] ?? '';
    const next = words[n + 1] ?? '';
    if (isHonorific(word) || (/^right$/iu.test(bareWord(word)) && /^hon/iu.test(next))) honorific.push(word);
    else if (isTitleWord(word, acronymsAreTitles)) role.push(word);
    else if (TITLE_CONNECTORS.has(word.toLowerCase()) && role.length > 0 && isTitleWord(next, acronymsAreTitles)) role.push(word);
    else break;
    n++;
  }
  const rest = words.slice(n);
  if (rest.length === 0) return { name: whole, role: null, honorific: null, officeOnly: words.length > 0 };
  const startsName = /^[\p{Lu}\p{Lt}'’]/u.test(rest[0] ?? '') || NAME_PARTICLES.test(rest[0] ?? '');
  if (n === 0 || !startsName) return { name: whole, role: null, honorific: null, officeOnly: false };
  return {
    name: normalCase(rest.join(' ')),
    role: role.length > 0 ? normalCase(role.join(' ')) : null,
    honorific: honorific.length > 0 ? normalCase(honorific.join(' ')) : null,
    officeOnly: false,
  };
}

function bareWord(word: string): string {
  return word.replace(/[.,]+$/, '');
}

function isHonorific(word: string): boolean {
  return HONORIFICS.has(bareWord(word).toLowerCase());
}

function isTitleWord(word: string, acronymsAreTitles: boolean): boolean {
  const bare = bareWord(word);
  if (bare === '') return false;
  if (acronymsAreTitles && /^(\p{Lu}{2,}|(\p{Lu}\.){2,})$/u.test(word.replace(/,$/, ''))) return true;
  // "Secretary-General", "Vice-President": a title when every part is one
  return bare
    .toLowerCase()
    .split('-')
    .every((part) => TITLE_WORDS.has(part));
}

/**
 * A bracket that names a person rather than a role: an honorific and a name ("Ms. Thibeault"), or two
 * to four capitalised words that are neither titles nor acronyms ("Jane Smith"). "Kelowna, Ref." and
 * "BBC News" are not.
 */
function isPersonShaped(text: string): boolean {
  if (/[,;:()[\]]/u.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0 || words.length > 5) return false;
  if (isHonorific(words[0] ?? '')) return words.length > 1 && words.slice(1).every((w) => /^[\p{Lu}\p{Lt}]/u.test(w));
  return (
    words.length >= 2 &&
    words.length <= 4 &&
    words.every((w) => /^[\p{Lu}\p{Lt}][\p{Ll}'’.-]/u.test(w) && !isTitleWord(w, false))
  );
}

function joinRoles(prefix: string | null, bracketed: string | null): string | null {
  if (prefix && bracketed) return `${prefix}, ${bracketed}`;
  return prefix ?? bracketed;
}

/** Case, dots, commas and the shape of apostrophes do not make a different person. */
export function personKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/[.,]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The longest slug: ids stay readable in the sidecar. */
const MAX_SLUG = 48;

/**
 * A speaker id from a name: "Mark Rutte" gives "mark-rutte", "Zoë Ćirić" gives "zoe-ciric". Letters of any
 * script are kept, so a Cyrillic name gives a Cyrillic id; a name with no letters or digits gives "speaker".
 * Accents are dropped from Latin letters only: in other scripts a mark can make a different letter (й, и).
 */
export function speakerSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/([A-Za-z])\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'speaker' : slug;
}
