/** PaperIndex: full-text search over papers; the only module that imports MiniSearch. */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Paper } from './model';
import { parseQuery, passesFilters } from './query';

/** One ranked hit. */
export interface Hit {
  paper: Paper;
  score: number;
}

interface IndexedDoc {
  id: number;
  title: string;
  abstract: string;
}

const FIELDS = ['title', 'abstract'] as const;
/** Title words count three times as much as abstract words. */
const BOOST = { title: 3 };

/**
 * A MiniSearch index of titles and abstracts. Queries match word prefixes and tolerate typos
 * (one edit per five letters). All query words must match; when that finds nothing, any word may.
 */
export class PaperIndex {
  /** Keys in sorted order, for prefix lookups by binary search. */
  private readonly sortedKeys: { key: string; paper: Paper }[];

  private constructor(
    private readonly mini: MiniSearch<IndexedDoc>,
    private readonly papers: readonly Paper[],
  ) {
    this.sortedKeys = papers.map((paper) => ({ key: paper.key, paper })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Indexes `papers`; a paper's position in the array is its document id. */
  static build(papers: readonly Paper[]): PaperIndex {
    const mini = new MiniSearch<IndexedDoc>({ fields: [...FIELDS], storeFields: [] });
    mini.addAll(papers.map((p, id) => ({ id, title: p.title, abstract: p.abstract })));
    return new PaperIndex(mini, papers);
  }

  /** Papers matching `query`, best first, at most `limit` (default 20). An empty query finds nothing. */
  search(query: string, limit = 20): Hit[] {
    return this.ranked(query).slice(0, limit).map((r) => ({ paper: this.papers[r.id as number], score: r.score }));
  }

  /**
   * Like `search`, with field filters (`hw:fpga topic:speculative year:>=2025 org:nvidia key:help`,
   * see `parseQuery`). Filters alone list the papers that pass them in library order, with score 0.
   */
  query(input: string, limit = 20): { hits: Hit[]; invalid: string[] } {
    const query = parseQuery(input);
    const hits: Hit[] = [];
    if (query.text) {
      for (const r of this.ranked(query.text)) {
        const paper = this.papers[r.id as number];
        if (passesFilters(paper, query)) hits.push({ paper, score: r.score });
        if (hits.length === limit) break;
      }
    } else if (query.filters.length) {
      for (const paper of this.papers) {
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
      if (this.sortedKeys[mid].key < wanted) lo = mid + 1;
      else hi = mid;
    }
    const found: Paper[] = [];
    for (let i = lo; i < this.sortedKeys.length && found.length < limit && this.sortedKeys[i].key.startsWith(wanted); i++) found.push(this.sortedKeys[i].paper);
    if (found.length < limit && wanted.length >= 2) {
      const seen = new Set(found);
      for (const r of this.mini.search(wanted, { fields: ['title'], prefix: true, fuzzy: 0.2 })) {
        const paper = this.papers[r.id as number];
        if (!seen.has(paper)) found.push(paper);
        if (found.length >= limit) break;
      }
    }
    return found;
  }

  private ranked(query: string): SearchResult[] {
    if (!query.trim()) return [];
    const options = { boost: BOOST, prefix: true, fuzzy: 0.2 } as const;
    const all = this.mini.search(query, { ...options, combineWith: 'AND' });
    return all.length ? all : this.mini.search(query, { ...options, combineWith: 'OR' });
  }
}
