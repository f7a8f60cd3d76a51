/**
 * Reading `.bib` text with Better BibTeX's parser (imported only here): values in Unicode, names split, broken entries
 * repaired where `bibtex` reads past them. `bibtex.ts` loads this module with the parser, on the first read (in the
 * extension a chunk of its own, dist/bibtexParse.js), so activation and writing BibTeX never load it.
 */
import type { Creator, Entry as ParsedEntry } from '@retorquere/bibtex-parser';
import type { BibEntry, BibName, BibParse, SyncBibtexParser } from './bibtex';
import type { Problem } from './model';
import { ACCENTS } from './sources/tex';

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

/** Loads the parser (once; later calls share the load) and returns a synchronous reader: see `bibtex.ts` loadBibtexParser. */
export async function loadBibtexParser(): Promise<SyncBibtexParser> {
  const module = await loadParser();
  return (source, file) => parseWith(module, source, file);
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
