/** Citing: insert citations and claims at every cursor, keep the document's bibliography complete, copy and export BibTeX (registered here; src/lazy/insert.ts loaded on first use). */
import * as vscode from 'vscode';
import { announce, BibliographyWriter, complete, label } from '../bibliography';
import type { Paper } from '../core/model';
import { Commands } from '../commands';
import { readConfig } from '../config';
import { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/** What a tree item, a webview button or a caller passes: a key, keys, or a tree node holding a paper. */
type PaperArg = string | string[] | { paper?: Paper; index?: number } | undefined;

/** Keys named by a command argument, or undefined when the command should ask. */
function keysOf(arg: PaperArg): string[] | undefined {
  if (typeof arg === 'string') return [arg];
  if (Array.isArray(arg)) {
    const keys = arg.filter((k): k is string => typeof k === 'string');
    return keys.length ? keys : undefined;
  }
  if (arg && typeof arg === 'object' && arg.paper) return [arg.paper.key];
  return undefined;
}

/** Registers the citing commands; returns the bibliography writer (extension-host tests answer its confirmations). */
export function registerInsert(context: vscode.ExtensionContext, store: DigestStore): BibliographyWriter {
  const writer = new BibliographyWriter(context.workspaceState, (uri) => store.nameOf(uri));
  // Commands run from the webview or the tree leave no active text editor: cite into the last one used.
  let lastEditor = vscode.window.activeTextEditor;
  // The chunk gets this bundle's writer and the functions that share its state rather than bundling its own copies.
  const host = { store, writer, pickPapers, complete, announce, label, readConfig };
  const code = () => import('../lazy/insert');
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastEditor = e;
    }),
    vscode.commands.registerCommand(Commands.insertCitation, async (arg?: PaperArg) =>
      (await code()).insertCitation(host, vscode.window.activeTextEditor ?? visible(lastEditor), keysOf(arg)),
    ),
    vscode.commands.registerCommand(Commands.insertClaim, async (arg?: PaperArg, claimIndex?: number) => {
      // From the tree's context menu the second argument is the selection (an array), not a claim index.
      const index =
        typeof arg === 'object' && arg && !Array.isArray(arg) && typeof arg.index === 'number'
          ? arg.index
          : typeof claimIndex === 'number'
            ? claimIndex
            : undefined;
      return (await code()).insertClaim(host, vscode.window.activeTextEditor ?? visible(lastEditor), keysOf(arg), index);
    }),
    vscode.commands.registerCommand(Commands.copyBibtex, async (arg?: PaperArg) => (await code()).copyBibtex(host, keysOf(arg))),
    vscode.commands.registerCommand(Commands.exportBibliography, async () => (await code()).exportBibliography(host)),
    vscode.commands.registerCommand(Commands.addToBibliography, async (uri?: vscode.Uri | string, key?: string) => {
      const paper = key ? store.paper(key) : undefined;
      if (!uri || !paper) return;
      return (await code()).addToBibliography(host, uri, paper);
    }),
  );
  return writer;
}

function visible(editor: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  return editor && vscode.window.visibleTextEditors.includes(editor) ? editor : undefined;
}
