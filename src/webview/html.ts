/** renderDetailsHtml: the paper details page, with a strict Content-Security-Policy and every digest string escaped. */
import type { Conflict, Paper } from '../core/model';
import { sameSentence, sameTarget, type PaperCorrections } from '../core/corrections';
import { claimMarkId, hardwareMarkId, highlightRanges, type HighlightRange } from '../core/highlight';
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

/**
 * The opening of every LitDigest page, up to `<body>`: a Content-Security-Policy that allows nothing by default,
 * styles (and with `codiconsUri`, the codicon font) from the extension's media folder, and only the script that
 * carries this render's `nonce` (no `img-src`, nothing inline); then the stylesheets and the escaped `title`.
 */
export function pageHead(title: string, assets: { cspSource: string; nonce: string; styleUri: string; codiconsUri?: string }): string {
  const fonts = assets.codiconsUri ? [`font-src ${assets.cspSource}`] : [];
  const csp = ["default-src 'none'", `style-src ${assets.cspSource}`, ...fonts, `script-src 'nonce-${assets.nonce}'`].join('; ');
  const styles = [assets.codiconsUri, assets.styleUri].filter((u) => u !== undefined);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((u) => `<link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n')}
<title>${escapeHtml(title)}</title>
</head>
<body>`;
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

/**
 * `text` with each range of `highlightRanges` in a `<mark>` whose class names its kinds
 * (`hardware`, `claim`), whose title names what it marks and whose `data-marks` lists their ids;
 * the ranges are found on the raw text and each piece is escaped on its own.
 */
function markedHtml(text: string, ranges: readonly HighlightRange[]): string {
  let html = '';
  let at = 0;
  for (const r of ranges) {
    html += escapeHtml(text.slice(at, r.start));
    html += `<mark class="${r.kinds.join(' ')}" data-marks="${escapeHtml(r.ids.join(' '))}" title="${escapeHtml(r.labels.join(' · '))}">${escapeHtml(text.slice(r.start, r.end))}</mark>`;
    at = r.end;
  }
  return html + escapeHtml(text.slice(at));
}

/** Where the page marks each item: the abstract's ranges, the title's (a target named only in the title), and the ids marked somewhere. */
function marksOf(paper: Paper): { abstract: HighlightRange[]; title: HighlightRange[]; shown: Set<string> } {
  const abstract = highlightRanges(paper.abstract, paper);
  const inAbstract = new Set(abstract.flatMap((r) => r.ids));
  const title = highlightRanges(paper.title, { hardware: paper.hardware, claims: [] }, (id) => !inAbstract.has(id));
  return { abstract, title, shown: new Set([...inAbstract, ...title.flatMap((r) => r.ids)]) };
}

/** A list entry's text as a button that shows its mark, or as plain text when nothing is marked. */
function jumpHtml(id: string, text: string, shown: ReadonlySet<string>): string {
  return shown.has(id) ? `<button class="jump" data-jump="${id}" title="Show where it was found">${escapeHtml(text)}</button>` : escapeHtml(text);
}

/** The hardware section: each target (its wording, where it was found, whether a reviewer added it), the targets reviewers removed, and the button that corrects. */
function hardwareHtml(paper: Paper, key: string, shown: ReadonlySet<string>, corrections: PaperCorrections | undefined, canCorrect: boolean): string {
  const added = corrections?.hardware?.add ?? [];
  const items = paper.hardware.map((h, i) => {
    const id = hardwareMarkId(i);
    const wording = h.phrase && h.phrase.toLowerCase() !== h.name.toLowerCase() ? `, “${h.phrase}”` : '';
    const notes = [added.some((a) => sameTarget(a, h)) ? 'added by a reviewer' : '', shown.has(id) ? '' : 'wording not found in the title or abstract'].filter(
      Boolean,
    );
    return `<li>${jumpHtml(id, h.name, shown)} <span class="hw-class">(${escapeHtml(h.class + wording)})</span>${notes.length ? ` <span class="corrected">${escapeHtml(notes.join('; '))}</span>` : ''}</li>`;
  });
  const removed = (corrections?.hardware?.remove ?? []).filter((r) => !paper.hardware.some((h) => sameTarget(h, r)));
  for (const r of removed)
    items.push(
      `<li class="removed"><del>${escapeHtml(r.name)}</del> <span class="hw-class">(${escapeHtml(r.class)})</span> <span class="corrected">removed by a reviewer</span></li>`,
    );
  const button = canCorrect
    ? `<div class="actions"><button class="secondary" data-action="correct" data-paper="${key}"><span class="codicon codicon-edit"></span> Correct hardware and claims…</button></div>`
    : '';
  return `<h2>Hardware</h2>${items.length ? `<ul class="hardware">${items.join('')}</ul>` : '<p><em>None found.</em></p>'}${button}`;
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

/** A paper related to the one shown: its key and title, whether the document being written cites it, and what they share. */
export interface RelatedEntry {
  key: string;
  title: string;
  /** True or false for the document being written (the active or last visible citing editor); null when there is none. */
  cited: boolean | null;
  /** Shared terms, most telling first (`topic:…`, `hardware:…` or a word). */
  shared: readonly string[];
}

/** The Related papers section: each title a button that opens its details, marked cited or not in the document. */
function relatedHtml(related: readonly RelatedEntry[]): string {
  const items = related.map((r) => {
    const mark =
      r.cited === null ? '' : r.cited ? ' <span class="cited">cited in this document</span>' : ' <span class="not-cited">not cited in this document</span>';
    const shared = r.shared.length ? ` <span class="shared">(shares ${escapeHtml(r.shared.join(', '))})</span>` : '';
    return `<li><button class="link" data-action="openDetails" data-paper="${escapeHtml(r.key)}">${escapeHtml(r.title)}</button>${mark}${shared}</li>`;
  });
  return `<h2>Related papers</h2><ol class="related">${items.join('')}</ol>`;
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
 * the page shows the reviewer's decision (status, reason, tags, note as plain text) and decide buttons. With `related`
 * (not empty), it lists the related papers, each marked cited in the document being written or not. With `reference`
 * (citeproc-js's HTML of the paper's entry in the citation style), the formatted reference and a button that copies it.
 */
export function renderDetailsHtml(
  paper: Paper,
  assets: DetailsAssets,
  review?: { decision: Decision | undefined; others?: readonly OtherDecision[]; corrections?: PaperCorrections },
  related?: readonly RelatedEntry[],
  reference?: { style: string; html: string },
): string {
  const key = escapeHtml(paper.key);
  const links = paper.urls
    .map(safeHttpUrl)
    .filter((u): u is string => u !== null)
    .map(
      (u) =>
        `<li><span class="codicon codicon-link-external"></span> <button class="link" data-action="openLink" data-url="${escapeHtml(u)}">${escapeHtml(u)}</button></li>`,
    )
    .join('');
  const marks = marksOf(paper);
  const addedClaims = review?.corrections?.claims?.add ?? [];
  const claims = paper.claims
    .map((c, i) => {
      const added = addedClaims.some((t) => sameSentence(t, c.text)) ? ' <span class="corrected">added by a reviewer</span>' : '';
      return `<li><span class="metric">${escapeHtml(c.metric)} ${escapeHtml(c.value)}</span>${claimContext(c)} ${jumpHtml(claimMarkId(i), c.text, marks.shown)}${added} <button data-action="insertClaim" data-paper="${key}" data-claim="${i}"><span class="codicon codicon-comment"></span> Insert claim</button></li>`;
    })
    .join('');
  const notClaims = (review?.corrections?.claims?.remove ?? [])
    .map((t) => `<li class="removed"><del>${escapeHtml(t)}</del> <span class="corrected">not a claim, says a reviewer</span></li>`)
    .join('');
  return `${pageHead(paper.title, assets)}
<h1>${markedHtml(paper.title, marks.title)}</h1>
<div class="actions">
<button data-action="insertCitation" data-paper="${key}"><span class="codicon codicon-quote"></span> Insert citation</button>
<button data-action="copyBibtex" data-paper="${key}"><span class="codicon codicon-copy"></span> Copy BibTeX</button>
</div>
${review ? screeningHtml(key, review.decision, review.others ?? []) : ''}
<dl>${metadataHtml(paper)}</dl>
${reference?.html ? referenceHtml(key, reference) : ''}
${links ? `<h2>Links</h2><ul class="links">${links}</ul>` : ''}
<h2>Abstract</h2>
<p class="abstract">${markedHtml(paper.abstract, marks.abstract) || '<em>No abstract in the digest.</em>'}</p>
${hardwareHtml(paper, key, marks.shown, review?.corrections, review !== undefined)}
${claims ? `<h2>Claims</h2><ol class="claims">${claims}</ol>` : ''}${notClaims ? `<h2>Not claims</h2><ul class="claims">${notClaims}</ul>` : ''}
${related?.length ? relatedHtml(related) : ''}
<script nonce="${assets.nonce}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}
