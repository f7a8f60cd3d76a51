/** PaperIndex: full-text search over papers, ranked from a MiniSearch index (the engine, `core/engine.ts`, is given by the builder or imported to restore an index). */
import type MiniSearch from 'minisearch';
import type { Options } from 'minisearch';
import type { Paper } from './model';
import { parseQuery, passesFilters, type DecisionLookup } from './query';
import { ITEMS_PER_STEP, runSliced, runSync, sortSteps, type Steps } from './steps';
import type { EngineIndex, Scratch, ScoredId, WordQuery } from './topHits';
import type { SavedIndex } from './savedIndex';

/**
 * The search engine (`core/engine.ts`: MiniSearch and the scorer that reads its postings), handed to the index by
 * whoever fills it (the builder, `core/builder.ts`, re-exports it): in the extension it is a chunk of its own
 * (dist/engine.js), so activation and a tree restored from the cache never load it; an index holds no engine until
 * the first paper is added or a saved index is restored.
 */
export type SearchEngine = typeof import('./engine');

/** The search engine, imported on first need (in the extension and the CLI a require of dist/engine.js). */
export async function importEngine(): Promise<SearchEngine> {
  return import('./engine');
}

/** One ranked hit. */
export interface Hit {
  paper: Paper;
  score: number;
}

interface IndexedDoc {
  id: string;
  title: string;
  abstract: string;
  /** Hardware names and classes, topic ids (what extraction learned, so "mobile phone" finds papers tagged Mobile/Phone), and author names. */
  tags: string;
}

/**
 * Words too common to help ranking. Leaving them out makes the index about a third smaller and
 * queries several times faster at 20,000 papers, with the same hits for any query that has one
 * telling word.
 */
export const STOPWORDS = new Set(
  (
    'a about above after again all also an and any are as at be because been being both but by can could did do does during each for from further had has have having ' +
    'here how however i if in into is it its itself just more most much no nor not of on once only or other our ours out over own same so some such than that the their ' +
    'them then there these they this those through to too under until up upon very via was we were what when where which while who whom why will with within would you your'
  ).split(' '),
);

/**
 * Words in nearly every abstract of this field. Indexed in titles only: in abstracts their posting
 * lists hold most of the library, which made a query for "latency" scan every paper (40 ms at 20,000
 * papers) while adding nothing to the ranking. A title that says "latency" still ranks for it.
 */
const COMMON_IN_ABSTRACTS = new Set(
  (
    'achieve achieves achieving approach approaches based computational computation data deep demonstrate different efficiency efficient ' +
    'existing experiments framework high inference large latency learning low method methods model models network networks neural new ' +
    'novel paper performance propose proposed real results show shows significant significantly state system systems task tasks time training using work'
  ).split(' '),
);

const OPTIONS: Options<IndexedDoc> = {
  fields: ['title', 'abstract', 'tags'],
  storeFields: [],
  processTerm: (term, field) => {
    const lower = term.toLowerCase();
    if (STOPWORDS.has(lower)) return null;
    return field === 'abstract' && COMMON_IN_ABSTRACTS.has(lower) ? null : lower;
  },
  searchOptions: {
    processTerm: (term) => {
      const lower = term.toLowerCase();
      return STOPWORDS.has(lower) ? null : lower;
    },
  },
};

/** Title words count three times as much as abstract words, tags twice. */
const BOOST = { title: 3, tags: 2 };
const QUERY_WORD = /[\p{L}\p{N}]+/gu;
const TITLE_FIELDS = ['title', 'tags'];
const ALL_FIELDS = ['title', 'abstract', 'tags'];

/**
 * The query as words to search, each once. Stop words go; very common words go too when the query has
 * other words ("efficient LLM reasoning" looks for LLM and reasoning). Only the last word is taken as
 * a prefix (it is the one being typed), and words longer than three letters tolerate typos, except
 * common words, whose expansions would match most of the library.
 */
function subQueries(query: string): WordQuery[] {
  const typed = (query.match(QUERY_WORD) ?? []).map((w) => w.toLowerCase()).filter((w) => !STOPWORDS.has(w));
  const words = [...new Set(typed)];
  const telling = words.filter((w) => !COMMON_IN_ABSTRACTS.has(w));
  const kept = telling.length ? telling : words;
  return kept.map((word, i) => {
    const common = COMMON_IN_ABSTRACTS.has(word);
    return { word, prefix: !common && i === kept.length - 1 && typed.at(-1) === word, fuzzy: !common && word.length > 3 ? 0.2 : false };
  });
}

/**
 * A MiniSearch index of titles and abstracts, kept up to date paper by paper. All query words must
 * match; when that finds nothing, any word may.
 */
export class PaperIndex {
  /** Keys in sorted order, for prefix lookups by binary search. */
  private sortedKeys: string[] = [];
  /** Per-paper score accumulators, reused by every query; made with the engine. */
  private scratch: Scratch | null = null;

  /**
   * `lookup` finds a paper by key; `ordered` lists papers in library order (for filter-only queries). Without `mini`
   * the index is empty: its free text finds nothing, its filters and key completion still work.
   */
  constructor(
    private readonly lookup: (key: string) => Paper | undefined,
    private readonly ordered: () => readonly Paper[],
    private mini: MiniSearch<IndexedDoc> | null = null,
    private engine: SearchEngine | null = null,
  ) {}

  /** An index of `papers`, built at once with `engine`. */
  static build(papers: readonly Paper[], engine: SearchEngine): PaperIndex {
    const byKey = new Map(papers.map((p) => [p.key, p]));
    const index = new PaperIndex(
      (k) => byKey.get(k),
      () => papers,
    );
    runSync(index.addSteps(papers, engine));
    return index;
  }

  /** The MiniSearch index, made with `engine` when the first papers come. */
  private filled(engine: SearchEngine): MiniSearch<IndexedDoc> {
    this.engine ??= engine;
    return (this.mini ??= new engine.MiniSearch<IndexedDoc>(OPTIONS));
  }

  /** Adds papers with `engine`, yielding every few dozen. */
  *addSteps(papers: readonly Paper[], engine: SearchEngine): Steps<void> {
    const mini = this.filled(engine);
    for (let i = 0; i < papers.length; i++) {
      if (i % (ITEMS_PER_STEP / 2) === 0) yield;
      mini.add(toDoc(papers[i]));
    }
    this.sortedKeys = yield* sortSteps([...this.sortedKeys, ...papers.map((p) => p.key)], byCodeUnits);
  }

  /**
   * `removed` papers (as they were indexed) leave, `added` ones come in. Removal is exact, not lazy,
   * so scores after an update equal those of a fresh build.
   */
  update(removed: readonly Paper[], added: readonly Paper[], engine: SearchEngine): void {
    const mini = this.filled(engine);
    for (const paper of removed) if (mini.has(paper.key)) mini.remove(toDoc(paper));
    for (const paper of added) mini.add(toDoc(paper));
    const gone = new Set(removed.map((p) => p.key));
    this.sortedKeys = [...this.sortedKeys.filter((k) => !gone.has(k)), ...added.map((p) => p.key)].sort();
  }

  /** Papers matching `query`, best first, at most `limit` (default 20). An empty query finds nothing. */
  search(query: string, limit = 20): Hit[] {
    const hits: Hit[] = [];
    for (const r of this.ranked(query, limit)) {
      const paper = this.lookup(r.id as string);
      if (paper) hits.push({ paper, score: r.score });
      if (hits.length === limit) break;
    }
    return hits;
  }

  /**
   * Like `search`, with field filters (`hw:fpga topic:speculative year:>=2025 org:nvidia key:help`,
   * see `parseQuery`). Filters alone list the papers that pass them in library order, with score 0.
   */
  query(input: string, limit = 20, decisionOf?: DecisionLookup): { hits: Hit[]; invalid: string[] } {
    const query = parseQuery(input, decisionOf);
    const hits: Hit[] = [];
    if (query.text) {
      const keep = query.filters.length ? (paper: Paper) => passesFilters(paper, query) : undefined;
      for (const r of this.ranked(query.text, limit, keep)) {
        const paper = this.lookup(r.id as string);
        if (paper) hits.push({ paper, score: r.score });
        if (hits.length === limit) break;
      }
    } else if (query.filters.length) {
      for (const paper of this.ordered()) {
        if (passesFilters(paper, query)) hits.push({ paper, score: 0 });
        if (hits.length === limit) break;
      }
    }
    return { hits, invalid: query.invalid };
  }

  /**
   * Completion of a citation key being typed: papers whose key starts with `prefix` (in key order),
   * then, to fill up to `limit`, papers whose title matches the prefix. An empty prefix lists keys in order.
   */
  completeKey(prefix: string, limit = 50): Paper[] {
    const wanted = prefix.toLowerCase();
    let lo = 0;
    let hi = this.sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedKeys[mid] < wanted) lo = mid + 1;
      else hi = mid;
    }
    const found: Paper[] = [];
    for (let i = lo; i < this.sortedKeys.length && found.length < limit && this.sortedKeys[i].startsWith(wanted); i++) {
      const paper = this.lookup(this.sortedKeys[i]);
      if (paper) found.push(paper);
    }
    if (found.length < limit && wanted.length >= 2 && this.mini) {
      const seen = new Set(found);
      for (const r of this.mini.search(wanted, { fields: ['title'], prefix: true, fuzzy: (t) => (t.length > 3 ? 0.2 : false) })) {
        const paper = this.lookup(r.id as string);
        if (paper && !seen.has(paper)) found.push(paper);
        if (found.length >= limit) break;
      }
    }
    return found;
  }

  /**
   * The index in the cache's compact form (`core/savedIndex.ts`), in steps; `fromSaved` restores it for the same
   * papers. Throws for an index never filled (a caller's mistake).
   */
  *saveSteps(): Steps<SavedIndex> {
    if (!this.mini || !this.engine) throw new Error('PaperIndex.saveSteps: no paper was ever indexed');
    return yield* this.engine.saveIndexSteps(this.mini);
  }

  /** Restores a saved index in slices, so the event loop keeps turning; the engine is imported now, on this first need. Rejects for a saved index that does not read. */
  static async fromSaved(saved: SavedIndex, lookup: (key: string) => Paper | undefined, ordered: () => readonly Paper[]): Promise<PaperIndex> {
    const engine = await importEngine();
    const index = new PaperIndex(lookup, ordered, await runSliced(engine.restoreIndexSteps<IndexedDoc>(saved, OPTIONS)), engine);
    index.sortedKeys = await runSliced(
      sortSteps(
        ordered().map((p) => p.key),
        byCodeUnits,
      ),
    );
    return index;
  }

  /**
   * Papers with every query word in their title or tags first: their posting lists are short, so a
   * query of common words stays fast. Typo tolerance is tried only when the words as typed find fewer
   * than `enough` (expanding every word over the whole vocabulary was most of a query's time at 20,000
   * papers). When titles and tags are still too few, abstracts are searched too, and then papers with some of
   * the words follow. `keep` (field filters) is applied inside each search, so that a tier counts only
   * the papers that pass and a filtered query stops at the first tier that has enough.
   */
  private ranked(query: string, enough = 20, keep?: (paper: Paper) => boolean): ScoredId[] {
    const queries = subQueries(query);
    if (!queries.length || !this.mini || !this.engine) return [];
    const { topHits, Scratch } = this.engine;
    const postings = this.mini as unknown as EngineIndex;
    const scratch = (this.scratch ??= new Scratch());
    const keepId =
      keep &&
      ((id: string) => {
        const paper = this.lookup(id);
        return paper !== undefined && keep(paper);
      });
    const search = (words: readonly WordQuery[], fields: readonly string[], combineWith: 'AND' | 'OR', limit = enough) =>
      topHits(postings, words, { fields, boost: BOOST, combineWith, limit, keep: keepId }, scratch);
    const exact = queries.map((q) => ({ ...q, fuzzy: false as const }));
    const inTitles = search(exact, TITLE_FIELDS, 'AND');
    if (inTitles.length >= enough) return inTitles;
    const typos = queries.some((q) => q.fuzzy) ? search(queries, TITLE_FIELDS, 'AND') : inTitles;
    if (typos.length >= enough) return typos;
    const all = search(queries, ALL_FIELDS, 'AND');
    if (all.length >= enough || queries.length === 1) return all;
    const seen = new Set(all.map((r) => r.id));
    return [...all, ...search(queries, ALL_FIELDS, 'OR', enough + all.length).filter((r) => !seen.has(r.id))].slice(0, enough);
  }
}

/** The order of `Array.prototype.sort` without a comparator (UTF-16 code units), which key completion's binary search expects. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toDoc(paper: Paper): IndexedDoc {
  const names = paper.authorNames?.flatMap((n) => [n.family, n.given]) ?? [];
  const tags = [...paper.hardware.flatMap((h) => [h.name, h.class]), ...paper.topics, ...names].join(' ');
  return { id: paper.key, title: paper.title, abstract: paper.abstract, tags };
}
