/** `npm run bench:vscode`: activation to the tree's first groups and Search Papers to its picker in a real VS Code (code-server), shipped digest, 20,000 and 100,000 papers, without and with the cache. */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium, newWorkbenchPage } from '../../../scripts/lib/browser';
import { startCodeServer, workbenchUrl } from '../../../scripts/lib/codeServer';
import { withTimeout } from '../../../scripts/lib/processes';
import { createRunFolders, repoRoot, type RunFolders } from '../../../scripts/lib/repo';
import { synthesizePages, synthesizePapers } from '../synth';
import { buildLibrary } from '../../../src/core/build';

interface Result {
  activateToTreeMs: number;
  /** Search Papers → its picker shown, run the moment activate() returns. */
  pickerMs: number;
  /** Whether the library was still loading when the picker opened. */
  loadingAtPick: boolean;
  papers: number;
  load?: { source: string; ms: number };
}

/** One window: open the workspace, run the suite, return what it reported. The same folders a second time reuse the cache. */
async function measure(folders: RunFolders): Promise<Result> {
  const server = await startCodeServer({ userDataDir: folders.userDataDir, extensionsDir: folders.extensionsDir, workspace: folders.workspace });
  const browser = await launchChromium();
  try {
    const page = await newWorkbenchPage(browser);
    let result: Result | undefined;
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...args);
      if (line.startsWith('BENCH ')) result = JSON.parse(line.slice(6));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.goto(workbenchUrl(server, { folder: folders.workspace, extensionDevelopmentPath: repoRoot, extensionTestsPath: join(__dirname, 'suite.js') }));
    const code = await withTimeout(exited, 300_000, 'bench:vscode did not finish within 5 minutes');
    if (code !== 0 || !result) throw new Error(`the bench suite failed (exit ${code}):\n${server.output()}`);
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}

function synthesizeWorkspace(folders: RunFolders, size: number): void {
  const seeds = join(repoRoot, 'seeds');
  const shipped = buildLibrary(
    readdirSync(seeds)
      .sort()
      .map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') })),
  ).papers;
  const dir = join(folders.workspace, 'digests');
  mkdirSync(dir, { recursive: true });
  for (const page of synthesizePages(synthesizePapers(shipped, size))) writeFileSync(join(dir, page.name), page.text);
  mkdirSync(join(folders.workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(folders.workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'litdigest.digests': ['digests'], 'litdigest.includeShippedDigest': false }),
  );
}

async function main(): Promise<void> {
  const rows: [string, Result][] = [];
  for (const [label, size] of [
    ['shipped digest', 0],
    ['20,000 papers', 20_000],
    ['100,000 papers', 100_000],
  ] as const) {
    const folders = createRunFolders(`bench-vscode-${size}`);
    try {
      if (size) synthesizeWorkspace(folders, size);
      rows.push([`${label}, first activation (no cache)`, await measure(folders)]);
      rows.push([`${label}, next activation (cache)`, await measure(folders)]);
    } finally {
      folders.remove();
    }
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(Object.fromEntries(rows), null, 2));
    return;
  }
  console.log('\nactivate() → tree shows its first groups, and Search Papers → its picker, in code-server (VS Code 1.100), this machine');
  for (const [label, r] of rows)
    console.log(
      `${label.padEnd(48)}${r.activateToTreeMs.toFixed(0).padStart(7)} ms   picker ${r.pickerMs.toFixed(0)} ms${r.loadingAtPick ? ' (while loading)' : ''}   (${r.papers} papers; library ${r.load?.source ?? '?'} in ${r.load?.ms ?? '?'} ms)`,
    );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
