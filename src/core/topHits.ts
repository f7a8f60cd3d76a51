/**
 * The best few hits of a query, scored straight from MiniSearch's postings into typed arrays: the same BM25 scores as
 * MiniSearch's `search`, without the object per matching paper that `search` builds, fills and sorts (a word in 16,000
 * titles took 170 ms at 100,000 papers that way; scoring it here takes a few).
 */

/** A term's postings: field id → (MiniSearch's short document id → term frequency). */
export type TermData = Map<number, Map<number, number>>;

/**
 * The parts of a MiniSearch 7 instance that scoring reads. They are private to MiniSearch, so `topHits.test.ts` holds
 * every score here equal to MiniSearch's own `search` (an upgrade that moves them fails that test, not a user's query).
 */
export interface EngineIndex {
  _index: {
    get(term: string): TermData | undefined;
    atPrefix(prefix: string): Iterable<[string, TermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]>;
  };
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _documentIds: Map<number, string>;
  _nextId: number;
}

/** One query word, as MiniSearch takes it: exact, and optionally as a prefix and with typos (a fraction of its length). */
export interface WordQuery {
  word: string;
  prefix: boolean;
  fuzzy: number | false;
}

/** How the words are searched: which fields, with what boost, all words or any, and what a hit must pass. */
export interface HitOptions {
  fields: readonly string[];
  /** Boost per field; 1 where absent. */
  boost: Readonly<Record<string, number>>;
  combineWith: 'AND' | 'OR';
  limit: number;
  /** A hit that fails `keep` (a field filter) is passed over; asked only of the best hits, in order, until `limit` pass. */
  keep?: (id: string) => boolean;
}

/** A hit: the document's id and MiniSearch's score for it. */
export interface ScoredId {
  id: string;
  score: number;
}

// MiniSearch 7's defaults: weights of prefix and typo matches, and its BM25+ parameters; the typo distance cap.
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * Per-document accumulators, reused across queries. A document's entries are valid only while its `epoch` equals the
 * current query's, so nothing is cleared between queries; `seenIn` holds the mark of the word it was last counted for.
 * Epochs and marks come from one counter, so no two are equal.
 */
export class Scratch {
  private size = 0;
  private counter = 0;
  score = new Float64Array(0);
  words = new Uint16Array(0);
  epoch = new Int32Array(0);
  seenIn = new Int32Array(0);
  private lengths = new Map<number, Int32Array>();
  private lengthsVersion = '';

  /** Starts a query over documents with short ids below `size`; returns its epoch. */
  begin(size: number): number {
    if (size > this.size) {
      this.size = Math.max(size, Math.ceil(this.size * 1.5));
      this.score = new Float64Array(this.size);
      this.words = new Uint16Array(this.size);
      this.epoch = new Int32Array(this.size);
      this.seenIn = new Int32Array(this.size);
    }
    return this.next();
  }

  /**
   * Each document's length in field `fieldId` (-1 for a short id with no document), by short id: MiniSearch keeps
   * them in a Map per document, which cost a lookup per posting. Rebuilt when documents were added or removed.
   */
  lengthsOf(engine: EngineIndex, fieldId: number): Int32Array {
    const version = `${engine._nextId}/${engine._documentCount}`;
    if (version !== this.lengthsVersion) {
      this.lengths = new Map();
      this.lengthsVersion = version;
    }
    let table = this.lengths.get(fieldId);
    if (!table) {
      table = new Int32Array(engine._nextId).fill(-1);
      for (const [doc, lengths] of engine._fieldLength) table[doc] = lengths[fieldId] ?? 0;
      this.lengths.set(fieldId, table);
    }
    return table;
  }

  /** A fresh mark (for a query word) or epoch. */
  next(): number {
    return ++this.counter;
  }
}

/**
 * The `limit` best documents for `queries`, best first (ties in index order), with MiniSearch's scores: BM25+ per field
 * and term, prefix and typo expansions weighted as MiniSearch weights them, summed, and multiplied by the number of
 * query words the document matched. `AND` keeps documents that match every word. Words are expected distinct.
 */
export function topHits(engine: EngineIndex, queries: readonly WordQuery[], options: HitOptions, scratch: Scratch): ScoredId[] {
  const epoch = scratch.begin(engine._nextId);
  const { score, words, seenIn, epoch: epochs } = scratch;
  const touched: number[] = [];
  const fields = options.fields.map((name) => ({ id: engine._fieldIds[name], boost: options.boost[name] || 1 }));
  for (const query of queries) {
    const mark = scratch.next();
    const add = (data: TermData | undefined, weight: number) => {
      if (!data) return;
      for (const field of fields) {
        const freqs = data.get(field.id);
        if (!freqs) continue;
        const avgLength = engine._avgFieldLength[field.id];
        const idf = Math.log(1 + (engine._documentCount - freqs.size + 0.5) / (freqs.size + 0.5));
        const fieldWeight = weight * field.boost;
        const fieldLengths = scratch.lengthsOf(engine, field.id);
        // forEach, not for-of: no entry array per posting.
        freqs.forEach((tf, doc) => {
          const length = fieldLengths[doc];
          if (length < 0) return;
          const raw = idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength)));
          if (epochs[doc] !== epoch) {
            epochs[doc] = epoch;
            score[doc] = 0;
            words[doc] = 0;
            touched.push(doc);
          }
          score[doc] += fieldWeight * raw;
          if (seenIn[doc] !== mark) {
            seenIn[doc] = mark;
            words[doc]++;
          }
        });
      }
    };
    forEachExpansion(engine, query, add);
  }
  const needed = options.combineWith === 'AND' ? queries.length : 1;
  const candidates = touched.filter((doc) => words[doc] >= needed);
  const finalScore = (doc: number) => score[doc] * words[doc];
  const better = (a: number, b: number) => finalScore(b) - finalScore(a) || a - b;
  const best = options.keep ? candidates.sort(better) : smallest(candidates, options.limit, better);
  const hits: ScoredId[] = [];
  for (const doc of best) {
    const id = engine._documentIds.get(doc);
    if (id === undefined || (options.keep && !options.keep(id))) continue;
    hits.push({ id, score: finalScore(doc) });
    if (hits.length === options.limit) break;
  }
  return hits;
}

/** Calls `add` with each index term the query matches and its weight, as MiniSearch's `executeQuerySpec` expands it. */
function forEachExpansion(engine: EngineIndex, query: WordQuery, add: (data: TermData | undefined, weight: number) => void): void {
  const { word } = query;
  add(engine._index.get(word), 1);
  let typos: Map<string, [TermData, number]> | undefined;
  if (query.fuzzy) {
    const maxDistance = query.fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(word.length * query.fuzzy)) : query.fuzzy;
    if (maxDistance) typos = engine._index.fuzzyGet(word, maxDistance);
  }
  if (query.prefix) {
    for (const [term, data] of engine._index.atPrefix(word)) {
      const distance = term.length - word.length;
      if (!distance) continue;
      typos?.delete(term); // a term that is both is scored once, as a prefix match
      add(data, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
    }
  }
  for (const [term, [data, distance]] of typos ?? []) {
    if (distance) add(data, (FUZZY_WEIGHT * term.length) / (term.length + distance));
  }
}

/** The `k` first of `items` in `order`, sorted, without sorting them all: a bounded binary heap of the best so far. */
function smallest(items: readonly number[], k: number, order: (a: number, b: number) => number): number[] {
  if (items.length <= k) return [...items].sort(order);
  // A max-heap (in `order`) of the k best: its root is the worst kept, replaced when a better item comes.
  const heap: number[] = [];
  const worse = (i: number, j: number) => order(heap[i], heap[j]) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (order(item, heap[0]) < 0) {
      heap[0] = item;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let top = i;
        if (l < k && worse(l, top)) top = l;
        if (r < k && worse(r, top)) top = r;
        if (top === i) break;
        swap(i, top);
        i = top;
      }
    }
  }
  return heap.sort(order);
}
