/** The status-bar item: how many papers are loaded; a click opens the search. */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import type { DigestStore } from '../store';

export function registerStatus(context: vscode.ExtensionContext, store: DigestStore): void {
  const item = vscode.window.createStatusBarItem('litdigest.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'LitDigest';
  item.command = Commands.search;
  const update = () => {
    item.text = store.loaded ? `$(book) ${store.library.papers.length} papers` : '$(sync~spin) LitDigest';
    item.tooltip = store.loaded ? 'LitDigest: search the library' : 'LitDigest is loading the digest';
  };
  update();
  item.show();
  context.subscriptions.push(item, store.onDidChange(update));
}
