/** LitDigest: Uncited Papers: for the open document, the papers of a chosen set it does not cite yet, ready to cite or open. */
import * as vscode from 'vscode';
import { citedPaperKeys, paperSets, papersOfGroup, uncitedPapers, type PaperSet } from '../core/cited';
import type { Group } from '../core/group';
import type { Paper } from '../core/model';
import { Commands } from '../commands';
import { paperItem } from '../pick';
import type { DigestStore } from '../store';
import { focusEditor, writingEditor } from './documents';

/** What Uncited Papers needs from the tree: its filter and the keys it shows. */
export interface UncitedSource {
  readonly filter: string;
  shownKeys(): string[];
}

/** What the tests read: the last list shown (its set, the document, the uncited keys in order). */
export interface UncitedView {
  readonly shown: { set: string; document: string; keys: string[] } | undefined;
}

const DETAILS_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('open-preview'), tooltip: 'Open details' };
const CITE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Cite in the document' };

type PaperPick = vscode.QuickPickItem & { paper: Paper };

/** Registers Uncited Papers (argument: a tree group node; else the set is picked). Returns what the tests read. */
export function registerUncited(context: vscode.ExtensionContext, store: DigestStore, tree: UncitedSource): UncitedView {
  const view: { shown: UncitedView['shown'] } = { shown: undefined };

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

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.uncitedPapers, async (arg?: { group?: Group }) => {
      const editor = writingEditor();
      if (!editor) {
        void vscode.window.showErrorMessage('Uncited Papers lists what a document does not cite yet: open a Markdown, LaTeX or Typst document first.');
        return;
      }
      await store.whenReady();
      const set: PaperSet | undefined = arg?.group ? { kind: 'group', label: arg.group.label, papers: papersOfGroup(arg.group) } : await chooseSet();
      if (set) showList(editor, set);
    }),
  );
  return view;
}
