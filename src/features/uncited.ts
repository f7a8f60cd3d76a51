/** LitDigest: Uncited Papers: for the open document, the papers of a chosen set it does not cite yet, ready to cite or open (registered here; src/lazy/uncited.ts loaded on first use). */
import * as vscode from 'vscode';
import type { Group } from '../core/group';
import { Commands } from '../commands';
import { paperItem } from '../pick';
import type { DigestStore } from '../store';
import { writingEditor } from './documents';

/** What Uncited Papers needs from the tree: its filter and the keys it shows. */
export interface UncitedSource {
  readonly filter: string;
  shownKeys(): string[];
}

/** What the tests read: the last list shown (its set, the document, the uncited keys in order). */
export interface UncitedView {
  readonly shown: { set: string; document: string; keys: string[] } | undefined;
}

/** Registers Uncited Papers (argument: a tree group node; else the set is picked). Returns what the tests read. */
export function registerUncited(context: vscode.ExtensionContext, store: DigestStore, tree: UncitedSource): UncitedView {
  const view: { shown: UncitedView['shown'] } = { shown: undefined };

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.uncitedPapers, async (arg?: { group?: Group }) => {
      const editor = writingEditor();
      if (!editor) {
        void vscode.window.showErrorMessage('Uncited Papers lists what a document does not cite yet: open a Markdown, LaTeX or Typst document first.');
        return;
      }
      await store.whenReady();
      // The chunk gets this bundle's picker item (pick.ts reads the loaded styles) rather than its own copy.
      await (await import('../lazy/uncited')).showUncited({ store, tree, view, paperItem }, editor, arg?.group);
    }),
  );
  return view;
}
