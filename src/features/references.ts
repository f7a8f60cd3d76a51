/** Formatted references: Copy Formatted Reference and Insert Reference List (their code loads on first use), and re-reading the style when its settings change. */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import { forgetStyles, loadReferences } from '../csl';
import { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/** The commands' code, from its own chunk (dist/references.js in the extension), with the extension's CSL references and picker. */
const host = { loadReferences, pickPapers };
const commands = () => import('../lazy/references');

export function registerReferences(context: vscode.ExtensionContext, store: DigestStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.copyFormattedReference, async (arg?: unknown) => (await commands()).copyFormattedReference(store, arg, host)),
    vscode.commands.registerCommand(Commands.insertReferenceList, async () => (await commands()).insertReferenceList(store, host)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('litdigest.citationStyle') || e.affectsConfiguration('litdigest.locale')) forgetStyles();
    }),
    // A .csl file the settings name may be edited while in use: read it again on the next format.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.fileName.endsWith('.csl')) forgetStyles();
    }),
  );
}
