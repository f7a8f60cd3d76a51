/** Pandoc's citation syntax read from Markdown text (`[see @a, p. 3; -@b]`, `@a [p. 3] says`): what the preview renders. */
import type { CiteRef } from './format';

/** A citation found at a place in the text: its refs and where it ends (exclusive). */
export interface ParsedCitation {
  refs: CiteRef[];
  end: number;
}

// Pandoc's key: a letter, digit or _ first, then word characters with single inner punctuation `:.#$%&-+?<>~/`.
const KEY = /^@(?:\{([^{}]+)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*))/u;

// The locator labels pandoc reads (English), with the CSL label each means.
const LABELS: [RegExp, string][] = [
  [/^(?:pages?|pp?\.)\s*/i, 'page'],
  [/^(?:chapters?|chaps?\.|ch\.)\s*/i, 'chapter'],
  [/^(?:sections?|secs?\.|§§?)\s*/i, 'section'],
  [/^(?:paragraphs?|paras?\.|¶¶?)\s*/i, 'paragraph'],
  [/^(?:figures?|figs?\.)\s*/i, 'figure'],
  [/^(?:volumes?|vols?\.)\s*/i, 'volume'],
  [/^(?:lines?|ll?\.)\s*/i, 'line'],
  [/^(?:notes?|nn?\.)\s*/i, 'note'],
  [/^(?:columns?|cols?\.)\s*/i, 'column'],
  [/^(?:parts?|pts?\.)\s*/i, 'part'],
  [/^(?:books?|bks?\.)\s*/i, 'book'],
  [/^(?:numbers?|nos?\.)\s*/i, 'issue'],
  [/^(?:verses?|vv?\.)\s*/i, 'verse'],
];
// A locator's value: numbers or roman numerals, joined by ranges or commas (`3`, `3-5`, `iv, 7–9`).
const VALUE = /^[\p{N}ivxlcdmIVXLCDM]+[a-z]?(?:\s*[-–—,&]\s*[\p{N}ivxlcdmIVXLCDM]+[a-z]?)*/u;

/** `text` after a key: an optional locator after a comma (`, p. 3`, `, chap. 2`, `, 33`) and what follows as the suffix. */
function locatorAndSuffix(text: string): Pick<CiteRef, 'locator' | 'label' | 'suffix'> {
  const comma = /^\s*,\s*/.exec(text);
  if (comma) {
    const rest = text.slice(comma[0].length);
    for (const [label, name] of LABELS) {
      const m = label.exec(rest);
      const value = m && VALUE.exec(rest.slice(m[0].length));
      if (m && value) return withSuffix({ locator: value[0], label: name }, rest.slice(m[0].length + value[0].length));
    }
    // A bare number is a page, as in pandoc: `[@a, 33]`.
    const value = /^\p{N}/u.test(rest) ? VALUE.exec(rest) : null;
    if (value) return withSuffix({ locator: value[0], label: 'page' }, rest.slice(value[0].length));
  }
  return text.trim() ? { suffix: text.trimEnd() } : {};
}

function withSuffix(ref: Pick<CiteRef, 'locator' | 'label'>, suffix: string): Pick<CiteRef, 'locator' | 'label' | 'suffix'> {
  return suffix.trim() ? { ...ref, suffix: suffix.trimEnd() } : ref;
}

/** Whether the character before a `@` lets it start a key: not a letter, digit or _ (`me@example.org` is an e-mail). */
function startsKey(before: string): boolean {
  return !/[\p{L}\p{N}_]/u.test(before);
}

/**
 * The bracketed citation starting at `src[pos]` (`[`): `[@a]`, `[see @a, p. 3; -@b, chap. 2]`. Every `;`-part must
 * hold one key; text before it is the prefix, after it the locator and suffix. Null when it is not one: a part without
 * a key, nested brackets, or a link (`[@a](url)`, `[@a]: url`).
 */
export function parseBracketCitation(src: string, pos: number): ParsedCitation | null {
  if (src[pos] !== '[') return null;
  const close = src.indexOf(']', pos + 1);
  if (close < 0) return null;
  const inner = src.slice(pos + 1, close);
  if (inner.includes('[') || !inner.includes('@')) return null;
  if (src[close + 1] === '(' || src[close + 1] === ':' || src[close + 1] === '[') return null;
  const refs: CiteRef[] = [];
  for (const part of inner.split(';')) {
    const at = part.search(/-?@/);
    if (at < 0) return null;
    const suppress = part[at] === '-';
    const keyStart = at + (suppress ? 1 : 0);
    if (keyStart > 0 && !startsKey(part[keyStart - 1] ?? '') && !suppress) return null;
    const key = KEY.exec(part.slice(keyStart));
    if (!key) return null;
    const prefix = part.slice(0, at).trim();
    const ref: CiteRef = { id: key[1] ?? key[2], ...locatorAndSuffix(part.slice(keyStart + key[0].length)) };
    if (prefix) ref.prefix = `${prefix} `;
    if (suppress) ref.suppressAuthor = true;
    refs.push(ref);
  }
  return { refs, end: close + 1 };
}

/**
 * The in-text citation starting at `src[pos]` (`@`): `@a` or `@a [p. 3]` (one space allowed before the bracket).
 * Null when `@` follows a word character (an e-mail address, `a@b`) or no key follows it.
 */
export function parseInTextCitation(src: string, pos: number): ParsedCitation | null {
  if (src[pos] !== '@' || (pos > 0 && !startsKey(src[pos - 1]))) return null;
  const key = KEY.exec(src.slice(pos));
  if (!key) return null;
  const ref: CiteRef = { id: key[1] ?? key[2], inText: true };
  let end = pos + key[0].length;
  const bracket = /^ ?\[([^[\]@]*)\]/.exec(src.slice(end));
  if (bracket && src[end + bracket[0].length] !== '(') {
    Object.assign(ref, locatorAndSuffix(`, ${bracket[1].trim()}`));
    end += bracket[0].length;
  }
  return { refs: [ref], end };
}

/** Every citation in Markdown `text` (outside code spans and fenced or indented code), in order: what a reference list needs. */
export function findCitations(text: string): ParsedCitation[] {
  const found: ParsedCitation[] = [];
  const prose = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (m) => ' '.repeat(m.length)).replace(/(`+)[^`][\s\S]*?\1/g, (m) => ' '.repeat(m.length));
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i] === '[' ? parseBracketCitation(prose, i) : prose[i] === '@' ? parseInTextCitation(prose, i) : null;
    if (c) {
      found.push(c);
      i = c.end - 1;
    }
  }
  return found;
}

/** Whether a Markdown paragraph is pandoc's reference-list placeholder, `::: {#refs}` closed by `:::`. */
export function isRefsDiv(paragraph: string): boolean {
  return /^:::+\s*\{\s*#refs(?:\s[^}]*)?\}\s*\n\s*:::+\s*$/.test(paragraph.trim());
}
