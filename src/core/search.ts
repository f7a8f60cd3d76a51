/** PaperIndex: full-text search over papers; the only module that imports MiniSearch. */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Paper } from './model';

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
  private constructor(
    private readonly mini: MiniSearch<IndexedDoc>,
    private readonly papers: readonly Paper[],
  ) {}

  /** Indexes `papers`; a paper's position in the array is its document id. */
  static build(papers: readonly Paper[]): PaperIndex {
    const mini = new MiniSearch<IndexedDoc>({ fields: [...FIELDS], storeFields: [] });
    mini.addAll(papers.map((p, id) => ({ id, title: p.title, abstract: p.abstract })));
    return new PaperIndex(mini, papers);
  }

  /** Papers matching `query`, best first, at most `limit` (default 20). An empty query finds nothing. */
  search(query: string, limit = 20): Hit[] {
    if (!query.trim()) return [];
    const options = { boost: BOOST, prefix: true, fuzzy: 0.2 } as const;
    let results: SearchResult[] = this.mini.search(query, { ...options, combineWith: 'AND' });
    if (results.length === 0) results = this.mini.search(query, { ...options, combineWith: 'OR' });
    return results.slice(0, limit).map((r) => ({ paper: this.papers[r.id as number], score: r.score }));
  }
}
