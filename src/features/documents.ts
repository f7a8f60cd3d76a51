/** The documents whose citation keys LitDigest completes, hovers and checks, as a VS Code selector, and the one being written. */
import * as vscode from 'vscode';
import { CITING_LANGUAGES, resolvesKeys } from '../core/languages';

/** Every language of the core list whose keys a reader resolves, on disk or unsaved. */
export const CITING_SELECTOR: vscode.DocumentSelector = CITING_LANGUAGES.filter((l) => l.resolvesKeys).flatMap(({ id: language }) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/**
 * The document being written: the active editor's when its language cites (Markdown, LaTeX, Typst…), else the first
 * visible editor's that does (a webview such as the details page may be the active tab). Undefined when none is open.
 */
export function writingDocument(): vscode.TextDocument | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && resolvesKeys(active.document.languageId)) return active.document;
  return vscode.window.visibleTextEditors.find((e) => resolvesKeys(e.document.languageId))?.document;
}
