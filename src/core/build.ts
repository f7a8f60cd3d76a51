/** Building a library at once or in slices, with the builder imported as usual: for the CLI, the tests, benchmarks and the build script (the extension loads the builder on first need instead, see libraryCache.ts). */
import * as kit from './builder';
import { Library, type DigestFile, type FileReport } from './library';
import type { Entry, Problem } from './model';
import type { ReadOptions } from './sources/detect';
import { runSliced, runSync } from './steps';
import type { Knowledge } from './vocabulary';

/** Decodes and parses every file at once (the parse stage alone, for benchmarks). */
export function parseFiles(files: readonly DigestFile[], options: ReadOptions = {}): { entries: Entry[]; files: FileReport[]; problems: Problem[] } {
  const result = { entries: [] as Entry[], files: [] as FileReport[], problems: [] as Problem[] };
  for (const file of files) {
    const read = runSync(kit.readFileSteps(file, options));
    for (const e of read.entries) result.entries.push(e);
    result.files.push(read.report);
    result.problems.push(...read.problems);
  }
  return result;
}

/** Parse → merge → enrich → index (unless `index` is false), at once. Never throws on bad input: everything wrong is in `problems`. */
export function buildLibrary(files: readonly DigestFile[], knowledge?: Knowledge, read: ReadOptions = {}, index = true): Library {
  // At once means on this thread: steps that wait for a worker cannot run synchronously.
  return runSync(Library.buildSteps(kit, files, knowledge, undefined, { ...read, shareExtraction: undefined }, index));
}

/**
 * The same, in slices of about `budgetMs`, so the thread that runs it stays responsive. `onPapers`
 * gets the library as soon as its papers are ready, before the search index is complete.
 */
export function buildLibrarySliced(
  files: readonly DigestFile[],
  knowledge?: Knowledge,
  budgetMs?: number,
  onPapers?: (library: Library) => void,
  read?: ReadOptions,
): Promise<Library> {
  return runSliced(Library.buildSteps(kit, files, knowledge, onPapers, read), budgetMs);
}

/** `Library.buildSteps` with the builder: parse, merge, extract, then index (unless `index` is false), in steps for `runSliced`. */
export function buildSteps(
  files: readonly DigestFile[],
  knowledge?: Knowledge,
  onPapers?: (library: Library) => void,
  read?: ReadOptions,
  index = true,
): ReturnType<typeof Library.buildSteps> {
  return Library.buildSteps(kit, files, knowledge, onPapers, read, index);
}
