/**
 * How a library is built from its sources: each file decoded and read in its format, sightings merged, topics, hardware
 * and claims extracted, reviewers' corrections applied. `Library` gets this module as its `BuildKit`; in the extension it
 * is a chunk of its own (dist/builder.js), loaded only when a library is built, updated or corrected, never to restore one.
 */
import { decodeDigest } from './decode';
import { ByTitleAndAbstract, enrichPaper, type Enrichment, type Knowledge } from './extract';
import type { DigestFile, FileReport } from './library';
import type { Entry, MergedPaper, Paper, Problem } from './model';
import { parseDigestSteps } from './parse';
import { CUT_MIN_BYTES, readBibtexPartsSteps } from './sources/bibsplit';
import { DETECT_CHARS, detectFormat, readSource, type ReadOptions } from './sources/detect';
import { ITEMS_PER_STEP, type Steps } from './steps';

export { applyCorrections } from './corrected';
export { addToGroups, identifiersOf, joinByIdentifier, mergeGroup, mergeSteps } from './dedupe';
export { enrichPaper } from './extract';
export { SharedExtraction } from './sharedExtraction';
// A paper new to an updated library gets its key here: only building and updating make keys.
export { citationKey } from './keys';
// The index's engine: building and updating fill the index with it (a restore imports it itself, see PaperIndex.fromSaved).
export * as engine from './engine';

/** Whether `file` is a `.bib` large enough to be read in parts, as its start tells (`detectFormat` reads no further). */
function isLargeBibtex(file: { name: string; bytes: Uint8Array }): boolean {
  return file.bytes.length >= CUT_MIN_BYTES && detectFormat(file.name, new TextDecoder().decode(file.bytes.subarray(0, DETECT_CHARS))) === 'bibtex';
}

type FileRead = { entries: Entry[]; report: FileReport; problems: Problem[] };

/**
 * One file's decode and read: its sightings, report and problems. The format is told by content
 * (`detectFormat`); text of no known format is read as a Hugging Face page, as before formats existed.
 * `onRead` hears the sightings as they are read: a large `.bib` part by part, any other file at its end.
 */
export function* readFileSteps(file: DigestFile, read: ReadOptions = {}, onRead?: (entries: readonly Entry[]) => void): Steps<FileRead> {
  const result = yield* readInFormatSteps(file, read, onRead);
  if (!result.toldInParts) onRead?.(result.entries);
  return { entries: result.entries, report: result.report, problems: result.problems };
}

function* readInFormatSteps(file: DigestFile, read: ReadOptions, onRead?: (entries: readonly Entry[]) => void): Steps<FileRead & { toldInParts?: boolean }> {
  // A large `.bib` is read in parts, so the worker extracts the first ones while the rest is read.
  const parts =
    onRead && read.parseBibtex && 'bytes' in file && isLargeBibtex(file) ? yield* readBibtexPartsSteps(file.name, file.bytes, read.parseBibtex, onRead) : null;
  if (parts)
    return {
      toldInParts: true,
      entries: parts.entries,
      report: { name: file.name, layout: parts.entries.length ? 'compact' : 'empty', entries: parts.entries.length, format: 'bibtex' },
      problems: parts.problems,
    };
  let text: string | null;
  const problems: Problem[] = [];
  if ('text' in file) {
    text = file.text;
  } else {
    const decoded = decodeDigest(file.bytes, file.name);
    problems.push(...decoded.problems);
    text = decoded.text;
  }
  if (text === null) return { entries: [], report: { name: file.name, layout: 'empty', entries: 0, format: null }, problems };
  const format = detectFormat(file.name, text);
  if (format === 'hfpage' || format === null) {
    const parsed = yield* parseDigestSteps(text, file.name);
    for (const e of parsed.entries) e.source.origin = 'hfpage';
    return {
      entries: parsed.entries,
      report: { name: file.name, layout: parsed.layout, entries: parsed.entries.length, format: 'hfpage' },
      problems: [...problems, ...parsed.problems],
    };
  }
  yield;
  const source = readSource({ name: file.name, text }, read, format);
  return {
    entries: source.entries,
    report: { name: file.name, layout: source.entries.length ? 'compact' : 'empty', entries: source.entries.length, format },
    problems: [...problems, ...source.problems],
  };
}

/**
 * Topics, hardware and claims for each merged paper, in place: taken from `known` (what the worker and this thread
 * extracted while sharing, see `SharedExtraction`) when it holds the paper's title and abstract, else extracted here.
 */
export function* enrichSteps(merged: MergedPaper[], knowledge: Knowledge, known?: ByTitleAndAbstract<Enrichment>): Steps<Paper[]> {
  const papers: Paper[] = new Array(merged.length);
  for (let i = 0; i < merged.length; i++) {
    if (i % (ITEMS_PER_STEP / 4) === 0) yield;
    const done = known?.get(merged[i]);
    papers[i] = done ? Object.assign(merged[i], done) : enrichPaper(merged[i], knowledge);
  }
  return papers;
}
