/** buildDigest: digest files → deduplicated, indexed library; each stage is exported for benchmarks. */
import { decodeDigest } from './decode';
import { mergeEntries } from './dedupe';
import { DEFAULT_KNOWLEDGE, enrichPaper, type Knowledge } from './extract';
import type { Entry, Paper, Problem } from './model';
import { parseDigest, type Layout } from './parse';
import { PaperIndex } from './search';

/** One digest file as read by the caller: raw bytes (decoded here) or text already decoded. */
export type DigestFile = { name: string; bytes: Uint8Array } | { name: string; text: string };

/** What was read from one file. */
export interface FileReport {
  name: string;
  layout: Layout;
  entries: number;
}

/** A loaded library. `papers` are in source order; `byKey` finds one by citation key. */
export interface Digest {
  papers: Paper[];
  byKey: ReadonlyMap<string, Paper>;
  index: PaperIndex;
  files: FileReport[];
  problems: Problem[];
}

/** Decodes and parses every file; a file that cannot be decoded gives a problem and no entries. */
export function parseFiles(files: readonly DigestFile[]): { entries: Entry[]; files: FileReport[]; problems: Problem[] } {
  const entries: Entry[] = [];
  const reports: FileReport[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    let text: string | null;
    if ('text' in file) {
      text = file.text;
    } else {
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

/** Parse → merge → enrich → index. Never throws on bad input: everything wrong is in `problems`. */
export function buildDigest(files: readonly DigestFile[], knowledge: Knowledge = DEFAULT_KNOWLEDGE): Digest {
  const parsed = parseFiles(files);
  const merged = mergeEntries(parsed.entries);
  const papers = merged.papers.map((p) => enrichPaper(p, knowledge));
  return {
    papers,
    byKey: new Map(papers.map((p) => [p.key, p])),
    index: PaperIndex.build(papers),
    files: parsed.files,
    problems: [...parsed.problems, ...merged.problems],
  };
}
