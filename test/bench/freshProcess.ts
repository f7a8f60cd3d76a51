/**
 * The load figures measured in a process of their own, as the extension host meets them, rather than in the bench's
 * process, whose heap holds every size's digests and libraries (the garbage collector's work on those slowed the
 * figures measured beside them). `node --expose-gc out/test/bench/freshProcess.js DIR [--blocks]` reads the digests in
 * DIR/pages as bytes, as the extension reads them, and the saved library DIR/library.jsonl, and prints JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DigestFile } from '../../src/core/library';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import { ExtractAside } from '../../src/extractAside';
import { loadLibrary } from '../../src/libraryCache';
import { msToTree } from './bib';

/** What `freshProcess.js` prints: medians of three runs, and the heap while the library opened from its cache is held. */
export interface FreshProcessResult {
  /** Files to the tree with the extraction worker (started ahead, as the extension starts it), no cache. */
  treeWithWorkerMs: number;
  /** From the cache file until the tree can show the papers. */
  treeFromCacheMs: number;
  /** From the cache file until search works. */
  searchFromCacheMs: number;
  /** This process's heap, collected, while it holds the library opened from its cache with its index. */
  heapFromCacheMB: number;
  /** With --blocks: a load as the extension loads a library without a cache (files, worker, slices, index). */
  blocks?: { slicedLoadMs: number; longestBlockMs: number };
}

const root = resolve(__dirname, '..', '..', '..');
const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The longest block of the event loop while `files` load as the extension loads them without a cache. */
async function blocksWhileLoading(files: DigestFile[]): Promise<{ slicedLoadMs: number; longestBlockMs: number }> {
  const aside = new ExtractAside(join(root, 'dist', 'extractionWorker.js'));
  aside.warm();
  await new Promise((resolve) => setTimeout(resolve, 300));
  gc?.();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const start = performance.now();
  await loadLibrary(files, DEFAULT_KNOWLEDGE, { key: 'bench', cacheFiles: [], read: { shareExtraction: (k) => aside.share(k) } });
  const slicedLoadMs = performance.now() - start;
  histogram.disable();
  aside.dispose();
  return { slicedLoadMs, longestBlockMs: histogram.max / 1e6 };
}

async function main(dir: string, withBlocks: boolean): Promise<FreshProcessResult> {
  const pages = join(dir, 'pages');
  const files: DigestFile[] = readdirSync(pages)
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(pages, name)) }));
  const fromCache = { tree: [] as number[], search: [] as number[] };
  // The library last opened, let go before the next run is timed, held for the heap figure after the last.
  const held: { library?: unknown } = {};
  for (let r = 0; r < 3; r++) {
    held.library = undefined;
    gc?.();
    const start = performance.now();
    const loaded = await loadLibrary([], DEFAULT_KNOWLEDGE, {
      key: 'bench',
      cacheFiles: [join(dir, 'library.jsonl')],
      onPapers: () => fromCache.tree.push(performance.now() - start),
    });
    fromCache.search.push(performance.now() - start);
    if (loaded.cacheMiss) throw new Error(`cache did not restore: ${loaded.cacheMiss}`);
    held.library = loaded.library;
  }
  gc?.();
  const heapFromCacheMB = process.memoryUsage().heapUsed / 1e6;
  if (!held.library) throw new Error('no library held');
  held.library = undefined;
  // After the cache loads, so that the heap above is that of a process that only opened a library from its cache.
  const aside = new ExtractAside(join(root, 'dist', 'extractionWorker.js'));
  const trees: number[] = [];
  for (let r = 0; r < 3; r++) trees.push(await msToTree(files, {}, aside));
  aside.dispose();
  const blocks = withBlocks ? await blocksWhileLoading(files) : undefined;
  return { treeWithWorkerMs: median(trees), treeFromCacheMs: median(fromCache.tree), searchFromCacheMs: median(fromCache.search), heapFromCacheMB, blocks };
}

if (require.main === module) {
  main(process.argv[2], process.argv.includes('--blocks')).then(
    (result) => console.log(JSON.stringify(result)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
