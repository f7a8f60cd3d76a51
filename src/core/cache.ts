/** The saved library read back: its lines parsed in steps, trusted only when every check passes (cacheFormat.ts writes them). */
import { CACHE_VERSION, type Header, type IndexMeta } from './cacheFormat';
import type { Knowledge } from './extract';
import type { ReadOptions } from './sources/detect';
import { Library } from './library';
import { PaperSchema, type Paper } from './model';
import type { SavedTerm } from './savedIndex';
import { runSliced, type Steps } from './steps';

export { CACHE_VERSION, asciiJson, serializeSteps } from './cacheFormat';

/**
 * Why a cache was not used, for the log. `kind`: `missing` (no cache file), `stale` (saved for other inputs: the
 * digests, the taxonomy or the version changed, as they do) or `bad` (not a cache this version can trust: torn,
 * edited, another file, another cache version), which deserves a word to the user.
 */
export type CacheMiss = { reason: string; kind: 'missing' | 'stale' | 'bad' };

const bad = (reason: string): CacheMiss => ({ reason, kind: 'bad' });

/**
 * The library saved in `lines`, or why it cannot be trusted: another version, another key
 * (the digests changed), a wrong number of lines, or any line that does not parse. `onPapers` gets
 * the library as soon as its papers are read, before its index is loaded. With `index` false the saved
 * index is not read (the library builds one if it is ever asked for); otherwise a library saved without
 * an index gets one built from its papers here, in slices. `termLines`, when given, are the index's term lines, asked
 * for (and checked by the caller) only once the tree has its papers; without it they follow the papers in `lines`.
 */
export async function restoreLibrary(
  lines: readonly string[],
  key: string,
  knowledge: Knowledge,
  budgetMs?: number,
  onPapers?: (library: Library) => void,
  read?: ReadOptions,
  index = true,
  termLines?: () => readonly string[] | null,
): Promise<Library | CacheMiss> {
  const saved = await runSliced(parsePapersSteps(lines, key, termLines === undefined), budgetMs);
  if ('reason' in saved) return saved;
  // The tree needs the papers only: it shows them before the index, the larger part of the file, is parsed.
  const library = Library.restore(saved.papers, saved.header.reports, saved.header.problems, knowledge, read, index);
  onPapers?.(library);
  // Without the builder, the index is filled with MiniSearch loaded here: now, or on first use when not wanted now.
  if (!index || saved.meta === null) await library.loadEngine();
  if (!index) return library;
  if (saved.meta === null) {
    await runSliced(library.indexSteps(), budgetMs);
    return library;
  }
  const later = termLines?.();
  if (later === null) return bad('the index part does not match its checksum');
  const terms = await runSliced(parseTermsSteps(later ?? lines.slice(2 + saved.header.paperLines), saved.header), budgetMs);
  if ('reason' in terms) return terms;
  try {
    await library.restoreIndex({ meta: saved.meta, terms });
    return library;
  } catch (e) {
    return bad(`index does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The header, the papers and the index's small part (its counts; null when saved without an index) from `lines`,
 * or why they cannot be trusted.
 */
function* parsePapersSteps(
  lines: readonly string[],
  key: string,
  withTerms: boolean,
): Steps<{ header: Header; papers: Paper[]; meta: IndexMeta | null } | CacheMiss> {
  let header: Header;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return bad('header does not parse');
  }
  if (header?.version !== CACHE_VERSION) return bad(`saved by cache version ${header?.version}, this is ${CACHE_VERSION}`);
  if (header.key !== key) return { reason: 'the digests or the taxonomy changed since it was saved', kind: 'stale' };
  const expected = 2 + header.paperLines + (withTerms ? header.indexLines : 0);
  if (lines.length !== expected) return bad(`expected ${expected} lines, found ${lines.length}`);
  try {
    const papers: Paper[] = [];
    for (let i = 1; i <= header.paperLines; i++) {
      yield;
      const chunk = JSON.parse(lines[i]) as Paper[];
      // A full schema check of 100,000 papers would cost a second; the first of each line shows a changed shape.
      if (!PaperSchema.safeParse(chunk[0]).success) return bad(`line ${i + 1} does not hold papers of this version`);
      for (const p of chunk) papers.push(p);
    }
    yield;
    const meta = JSON.parse(lines[1 + header.paperLines]) as IndexMeta | null;
    if (papers.some((p) => typeof p?.key !== 'string' || typeof p.title !== 'string' || !Array.isArray(p.sources))) return bad('a saved paper is not whole');
    if (meta === null ? header.indexLines !== 0 : meta?.documentCount !== papers.length) return bad('papers and index do not agree');
    return { header, papers, meta };
  } catch (e) {
    return bad(`a line does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The index's terms, saved after the papers: `lines` are their lines. */
function* parseTermsSteps(lines: readonly string[], header: Header): Steps<SavedTerm[] | CacheMiss> {
  if (lines.length !== header.indexLines) return bad(`expected ${header.indexLines} index lines, found ${lines.length}`);
  try {
    const terms: SavedTerm[] = [];
    for (const line of lines) {
      yield;
      for (const t of JSON.parse(line) as SavedTerm[]) terms.push(t);
    }
    return terms;
  } catch (e) {
    return bad(`a line does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
}
