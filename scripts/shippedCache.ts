/** Build step: saves the shipped digest's library as a ready cache in dist/, so a first activation need not build it. */
import { DEFAULT_TAXONOMY } from '../src/core/vocabulary';
import { readShippedDigests } from '../src/inputs';
import { saveLibraryNow } from '../src/cacheWrite';
import { libraryCacheKey, shippedCachePath } from '../src/libraryCache';
import { readManifest, repoRoot } from './lib/repo';
import { buildLibrary } from '../src/core/build';

// The same reader as the extension, so names (seeds/<file>), order and bytes, and hence the key, agree.
async function main(): Promise<void> {
  const { files, problems } = await readShippedDigests(repoRoot);
  if (problems.length) throw new Error(`the shipped digests do not read cleanly: ${problems.map((p) => `${p.file}: ${p.message}`).join('; ')}`);
  const key = libraryCacheKey(files, DEFAULT_TAXONOMY, readManifest().version);
  await saveLibraryNow(shippedCachePath(repoRoot), buildLibrary(files), key);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
