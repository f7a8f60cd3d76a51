/** pickPapers: a QuickPick that searches the library as you type, shared by every command that needs a paper. */
import * as vscode from 'vscode';
import { searchLibrary } from './core/library';
import type { Paper } from './core/model';
import { loadReferences, loadedReferences } from './csl';
import type { DigestStore } from './store';

const SHOWN = 50;

/**
 * A QuickPick row for a paper: title, then its short citation in the citation style (`(Lee & Lee, 2021)`) when the
 * formatter is loaded, key, topics, hardware and year.
 */
export function paperItem(paper: Paper, citation?: string): vscode.QuickPickItem & { paper: Paper } {
  const hardware = paper.hardware
    .map((h) => h.name)
    .slice(0, 2)
    .join(', ');
  return {
    label: paper.title,
    description: [citation, paper.key, paper.topics.join(', '), hardware, paper.year ?? ''].filter(Boolean).join(' · '),
    detail: paper.claims[0]?.text,
    // The index already filtered and ranked; VS Code's own label filter must not hide its hits.
    alwaysShow: true,
    paper,
  };
}

/**
 * The items for `value`: what `searchLibrary` finds (the first papers of the library for an empty query). Short
 * citations are added only once the formatter is loaded (each cached per paper, so typing stays fast); the first call
 * starts the load and `onFormatted` is called when it is done, to show them.
 */
export function searchItems(store: DigestStore, value: string, onFormatted?: () => void): (vscode.QuickPickItem & { paper: Paper })[] {
  const references = loadedReferences();
  if (!references && onFormatted) void loadReferences().then(onFormatted, (e: unknown) => store.log(`formatted reference: ${String(e)}`));
  return searchLibrary(store.library, value, SHOWN, store.decisionOf).hits.map((h) => paperItem(h.paper, references?.shortCitation(h.paper)));
}

/** The filters a picker's placeholder names. */
export const FILTERS_HINT = 'filters: hw:fpga topic:speculative year:>=2025 author:lee status:included';

/**
 * Shows `quickPick` at once, even while the library loads: it is `busy` and says so, what the user types is kept,
 * and `refresh` answers it as soon as the search index is ready. Resolves false (after saying so and hiding the
 * picker) when the loaded library turns out to be empty.
 */
export function showWhileLoading(
  store: DigestStore,
  quickPick: vscode.QuickPick<vscode.QuickPickItem>,
  placeholder: string,
  refresh: () => void,
): Promise<boolean> {
  quickPick.placeholder = store.isReady ? placeholder : 'Loading the library… type now: your query is answered as soon as it is ready';
  quickPick.busy = !store.isReady;
  if (store.isReady) refresh();
  quickPick.show();
  return store.whenReady().then(() => {
    quickPick.busy = false;
    quickPick.placeholder = placeholder;
    if (!store.library.papers.length) {
      quickPick.hide();
      void vscode.window.showWarningMessage(
        'LitDigest has no papers loaded. Check the LitDigest output for problems, or add digests with the setting litdigest.digests.',
      );
      return false;
    }
    refresh();
    return true;
  });
}

/**
 * Asks for one paper, or several with `many`. Opens at once, even while the library loads (see `showWhileLoading`).
 * Resolves to undefined when the user cancels or the library is empty (after saying so).
 */
export async function pickPapers(store: DigestStore, title: string, many: boolean): Promise<Paper[] | undefined> {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { paper: Paper }>();
  quickPick.title = title;
  quickPick.canSelectMany = many;
  quickPick.matchOnDescription = true;
  const chosen = new Map<string, Paper>();
  const refresh = () => {
    if (!store.isReady) return;
    quickPick.items = searchItems(store, quickPick.value, () => refresh());
    if (many) quickPick.selectedItems = quickPick.items.filter((i) => chosen.has(i.paper.key));
  };
  return new Promise((resolve) => {
    const accept = () => {
      const picked = many ? [...chosen.values()] : quickPick.selectedItems.map((i) => i.paper);
      // Enter with nothing ticked means the paper on top, as a person who typed and pressed Enter expects.
      const fallback = quickPick.activeItems[0] ?? quickPick.items[0];
      const papers = picked.length ? picked : fallback ? [fallback.paper] : [];
      resolve(papers.length ? papers : undefined);
      quickPick.hide();
    };
    const disposables = [
      quickPick.onDidChangeValue(refresh),
      quickPick.onDidChangeSelection((items) => {
        if (!many) return;
        // Keep what was chosen under earlier queries; only the visible rows can be unchosen here.
        for (const item of quickPick.items) chosen.delete(item.paper.key);
        for (const item of items) chosen.set(item.paper.key, item.paper);
      }),
      // Enter before the index is ready: the query typed so far is answered first, then Enter takes its top paper.
      quickPick.onDidAccept(() => (store.isReady ? accept() : void store.whenReady().then(accept))),
      quickPick.onDidHide(() => {
        resolve(undefined);
        for (const d of disposables) d.dispose();
        quickPick.dispose();
      }),
    ];
    void showWhileLoading(store, quickPick, `Search titles, abstracts and authors; ${FILTERS_HINT}`, refresh);
  });
}
