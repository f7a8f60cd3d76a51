/** Related papers: a TF-IDF vector per paper over its distinctive words, topics and hardware, built once per library. */
import type { Paper } from './model';
import { STOPWORDS } from './search';
import { ITEMS_PER_STEP, runSync, type Steps } from './steps';

/** How many of a paper's terms it keeps, by weight: enough to describe it, few enough that a query stays short. */
const TERMS_PER_PAPER = 40;
/** A term in more than this share of the papers tells nothing apart and has the longest postings, so it is left out. */
const MAX_DOCUMENT_SHARE = 0.2;
// Letters and digits of any script stay in words; ASCII punctuation, `×` and general punctuation (“ ” – …) split them.
// Without the `u` flag: a Unicode-property split was four times slower at 20,000 abstracts.
const SEPARATOR = /[^a-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2070-\uffff-]+/;
const LETTER = /[a-z\u00c0-\uffff]/;

/** Words of any abstract's prose, not of its subject: sharing them relates nothing (seen in the shipped digest's lists). */
const PROSE = new Set(
  (
    'able across additionally addition appear approach article available based best both called case cases challenge challenges either employ employed ' +
    'enable enables evaluate evaluation few first further given however including introduce key large make making many may method methods minimize ' +
    'moreover new novel often one paper possible present propose proposed provide provides recent result results several show showcase shows ' +
    'significant significantly specific still study such suggest then therefore three two use used uses using various well whether widely work works'
  ).split(' '),
);

/** A paper related to another, with its score (cosine of the two vectors, 0–1) and what they share, most telling first. */
export interface RelatedPaper {
  paper: Paper;
  score: number;
  /** Up to three shared words, topics (`topic:…`) or devices (`hardware:…`), by their weight in the score. */
  shared: string[];
}

/** The words of a text as terms: lower case; stop words, prose words, numbers and one- and two-letter words out; a plural folded (`queries` → `query`). */
function words(text: string, add: (term: string, n: number) => void, n: number): void {
  for (let w of text.toLowerCase().split(SEPARATOR)) {
    // Hyphens at the edges are punctuation ("- the"), inside they join a compound ("low-bit").
    if (w.startsWith('-') || w.endsWith('-')) w = w.replace(/^-+|-+$/g, '');
    if (w.length < 3 || STOPWORDS.has(w) || PROSE.has(w) || !LETTER.test(w)) continue;
    if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
    else if (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
    add(w, n);
  }
}

/**
 * The related-papers index of one library: each paper's sparse TF-IDF vector (its `TERMS_PER_PAPER` heaviest terms,
 * unit length) and an inverted list per term. Terms are title and abstract words (title words count twice), topic ids
 * and hardware names (twice) and classes (once); a term only one paper has, or more than a fifth of them, is left out
 * (it relates nothing, or everything). Build it once per library (`buildRelatedIndex`); a query then touches only the
 * postings of one paper's terms.
 */
export class RelatedIndex {
  private readonly scores: Float64Array;

  private constructor(
    private readonly papers: readonly Paper[],
    private readonly position: ReadonlyMap<string, number>,
    private readonly names: readonly string[],
    /** Paper i's kept terms are `terms[start[i]..start[i+1])`, with their unit-length weights. */
    private readonly start: Int32Array,
    private readonly terms: Int32Array,
    private readonly weights: Float32Array,
    /** Term t's postings are `postPapers[postStart[t]..postStart[t+1])`, with the same weights. */
    private readonly postStart: Int32Array,
    private readonly postPapers: Int32Array,
    private readonly postWeights: Float32Array,
  ) {
    this.scores = new Float64Array(papers.length);
  }

  /** Builds the index of `papers` in steps of `ITEMS_PER_STEP` papers (see `runSliced`); papers are told apart by `key`. */
  static *buildSteps(papers: readonly Paper[]): Steps<RelatedIndex> {
    const n = papers.length;
    const position = new Map<string, number>();
    const names: string[] = [];
    const ids = new Map<string, number>();
    let df = new Int32Array(1 << 14);
    // Counts of the paper being read, by term id, and the ids it touched: typed arrays, not a Map per paper.
    let tf = new Float32Array(1 << 14);
    const touched: number[] = [];
    const counted: { ids: Int32Array; tf: Float32Array }[] = [];
    const add = (term: string, k: number) => {
      let id = ids.get(term);
      if (id === undefined) {
        id = names.length;
        ids.set(term, id);
        names.push(term);
        if (id >= tf.length) {
          tf = grow(tf, tf.length * 2);
          df = grow(df, tf.length);
        }
      }
      if (tf[id] === 0) touched.push(id);
      tf[id] += k;
    };
    for (let i = 0; i < n; i++) {
      if (i % ITEMS_PER_STEP === 0) yield;
      const paper = papers[i];
      position.set(paper.key, i);
      words(paper.title, add, 2);
      words(paper.abstract, add, 1);
      for (const t of paper.topics) add(`topic:${t}`, 2);
      for (const h of paper.hardware) {
        add(`hardware:${h.name}`, 2);
        add(`class:${h.class}`, 1);
      }
      const entry = { ids: Int32Array.from(touched), tf: new Float32Array(touched.length) };
      touched.forEach((id, k) => {
        df[id]++;
        entry.tf[k] = tf[id];
        tf[id] = 0;
      });
      touched.length = 0;
      counted.push(entry);
    }
    const maxDf = Math.max(2, Math.floor(n * MAX_DOCUMENT_SHARE));
    const start = new Int32Array(n + 1);
    const keptIds: Int32Array[] = [];
    const keptWeights: Float32Array[] = [];
    const postCount = new Int32Array(names.length);
    for (let i = 0; i < n; i++) {
      if (i % ITEMS_PER_STEP === 0) yield;
      const entry = counted[i];
      const order: number[] = [];
      const weight = new Float64Array(entry.ids.length);
      for (let k = 0; k < entry.ids.length; k++) {
        const d = df[entry.ids[k]];
        if (d < 2 || d > maxDf) continue;
        weight[k] = (1 + Math.log(entry.tf[k])) * Math.log(n / d);
        order.push(k);
      }
      order.sort((a, b) => weight[b] - weight[a] || entry.ids[a] - entry.ids[b]);
      const top = order.slice(0, TERMS_PER_PAPER);
      let norm = 0;
      for (const k of top) norm += weight[k] * weight[k];
      norm = Math.sqrt(norm) || 1;
      keptIds.push(Int32Array.from(top, (k) => entry.ids[k]));
      keptWeights.push(Float32Array.from(top, (k) => weight[k] / norm));
      for (const k of top) postCount[entry.ids[k]]++;
      start[i + 1] = start[i] + top.length;
    }
    yield;
    const terms = new Int32Array(start[n]);
    const weights = new Float32Array(start[n]);
    keptIds.forEach((t, i) => terms.set(t, start[i]));
    keptWeights.forEach((w, i) => weights.set(w, start[i]));
    const postStart = new Int32Array(names.length + 1);
    for (let t = 0; t < names.length; t++) postStart[t + 1] = postStart[t] + postCount[t];
    const postPapers = new Int32Array(start[n]);
    const postWeights = new Float32Array(start[n]);
    const fill = postStart.slice(0, names.length);
    for (let i = 0; i < n; i++) {
      if (i % (ITEMS_PER_STEP * 16) === 0) yield;
      for (let k = start[i]; k < start[i + 1]; k++) {
        const at = fill[terms[k]]++;
        postPapers[at] = i;
        postWeights[at] = weights[k];
      }
    }
    return new RelatedIndex(papers, position, names, start, terms, weights, postStart, postPapers, postWeights);
  }

  /**
   * The `count` papers most related to the paper with `key` (default five), best first; ties keep library order.
   * Only papers sharing at least one kept term are candidates, so fewer may come back; none for an unknown key.
   */
  related(key: string, count = 5): RelatedPaper[] {
    const self = this.position.get(key);
    if (self === undefined) return [];
    const touched: number[] = [];
    for (let k = this.start[self]; k < this.start[self + 1]; k++) {
      const t = this.terms[k];
      const w = this.weights[k];
      for (let j = this.postStart[t]; j < this.postStart[t + 1]; j++) {
        const p = this.postPapers[j];
        if (p === self) continue;
        if (this.scores[p] === 0) touched.push(p);
        this.scores[p] += w * this.postWeights[j];
      }
    }
    const best: number[] = [];
    for (const p of touched) {
      // Keep the best `count` by insertion: count is small, the candidates many.
      if (best.length === count && !this.better(p, best[count - 1])) continue;
      let at = best.length < count ? best.length : count - 1;
      best[at] = p;
      while (at > 0 && this.better(best[at], best[at - 1])) {
        [best[at - 1], best[at]] = [best[at], best[at - 1]];
        at--;
      }
    }
    const result = best.map((p) => ({ paper: this.papers[p], score: Math.min(1, this.scores[p]), shared: this.shared(self, p) }));
    for (const p of touched) this.scores[p] = 0;
    return result;
  }

  private better(a: number, b: number): boolean {
    return this.scores[a] > this.scores[b] || (this.scores[a] === this.scores[b] && a < b);
  }

  /** The three terms contributing most to the score of `a` against `b`. */
  private shared(a: number, b: number): string[] {
    const other = new Map<number, number>();
    for (let k = this.start[b]; k < this.start[b + 1]; k++) other.set(this.terms[k], this.weights[k]);
    const both: [string, number][] = [];
    for (let k = this.start[a]; k < this.start[a + 1]; k++) {
      const w = other.get(this.terms[k]);
      if (w !== undefined) both.push([this.names[this.terms[k]], w * this.weights[k]]);
    }
    return both
      .sort((x, y) => y[1] - x[1])
      .slice(0, 3)
      .map(([t]) => t);
  }
}

/** A copy of `array` with room for `length` items, the new ones zero. */
function grow<T extends Int32Array | Float32Array>(array: T, length: number): T {
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}

/** Builds the related-papers index of `papers` at once (see `RelatedIndex`); the extension host runs `RelatedIndex.buildSteps` in slices instead. */
export function buildRelatedIndex(papers: readonly Paper[]): RelatedIndex {
  return runSync(RelatedIndex.buildSteps(papers));
}
