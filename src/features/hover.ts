/** Hover cards and links for citation keys in Markdown, LaTeX and Typst documents. */
import * as vscode from 'vscode';
import { findCitedKeys } from '../core/languages';
import type { Paper } from '../core/model';
import type { Decision } from '../core/reviewFile';
import { Commands } from '../commands';
import type { DigestStore } from '../store';
import { documentKeys } from '../bibliography';
import { loadReferences, loadedReferences } from '../csl';
import { CITING_SELECTOR } from './documents';

/**
 * The paper card: untrusted Markdown built with appendText, so digest text stays inert. `decision` is the screening's;
 * `reference` the paper's entry in the citation style, shown under the title.
 */
function card(paper: Paper, decision?: Decision, reference?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(paper.title);
  md.appendMarkdown('**\n\n');
  if (reference) md.appendText(`${reference}\n\n`);
  const meta = [paper.key, paper.date, paper.org ?? (paper.authors !== null ? `${paper.authors} authors` : null), paper.topics.join(', ')]
    .filter(Boolean)
    .join(' · ');
  md.appendText(`${meta}\n\n`);
  if (paper.hardware.length) md.appendText(`Hardware: ${paper.hardware.map((h) => h.name).join(', ')}\n\n`);
  if (paper.claims[0]) md.appendText(`“${paper.claims[0].text}”\n\n`);
  if (decision && decision.status !== 'unscreened') {
    const tags = decision.tags?.length ? ` · tags: ${decision.tags.join(', ')}` : '';
    md.appendText(`Screening: ${decision.status}${decision.reason ? ` (${decision.reason})` : ''}${tags}\n\n`);
    if (decision.note) md.appendText(`Note: ${decision.note}`);
  }
  return md;
}

/** How long a hover waits for the citation style to load before it shows the card without the formatted reference. */
const HOVER_WAIT_MS = 300;

export function registerHover(context: vscode.ExtensionContext, store: DigestStore): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(CITING_SELECTOR, {
      async provideHover(document, position) {
        const line = document.lineAt(position.line).text;
        const hit = findCitedKeys(line, document.languageId).find((k) => k.start <= position.character && position.character <= k.end);
        if (!hit) return undefined;
        const range = new vscode.Range(position.line, hit.start, position.line, hit.end);
        const paper = store.paper(hit.key);
        if (paper) {
          // The first hover starts loading the formatter and the style (seconds for a large style on a busy machine): a hover
          // waits for it briefly, then shows the card without the reference; the load goes on and later hovers show it.
          const loading = loadReferences(document.uri).catch((e: unknown) => store.log(`formatted reference: ${String(e)}`));
          const references = loadedReferences(document.uri) ?? (await Promise.race([loading, new Promise<undefined>((r) => setTimeout(r, HOVER_WAIT_MS))]));
          return new vscode.Hover(card(paper, store.decisionOf?.(paper.key), references?.references([paper])[0]?.text), range);
        }
        // A key of the document's own bibliography that the library does not hold: say where it is.
        const file = (await documentKeys(document)).keys.get(hit.key);
        if (!file) return undefined;
        const md = new vscode.MarkdownString(undefined, false);
        md.appendText(`${hit.key} · in ${file} (not in the LitDigest library)`);
        return new vscode.Hover(md, range);
      },
    }),
    vscode.languages.registerDocumentLinkProvider(CITING_SELECTOR, {
      provideDocumentLinks(document) {
        return findCitedKeys(document.getText(), document.languageId)
          .filter((k) => store.paper(k.key))
          .map((k) => {
            const link = new vscode.DocumentLink(
              new vscode.Range(k.line, k.start, k.line, k.end),
              vscode.Uri.parse(`command:${Commands.openDetails}?${encodeURIComponent(JSON.stringify([k.key]))}`),
            );
            link.tooltip = 'Open the paper in LitDigest';
            return link;
          });
      },
    }),
  );
}
