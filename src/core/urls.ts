/** Links in abstract text: code and project pages, cleaned of what the copy-paste left around them. */

const URL_RE = /https?:\/\/[^\s<>"'`]+/g;

/**
 * Every http(s) link in `text`, in order of first appearance, without duplicates.
 * Cleans LaTeX residue (`\_` → `_`, anything from a brace on: `…/divprune{here}` → `…/divprune`)
 * and trailing punctuation (`.`, `,`, `;`, `:`, `!`, `?`, and `)`/`]` that close nothing in the link).
 */
export function extractUrls(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(URL_RE)) {
    const url = cleanUrl(match[0]);
    if (url && !found.includes(url)) found.push(url);
  }
  return found;
}

function cleanUrl(raw: string): string | null {
  let url = raw.replace(/\\([_%&#~])/g, '$1');
  const brace = url.search(/[{}\\]/);
  if (brace !== -1) url = url.slice(0, brace);
  for (;;) {
    const last = url.at(-1);
    if (last !== undefined && '.,;:!?\'"'.includes(last)) url = url.slice(0, -1);
    else if (last === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else if (last === ']' && count(url, '[') < count(url, ']')) url = url.slice(0, -1);
    else break;
  }
  try {
    const parsed = new URL(url);
    return parsed.hostname.includes('.') ? url : null;
  } catch {
    return null;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
