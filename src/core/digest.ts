/** buildDigest: digest files → deduplicated, enriched, indexed library; each stage is exported for benchmarks. */
import type { Knowledge } from './extract';
import { Library, readFileSteps, type DigestFile, type FileReport } from './library';
import type { Entry, Problem } from './model';
import { runSliced, runSync } from './steps';

export type { DigestFile, FileReport } from './library';

/** A loaded library, as the CLI, the extension and the tests see it. */
export type Digest = Library;

/** Decodes and parses every file at once (the parse stage alone, for benchmarks). */
export function parseFiles(files: readonly DigestFile[]): { entries: Entry[]; files: FileReport[]; problems: Problem[] } {
  const result = { entries: [] as Entry[], files: [] as FileReport[], problems: [] as Problem[] };
  for (const file of files) {
    const read = runSync(readFileSteps(file));
    for (const e of read.entries) result.entries.push(e);
    result.files.push(read.report);
    result.problems.push(...read.problems);
  }
  return result;
}

/** Parse → merge → enrich → index, at once. Never throws on bad input: everything wrong is in `problems`. */
export function buildDigest(files: readonly DigestFile[], knowledge?: Knowledge): Digest {
  return Library.build(files, knowledge);
}

/**
 * The same, in slices of about `budgetMs`, so the thread that runs it stays responsive. `onPapers`
 * gets the library as soon as its papers are ready, before the search index is complete.
 */
export function buildDigestSliced(
  files: readonly DigestFile[],
  knowledge?: Knowledge,
  budgetMs?: number,
  onPapers?: (library: Digest) => void,
): Promise<Digest> {
  return runSliced(Library.buildSteps(files, knowledge, onPapers), budgetMs);
}
