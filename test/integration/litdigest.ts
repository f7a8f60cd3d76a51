/** Helpers for extension-host tests: reach LitDigest through its public surface and the sample workspace's files. */
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** The extension's id in the marketplace sense: `publisher.name` from package.json. */
export const extensionId = 'litdigest.litdigest';

/**
 * Activates LitDigest (a no-op when it already is) and returns what `activate()` returned. Tests await this
 * before touching commands or views, because activation is lazy and an unactivated command is not yet registered.
 */
export async function activateLitDigest(): Promise<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this extension host`);
  return extension.activate();
}

/** The folder the suite runs in: a temporary copy of test/workspace, so tests may edit and save its files. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration suite must be started with the sample workspace open');
  return folder;
}

/** The URI of `relativePath` inside {@link workspaceFolder}. */
export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
}

/** Opens `relativePath` from the sample workspace in an editor and returns that editor. */
export async function openWorkspaceFile(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document);
}

/** Reads a workspace file as saved on disk (not an editor's unsaved text). */
export async function readWorkspaceFile(relativePath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(relativePath)));
}

/**
 * A scratch document saved in the sample workspace as `name`, opened in an editor (in `language` when given) with the
 * cursor at the end of its text.
 */
export async function scratch(name: string, text: string, language?: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  if (language && doc.languageId !== language) await vscode.languages.setTextDocumentLanguage(doc, language);
  const editor = await vscode.window.showTextDocument(doc);
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

/** What {@link shippedDigestOnly} needs of the extension's exports. */
interface StoreView {
  store: { whenIdle(): Promise<void>; documentBibliographyPaths: readonly string[]; library: { fileNames: string[] } };
}

/**
 * Turns off reading the open documents' bibliographies (suites before this one leave documents open that name
 * test .bib files) and waits until the library holds the settings' inputs alone. Undo with {@link restoreDocumentBibliographies}.
 */
export async function shippedDigestOnly(api: unknown): Promise<void> {
  const { store } = api as StoreView;
  await vscode.workspace.getConfiguration('litdigest').update('readDocumentBibliography', false, vscode.ConfigurationTarget.Workspace);
  const until = Date.now() + 15_000;
  for (;;) {
    await store.whenIdle();
    if (store.documentBibliographyPaths.length === 0 && !store.library.fileNames.some((f) => !f.startsWith('seeds/'))) return;
    assert.ok(Date.now() < until, `the library still holds ${store.library.fileNames.filter((f) => !f.startsWith('seeds/')).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads the open documents' bibliographies again (the default). */
export async function restoreDocumentBibliographies(): Promise<void> {
  await vscode.workspace.getConfiguration('litdigest').update('readDocumentBibliography', undefined, vscode.ConfigurationTarget.Workspace);
}

/**
 * Polls `check` every 50 ms until it holds, and returns how long that took; fails naming `what` after `ms`. The
 * extension answers many changes a moment later (watchers, debounced updates, webviews), so tests wait for them.
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The workspace's review folder removed and `reviewer` set, once the extension has taken the setting and read the (empty) folder. */
export async function startReviewing(api: { reviews: { reviewer: string; load(): Promise<unknown> } }, reviewer: string): Promise<void> {
  rmSync(join(workspaceFolder().uri.fsPath, '.litdigest'), { recursive: true, force: true });
  await vscode.workspace.getConfiguration('litdigest').update('reviewer', reviewer, vscode.ConfigurationTarget.Workspace);
  await eventually(() => api.reviews.reviewer === reviewer, 'the reviewer setting to apply');
  await api.reviews.load();
}

/** Undoes `startReviewing`: the reviewer setting cleared and the review folder removed. */
export async function stopReviewing(): Promise<void> {
  await vscode.workspace.getConfiguration('litdigest').update('reviewer', undefined, vscode.ConfigurationTarget.Workspace);
  rmSync(join(workspaceFolder().uri.fsPath, '.litdigest'), { recursive: true, force: true });
}
