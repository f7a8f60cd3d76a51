import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthesizePages, synthesizePapers } from './synth';
import { buildLibrary } from '../../src/core/build';
import { saveLibraryNow } from '../../src/cacheWrite';
import { loadLibrary } from '../../src/libraryCache';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
const root = resolve(__dirname, '..', '..', '..');
const [mode, n] = [process.argv[2], Number(process.argv[3])];
const path = `/tmp/cache${n}.jsonl`;
(async () => {
  if (mode === 'save') {
    const shipped = buildLibrary(
      readdirSync(join(root, 'seeds'))
        .sort()
        .map((name) => ({ name, text: readFileSync(join(root, 'seeds', name), 'utf8') })),
    );
    const lib = buildLibrary(synthesizePages(synthesizePapers(shipped.papers, n)));
    await saveLibraryNow(path, lib, 'bench');
    return;
  }
  for (let r = 0; r < Number(process.argv[4] ?? 3); r++) {
    const start = performance.now();
    let tree = 0;
    const loaded = await loadLibrary([], DEFAULT_KNOWLEDGE, { key: 'bench', cacheFiles: [path], onPapers: () => (tree = performance.now() - start) });
    if (loaded.cacheMiss) throw new Error(loaded.cacheMiss);
    console.log(
      `tree ${tree.toFixed(0)} ms  search ${(performance.now() - start).toFixed(0)} ms  heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
    );
  }
})();
