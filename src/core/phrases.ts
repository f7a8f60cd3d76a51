/** PhraseMatcher: finds many keyword phrases in text in one pass over its words, for topics and hardware. */

/** A phrase to find. Words are compared in lower case unless `caseSensitive`. */
export interface PhraseSpec<T> {
  phrase: string;
  value: T;
  caseSensitive?: boolean;
  /** The last word may be the start of a longer word: "quantiz" finds "quantization". */
  prefix?: boolean;
  /** The last word may take a plural "s" or "es": "GPU" finds "GPUs". */
  plural?: boolean;
}

/** Where a phrase was found: character offsets in the text, end exclusive. */
export interface PhraseMatch<T> {
  value: T;
  start: number;
  end: number;
}

interface Compiled<T> {
  words: string[];
  spec: PhraseSpec<T>;
  /** Lengths a text's word may have to be this phrase's first word: checked before the words are compared. */
  minLength: number;
  maxLength: number;
}

/** Letters, digits and "+" (so "UltraScale+" and "PVT++" stay whole). */
function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 43;
  return LETTER_OR_DIGIT.test(text[i]);
}
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The last texts tokenized: topics and hardware scan the same title and abstract one after the other. */
const recent: Tokens[] = [];
const RECENT = 4;

/** A text's word boundaries and its lower-case form, made once for every matcher that reads it. */
interface Tokens {
  text: string;
  lower: string;
  bounds: number[];
  count: number;
}

/** Word boundaries of `text`, from the small cache of recent texts when it is there. */
function tokensOf(text: string): Tokens {
  for (const r of recent) if (r.text === text) return r;
  const bounds: number[] = [];
  const lowerText = text.toLowerCase();
  // Lower-casing can change the length of rare characters; then offsets no longer line up.
  const lower = lowerText.length === text.length ? lowerText : text;
  const entry = { text, lower, bounds, count: tokenize(text, bounds) };
  if (recent.unshift(entry) > RECENT) recent.pop();
  return entry;
}

/** Word boundaries of `text` as [start, end) pairs in a flat array; returns how many words. */
function tokenize(text: string, bounds: number[]): number {
  let n = 0;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && !isWordChar(text, i)) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && isWordChar(text, i)) i++;
    bounds[n++] = start;
    bounds[n++] = i;
  }
  return n / 2;
}

/** A phrase ready to match: a first word of another length than a text's word cannot match it, except as a stem or plural. */
function compile<T>(words: string[], spec: PhraseSpec<T>): Compiled<T> {
  const first = words[0].length;
  const last = words.length === 1;
  return { words, spec, minLength: first, maxLength: last && spec.prefix ? Infinity : last && spec.plural ? first + 2 : first };
}

function splitWords(phrase: string): string[] {
  const bounds: number[] = [];
  const count = tokenize(phrase, bounds);
  return Array.from({ length: count }, (_, k) => phrase.slice(bounds[2 * k], bounds[2 * k + 1]));
}

/**
 * The index key of a word of the text: its first `n` characters (1 to 3) as one number, so no string is made. Ten bits
 * a character keep the key a small integer, which a Map hashes without allocating; the rare characters past U+03FF
 * share keys, and `matchAt` compares the words themselves.
 */
function keyOf(lower: string, start: number, n: number): number {
  let key = 0;
  for (let k = 0; k < n; k++) key = key * 1024 + (lower.charCodeAt(start + k) & 0x3ff);
  return key;
}

/**
 * Compiles phrases once; `match` then looks each word of a text up by its first letters,
 * so the cost grows with the text, not with the number of phrases. Words in a phrase are matched
 * across a space or a hyphen ("KV cache" finds "KV-cache"), and a multi-word phrase also matches its
 * words written together ("KV cache" finds "KVcache").
 */
export class PhraseMatcher<T> {
  /** Phrases by the first three letters of their first word; phrases whose first word is shorter, by its first two (or one). */
  private readonly byStart3 = new Map<number, Compiled<T>[]>();
  private readonly byStartShort = new Map<number, Compiled<T>[]>();
  /**
   * Which buckets can hold a phrase for a word, by the low bytes of its first two characters: 1 a three-letter bucket, 2 a
   * two-letter one, 4 a one-letter one. Most words of a text start no phrase, and one array read rules them out before
   * any Map lookup (the matcher's cost was in those lookups). Shared low bytes only let a word through to the Maps.
   */
  private readonly starts = new Uint8Array(65536);

  constructor(specs: readonly PhraseSpec<T>[]) {
    for (const spec of specs) {
      const words = splitWords(spec.caseSensitive ? spec.phrase : spec.phrase.toLowerCase());
      if (!words.length) continue;
      this.add(compile(words, spec));
      if (words.length > 1) this.add(compile([words.join('')], spec));
    }
    // Longer phrases first, so at one place "Tesla K80" is preferred to "K80".
    for (const map of [this.byStart3, this.byStartShort]) {
      for (const list of map.values()) list.sort((a, b) => b.words.join(' ').length - a.words.join(' ').length);
    }
  }

  private add(compiled: Compiled<T>): void {
    const first = compiled.words[0].toLowerCase();
    const [map, key] = first.length >= 3 ? [this.byStart3, keyOf(first, 0, 3)] : [this.byStartShort, keyOf(first, 0, first.length)];
    const list = map.get(key);
    if (list) list.push(compiled);
    else map.set(key, [compiled]);
    const high = (first.charCodeAt(0) & 0xff) << 8;
    if (first.length >= 2) this.starts[high | (first.charCodeAt(1) & 0xff)] |= first.length >= 3 ? 1 : 2;
    // A one-letter first word starts a phrase whatever the word's second character is (or when it has none).
    else for (let low = 0; low < 256; low++) this.starts[high | low] |= 4;
  }

  /** Tries the phrases of one bucket at token `i`; returns the last token matched, or -1. */
  private tryBucket(
    list: Compiled<T>[] | undefined,
    text: string,
    lower: string,
    bounds: number[],
    tokens: number,
    i: number,
    found: PhraseMatch<T>[],
  ): number {
    if (!list) return -1;
    const length = bounds[2 * i + 1] - bounds[2 * i];
    for (const c of list) {
      // Most words that share a phrase's first letters are not its first word ("and" for "Android"): their length says so.
      if (length < c.minLength || length > c.maxLength) continue;
      const last = this.matchAt(text, lower, bounds, tokens, i, c);
      if (last < 0) continue;
      found.push({ value: c.spec.value, start: bounds[2 * i], end: bounds[2 * last + 1] });
      return last;
    }
    return -1;
  }

  /** Every phrase found, in text order; at one place only the longest phrase, and no overlaps. */
  match(text: string): PhraseMatch<T>[] {
    const { lower, bounds, count: tokens } = tokensOf(text);
    const found: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens; i++) {
      const start = bounds[2 * i];
      const length = bounds[2 * i + 1] - start;
      const may = this.starts[((lower.charCodeAt(start) & 0xff) << 8) | (length >= 2 ? lower.charCodeAt(start + 1) & 0xff : 0)];
      if (may === 0) continue;
      // Phrases whose first word has three letters or more come first: they are the longer ones.
      let last = length >= 3 && may & 1 ? this.tryBucket(this.byStart3.get(keyOf(lower, start, 3)), text, lower, bounds, tokens, i, found) : -1;
      if (last < 0 && length >= 2 && may & 2) last = this.tryBucket(this.byStartShort.get(keyOf(lower, start, 2)), text, lower, bounds, tokens, i, found);
      if (last < 0 && may & 4) last = this.tryBucket(this.byStartShort.get(keyOf(lower, start, 1)), text, lower, bounds, tokens, i, found);
      if (last >= 0) i = last;
    }
    return found;
  }

  /** The index of the last token of `c` matched at token `i`, or -1. Words of a phrase may be apart by one space or hyphen. */
  private matchAt(text: string, lower: string, bounds: number[], tokens: number, i: number, c: Compiled<T>): number {
    const n = c.words.length;
    if (i + n > tokens) return -1;
    const source = c.spec.caseSensitive ? text : lower;
    for (let j = 0; j < n; j++) {
      const start = bounds[2 * (i + j)];
      const end = bounds[2 * (i + j) + 1];
      if (j > 0) {
        const gap = start - bounds[2 * (i + j) - 1];
        if (gap > 1 || (gap === 1 && !/[\s-]/.test(text[start - 1]))) return -1;
      }
      const word = c.words[j];
      if (!source.startsWith(word, start)) return -1;
      const rest = end - start - word.length;
      if (rest === 0) continue;
      if (j < n - 1) return -1;
      const plural = c.spec.plural && ((rest === 1 && lower[end - 1] === 's') || (rest === 2 && lower.startsWith('es', end - 2)));
      if (!c.spec.prefix && !plural) return -1;
    }
    return i + n - 1;
  }
}
