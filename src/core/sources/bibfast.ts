/** A fast one-pass `.bib` reader for plain entries that hands every other entry to Better BibTeX's parser, giving what that parser alone gives. */
import type { BibEntry, BibName, BibParse } from '../bibtex';
import type { Problem } from '../model';
import { ACCENTS, LETTERS } from './tex';

/** What the full parser gives for `.bib` text: `loadBibtexParser()`'s reader in `src/core/bibtex.ts`. */
export type FullBibtexParser = (text: string, file: string) => BibParse;

/** One top-level item of the file, in file order. */
interface Item {
  /** Offset of the item's `@`. */
  start: number;
  /** Offset just after its closing delimiter (or where the parser resumes after an error). */
  end: number;
  /** `entry`: read here, hidden from the full parser; `hard`: left to the full parser; `keep`: `@string`/`@comment`/`@preamble`, kept for it. */
  kind: 'entry' | 'hard' | 'keep';
  entry?: BibEntry;
  /** The key of a hard entry that is valid BibTeX (the parser's entry for it has this key). */
  key?: string;
  /** Not valid BibTeX: the parser skips from its `@` to the next `@`. */
  broken?: boolean;
  /** A hard entry whose plain fields were read here: the parser sees it without them (they are costly: abstracts). */
  partial?: Partial;
}

/** The plain fields of a hard entry, read here, and where they stand in the file. */
interface Partial {
  /** Field names in the order written; `hard` ones come from the parser. */
  order: string[];
  hard: Set<string>;
  fields: Record<string, string>;
  creators: Record<string, BibName[]>;
  /** Offsets [start, end) of the `name = value` text of each plain field. */
  strip: [number, number][];
}

/** A `.bib` file after the fast pass: its plain entries read, and what is left for the full parser. */
export interface BibScan {
  text: string;
  items: Item[];
  /** True when the full parser must run: a hard entry, a broken one, a `@preamble` or an odd `@string`. */
  needsFull: boolean;
  /** Entries read here / entries (or broken regions) left to the full parser. */
  fast: number;
  hard: number;
  /**
   * Every name of an undefined `@string` the parser meets in the whole file (entries read here or not, `@string`
   * and `@preamble` values, broken entries up to where they break), once each as written, in first-occurrence order:
   * the parser's one warning per name.
   */
  unresolved: string[];
}

// The parser's own tables (@retorquere/bibtex-parser 9: verbatim.js default_strings, index.js Month and FieldMode).
const DEFAULT_STRINGS: Record<string, string> = {
  JAN: '01',
  JANUARY: '01',
  FEB: '02',
  FEBRUARY: '02',
  MAR: '03',
  MARCH: '03',
  APR: '04',
  APRIL: '04',
  MAY: '05',
  JUN: '06',
  JUNE: '06',
  JUL: '07',
  JULY: '07',
  AUG: '08',
  AUGUST: '08',
  SEP: '09',
  SEPTEMBER: '09',
  OCT: '10',
  OCTOBER: '10',
  NOV: '11',
  NOVEMBER: '11',
  DEC: '12',
  DECEMBER: '12',
  ACMCS: 'ACM Computing Surveys',
  ACTA: 'Acta Informatica',
  CACM: 'Communications of the ACM',
  IBMJRD: 'IBM Journal of Research and Development',
  IBMSJ: 'IBM Systems Journal',
  IEEESE: 'IEEE Transactions on Software Engineering',
  IEEETC: 'IEEE Transactions on Computers',
  IEEETCAD: 'IEEE Transactions on Computer-Aided Design of Integrated Circuits',
  IPL: 'Information Processing Letters',
  JACM: 'Journal of the ACM',
  JCSS: 'Journal of Computer and System Sciences',
  SCP: 'Science of Computer Programming',
  SICOMP: 'SIAM Journal on Computing',
  TOCS: 'ACM Transactions on Computer Systems',
  TODS: 'ACM Transactions on Database Systems',
  TOG: 'ACM Transactions on Graphics',
  TOMS: 'ACM Transactions on Mathematical Software',
  TOOIS: 'ACM Transactions on Office Information Systems',
  TOPLAS: 'ACM Transactions on Programming Languages and Systems',
  TCS: 'Theoretical Computer Science',
};
const MONTH: Record<string, string> = {
  jan: '1',
  january: '1',
  feb: '2',
  february: '2',
  mar: '3',
  march: '3',
  apr: '4',
  april: '4',
  may: '5',
  jun: '6',
  june: '6',
  jul: '7',
  july: '7',
  aug: '8',
  august: '8',
  sep: '9',
  september: '9',
  oct: '10',
  october: '10',
  nov: '11',
  november: '11',
  dec: '12',
  december: '12',
};
const CREATOR_FIELDS = new Set([
  'author',
  'bookauthor',
  'collaborator',
  'commentator',
  'director',
  'editor',
  'editora',
  'editorb',
  'editors',
  'holder',
  'scriptwriter',
  'translator',
]);
const LIST_FIELDS = new Set(['institution', 'publisher', 'origpublisher', 'organization', 'location', 'origlocation']);
const VERBATIM_FIELDS = new Set(['doi', 'eprint', 'file', 'files', 'pdf', 'groups', 'ids', 'url', 'verba', 'verbb', 'verbc']);
const VERBATIM_PATTERN = /^keywords([+]duplicate-\d+)?$|^citeulike-linkout-[0-9]+$|^bdsk-url-[0-9]+$/;
// Rich-text fields turn `\\`, `\par` and blank lines into HTML; this reader leaves every such value to the parser anyway.
const RICH_FIELDS = new Set(['annotation', 'comment', 'annote', 'review', 'notes', 'note']);

// TeX's accents split as the parser reads them: a symbol (`\'e`) takes the next letter at once, a letter (`\c c`) after a space or brace.
const ACCENT_SYMBOLS: Record<string, string> = Object.fromEntries(Object.entries(ACCENTS).filter(([command]) => !/[a-z]/i.test(command)));
const ACCENT_WORDS: Record<string, string> = Object.fromEntries(Object.entries(ACCENTS).filter(([command]) => /[a-z]/i.test(command)));
// TeX's letter commands as tex.ts reads them, but `\dj`: the parser's reading of it was never compared, so an entry using it goes to the parser.
const LETTER_WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(LETTERS).filter(([command]) => command !== 'dj' && command !== 'DJ')),
  textendash: '–',
  textemdash: '—',
  textasciitilde: '~',
  textasciicircum: '^',
  textbackslash: '\\',
  textless: '<',
  textgreater: '>',
  textquoteleft: '‘',
  textquoteright: '’',
  textbar: '|',
};
// The parser's ligatures (unicode2latex's table, text mode), longest first as it tries them.
const LIGATURES: Record<string, string> = { '---': '—', '--': '–', "''": '”', '``': '“', '<<': '«', '>>': '»', '<': '¡', '>': '¿', '~': '\u00a0' };
const LIGATURE = /---|--|''|``|<<|>>|[<>~]/g;
const ligatures = (s: string) => (/[-'`<>~]/.test(s) ? s.replace(LIGATURE, (m) => LIGATURES[m]) : s);

// Where texText must look closer; everything between is copied as it is.
// \x0e and \x0f are the parser's own markup brackets: a value holding them is left to it.
// eslint-disable-next-line no-control-regex
const SPECIAL = /[{}\\%$#^_\x0e\x0f]/g;
const WHITESPACE = /[\t\r\n]/;
// A \url argument the parser prints back as written.
const URL_ARG = /^([^\s{}\\%$]+)\}/;
// Where the parser's value readers must look closer.
const BRACE_VALUE = /[\\{}$]/g;
const QUOTE_VALUE = /[\\{}"]/g;

/** The parser's ParsingError: `quoted` is the end of the text its message quotes, which must stay visible to it. */
class ParseError extends Error {
  constructor(readonly quoted: number) {
    super('bibtex');
  }
}

/**
 * A letter and its accent. The parser gives them apart and `parseBibtex` composes them at the end; in names and
 * lists they stay apart until then, since the parser tests `^[a-z]` (a particle such as `von`) on the uncomposed text.
 */
const accented = (letterAndMark: string, split: boolean) => (split ? letterAndMark : letterAndMark.normalize('NFC'));

const COMBINING = /[\u0300-\u036f]/;
/** `parseBibtex`'s composition of a letter and the accents after it (only a base that is its own decomposition). */
const compose = (s: string) =>
  // Most values have no combining accent; the Unicode-aware replace would still walk every character.
  COMBINING.test(s) ? s.replace(/(\P{M})([\u0300-\u036f]+)/gu, (whole, base: string) => (base.normalize('NFD') === base ? whole.normalize('NFC') : whole)) : s;

/** The hard-entry marker thrown inside value conversion: the entry goes to the full parser. */
const HARD = Symbol('hard');

/** Whether `c` is a character of a BibTeX key as the parser reads keys (ASCII set, any letter, or `allow`). */
function isKeyChar(c: string, allow: string): boolean {
  const code = c.charCodeAt(0);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)) return true;
  if ("+'&;_:\\./-".includes(c)) return true;
  if (code > 127 && /[\p{Lu}\p{Lt}\p{Ll}\p{Lm}\p{Lo}]/u.test(c)) return true;
  return allow.includes(c);
}

/**
 * TeX in a field value → the text the parser gives for it, for the plain subset this reader is sure of:
 * braces, whitespace, ligatures (`--`, `~`, `''`), escaped specials (`\&`), accents on a letter (`\'e`, `{\"u}`,
 * `\v{c}`) and letter commands (`{\ss}`, `\o`, `\textendash`). Anything else throws {@link HARD}.
 * `split` marks name and list fields, where a command that swallows the following space would move an `and`.
 */
function texText(raw: string, split: boolean): string {
  // Most values are plain text: nothing to do but ligatures and whitespace.
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(raw)) return raw.includes('  ') || WHITESPACE.test(raw) ? ligatures(raw).replace(/[ \t\r\n]+/g, ' ') : ligatures(raw);
  let out = '';
  let seg = '';
  const n = raw.length;
  let i = 0;
  // A run between braces and commands: ligatures, then each whitespace run as one space (a blank line never gets here).
  const flush = () => {
    if (seg) out += seg.includes('  ') || WHITESPACE.test(seg) ? ligatures(seg).replace(/[ \t\r\n]+/g, ' ') : ligatures(seg);
    seg = '';
  };
  // An accent's argument: optional whitespace, then a letter or `{letter}`, as the parser's argument() takes it.
  const accentArg = (): string => {
    let j = i;
    let newlines = 0;
    while (j < n && ' \t\r\n'.includes(raw[j])) if (raw[j++] === '\n') newlines++;
    if (newlines > 1) throw HARD;
    const c = raw[j];
    if (c !== undefined && /[A-Za-z]/.test(c)) {
      i = j + 1;
      return c;
    }
    if (c === '{' && /[A-Za-z]/.test(raw[j + 1] ?? '') && raw[j + 2] === '}') {
      i = j + 3;
      return raw[j + 1];
    }
    throw HARD;
  };
  while (i < n) {
    SPECIAL.lastIndex = i;
    const m = SPECIAL.exec(raw);
    const k = m ? m.index : n;
    seg += raw.slice(i, k);
    i = k;
    if (!m) break;
    const c = raw[i];
    switch (c) {
      case '{':
      case '}':
        flush();
        i++;
        break;
      case '\\': {
        flush();
        const next = raw[i + 1] ?? '';
        if ('&%$#_{}'.includes(next) && next) {
          out += next;
          i += 2;
        } else if (!split && raw.startsWith('url{', i + 1) && URL_ARG.test(raw.slice(i + 5, i + 5 + 2048))) {
          // \url{x} → a link, its argument as written
          const url = URL_ARG.exec(raw.slice(i + 5, i + 5 + 2048))![1];
          out += `<a href="${url}">${url}</a>`;
          i += 5 + url.length + 1;
        } else if (ACCENT_SYMBOLS[next]) {
          i += 2;
          out += accented(accentArg() + ACCENT_SYMBOLS[next], split);
        } else {
          const word = /^[A-Za-z]+/.exec(raw.slice(i + 1, i + 24))?.[0];
          if (!word) throw HARD;
          i += 1 + word.length;
          if (ACCENT_WORDS[word] && word.length === 1) {
            out += accented(accentArg() + ACCENT_WORDS[word], split);
          } else if (LETTER_WORDS[word]) {
            out += LETTER_WORDS[word];
            // A control word swallows the whitespace after it.
            if (i < n && ' \t\r\n'.includes(raw[i])) {
              if (split) throw HARD;
              let newlines = 0;
              while (i < n && ' \t\r\n'.includes(raw[i])) if (raw[i++] === '\n') newlines++;
              if (newlines > 1) throw HARD;
            }
          } else throw HARD;
        }
        break;
      }
      default:
        // % $ # ^ _ and the parser's markup characters
        throw HARD;
    }
  }
  flush();
  return out;
}

/** A verbatim field (`url`, `doi`, `keywords`, …) as the parser prints it back: whitespace runs as one space, outer braces dropped when `unwrap` (named verbatim fields, not `keywords`). */
function verbatimText(raw: string, unwrap: boolean): string {
  if (/[$]|\\[A-Za-z]|\\[^_&%#]|\\$/.test(raw) || /\n[ \t\r]*\n/.test(raw)) throw HARD;
  const pct = raw.search(/(?<!\\)%/); // \% is a percent sign, a bare % starts a comment
  if (pct !== -1 && (raw.includes('\n', pct) || /\s%/.test(raw))) throw HARD;
  if (pct !== -1 && raw.startsWith('{')) throw HARD;
  // After a `%` (a TeX comment to the end of the value) the parser prints the text exactly as written.
  let value = pct === -1 ? raw.replace(/[ \t\r\n]+/g, ' ') : raw.slice(0, pct).replace(/[ \t\r\n]+/g, ' ') + raw.slice(pct);
  if (unwrap && value.startsWith('{') && matchingBrace(value, 0) === value.length - 1) value = value.slice(1, -1);
  return value;
}

/** Offset of the `}` closing the `{` at `open` (`\{` and `\}` do not count), or -1. */
function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A value cut at top level into words (runs without whitespace outside braces) and the whitespace between them. */
function topWords(raw: string): { words: string[]; gaps: boolean[] } {
  const words: string[] = [];
  const gaps: boolean[] = [];
  let depth = 0;
  let start = -1;
  let gapBefore = false;
  for (let i = 0; i <= raw.length; i++) {
    const c = raw[i];
    const ws = c === undefined || (depth === 0 && (c === ' ' || c === '\t' || c === '\r' || c === '\n'));
    if (ws) {
      if (start !== -1) {
        words.push(raw.slice(start, i));
        gaps.push(gapBefore);
        start = -1;
      }
      gapBefore = true;
      continue;
    }
    if (start === -1) start = i;
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return { words, gaps };
}

/** `A and B and C` → `['A', 'B', 'C']`, cut where the parser cuts: at a whole word `and` (any case) between spaces, outside braces. */
function splitAnd(raw: string): string[][] {
  const { words } = topWords(raw);
  const parts: string[][] = [[]];
  for (let w = 0; w < words.length; w++) {
    if (/^and$/i.test(words[w])) {
      // `and` first, last or twice in a row: the parser's pattern matches differently there.
      if (w === 0 || w === words.length - 1 || /^and$/i.test(words[w + 1]) || parts.at(-1)!.length === 0) throw HARD;
      parts.push([]);
    } else parts.at(-1)!.push(words[w]);
  }
  return parts;
}

/** Whether `word` is one brace group and nothing else. */
const isGroup = (word: string) => word.startsWith('{') && matchingBrace(word, 0) === word.length - 1;

/** One name as the parser splits it (`Last, First`, `Last, Jr, First`, `First von Last`, `{Org Name}`), as {@link BibName}, or null when empty. */
function creator(words: string[]): BibName | null {
  if (words.length === 1 && isGroup(words[0])) {
    const name = compose(texText(words[0], true).trim());
    return name ? { family: name, given: '' } : null;
  }
  const joined = words.join(' ');
  if (joined.includes('=')) throw HARD; // biblatex's `given=…, family=…` form
  const commaParts = splitTopComma(joined);
  let last: string | undefined;
  let first: string | undefined;
  let prefix: string | undefined;
  let suffix: string | undefined;
  if (commaParts) {
    const parts = commaParts.map((p) => texText(p, true).trim());
    if (parts.length === 3 && parts[2] === '') parts.pop();
    if (parts.length > 3) throw HARD; // the parser reports a 4-part name
    [last, suffix, first] = parts.length === 2 ? [parts[0], undefined, parts[1]] : parts;
    const m = /^([a-z'. ]+) (.+)/.exec(last ?? '');
    if (m) [prefix, last] = [m[1], m[2]];
  } else {
    const parts = words.map((w) => texText(w, true)).filter((p) => p);
    if (parts.length === 1) last = parts[0];
    else {
      const p = parts.findIndex((x) => /^[a-z]/.test(x));
      const q = p <= 0 ? -1 : parts.findIndex((x, i) => i > p && !/^[a-z]/.test(x));
      if (q === -1) {
        last = parts.pop();
        first = parts.join(' ');
      } else {
        first = parts.slice(0, p).join(' ');
        prefix = parts.slice(p, q).join(' ');
        last = parts.slice(q).join(' ');
      }
    }
  }
  const trim = (s: string | undefined) => (s?.trim() ? compose(s.trim()) : undefined);
  [last, first, prefix, suffix] = [trim(last), trim(first), trim(prefix), trim(suffix)];
  if (last === undefined && first === undefined && prefix === undefined && suffix === undefined) return null;
  const name: BibName = { family: last ?? '', given: first ?? '' };
  if (prefix) name.prefix = prefix;
  if (suffix) name.suffix = suffix;
  return name;
}

/** The parts of a name between top-level commas, or null when it has none. */
function splitTopComma(s: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (!parts.length) return null;
  parts.push(s.slice(start));
  return parts;
}

/**
 * Fields as the parser gives them through `parseBibtex`; `hard` names the fields this reader is not sure of
 * (left out of `fields`). Throws {@link HARD} when the entry as a whole is the parser's (crossref, written accents).
 */
function convertFields(raw: Map<string, string>, unresolved: ReadonlySet<string>): Pick<BibEntry, 'fields' | 'creators'> & { hard: Set<string> } {
  const fields: Record<string, string> = {};
  const creators: Record<string, BibName[]> = {};
  const hard = new Set<string>();
  let keywords: string[] = [];
  for (const value of raw.values()) if (/[\u0300-\u036f]/.test(value)) throw HARD; // written combining accents: parseBibtex composes none in the entry
  if (raw.has('crossref')) throw HARD;
  for (const [name, value] of raw) {
    if (!value.trim()) continue;
    try {
      // A name of an undefined @string reads as itself (`{{name}}`, as the parser writes it), but a creator field
      // holding one is the parser's: it splits `{{name}}` into names its own way.
      if ((unresolved.has(name) && CREATOR_FIELDS.has(name)) || /\n[ \t\r]*\n/.test(value)) throw HARD;
      // In names and lists the words are cut at spaces, but a command swallows the space after it (`\\ss and`, `\\c c`).
      const split = CREATOR_FIELDS.has(name) || LIST_FIELDS.has(name);
      if (split && /\\(?:[A-Za-z]+|[`'^"~=.])\s/.test(value)) throw HARD;
      if (CREATOR_FIELDS.has(name)) {
        const names = splitAnd(value)
          .map(creator)
          .filter((c): c is BibName => c !== null);
        if (names.length) creators[name] = names;
        else fields[name] = '';
      } else if (LIST_FIELDS.has(name)) {
        fields[name] = splitAnd(value)
          .map((words) => compose(texText(words.join(' '), true).trim()))
          .join(' and ');
      } else if (name === 'keywords') {
        keywords = [
          ...keywords,
          ...verbatimText(value, false)
            .split(/\s*[,;]\s*/)
            .map((k) => k.trim())
            .filter((k) => k),
        ];
      } else if (VERBATIM_FIELDS.has(name) || VERBATIM_PATTERN.test(name)) {
        fields[name] = verbatimText(value, VERBATIM_FIELDS.has(name)).trim();
      } else {
        if (RICH_FIELDS.has(name) && /\\\\|\\par\b/.test(value)) throw HARD;
        let text = texText(value, false);
        if ((name === 'year' || name === 'month') && /^-?\d+$/.test(text.trim())) text = `${parseInt(text, 10)}`;
        text = text.trim();
        if (name === 'month') text = MONTH[text.toLowerCase()] || text;
        fields[name] = text;
      }
    } catch (err) {
      if (err !== HARD) throw err;
      hard.add(name);
    }
  }
  if (keywords.length) fields.keywords = [...new Set(keywords)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(', ');
  return { fields, creators, hard };
}

/**
 * The fast pass over `.bib` text: the parser's own grammar (`@string` with month and journal macros, `@comment`,
 * `@preamble`, `%` lines, `{…}`/`(…)` entries, `{…}`, `"…"`, numbers, macros and `#`, and its recovery from a
 * broken entry: skip to the next `@`), with each plain entry read here. An entry this reader is not sure to
 * read as the parser does — a command it does not know, math, crossref, a repeated field, a broken entry —
 * is marked for the full parser instead. Never throws.
 */
export function scanBibtex(text: string): BibScan {
  const n = text.length;
  const items: Item[] = [];
  const strings = new Map<string, string>();
  let pos = 0;
  let needsFull = false;
  // Text the parser quotes in an error message (up to 20 characters after where it stopped) stays visible to it.
  let keepUntil = -1;
  // Whether the value being read names an undefined @string.
  let unresolved!: boolean;
  // A quoted value whose braces do not balance: blanking its entry out would change how the parser counts braces.
  let oddQuotes!: boolean;
  let lastString!: string;
  // Where the last value read ends, and the `name = value` text of each field of the entry being read.
  let valueEnd = 0;
  let resumeAt = -1;
  const spans = new Map<string, [number, number]>();
  const unresolvedFields = new Set<string>();
  // The parser's warnings for undefined @strings: one per name as written (its error() drops a repeated message).
  const unresolvedNames = new Set<string>();

  const skipWs = () => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 13 || c === 10) pos++;
      else if (c === 37) {
        while (pos < n && text.charCodeAt(pos) !== 10) pos++;
      } else break;
    }
  };
  const tryMatch = (s: string, consume = false) => {
    skipWs();
    const ok = text.startsWith(s, pos);
    if (ok && consume) pos += s.length;
    return ok;
  };
  const match = (s: string, sws = true) => {
    skipWs();
    if (!text.startsWith(s, pos)) throw new ParseError(pos + 20);
    pos += s.length;
    if (sws) skipWs();
  };
  const key = (allow = '') => {
    const start = pos;
    for (;;) {
      if (pos === n) throw new ParseError(pos);
      if (isKeyChar(text[pos], allow)) pos++;
      else return text.substring(start, pos);
    }
  };
  const valueBraces = () => {
    let depth = 0;
    match('{', false);
    const start = pos;
    let math = false;
    for (;;) {
      BRACE_VALUE.lastIndex = pos;
      const m = BRACE_VALUE.exec(text);
      if (!m) throw new ParseError(start + 20);
      pos = m.index;
      switch (text.charCodeAt(pos)) {
        case 92: // \ skips the next character
          pos += 1;
          break;
        case 123:
          depth++;
          break;
        case 125:
          if (depth === 0) {
            if (math) throw new ParseError(pos);
            pos++;
            return text.substring(start, pos - 1);
          }
          depth--;
          break;
        case 36:
          math = !math;
          break;
      }
      pos++;
      if (pos >= n) throw new ParseError(start + 20);
    }
  };
  const valueQuotes = () => {
    match('"', false);
    const start = pos;
    let depth = 0;
    for (;;) {
      QUOTE_VALUE.lastIndex = pos;
      const m = QUOTE_VALUE.exec(text);
      if (!m) throw new ParseError(start + 20);
      pos = m.index;
      switch (text.charCodeAt(pos)) {
        case 92:
          pos += 1;
          break;
        case 123:
          depth++;
          break;
        case 125:
          if (--depth < 0) oddQuotes = true;
          break;
        case 34:
          if (depth <= 0) {
            if (depth !== 0) oddQuotes = true;
            pos++;
            return text.substring(start, pos - 1);
          }
      }
      pos++;
      if (pos >= n) throw new ParseError(start + 20);
    }
  };
  const singleValue = () => {
    if (tryMatch('{')) return valueBraces();
    if (tryMatch('"')) return valueQuotes();
    const bare = key();
    if (/^\d+$/.test(bare)) return bare;
    const upper = bare.toUpperCase();
    const resolved = strings.get(upper) || DEFAULT_STRINGS[upper];
    if (resolved === undefined) {
      unresolved = true;
      unresolvedNames.add(bare);
    }
    return resolved || `{{${bare}}}`;
  };
  const value = () => {
    let v = singleValue();
    valueEnd = pos;
    while (tryMatch('#')) {
      match('#');
      v += singleValue();
      valueEnd = pos;
    }
    return v;
  };
  // One `name = value`; fields go into `into`, a repeated name makes the entry hard.
  const keyEqualsValue = (into: Map<string, string> | null, name?: string): boolean => {
    const from = pos;
    name = name || key();
    if (!name) return true;
    if (!tryMatch('=')) throw new ParseError(pos + 20);
    match('=');
    unresolved = false;
    const v = value();
    // Which fields name an undefined @string: convertFields leaves a creator field among them to the parser.
    if (unresolved && into) unresolvedFields.add(name.toLowerCase());
    if (!into) {
      strings.set(name.toUpperCase(), v);
      lastString = v;
      return true;
    }
    const lower = name.toLowerCase();
    if (into.has(lower) || lower === '__proto__') return false;
    into.set(lower, v);
    spans.set(lower, [from, valueEnd]);
    return true;
  };
  const matchGuard = () => {
    for (const guard of ['{}', '()']) {
      if (tryMatch(guard[0])) {
        match(guard[0]);
        return guard[1];
      }
    }
    throw new ParseError(pos + 20);
  };

  while (pos < n) {
    skipWs();
    while (pos < n && text[pos] !== '@') {
      if (text[pos] === '%') while (pos < n && text[pos] !== '\n') pos++;
      else pos++;
    }
    if (pos >= n) break;
    const start = pos;
    oddQuotes = false;
    try {
      match('@');
      const directive = key().toLowerCase();
      if (directive === 'string') {
        const guard = matchGuard();
        lastString = '';
        keyEqualsValue(null);
        match(guard);
        // The parser turns each @string into text on load; odd TeX there is its business. An undefined name in it
        // reads as `{{name}}` in the entries that use it, and its warning is in the scan's list.
        if (/[\\$%#^_~]/.test(lastString)) needsFull = true;
        items.push({ start, end: pos, kind: 'keep' });
      } else if (directive === 'preamble') {
        value();
        needsFull = true; // its \newcommands change how later entries read
        items.push({ start, end: pos, kind: 'keep' });
      } else if (directive === 'comment') {
        while (text[pos] === ' ' || text[pos] === '\t') pos++;
        if (text[pos] === '{') valueBraces();
        else while (pos < n && text[pos] !== '\n') pos++;
        if (/jabref-meta/i.test(text.slice(start, pos))) needsFull = true;
        items.push({ start, end: pos, kind: 'keep' });
      } else {
        const guard = matchGuard();
        const fields = new Map<string, string>();
        spans.clear();
        unresolvedFields.clear();
        let entryKey = '';
        let plain = directive !== '';
        // The parser's entry(): an optional key, then `name = value` pairs separated by commas.
        body: {
          if (tryMatch(guard)) break body;
          let k = '';
          if (!tryMatch(',')) k = key('[]*"');
          if (tryMatch('=')) {
            plain = keyEqualsValue(fields, k) && plain;
            plain = false; // a first field without a key: the entry has no key
          } else entryKey = k;
          tryMatch(',', true);
          if (tryMatch(guard)) break body;
          plain = keyEqualsValue(fields) && plain;
          while (tryMatch(',', true)) {
            if (tryMatch(guard)) break body;
            plain = keyEqualsValue(fields) && plain;
          }
        }
        skipWs();
        if (!text.startsWith(guard, pos)) throw new ParseError(pos + 20);
        pos += guard.length;
        const end = pos;
        skipWs();
        let entry: BibEntry | undefined;
        let partial: Partial | undefined;
        if (plain && entryKey && !oddQuotes && start >= keepUntil) {
          try {
            const { fields: converted, creators, hard } = convertFields(fields, unresolvedFields);
            if (!hard.size)
              entry = { key: entryKey, type: directive, line: 0, fields: converted, authors: creators.author ?? [], editors: creators.editor ?? [], creators };
            else {
              const strip = [...spans].filter(([name]) => !hard.has(name)).map(([, span]) => span);
              partial = { order: [...fields.keys()], hard, fields: converted, creators, strip };
            }
          } catch (err) {
            if (err !== HARD) throw err;
          }
        }
        // parseBibtex finds an entry's line by searching for its text, skipping a match behind a `%` on its line; it then
        // falls back to the end of the entry before. Both are left to it, so that it finds the same line.
        if (text.slice(text.lastIndexOf('\n', start - 1) + 1, start).includes('%')) {
          entry = undefined;
          let before: Item | undefined;
          for (const i of items) if (i.entry || i.key) before = i;
          if (before?.entry) [before.kind, before.key, before.entry] = ['hard', before.entry.key, undefined];
          if (before) delete before.partial;
          partial = undefined;
        }
        // The parser resumes after a broken entry at the next `@` without skipping `%` lines; blanking the entry there
        // would make it resume at a later `@`.
        if (start === resumeAt) entry = undefined;
        items.push(entry ? { start, end, kind: 'entry', entry } : { start, end, kind: 'hard', key: entryKey, partial });
        if (!entry) needsFull = true;
      }
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      keepUntil = Math.max(keepUntil, err.quoted + 1);
      pos = start + 1;
      while (pos < n && text[pos] !== '@') pos++;
      items.push({ start, end: pos, kind: 'hard', broken: true });
      resumeAt = pos;
      needsFull = true;
    }
  }
  // parseBibtex gives a broken entry the line of the first match of its text in the whole file (from the start, not
  // behind a `%` on its line): every entry an earlier match touches stays visible to the parser, so it finds the same one.
  for (const broken of items.filter((i) => i.broken)) {
    const snippet = text.slice(broken.start, broken.end).trimEnd();
    for (let q = text.indexOf(snippet); q !== -1 && q < broken.start; q = text.indexOf(snippet, q + 1)) {
      const from = text.lastIndexOf('\n', q - 1) + 1;
      for (const item of items)
        if (item.start < q + snippet.length && item.end > from) {
          if (item.entry) [item.kind, item.key, item.entry] = ['hard', item.entry.key, undefined];
          delete item.partial;
        }
    }
  }
  // A crossref'd parent must be visible to the parser beside its child (the child is hard already).
  const parents = new Set<string>();
  for (const item of items) if (item.kind === 'hard') collectCrossrefs(text.slice(item.start, item.end), parents);
  if (parents.size)
    for (const item of items)
      if ((item.entry ?? item).key && parents.has((item.entry ?? item).key!.toUpperCase())) {
        if (item.entry) [item.kind, item.key, item.entry] = ['hard', item.entry.key, undefined];
        delete item.partial;
      }
  // Lines of the entries read here: the line of each `@`, counted in one pass.
  let line = 1;
  let at = 0;
  let fast = 0;
  for (const item of items) {
    if (item.kind !== 'entry') continue;
    for (let i = text.indexOf('\n', at); i !== -1 && i < item.start; i = text.indexOf('\n', i + 1)) line++;
    at = item.start;
    item.entry!.line = line;
    fast++;
  }
  const hard = items.filter((i) => i.kind === 'hard').length;
  return { text, items, needsFull, fast, hard, unresolved: [...unresolvedNames] };
}

/** Crossref targets written in a hard entry's text (upper-cased, as the parser compares them). */
function collectCrossrefs(chunk: string, into: Set<string>): void {
  for (const m of chunk.matchAll(/crossref\s*=\s*[{"]?\s*([^}",\s]+)/gi)) into.add(m[1].toUpperCase());
}

/**
 * The text the full parser reads for a scan: the entries read here blanked out (their line breaks kept, and
 * their last line as spaces), so every other entry keeps its line and column, `@string`s and `@preamble`s stay.
 */
export function maskedText(scan: BibScan): string {
  const out: string[] = [];
  let at = 0;
  const blank = (from: number, to: number) => {
    out.push(scan.text.slice(at, from));
    const chunk = scan.text.slice(from, to);
    const lastBreak = chunk.lastIndexOf('\n');
    out.push(lastBreak === -1 ? ' '.repeat(chunk.length) : '\n'.repeat(countBreaks(chunk)) + ' '.repeat(chunk.length - lastBreak - 1));
    at = to;
  };
  for (const item of scan.items) {
    if (item.kind === 'entry') blank(item.start, item.end);
    else if (item.partial) for (const [from, to] of item.partial.strip) blank(from, to);
  }
  out.push(scan.text.slice(at));
  return out.join('');
}

/** A hard entry whole again: its plain fields as read here, the others as the parser read them, in the order written. */
function joinPartial(p: Partial, theirs: BibEntry): BibEntry {
  const fields: Record<string, string> = {};
  const creators: Record<string, BibName[]> = {};
  for (const name of [...p.order.filter((n) => n !== 'keywords'), 'keywords']) {
    const from = p.hard.has(name) ? theirs : p;
    if (from.fields[name] !== undefined) fields[name] = from.fields[name];
    if (from.creators[name] !== undefined) creators[name] = from.creators[name];
  }
  return { ...theirs, fields, authors: creators.author ?? [], editors: creators.editor ?? [], creators };
}

function countBreaks(s: string): number {
  let count = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * A scan finished: the entries read here and the full parser's entries and problems for the rest, in file order.
 * `full` is needed only when `scan.needsFull`; without it the hard entries are reported as not read.
 */
export function completeBibtexScan(scan: BibScan, file: string, full?: FullBibtexParser): BibParse {
  const warnings = scan.unresolved.map((name): Problem => ({ file, line: 0, severity: 'warning', message: unresolvedMessage(name) }));
  if (!scan.needsFull) return { entries: scan.items.flatMap((i) => (i.entry ? [i.entry] : [])), problems: warnings, unreadKeys: [] };
  if (!full) {
    const problems: Problem[] = [...warnings, { file, line: 0, severity: 'error', message: 'The BibTeX parser is not loaded; only plain entries were read' }];
    return { entries: scan.items.flatMap((i) => (i.entry ? [i.entry] : [])), problems, unreadKeys: [] };
  }
  const parsed = full(maskedText(scan), file);
  // Each of the parser's entries belongs to the next hard entry with its key (a broken one or one without a key gives none).
  const entries: BibEntry[] = [];
  let j = 0;
  for (const item of scan.items) {
    if (item.entry) entries.push(item.entry);
    else if (item.key && j < parsed.entries.length && parsed.entries[j].key === item.key) {
      const theirs = parsed.entries[j++];
      entries.push(item.partial ? joinPartial(item.partial, theirs) : theirs);
    }
  }
  while (j < parsed.entries.length) entries.push(parsed.entries[j++]);
  // The parser saw only the names left in the masked text. On the whole file its warnings for undefined @strings
  // come first (line 0, and its syntax errors, which are also in its first list, always have a line), in the order met:
  // the scan's list, which holds every name of the file.
  const unresolved = new Set(warnings.map((w) => w.message));
  const rest = parsed.problems.filter((p) => !(p.line === 0 && p.severity === 'warning' && unresolved.has(p.message)));
  return { entries, problems: [...warnings, ...rest], unreadKeys: parsed.unreadKeys };
}

/** The parser's warning for a name of an undefined `@string` (verbatim.js single_value). */
const unresolvedMessage = (name: string) => `Unresolved @string reference ${JSON.stringify(name)}`;

/**
 * Reads `.bib` text as `parseBibtex` does, about 20× faster on plain entries: the fast pass reads them and
 * `full` (loaded only when some entry needs it, e.g. `loadBibtexParser` of `src/core/bibtex.ts`) reads the rest
 * with the file's `@string`s and original line numbers. Entries come in file order; never throws on bad input.
 */
export async function readBibtexFast(text: string, file: string, full: () => FullBibtexParser | Promise<FullBibtexParser>): Promise<BibParse> {
  const scan = scanBibtex(text);
  return completeBibtexScan(scan, file, scan.needsFull ? await full() : undefined);
}

/**
 * A synchronous `BibtexParser` (for `readBibtex`) from the fast pass and an already loaded full parser;
 * `full` is called only for files with entries the fast pass leaves to it.
 */
export function fastBibtexParser(full: () => FullBibtexParser): (text: string, file: string) => BibParse {
  return (text, file) => {
    const scan = scanBibtex(text);
    return completeBibtexScan(scan, file, scan.needsFull ? full() : undefined);
  };
}
