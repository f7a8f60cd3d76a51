/** Evidence tables: papers' claims → rows (one per paper and claim of the chosen metrics) → a table in a document's language, between marker comments. */
import * as z from 'zod/mini';
import { csvField } from './escape';
import { NO_TAGS, type Group } from './group';
import { HARDWARE_CLASSES } from './vocabulary';
import { citationStyleFor, escapeText, languageFamily, renderCitation, type CitationStyle } from './languages';
import { CLAIM_METRICS, type Claim, type Paper, type Problem } from './model';
import type { Library } from './library';
import { parseQuery, passesFilters, type DecisionLookup } from './query';

/** The columns a table can show, in the order they are offered. */
export const EVIDENCE_COLUMNS = ['paper', 'hardware', 'metric', 'value', 'baseline', 'claim', 'year', 'topic'] as const;
/** One column; see {@link EVIDENCE_COLUMNS}. */
export type EvidenceColumn = (typeof EVIDENCE_COLUMNS)[number];
/** A claim's metric (`speedup`, `latency`, …). */
export type ClaimMetric = Claim['metric'];
/** The columns a new table shows when the user picks none. */
export const DEFAULT_EVIDENCE_COLUMNS: readonly EvidenceColumn[] = ['paper', 'hardware', 'value', 'baseline'];

const HEADERS: Record<EvidenceColumn, string> = {
  paper: 'Paper',
  hardware: 'Hardware',
  metric: 'Metric',
  value: 'Value',
  baseline: 'Baseline',
  claim: 'Claim',
  year: 'Year',
  topic: 'Topic',
};
/** The header of the citation column a table without the `paper` column still has. */
const CITATION_HEADER = 'Ref.';

/** The table formats: the three document families that cite, and CSV for spreadsheets. */
export const TABLE_FORMATS = ['markdown', 'latex', 'typst', 'csv'] as const;
/** One table format; see {@link TABLE_FORMATS}. */
export type TableFormat = (typeof TABLE_FORMATS)[number];

/**
 * What a table shows, recorded in its start marker so Refresh can make it again: the papers (`keys`, when picked one
 * by one, else the search `query`, as in Search Papers: `topic:speculative hw:gpu status:included words…`), the
 * metrics (at least one) and the columns (at least one).
 */
export const EvidenceSpecSchema = z.object({
  query: z.optional(z.string()),
  keys: z.optional(z.array(z.string())),
  metrics: z.array(z.enum(CLAIM_METRICS)).check(z.minLength(1)),
  columns: z.array(z.enum(EVIDENCE_COLUMNS)).check(z.minLength(1)),
});
export type EvidenceSpec = z.infer<typeof EvidenceSpecSchema>;

/** One row: a claim of one paper. */
export interface EvidenceRow {
  /** The paper as cited: its `key` is the one the table cites (see `asCited`). */
  paper: Paper;
  claim: Claim;
  /** The claim's index in `paper.claims` (what Insert Claim takes). */
  claimIndex: number;
}

/** What rendering a table gives: the table, or a message saying why there is none (no papers; no paper reports the metric). */
export type EvidenceTable =
  | {
      kind: 'table';
      /** The table with its markers (none for CSV), without a final line break. */
      text: string;
      rows: EvidenceRow[];
      /** The papers the rows cite, each once, in row order: what the bibliography must hold. */
      papers: Paper[];
    }
  | { kind: 'message'; message: string };

/** Options of {@link renderEvidenceTable}. */
export interface EvidenceOptions {
  /** Citation form; default: the format's language default (`[@key]`, `\cite{key}`, `@key`; CSV writes the bare key). */
  style?: CitationStyle;
  /** A topic id's label (the taxonomy's); default: the id. */
  topicLabel?: (id: string) => string;
  /** Line break between lines; default `\n` (Refresh passes the document's). */
  eol?: string;
}

/** The document language each format is escaped and cited as. */
const FORMAT_LANGUAGE: Record<TableFormat, string> = { markdown: 'markdown', latex: 'latex', typst: 'typst', csv: 'plaintext' };

/** The table format of a VS Code language id: pandoc languages → markdown, LaTeX → latex, Typst → typst; null for others. */
export function tableFormatFor(languageId: string): Exclude<TableFormat, 'csv'> | null {
  switch (languageFamily(languageId)) {
    case 'pandoc':
      return 'markdown';
    case 'latex':
      return 'latex';
    case 'typst':
      return 'typst';
    case 'plain':
      return null;
  }
}

/** The number a claim is ranked by: a range's upper end; null when unread. */
function rankOf(claim: Claim): number | null {
  const n = claim.number;
  if (n === undefined || n === null) return null;
  return Array.isArray(n) ? n[1] : n;
}

/**
 * One row per (paper, claim) whose metric is one of `metrics`, sorted by metric (in the order of `metrics`), then by
 * unit (so `x` and `%` are never ranked against each other), then best first: highest for `higher`/`reduction`
 * claims, lowest for `lower` ones; claims whose number could not be read come last, then by key. Values are never
 * converted: a row holds the claim as the paper stated it.
 */
export function evidenceRows(papers: readonly Paper[], metrics: readonly ClaimMetric[]): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  for (const paper of papers) paper.claims.forEach((claim, claimIndex) => metrics.includes(claim.metric) && rows.push({ paper, claim, claimIndex }));
  return rows.sort((a, b) => {
    const byMetric = metrics.indexOf(a.claim.metric) - metrics.indexOf(b.claim.metric);
    if (byMetric) return byMetric;
    const [ua, ub] = [a.claim.unit ?? '', b.claim.unit ?? ''];
    if (ua !== ub) return ua < ub ? -1 : 1;
    const [ra, rb] = [rankOf(a.claim), rankOf(b.claim)];
    if (ra !== rb) {
      if (ra === null) return 1;
      if (rb === null) return -1;
      return a.claim.direction === 'lower' ? ra - rb : rb - ra;
    }
    return a.paper.key < b.paper.key ? -1 : a.paper.key > b.paper.key ? 1 : a.claimIndex - b.claimIndex;
  });
}

/** A title short enough for a cell: up to its colon when that leaves a name ("HELP"), else its words up to 60 characters. */
function shortTitle(title: string): string {
  const head = title.split(':')[0].trim();
  if (head.length <= 60) return head;
  const cut = head.slice(0, 58);
  return `${cut.includes(' ') ? cut.slice(0, cut.lastIndexOf(' ')) : cut}…`;
}

/** A row's cells as plain text (escaped later), and its citation as written. */
function cellsOf(row: EvidenceRow, topicLabel: (id: string) => string): Record<EvidenceColumn, string> {
  const { paper, claim } = row;
  return {
    paper: shortTitle(paper.title),
    // The device the sentence names for this number; else the paper's targets (catalogue names, a class for an unnamed one).
    hardware:
      claim.hardware ??
      paper.hardware
        .map((h) => h.name.replace(/, model not named$/, ''))
        .slice(0, 2)
        .join(', '),
    metric: claim.metric,
    value: claim.value,
    baseline: claim.baseline ?? '',
    claim: claim.text,
    year: paper.year === null ? '' : String(paper.year),
    topic: paper.topics.map(topicLabel).join(', '),
  };
}

/** The header line of a block, recording `spec` (JSON, with `<` and `>` escaped so it can never close an HTML comment). */
export function startMarker(spec: EvidenceSpec, format: Exclude<TableFormat, 'csv'>): string {
  const json = JSON.stringify(spec).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return format === 'markdown' ? `<!-- litdigest:evidence ${json} -->` : `${format === 'latex' ? '%' : '//'} litdigest:evidence ${json}`;
}

/** The closing line of a block. */
export function endMarker(format: Exclude<TableFormat, 'csv'>): string {
  return format === 'markdown' ? '<!-- litdigest:end -->' : `${format === 'latex' ? '%' : '//'} litdigest:end`;
}

/**
 * The evidence table of `papers` (as cited: each one's `key` is the key to cite) for `spec`, in `format`: a pandoc
 * pipe table, a LaTeX `booktabs` `tabular` (needs `\usepackage{booktabs}`), a Typst `#table(…)` or CSV (RFC 4180, a
 * formula-like cell prefixed with `'`). Every digest string is escaped for the format; each row's first cell carries
 * the paper's citation. Markdown, LaTeX and Typst tables sit between {@link startMarker} and {@link endMarker} lines.
 * No papers, or no claim of the metrics, gives a message instead of an empty table.
 */
export function renderEvidenceTable(papers: readonly Paper[], spec: EvidenceSpec, format: TableFormat, options: EvidenceOptions = {}): EvidenceTable {
  if (!papers.length) return { kind: 'message', message: 'No papers are selected, so there is no evidence table to write.' };
  const rows = evidenceRows(papers, spec.metrics);
  if (!rows.length) {
    const which = papers.length === 1 ? `"${shortTitle(papers[0].title)}" reports` : `none of the ${papers.length} selected papers reports`;
    return { kind: 'message', message: `No evidence table: ${which} ${spec.metrics.join(' or ')} in ${papers.length === 1 ? 'its' : 'their'} abstract.` };
  }
  const language = FORMAT_LANGUAGE[format];
  const style = options.style ?? citationStyleFor(language);
  const eol = options.eol ?? '\n';
  const topicLabel = options.topicLabel ?? ((id: string) => id);
  const columns = spec.columns;
  const withPaper = columns.includes('paper');
  const headers = [...(withPaper ? [] : [CITATION_HEADER]), ...columns.map((c) => HEADERS[c])];
  const cited = [...new Set(rows.map((r) => r.paper))];
  const lines: string[] = [];
  const body = rows.map((row) => {
    const cells = cellsOf(row, topicLabel);
    const citation = format === 'csv' ? row.paper.key : renderCitation([row.paper.key], style);
    const escaped = columns.map((c) => (format === 'csv' ? cells[c] : escapeText(cells[c], language)));
    // The citation joins the paper's name (or stands alone in its own first column): each row cites its paper.
    if (format === 'csv') return withPaper ? [...escaped, citation] : [citation, ...escaped];
    if (!withPaper) return [citation, ...escaped];
    escaped[columns.indexOf('paper')] = `${escaped[columns.indexOf('paper')]} ${citation}`;
    return escaped;
  });
  switch (format) {
    case 'csv': {
      const header = withPaper ? [...headers, 'Key'] : ['Key', ...headers.slice(1)];
      return {
        kind: 'table',
        text: [header, ...body].map((r) => r.map(csvField).join(',')).join('\r\n'),
        rows,
        papers: cited,
      };
    }
    case 'markdown': {
      const numeric = (h: string) => h === HEADERS.value || h === HEADERS.year;
      lines.push(
        startMarker(spec, format),
        '',
        `| ${headers.join(' | ')} |`,
        `| ${headers.map((h) => (numeric(h) ? '---:' : '---')).join(' | ')} |`,
        ...body.map((cells) => `| ${cells.join(' | ')} |`),
        '',
        endMarker(format),
      );
      break;
    }
    case 'latex': {
      // The claim sentence wraps in a paragraph column; every other cell is short.
      const spec_ = (withPaper ? [] : ['l']).concat(columns.map((c) => (c === 'claim' ? 'p{0.4\\linewidth}' : c === 'value' || c === 'year' ? 'r' : 'l')));
      lines.push(
        startMarker(spec, format),
        `\\begin{tabular}{${spec_.join('')}}`,
        '\\toprule',
        `${headers.join(' & ')} \\\\`,
        '\\midrule',
        ...body.map((cells) => `${cells.join(' & ')} \\\\`),
        '\\bottomrule',
        '\\end{tabular}',
        endMarker(format),
      );
      break;
    }
    case 'typst': {
      const cell = (text: string) => `[${text}]`;
      lines.push(
        startMarker(spec, format),
        '#table(',
        `  columns: ${headers.length},`,
        `  table.header(${headers.map((h) => cell(`*${h}*`)).join(', ')}),`,
        ...body.map((cells) => `  ${cells.map(cell).join(', ')},`),
        ')',
        endMarker(format),
      );
      break;
    }
  }
  return { kind: 'table', text: lines.join(eol), rows, papers: cited };
}

/** An evidence block found in a document: from the start of its start marker's line to the end of its end marker. */
export interface EvidenceBlock {
  /** Offset of the start marker's first character. */
  start: number;
  /** Offset just after the end marker (before its line break). */
  end: number;
  /** 0-based lines of the two markers. */
  startLine: number;
  endLine: number;
  spec: EvidenceSpec;
}

const MARKERS: Record<Exclude<TableFormat, 'csv'>, { start: RegExp; end: RegExp }> = {
  markdown: { start: /^<!-- litdigest:evidence (.*) -->[ \t]*$/, end: /^<!-- litdigest:end -->[ \t]*$/ },
  latex: { start: /^% litdigest:evidence (.*?)[ \t]*$/, end: /^% litdigest:end[ \t]*$/ },
  typst: { start: /^\/\/ litdigest:evidence (.*?)[ \t]*$/, end: /^\/\/ litdigest:end[ \t]*$/ },
};

/**
 * The evidence blocks of a document in `languageId`, in order, and problems (as data) for a start marker whose record
 * cannot be read or that has no end marker before the next start marker or the end of the text; such a block is
 * left alone. A language that writes no tables has none.
 */
export function findEvidenceBlocks(text: string, languageId: string, file = ''): { blocks: EvidenceBlock[]; problems: Problem[] } {
  const format = tableFormatFor(languageId);
  const blocks: EvidenceBlock[] = [];
  const problems: Problem[] = [];
  if (!format) return { blocks, problems };
  const { start, end } = MARKERS[format];
  let open: { offset: number; line: number; spec: EvidenceSpec | null } | null = null;
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((raw, line) => {
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const s = start.exec(content);
    if (s) {
      if (open) problems.push(unclosed(file, open.line));
      open = { offset, line, spec: readSpec(s[1], file, line, problems) };
    } else if (end.test(content) && open) {
      if (open.spec) blocks.push({ start: open.offset, end: offset + content.length, startLine: open.line, endLine: line, spec: open.spec });
      open = null;
    }
    offset += raw.length + 1;
  });
  if (open) problems.push(unclosed(file, (open as { line: number }).line));
  return { blocks, problems };
}

function unclosed(file: string, line: number): Problem {
  return { file, line: line + 1, severity: 'warning', message: 'This evidence table has no "litdigest:end" marker after it, so Refresh leaves it as it is.' };
}

function readSpec(json: string, file: string, line: number, problems: Problem[]): EvidenceSpec | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  const parsed = EvidenceSpecSchema.safeParse(value);
  if (parsed.success && (parsed.data.query !== undefined || parsed.data.keys !== undefined)) return parsed.data;
  problems.push({
    file,
    line: line + 1,
    severity: 'warning',
    message: 'LitDigest cannot read what this evidence table shows (its marker was edited), so Refresh leaves it as it is.',
  });
  return null;
}

/**
 * The papers a spec selects from `library`: its `keys` (a library key or a key of the user's bibliography; unknown ones
 * are listed in `missing`), else the papers its `query` finds, in library order. A query of filters only needs no
 * search index; one with words uses the library's (see `searchLibrary`). `invalid` lists the query's unreadable filters.
 */
export function selectPapers(
  library: Library,
  spec: Pick<EvidenceSpec, 'query' | 'keys'>,
  decisionOf?: DecisionLookup,
): { papers: Paper[]; missing: string[]; invalid: string[] } {
  if (spec.keys) {
    const missing: string[] = [];
    const papers: Paper[] = [];
    for (const key of spec.keys) {
      const paper = library.byKey.get(key) ?? library.byBibKey.get(key);
      if (paper) papers.push(paper);
      else missing.push(key);
    }
    return { papers: [...new Set(papers)], missing, invalid: [] };
  }
  const query = parseQuery(spec.query ?? '', decisionOf);
  if (!query.text) return { papers: library.papers.filter((p) => passesFilters(p, query)), missing: [], invalid: query.invalid };
  const found = new Set(library.index.query(spec.query ?? '', Infinity, decisionOf).hits.map((h) => h.paper));
  return { papers: library.papers.filter((p) => found.has(p)), missing: [], invalid: query.invalid };
}

/** Whether a query needs the full-text index (it has words besides filters). */
export function queryNeedsIndex(query: string): boolean {
  return parseQuery(query).text !== '';
}

const quoted = (value: string) => (/[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value);

/**
 * The query that selects a tree group (see `groupPapers` and `groupByDecision`), so Refresh finds the group's papers
 * again after the library changes: `topic:kv-cache`, `hw:FPGA`, `year:2025`, `status:included`,
 * `tag:kv`. Null when no query says it (a source page, a device, papers without hardware or year or tags, excluded
 * papers of one reason, conflicts): such a group's papers are recorded by key.
 */
export function groupQuery(group: Pick<Group, 'id'>): string | null {
  const id = group.id.replace(/#.*$/, '');
  const kind = id.slice(0, Math.max(0, id.indexOf('/')));
  const value = id.slice(kind.length + 1);
  if (!kind || !value) return null;
  switch (kind) {
    case 'topic':
      return `topic:${quoted(value)}`;
    case 'hardware': {
      // A class name may hold a slash ("Cloud/Datacenter"). A device group has no query: `hw:` matches substrings,
      // so "NVIDIA Jetson" would also take the papers of "NVIDIA Jetson Orin".
      const cls = HARDWARE_CLASSES.find((c) => value === c);
      return cls ? `hw:${quoted(cls)}` : null;
    }
    case 'year':
      return /^\d{4}$/.test(value) ? `year:${value}` : null;
    case 'status':
      return !value.includes('/') && value !== 'conflict' ? `status:${value}` : null;
    case 'tag':
      return value === NO_TAGS ? null : `tag:${quoted(value)}`;
    default:
      return null;
  }
}
