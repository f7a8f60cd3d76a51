/** Identifiers and names every reader normalises the same way: arXiv ids, DOIs, person names, dates. */
import type { PersonName } from '../model';

/** New-style (`2501.01234`) or old-style (`hep-th/9901001`) arXiv id, optionally versioned. */
const ARXIV_ID = String.raw`(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?`;
const ARXIV_IN_TEXT = new RegExp(String.raw`(?:arxiv\.org\/(?:abs|pdf)\/|arxiv[:\s]\s*|10\.48550\/arxiv\.)${ARXIV_ID}`, 'i');
const BARE_ARXIV = new RegExp(String.raw`^${ARXIV_ID}$`, 'i');

/**
 * The arXiv id written in `text` without its version: from `arXiv:2501.01234v2`, `arXiv preprint
 * arXiv:2501.01234`, an `arxiv.org/abs/…` or `/pdf/…` URL, or a `10.48550/arXiv.…` DOI. With `bare`,
 * `text` may also be the id alone (a BibTeX `eprint` field). Null when there is none.
 */
export function findArxivId(text: string | null | undefined, bare = false): string | null {
  if (!text) return null;
  const t = text.trim();
  const m = (bare ? BARE_ARXIV.exec(t) : null) ?? ARXIV_IN_TEXT.exec(t);
  return m ? m[1] : null;
}

/** A DOI in lower case without `doi:` or a resolver prefix; null when `text` holds none. */
export function normalizeDoi(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /(10\.\d{4,9}\/\S+)/.exec(text.trim());
  // DOIs are case-insensitive by definition, so lower case makes two spellings one identity.
  return m ? m[1].replace(/[.,;]+$/, '').toLowerCase() : null;
}

/**
 * Splits a list of authors as arXiv writes it (`A. Bee, C. Dee and E. Eff`, `A, B, and C`) into names.
 * Each name is split into family (last word, with particles such as `van`, `de`) and given names.
 */
export function splitAuthorList(list: string): PersonName[] {
  return list
    .replace(/\s+/g, ' ')
    .replace(/\([^)]*\)/g, '') // affiliations in parentheses are not names
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((n) => n.replace(/\s+et\s+al\.?$/i, '').trim())
    .filter((n) => n && !/^(others|et al\.?)$/i.test(n))
    .map(personName);
}

const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'dos', 'das', 'bin', 'al']);

/** `Jane Q. Doe` → `{ family: 'Doe', given: 'Jane Q.' }`; `Doe, Jane` → the same; `Ludwig van Beethoven` keeps `van Beethoven`. */
export function personName(name: string): PersonName {
  const n = name.trim().replace(/\s+/g, ' ');
  const comma = n.indexOf(',');
  if (comma >= 0) return { family: n.slice(0, comma).trim(), given: n.slice(comma + 1).trim() };
  const words = n.split(' ');
  if (words.length === 1) return { family: n, given: '' };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1].toLowerCase())) start--;
  return { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A date in the form the Hugging Face pages use (`Jan 9, 2024`) from `Thu, 18 Dec 2025 05:03:49 GMT`,
 * `Friday, 5 December 2025` or `Tue 20 Jan 26` (two-digit years are 20xx). Null when `text` holds no day, month and year.
 */
export function pageStyleDate(text: string): { date: string; year: number } | null {
  const m = /\b(\d{1,2})\s+([A-Z][a-z]{2})[a-z]*\.?\s+(\d{4}|\d{2})\b/.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]);
  if (month < 0) return null;
  const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return { date: `${MONTHS[month]} ${Number(m[1])}, ${year}`, year };
}
