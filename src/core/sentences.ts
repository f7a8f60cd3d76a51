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

/** One sentence and where it stands in the text. */
export interface Sentence {
  text: string;
  start: number;
}

/**
 * Sentences of `text`, verbatim. A sentence ends at `.`, `!` or `?` followed by white space, unless
 * the word before the period is an abbreviation ("e.g.", "et al.", "vs.") or a single capital (an
 * initial). Names may start a sentence in lower case ("dLLM-Serve establishes …"). A period with no
 * space after it (decimals, version numbers, URLs) never ends a sentence.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const boundary = /([.!?])(["')\]]*)\s+(?=\S)/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[1] === '.' && !m[2]) {
      const word = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(Math.max(start, m.index - 12), m.index))?.[1] ?? '';
      if (ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word)) continue;
    }
    const end = m.index + m[1].length + m[2].length;
    push(sentences, text, start, end);
    start = m.index + m[0].length;
  }
  push(sentences, text, start, text.length);
  return sentences;
}

function push(sentences: Sentence[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed) sentences.push({ text: trimmed, start: start + lead });
}
