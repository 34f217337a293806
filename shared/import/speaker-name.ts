/**
 * What a speaker label says about the speaker: a name, a role, or that the speaker is anonymous.
 * "NATO Secretary General Mark Rutte" is Mark Rutte in the role NATO Secretary General;
 * "Christiane Amanpour (Moderator)" is Christiane Amanpour, Moderator; "Question" is an anonymous asker.
 * Conventions differ in how they mark a label; they all hand the label text to parseSpeakerLabel.
 */
import { splitTrailingBracket } from './brackets.js';

/** A label read as a speaker. */
export interface SpeakerName {
  /** The person's name; for an anonymous label or a label that is only a title, the label as written. */
  name: string;
  role: string | null;
  anonymous: boolean;
  /** Labels with equal keys name the same speaker: the name without title or role, case and dots ignored. */
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
    'adviser', 'advisor', 'counsellor', 'counselor', 'first', 'lady', 'high',
    // parliaments and councils
    'speaker', 'leader', 'opposition', 'majority', 'minority', 'whip', 'member', 'parliament', 'mp', 'mep',
    'congressman', 'congresswoman', 'councillor', 'councilor', 'alderman', 'chair', 'chairman',
    'chairwoman', 'chairperson', 'commissioner', 'european', 'commission', 'council',
    // organisations' staff and the press
    'director', 'chief', 'executive', 'officer', 'head', 'spokesperson', 'spokesman', 'spokeswoman', 'press',
    'moderator', 'host', 'anchor', 'correspondent', 'editor', 'reporter', 'panelist', 'panellist',
    // the forces
    'commander', 'admiral', 'colonel', 'lieutenant', 'major', 'captain', 'sergeant', 'gen', 'adm', 'col',
    'lt', 'capt', 'sgt',
    // rank, courtesy and religion
    'king', 'queen', 'prince', 'princess', 'crown', 'emir', 'sheikh', 'sultan', 'pope', 'cardinal', 'bishop',
    'archbishop', 'rabbi', 'imam', 'reverend', 'rev', 'judge', 'justice', 'dr', 'doctor', 'prof', 'professor',
    'mr', 'mrs', 'ms', 'miss', 'mx', 'sir', 'dame', 'lord', 'hon', 'honourable', 'honorable', 'rt',
    'sen', 'rep', 'gov', 'pres',
  ],
);

/** Small words that may sit inside a title ("Minister of Foreign Affairs", "The Honourable"), never end one. */
const TITLE_CONNECTORS = new Set(['of', 'for', 'the', 'and', 'on', 'to']);

/** Labels that name a kind of person rather than a person: one anonymous speaker per kind. */
const ANONYMOUS_KINDS = new Map([
  ['question', 'question'],
  ['q', 'question'],
  ['reporter', 'reporter'],
  ['audience member', 'audience member'],
  ['participant', 'participant'],
]);

/** The label without the colon that some conventions end it with. */
export function stripLabelColon(label: string): string {
  return label.trim().replace(/\s*[:\uFF1A]+$/u, '');
}

/** Read a label as a speaker's name and role. Never throws; any string gives some name. */
export function parseSpeakerLabel(label: string): SpeakerName {
  const { head, inner } = splitTrailingBracket(stripLabelColon(label));
  const name = head === '' ? stripLabelColon(label) : head;
  const kind = anonymousKind(name);
  if (kind !== null) return { name, role: inner, anonymous: true, key: `anonymous:${kind}` };
  const split = splitTitle(name);
  const role = joinRoles(split.role, inner);
  return { name: split.name, role, anonymous: false, key: personKey(split.name) };
}

/** The anonymous kind a label names ("Q." and "question" are both 'question'), or null. */
export function anonymousKind(label: string): string | null {
  const normal = label.trim().toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
  return ANONYMOUS_KINDS.get(normal) ?? null;
}

/**
 * Take the title words off the front of a name. When every word is a title ("The Acting Speaker",
 * "Moderator") the label is how the source names that person, so it stays the name; when what is left
 * would start with a small lower-case word, the title went on past the lexicon, so nothing is split.
 */
function splitTitle(text: string): { name: string; role: string | null } {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const acronymsAreTitles = /\p{Ll}/u.test(text); // in an all-capitals label every word looks like an acronym
  let n = 0;
  while (n < words.length) {
    const word = words[n] ?? '';
    if (isTitleWord(word, acronymsAreTitles)) n++;
    else if (TITLE_CONNECTORS.has(word.toLowerCase()) && isTitleWord(words[n + 1] ?? '', acronymsAreTitles)) n++;
    else break;
  }
  const rest = words.slice(n);
  if (n === 0 || rest.length === 0 || /^\p{Ll}/u.test(rest[0] ?? '')) return { name: words.join(' '), role: null };
  return { name: rest.join(' '), role: words.slice(0, n).join(' ') };
}

function isTitleWord(word: string, acronymsAreTitles: boolean): boolean {
  const bare = word.replace(/[.,]+$/, '');
  if (bare === '') return false;
  if (acronymsAreTitles && /^(\p{Lu}{2,}|(\p{Lu}\.){2,})$/u.test(word.replace(/,$/, ''))) return true;
  // "Secretary-General", "Vice-President": a title when every part is one
  return bare
    .toLowerCase()
    .split('-')
    .every((part) => TITLE_WORDS.has(part));
}

function joinRoles(prefix: string | null, bracketed: string | null): string | null {
  if (prefix && bracketed) return `${prefix}, ${bracketed}`;
  return prefix ?? (bracketed === '' ? null : bracketed);
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
