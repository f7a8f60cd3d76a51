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
 * Each line parses on its own, so reading it back never blocks for long.
 */
export function* serializeSteps(library: Library, key: string): Steps<string[]> {
  // Extraction's papers: corrections live in the review files and are applied after a restore.
  const papers = library.extractedPapers;
  const paperLines: string[] = [];
  for (let i = 0; i < papers.length; i += PAPERS_PER_LINE) {
    yield;
    paperLines.push(JSON.stringify(papers.slice(i, i + PAPERS_PER_LINE)));
  }
  yield;
  const { index: terms, ...meta } = library.index.toJS();
  const indexLines: string[] = [];
  for (let i = 0; i < terms.length; i += TERMS_PER_LINE) {
    yield;
    indexLines.push(JSON.stringify(terms.slice(i, i + TERMS_PER_LINE)));
  }
  const header: Header = {
    version: CACHE_VERSION,
    key,
    paperLines: paperLines.length,
    indexLines: indexLines.length,
    reports: library.fileReports,
    problems: library.problems,
  };
  return [JSON.stringify(header), ...paperLines, JSON.stringify(meta), ...indexLines];
}

/** Why a cache was not used, for the log. */
export type CacheMiss = { reason: string };

/**
 * The library saved in `lines`, or why it cannot be trusted: another version, another key
 * (the digests changed), a wrong number of lines, or any line that does not parse. `onPapers` gets
 * the library as soon as its papers are read, before its index is loaded.
 */
export async function restoreLibrary(
  lines: readonly string[],
  key: string,
  knowledge: Knowledge,
  budgetMs?: number,
  onPapers?: (library: Library) => void,
  read?: ReadOptions,
): Promise<Library | CacheMiss> {
  const saved = await runSliced(parsePapersSteps(lines, key), budgetMs);
  if ('reason' in saved) return saved;
  // The tree needs the papers only: it shows them before the index, the larger part of the file, is parsed.
  const library = Library.restore(saved.papers, saved.header.reports, saved.header.problems, knowledge, read);
  onPapers?.(library);
  const terms = await runSliced(parseTermsSteps(lines, saved.header), budgetMs);
  if ('reason' in terms) return terms;
  try {
    await library.restoreIndex({ ...saved.meta, index: terms });
    return library;
  } catch (e) {
    return { reason: `index does not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

type IndexMeta = Omit<IndexJS, 'index'>;

/** The header, the papers and the index's small part (its counts) from `lines`, or why they cannot be trusted. */
function* parsePapersSteps(lines: readonly string[], key: string): Steps<{ header: Header; papers: Paper[]; meta: IndexMeta } | CacheMiss> {
  let header: Header;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return { reason: 'header does not parse' };
  }
  if (header?.version !== CACHE_VERSION) return { reason: `saved by cache version ${header?.version}, this is ${CACHE_VERSION}` };
  if (header.key !== key) return { reason: 'the digests or the taxonomy changed since it was saved' };
  if (lines.length !== 2 + header.paperLines + header.indexLines)
    return { reason: `expected ${2 + header.paperLines + header.indexLines} lines, found ${lines.length}` };
  try {
    const papers: Paper[] = [];
    for (let i = 1; i <= header.paperLines; i++) {
      yield;
      const chunk = JSON.parse(lines[i]) as Paper[];
      // A full schema check of 100,000 papers would cost a second; the first of each line shows a changed shape.
      if (!PaperSchema.safeParse(chunk[0]).success) return { reason: `line ${i + 1} does not hold papers of this version` };
      for (const p of chunk) papers.push(p);
    }
    yield;
    const meta = JSON.parse(lines[1 + header.paperLines]) as IndexMeta;
    if (meta.documentCount !== papers.length || papers.some((p) => typeof p?.key !== 'string' || typeof p.title !== 'string' || !Array.isArray(p.sources))) {
      return { reason: 'papers and index do not agree' };
    }
    return { header, papers, meta };
  } catch (e) {
    return { reason: `a line does not parse: ${e instanceof Error ? e.message : String(e)}` };
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
    return { reason: `a line does not parse: ${e instanceof Error ? e.message : String(e)}` };
  }
}
