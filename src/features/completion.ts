/** Completion of citation keys after `@`/`[@` in Markdown, inside `\cite{…}` and its variants in LaTeX, and after `@` or `#cite(<` in Typst. */
import * as vscode from 'vscode';
import { keyContextAt } from '../core/languages';
import type { Paper } from '../core/model';
import type { DigestStore } from '../store';
import { citedAs, documentKeys } from '../bibliography';
import { CITING_SELECTOR } from './documents';

/** At most this many items: more would not help a person and would slow the editor at 50,000 papers. */
const MAX_ITEMS = 50;
const ABSTRACT_LINES = 300;

/** Documentation as untrusted Markdown: digest text can never become a link that runs a command. */
function documentation(paper: Paper): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendText(`${paper.title}\n\n`);
  md.appendText(paper.abstract.length > ABSTRACT_LINES ? `${paper.abstract.slice(0, ABSTRACT_LINES)}…` : paper.abstract);
  return md;
}

export function registerCompletion(context: vscode.ExtensionContext, store: DigestStore): void {
  const provider: vscode.CompletionItemProvider = {
    async provideCompletionItems(document, position) {
      const line = document.lineAt(position.line).text;
      const at = keyContextAt(line, position.character, document.languageId);
      if (!at) return undefined;
      // While a large library is still being indexed, wait for it rather than offer a partial list.
      await store.whenReady();
      const range = new vscode.Range(position.line, at.start, position.line, position.character);
      const prefix = at.prefix.toLowerCase();
      // Keys of the user's bibliographies first: typing "lee20" finds lee2021help.
      const own = new Set<Paper>();
      if (prefix)
        for (const [key, paper] of store.library.byBibKey) {
          if (own.size >= MAX_ITEMS) break;
          if (key.toLowerCase().startsWith(prefix)) own.add(paper);
        }
      const found = [...own, ...store.library.index.completeKey(at.prefix, MAX_ITEMS).filter((p) => !own.has(p))].slice(0, MAX_ITEMS);
      const cited = citedAs(document, found, (uri) => store.nameOf(uri)).papers;
      const items = cited.map((paper, rank) => {
        const item = new vscode.CompletionItem({ label: paper.key, detail: `  ${paper.title}` }, vscode.CompletionItemKind.Reference);
        item.range = range;
        // Typing a title word or LitDigest's own key finds the paper too; the key it is cited with is what gets inserted.
        item.filterText = `${paper.key} ${found[rank].key} ${paper.title}`;
        item.sortText = String(rank).padStart(5, '0');
        item.insertText = paper.key;
        item.documentation = documentation(paper);
        return item;
      });
      // Keys of the document's own bibliographies that the library does not hold complete too.
      for (const [key, file] of (await documentKeys(document)).keys) {
        if (items.length >= MAX_ITEMS) break;
        if (store.paper(key) || !key.toLowerCase().startsWith(prefix)) continue;
        const item = new vscode.CompletionItem({ label: key, detail: `  in ${file}` }, vscode.CompletionItemKind.Reference);
        item.range = range;
        item.sortText = String(items.length).padStart(5, '0');
        items.push(item);
      }
      return new vscode.CompletionList(items, found.length >= MAX_ITEMS);
    },
  };
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(CITING_SELECTOR, provider, '@', '{', ','));
}
