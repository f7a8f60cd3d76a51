/**
 * BibTeX written: the entries LitDigest writes (`formatBibtex`), escaped so that every reader gives back the text, and
 * how a paper is published as both writers state it. Loaded on the first entry written (in the extension a chunk of its
 * own, dist/bibtexWrite.js), never at activation.
 */
import type { Paper, PersonName } from './model';
import { arxivCategory } from './sources/arxiv';
import { findArxivId } from './sources/ids';

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
 * What every BibTeX reader (pandoc, `parseBibtex` (bibtex.ts); `bibtex` before typesetting) gives back for `text`
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
 * gets a partner inside `\iffalse … \fi`, which `bibtex` counts and TeX and pandoc skip (`parseBibtex` (bibtex.ts) too; the bare
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
