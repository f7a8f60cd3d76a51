/** The markdown-it plugin that renders pandoc citations and a reference list (no vscode: the preview feature and the tests share it). */
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { isRefsDiv, parseBracketCitation, parseInTextCitation } from './core/citations';
import type { CiteRef, CslItem, FormatRequest, Formatted } from './core/format';

/** What the plugin renders with, asked afresh for each document rendered. */
export interface CitationContext {
  /** The CSL item a key names (`id` = the key as cited), or undefined when neither the library nor the document's bibliography has it. */
  item(key: string): CslItem | undefined;
  /** The formatter once its chunk is loaded; undefined until then (citations are shown as written, marked pending). */
  format: ((request: FormatRequest) => Formatted) | undefined;
  style: string;
  locales: readonly string[];
  styleName: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Everything the plugin reads from a parsed citation token. */
interface CitationMeta {
  refs: CiteRef[];
  html?: string;
}

const metaOf = (token: Token) => token.meta as unknown as CitationMeta;

/**
 * Adds pandoc citations to `md`: `[see @a, p. 3; -@b]` and `@a [p. 3]` become in-text citations in the style,
 * numbered and disambiguated across the document; keys `context` does not know are shown as written with the class
 * `litdigest-unknown` and a title naming them. The reference list replaces a `::: {#refs}` / `:::` paragraph, else is
 * appended under a "References" heading. `context()` returning undefined turns the plugin off for that render.
 */
export function citationsPlugin(md: MarkdownIt, context: () => CitationContext | undefined): void {
  md.inline.ruler.before('link', 'litdigest_citation', (state, silent) => {
    const c = state.src[state.pos];
    if (c !== '[' && c !== '@') return false;
    const found = c === '[' ? parseBracketCitation(state.src, state.pos) : parseInTextCitation(state.src, state.pos);
    if (!found || found.end > state.posMax) return false;
    if (!silent) {
      const token = state.push('litdigest_citation', 'span', 0);
      token.content = state.src.slice(state.pos, found.end);
      token.meta = { refs: found.refs } satisfies CitationMeta;
    }
    state.pos = found.end;
    return true;
  });
  md.core.ruler.push('litdigest_references', (state) => renderCitations(state, context()));
  md.renderer.rules.litdigest_citation = (tokens, idx) => {
    const token = tokens[idx];
    return metaOf(token).html ?? escapeHtml(token.content);
  };
}

function renderCitations(state: StateCore, context: CitationContext | undefined): void {
  if (!context) return;
  const cites: Token[] = state.tokens.flatMap((t) => (t.type === 'inline' ? (t.children ?? []).filter((c) => c.type === 'litdigest_citation') : []));
  const refsAt = state.tokens.findIndex(
    (t, i) => t.type === 'paragraph_open' && state.tokens[i + 1]?.type === 'inline' && isRefsDiv(state.tokens[i + 1].content),
  );
  if (!cites.length && refsAt < 0) return;
  const clusters = cites.map((t) => metaOf(t).refs);
  const unknown = (refs: CiteRef[]) => refs.filter((r) => !context.item(r.id)).map((r) => r.id);
  const items = new Map<string, CslItem>();
  for (const ref of clusters.flat()) {
    const item = context.item(ref.id);
    if (item) items.set(ref.id, { ...item, id: ref.id });
  }
  const formatted = context.format?.({
    items: [...items.values()],
    style: context.style,
    locales: context.locales,
    styleName: context.styleName,
    clusters,
    output: 'html',
  });
  cites.forEach((token, i) => {
    const missing = unknown(clusters[i]);
    const text = formatted?.citations[i];
    const classes = ['litdigest-citation'];
    let title = '';
    if (missing.length) {
      classes.push('litdigest-unknown');
      title = ` title="${escapeHtml(`Not in the LitDigest library or the document's bibliography: ${missing.join(', ')}`)}"`;
    } else if (!formatted) {
      classes.push('litdigest-pending');
      title = ' title="LitDigest is loading the citation style"';
    }
    // A cluster with an unknown key shows as written, so the writer sees exactly which citation to fix.
    const body = missing.length || !text ? escapeHtml(token.content) : text;
    const cites = escapeHtml(clusters[i].map((r) => r.id).join(' '));
    metaOf(token).html = `<span class="${classes.join(' ')}" data-cites="${cites}"${title}>${body}</span>`;
  });
  const entries = formatted?.bibliography ?? [];
  const list = `<div class="litdigest-references csl-bib-body" id="refs">\n${entries.map((e) => e.text).join('\n')}\n</div>\n`;
  const block = new state.Token('html_block', '', 0);
  if (refsAt >= 0) {
    block.content = list;
    state.tokens.splice(refsAt, 3, block);
  } else if (entries.length) {
    block.content = `<h2 class="litdigest-references-heading">References</h2>\n${list}`;
    state.tokens.push(block);
  }
}
