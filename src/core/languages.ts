/** The document languages LitDigest cites into, written once: each one's family, citation form and cite syntax. */
import { escapeForLatex, escapeForMarkdown, escapeForTypst } from './escape';
import type { Paper } from './model';

/**
 * How a language writes and reads citations: `pandoc` (`[@a; @b]`, Markdown, Quarto, R Markdown),
 * `latex` (`\cite{a,b}` and its variants), `typst` (`@a`, `#cite(<a>)`) or `plain` (no reader resolves keys).
 */
export type LanguageFamily = 'pandoc' | 'latex' | 'typst' | 'plain';

/** A VS Code language LitDigest cites into. */
export interface CitingLanguage {
  /** The VS Code language id. */
  id: string;
  family: LanguageFamily;
  /** A reader (pandoc, BibTeX/biber, Typst) resolves the keys, so completion, hover and key checks apply. */
  resolvesKeys: boolean;
}

/** Every language citations can be inserted into; `plaintext` takes `[a, b]` but nothing reads it back. */
export const CITING_LANGUAGES: readonly CitingLanguage[] = [
  { id: 'markdown', family: 'pandoc', resolvesKeys: true },
  { id: 'quarto', family: 'pandoc', resolvesKeys: true },
  { id: 'rmd', family: 'pandoc', resolvesKeys: true },
  { id: 'latex', family: 'latex', resolvesKeys: true },
  { id: 'tex', family: 'latex', resolvesKeys: true },
  { id: 'typst', family: 'typst', resolvesKeys: true },
  { id: 'plaintext', family: 'plain', resolvesKeys: false },
];

/** The family of a language id; any language not in {@link CITING_LANGUAGES} is `plain`. */
export function languageFamily(languageId: string): LanguageFamily {
  return CITING_LANGUAGES.find((l) => l.id === languageId)?.family ?? 'plain';
}

/** Whether a reader resolves the keys of documents in `languageId` (see {@link CitingLanguage.resolvesKeys}); false for any unlisted language. */
export function resolvesKeys(languageId: string): boolean {
  return CITING_LANGUAGES.some((l) => l.id === languageId && l.resolvesKeys);
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

/** The in-text forms the CLI prints; the editor's language-specific forms build on these. */
export type CitationFormat = 'markdown' | 'latex';

/** `[@a; @b]` for Markdown/Pandoc, `\cite{a,b}` for LaTeX: the default style of that language. */
export function formatCitation(keys: readonly string[], format: CitationFormat): string {
  return renderCitation(keys, DEFAULT_CITATION_STYLES[format]);
}

/**
 * Digest text made literal for a document language: LaTeX by {@link escapeForLatex}, pandoc Markdown
 * by {@link escapeForMarkdown}, Typst by {@link escapeForTypst}; plain text and unknown languages get it unchanged.
 */
export function escapeText(text: string, languageId: string): string {
  switch (languageFamily(languageId)) {
    case 'latex':
      return escapeForLatex(text);
    case 'pandoc':
      return escapeForMarkdown(text);
    case 'typst':
      return escapeForTypst(text);
    case 'plain':
      return text;
  }
}

/** The default claim snippet: the sentence, then its citation. */
export const DEFAULT_CLAIM_TEMPLATE = '{claim} {citation}';

/**
 * A claim snippet for a document in `languageId`: `template` with `{claim}` (the sentence) and `{title}`
 * escaped by {@link escapeText} so that they print as the paper's words, and `{citation}` (in `style`)
 * and `{key}` as they are. The template itself is the user's and is not escaped.
 */
export function renderClaim(claim: string, paper: Pick<Paper, 'key' | 'title'>, style: CitationStyle, template: string, languageId: string): string {
  return fillTemplate(template, {
    claim: escapeText(claim, languageId),
    citation: renderCitation([paper.key], style),
    key: paper.key,
    title: escapeText(paper.title, languageId),
  });
}

/** The `\cite` family up to its opening brace, with a star and up to two optional arguments: `\citep*[see][p. 3]{`. */
const LATEX_CITE_COMMAND = String.raw`\\(?:[Cc]ite[pt]?|[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ff]ootcite|[Ss]martcite|citeauthor|citeyear|nocite|supercite)\*?(?:\[[^\]]*\]){0,2}\{`;
/** A whole LaTeX citation; group 1 is the text between its braces. */
const LATEX_CITE = new RegExp(`${LATEX_CITE_COMMAND}([^{}]*)\\}`, 'g');
/** A LaTeX citation still open at the end of the text; group 1 is what is typed inside it so far. */
const LATEX_CITE_OPEN = new RegExp(`${LATEX_CITE_COMMAND}([^{}]*)$`);
/** A pandoc citation group `[see @a, p. 4; @b]`; group 1 is its inside. */
const PANDOC_CITE = /\[([^[\]]*@[^[\]]*)\]/g;
/** The characters of a pandoc citation key after its first. */
const PANDOC_KEY_CHARS = String.raw`[\w:.#$%&+?<>~/-]`;
/** Typst's `#cite(<key>…)`; group 1 is the key. */
const TYPST_CITE = /#cite\(\s*<([\w:.-]+)>[^)]*\)/g;
/** The characters of a Typst label or reference. */
const TYPST_KEY_CHARS = String.raw`[\w:.-]`;

/** An existing citation group around a cursor, and where a new key joins it. */
export interface CitationGroup {
  keys: string[];
  /** Offset in the line where `joinText(key)` is inserted. */
  insertAt: number;
  separator: string;
  keyPrefix: string;
}

/**
 * The citation group that contains the cursor at `column` of `line`, or null: `\cite{a,b}` in LaTeX,
 * `[@a; @b]` in pandoc Markdown (and in plain text, where nothing else reads `@`), `#cite(<a>)` in Typst,
 * after which a new key joins as ` @b`. A key inserted there joins the group instead of starting a new one.
 */
export function citationGroupAt(line: string, column: number, languageId: string): CitationGroup | null {
  const family = languageFamily(languageId);
  if (family === 'typst') {
    for (const m of line.matchAll(TYPST_CITE)) {
      const end = m.index + m[0].length;
      if (column >= m.index && column <= end) return { keys: [m[1]], insertAt: end, separator: ' ', keyPrefix: '@' };
    }
    return null;
  }
  const latex = family === 'latex';
  for (const m of line.matchAll(latex ? LATEX_CITE : PANDOC_CITE)) {
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
    const keys = [...m[1].matchAll(new RegExp(`@(${PANDOC_KEY_CHARS}+)`, 'g'))].map((k) => k[1].replace(/[.,;:]+$/, ''));
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
 * The key being typed at `column`: inside the braces of `\cite{…}` and its variants in LaTeX, after the
 * last comma; after `@` in Markdown and Typst (at a word start, or after `[`, `;`, `(` or `-`); and
 * after `#cite(<` in Typst.
 */
export function keyContextAt(line: string, column: number, languageId: string): KeyContext | null {
  const before = line.slice(0, column);
  const family = languageFamily(languageId);
  if (family === 'latex') {
    const m = LATEX_CITE_OPEN.exec(before);
    if (!m) return null;
    const partial = /[^,\s]*$/.exec(m[1])![0];
    return { prefix: partial, start: column - partial.length };
  }
  const m =
    family === 'typst'
      ? new RegExp(`(?:(?:^|[\\s[;(-])@|#cite\\(\\s*<)(${TYPST_KEY_CHARS}*)$`).exec(before)
      : new RegExp(`(?:^|[\\s[;(-])@(${PANDOC_KEY_CHARS}*)$`).exec(before);
  return m ? { prefix: m[1], start: column - m[1].length } : null;
}

/** Every citation key in a Markdown or LaTeX document, with its line and columns. */
export interface KeyOccurrence {
  key: string;
  line: number;
  start: number;
  end: number;
}

/**
 * Citation keys cited in `text`: `\cite{a,b}` and variants in LaTeX; `[@key]`/`@key` in Markdown and
 * plain text; `#cite(<key>)` and `@key` in Typst, except an `@ref` to a `<label>` the document defines
 * (Typst resolves it to the label, not the bibliography). A trailing `.` or `:` ends a sentence, not
 * the key; an `@` after a letter or a dot (an e-mail address) or a backslash (escaped) starts none.
 */
export function findCitedKeys(text: string, languageId: string): KeyOccurrence[] {
  const found: KeyOccurrence[] = [];
  const family = languageFamily(languageId);
  const labels = family === 'typst' ? typstLabels(text) : new Set<string>();
  const bare = new RegExp(`(?<![\\w@.\\\\])@([A-Za-z0-9_]${family === 'typst' ? TYPST_KEY_CHARS : PANDOC_KEY_CHARS}*)`, 'g');
  text.split(/\r?\n/).forEach((line, lineNo) => {
    if (family === 'latex') {
      for (const m of line.matchAll(LATEX_CITE)) {
        let offset = m.index + m[0].length - 1 - m[1].length;
        for (const part of m[1].split(',')) {
          const key = part.trim();
          const at = offset + part.indexOf(key);
          if (key) found.push({ key, line: lineNo, start: at, end: at + key.length });
          offset += part.length + 1;
        }
      }
      return;
    }
    const keys: KeyOccurrence[] = [];
    if (family === 'typst') {
      for (const m of line.matchAll(TYPST_CITE)) {
        const start = m.index + m[0].indexOf('<') + 1;
        keys.push({ key: m[1], line: lineNo, start, end: start + m[1].length });
      }
    }
    for (const m of line.matchAll(bare)) {
      const key = m[1].replace(/[.:]+$/, '');
      if (!labels.has(key)) keys.push({ key, line: lineNo, start: m.index + 1, end: m.index + 1 + key.length });
    }
    found.push(...keys.sort((a, b) => a.start - b.start));
  });
  return found;
}

/** The labels a Typst document defines (`<name>` in markup), not counting the `<key>` of `#cite(<key>)`. */
function typstLabels(text: string): Set<string> {
  return new Set([...text.replace(TYPST_CITE, '').matchAll(/<([\w:.-]+)>/g)].map((m) => m[1]));
}
