/** renderDetailsHtml: the paper details page, with a strict Content-Security-Policy and every digest string escaped. */
import type { Conflict, Paper } from '../core/model';
import type { Decision } from '../core/reviewFile';

/** Where the page's own files are, as webview URIs, and the webview's CSP source. */
export interface DetailsAssets {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** VS Code's icon font stylesheet (codicons). */
  codiconsUri: string;
  /** A fresh random nonce for this render; only the script carrying it may run. */
  nonce: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The URL if it is http or https, else null: nothing else is ever rendered as a link. */
export function safeHttpUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The abstract with each claim sentence in a `<mark>`, escaped piece by piece. */
function abstractHtml(paper: Paper): string {
  const spans: { start: number; end: number; index: number }[] = [];
  paper.claims.forEach((claim, index) => {
    const start = paper.abstract.indexOf(claim.text);
    if (start !== -1) spans.push({ start, end: start + claim.text.length, index });
  });
  spans.sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    html += escapeHtml(paper.abstract.slice(at, span.start));
    html += `<mark class="claim" data-claim="${span.index}">${escapeHtml(paper.abstract.slice(span.start, span.end))}</mark>`;
    at = span.end;
  }
  return html + escapeHtml(paper.abstract.slice(at));
}

/** What a claim is measured against and on, as read from its sentence: ` (vs vLLM, on Jetson Orin)`, escaped. */
function claimContext(c: Paper['claims'][number]): string {
  const parts = [c.baseline ? `vs ${c.baseline}` : '', c.hardware ? `on ${c.hardware}` : ''].filter(Boolean);
  return parts.length ? ` <span class="claim-context">(${escapeHtml(parts.join(', '))})</span>` : '';
}

/** How the details page names a value some sighting gave and the paper did not keep. */
const CONFLICT_LABELS: Record<Conflict['field'], string> = {
  title: 'Also titled',
  authorNames: 'Other author list',
  arxiv: 'Other arXiv id',
  arxivClass: 'Other arXiv category',
  doi: 'Other DOI',
  venue: 'Other venue',
  year: 'Other year',
};

function metadataHtml(paper: Paper): string {
  const rows: [string, string][] = [['Key', paper.key]];
  const own = [...new Set(paper.sources.filter((s) => s.bibKey && s.bibKey !== paper.key).map((s) => s.bibKey))];
  if (own.length) rows.push(['Your key', own.join(', ')]);
  if (paper.date) rows.push(['Date', paper.date]);
  if (paper.authorNames?.length) rows.push(['Authors', paper.authorNames.map((n) => (n.given ? `${n.given} ${n.family}` : n.family)).join(', ')]);
  else if (paper.authors !== null) rows.push(['Authors', `${paper.authors} author${paper.authors === 1 ? '' : 's'}`]);
  if (paper.venue) rows.push(['Venue', paper.venue]);
  if (paper.arxiv) rows.push(['arXiv', paper.arxiv]);
  if (paper.doi) rows.push(['DOI', paper.doi]);
  if (paper.org) rows.push(['Organisation', paper.org]);
  if (paper.count !== null) rows.push(['Count', String(paper.count)]);
  rows.push(['Topics', paper.topics.join(', ')]);
  // The paper's own wording beside the catalogue's name, so a reviewer can judge what was read.
  const wording = (h: Paper['hardware'][number]) => (h.phrase && h.phrase.toLowerCase() !== h.name.toLowerCase() ? `, “${h.phrase}”` : '');
  rows.push(['Hardware', paper.hardware.length ? paper.hardware.map((h) => `${h.name} (${h.class}${wording(h)})`).join('; ') : 'Unspecified']);
  rows.push(['Sources', paper.sources.map((s) => `${s.file.split(/[\\/]/).pop()}:${s.line}${s.bibKey ? ` (${s.bibKey})` : ''}`).join(', ')]);
  for (const c of paper.conflicts ?? []) rows.push([CONFLICT_LABELS[c.field], `${c.value} (${c.source.file.split(/[\\/]/).pop()}:${c.source.line})`]);
  return rows.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
}

const DECIDE_BUTTONS = [
  ['included', 'pass', 'Include', 'i'],
  ['excluded', 'circle-slash', 'Exclude…', 'e'],
  ['maybe', 'question', 'Maybe', 'm'],
  ['unscreened', 'discard', 'Clear', ''],
] as const;

/** The screening section: this reviewer's status, reason, tags and note (plain text), and the buttons that decide. */
/** Another reviewer's decision on the paper, shown beside this reviewer's (a disagreement is a conflict). */
export interface OtherDecision {
  reviewer: string;
  status: string;
  reason?: string;
}

function screeningHtml(key: string, decision: Decision | undefined, others: readonly OtherDecision[]): string {
  const status = decision?.status ?? 'unscreened';
  const reason = decision?.reason ? ` — ${escapeHtml(decision.reason)}` : '';
  const tags = decision?.tags.length ? decision.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(' ') : '<em>none</em>';
  // A decision shows pressed; Clear on a paper not yet decided is an action like the others, not the suggested one.
  const buttons = DECIDE_BUTTONS.map(
    ([value, icon, label, shortcut]) =>
      `<button data-action="decide" data-paper="${key}" data-status="${value}"${value === status && value !== 'unscreened' ? ' aria-pressed="true"' : ''}${shortcut ? ` aria-keyshortcuts="${shortcut}" title="${label} (${shortcut} while screening)"` : ''}><span class="codicon codicon-${icon}"></span> ${label}</button>`,
  ).join('');
  return `<section class="screening" aria-label="Screening">
<p>Status: <strong class="status status-${status}">${status}</strong>${reason} · Tags: ${tags}</p>
<div class="actions" role="group" aria-label="Screening decision">${buttons}<button data-action="editTags" data-paper="${key}"><span class="codicon codicon-tag"></span> Tags…</button><button data-action="editNote" data-paper="${key}"><span class="codicon codicon-note"></span> Note…</button></div>
${decision?.note ? `<div class="note" aria-label="Note">${escapeHtml(decision.note)}</div>` : ''}
${others.length ? `<p class="others">Other reviewers: ${others.map((o) => `${escapeHtml(o.reviewer)}: <span class="status-${escapeHtml(o.status)}">${escapeHtml(o.status)}</span>${o.reason ? ` (${escapeHtml(o.reason)})` : ''}`).join(' · ')}</p>` : ''}
</section>`;
}

/**
 * A formatted reference from citeproc-js's HTML output, made safe to show: its text is already escaped by citeproc-js;
 * of its tags only `<i> <b> <sup> <sub>` are kept, every other tag is dropped, and a `<` that starts no tag is escaped.
 */
export function safeReferenceHtml(html: string): string {
  return html
    .replace(/<[^<>]*>|[<>]/g, (m) => (m.length === 1 ? ESCAPES[m] : /^<\/?(i|b|sup|sub)>$/.test(m) ? m : ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function referenceHtml(key: string, reference: { style: string; html: string }): string {
  return `<section class="reference" aria-label="Formatted reference">
<h2>Reference <span class="style-name">(${escapeHtml(reference.style)})</span></h2>
<p class="formatted-reference">${safeReferenceHtml(reference.html)}</p>
<div class="actions"><button data-action="copyReference" data-paper="${key}"><span class="codicon codicon-copy"></span> Copy reference</button></div>
</section>`;
}

/**
 * The whole details page for `paper`. Scripts run only with the nonce; there is no inline
 * handler, no `img-src`, and links are http(s) buttons that ask the host to open them. With `review`,
 * the page shows the reviewer's decision (status, reason, tags, note as plain text) and decide buttons. With `reference`
 * (citeproc-js's HTML of the paper's entry in the citation style), the formatted reference and a button that copies it.
 */
export function renderDetailsHtml(
  paper: Paper,
  assets: DetailsAssets,
  review?: { decision: Decision | undefined; others?: readonly OtherDecision[] },
  reference?: { style: string; html: string },
): string {
  const csp = ["default-src 'none'", `style-src ${assets.cspSource}`, `font-src ${assets.cspSource}`, `script-src 'nonce-${assets.nonce}'`].join('; ');
  const key = escapeHtml(paper.key);
  const links = paper.urls
    .map(safeHttpUrl)
    .filter((u): u is string => u !== null)
    .map(
      (u) =>
        `<li><span class="codicon codicon-link-external"></span> <button class="link" data-action="openLink" data-url="${escapeHtml(u)}">${escapeHtml(u)}</button></li>`,
    )
    .join('');
  const claims = paper.claims
    .map(
      (c, i) =>
        `<li><span class="metric">${escapeHtml(c.metric)} ${escapeHtml(c.value)}</span>${claimContext(c)} ${escapeHtml(c.text)} <button data-action="insertClaim" data-paper="${key}" data-claim="${i}"><span class="codicon codicon-comment"></span> Insert claim</button></li>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.codiconsUri)}">
<link rel="stylesheet" href="${escapeHtml(assets.styleUri)}">
<title>${escapeHtml(paper.title)}</title>
</head>
<body>
<h1>${escapeHtml(paper.title)}</h1>
<div class="actions">
<button data-action="insertCitation" data-paper="${key}"><span class="codicon codicon-quote"></span> Insert citation</button>
<button data-action="copyBibtex" data-paper="${key}"><span class="codicon codicon-copy"></span> Copy BibTeX</button>
</div>
${review ? screeningHtml(key, review.decision, review.others ?? []) : ''}
<dl>${metadataHtml(paper)}</dl>
${reference?.html ? referenceHtml(key, reference) : ''}
${links ? `<h2>Links</h2><ul class="links">${links}</ul>` : ''}
<h2>Abstract</h2>
<p class="abstract">${abstractHtml(paper) || '<em>No abstract in the digest.</em>'}</p>
${claims ? `<h2>Claims</h2><ol class="claims">${claims}</ol>` : ''}
<script nonce="${assets.nonce}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}
