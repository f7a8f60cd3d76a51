/** Which comparable metric a claim reports, and the papers × metrics table of the Compare view built from claims. */
import type { Claim, Paper } from './model';

/** The metrics papers are compared on, in the Compare view's column order. */
export const COMPARE_METRICS = ['speedup', 'latency', 'energy', 'memory', 'throughput', 'accuracy', 'cost'] as const;
/** One comparable metric; see `COMPARE_METRICS`. */
export type CompareMetric = (typeof COMPARE_METRICS)[number];

// Units settle the metric when the extractor's cue words did not: "12 ms" is a latency however the sentence reads.
const UNIT_METRICS: [RegExp, CompareMetric][] = [
  [/^x$/, 'speedup'],
  [/^(?:ns|us|ms|s|min|h)$/, 'latency'],
  [/^(?:m?J|k?Wh|m?W|[TGP](?:OP|FLOP)s?\/W)$/i, 'energy'],
  [/^(?:[KMGT]i?B|bits?)$/, 'memory'],
  [/^(?:tokens\/s|fps|QPS|IOPS|[TGP](?:OP|FLOP)s?(?:\/s)?)$/i, 'throughput'],
  [/^(?:pp|points)$/, 'accuracy'],
  [/^(?:\$|USD|GPU ?hours?)$/i, 'cost'],
];

// Words for a claim whose unit is shared by several metrics (`%`) or missing; first match wins, most specific first.
const WORD_METRICS: [RegExp, CompareMetric][] = [
  [/throughput|tokens?\s?(?:\/|per)\s?s|frames per second|\bfps\b|requests per/i, 'throughput'],
  [/latency|response time|\bTTFT\b|time-to-first|inference time|delay/i, 'latency'],
  [/speed-?ups?|faster|accelerat/i, 'speedup'],
  [/energy|power|joule|watt/i, 'energy'],
  [/memory|footprint|\bKV cache\b|model size|storage/i, 'memory'],
  [/\bcosts?\b|price|dollar|cheaper|GPU[- ]hours/i, 'cost'],
  [/accura|top-[15]|\bF1\b|mIoU|BLEU|\bWER\b|nDCG|precision|recall|\bmAP\b|perplexity|pass@|exact match|success rate/i, 'accuracy'],
];

/**
 * The comparable metric `claim` reports: the extractor's `metric` when it is one of `COMPARE_METRICS`, else the one
 * its normalised `unit` implies (`x` → speedup, `ms` → latency, `J`/`W` → energy, `GB` → memory, `tokens/s` →
 * throughput, `pp` → accuracy, `$` → cost), else the first metric word of its sentence. Null when neither says
 * (a bare `%` in a sentence with no metric word), so nothing is put in a column it may not belong to.
 */
export function classifyClaim(claim: Pick<Claim, 'metric' | 'text'> & Partial<Pick<Claim, 'unit'>>): CompareMetric | null {
  if ((COMPARE_METRICS as readonly string[]).includes(claim.metric)) return claim.metric as CompareMetric;
  const unit = claim.unit ?? '';
  for (const [pattern, metric] of UNIT_METRICS) if (unit && pattern.test(unit)) return metric;
  for (const [pattern, metric] of WORD_METRICS) if (pattern.test(claim.text)) return metric;
  return null;
}

/** One cell of the Compare table: a paper's first claim for one metric, with every claim of that metric for the hover. */
export interface CompareCell {
  /** The value as the paper writes it ("2.12x", "45 ms"); never converted. */
  value: string;
  /** Where the number was measured: the claim's own device, else the paper's first hardware target, else null. */
  hardware: string | null;
  /** What the number is measured against, when the sentence says. */
  baseline: string | null;
  /** Index of the shown claim in `paper.claims`. */
  claimIndex: number;
  /** The sentences of every claim of this metric, in abstract order (the first is the one shown). */
  sentences: string[];
  /** A number to sort by: see `sortValue`; null when the claim's number could not be read. */
  sort: number | null;
}

/** A row of the Compare table: one paper and its cells by metric (a missing metric has no cell). */
export interface CompareRow {
  paper: Paper;
  cells: Partial<Record<CompareMetric, CompareCell>>;
}

// A sort key in one unit per metric, so 0.5 s sorts after 45 ms. Display never uses it: values stay as written.
const SCALE: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3, min: 6e4, h: 3.6e6, KB: 1e-6, MB: 1e-3, GB: 1, TB: 1e3 };

/**
 * The number a claim sorts by: its `number` (the upper end of a range), times a scale that puts times in ms and sizes
 * in GB. Null when the claim has no number.
 */
export function sortValue(claim: Pick<Claim, 'number'> & Partial<Pick<Claim, 'unit'>>): number | null {
  const n = claim.number;
  if (n === null || n === undefined) return null;
  const value = Array.isArray(n) ? n[1] : n;
  return value * (SCALE[claim.unit ?? ''] ?? 1);
}

/**
 * The papers × metrics table: one row per paper, in the order given, each cell from the paper's first claim of that
 * metric (`classifyClaim`). `metrics` lists the columns: those of `COMPARE_METRICS` some paper reports, in that order.
 */
export function compareTable(papers: readonly Paper[]): { metrics: CompareMetric[]; rows: CompareRow[] } {
  const seen = new Set<CompareMetric>();
  const rows = papers.map((paper): CompareRow => {
    const cells: CompareRow['cells'] = {};
    paper.claims.forEach((claim, claimIndex) => {
      const metric = classifyClaim(claim);
      if (!metric) return;
      seen.add(metric);
      const cell = cells[metric];
      if (cell) {
        cell.sentences.push(claim.text);
        return;
      }
      cells[metric] = {
        value: claim.value,
        hardware: claim.hardware ?? paper.hardware[0]?.name ?? null,
        baseline: claim.baseline ?? null,
        claimIndex,
        sentences: [claim.text],
        sort: sortValue(claim),
      };
    });
    return { paper, cells };
  });
  return { metrics: COMPARE_METRICS.filter((m) => seen.has(m)), rows };
}

/** A column of the Compare table: the paper's title, its year, or a metric. */
export type CompareColumn = 'title' | 'year' | CompareMetric;

/** The columns the Compare page can be sorted by: title, year and every metric. */
export const COMPARE_COLUMNS = ['title', 'year', ...COMPARE_METRICS] as const satisfies readonly CompareColumn[];

/**
 * The rows sorted by `column`, ascending or `descending`, stable. Titles compare as text (locale order), years and
 * metrics by number (`CompareCell.sort`); rows without a value go last either way, so the best figures lead.
 */
export function sortCompareRows(rows: readonly CompareRow[], column: CompareColumn, descending = false): CompareRow[] {
  const key = (row: CompareRow): string | number | null =>
    column === 'title' ? row.paper.title : column === 'year' ? row.paper.year : (row.cells[column]?.sort ?? null);
  const sign = descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, k: key(row) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
      const c = typeof a.k === 'string' ? a.k.localeCompare(String(b.k)) : a.k - Number(b.k);
      return c ? sign * c : a.i - b.i;
    })
    .map((x) => x.row);
}
