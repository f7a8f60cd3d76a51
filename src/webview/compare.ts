/** The Compare page (papers × metrics, hardware per cell, claim sentence on hover) and its CSV: strings in, strings out. */
import { sortCompareRows, type CompareColumn, type CompareMetric, type CompareRow } from '../core/metrics';
import { escapeHtml, pageHead, type DetailsAssets } from './html';
import { csvText } from './prisma';

/** How the table is sorted: a column and its direction. */
export interface CompareSort {
  column: CompareColumn;
  descending: boolean;
}

/** What the Compare page shows: a heading (the group or selection), its metric columns and rows, and the sort. */
export interface ComparePage {
  heading: string;
  metrics: readonly CompareMetric[];
  rows: readonly CompareRow[];
  sort?: CompareSort;
}

const METRIC_LABELS: Record<CompareMetric, string> = {
  speedup: 'Speedup',
  latency: 'Latency',
  energy: 'Energy',
  memory: 'Memory',
  throughput: 'Throughput',
  accuracy: 'Accuracy',
  cost: 'Cost',
};

/** The header of a sortable column: a button the page script sorts by, with `aria-sort` on the sorted one. */
function header(column: CompareColumn, label: string, sort: CompareSort | undefined): string {
  const sorted = sort?.column === column ? ` aria-sort="${sort.descending ? 'descending' : 'ascending'}"` : '';
  return `<th scope="col" data-column="${column}"${sorted}><button class="sort" data-action="sort" data-column="${column}">${escapeHtml(label)}</button></th>`;
}

function cellHtml(row: CompareRow, metric: CompareMetric): string {
  const cell = row.cells[metric];
  if (!cell) return '<td class="empty" data-sort=""></td>';
  // The hover is plain text: every sentence of this metric, so a reader sees which number was taken.
  const hover = cell.sentences.join('\n\n');
  const context = [cell.hardware ? `on ${cell.hardware}` : '', cell.baseline ? `vs ${cell.baseline}` : ''].filter(Boolean).join(', ');
  const more = cell.sentences.length > 1 ? ` <span class="more">+${cell.sentences.length - 1}</span>` : '';
  return `<td data-sort="${cell.sort ?? ''}" title="${escapeHtml(hover)}"><span class="value">${escapeHtml(cell.value)}</span>${more}${context ? `<span class="hw">${escapeHtml(context)}</span>` : ''}</td>`;
}

/**
 * The Compare page: a table of papers × `page.metrics`, rows in `page.sort` order (as the page script sorts them),
 * each cell the paper's value as written, where it was measured and against what, with every claim sentence of that
 * metric as its hover; per row "Details" and "Cite" buttons; "Insert as table" and "Save as CSV" above. Strict CSP
 * with the render's nonce; every digest string is escaped, and keys go only into `data-paper` attributes.
 */
export function renderCompareHtml(page: ComparePage, assets: DetailsAssets): string {
  const rows = page.sort ? sortCompareRows(page.rows, page.sort.column, page.sort.descending) : page.rows;
  const body = rows
    .map((row) => {
      const key = escapeHtml(row.paper.key);
      return `<tr data-paper="${key}"><th scope="row" data-sort="${escapeHtml(row.paper.title)}">${escapeHtml(row.paper.title)}</th><td data-sort="${row.paper.year ?? ''}">${row.paper.year ?? ''}</td>${page.metrics.map((m) => cellHtml(row, m)).join('')}<td class="row-actions"><button data-action="openDetails" data-paper="${key}" title="Open details"><span class="codicon codicon-open-preview"></span> Details</button><button data-action="cite" data-paper="${key}" title="Insert citation"><span class="codicon codicon-quote"></span> Cite</button></td></tr>`;
    })
    .join('\n');
  const empty = page.metrics.length
    ? ''
    : '<p class="hint">None of these papers states a speedup, latency, energy, memory, throughput, accuracy or cost figure.</p>';
  return `${pageHead(`Compare: ${page.heading}`, assets)}
<h1>Compare: ${escapeHtml(page.heading)}</h1>
<p class="hint">${page.rows.length} paper${page.rows.length === 1 ? '' : 's'}. Values as the papers state them; hover a value for its sentence. Click a column to sort.</p>
<div class="actions">
<button data-action="insertTable"><span class="codicon codicon-table"></span> Insert as table</button>
<button data-action="saveCsv"><span class="codicon codicon-save"></span> Save as CSV…</button>
</div>
${empty}
<table>
<thead><tr>${header('title', 'Paper', page.sort)}${header('year', 'Year', page.sort)}${page.metrics.map((m) => header(m, METRIC_LABELS[m], page.sort)).join('')}<th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>
${body}
</tbody>
</table>
<script nonce="${assets.nonce}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}

/**
 * The table as CSV: `key,title,year`, then per metric its value as written, the hardware, the baseline and the claim
 * sentence. Rows in `sort` order; fields escaped by `csvField` (a formula-like field gets a leading `'`).
 */
export function compareCsv(page: ComparePage): string {
  const rows = page.sort ? sortCompareRows(page.rows, page.sort.column, page.sort.descending) : page.rows;
  const head = ['key', 'title', 'year', ...page.metrics.flatMap((m) => [m, `${m} hardware`, `${m} baseline`, `${m} claim`])];
  return csvText([
    head,
    ...rows.map((row) => [
      row.paper.key,
      row.paper.title,
      row.paper.year === null ? '' : String(row.paper.year),
      ...page.metrics.flatMap((m) => {
        const cell = row.cells[m];
        return cell ? [cell.value, cell.hardware ?? '', cell.baseline ?? '', cell.sentences[0]] : ['', '', '', ''];
      }),
    ]),
  ]);
}
