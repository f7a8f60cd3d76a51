/** Hover cards and links for citation keys in Markdown, LaTeX and Typst documents. */
import * as vscode from 'vscode';
import { findCitedKeys } from '../core/languages';
import type { Paper } from '../core/model';
import { Commands } from '../commands';
import type { DigestStore } from '../store';
import { CITING_SELECTOR } from './documents';

/** The paper card: untrusted Markdown built with appendText, so digest text stays inert. */
function card(paper: Paper): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendText(paper.title);
  md.appendMarkdown('**\n\n');
  const meta = [paper.key, paper.date, paper.org ?? (paper.authors !== null ? `${paper.authors} authors` : null), paper.topics.join(', ')]
    .filter(Boolean)
    .join(' · ');
  md.appendText(`${meta}\n\n`);
  if (paper.hardware.length) md.appendText(`Hardware: ${paper.hardware.map((h) => h.name).join(', ')}\n\n`);
  if (paper.claims[0]) md.appendText(`“${paper.claims[0].text}”`);
  return md;
}

export function registerHover(context: vscode.ExtensionContext, store: DigestStore): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(CITING_SELECTOR, {
      provideHover(document, position) {
        const line = document.lineAt(position.line).text;
        const hit = findCitedKeys(line, document.languageId).find((k) => k.start <= position.character && position.character <= k.end);
        const paper = hit && store.paper(hit.key);
        if (!hit || !paper) return undefined;
        return new vscode.Hover(card(paper), new vscode.Range(position.line, hit.start, position.line, hit.end));
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
