/** Citation keys: short, readable, ASCII, unique, and stable whatever else is loaded. */
import type { Paper } from './model';
import { ITEMS_PER_STEP, runSync, type Steps } from './steps';
import { fnv1a, foldAccents, titleIdentity } from './text';

/** Words that say nothing about a paper, skipped when choosing the readable part of a key. */
const STOPWORDS = new Set('a an and are as at by do does for from how in is it of on or the to toward towards via what when where why with we your'.split(' '));
/** First words so common in this field that a key needs the next word to be readable. */
const GENERIC = new Set(
  'accelerating adaptive efficient fast faster improving learning low real scalable efficiently enabling optimizing rethinking understanding'.split(' '),
);
const MAX_WORD = 16;
const HASH_CHARS = 4;

/**
 * The key of a paper: its first telling title word (plus the next one when the first is generic,
 * such as "efficient"), lower-case ASCII, a hyphen, and 4 base-36 characters of a hash of the title's
 * identity (`titleIdentity`). Example: `HELP: Hardware-Adaptive …` → `help-3kx9`.
 * It depends on nothing but the title, so adding, removing or reordering digest files never changes it.
 */
export function citationKey(title: string, hashChars = HASH_CHARS): string {
  const identity = titleIdentity(title);
  const [first, second] = tellingWords(foldAccents(identity));
  const readable = first === undefined ? 'paper' : GENERIC.has(first) && second !== undefined ? `${first}-${second}` : first;
  return `${readable}-${hashSuffix(identity, hashChars)}`;
}

/**
 * The first two words of `folded` that are not stop words, as ASCII letters and digits (at most `MAX_WORD` of them). A key
 * needs no more, and a library keys every title: the words after them are never split out.
 */
function tellingWords(folded: string): string[] {
  const words: string[] = [];
  for (let start = 0; start <= folded.length && words.length < 2;) {
    const space = folded.indexOf(' ', start);
    const end = space === -1 ? folded.length : space;
    const word = folded
      .slice(start, end)
      .replace(/[^a-z0-9]/g, '')
      .slice(0, MAX_WORD);
    if (word && !STOPWORDS.has(word)) words.push(word);
    start = end + 1;
  }
  return words;
}

const six = (h: number) => h.toString(36).padStart(7, '0').slice(1);

function hashSuffix(identity: string, chars: number): string {
  // A 32-bit hash is 7 base-36 digits whose first is only ever 0 or 1: keep the 6 uniform ones of
  // each of two independent hashes, for up to 12 characters in the rare case of a collision.
  const first = six(fnv1a(identity));
  return chars <= 6 ? first.slice(0, chars) : (first + six(fnv1a(`#${identity}`))).slice(0, chars);
}

/**
 * Keys for a whole library, in the order of `titles`. Two different titles with the same 4-character
 * key (about one pair in 1.7 million among titles that share their first word) both get 8 characters,
 * then 12: still a function of the colliding titles alone, never of load order.
 */
export function assignKeys(titles: readonly string[]): string[] {
  return runSync(assignKeysSteps(titles));
}

/** `assignKeys` as steps. */
export function* assignKeysSteps(titles: readonly string[]): Steps<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < titles.length; i++) {
    if (i % (ITEMS_PER_STEP * 4) === 0) yield;
    keys.push(citationKey(titles[i]));
  }
  for (const chars of [8, 12]) {
    // First holder of each key; a second one marks both as colliding.
    const first = new Map<string, number>();
    const colliding = new Set<number>();
    for (let i = 0; i < keys.length; i++) {
      if (i % (ITEMS_PER_STEP * 16) === 0) yield;
      const holder = first.get(keys[i]);
      if (holder === undefined) first.set(keys[i], i);
      else colliding.add(holder).add(i);
    }
    if (!colliding.size) break;
    for (const i of colliding) keys[i] = citationKey(titles[i], chars);
  }
  return keys;
}

/**
 * The key to cite `paper` with. A paper the user's bibliography holds keeps the user's key: first one from a file in
 * `documentFiles` (the library names of the bibliographies the document uses), then one from any `.bib` or CSL-JSON file
 * in the library, in source order. Any other paper is cited with its title-derived `key`. `file` names where the user's
 * key comes from.
 */
export function citeKey(paper: Paper, documentFiles: ReadonlySet<string> = new Set()): { key: string; file: string | null } {
  const own = paper.sources.filter((s) => s.bibKey);
  const chosen = own.find((s) => documentFiles.has(s.file)) ?? own[0];
  return chosen?.bibKey ? { key: chosen.bibKey, file: chosen.file } : { key: paper.key, file: null };
}

/** `paper` as it is cited: with `citeKey`'s key in place of its own (what citations and written entries use). */
export function asCited(paper: Paper, documentFiles?: ReadonlySet<string>): Paper {
  const { key } = citeKey(paper, documentFiles);
  return key === paper.key ? paper : { ...paper, key };
}
