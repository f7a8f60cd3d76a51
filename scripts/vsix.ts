/** `npm run vsix`: packages the extension with vsce (which runs `npm run package` first), checks that only the files meant to ship are inside, and prints its size. */
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { shippablePatterns } from './lib/packaging';
import { runCommand } from './lib/processes';
import { repoRoot, vsixPath } from './lib/repo';

const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');

async function main(): Promise<void> {
  // --no-dependencies: esbuild bundles minisearch and zod, so node_modules must not ship.
  // stdin is closed (runCommand), so a vsce question fails the run instead of waiting forever.
  const listed = await runCommand(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot });
  if (listed.code !== 0) {
    throw new Error(`vsce ls failed:\n${listed.output}`);
  }
  const files = listed.output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('npm warn'));
  const unexpected = files.filter((file) => !shippablePatterns.some((pattern) => pattern.test(file)));
  if (unexpected.length > 0) {
    throw new Error(`.vscodeignore lets files through that must not ship:\n  ${unexpected.join('\n  ')}`);
  }

  const out = vsixPath();
  // The README's pictures stay relative: the installed extension shows them from its own media/ folder, and the
  // repository URL is not one vsce could point them at.
  const packaged = await runCommand(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: repoRoot });
  if (packaged.code !== 0) {
    throw new Error(`vsce package failed (exit ${packaged.code}):\n${packaged.output}`);
  }
  const kib = statSync(out).size / 1024;
  console.log(`vsix: ${relative(repoRoot, out)} — ${files.length} files, ${kib.toFixed(1)} KiB`);
}

main().catch((error: unknown) => {
  console.error(`vsix: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
