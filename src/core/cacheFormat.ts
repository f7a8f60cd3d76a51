/** The saved library's lines: a header, the papers in chunks, the index's counts, then its terms (cache.ts reads them back). */
import type { FileReport, Library } from './library';
import type { Problem } from './model';
import type { SavedIndex } from './savedIndex';
import type { Steps } from './steps';

/** Bump when the saved shape or anything extraction computes changes; older caches are then rebuilt. */
export const CACHE_VERSION = 9;
/**
 * What opens a cache file's first line, `LDC2 <sha1 of the front> <its bytes> <sha1 of the terms>`: a checksum per
 * part (`checksummed` in cacheWrite.ts writes it, `verifiedSections` in libraryCache.ts checks it). The checksums catch
 * a torn or damaged file, which is all they can do: the file is the extension's own, and whoever can write it can write
 * any checksum with it. So SHA-1 (about a fifth of SHA-256's time here: 17 against 87 ms on the 29 MB front of 20,000
 * papers, which the tree waits for).
 */
export const CHECKSUM_MARK = 'LDC2';
/** The hash of `CHECKSUM_MARK`'s checksums, as node:crypto names it. */
export const CHECKSUM_HASH = 'sha1';
/** Marks of earlier sectioned files (`LDC`: SHA-256): another version, not damage. */
export const OLDER_CHECKSUM_MARKS: readonly string[] = ['LDC'];
const PAPERS_PER_LINE = 1000;
const TERMS_PER_LINE = 4000;

export interface Header {
  version: number;
  key: string;
  paperLines: number;
  indexLines: number;
  reports: FileReport[];
  problems: Problem[];
}

/** The index's small part (its counts and documents), on the line after the papers. */
export type IndexMeta = SavedIndex['meta'];

/**
 * The library as lines of JSON: a header (version, content key, line counts, file reports,
 * problems), the papers in chunks, the index's counts and documents, then its terms in chunks (the compact form of
 * `core/savedIndex.ts`).
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
  const { terms, meta }: Partial<SavedIndex> = library.hasIndex ? yield* library.index.saveSteps() : {};
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
