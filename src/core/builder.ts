/**
 * How a library is built from its sources: each file decoded and read in its format, sightings merged, topics, hardware
 * and claims extracted, reviewers' corrections applied. `Library` gets this module as its `BuildKit`; in the extension it
 * is a chunk of its own (dist/builder.js), loaded only when a library is built, updated or corrected, never to restore one.
 */
import { decodeDigest } from './decode';
import { enrichPaper, type Knowledge } from './extract';
import type { DigestFile, FileReport } from './library';
import type { Entry, MergedPaper, Paper, Problem } from './model';
import { parseDigestSteps } from './parse';
import { detectFormat, readSource, type ReadOptions } from './sources/detect';
import { awaitSteps, ITEMS_PER_STEP, type Steps } from './steps';

export { applyCorrections } from './corrected';
export { addToGroups, identifiersOf, joinByIdentifier, mergeGroup, mergeSteps } from './dedupe';
export { enrichPaper } from './extract';
// The index's engine: building and updating fill the index with it (a restore imports it itself, see PaperIndex.fromJS).
export { default as MiniSearch } from 'minisearch';

/**
 * One file's decode and read: its sightings, report and problems. The format is told by content
 * (`detectFormat`); text of no known format is read as a Hugging Face page, as before formats existed.
 */
export function* readFileSteps(file: DigestFile, read: ReadOptions = {}): Steps<{ entries: Entry[]; report: FileReport; problems: Problem[] }> {
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

/** Below this many papers a worker's start and the copying cost more than they save. */
const ENRICH_ASIDE_MIN = 2000;
/** The share of the papers extracted aside: a little under half, as the worker also pays for copying them both ways. */
const ENRICH_ASIDE_SHARE = 0.45;

/**
 * Topics, hardware and claims for each merged paper, in place. With `aside` (a worker) and enough papers, the last
 * part is extracted there while this thread does the first; if the worker fails, this thread does its part too.
 */
export function* enrichSteps(merged: MergedPaper[], knowledge: Knowledge, aside: ReadOptions['enrichAside']): Steps<Paper[]> {
  const from = aside && merged.length >= ENRICH_ASIDE_MIN ? merged.length - Math.floor(merged.length * ENRICH_ASIDE_SHARE) : merged.length;
  const elsewhere =
    from < merged.length
      ? aside!(
          merged.slice(from).map((p) => ({ title: p.title, abstract: p.abstract })),
          knowledge,
        )
      : undefined;
  // Settled here, so a worker's failure is never an unhandled rejection while this thread is busy.
  const outcome = elsewhere?.then(
    (enrichments) => (enrichments.length === merged.length - from ? enrichments : null),
    () => null,
  );
  const papers: Paper[] = [];
  for (let i = 0; i < from; i++) {
    if (i % (ITEMS_PER_STEP / 4) === 0) yield;
    papers.push(enrichPaper(merged[i], knowledge));
  }
  if (!outcome) return papers;
  const enrichments = yield* awaitSteps(outcome);
  for (let i = from; i < merged.length; i++) {
    if (!enrichments && i % (ITEMS_PER_STEP / 4) === 0) yield;
    papers.push(enrichments ? Object.assign(merged[i], enrichments[i - from]) : enrichPaper(merged[i], knowledge));
  }
  return papers;
}
