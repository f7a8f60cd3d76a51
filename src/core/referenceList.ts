/** A formatted reference list written into a document between marker comments, so that writing it again refreshes it in place. */
import { escapeForLatex, escapeForTypst } from './escape';
import { languageFamily, type LanguageFamily } from './languages';

/** The marker comments around the list, per language family: the opening and the closing line. */
export function referenceListMarkers(languageId: string): [string, string] {
  const family = languageFamily(languageId);
  if (family === 'latex') return ['% litdigest:references (LitDigest: Insert Reference List rewrites what is between these lines)', '% /litdigest:references'];
  if (family === 'typst')
    return ['// litdigest:references (LitDigest: Insert Reference List rewrites what is between these lines)', '// /litdigest:references'];
  return ['<!-- litdigest:references (LitDigest: Insert Reference List rewrites what is between these lines) -->', '<!-- /litdigest:references -->'];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&(\w+);/g, (m, n) => ENTITIES[n] ?? m);

// Each escaper keeps the text's own spaces: pieces between tags are joined as they came.
const keepSpaces = (escape: (t: string) => string) => (text: string) => {
  const [, lead, body, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  return body ? `${lead ? ' ' : ''}${escape(body)}${trail ? ' ' : ''}` : lead || trail ? ' ' : '';
};
const ESCAPE: Record<LanguageFamily, (text: string) => string> = {
  // Inline Markdown only: what would become emphasis, a link, a citation, math, HTML or an entity.
  pandoc: (t) => t.replace(/[\\`*_[\]<>@$~^|]/g, '\\$&').replace(/&(?=#?\w+;)/g, '\\&'),
  latex: keepSpaces(escapeForLatex),
  typst: keepSpaces(escapeForTypst),
  plain: (t) => t,
};
const MARKUP: Record<LanguageFamily, Record<string, [string, string]>> = {
  pandoc: { i: ['*', '*'], b: ['**', '**'], sup: ['^', '^'], sub: ['~', '~'] },
  latex: { i: ['\\textit{', '}'], b: ['\\textbf{', '}'], sup: ['\\textsuperscript{', '}'], sub: ['\\textsubscript{', '}'], sc: ['\\textsc{', '}'] },
  typst: { i: ['_', '_'], b: ['*', '*'], sup: ['#super[', ']'], sub: ['#sub[', ']'], sc: ['#smallcaps[', ']'] },
  plain: {},
};

/**
 * One reference-list entry of citeproc-js's HTML output as the document's markup: italics, bold, super- and
 * subscripts in the language's syntax, the text escaped so it prints as written (Markdown, LaTeX, Typst; plain text as is),
 * a numeric style's label (`[1]`) followed by a space, other tags dropped and whitespace runs made one space.
 */
export function entryMarkup(html: string, languageId: string): string {
  const family = languageFamily(languageId);
  const escape = ESCAPE[family];
  const closers: string[] = [];
  let out = '';
  for (const [, tag, text] of html.matchAll(/(<[^>]*>)|([^<]+)/g)) {
    if (text !== undefined) {
      out += escape(decode(text).replace(/\s+/g, ' '));
      continue;
    }
    const close = /^<\//.test(tag);
    const name = /^<\/?\s*(\w+)/.exec(tag)?.[1].toLowerCase() ?? '';
    if (close) {
      out += closers.pop() ?? '';
      if (name === 'div') out += ' ';
      continue;
    }
    if (tag.endsWith('/>')) continue;
    const kind = name === 'i' || name === 'em' ? 'i' : name === 'b' || name === 'strong' ? 'b' : /small-caps/.test(tag) ? 'sc' : name;
    const markup = MARKUP[family][kind];
    out += markup?.[0] ?? '';
    closers.push(markup?.[1] ?? '');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The whole list as the document holds it: the opening marker, each entry as a paragraph of its own, the closing marker. */
export function referenceListBlock(entriesHtml: readonly string[], languageId: string): string {
  const [open, close] = referenceListMarkers(languageId);
  return [open, ...entriesHtml.map((e) => entryMarkup(e, languageId)), close].join('\n\n');
}

/**
 * Where `block` goes in `text`: over the list between the markers when the document has both (in order), so everything
 * outside them stays byte for byte; else at `offset` (the cursor), on lines of its own. Returns the range to replace
 * (`start`–`end`, offsets in `text`) and the text to put there.
 */
export function placeReferenceList(text: string, block: string, languageId: string, offset: number): { start: number; end: number; insert: string } {
  const [openLine, close] = referenceListMarkers(languageId);
  // The opening marker is known by its start, so a writer may shorten its explanation.
  const open = openLine.split(' (')[0];
  const start = text.search(new RegExp(`^[ \\t]*${escapeRegExp(open)}(?![\\w:/-])`, 'm'));
  const closeAt = start < 0 ? -1 : text.slice(start).search(new RegExp(`^[ \\t]*${escapeRegExp(close)}[ \\t]*$`, 'm'));
  if (start >= 0 && closeAt >= 0) {
    const closeLine = text.slice(start + closeAt);
    const end = start + closeAt + closeLine.search(/\r?\n|$/);
    return { start, end, insert: block };
  }
  const before = text.slice(0, offset);
  const lead = before === '' || /\n\s*\n$/.test(before) ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const after = text.slice(offset);
  const trail = after === '' ? '\n' : /^\r?\n\s*\n/.test(after) ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  return { start: offset, end: offset, insert: `${lead}${block}${trail}` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
