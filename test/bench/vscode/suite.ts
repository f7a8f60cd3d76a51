/** Runs inside the extension host for `npm run bench:vscode`: times activate() → the tree's first groups and Search Papers → its picker shown, and reports them. */
import * as vscode from 'vscode';

interface Exports {
  activatedAt: number;
  store: { whenIdle(): Promise<void>; isReady: boolean; library: { papers: unknown[] }; lastLoad?: { source: string; ms: number } };
  tree: { getChildren(): vscode.ProviderResult<unknown[]>; firstGroupsAt: number | undefined };
}

/** The contract of extensionTestsPath: VS Code awaits run(); the runner reads the BENCH line from the host's console. */
export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('litdigest.litdigest');
  if (!extension) throw new Error('LitDigest is not installed');
  const api = (await extension.activate()) as Exports;
  // Search Papers at once, as a person does who opens a window and searches: the command returns once its picker is
  // shown (it shows the picker before it waits for the library), so this is the command's time to a visible picker.
  const loadingAtPick = !api.store.isReady;
  const pickStart = performance.now();
  await vscode.commands.executeCommand('litdigest.search');
  const pickerMs = performance.now() - pickStart;
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  // Ask for the roots as the view does when it is shown, until the library is there.
  const deadline = Date.now() + 120_000;
  while (!((await api.tree.getChildren()) ?? []).length) {
    if (Date.now() > deadline) throw new Error('the tree showed no groups within two minutes');
    await new Promise((r) => setTimeout(r, 2));
  }
  await api.store.whenIdle();
  console.log(
    `BENCH ${JSON.stringify({ activateToTreeMs: api.tree.firstGroupsAt! - api.activatedAt, pickerMs, loadingAtPick, papers: api.store.library.papers.length, load: api.store.lastLoad })}`,
  );
}
