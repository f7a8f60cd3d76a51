/** BibTeX written and read: the entries LitDigest writes, and `.bib` text read with Better BibTeX's parser (imported only here). */
import type { Creator, Entry as ParsedEntry } from '@retorquere/bibtex-parser';
import type { Paper, PersonName, Problem } from './model';
import { arxivCategory } from './sources/arxiv';
import { findArxivId } from './sources/ids';
import { ACCENTS } from './sources/tex';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Whitespace runs become one space and control characters go: BibTeX can keep neither a line break nor a control character. */
function clean(text: string): string {
  return text
    .replace(/[ \t\n\r\f\v]+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * What every BibTeX reader (pandoc, {@link parseBibtex}; `bibtex` before typesetting) gives back for `text`
 * written by {@link escapeBibtex}: whitespace runs become one space, control characters are dropped, the ends
 * are trimmed, and `'` and a backtick come back as the curly quotes `’` and `‘` that TeX typesets for them.
 * Every other character comes back as it is (no Unicode normalization: `e` + U+0301 stays two characters).
 */
export function bibtexText(text: string): string {
  return clean(text).replace(/'/g, '’').replace(/`/g, '‘');
}

/**
 * Escapes text for a BibTeX field so that pandoc, LaTeX's `bibtex` and Better BibTeX's parser all read back
 * {@link bibtexText}`(text)` and nothing else (the caller wraps the result in one pair of braces):
 * - the specials `\ { } % & _ # $ ~ ^` become commands, and hyphen runs are kept apart (`-{}-`) so `--` is no dash;
 * - `<` and `>` become `\textless{}` and `\textgreater{}` (written bare, TeX readers give `¡` and `¿`);
 * - `'` and a backtick become `{’}` and `{‘}`, and curly quotes are braced: pandoc and the parser disagree on
 *   ASCII quotes, and pandoc pairs bare quotes (`‘x’` came back as `“x”`);
 * - whitespace runs become one space and control characters are dropped.
 *
 * Braces need more: `bibtex` counts every brace, escaped or not, while pandoc and the parser skip `\{` and `\}`.
 * A `}` without its `{` would end the field early for `bibtex` (the rest of the title became a second entry),
 * and a `{` without its `}` would make it read to the end of the file. Each unmatched escaped brace therefore
 * gets a partner inside `\iffalse … \fi`, which `bibtex` counts and TeX and pandoc skip ({@link parseBibtex} too; the bare
 * parser would print it).
 */
export function escapeBibtex(text: string): string {
  const plain = clean(text);
  let depth = 0;
  let unmatchedClose = 0;
  for (const c of plain) {
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth > 0) depth--;
      else unmatchedClose++;
    }
  }
  const body = plain
    .replace(/[\\{}%&_#$~^'`<>‘’“”]/g, (c) => {
      switch (c) {
        case '\\':
          return '\\textbackslash{}';
        case '~':
          return '\\textasciitilde{}';
        case '^':
          return '\\textasciicircum{}';
        case '<':
          return '\\textless{}';
        case '>':
          return '\\textgreater{}';
        case "'":
          return '{’}';
        case '`':
          // A backtick in a file a shell may source runs a command; TeX prints this for it anyway.
          return '{‘}';
        case '‘':
        case '’':
        case '“':
        case '”':
          // Braced, a curly quote stays itself: bare, pandoc pairs quotes and writes ‘x’ back as “x”.
          return `{${c}}`;
        default:
          return `\\${c}`;
      }
    })
    .replace(/-(?=-)/g, '-{}');
  // Openers before the text keep `bibtex`'s depth above zero through every unmatched `\}`; closers after it end the unmatched `\{`s.
  return '\\iffalse\\{\\fi{}'.repeat(unmatchedClose) + body + '\\iffalse\\}\\fi{}'.repeat(depth);
}

/** The month (1–12) and day of a date such as `Jan 9, 2024`, or null. */
export function monthDay(date: string | null): [number, number] | null {
  const m = date && /^([A-Za-z]{3})[a-z]*\s+(\d{1,2})/.exec(date);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
  return month ? [month, Number(m[2])] : null;
}

/** How a paper is published, as both writers ({@link formatBibtex}, `toCslJson`) state it. */
export interface Publication {
  /** The arXiv id, when the paper has one that reads as an arXiv id (a malformed one is left out, never written). */
  arxiv: string | null;
  /** The primary arXiv category (`cs.LG`), only with {@link Publication.arxiv} and only when it reads as a category. */
  arxivClass: string | null;
  /** The paper's own DOI; else, with an arXiv id, the DOI arXiv registers for it (`10.48550/arXiv.<id>`). */
  doi: string | null;
  /** `https://arxiv.org/abs/<id>` with an arXiv id, else the first link of the abstract. */
  url: string | null;
  /** The journal or proceedings, when a bibliography or listing gave one. */
  venue: string | null;
  /** Whether {@link Publication.venue} names proceedings (a conference, workshop or symposium) rather than a journal. */
  proceedings: boolean;
  /** Whether a Hugging Face Daily Papers page listed the paper. */
  fromDigest: boolean;
}

/** Words and (case-sensitive) acronyms that make a venue proceedings, unless it calls itself a journal or transactions. */
const PROCEEDINGS_WORDS = /\b(?:proceedings|proc\b|conference|conf\b|workshops?|symposium)/i;
const PROCEEDINGS_ACRONYMS =
  /\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|ACL|EMNLP|NAACL|COLING|AAAI|IJCAI|KDD|SIGGRAPH|ISCA|ASPLOS|HPCA|DAC|MLSys|OSDI|SOSP|EuroSys|ICASSP|INTERSPEECH|Interspeech|WACV)\b/;
const JOURNAL = /\b(?:journal|transactions|letters|magazine|review)\b/i;

/** What {@link formatBibtex} and `toCslJson` say about where the paper is found. */
export function publication(paper: Paper): Publication {
  const arxiv = findArxivId(paper.arxiv, true);
  const venue = paper.venue?.trim() || null;
  // DOIs are kept in lower case; arXiv's own spelling of its prefix is the one people recognise.
  const doi = paper.doi?.trim().replace(/^10\.48550\/arxiv\./, '10.48550/arXiv.') || (arxiv ? `10.48550/arXiv.${arxiv}` : null);
  return {
    arxiv,
    arxivClass: arxiv ? arxivCategory(paper.arxivClass) : null,
    doi,
    url: arxiv ? `https://arxiv.org/abs/${arxiv}` : (paper.urls[0] ?? null),
    venue,
    proceedings: venue !== null && !JOURNAL.test(venue) && (PROCEEDINGS_WORDS.test(venue) || PROCEEDINGS_ACRONYMS.test(venue)),
    fromDigest: paper.sources.some((s) => (s.origin ?? 'hfpage') === 'hfpage'),
  };
}

/** Text that BibTeX readers take verbatim (`url`, `doi`): only what would end the field or the line is percent-encoded. */
function verbatim(text: string): string {
  return text.replace(/[{}\\\s\p{Cc}`]/gu, encodeURIComponent);
}

/**
 * A part of a name that must be braced, tested on its text before escaping (escaped, `and }` starts with
 * `\iffalse`): one with a comma or `and` as a word of its own, either of which would split the name where it
 * does not end, or one of hyphens alone, which `bibtex` reads as no part at all.
 */
const UNSAFE_NAME_PART = /,|(?:^| )and(?: |$)|^[- ]*$/i;

/**
 * One name for an `author` field: `Family, Given`, each part escaped and braced if a reader would split it or
 * miss it (see `UNSAFE_NAME_PART`); a one-part name (an organisation) braced whole, so that no reader splits `Google DeepMind` into a given and
 * a family name or reads `{others}` as "et al."; null when nothing of the name is left once escaped.
 */
function bibtexName(name: PersonName): string | null {
  const family = escapeBibtex(name.family);
  const given = escapeBibtex(name.given);
  if (!family || !given) return family || given ? `{${family || given}}` : null;
  const part = (raw: string, text: string) => (UNSAFE_NAME_PART.test(bibtexText(raw)) ? `{${text}}` : text);
  return `${part(name.family, family)}, ${part(name.given, given)}`;
}

/**
 * A BibTeX entry: `@misc` unless a bibliography or listing gave a venue (`@inproceedings` with `booktitle` for
 * proceedings, `@article` with `journal` otherwise). Fields, each only when known:
 * - `title` (double braces keep the capitals) and `author` (`Family, Given and …`, exactly the names known:
 *   never `and others`, and no `author` field at all when no name is known);
 * - `year`, `month`, `day` when the paper's date gives a year;
 * - without a venue, `howpublished`: `arXiv:<id> [<class>]` (arXiv's own citation form, which the standard
 *   styles print for `@misc`) with an arXiv id, else `Hugging Face Daily Papers` when a page listed the paper;
 * - `organization` from the page; `eprint`, `archivePrefix = {arXiv}` and `primaryClass` as arXiv's export writes them;
 * - `doi` and `url` as {@link publication} gives them; `abstract`, so the bibliography says what was cited.
 * Every text goes through {@link escapeBibtex}: pandoc, `bibtex` and the parser read exactly this one entry.
 */
export function formatBibtex(paper: Paper): string {
  const pub = publication(paper);
  const fields: [string, string][] = [['title', `{{${escapeBibtex(paper.title)}}}`]];
  const names = (paper.authorNames ?? []).map(bibtexName).filter((n): n is string => n !== null);
  if (names.length) fields.push(['author', `{${names.join(' and ')}}`]);
  if (pub.venue) fields.push([pub.proceedings ? 'booktitle' : 'journal', `{${escapeBibtex(pub.venue)}}`]);
  if (paper.year !== null) {
    fields.push(['year', `{${paper.year}}`]);
    const md = monthDay(paper.date);
    if (md) fields.push(['month', MONTHS[md[0] - 1]], ['day', `{${md[1]}}`]);
  }
  // With a venue the journal or proceedings says where it appeared; pandoc would print `howpublished` as its publisher.
  if (!pub.venue && pub.arxiv) fields.push(['howpublished', `{arXiv:${pub.arxiv}${pub.arxivClass ? ` [${pub.arxivClass}]` : ''}}`]);
  else if (!pub.venue && pub.fromDigest) fields.push(['howpublished', '{Hugging Face Daily Papers}']);
  if (paper.org) fields.push(['organization', `{{${escapeBibtex(paper.org)}}}`]);
  if (pub.arxiv) {
    fields.push(['eprint', `{${pub.arxiv}}`], ['archivePrefix', '{arXiv}']);
    if (pub.arxivClass) fields.push(['primaryClass', `{${pub.arxivClass}}`]);
  }
  if (pub.doi) fields.push(['doi', `{${verbatim(pub.doi)}}`]);
  if (pub.url) fields.push(['url', `{${verbatim(pub.url)}}`]);
  if (paper.abstract) fields.push(['abstract', `{${escapeBibtex(paper.abstract)}}`]);
  const type = pub.venue ? (pub.proceedings ? 'inproceedings' : 'article') : 'misc';
  return `@${type}{${paper.key},\n${fields.map(([name, value]) => `  ${name} = ${value},`).join('\n')}\n}\n`;
}

/** A person named in an entry: `family` is the last name (a literal name such as `{Barnes and Noble}` is all family), `given` the rest. */
export interface BibName {
  family: string;
  given: string;
  /** A particle such as `von` or `van der`, when the name has one. */
  prefix?: string;
  /** `Jr.`, `III` and the like, when the name has one. */
  suffix?: string;
}

/** One entry of a `.bib` file, its LaTeX turned into Unicode text. */
export interface BibEntry {
  /** The citation key exactly as written. */
  key: string;
  /** The entry type in lower case: `article`, `misc`, … */
  type: string;
  /** 1-based line of the entry's `@`. */
  line: number;
  /**
   * Field name (lower case) → Unicode text, `@string`s expanded and crossref'd fields inherited. Name fields
   * (`author`, `editor`, …) are in {@link BibEntry.creators} instead; list fields (`publisher`, `keywords`, …) are joined.
   */
  fields: Record<string, string>;
  /** The `author` field's names, in order; empty when it has none. */
  authors: BibName[];
  /** The `editor` field's names, in order; empty when it has none. */
  editors: BibName[];
  /** Every name field (`author`, `editor`, `translator`, …) → its names, in order. */
  creators: Record<string, BibName[]>;
}

/** A `.bib` file read: its entries in file order, and what was wrong with it. */
export interface BibParse {
  entries: BibEntry[];
  /** Broken entries (`error`, with the line of their `@`; every other entry is still read) and doubtful input (`warning`). */
  problems: Problem[];
  /** The keys of broken entries, when the parser got as far as the key: not entries, but taken (adding one would repeat it once fixed). */
  unreadKeys: string[];
}

/** The 1-based line of each offset, by binary search over the offsets of the line breaks. */
function lineFinder(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/**
 * Where `snippet` (raw text the parser read, starting at its `@`) stands, at or after `from`: the first match
 * that is not behind a `%` on its line, since the parser skips such a line between entries. -1 when absent.
 */
function locate(text: string, snippet: string, from: number): number {
  for (let at = text.indexOf(snippet, from); at !== -1; at = text.indexOf(snippet, at + 1)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!text.slice(Math.max(lineStart, from), at).includes('%')) return at;
  }
  return -1;
}

/**
 * Marks where the parser met `\iffalse`, which it does not know: TeX skips up to `\fi`, which the parser prints as
 * nothing. {@link escapeBibtex} puts exactly one brace there, so the mark and one brace after it are dropped.
 */
const SKIPPED = '\uE000';

/**
 * A parsed value as text: the `\iffalse` brace skipped. The parser writes `\'e` as `e` + U+0301; when the entry
 * as written holds no combining accent, every one in its values came from a command and is composed (`é`), while
 * accents written as Unicode are left exactly as they were.
 */
function text(value: string, compose: boolean): string {
  // `\'\i` is how TeX writes í: the parser gives the dotless ı under the accent, which no search for "í" finds.
  const plain = value.replace(/\uE000[{}]?/g, '').replace(/[ıȷ](?=[\u0300-\u036f])/g, (c) => (c === 'ı' ? 'i' : 'j'));
  // Only a base that is its own decomposition: NFC would turn a singleton such as U+212B (Å sign) into another character.
  return compose
    ? plain.replace(/(\P{M})([\u0300-\u036f]+)/gu, (whole, base: string) => (base.normalize('NFD') === base ? whole.normalize('NFC') : whole))
    : plain;
}

function toName(creator: Creator, compose: boolean): BibName {
  if (creator.name !== undefined) return { family: text(creator.name, compose), given: '' };
  const name: BibName = { family: text(creator.lastName ?? '', compose), given: text(creator.firstName ?? '', compose) };
  if (creator.prefix) name.prefix = text(creator.prefix, compose);
  if (creator.suffix) name.suffix = text(creator.suffix, compose);
  return name;
}

/** Text commands of real `.bib` files the parser does not know, as the text TeX typesets for them. */
const TEXT_COMMANDS: Readonly<Record<string, string>> = {
  '\\TeX': 'TeX',
  '\\LaTeX': 'LaTeX',
  '\\LaTeXe': 'LaTeX2ε',
  '\\BibTeX': 'BibTeX',
  '\\XeTeX': 'XeTeX',
  '\\hyphen': '-',
  '\\textquotesingle': '’',
  '\\protect': '',
  // Mendeley writes each line break of an abstract as `\ud`.
  '\\ud': ' ',
};

/**
 * The text of a command the parser handed back as unsupported, or null when LitDigest does not know it either:
 * {@link TEXT_COMMANDS}, and an accent on `\i`/`\j` run into the next letters (`Mat\'\ias`, as Mendeley writes
 * Matías), which TeX would reject but whose meaning is plain.
 */
function commandText(tex: string): string | null {
  const known = TEXT_COMMANDS[tex.trim()];
  if (known !== undefined) return known;
  const accent = /^\\(['`^"~=.])\s*\\([ij])([A-Za-z]*)$/.exec(tex.trim());
  if (accent) return `${accent[2]}${ACCENTS[accent[1]]}`.normalize('NFC') + accent[3];
  return null;
}

// The parser is 570 KB of code that takes 0.2–0.5 s to load: loaded on first read, never at activation or for writing.
type ParserModule = typeof import('@retorquere/bibtex-parser');
let parserModule: Promise<ParserModule> | undefined;
const loadParser = () => (parserModule ??= import('@retorquere/bibtex-parser'));

/** Reads `.bib` text synchronously once the parser is loaded: what {@link parseBibtex} gives, without the wait. */
export type SyncBibtexParser = (source: string, file: string) => BibParse;

/**
 * Loads Better BibTeX's parser (once; later calls share the load) and returns a synchronous reader with exactly
 * {@link parseBibtex}'s semantics. It fits `BibtexParser` of `sources/bibtex.ts`, so `readBibtex` and the fast
 * reader of `sources/bibfast.ts` can call it without awaiting each file.
 */
export async function loadBibtexParser(): Promise<SyncBibtexParser> {
  const module = await loadParser();
  return (source, file) => parseWith(module, source, file);
}

/**
 * Reads `.bib` text with Better BibTeX's parser: `@string`, `@preamble`, `@comment`, `%` lines, crossref,
 * LaTeX accents and commands (→ Unicode), and names. A broken entry is reported as an error at the line of
 * its `@` and every other entry is still read; a command the parser does not know is kept as written and
 * reported as a warning. `file` names the file in the problems. Never throws on bad input.
 * Cost: about 0.5 ms per short entry and several ms with an abstract (LaTeX is parsed field by field), plus
 * loading the parser on the first call; `sources/bibfast.ts` gives the same result some 50× faster (`npm run bench`).
 */
export async function parseBibtex(source: string, file: string): Promise<BibParse> {
  return parseWith(await loadParser(), source, file);
}

/** A parsed entry as a {@link BibEntry}: values in Unicode, names split. */
function bibEntry(parsed: ParsedEntry, line: number): BibEntry {
  const fields: Record<string, string> = {};
  const creators: Record<string, BibName[]> = {};
  const compose = !/[\u0300-\u036f]/.test(parsed.input);
  for (const [name, value] of Object.entries(parsed.fields as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = text(value, compose);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) fields[name] = text(value.join(name === 'keywords' ? ', ' : ' and '), compose);
    else if (Array.isArray(value)) creators[name] = (value as Creator[]).map((c) => toName(c, compose));
  }
  return { key: parsed.key, type: parsed.type, line, fields, authors: creators.author ?? [], editors: creators.editor ?? [], creators };
}

/**
 * Gives an entry without `year` or `date` its crossref parent's, as biblatex and bibtex inherit them: the parser's
 * BibLaTeX inheritance leaves out the date (a `@incollection` of a `@collection` with `date = 2000` had no year).
 */
function inheritDates(entries: BibEntry[]): void {
  const children = entries.filter((e) => e.fields.crossref && e.fields.year === undefined && e.fields.date === undefined);
  if (!children.length) return;
  const byKey = new Map(entries.map((e) => [e.key.toLowerCase(), e]));
  for (const child of children) {
    const parent = byKey.get(child.fields.crossref.toLowerCase());
    if (parent?.fields.year !== undefined) child.fields.year = parent.fields.year;
    if (parent?.fields.date !== undefined) child.fields.date = parent.fields.date;
  }
}

/** How many mistakes {@link repairEntry} corrects in one entry before it gives up. */
const MAX_REPAIRS = 8;

/**
 * A broken entry read after correcting the slips `bibtex` itself reads past and hand-kept files are full of, or null:
 * - a comma missing between two fields (`isbn = {…}` then `doi = {…}` on the next line);
 * - an unpaired `$` in a value (an abstract that says `$5`, OCR text): that one `$` is read as a dollar sign;
 * - a key with characters the parser refuses but `bibtex` takes (`Yahoo!-Finance2007`): the key is kept as written.
 * Each correction is named in `fixes`. `snippet` is the entry's text from its `@`; `options` carry the file's `@string`s.
 */
function repairEntry(
  parse: ParserModule['parse'],
  options: Parameters<ParserModule['parse']>[1],
  snippet: string,
): { entry: ParsedEntry; fixes: string[] } | null {
  const fixes: string[] = [];
  let text = snippet;
  let key: string | null = null;
  const head = /^@\s*\w+\s*[{(]\s*([^\s,{}()"=#%]+)\s*,/.exec(text);
  if (head && !/^[\w:.+'&;\\/-]+$/.test(head[1])) {
    key = head[1];
    const at = head[0].lastIndexOf(key);
    // A stand-in the parser reads, of the same length so positions in its messages still fit the text.
    text = text.slice(0, at) + 'k'.repeat(key.length) + text.slice(at + key.length);
  }
  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    const library = parse(text, options);
    const parsed = library.entries[0];
    if (!library.errors.length) {
      if (library.entries.length !== 1 || !parsed.input || (!key && !fixes.length)) return null;
      if (key) {
        parsed.key = key;
        fixes.push(`the key has characters the parser refuses and bibtex takes (kept as written)`);
      }
      return { entry: parsed, fixes };
    }
    const message = library.errors[0].error;
    const where = /at line (\d+), column (\d+)/.exec(message);
    if (!where) return null;
    const lineStart = text
      .split('\n')
      .slice(0, Number(where[1]) - 1)
      .reduce((n, l) => n + l.length + 1, 0);
    const at = lineStart + Number(where[2]) - 1;
    const end = text.slice(0, at).trimEnd().length;
    // Only where a value plainly ended (`}`, `"`, a number or macro) and white space parts it from the next `name =`.
    if (/^Token mismatch, expected "\}", found "[A-Za-z][\w:.+-]*\s*=/.test(message) && end < at && /[}"\w]/.test(text[end - 1] ?? '')) {
      // The comma goes right after the value before the field the parser did not expect.
      const name = /^[A-Za-z][\w:.+-]*/.exec(text.slice(at))![0];
      text = `${text.slice(0, end)},${text.slice(end)}`;
      fixes.push(`a comma is missing before the field ${name} (read as if it were there)`);
    } else if (/^Unclosed math section/.test(message) && /(?<!\\)\$(?=\d)/.test(text)) {
      // `$5`, `$1.2M`: a price, not math (TeX would read it as math too, but no one meant that).
      text = text.replace(/(?<!\\)\$(?=\d)/g, '\\$$');
      fixes.push('a $ before a number is a dollar sign (read as one)');
    } else if (/^Unclosed math section/.test(message)) {
      // The parser stops where the value ends; the unpaired `$` is the last unescaped one before that.
      let dollar = -1;
      for (let i = text.lastIndexOf('$', at); i !== -1; i = i > 0 ? text.lastIndexOf('$', i - 1) : -1) {
        if (text[i - 1] !== '\\') {
          dollar = i;
          break;
        }
      }
      if (dollar === -1) return null;
      text = `${text.slice(0, dollar)}\\${text.slice(dollar)}`;
      fixes.push('a $ opens math that never closes (read as a dollar sign)');
    } else return null;
  }
  return null;
}

function parseWith({ parse }: ParserModule, source: string, file: string): BibParse {
  const problems: Problem[] = [];
  const unknownCommands: { entry: ParsedEntry; tex: string }[] = [];
  const options: Parameters<ParserModule['parse']>[1] = {
    // No sentence-casing, no case-protection markup: the fields as written, in Unicode.
    english: false,
    sentenceCase: false,
    caseProtection: false,
    applyCrossRef: true,
    unsupported: (_node, tex, entry) => {
      if (tex === '\\iffalse') return SKIPPED;
      const known = commandText(tex);
      if (known !== null) return known;
      // The parser also converts each @string and @preamble on its own, with no entry: an entry that uses the command
      // reports it; unrecorded, such a command made the report itself throw.
      if (entry) unknownCommands.push({ entry, tex });
      return tex;
    },
  };
  const library = parse(source, options);
  const lineOf = lineFinder(source);
  const lines = new Map<ParsedEntry, number>();
  const entries: BibEntry[] = [];
  const unreadKeys: string[] = [];
  let cursor = 0;
  for (const parsed of library.entries) {
    // An entry the parser gave up on comes back empty; its error below says where it is.
    if (!parsed.input) {
      if (parsed.key) unreadKeys.push(parsed.key);
      continue;
    }
    const at = locate(source, parsed.input, cursor);
    const offset = at === -1 ? cursor : at;
    if (at !== -1) cursor = at + parsed.input.length;
    const line = lineOf(offset);
    lines.set(parsed, line);
    if (!parsed.key) {
      problems.push({ file, line, severity: 'error', message: `This @${parsed.type} entry has no key and was skipped` });
      continue;
    }
    entries.push(bibEntry(parsed, line));
  }
  const seen = new Map<string, number>();
  let repaired = false;
  for (const error of library.errors) {
    const [message] = error.error.split('\n');
    const snippet = error.input?.startsWith('@') ? error.input.trimEnd() : '';
    let line = 0;
    if (snippet) {
      const at = locate(source, snippet, seen.get(snippet) ?? 0);
      if (at !== -1) {
        seen.set(snippet, at + 1);
        line = lineOf(at);
      }
      const repair = line ? repairEntry(parse, { ...options, strings: library.strings }, snippet) : null;
      if (repair) {
        const entry = bibEntry(repair.entry, line);
        entries.push(entry);
        lines.set(repair.entry, line);
        repaired = true;
        // The parser named the broken entry by its key, or by the part before a character it refused.
        let unread = unreadKeys.indexOf(entry.key);
        if (unread === -1) unread = unreadKeys.findIndex((k) => entry.key.startsWith(k));
        if (unread !== -1) unreadKeys.splice(unread, 1);
        problems.push({ file, line, severity: 'warning', message: `@${entry.key}: ${repair.fixes.join('; ')}` });
        continue;
      }
    }
    if (!line) {
      // Keys may hold colons (`Crane:2013:DGP`): the longest key the message opens with is the entry's.
      let best: BibEntry | undefined;
      for (const e of entries) if (message.startsWith(`@${e.key}: `) && (!best || e.key.length > best.key.length)) best = e;
      line = best?.line ?? 0;
    }
    problems.push({
      file,
      line,
      severity: snippet ? 'error' : 'warning',
      message: snippet ? `This entry is not valid BibTeX and was skipped: ${message}` : message,
    });
  }
  // A repaired entry goes back to its place in the file (the sort is stable: entries on one line keep their order).
  if (repaired) entries.sort((a, b) => a.line - b.line);
  inheritDates(entries);
  for (const { entry, tex } of unknownCommands) {
    problems.push({
      file,
      line: lines.get(entry) ?? 0,
      severity: 'warning',
      message: `@${entry.key}: ${tex} is a command LitDigest cannot turn into text; kept as written`,
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems, unreadKeys };
}

/** A key of a `.bib` file and the 1-based line of its entry's `@`. */
export interface BibKey {
  key: string;
  line: number;
}

/** A key written twice: `bibtex` rejects a repeat, and also keys that differ only in case. */
export interface DuplicateKey {
  /** The later entry. */
  key: string;
  line: number;
  /** The first entry with that key (ignoring case). */
  first: BibKey;
  /** True when the two are spelled differently (`Smith2020` and `smith2020`). */
  caseOnly: boolean;
}

/** The keys of a `.bib` file, as {@link bibliographyKeys} reads them. */
export interface BibliographyKeys {
  /** Every entry's key, in file order (repeats included). */
  keys: BibKey[];
  /** Each repeat of an earlier key, exact or differing only in case, with both lines. */
  duplicates: DuplicateKey[];
  /** Keys of entries the parser could not read (see {@link BibParse.unreadKeys}). */
  unreadKeys: string[];
}

// Diagnostics and insertion ask for the keys of the same file on every keystroke: keep the last few answers.
const keyCache = new Map<string, Promise<BibliographyKeys>>();
const KEY_CACHE_SIZE = 4;

/**
 * The entry keys of `.bib` text, read by the parser ({@link parseBibtex}): a key inside `@comment{…}`, after `%`
 * on a line outside entries, or inside another entry's field is not a key. Entries the parser could not read
 * are left out of `keys`; their keys, when readable, are in `unreadKeys`. Repeats are listed in `duplicates`, including keys that differ only in case. The last few
 * answers are kept, so asking again about unchanged text costs nothing.
 */
export function bibliographyKeys(text: string): Promise<BibliographyKeys> {
  const cached = keyCache.get(text);
  if (cached) return cached;
  const result = readKeys(text);
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(text, result);
  return result;
}

async function readKeys(text: string): Promise<BibliographyKeys> {
  // Loaded on the first bibliography read (dist/bibfast.js in the extension), not at activation.
  const { readBibtexFast } = await import('./sources/bibfast');
  const parsed = await readBibtexFast(text, '', loadBibtexParser);
  const keys = parsed.entries.map(({ key, line }) => ({ key, line }));
  const firsts = new Map<string, BibKey>();
  const duplicates: DuplicateKey[] = [];
  for (const entry of keys) {
    const first = firsts.get(entry.key.toLowerCase());
    if (first) duplicates.push({ ...entry, first, caseOnly: first.key !== entry.key });
    else firsts.set(entry.key.toLowerCase(), entry);
  }
  return { keys, duplicates, unreadKeys: parsed.unreadKeys };
}
