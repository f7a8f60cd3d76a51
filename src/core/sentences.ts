/** Splits abstract text into sentences without breaking at abbreviations, decimals, versions or links. */

/** Words that end with a period without ending a sentence. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'al',
  'vs',
  'etc',
  'cf',
  'fig',
  'figs',
  'eq',
  'eqs',
  'approx',
  'resp',
  'no',
  'ref',
  'refs',
  'w.r.t',
  'inc',
  'dr',
  'mr',
  'ms',
  'prof',
  'u.s',
  'sec',
  'tab',
  'viz',
  'ca',
  'est',
  'vol',
  'p',
  'pp',
]);

// The glued alternative tests its period before its lookbehind: a lookbehind first is tried at every character (8x slower).
const WITHOUT_LINKS = /([.!?])(["')\]]*)\s+(?=\S)|([.!?])(?<=(?:[a-z0-9%)\]][a-z0-9%)\]]|\d[xX×]|\/[A-Z])[.!?])(?=[A-Z][a-z]{1,}\b)/g;
const WITH_LINKS = new RegExp(`${WITHOUT_LINKS.source}|(?<=\\S)(\\s+)(?=[A-Z][a-z])`, 'g');

/** One sentence and where it stands in the text. */
export interface Sentence {
  text: string;
  start: number;
}

/**
 * Sentences of `text`, verbatim. A sentence ends at `.`, `!` or `?` followed by white space, unless
 * the word before the period is an abbreviation ("e.g.", "et al.", "vs.") or a single capital (an
 * initial). Names may start a sentence in lower case ("dLLM-Serve establishes …"). A period with no
 * space after it (decimals, version numbers, URLs) ends a sentence only where the page glued two
 * sentences together: a lower-case word or a number, the period, then a capitalised word
 * ("…in all settings.The method…"), outside a link or a dotted name. A link followed by a capital
 * starts a new sentence ("… at https://x.org/y Our method …").
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  // The third kind of boundary (a link, then a capital) is only looked for in a text that has a link.
  const boundary = /:\/\/|www\./.test(text) ? WITH_LINKS : WITHOUT_LINKS;
  boundary.lastIndex = 0;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const mark = m[1] ?? m[3];
    if (mark === undefined) {
      // A link then a capitalised word: the link closed a sentence that had no period.
      if (!/^(?:https?:\/\/|www\.)\S+$/.test(text.slice(text.lastIndexOf(' ', m.index - 1) + 1, m.index))) continue;
      push(sentences, text, start, m.index);
      start = m.index + m[0].length;
      continue;
    }
    const word = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(Math.max(start, m.index - 12), m.index))?.[1] ?? '';
    if (mark === '.' && !m[2] && (ABBREVIATIONS.has(word.toLowerCase()) || (/^[A-Z]$/.test(word) && isInitial(text, m.index)))) continue;
    // "17. 4%": a decimal broken by the page, not a sentence end.
    if (mark === '.' && m[1] !== undefined && /\d$/.test(text.slice(0, m.index)) && /^\d/.test(text.slice(m.index + m[0].length))) continue;
    if (m[3] !== undefined && insideLinkOrName(text, m.index)) continue;
    const end = m.index + mark.length + (m[2]?.length ?? 0);
    push(sentences, text, start, end);
    start = m[3] !== undefined ? end : m.index + m[0].length;
  }
  push(sentences, text, start, text.length);
  return sentences;
}

/** Whether a period with no space after it sits in a link, a file or a dotted name ("x.org/Repo.Name", "llm.Npu"). */
function insideLinkOrName(text: string, at: number): boolean {
  const token = text.slice(text.lastIndexOf(' ', at) + 1, at);
  // A slash makes a link only with a dot before it or a second slash ("x.org/a", "a/b/c"); "I/O" and "tokens/s" are words.
  if (/:\/\/|www\.|@|\..*\/|\/.*\//.test(token)) return true;
  // A short lower-case token glued to a capital ("llm.Npu") is a name; a sentence ends on a word of some length or a number.
  return /^[a-z]{1,3}$/.test(token);
}

/**
 * Whether the single capital before a period at `at` is an initial ("J. Smith") rather than the end of a word: a unit after a
 * number ("49 W.") or the last letter of a word with a slash ("I/O.") ends a sentence.
 */
function isInitial(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 12), at - 1);
  return !/(?:\d\s?|\/)$/.test(before);
}

function push(sentences: Sentence[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed) sentences.push({ text: trimmed, start: start + lead });
}
