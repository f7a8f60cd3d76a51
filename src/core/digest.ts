/** buildDigest: digest files → deduplicated, enriched, indexed library; each stage is exported for benchmarks. */
import type { Knowledge } from './extract';
import { Library, type DigestFile, type FileReport } from './library';
import type { Entry, Problem } from './model';
import { parseDigest } from './parse';
import { decodeDigest } from './decode';
import { runSliced } from './steps';

export type { DigestFile, FileReport } from './library';

/** A loaded library, as the CLI, the extension and the tests see it. */
export type Digest = Library;

/** Decodes and parses every file at once (the parse stage alone, for benchmarks). */
export function parseFiles(files: readonly DigestFile[]): { entries: Entry[]; files: FileReport[]; problems: Problem[] } {
  const entries: Entry[] = [];
  const reports: FileReport[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    let text: string | null;
    if ('text' in file) text = file.text;
    else {
      const decoded = decodeDigest(file.bytes, file.name);
      problems.push(...decoded.problems);
      text = decoded.text;
    }
    if (text === null) {
      reports.push({ name: file.name, layout: 'empty', entries: 0 });
      continue;
    }
    const parsed = parseDigest(text, file.name);
    for (const e of parsed.entries) entries.push(e);
    problems.push(...parsed.problems);
    reports.push({ name: file.name, layout: parsed.layout, entries: parsed.entries.length });
  }
  return { entries, files: reports, problems };
}

/** Parse → merge → enrich → index, at once. Never throws on bad input: everything wrong is in `problems`. */
export function buildDigest(files: readonly DigestFile[], knowledge?: Knowledge): Digest {
  return Library.build(files, knowledge);
}

/**
 * The same, in slices of about `budgetMs`, so the thread that runs it stays responsive. `onPapers`
 * gets the library as soon as its papers are ready, before the search index is complete.
 */
export function buildDigestSliced(files: readonly DigestFile[], knowledge?: Knowledge, budgetMs?: number, onPapers?: (library: Digest) => void): Promise<Digest> {
  return runSliced(Library.buildSteps(files, knowledge, onPapers), budgetMs);
}
