/** Where things live in the repository and its git-ignored caches, found from any compiled file's folder. */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'esbuild.mjs'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`No LitDigest checkout above ${start}`);
    }
  }
}

/** The checkout's root folder (the one holding package.json), whether this runs from out/scripts or out/test/**. */
export const repoRoot = findRepoRoot(__dirname);

/** Git-ignored cache of downloaded and installed tools (code-server lives in its `code-server/` folder). */
export const cacheDir = join(repoRoot, '.vscode-test');

/** Git-ignored folder for screenshots and logs that tests leave for a person to look at. */
export const testResultsDir = join(repoRoot, 'test-results');

/** The committed sample workspace: a Markdown and a LaTeX draft sharing references.bib. Tests use copies of it. */
export const sampleWorkspaceDir = join(repoRoot, 'test', 'workspace');

/** The extension's manifest fields the harness reads. */
export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  displayName: string;
  main: string;
}

/** The repository's package.json, read fresh (a test may run after the version was bumped). */
export function readManifest(): ExtensionManifest {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as ExtensionManifest;
}

/** The extension's id as VS Code knows it: `publisher.name` (`litdigest.litdigest`). */
export function extensionId(): string {
  const manifest = readManifest();
  return `${manifest.publisher}.${manifest.name}`;
}

/** The path `npm run vsix` writes the packaged extension to (vsce's default name, in the repository root). */
export function vsixPath(): string {
  const manifest = readManifest();
  return join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
}

/** A fresh temporary folder for one run: a copy of the sample workspace plus empty user-data and extensions folders. */
export interface RunFolders {
  root: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** Deletes the whole run folder. */
  remove: () => void;
}

/** Creates {@link RunFolders} under the system temp folder; `label` names it so a leftover is easy to trace. */
export function createRunFolders(label: string): RunFolders {
  const root = mkdtempSync(join(tmpdir(), `litdigest-${label}-`));
  const workspace = join(root, 'workspace');
  // A copy, because tests edit the drafts and must never change the committed sample.
  cpSync(sampleWorkspaceDir, workspace, { recursive: true });
  return {
    root,
    workspace,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
