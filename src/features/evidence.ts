/** Insert Evidence Table and Refresh Evidence Table: registered at activation, their implementation (src/lazy/evidence.ts) loaded on first use. */
import * as vscode from 'vscode';
import { announce, complete, type BibliographyWriter } from '../bibliography';
import { Commands } from '../commands';
import { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/** What the tree tells this feature: its filter (the tree is registered elsewhere; features share no code). */
interface TreeFilter {
  readonly filter: string;
}

/** Registers the evidence table commands. `writer` is Insert Citation's, so tables complete bibliographies as it does. */
export function registerEvidence(context: vscode.ExtensionContext, store: DigestStore, writer: BibliographyWriter, tree?: TreeFilter): void {
  // From the tree's context menu there is no active editor: write into the last one used.
  let lastEditor = vscode.window.activeTextEditor;
  // The chunk gets this bundle's functions rather than bundling its own copies (pick.ts reads csl.ts's loaded styles).
  const host = { store, writer, pickPapers, complete, announce };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastEditor = e;
    }),
    vscode.commands.registerCommand(Commands.insertEvidenceTable, async (arg?: unknown, spec?: unknown) =>
      (await import('../lazy/evidence')).insertEvidenceTable(host, lastEditor, tree?.filter ?? '', arg, spec),
    ),
    vscode.commands.registerCommand(Commands.refreshEvidenceTable, async () => (await import('../lazy/evidence')).refreshEvidenceTables(host, lastEditor)),
  );
}
