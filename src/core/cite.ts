/** Citations and bibliography entries: BibTeX, CSL-JSON and in-text citation forms. */
import type { Paper } from './model';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The in-text forms the CLI prints; the editor's language-specific forms build on these. */
export type CitationFormat = 'markdown' | 'latex';

/** `[@a; @b]` for Markdown/Pandoc, `\cite{a,b}` for LaTeX. */
export function formatCitation(keys: readonly string[], format: CitationFormat): string {
  return format === 'latex' ? `\\cite{${keys.join(',')}}` : `[${keys.map((k) => `@${k}`).join('; ')}]`;
}

/** The month (1–12) and day of a date such as `Jan 9, 2024`, or null. */
function monthDay(date: string | null): [number, number] | null {
  const m = date && /^([A-Za-z]{3})[a-z]*\s+(\d{1,2})/.exec(date);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
  return month ? [month, Number(m[2])] : null;
}

/** A CSL-JSON item (the format of Zotero and pandoc's citeproc). `issued` is set only when the year is known. */
export function toCslJson(paper: Paper): Record<string, unknown> {
  const item: Record<string, unknown> = { id: paper.key, type: 'article', title: paper.title };
  if (paper.year !== null) {
    const md = monthDay(paper.date);
    item.issued = { 'date-parts': [md ? [paper.year, ...md] : [paper.year]] };
  }
  item.publisher = 'Hugging Face Daily Papers';
  if (paper.urls.length) item.URL = paper.urls[0];
  if (paper.abstract) item.abstract = paper.abstract;
  return item;
}

/** How citations are written in one document language: `{keys}` in the template takes the keys, each written by `key` (`{key}`) and joined by `separator`. */
export interface CitationStyle {
  template: string;
  key: string;
  separator: string;
}

/** The default style per VS Code language id; `plaintext` serves any other language. */
export const DEFAULT_CITATION_STYLES: Record<string, CitationStyle> = {
  markdown: { template: '[{keys}]', key: '@{key}', separator: '; ' },
  quarto: { template: '[{keys}]', key: '@{key}', separator: '; ' },
  rmd: { template: '[{keys}]', key: '@{key}', separator: '; ' },
  latex: { template: '\\cite{{keys}}', key: '{key}', separator: ',' },
  tex: { template: '\\cite{{keys}}', key: '{key}', separator: ',' },
  typst: { template: '{keys}', key: '@{key}', separator: ' ' },
  plaintext: { template: '[{keys}]', key: '{key}', separator: ', ' },
};

/** The style for a language id: the user's, else the default for it, else plain text. */
export function citationStyleFor(languageId: string, styles: Record<string, CitationStyle> = DEFAULT_CITATION_STYLES): CitationStyle {
  return styles[languageId] ?? DEFAULT_CITATION_STYLES[languageId] ?? styles.plaintext ?? DEFAULT_CITATION_STYLES.plaintext;
}

/** Fills a template: only the exact placeholders are replaced, so every other brace, `$` or `\` stays literal. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name] : whole));
}

/** A citation of `keys` in `style`: `[@a; @b]`, `\cite{a,b}`, `@a @b`. */
export function renderCitation(keys: readonly string[], style: CitationStyle): string {
  return fillTemplate(style.template, { keys: keys.map((key) => fillTemplate(style.key, { key })).join(style.separator) });
}

/** The default claim snippet: the sentence verbatim, then its citation. */
export const DEFAULT_CLAIM_TEMPLATE = '{claim} {citation}';

/** A claim snippet: `template` with `{claim}` (the sentence, verbatim), `{citation}`, `{key}`, `{title}`. */
export function renderClaim(claim: string, paper: Paper, style: CitationStyle, template = DEFAULT_CLAIM_TEMPLATE): string {
  return fillTemplate(template, { claim, citation: renderCitation([paper.key], style), key: paper.key, title: paper.title });
}

/** An existing citation group around a cursor, and where a new key joins it. */
export interface CitationGroup {
  keys: string[];
  /** Offset in the line where `joinText(key)` is inserted. */
  insertAt: number;
  separator: string;
  keyPrefix: string;
}

const LATEX_CITE =
  /\\(?:[Cc]ite[pt]?|[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ff]ootcite|[Ss]martcite|citeauthor|citeyear|nocite|supercite)\*?(?:\[[^\]]*\]){0,2}\{([^{}]*)\}/g;
const MARKDOWN_CITE = /\[([^[\]]*@[^[\]]*)\]/g;

/**
 * The citation group (`\cite{a,b}` in LaTeX, `[@a; @b]` in Markdown) that contains the cursor at
 * `column` of `line`, or null. A key inserted there joins the group instead of starting a new one.
 */
export function citationGroupAt(line: string, column: number, languageId: string): CitationGroup | null {
  const latex = languageId === 'latex' || languageId === 'tex';
  const regex = latex ? LATEX_CITE : MARKDOWN_CITE;
  regex.lastIndex = 0;
  for (let m = regex.exec(line); m; m = regex.exec(line)) {
    const inner = m.index + m[0].length - 1 - m[1].length;
    const close = m.index + m[0].length - 1;
    if (column < inner || column > close) continue;
    if (latex)
      return {
        keys: m[1]
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
        insertAt: close,
        separator: ',',
        keyPrefix: '',
      };
    const keys = [...m[1].matchAll(/@([\w:.#$%&+?<>~/-]+)/g)].map((k) => k[1].replace(/[.,;:]+$/, ''));
    return { keys, insertAt: close, separator: '; ', keyPrefix: '@' };
  }
  return null;
}

/** Where a citation key is being typed: the partial key and where it starts, or null outside a citation. */
export interface KeyContext {
  prefix: string;
  start: number;
}

/**
 * The key being typed at `column`: after `@` in Markdown (at a word start, or after `[` or `;`),
 * or inside the braces of `\cite{…}` and its variants in LaTeX, after the last comma.
 */
export function keyContextAt(line: string, column: number, languageId: string): KeyContext | null {
  const before = line.slice(0, column);
  if (languageId === 'latex' || languageId === 'tex') {
    const m =
      /\\(?:[Cc]ite[pt]?|[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ff]ootcite|[Ss]martcite|citeauthor|citeyear|nocite|supercite)\*?(?:\[[^\]]*\]){0,2}\{([^{}]*)$/.exec(
        before,
      );
    if (!m) return null;
    const partial = /[^,\s]*$/.exec(m[1])![0];
    return { prefix: partial, start: column - partial.length };
  }
  const m = /(?:^|[\s[;(-])@([\w:.#$%&+?<>~/-]*)$/.exec(before);
  return m ? { prefix: m[1], start: column - m[1].length } : null;
}

/** Every citation key in a Markdown or LaTeX document, with its line and columns. */
export interface KeyOccurrence {
  key: string;
  line: number;
  start: number;
  end: number;
}

/** Citation keys cited in `text`: `[@key]`/`@key` in Markdown, `\cite{a,b}` and variants in LaTeX. */
export function findCitedKeys(text: string, languageId: string): KeyOccurrence[] {
  const found: KeyOccurrence[] = [];
  const latex = languageId === 'latex' || languageId === 'tex';
  text.split(/\r?\n/).forEach((line, lineNo) => {
    if (latex) {
      LATEX_CITE.lastIndex = 0;
      for (let m = LATEX_CITE.exec(line); m; m = LATEX_CITE.exec(line)) {
        let offset = m.index + m[0].length - 1 - m[1].length;
        for (const part of m[1].split(',')) {
          const key = part.trim();
          const at = offset + part.indexOf(key);
          if (key) found.push({ key, line: lineNo, start: at, end: at + key.length });
          offset += part.length + 1;
        }
      }
    } else {
      for (const m of line.matchAll(/(?<![\w@])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)/g)) {
        const key = m[1].replace(/[.:]+$/, '');
        // An e-mail address or a decorator is not a citation.
        if (m.index! > 0 && /[\w.]/.test(line[m.index! - 1])) continue;
        found.push({ key, line: lineNo, start: m.index! + 1, end: m.index! + 1 + key.length });
      }
    }
  });
  return found;
}
