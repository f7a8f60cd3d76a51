/** Library: the loaded digests as papers and an index, built in steps with the builder (builder.ts) or restored, and updated file by file. */
import type { CorrectionsByKey } from './corrections';
import { bySource, type Entry, type MergedPaper, type Origin, type Paper, type Problem } from './model';
import type { Layout } from './parse';
import type { DecisionLookup } from './query';
import { importEngine, PaperIndex, type Hit, type SearchEngine } from './search';
import type { SavedIndex } from './savedIndex';
import type { ReadOptions } from './sources/detect';
import { ITEMS_PER_STEP, runSync, type Steps } from './steps';
import { titleIdentity } from './text';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './vocabulary';

/**
 * The code that reads sources, merges, extracts and applies corrections (`builder.ts`): what building or updating a
 * library needs and a restored one does not. The extension loads it as a chunk of its own on first need and passes it in.
 */
export type BuildKit = typeof import('./builder');

/** One digest file as read by the caller: raw bytes (decoded here) or text already decoded. */
export type DigestFile = { name: string; bytes: Uint8Array } | { name: string; text: string };

/** The size of a library's inputs (bytes, or characters of text given as text): what decides whether a worker pays. */
export function inputSize(files: readonly DigestFile[]): number {
  return files.reduce((sum, f) => sum + ('text' in f ? f.text.length : f.bytes.length), 0);
}

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
 * The library. Build it with `Library.buildSteps` and the builder (in slices; `buildLibrary` in build.ts at once); then
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
  /** The builder, once this library was built or had its sources attached with it (or corrections needed it). */
  private kit: BuildKit | undefined;
  /**
   * The search engine, for a library that must fill its index without the builder (restored from a cache saved
   * without its index, or restored without one to be built on first use): see `loadEngine`.
   */
  private engine: SearchEngine | undefined;

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
   * a missing index. That needs MiniSearch at hand: the builder's, or the one `loadEngine` loaded (a restore does).
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

  /** A library of no papers (what a store shows before its first load): needs no builder; its index finds nothing. */
  static empty(knowledge: Knowledge = DEFAULT_KNOWLEDGE): Library {
    const library = new Library(knowledge, {}, true);
    library.ordered = [];
    return library;
  }

  /**
   * Builds a library in short steps with `kit` (the builder): parse each file, merge, extract, index. `onPapers` is called
   * with the library once its papers are ready and before indexing, so a tree can show them while
   * the search index is still being built. With `index` false no search index is built now (`litdigest papers`
   * needs none: it was 60 % of that command's time); `index` builds it on first use.
   */
  static *buildSteps(
    kit: BuildKit,
    files: readonly DigestFile[],
    knowledge: Knowledge = DEFAULT_KNOWLEDGE,
    onPapers?: (library: Library) => void,
    read: ReadOptions = {},
    index = true,
  ): Steps<Library> {
    const library = new Library(knowledge, read, index);
    library.kit = kit;
    const all: Entry[] = [];
    // With a worker at hand, it extracts what this thread reads while this thread reads on and merges.
    const shared = kit.SharedExtraction.forInput(inputSize(files), knowledge, read.shareExtraction);
    for (const file of files) {
      const result = yield* kit.readFileSteps(file, read, shared ? (entries) => shared.add(entries) : undefined);
      library.files.set(file.name, result);
      for (const e of result.entries) {
        all.push(e);
        library.own(e);
      }
    }
    const merged = yield* kit.mergeSteps(all);
    library.groups = merged.groups;
    if (shared) yield* shared.finishSteps();
    const papers = yield* kit.enrichSteps(merged.papers, knowledge, shared?.known);
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
  async restoreIndex(saved: SavedIndex): Promise<void> {
    this.indexed = await PaperIndex.fromSaved(
      saved,
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
    const engine = this.kit?.engine ?? this.engine;
    // A built or attached library has the builder's; a restored one has what `loadEngine` loaded.
    if (!engine) throw new Error('Library.indexSteps: no MiniSearch to index with (loadEngine first)');
    this.indexed ??= this.emptyIndex();
    yield* this.indexed.addSteps(this.extractedPapers, engine);
    this.indexMadeBy = 'build';
  }

  /**
   * Loads the search engine (in the extension a chunk of its own, dist/engine.js) so that a library without the builder
   * can fill its index, in steps or at once on first use of `index`. Building and attaching sources need not call it.
   */
  async loadEngine(): Promise<void> {
    this.engine ??= this.kit?.engine ?? (await importEngine());
  }

  private restoredReports: FileReport[] | null = null;
  private restoredProblems: Problem[] | null = null;

  /** Whether the sightings behind the papers are known (always, except just after `restore`). */
  get hasSources(): boolean {
    return this.restoredReports === null;
  }

  /** Reads the files a restored library came from with `kit` (the builder), so that `update` can merge with their sightings. */
  *attachSteps(files: readonly DigestFile[], kit: BuildKit): Steps<void> {
    this.kit = kit;
    const papers = this.extractedPapers;
    for (let i = 0; i < papers.length; i++) {
      if (i % ITEMS_PER_STEP === 0) yield;
      this.place(papers[i], [titleIdentity(papers[i].title)]);
    }
    for (const file of files) {
      const result = yield* kit.readFileSteps(file, this.read);
      this.files.set(file.name, result);
      for (const e of result.entries) {
        kit.addToGroups(this.groups, e);
        this.own(e);
      }
    }
    // The cache knows each paper by its kept title; the sightings say which other titles an identifier joined to it.
    for (const group of kit.joinByIdentifier(this.groups)) {
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
   * library wait for their paper; updates keep them. Applying them needs the builder: `kit`, unless this library
   * already has it; throws when there are corrections and neither has (a caller's mistake, not bad input).
   */
  setCorrections(corrections: CorrectionsByKey, kit?: BuildKit): void {
    this.kit ??= kit;
    if (corrections.size && !this.kit) throw new Error('Library.setCorrections: corrections need the builder (builder.ts)');
    if (corrections === this.corrections) return;
    this.corrections = corrections;
    this.viewed = null;
    this.bibKeyed = null;
  }

  private view(): { papers: Paper[]; byKey: Map<string, Paper> } {
    const from = this.extractedPapers;
    if (this.viewed?.from !== from) {
      const corrected = new Map<Paper, Paper>();
      // setCorrections saw to it: there are corrections only once the builder is here.
      const { applyCorrections } = this.kit!;
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
    const kit = this.kit;
    // Built or attached libraries have it; the store reloads a restored one whose sources are not attached yet.
    if (!kit || !this.hasSources) throw new Error('Library.update: the library has no sources attached (attachSteps)');
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
      const result = runSync(kit.readFileSteps(file, this.read));
      this.files.set(file.name, result);
      for (const e of result.entries) {
        kit.addToGroups(this.groups, e);
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
    for (const group of kit.joinByIdentifier(regroup)) {
      const ids = [...new Set(group.map((e) => titleIdentity(e.title)))];
      const problems: Problem[] = [];
      const merged = kit.mergeGroup(group, problems);
      const paper = kit.enrichPaper({ key: this.keyFor(kit, merged.title, titleIdentity(merged.title)), ...merged } as MergedPaper, this.knowledge);
      this.place(paper, ids);
      for (const p of problems) this.addMergeProblem(p, ids[0]);
      fresh.push(paper);
      if (ids.some((id) => goneIds.has(id))) summary.changed++;
      else summary.added++;
    }
    summary.removed = Math.max(0, gone.size - summary.changed);
    // A lazy index is built later from the papers as they are then.
    this.indexed?.update([...gone], fresh, kit.engine);
    this.ordered = null;
    this.bibKeyed = null;
    return summary;
  }

  /** Records which title identity carries each of a sighting's identifiers. */
  private own(entry: Entry): void {
    const ids = this.kit!.identifiersOf(entry);
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
      for (const e of this.groups.get(id) ?? []) for (const ident of this.kit!.identifiersOf(e)) queue.push(...(this.owners.get(ident) ?? []));
    }
    return affected;
  }

  /**
   * The key of a paper new to the library. Keys depend only on the title; in the rare case that
   * another paper holds the same 4-character key, the new one takes 8 (then 12) characters, as
   * `assignKeys` does. (A full rebuild lengthens both; the rule is the same function of the titles.)
   */
  private keyFor(kit: BuildKit, title: string, id: string): string {
    for (const chars of [4, 8, 12]) {
      const key = kit.citationKey(title, chars);
      const holder = this.keyed.get(key);
      if (!holder || titleIdentity(holder.title) === id) return key;
    }
    return kit.citationKey(title, 12);
  }
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
