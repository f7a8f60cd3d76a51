/** Uncited Papers' lists: the sets to choose from and the quick pick of a set's papers the document does not cite; loaded on first use (dist/uncited.js). */
import * as vscode from 'vscode';
import { citedPaperKeys, paperSets, papersOfGroup, uncitedPapers, type PaperSet } from '../core/cited';
import type { Group } from '../core/group';
import type { Paper } from '../core/model';
import { Commands } from '../commands';
import type { paperItem } from '../pick';
import type { DigestStore } from '../store';
import type { UncitedSource, UncitedView } from '../features/uncited';
import { focusEditor } from '../features/documents';

type PaperPick = vscode.QuickPickItem & { paper: Paper };

/** What Uncited Papers uses of the extension bundle: the store, the tree, what the tests read, and the picker's item (pick.ts's state). */
export interface UncitedHost {
  store: DigestStore;
  tree: UncitedSource;
  view: { shown: UncitedView['shown'] };
  paperItem: typeof paperItem;
}

/** Shows the papers of `group` (else of a set the user picks) that `editor`'s document does not cite; records what it showed in `view`. */
export async function showUncited({ store, tree, view, paperItem }: UncitedHost, editor: vscode.TextEditor, group: Group | undefined): Promise<void> {
  // Made when run: loading the chunk touches no vscode API.
  const DETAILS_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('open-preview'), tooltip: 'Open details' };
  const CITE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Cite in the document' };

  const chooseSet = async (): Promise<PaperSet | undefined> => {
    const papers = store.library.papers;
    const shown = new Set(tree.shownKeys());
    const filter = tree.filter ? { query: tree.filter, papers: papers.filter((p) => shown.has(p.key)) } : undefined;
    const sets = paperSets(papers, store.taxonomy, (k) => store.decisionOf?.(k)?.status, filter);
    const picked = await vscode.window.showQuickPick(
      sets.map((set) => ({ label: set.label, description: `${set.papers.length} paper${set.papers.length === 1 ? '' : 's'}`, set })),
      { title: 'Uncited Papers: which papers should the document cover?', matchOnDescription: true },
    );
    return picked?.set;
  };

  const cite = async (editor: vscode.TextEditor, key: string) => {
    // Citations go at the cursor of the document the list was made for, whatever has focus now.
    await focusEditor(editor);
    await vscode.commands.executeCommand(Commands.insertCitation, key);
  };

  const showList = (editor: vscode.TextEditor, set: PaperSet) => {
    const document = editor.document;
    const cited = citedPaperKeys(document.getText(), document.languageId, (k) => store.paper(k));
    const uncited = uncitedPapers(set.papers, cited);
    const name = vscode.workspace.asRelativePath(document.uri);
    view.shown = { set: set.label, document: name, keys: uncited.map((p) => p.key) };
    if (!uncited.length) {
      void vscode.window.showInformationMessage(`${name} cites every paper of ${set.label} (${set.papers.length}).`);
      return;
    }
    const quickPick = vscode.window.createQuickPick<PaperPick>();
    quickPick.title = `${set.label}: ${uncited.length} of ${set.papers.length} not cited in ${name}`;
    quickPick.placeholder = 'Enter cites the paper at the cursor; the buttons open its details or cite it';
    quickPick.matchOnDescription = true;
    quickPick.items = uncited.map((p) => ({ ...paperItem(p), alwaysShow: false, buttons: [DETAILS_BUTTON, CITE_BUTTON] }));
    const disposables = [
      quickPick.onDidTriggerItemButton((e) => {
        quickPick.hide();
        if (e.button === DETAILS_BUTTON) void vscode.commands.executeCommand(Commands.openDetails, e.item.paper.key);
        else void cite(editor, e.item.paper.key);
      }),
      quickPick.onDidAccept(() => {
        const item = quickPick.activeItems[0];
        quickPick.hide();
        if (item) void cite(editor, item.paper.key);
      }),
      quickPick.onDidHide(() => {
        for (const d of disposables) d.dispose();
        quickPick.dispose();
      }),
    ];
    quickPick.show();
  };

  const set: PaperSet | undefined = group ? { kind: 'group', label: group.label, papers: papersOfGroup(group) } : await chooseSet();
  if (set) showList(editor, set);
}
