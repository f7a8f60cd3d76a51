/** LitDigest: Search Papers: a QuickPick that searches as you type; Enter opens details, item buttons cite or copy BibTeX. */
import * as vscode from 'vscode';
import { searchLibrary } from '../core/library';
import type { Paper } from '../core/model';
import { Commands } from '../commands';
import { FILTERS_HINT, searchItems, showWhileLoading } from '../pick';
import type { DigestStore } from '../store';

const CITE: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Insert citation' };
const BIBTEX: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy BibTeX' };

export function registerSearch(context: vscode.ExtensionContext, store: DigestStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.search, (initial?: string) => {
      const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { paper: Paper }>();
      quickPick.title = 'Search papers';
      quickPick.matchOnDescription = true;
      const update = () => {
        if (!store.isReady) return;
        const invalid = searchLibrary(store.library, quickPick.value, 1, store.decisionOf).invalid;
        quickPick.items = searchItems(store, quickPick.value, () => update()).map((item) => ({ ...item, buttons: [CITE, BIBTEX] }));
        quickPick.title = invalid.length
          ? `Ignored: ${invalid.join(' ')} (year takes 2025, >=2024 or 2023..2025)`
          : `Search ${store.library.papers.length} papers`;
      };
      if (typeof initial === 'string') quickPick.value = initial;
      const accept = () => {
        const item = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
        quickPick.hide();
        if (item) void vscode.commands.executeCommand(Commands.openDetails, item.paper.key);
      };
      const disposables = [
        quickPick.onDidChangeValue(update),
        // Enter before the index is ready: the query typed so far is answered first.
        quickPick.onDidAccept(() => (store.isReady ? accept() : void store.whenReady().then(accept))),
        quickPick.onDidTriggerItemButton(({ item, button }) => {
          quickPick.hide();
          void vscode.commands.executeCommand(button === CITE ? Commands.insertCitation : Commands.copyBibtex, item.paper.key);
        }),
        quickPick.onDidHide(() => {
          for (const d of disposables) d.dispose();
          quickPick.dispose();
        }),
      ];
      // The command returns nothing: VS Code's walkthrough page, which runs it from a step's button, leaves the
      // walkthrough for its overview when a command it ran returns a value (seen in the walkthrough UI test).
      void showWhileLoading(store, quickPick, `Words, prefixes or typos; ${FILTERS_HINT}`, update);
    }),
  );
}
