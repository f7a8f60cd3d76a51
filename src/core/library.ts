/** Library: the loaded digests as papers and an index, built in steps (buildLibrary) and updated file by file. */
import { decodeDigest } from './decode';
import { addToGroups, bySource, mergeGroup, mergeSteps } from './dedupe';
import { DEFAULT_KNOWLEDGE, enrichPaper, type Knowledge } from './extract';
import { citationKey } from './keys';
import type { Entry, MergedPaper, Paper, Problem } from './model';
import { parseDigestSteps, type Layout } from './parse';
import type { DecisionLookup } from './query';
import { PaperIndex, type Hit } from './search';
import { ITEMS_PER_STEP, runSliced, runSync, type Steps } from './steps';
import { titleIdentity } from './text';

/** One digest file as read by the caller: raw bytes (decoded here) or text already decoded. */
export type DigestFile = { name: string; bytes: Uint8Array } | { name: string; text: string };

/** What was read from one file. */
export interface FileReport {
  name: string;
  layout: Layout;
  entries: number;
}

/** What an update changed, for the log and the tree. */
export interface UpdateSummary {
  added: number;
  changed: number;
  removed: number;
}

/** One file's decode and parse: its sightings, report and problems. */
export function* readFileSteps(file: DigestFile): Steps<{ entries: Entry[]; report: FileReport; problems: Problem[] }> {
  let text: string | null;
  const problems: Problem[] = [];
  if ('text' in file) {
    text = file.text;
  } else {
    const decoded = decodeDigest(file.bytes, file.name);
    problems.push(...decoded.problems);
    text = decoded.text;
  }
  if (text === null) return { entries: [], report: { name: file.name, layout: 'empty', entries: 0 }, problems };
  const parsed = yield* parseDigestSteps(text, file.name);
  return {
    entries: parsed.entries,
    report: { name: file.name, layout: parsed.layout, entries: parsed.entries.length },
    problems: [...problems, ...parsed.problems],
  };
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
  private readonly byIdentity = new Map<string, Paper>();
  private readonly mergeProblems = new Map<string, Problem[]>();
  private readonly keyed = new Map<string, Paper>();
  private ordered: Paper[] | null = null;
  readonly index: PaperIndex;

  private constructor(readonly knowledge: Knowledge) {
    this.index = new PaperIndex(
      (key) => this.keyed.get(key),
      () => this.papers,
    );
  }

  /** Builds a library at once. */
  static build(files: readonly DigestFile[], knowledge: Knowledge = DEFAULT_KNOWLEDGE): Library {
    return runSync(Library.buildSteps(files, knowledge));
  }

  /**
   * Builds a library in short steps: parse each file, merge, extract, index. `onPapers` is called
   * with the library once its papers are ready and before indexing, so a tree can show them while
   * the search index is still being built.
   */
  static *buildSteps(files: readonly DigestFile[], knowledge: Knowledge = DEFAULT_KNOWLEDGE, onPapers?: (library: Library) => void): Steps<Library> {
    const library = new Library(knowledge);
    const all: Entry[] = [];
    for (const file of files) {
      const read = yield* readFileSteps(file);
      library.files.set(file.name, read);
      for (const e of read.entries) all.push(e);
    }
    const merged = yield* mergeSteps(all);
    library.groups = merged.groups;
    for (const p of merged.problems) {
      const id = titleIdentity(library.files.get(p.file)?.entries.find((e) => e.source.line === p.line)?.title ?? '');
      library.mergeProblems.set(id, [...(library.mergeProblems.get(id) ?? []), p]);
    }
    const papers: Paper[] = [];
    for (let i = 0; i < merged.papers.length; i++) {
      if (i % (ITEMS_PER_STEP / 4) === 0) yield;
      const paper = enrichPaper(merged.papers[i], knowledge);
      papers.push(paper);
      library.byIdentity.set(titleIdentity(paper.title), paper);
      library.keyed.set(paper.key, paper);
    }
    library.ordered = papers;
    onPapers?.(library);
    yield* library.index.addSteps(papers);
    return library;
  }

  /**
   * A library restored from a cache: papers and index as saved, without parsing or extracting.
   * Its sources are attached afterwards by `attachSteps`; `update` needs them.
   */
  static async restore(
    papers: Paper[],
    indexJS: Parameters<typeof PaperIndex.fromJS>[0],
    reports: FileReport[],
    problems: Problem[],
    knowledge: Knowledge,
    onPapers?: (library: Library) => void,
  ): Promise<Library> {
    const library = new Library(knowledge);
    for (const paper of papers) {
      library.byIdentity.set(titleIdentity(paper.title), paper);
      library.keyed.set(paper.key, paper);
    }
    library.ordered = papers;
    library.restoredReports = reports;
    library.restoredProblems = problems;
    onPapers?.(library);
    (library as { index: PaperIndex }).index = await PaperIndex.fromJS(
      indexJS,
      (key) => library.keyed.get(key),
      () => library.papers,
    );
    return library;
  }

  private restoredReports: FileReport[] | null = null;
  private restoredProblems: Problem[] | null = null;

  /** Whether the sightings behind the papers are known (always, except just after `restore`). */
  get hasSources(): boolean {
    return this.restoredReports === null;
  }

  /** Reads the files a restored library came from, so that `update` can merge with their sightings. */
  *attachSteps(files: readonly DigestFile[]): Steps<void> {
    for (const file of files) {
      const read = yield* readFileSteps(file);
      this.files.set(file.name, read);
      for (const e of read.entries) addToGroups(this.groups, e);
    }
    const merge = this.restoredProblems?.filter((p) => !this.files.get(p.file)?.problems.includes(p)) ?? [];
    for (const p of merge) {
      const id = titleIdentity(this.files.get(p.file)?.entries.find((e) => e.source.line === p.line)?.title ?? '');
      this.mergeProblems.set(id, [...(this.mergeProblems.get(id) ?? []), p]);
    }
    this.restoredReports = null;
    this.restoredProblems = null;
  }

  /** Papers in library order: by the file and line of their first sighting. */
  get papers(): Paper[] {
    this.ordered ??= [...this.byIdentity.values()].sort((a, b) => bySource(a.sources[0], b.sources[0]));
    return this.ordered;
  }

  /** Papers by citation key. */
  get byKey(): ReadonlyMap<string, Paper> {
    return this.keyed;
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
   * Only the papers whose sightings changed are merged, extracted and indexed again.
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
      const read = runSync(readFileSteps(file));
      this.files.set(file.name, read);
      for (const e of read.entries) {
        addToGroups(this.groups, e);
        touched.add(titleIdentity(e.title));
      }
    }
    const summary: UpdateSummary = { added: 0, changed: 0, removed: 0 };
    const gone: Paper[] = [];
    const fresh: Paper[] = [];
    for (const id of touched) {
      const before = this.byIdentity.get(id);
      if (before) {
        gone.push(before);
        this.keyed.delete(before.key);
        this.byIdentity.delete(id);
      }
      this.mergeProblems.delete(id);
      const group = this.groups.get(id);
      if (!group) {
        summary.removed++;
        continue;
      }
      const problems: Problem[] = [];
      const merged = mergeGroup(group, problems);
      if (problems.length) this.mergeProblems.set(id, problems);
      const paper = enrichPaper({ key: this.keyFor(merged.title, id), ...merged } as MergedPaper, this.knowledge);
      this.byIdentity.set(id, paper);
      this.keyed.set(paper.key, paper);
      fresh.push(paper);
      if (before) summary.changed++;
      else summary.added++;
    }
    this.index.update(gone, fresh);
    this.ordered = null;
    return summary;
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
export function buildLibrary(files: readonly DigestFile[], knowledge?: Knowledge): Library {
  return Library.build(files, knowledge);
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
): Promise<Library> {
  return runSliced(Library.buildSteps(files, knowledge, onPapers), budgetMs);
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
