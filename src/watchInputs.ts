/** watchInputs: file-system watchers over the digest entries and taxonomy of each workspace folder. */
import * as vscode from 'vscode';

const LEAVES = /(^|[\\/])\.\.([\\/]|$)/;
const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Watches `patterns` (digest files, folders, globs and the taxonomy, as written in the settings) inside each
 * folder; `onChange` hears every change, creation (`deleted` false) and deletion. A folder entry watches its
 * whole subtree, since the folder's own events say nothing about which file changed. Entries that leave
 * the folder are not watched (they are not read either).
 */
export function watchInputs(
  watched: readonly { folder: vscode.WorkspaceFolder; patterns: readonly string[] }[],
  onChange: (uri: vscode.Uri, deleted: boolean) => void,
): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  for (const { folder, patterns } of watched) {
    for (const pattern of patterns) {
      if (LEAVES.test(pattern)) continue;
      const glob = GLOB_CHARS.test(pattern) ? pattern : `${pattern.replace(/[\\/]+$/, '')}{,/**}`;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
      disposables.push(
        watcher,
        watcher.onDidChange((uri) => onChange(uri, false)),
        watcher.onDidCreate((uri) => onChange(uri, false)),
        watcher.onDidDelete((uri) => onChange(uri, true)),
      );
    }
  }
  return vscode.Disposable.from(...disposables);
}
