/** Reads the bibliographies the open documents use into the library, so their entries complete, hover and are found like any paper. */
import * as vscode from 'vscode';
import { resolvesKeys } from '../core/languages';
import { documentBibliographies } from '../bibliography';
import { readConfig } from '../config';
import type { DigestStore } from '../store';

/** Opening a dozen documents at once costs one update. */
const DELAY_MS = 200;

/**
 * The `.bib` and CSL-JSON files on disk that the open documents of citing languages use, with
 * `litdigest.readDocumentBibliography` on for the document; a document's own file is never one.
 */
export function openDocumentBibliographies(documents: readonly vscode.TextDocument[]): string[] {
  const paths = new Set<string>();
  for (const doc of documents) {
    if (!resolvesKeys(doc.languageId) || doc.uri.scheme === 'git' || !readConfig(doc.uri).config.readDocumentBibliography) continue;
    for (const file of documentBibliographies(doc).files) {
      if (file.uri.scheme === 'file' && file.uri.toString() !== doc.uri.toString() && /\.(bib|json)$/i.test(file.uri.path)) paths.add(file.uri.fsPath);
    }
  }
  return [...paths];
}

/** Keeps the store's document bibliographies in step with the open documents, their saved front matter and the setting. */
export function registerDocumentLibrary(context: vscode.ExtensionContext, store: DigestStore): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => store.setDocumentBibliographies(openDocumentBibliographies(vscode.workspace.textDocuments)), DELAY_MS);
  };
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidCloseTextDocument(refresh),
    vscode.workspace.onDidSaveTextDocument(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('litdigest') && refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
  );
  refresh();
}
