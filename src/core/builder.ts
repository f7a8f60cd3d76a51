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
import { readCutSteps, type CutContext } from './sources/bibsplit';
import { detectFormat, readSource, type ReadOptions } from './sources/detect';
import { awaitSteps, ITEMS_PER_STEP, type Steps } from './steps';

export { applyCorrections } from './corrected';
export { addToGroups, identifiersOf, joinByIdentifier, mergeGroup, mergeSteps } from './dedupe';
export { enrichPaper } from './extract';
// A paper new to an updated library gets its key here: only building and updating make keys.
export { citationKey } from './keys';
// The index's engine: building and updating fill the index with it (a restore imports it itself, see PaperIndex.fromJS).
export { default as MiniSearch } from 'minisearch';

/**
 * One file's decode and read: its sightings, report and problems. The format is told by content
 * (`detectFormat`); text of no known format is read as a Hugging Face page, as before formats existed.
 */
export function* readFileSteps(
  file: DigestFile,
  read: ReadOptions = {},
  cut?: CutContext,
): Steps<{ entries: Entry[]; report: FileReport; problems: Problem[] }> {
  // A large `.bib` is read on two threads, each decoding its own part.
  const parts = cut && 'bytes' in file ? yield* readCutSteps(file.name, file.bytes, read, cut) : null;
  if (parts)
    return {
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

/** What a build lends `readFileSteps` so that a large `.bib` is read on two threads (`readCutSteps`). */
export function cutContext(knowledge: Knowledge): CutContext {
  return { knowledge, known: new ByTitleAndAbstract() };
}

/** Below this many sightings a worker's start and the copying cost more than they save. */
const ENRICH_ASIDE_MIN = 2000;
/**
 * The share of the sightings extracted aside. The worker gets them before the merge and extracts while this thread
 * merges, so it takes more than half: this thread's merge and its share take about as long as the worker's share.
 */
const ENRICH_ASIDE_SHARE = 0.6;

/** Extraction handed to a worker: the (title, abstract) pairs it was given, by position, and its answer (null if it failed). */
interface AsideJob {
  positionOf: ByTitleAndAbstract<number>;
  outcome: Promise<Enrichment[] | null>;
}

/**
 * Sends the last part of `entries` to `aside` (a worker) before they are merged, or nothing when there are too few.
 * Extraction depends only on the title and abstract, so a merged paper with the same pair takes the worker's answer.
 */
export function startAside(
  entries: readonly Entry[],
  knowledge: Knowledge,
  aside: ReadOptions['enrichAside'],
  known: ByTitleAndAbstract<Enrichment>,
): AsideJob | undefined {
  if (!aside || entries.length - known.size < ENRICH_ASIDE_MIN) return undefined;
  const positionOf = new ByTitleAndAbstract<number>();
  const sent: { title: string; abstract: string }[] = [];
  for (let i = entries.length - Math.floor(entries.length * ENRICH_ASIDE_SHARE); i < entries.length; i++) {
    if (positionOf.get(entries[i]) !== undefined || known.get(entries[i])) continue;
    positionOf.set(entries[i], sent.length);
    sent.push({ title: entries[i].title, abstract: entries[i].abstract });
  }
  // Settled here, so a worker's failure is never an unhandled rejection while this thread is busy.
  const outcome = aside(sent, knowledge).then(
    (enrichments) => (enrichments.length === sent.length ? enrichments : null),
    () => null,
  );
  return { positionOf, outcome };
}

/**
 * Topics, hardware and claims for each merged paper, in place: this thread extracts the papers the worker was not
 * given, then takes the worker's answers; if the worker failed, this thread does those too.
 */
export function* enrichSteps(merged: MergedPaper[], knowledge: Knowledge, job: AsideJob | undefined, known: ByTitleAndAbstract<Enrichment>): Steps<Paper[]> {
  const papers: Paper[] = new Array(merged.length);
  const waiting: { at: number; position: number }[] = [];
  for (let i = 0; i < merged.length; i++) {
    if (i % (ITEMS_PER_STEP / 4) === 0) yield;
    const done = known.size ? known.get(merged[i]) : undefined;
    const position = done ? undefined : job?.positionOf.get(merged[i]);
    if (done) papers[i] = Object.assign(merged[i], done);
    else if (position === undefined) papers[i] = enrichPaper(merged[i], knowledge);
    else waiting.push({ at: i, position });
  }
  if (!job) return papers;
  const enrichments = yield* awaitSteps(job.outcome);
  for (let n = 0; n < waiting.length; n++) {
    const { at, position } = waiting[n];
    if (!enrichments && n % (ITEMS_PER_STEP / 4) === 0) yield;
    papers[at] = enrichments ? Object.assign(merged[at], enrichments[position]) : enrichPaper(merged[at], knowledge);
  }
  return papers;
}
