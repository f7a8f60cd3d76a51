/** Library: the loaded digests as papers and an index, built in steps (buildLibrary) and updated file by file. */
import { decodeDigest } from './decode';
import { applyCorrections, type CorrectionsByKey } from './corrections';
import { addToGroups, bySource, identifiersOf, joinByIdentifier, mergeGroup, mergeSteps } from './dedupe';
import { ByTitleAndAbstract, DEFAULT_KNOWLEDGE, enrichPaper, type Enrichment, type Knowledge } from './extract';
import { citationKey } from './keys';
import type { Entry, MergedPaper, Origin, Paper, Problem } from './model';
import { parseDigestSteps, type Layout } from './parse';
import type { DecisionLookup } from './query';
import { PaperIndex, type Hit } from './search';
import { readCutSteps, type CutContext } from './sources/bibsplit';
import { detectFormat, readSource, type ReadOptions } from './sources/detect';
import { awaitSteps, ITEMS_PER_STEP, runSliced, runSync, type Steps } from './steps';
import { titleIdentity } from './text';

/** One digest file as read by the caller: raw bytes (decoded here) or text already decoded. */
export type DigestFile = { name: string; bytes: Uint8Array } | { name: string; text: string };

/** What was read from one file. */
export interface FileReport {
  name: string;
  /** The Hugging Face page layout; `empty` for a file with no entries, `compact` for the other formats. */
  layout: Layout;
  entries: number;
  /** The file's format (see `detectFormat`); absent in reports cached before formats were told apart. */
  format?: Origin | null;
}

/** What an update changed, for the log and the tree. */
export interface UpdateSummary {
  added: number;
  changed: number;
  removed: number;
}

/**
 * One file's decode and read: its sightings, report and problems. The format is told by content
 * (`detectFormat`); text of no known format is read as a Hugging Face page, as before formats existed.
 */
export function* readFileSteps(
  file: DigestFile,
  read: ReadOptions = {},
  cut?: CutContext,
): Steps<{ entries: Entry[]; report: FileReport; problems: Problem[] }> {
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
  const source = (cut && format === 'bibtex' && (yield* readCutSteps(file.name, text, read, cut))) || readSource({ name: file.name, text }, read, format);
  return {
    entries: source.entries,
    report: { name: file.name, layout: source.entries.length ? 'compact' : 'empty', entries: source.entries.length, format },
    problems: [...problems, ...source.problems],
  };
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
function startAside(
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
function* enrichSteps(merged: MergedPaper[], knowledge: Knowledge, job: AsideJob | undefined, known: ByTitleAndAbstract<Enrichment>): Steps<Paper[]> {
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

/**
 * The library. Build it with `Library.build` (at once) or `Library.buildSteps` (in slices); then
 * `update` replaces, adds or removes whole files and redoes only the papers they touch, so a new
 * daily page costs milliseconds however large the library. Never throws on bad input.
 */
export class Library {
  private readonly files = new Map<string, { entries: Entry[]; report: FileReport; problems: Problem[] }>();
  /** Sightings by title identity. */
  private groups = new Map<string, Entry[]>();
  /** The title identities whose sightings carried an identifier (`arxiv:…`, `doi:…`); may name groups that no longer do. */
  private readonly owners = new Map<string, Set<string>>();
  /** Each title identity's paper: several identities share one paper when an arXiv id or DOI joined them. */
  private readonly byIdentity = new Map<string, Paper>();
  /** Each paper's title identities. */
  private readonly members = new Map<Paper, string[]>();
  private readonly mergeProblems = new Map<string, Problem[]>();
  private readonly keyed = new Map<string, Paper>();
  private ordered: Paper[] | null = null;
  private bibKeyed: Map<string, Paper> | null = null;
  private corrections: CorrectionsByKey = new Map();
  /** The papers as shown, corrections applied, made from `ordered` when first asked for after a change. */
  private viewed: { from: Paper[]; papers: Paper[]; byKey: Map<string, Paper> } | null = null;
  /** The search index, or undefined while it is lazy (see `index`). */
  private indexed: PaperIndex | undefined;
  private indexMadeBy: 'build' | 'cache' | null = null;

  private constructor(
    readonly knowledge: Knowledge,
    private readonly read: ReadOptions,
    index: boolean,
  ) {
    // An index filled later in steps (a build) or replaced (a restore); without one, `index` builds it on first use.
    if (index) this.indexed = this.emptyIndex();
  }

  private emptyIndex(): PaperIndex {
    return new PaperIndex(
      (key) => this.byKey.get(key),
      () => this.papers,
    );
  }

  /**
   * The full-text index of the papers as extraction made them. A library built or restored without one (`index`
   * false: `litdigest papers` needs none) builds it here, at once, on first use, so a search is never answered by
   * a missing index.
   */
  get index(): PaperIndex {
    if (!this.indexed) runSync(this.indexSteps());
    return this.indexed!;
  }

  /** Whether the library has its index (possibly still being filled) rather than making it on first use. */
  get hasIndex(): boolean {
    return this.indexed !== undefined;
  }

  /**
   * Where the index came from: `build` (indexed from the papers in this process), `cache` (loaded from a saved
   * library), or null (none yet, or a restored library's index not loaded yet). A library restored without an
   * index that then built one is worth saving again.
   */
  get indexSource(): 'build' | 'cache' | null {
    return this.indexMadeBy;
  }

  /** Builds a library at once. `read` gives the readers some formats need (the BibTeX parser). */
  static build(files: readonly DigestFile[], knowledge: Knowledge = DEFAULT_KNOWLEDGE, read: ReadOptions = {}, index = true): Library {
    // At once means on this thread: steps that wait for a worker cannot run synchronously.
    return runSync(Library.buildSteps(files, knowledge, undefined, { ...read, enrichAside: undefined }, index));
  }

  /**
   * Builds a library in short steps: parse each file, merge, extract, index. `onPapers` is called
   * with the library once its papers are ready and before indexing, so a tree can show them while
   * the search index is still being built. With `index` false no search index is built now (`litdigest papers`
   * needs none: it was 60 % of that command's time); `index` builds it on first use.
   */
  static *buildSteps(
    files: readonly DigestFile[],
    knowledge: Knowledge = DEFAULT_KNOWLEDGE,
    onPapers?: (library: Library) => void,
    read: ReadOptions = {},
    index = true,
  ): Steps<Library> {
    const library = new Library(knowledge, read, index);
    const all: Entry[] = [];
    const cut: CutContext = { knowledge, known: new ByTitleAndAbstract() };
    for (const file of files) {
      const result = yield* readFileSteps(file, read, cut);
      library.files.set(file.name, result);
      for (const e of result.entries) {
        all.push(e);
        library.own(e);
      }
    }
    // The worker starts on its part now, and extracts while this thread merges.
    const aside = startAside(all, knowledge, read.enrichAside, cut.known);
    const merged = yield* mergeSteps(all);
    library.groups = merged.groups;
    const papers = yield* enrichSteps(merged.papers, knowledge, aside, cut.known);
    for (let i = 0; i < papers.length; i++) {
      if (i % ITEMS_PER_STEP === 0) yield;
      library.place(papers[i], merged.members[i]);
    }
    const lines = new Map<string, Map<number, Entry>>();
    for (const p of merged.problems) library.addMergeProblem(p, undefined, lines);
    library.ordered = papers;
    onPapers?.(library);
    if (index) yield* library.indexSteps();
    return library;
  }

  /**
   * A library of saved `papers` (with the file reports and problems saved beside them), before its index:
   * the tree can show it at once; `restoreIndex` then loads the saved index. Nothing is parsed or extracted again.
   * Its sources are attached afterwards by `attachSteps`; `update` needs them. With `index` false the saved
   * index is not wanted: `index` builds one on first use; otherwise the index is empty until `restoreIndex` or
   * `indexSteps` fills it (a search while the extension restores finds nothing rather than blocking the thread).
   */
  static restore(papers: Paper[], reports: FileReport[], problems: Problem[], knowledge: Knowledge, read: ReadOptions = {}, index = true): Library {
    const library = new Library(knowledge, read, index);
    // Lookup by key is all a restored library answers; title identities wait for `attachSteps` (the CLI never needs them).
    for (const paper of papers) library.keyed.set(paper.key, paper);
    library.ordered = papers;
    library.restoredReports = reports;
    library.restoredProblems = problems;
    return library;
  }

  /** Loads the saved index of a `restore`d library (in batches, so the event loop keeps turning). Rejects when it does not load. */
  async restoreIndex(indexJS: Parameters<typeof PaperIndex.fromJS>[0]): Promise<void> {
    this.indexed = await PaperIndex.fromJS(
      indexJS,
      (key) => this.byKey.get(key),
      () => this.papers,
    );
    this.indexMadeBy = 'cache';
  }

  /**
   * Fills the library's index (made here when it has none) from its papers, in steps: after a build, for a library
   * restored from a cache saved without its index, and on first use of a lazy one.
   */
  *indexSteps(): Steps<void> {
    this.indexed ??= this.emptyIndex();
    yield* this.indexed.addSteps(this.extractedPapers);
    this.indexMadeBy = 'build';
  }

  private restoredReports: FileReport[] | null = null;
  private restoredProblems: Problem[] | null = null;

  /** Whether the sightings behind the papers are known (always, except just after `restore`). */
  get hasSources(): boolean {
    return this.restoredReports === null;
  }

  /** Reads the files a restored library came from, so that `update` can merge with their sightings. */
  *attachSteps(files: readonly DigestFile[]): Steps<void> {
    const papers = this.extractedPapers;
    for (let i = 0; i < papers.length; i++) {
      if (i % ITEMS_PER_STEP === 0) yield;
      this.place(papers[i], [titleIdentity(papers[i].title)]);
    }
    for (const file of files) {
      const result = yield* readFileSteps(file, this.read);
      this.files.set(file.name, result);
      for (const e of result.entries) {
        addToGroups(this.groups, e);
        this.own(e);
      }
    }
    // The cache knows each paper by its kept title; the sightings say which other titles an identifier joined to it.
    for (const group of joinByIdentifier(this.groups)) {
      const ids = [...new Set(group.map((e) => titleIdentity(e.title)))];
      const paper = ids.map((id) => this.byIdentity.get(id)).find((p) => p !== undefined);
      if (paper) this.place(paper, ids);
    }
    const merge = this.restoredProblems?.filter((p) => !this.files.get(p.file)?.problems.includes(p)) ?? [];
    const lines = new Map<string, Map<number, Entry>>();
    for (const p of merge) this.addMergeProblem(p, undefined, lines);
    this.restoredReports = null;
    this.restoredProblems = null;
  }

  /**
   * Papers in library order (by the file and line of their first sighting), with the reviewers'
   * corrections applied (see `setCorrections`): what every view, search and the CLI show.
   */
  get papers(): Paper[] {
    return this.corrections.size ? this.view().papers : this.extractedPapers;
  }

  /** Papers in library order as extraction made them, without corrections: what the cache saves. */
  get extractedPapers(): Paper[] {
    this.ordered ??= [...this.members.keys()].sort((a, b) => bySource(a.sources[0], b.sources[0]));
    return this.ordered;
  }

  /** Papers by citation key, corrections applied. */
  get byKey(): ReadonlyMap<string, Paper> {
    return this.corrections.size ? this.view().byKey : this.keyed;
  }

  /**
   * Sets the reviewers' corrections (by key; see `teamCorrections`), replacing any set before: from
   * now on `papers`, `byKey`, `byBibKey` and search hits (and their `hw:` filter) show each paper
   * with `applyCorrections`, and a paper without corrections as extraction made it (the same
   * object). The full-text index keeps extraction's hardware words. Corrections of keys not in the
   * library wait for their paper; updates keep them.
   */
  setCorrections(corrections: CorrectionsByKey): void {
    if (corrections === this.corrections) return;
    this.corrections = corrections;
    this.viewed = null;
    this.bibKeyed = null;
  }

  private view(): { papers: Paper[]; byKey: Map<string, Paper> } {
    const from = this.extractedPapers;
    if (this.viewed?.from !== from) {
      const corrected = new Map<Paper, Paper>();
      for (const p of from) {
        const c = this.corrections.get(p.key);
        if (c) corrected.set(p, applyCorrections(p, c, this.knowledge.catalog));
      }
      const byKey = new Map(this.keyed);
      for (const key of this.corrections.keys()) {
        const paper = this.keyed.get(key);
        const shown = paper && corrected.get(paper);
        if (shown) byKey.set(key, shown);
      }
      this.viewed = { from, papers: from.map((p) => corrected.get(p) ?? p), byKey };
    }
    return this.viewed;
  }

  /**
   * Papers by the keys the user's bibliographies (`.bib` keys, CSL-JSON ids) give them, exactly as written.
   * A key two papers share belongs to the first in library order.
   */
  get byBibKey(): ReadonlyMap<string, Paper> {
    if (!this.bibKeyed) {
      const map = new Map<string, Paper>();
      for (const paper of this.papers) for (const s of paper.sources) if (s.bibKey && !map.has(s.bibKey)) map.set(s.bibKey, paper);
      this.bibKeyed = map;
    }
    return this.bibKeyed;
  }

  get fileReports(): FileReport[] {
    return this.restoredReports ?? [...this.files.values()].map((f) => f.report);
  }

  get problems(): Problem[] {
    return this.restoredProblems ?? [...[...this.files.values()].flatMap((f) => f.problems), ...[...this.mergeProblems.values()].flat()];
  }

  /** Names of the files the library holds. */
  get fileNames(): string[] {
    return [...this.files.keys()];
  }

  /**
   * Replaces files (a name seen before) or adds them (a new name), and removes `removed` files.
   * Only the papers whose sightings changed, and papers an arXiv id or DOI joins them to, are merged,
   * extracted and indexed again.
   */
  update(changed: readonly DigestFile[], removed: readonly string[] = []): UpdateSummary {
    const touched = new Set<string>();
    const drop = (name: string) => {
      const old = this.files.get(name);
      if (!old) return;
      this.files.delete(name);
      for (const e of old.entries) {
        const id = titleIdentity(e.title);
        touched.add(id);
        const group = this.groups.get(id)?.filter((g) => g !== e);
        if (group?.length) this.groups.set(id, group);
        else this.groups.delete(id);
      }
    };
    for (const name of removed) drop(name);
    for (const file of changed) {
      drop(file.name);
      const result = runSync(readFileSteps(file, this.read));
      this.files.set(file.name, result);
      for (const e of result.entries) {
        addToGroups(this.groups, e);
        this.own(e);
        touched.add(titleIdentity(e.title));
      }
    }
    const affected = this.connected(touched);
    const gone = new Set<Paper>();
    for (const id of affected) {
      const before = this.byIdentity.get(id);
      if (before) gone.add(before);
      this.byIdentity.delete(id);
      this.mergeProblems.delete(id);
    }
    for (const paper of gone) {
      if (this.keyed.get(paper.key) === paper) this.keyed.delete(paper.key);
      this.members.delete(paper);
    }
    const regroup = new Map<string, Entry[]>();
    for (const id of affected) {
      const group = this.groups.get(id);
      if (group) regroup.set(id, group);
    }
    const summary: UpdateSummary = { added: 0, changed: 0, removed: 0 };
    const goneIds = new Set([...gone].map((p) => titleIdentity(p.title)));
    const fresh: Paper[] = [];
    for (const group of joinByIdentifier(regroup)) {
      const ids = [...new Set(group.map((e) => titleIdentity(e.title)))];
      const problems: Problem[] = [];
      const merged = mergeGroup(group, problems);
      const paper = enrichPaper({ key: this.keyFor(merged.title, titleIdentity(merged.title)), ...merged } as MergedPaper, this.knowledge);
      this.place(paper, ids);
      for (const p of problems) this.addMergeProblem(p, ids[0]);
      fresh.push(paper);
      if (ids.some((id) => goneIds.has(id))) summary.changed++;
      else summary.added++;
    }
    summary.removed = Math.max(0, gone.size - summary.changed);
    // A lazy index is built later from the papers as they are then.
    this.indexed?.update([...gone], fresh);
    this.ordered = null;
    this.bibKeyed = null;
    return summary;
  }

  /** Records which title identity carries each of a sighting's identifiers. */
  private own(entry: Entry): void {
    const ids = identifiersOf(entry);
    if (!ids.length) return;
    const id = titleIdentity(entry.title);
    for (const ident of ids) {
      const owners = this.owners.get(ident);
      if (owners) owners.add(id);
      else this.owners.set(ident, new Set([id]));
    }
  }

  /** `paper` is the paper of each title identity in `ids`. */
  private place(paper: Paper, ids: string[]): void {
    for (const id of ids) this.byIdentity.set(id, paper);
    this.members.set(paper, ids);
    this.keyed.set(paper.key, paper);
  }

  private addMergeProblem(problem: Problem, id?: string, lines?: Map<string, Map<number, Entry>>): void {
    let at = id;
    if (at === undefined) {
      // A problem names a sighting by file and line; a map of them makes thousands of problems cost one pass.
      let byLine = lines?.get(problem.file);
      if (!byLine) {
        byLine = new Map(this.files.get(problem.file)?.entries.map((e) => [e.source.line, e]));
        lines?.set(problem.file, byLine);
      }
      at = titleIdentity(byLine.get(problem.line)?.title ?? '');
    }
    const list = this.mergeProblems.get(at);
    if (list) list.push(problem);
    else this.mergeProblems.set(at, [problem]);
  }

  /**
   * The title identities whose papers an update of `touched` must redo: each touched one, every identity its old
   * paper held, and every identity an arXiv id or DOI now joins to any of those.
   */
  private connected(touched: Iterable<string>): Set<string> {
    const affected = new Set<string>();
    const queue = [...touched];
    while (queue.length) {
      const id = queue.pop()!;
      if (affected.has(id)) continue;
      affected.add(id);
      const old = this.byIdentity.get(id);
      if (old) queue.push(...(this.members.get(old) ?? []));
      for (const e of this.groups.get(id) ?? []) for (const ident of identifiersOf(e)) queue.push(...(this.owners.get(ident) ?? []));
    }
    return affected;
  }

  /**
   * The key of a paper new to the library. Keys depend only on the title; in the rare case that
   * another paper holds the same 4-character key, the new one takes 8 (then 12) characters, as
   * `assignKeys` does. (A full rebuild lengthens both; the rule is the same function of the titles.)
   */
  private keyFor(title: string, id: string): string {
    for (const chars of [4, 8, 12]) {
      const key = citationKey(title, chars);
      const holder = this.keyed.get(key);
      if (!holder || titleIdentity(holder.title) === id) return key;
    }
    return citationKey(title, 12);
  }
}

/** Decodes and parses every file at once (the parse stage alone, for benchmarks). */
export function parseFiles(files: readonly DigestFile[], options: ReadOptions = {}): { entries: Entry[]; files: FileReport[]; problems: Problem[] } {
  const result = { entries: [] as Entry[], files: [] as FileReport[], problems: [] as Problem[] };
  for (const file of files) {
    const read = runSync(readFileSteps(file, options));
    for (const e of read.entries) result.entries.push(e);
    result.files.push(read.report);
    result.problems.push(...read.problems);
  }
  return result;
}

/** Parse → merge → enrich → index (unless `index` is false), at once. Never throws on bad input: everything wrong is in `problems`. */
export function buildLibrary(files: readonly DigestFile[], knowledge?: Knowledge, read?: ReadOptions, index = true): Library {
  return Library.build(files, knowledge, read, index);
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
  return runSliced(Library.buildSteps(files, knowledge, onPapers, read), budgetMs);
}

/**
 * What a search for `text` finds in `library`, as the Search Papers picker shows it and `litdigest search`
 * prints it: free text ranked by the index, field filters (`hw:fpga topic:speculative year:>=2025 org:nvidia
 * key:help`, see `parseQuery`) applied to every hit, filters alone listing the papers that pass in library
 * order (score 0), and blank text listing the first `limit` papers (score 0). `invalid` holds the filter
 * terms that could not be read (e.g. `year:soon`); they are ignored. At most `limit` hits (default 20).
 * `decisionOf` gives `status:`, `tag:`, `reason:` and `note:` the reviewer's decisions (default: every paper unscreened).
 */
export function searchLibrary(library: Library, text: string, limit = 20, decisionOf?: DecisionLookup): { hits: Hit[]; invalid: string[] } {
  if (!text.trim()) return { hits: library.papers.slice(0, limit).map((paper) => ({ paper, score: 0 })), invalid: [] };
  return library.index.query(text, limit, decisionOf);
}
