/** The saved library: papers and index as lines of JSON, written and read in steps, trusted only when every check passes. */
import type { Knowledge } from './extract';
import type { ReadOptions } from './sources/detect';
import { Library, type FileReport } from './library';
import { PaperSchema, type Paper, type Problem } from './model';
import type { PaperIndex } from './search';
import { runSliced, type Steps } from './steps';

/** Bump when the saved shape or anything extraction computes changes; older caches are then rebuilt. */
export const CACHE_VERSION = 6;
const PAPERS_PER_LINE = 1000;
const TERMS_PER_LINE = 4000;

interface Header {
  version: number;
  key: string;
  paperLines: number;
  indexLines: number;
  reports: FileReport[];
  problems: Problem[];
}

type IndexJS = ReturnType<PaperIndex['toJS']>;

/**
 * The library as lines of JSON: a header (version, content key, line counts, file reports,
 * problems), the papers in chunks, the index without its terms, then the terms in chunks.
 * Each line parses on its own, so reading it back never blocks for long. A library that has no
 * index (`litdigest papers` builds none) is saved without one: `null` in place of the index line
 * and no term lines; whoever restores it for a search builds the index from the saved papers.
 */
export function* serializeSteps(library: Library, key: string): Steps<string[]> {
  // Extraction's papers: corrections live in the review files and are applied after a restore.
  const papers = library.extractedPapers;
  const paperLines: string[] = [];
  for (let i = 0; i < papers.length; i += PAPERS_PER_LINE) {
    yield;
    paperLines.push(asciiJson(papers.slice(i, i + PAPERS_PER_LINE)));
  }
  yield;
  // Asking a library without an index for `index` would build one: saving must not cost a search's work.
  const { index: terms, ...meta }: Partial<IndexJS> = library.hasIndex ? library.index.toJS() : {};
  const indexLines: string[] = [];
  for (let i = 0; terms && i < terms.length; i += TERMS_PER_LINE) {
    yield;
    indexLines.push(asciiJson(terms.slice(i, i + TERMS_PER_LINE)));
  }
  const header: Header = {
    version: CACHE_VERSION,
    key,
    paperLines: paperLines.length,
    indexLines: indexLines.length,
    reports: library.fileReports,
    problems: library.problems,
  };
  return [asciiJson(header), ...paperLines, asciiJson(terms ? meta : null), ...indexLines];
}

/**
 * `value` as JSON in ASCII alone: every other character written as a `\uXXXX` escape, which JSON.parse reads back
 * as the same string. A line of one-byte characters decodes and parses about twice as fast as one holding a single
 * `×` (V8 then makes the whole line a two-byte string), and a paper line almost always holds one.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

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
 * an index gets one built from its papers here, in slices.
 */
export async function restoreLibrary(
  lines: readonly string[],
  key: string,
  knowledge: Knowledge,
  budgetMs?: number,
  onPapers?: (library: Library) => void,
  read?: ReadOptions,
  index = true,
): Promise<Library | CacheMiss> {
  const saved = await runSliced(parsePapersSteps(lines, key), budgetMs);
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
  const terms = await runSliced(parseTermsSteps(lines, saved.header), budgetMs);
  if ('reason' in terms) return terms;
  try {
    await library.restoreIndex({ ...saved.meta, index: terms });
    return library;
  } catch (e) {
    return bad(`index does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

type IndexMeta = Omit<IndexJS, 'index'>;

/**
 * The header, the papers and the index's small part (its counts; null when saved without an index) from `lines`,
 * or why they cannot be trusted.
 */
function* parsePapersSteps(lines: readonly string[], key: string): Steps<{ header: Header; papers: Paper[]; meta: IndexMeta | null } | CacheMiss> {
  let header: Header;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return bad('header does not parse');
  }
  if (header?.version !== CACHE_VERSION) return bad(`saved by cache version ${header?.version}, this is ${CACHE_VERSION}`);
  if (header.key !== key) return { reason: 'the digests or the taxonomy changed since it was saved', kind: 'stale' };
  if (lines.length !== 2 + header.paperLines + header.indexLines)
    return bad(`expected ${2 + header.paperLines + header.indexLines} lines, found ${lines.length}`);
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

/** The index's terms, saved after the papers. */
function* parseTermsSteps(lines: readonly string[], header: Header): Steps<IndexJS['index'] | CacheMiss> {
  try {
    const terms: IndexJS['index'] = [];
    for (let i = 2 + header.paperLines; i < lines.length; i++) {
      yield;
      for (const t of JSON.parse(lines[i]) as IndexJS['index']) terms.push(t);
    }
    return terms;
  } catch (e) {
    return bad(`a line does not parse: ${e instanceof Error ? e.message : String(e)}`);
  }
}
