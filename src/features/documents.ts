/** The documents whose citation keys LitDigest completes, hovers and checks, as a VS Code selector, and the one being written. */
import * as vscode from 'vscode';
import { CITING_LANGUAGES, resolvesKeys } from '../core/languages';

/** Every language of the core list whose keys a reader resolves, on disk or unsaved. */
export const CITING_SELECTOR: vscode.DocumentSelector = CITING_LANGUAGES.filter((l) => l.resolvesKeys).flatMap(({ id: language }) => [
  { language, scheme: 'file' },
  { language, scheme: 'untitled' },
]);

/**
 * The editor of the document being written: the active editor when its language cites (Markdown, LaTeX, Typst…),
 * else the first visible editor whose language does (a webview such as the details page may be the active tab).
 * Undefined when none is open.
 */
export function writingEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && resolvesKeys(active.document.languageId)) return active;
  return vscode.window.visibleTextEditors.find((e) => resolvesKeys(e.document.languageId));
}

/** Makes `editor`'s document the active editor again, in its own column, so a command that writes at the cursor writes there. */
export async function focusEditor(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: editor.selection });
}
