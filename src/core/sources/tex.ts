/** TeX markup in bibliographic text (accents, font commands, escapes, case braces) → plain Unicode text. */
import { squeezeSpace } from '../text';

/** The combining mark of each TeX accent command (`\'e`, `\c c`), shared with the fast BibTeX reader. */
export const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030c',
  u: '\u0306',
  H: '\u030b',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
};

/** Anything `plainText` would change besides white space. */
const TEX_MARKUP = /[\\{}~]/;

/** Letters TeX writes as commands (`\L`ukasz, Dalsb`\o`, Ru`\dj`er), shared with the fast BibTeX reader. */
export const LETTERS: Readonly<Record<string, string>> = {
  L: 'Ł',
  l: 'ł',
  o: 'ø',
  O: 'Ø',
  i: 'ı',
  j: 'ȷ',
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  dj: 'đ',
  DJ: 'Đ',
};

/**
 * TeX markup a parser may leave in a value, removed: accents (`{\'e}` → é, and arXiv's `\kadzy` → ą),
 * letters written as commands (`\L` → Ł), `\url{x}`, `\emph{x}` and the like → x, escaped specials
 * (`\&` → &), `~` → space, and the braces that protect case. With `names`, a letter command or `\k`
 * written against the next letter (`\Lukasz`, `Pr\kadzy`, as arXiv listings write names) is a letter
 * too; elsewhere that would break commands such as `\LaTeX`, so it is off by default.
 */
export function plainText(value: string, names = false): string {
  // Text a parser already turned into Unicode (nearly all of it) has no markup left to remove.
  if (!TEX_MARKUP.test(value)) return squeezeSpace(value);
  const accent = names
    ? /\{?\\([`'^"~=.]|[cvuHkrd](?=[\s{])|k(?=[aeiouAEIOU]))\s*\{?([A-Za-z]|\\[ij])\}?\}?/g
    : /\{?\\([`'^"~=.]|[cvuHkrd](?=[\s{]))\s*\{?([A-Za-z]|\\[ij])\}?\}?/g;
  const letter = names
    ? /\{?\\(ss|ae|AE|oe|OE|aa|AA|dj|DJ|[LlOoij])(?![A-Za-z])\}?|\\(dj|DJ|ss|aa|ae|[LlOoi])(?=[a-z])/g
    : /\{?\\(ss|ae|AE|oe|OE|aa|AA|dj|DJ|[LlOoij])(?![A-Za-z])\}?()/g;
  return value
    .replace(accent, (_, mark: string, base: string) => (base === '\\i' ? 'i' : base === '\\j' ? 'j' : base).concat(ACCENTS[mark] ?? '').normalize('NFC'))
    .replace(letter, (_, a?: string, b?: string) => LETTERS[(a || b)!])
    .replace(/\\(?:url|emph|textit|textbf|textsc|texttt|mbox|text|mathrm)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\([&%$#_{}])/g, '$1')
    .replace(/(?<!\\)~/g, ' ')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
