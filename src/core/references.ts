/** References around a loaded formatter: a style and locale bound once, papers in, formatted text out (pure). */
import { toCslJson } from './cite';
import type { CiteRef, CslItem, FormatRequest, Formatted } from './format';
import type { Paper } from './model';
import { DEFAULT_STYLE } from './styles';

/** The formatter module (`./format`), passed in so that callers load it lazily. */
export type FormatModule = { formatReferences(request: FormatRequest): Formatted };

/** What the settings resolve to, ready to format with synchronously. */
export interface References {
  /** The style's name for messages: a shipped style's name or the `.csl` file's path. */
  styleName: string;
  style: string;
  locales: string[];
  /** Formats with this style and locale (see `formatReferences` of core/format.ts). */
  format(request: Omit<FormatRequest, 'style' | 'locales' | 'styleName'>): Formatted;
  /** Each paper's reference-list entry, in the style's order (text by default). */
  references(papers: readonly Paper[], output?: 'text' | 'html'): { key: string; text: string }[];
  /** A paper's short in-text citation, `(Lee & Lee, 2021)`; cached per paper object. A numeric style's `[1]` says nothing out of context, so those use APA. */
  shortCitation(paper: Paper): string;
}

/**
 * Builds {@link References} around a loaded formatter for one style (`style`, named `styleName`) and `locales`; `apa` is
 * the APA style's text, used for the short citations of a numeric style.
 */
export function makeReferences(module: FormatModule, styleName: string, style: string, locales: string[], apa: string): References {
  const item = (paper: Paper): CslItem => toCslJson(paper) as CslItem;
  const numeric = /<category\b[^>]*citation-format="numeric"/.test(style);
  // Keyed by the paper object: a reload that changes a paper's metadata gives a new object, so no stale citation is shown.
  const short = new WeakMap<Paper, string>();
  const format = (request: Omit<FormatRequest, 'style' | 'locales' | 'styleName'>) => module.formatReferences({ ...request, style, locales, styleName });
  return {
    styleName,
    style,
    locales,
    format,
    references(papers, output = 'text') {
      const cited = papers.map((p) => item(p));
      const out = format({ items: cited, clusters: [cited.map((c): CiteRef => ({ id: c.id }))], output });
      return out.bibliography.map((e) => ({ key: e.id, text: e.text }));
    },
    shortCitation(paper) {
      const known = short.get(paper);
      if (known !== undefined) return known;
      const request = { items: [item(paper)], clusters: [[{ id: paper.key }]], bibliography: false };
      const text = (numeric ? module.formatReferences({ ...request, style: apa, locales, styleName: DEFAULT_STYLE }) : format(request)).citations[0] ?? '';
      short.set(paper, text);
      return text;
    },
  };
}
