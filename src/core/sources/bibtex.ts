/** BibTeX/BibLaTeX entries (as a BibTeX parser gives them) → library entries: names, arXiv id, DOI, venue, year, key. */
import type { Entry, PersonName, Problem } from '../model';
import { sightingEntry, type SourceRead } from './entry';
import { arxivCategory } from './arxiv';
import { findArxivId, normalizeDoi, personName } from './ids';
import { plainText } from './tex';

/**
 * One entry as a BibTeX parser gives it: the shape of `BibEntry` from `parseBibtex` in
 * `src/core/bibtex.ts` (branch wt/bibtex), reduced to what this reader uses. `fields` are the
 * entry's field values by name (any case), ideally already Unicode text; TeX left in them (braces,
 * `\url{}`, `\&`) is removed here. `authors` are the parsed names when the parser gives them.
 */
export interface BibEntryLike {
  key: string;
  type: string;
  /** 1-based line of the entry's `@`. */
  line: number;
  fields: Readonly<Record<string, string>>;
  /** Parsed author names; a particle (`van`, `de la`) may come apart as `prefix`. */
  authors?: readonly (PersonName & { prefix?: string })[] | null;
}

/** A BibTeX parser: every entry it could read, and a problem for each it could not. */
export type BibtexParser = (text: string, file: string) => { entries: readonly BibEntryLike[]; problems: readonly Problem[] };

/**
 * Reads a `.bib` file with `parse` (the project's `parseBibtex` once merged) and maps each entry.
 * The parser's problems are passed on; an entry without a title is reported and skipped, since it can
 * be neither listed nor keyed. Never throws: a parser that throws becomes one error.
 */
export function readBibtex(text: string, file: string, parse: BibtexParser): SourceRead {
  let parsed: ReturnType<BibtexParser>;
  try {
    parsed = parse(text, file);
  } catch (err) {
    return {
      entries: [],
      problems: [{ file, line: 0, severity: 'error', message: `BibTeX could not be read: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
  const problems: Problem[] = [...parsed.problems];
  const entries: Entry[] = [];
  for (const b of parsed.entries) {
    const entry = bibEntryToEntry(b, file);
    if (entry) entries.push(entry);
    else problems.push({ file, line: b.line, severity: 'warning', message: `@${b.type}{${b.key}} has no title; skipped` });
  }
  return { entries, problems };
}

/**
 * The library entry of one BibTeX entry, or null when it has no title.
 * - arXiv id: `eprint` (with `archivePrefix`/`eprinttype` arXiv, or shaped like an arXiv id), else an
 *   id written in `journal` (`arXiv preprint arXiv:2410.21276`), `url`, `doi`, `note` or `howpublished`;
 * - venue: `journal`, `journaltitle` or `booktitle`, unless it only names arXiv or CoRR;
 * - year: the first four-digit number of `year`, else of `date`;
 * - the source keeps the entry's key as `bibKey` and its line.
 */
export function bibEntryToEntry(b: BibEntryLike, file: string): Entry | null {
  const f: Record<string, string> = {};
  for (const [name, value] of Object.entries(b.fields)) f[name.toLowerCase()] = value;
  // BibLaTeX prints `subtitle` after the title: a digest lists the paper under both, and titles identify papers.
  const title = withSubtitle(fieldText(f.title), fieldText(f.subtitle));
  if (!title) return null;
  const archive = `${f.archiveprefix ?? ''} ${f.eprinttype ?? ''}`;
  const eprint = f.eprint ? findArxivId(f.eprint, /arxiv/i.test(archive) || /^\d{4}\.\d{4,5}(v\d+)?$/.test(f.eprint.trim())) : null;
  const arxiv =
    eprint ?? findArxivId(f.journal) ?? findArxivId(f.url) ?? findArxivId(f.doi) ?? findArxivId(f.note) ?? findArxivId(plainText(f.howpublished ?? ''));
  const venueText = f.journal
    ? fieldText(f.journal)
    : f.journaltitle
      ? withSubtitle(fieldText(f.journaltitle), fieldText(f.journalsubtitle))
      : withSubtitle(fieldText(f.booktitle), fieldText(f.booksubtitle));
  const year = /\b(\d{4})\b/.exec(f.year ?? f.date ?? '');
  return sightingEntry({
    title,
    abstract: fieldText(f.abstract),
    authorNames: b.authors?.length
      ? b.authors.map((n) => ({ family: n.prefix ? `${n.prefix} ${n.family}` : n.family, given: n.given }))
      : splitBibNames(f.author ?? ''),
    arxiv,
    arxivClass: arxiv ? arxivCategory(f.primaryclass ?? f.eprintclass ?? '') : null,
    doi: normalizeDoi(f.doi) ?? (/doi\.org\//i.test(f.url ?? '') ? normalizeDoi(f.url) : null),
    venue: venueText && !/^(arxiv|corr)\b/i.test(venueText) ? venueText : null,
    year: year ? Number(year[1]) : null,
    file,
    line: b.line,
    origin: 'bibtex',
    bibKey: b.key,
  });
}

/**
 * The tags Better BibTeX's parser writes for rich text (`\\emph` → `<i>`, `\\textsc`, `\\textsubscript` it cannot
 * write in Unicode, `\\url`, case protection): exactly its forms, so a `<` that is text (`\\textless`) stays.
 */
const PARSER_MARKUP = /<\/?(?:i|b|sub|sup|p|code)>|<span (?:style="font-variant:small-caps;"|class="nocase")>|<\/span>|<a href="[^"<>]*">|<\/a>/g;

/** `Title: Subtitle`, without a second colon when the title ends in punctuation; the title alone without a subtitle. */
function withSubtitle(title: string, subtitle: string): string {
  if (!title || !subtitle) return title;
  return /[:.?!]$/.test(title) ? `${title} ${subtitle}` : `${title}: ${subtitle}`;
}

/** A field value as plain text: the parser's markup removed (`LᴬT<sub>E</sub>X` is LaTeX), then any TeX left. */
/**
 * An HTML tag written in a field, as the ACM Digital Library's exports write titles (`<i>QuMan</i>: …`): TeX's fonts
 * print `<` and `>` as `¡` and `¿`, and the parser reads them so, which left `¡i¿QuMan¡/i¿` in the title.
 */
const HTML_TAG_READ_AS_TEX = /¡\/?(?:i|b|u|em|strong|sup|sub|tt|span)¿/g;

function fieldText(value: string | undefined): string {
  if (!value) return '';
  let plain = value.includes('<') ? value.replace(/LᴬT<sub>E<\/sub>X/g, 'LaTeX').replace(PARSER_MARKUP, '') : value;
  if (plain.includes('¡')) plain = plain.replace(HTML_TAG_READ_AS_TEX, '');
  // A control space (`\LaTeX\ Companion`) is a space.
  return plainText(plain.replace(/\\(?=\s)/g, ''));
}

/** `Doe, Jane and {Google DeepMind} and others` → names; a name wholly in braces is one family name. */
function splitBibNames(field: string): PersonName[] {
  return splitTopLevel(field.replace(/\s+/g, ' ').trim())
    .filter((n) => n && n.toLowerCase() !== 'others')
    .map((n) => (/^\{[^{}]*\}$/.test(n) || /^\{\{.*\}\}$/.test(n) ? { family: plainText(n, true), given: '' } : personName(plainText(n, true))));
}

/** Splits on ` and ` outside braces. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /^ and /i.test(text.slice(i, i + 5))) {
      parts.push(text.slice(start, i).trim());
      start = i + 5;
      i += 4;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
