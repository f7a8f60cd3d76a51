/** BibTeX read: the entries of `.bib` text and their keys, read with Better BibTeX's parser (loaded with `bibtexParse.ts` on the first read); `bibtexWrite.ts` writes entries. */
import type { Problem } from './model';

/** A person named in an entry: `family` is the last name (a literal name such as `{Barnes and Noble}` is all family), `given` the rest. */
export interface BibName {
  family: string;
  given: string;
  /** A particle such as `von` or `van der`, when the name has one. */
  prefix?: string;
  /** `Jr.`, `III` and the like, when the name has one. */
  suffix?: string;
}

/** One entry of a `.bib` file, its LaTeX turned into Unicode text. */
export interface BibEntry {
  /** The citation key exactly as written. */
  key: string;
  /** The entry type in lower case: `article`, `misc`, … */
  type: string;
  /** 1-based line of the entry's `@`. */
  line: number;
  /**
   * Field name (lower case) → Unicode text, `@string`s expanded and crossref'd fields inherited. Name fields
   * (`author`, `editor`, …) are in {@link BibEntry.creators} instead; list fields (`publisher`, `keywords`, …) are joined.
   */
  fields: Record<string, string>;
  /** The `author` field's names, in order; empty when it has none. */
  authors: BibName[];
  /** The `editor` field's names, in order; empty when it has none. */
  editors: BibName[];
  /** Every name field (`author`, `editor`, `translator`, …) → its names, in order. */
  creators: Record<string, BibName[]>;
}

/** A `.bib` file read: its entries in file order, and what was wrong with it. */
export interface BibParse {
  entries: BibEntry[];
  /** Broken entries (`error`, with the line of their `@`; every other entry is still read) and doubtful input (`warning`). */
  problems: Problem[];
  /** The keys of broken entries, when the parser got as far as the key: not entries, but taken (adding one would repeat it once fixed). */
  unreadKeys: string[];
}

/** Reads `.bib` text synchronously once the parser is loaded: what {@link parseBibtex} gives, without the wait. */
export type SyncBibtexParser = (source: string, file: string) => BibParse;

/**
 * Loads Better BibTeX's parser (once; later calls share the load) and returns a synchronous reader with exactly
 * {@link parseBibtex}'s semantics. It fits `BibtexParser` of `sources/bibtex.ts`, so `readBibtex` and the fast
 * reader of `sources/bibfast.ts` can call it without awaiting each file. The reading code comes with it
 * (`bibtexParse.ts`, dist/bibtexParse.js in the extension): writing BibTeX never loads it.
 */
export async function loadBibtexParser(): Promise<SyncBibtexParser> {
  return (await import('./bibtexParse')).loadBibtexParser();
}

/**
 * Reads `.bib` text with Better BibTeX's parser: `@string`, `@preamble`, `@comment`, `%` lines, crossref,
 * LaTeX accents and commands (→ Unicode), and names. A broken entry is reported as an error at the line of
 * its `@` and every other entry is still read; a command the parser does not know is kept as written and
 * reported as a warning. `file` names the file in the problems. Never throws on bad input.
 * Cost: about 0.5 ms per short entry and several ms with an abstract (LaTeX is parsed field by field), plus
 * loading the parser on the first call; `sources/bibfast.ts` gives the same result some 50× faster (`npm run bench`).
 */
export async function parseBibtex(source: string, file: string): Promise<BibParse> {
  return (await loadBibtexParser())(source, file);
}

/** A key of a `.bib` file and the 1-based line of its entry's `@`. */
export interface BibKey {
  key: string;
  line: number;
}

/** A key written twice: `bibtex` rejects a repeat, and also keys that differ only in case. */
export interface DuplicateKey {
  /** The later entry. */
  key: string;
  line: number;
  /** The first entry with that key (ignoring case). */
  first: BibKey;
  /** True when the two are spelled differently (`Smith2020` and `smith2020`). */
  caseOnly: boolean;
}

/** The keys of a `.bib` file, as {@link bibliographyKeys} reads them. */
export interface BibliographyKeys {
  /** Every entry's key, in file order (repeats included). */
  keys: BibKey[];
  /** Each repeat of an earlier key, exact or differing only in case, with both lines. */
  duplicates: DuplicateKey[];
  /** Keys of entries the parser could not read (see {@link BibParse.unreadKeys}). */
  unreadKeys: string[];
}

// Diagnostics and insertion ask for the keys of the same file on every keystroke: keep the last few answers.
const keyCache = new Map<string, Promise<BibliographyKeys>>();
const KEY_CACHE_SIZE = 4;

/**
 * The entry keys of `.bib` text, read by the parser ({@link parseBibtex}): a key inside `@comment{…}`, after `%`
 * on a line outside entries, or inside another entry's field is not a key. Entries the parser could not read
 * are left out of `keys`; their keys, when readable, are in `unreadKeys`. Repeats are listed in `duplicates`, including keys that differ only in case. The last few
 * answers are kept, so asking again about unchanged text costs nothing.
 */
export function bibliographyKeys(text: string): Promise<BibliographyKeys> {
  const cached = keyCache.get(text);
  if (cached) return cached;
  const result = readKeys(text);
  if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
  keyCache.set(text, result);
  return result;
}

async function readKeys(text: string): Promise<BibliographyKeys> {
  // Loaded on the first bibliography read (dist/bibfast.js in the extension), not at activation.
  const { readBibtexFast } = await import('./sources/bibfast');
  const parsed = await readBibtexFast(text, '', loadBibtexParser);
  const keys = parsed.entries.map(({ key, line }) => ({ key, line }));
  const firsts = new Map<string, BibKey>();
  const duplicates: DuplicateKey[] = [];
  for (const entry of keys) {
    const first = firsts.get(entry.key.toLowerCase());
    if (first) duplicates.push({ ...entry, first, caseOnly: first.key !== entry.key });
    else firsts.set(entry.key.toLowerCase(), entry);
  }
  return { keys, duplicates, unreadKeys: parsed.unreadKeys };
}
