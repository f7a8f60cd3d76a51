/** Runs the integration suite (index.ts's run()) in a desktop VS Code that @vscode/test-electron downloads — for machines that can reach Microsoft's update service. */
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { cacheDir, createRunFolders, repoRoot } from '../../scripts/lib/repo';

async function main(): Promise<number> {
  const folders = createRunFolders('electron');
  try {
    await runTests({
      // The lowest version package.json's engines.vscode accepts, so the suite proves that floor.
      version: process.env.LITDIGEST_VSCODE_VERSION ?? '1.95.0',
      cachePath: cacheDir,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(__dirname, 'index.js'),
      launchArgs: [
        folders.workspace,
        // Only the extension under development runs: the suite must not depend on what a developer has installed.
        '--disable-extensions',
        '--user-data-dir',
        folders.userDataDir,
        '--extensions-dir',
        folders.extensionsDir,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    return 0;
  } finally {
    folders.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration suite (electron) failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
