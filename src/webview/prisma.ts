/** The Screening Summary page (PRISMA 2020 flow, agreement) and its exports as a Markdown table and CSV: strings in, strings out. */
import type { Agreement, PrismaCounts } from '../core/review';
import { csvField } from '../core/escape';
import { escapeHtml, pageHead } from './html';

/** Where the page's own files are, as webview URIs, with the CSP source and this render's nonce. */
export interface PrismaAssets {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

/** One row of the PRISMA table: a stage, an optional detail (a source, a reason), and its count. */
export interface PrismaRow {
  stage: string;
  detail: string;
  count: number;
}

/** The PRISMA counts as rows, in flow order: identification (per source), duplicates, screening, exclusions (per reason), outcome. */
export function prismaRows(p: PrismaCounts): PrismaRow[] {
  const rows: PrismaRow[] = [{ stage: 'Records identified', detail: '', count: p.identified.total }];
  for (const s of p.identified.bySource) rows.push({ stage: 'Records identified', detail: `${s.name} (${s.kind})`, count: s.records });
  rows.push({ stage: 'Duplicates removed', detail: '', count: p.duplicatesRemoved });
  rows.push({ stage: 'Records screened', detail: '', count: p.screened });
  rows.push({ stage: 'Records excluded', detail: '', count: p.excluded.total });
  for (const r of p.excluded.byReason) rows.push({ stage: 'Records excluded', detail: r.reason, count: r.count });
  rows.push({ stage: 'Included', detail: '', count: p.included });
  rows.push({ stage: 'Maybe', detail: '', count: p.maybe });
  rows.push({ stage: 'Conflicts (unresolved)', detail: '', count: p.conflicts });
  rows.push({ stage: 'Unscreened', detail: '', count: p.unscreened });
  return rows;
}

// A digest file name or reason may hold `|` or a line break: either would break the table's row.
const mdCell = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, ' ');

/** The PRISMA counts as a GitHub-flavoured Markdown table (Stage | Detail | Count). */
export function prismaMarkdown(p: PrismaCounts): string {
  const lines = ['| Stage | Detail | Count |', '| --- | --- | ---: |'];
  for (const r of prismaRows(p)) lines.push(`| ${mdCell(r.stage)} | ${mdCell(r.detail)} | ${r.count} |`);
  return `${lines.join('\n')}\n`;
}

/** Rows of fields as CSV: each field through `csvField`, CRLF line ends and a final CRLF (RFC 4180). */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/** The PRISMA counts as CSV with a header row `stage,detail,count`, CRLF line ends (RFC 4180). */
export function prismaCsv(p: PrismaCounts): string {
  return csvText([['stage', 'detail', 'count'], ...prismaRows(p).map((r) => [r.stage, r.detail, String(r.count)])]);
}

function box(label: string, count: number, details: { name: string; count: number }[] = [], kind = ''): string {
  const list = details.length ? `<ul>${details.map((d) => `<li>${escapeHtml(d.name)}: <strong>${d.count}</strong></li>`).join('')}</ul>` : '';
  return `<div class="box ${kind}" role="group" aria-label="${escapeHtml(`${label}: ${count}`)}"><div class="label">${escapeHtml(label)}</div><div class="count">${count}</div>${list}</div>`;
}

const kappa = (k: number | null) => (k === null ? 'n/a' : k.toFixed(2));

/**
 * The Screening Summary page: the PRISMA 2020 flow as boxes (identification → screening →
 * included, exclusions beside), agreement between reviewers, and Copy/Save buttons. Theme colours
 * only; the one script runs with the nonce; every name (files, reasons, reviewers) is escaped.
 */
export function renderPrismaHtml(p: PrismaCounts, agreement: readonly Agreement[], assets: PrismaAssets): string {
  const rows = agreement
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.a)} / ${escapeHtml(a.b)}</td><td>${a.compared}</td><td>${a.agreed}</td><td>${a.disagreed}</td><td>${kappa(a.kappa)}</td></tr>`,
    )
    .join('');
  return `${pageHead('Screening Summary', assets)}
<h1>Screening Summary (PRISMA 2020)</h1>
<div class="actions">
<button data-action="copyMarkdown">Copy as Markdown table</button>
<button data-action="saveCsv">Save as CSV…</button>
</div>
<div class="flow" aria-label="PRISMA 2020 flow">
<div class="row">${box(
    'Records identified',
    p.identified.total,
    p.identified.bySource.map((s) => ({ name: s.name, count: s.records })),
  )}
${box('Duplicates removed', p.duplicatesRemoved, [], 'side')}</div>
<div class="arrow" aria-hidden="true">↓</div>
<div class="row">${box('Records screened', p.screened, [
    { name: 'maybe', count: p.maybe },
    { name: 'in conflict', count: p.conflicts },
  ])}
${box(
  'Records excluded',
  p.excluded.total,
  p.excluded.byReason.map((r) => ({ name: r.reason, count: r.count })),
  'side excluded',
)}</div>
<div class="arrow" aria-hidden="true">↓</div>
<div class="row">${box('Included', p.included, [], 'included')}
${box('Still unscreened', p.unscreened, [], 'side')}</div>
</div>
${p.decisionsWithoutRecord ? `<p class="hint">${p.decisionsWithoutRecord} decision${p.decisionsWithoutRecord === 1 ? ' is' : 's are'} kept for papers in no loaded digest (not counted above).</p>` : ''}
${rows ? `<h2>Agreement</h2><table><thead><tr><th>Reviewers</th><th>Both decided</th><th>Agreed</th><th>Disagreed</th><th>Cohen's κ</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<script nonce="${assets.nonce}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}
