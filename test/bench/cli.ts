/**
 * The command line's figures, as whole processes on the same files: `litdigest papers --json` with no cache, cold
 * (an empty cache folder: built, then saved) and warm (restored), `search --json` warm, against the floor (Node
 * reading and splitting the same files). Run alone: `node out/test/bench/cli.js [--json]` (20,000 papers, as
 * `npm run bench` makes them); `npm run bench` reports the same figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { shippedPapers, synthesizePages, synthesizePapers } from './synth';

const root = resolve(__dirname, '..', '..', '..');
const CLI = join(root, 'dist', 'cli.js');
/** A query of words (the index ranks it) and filters, as a user would type. */
export const CLI_QUERY = 'speculative decoding hw:gpu';

export interface CliBenchResult {
  /** Node reading the same files and splitting them at blank lines, as a whole process. */
  floorMs: number;
  /** `papers --json --no-cache`: a build every time (what every run cost before the cache). */
  papersNoCacheMs: number;
  /** `papers --json` into an empty cache folder: built, printed, saved. */
  papersColdMs: number;
  /** `papers --json` restored from the cache. */
  papersWarmMs: number;
  /** `search QUERY --json --no-cache`: built with its index (one run: it is the slowest). */
  searchNoCacheMs: number;
  /** `search QUERY --json` restored from the cache, index and all. */
  searchWarmMs: number;
  /** Size of the cache file the warm runs read, saved with its index. */
  cacheMB: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs node with `args`; its wall time in ms and its stdout. Throws when it fails. */
function timed(args: string[]): { ms: number; out: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return { ms, out: result.stdout };
}

/**
 * The figures over the digests in `pagesDir`, medians of `runs` runs each (the floor and the CLI interleaved, so a
 * burst of load elsewhere touches both). Throws if a warm run prints other than a run without the cache.
 */
export function benchCli(pagesDir: string, runs = 3): CliBenchResult {
  const work = mkdtempSync(join(tmpdir(), 'litdigest-bench-cli-'));
  const warm = join(work, 'warm');
  const floorScript = `const fs=require('fs'),p=require('path');let n=0;for(const f of fs.readdirSync(${JSON.stringify(pagesDir)}))n+=fs.readFileSync(p.join(${JSON.stringify(pagesDir)},f),'utf8').split(/\\n\\s*\\n/).length;if(!n)process.exit(2)`;
  const papers = (cache: string[]) => [CLI, 'papers', '--json', ...cache, pagesDir];
  const search = (cache: string[]) => [CLI, 'search', CLI_QUERY, '--json', ...cache, '--digest', pagesDir];
  const samples = { floor: [] as number[], noCache: [] as number[], cold: [] as number[], warm: [] as number[], searchWarm: [] as number[] };
  try {
    const reference = timed(papers(['--no-cache']));
    samples.noCache.push(reference.ms);
    const searchReference = timed(search(['--no-cache']));
    // The warm folder: papers saves the library without its index; the first search builds the index and saves it all.
    timed(papers(['--cache', warm]));
    timed(search(['--cache', warm]));
    for (let r = 0; r < runs; r++) {
      samples.floor.push(timed(['-e', floorScript]).ms);
      if (r > 0) samples.noCache.push(timed(papers(['--no-cache'])).ms);
      samples.cold.push(timed(papers(['--cache', join(work, `cold-${r}`)])).ms);
      const restored = timed(papers(['--cache', warm]));
      if (restored.out !== reference.out) throw new Error('papers --json from the cache differs from a build');
      samples.warm.push(restored.ms);
      const found = timed(search(['--cache', warm]));
      if (found.out !== searchReference.out) throw new Error('search --json from the cache differs from a build');
      samples.searchWarm.push(found.ms);
    }
    const cacheFile = readdirSync(warm).find((n) => n.endsWith('.jsonl'))!;
    return {
      floorMs: median(samples.floor),
      papersNoCacheMs: median(samples.noCache),
      papersColdMs: median(samples.cold),
      papersWarmMs: median(samples.warm),
      searchNoCacheMs: searchReference.ms,
      searchWarmMs: median(samples.searchWarm),
      cacheMB: statSync(join(warm, cacheFile)).size / 1e6,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The figures as text, each CLI figure also as a multiple of the floor. */
export function formatCliBench(r: CliBenchResult, papers: number, files: number): string {
  const f = (x: number) => x.toFixed(0);
  const x = (ms: number) => `${f(ms)} ms (${(ms / r.floorMs).toFixed(1)}× floor)`;
  return [
    `\nCLI at ${papers} papers (${files} files, whole processes, medians; floor = node reading and splitting the same files ${f(r.floorMs)} ms)`,
    `  papers --json  no cache ${x(r.papersNoCacheMs)} · cold ${x(r.papersColdMs)} · warm ${x(r.papersWarmMs)}`,
    `  search "${CLI_QUERY}" --json  no cache ${x(r.searchNoCacheMs)} (1 run) · warm ${x(r.searchWarmMs)}`,
    `  cache file ${r.cacheMB.toFixed(1)} MB`,
  ].join('\n');
}

function main(): void {
  const pages = synthesizePages(synthesizePapers(shippedPapers(), 20000));
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-bench-cli-pages-'));
  const pagesDir = join(dir, 'pages');
  mkdirSync(pagesDir);
  for (const page of pages) writeFileSync(join(pagesDir, page.name), page.text);
  try {
    const result = benchCli(pagesDir);
    if (process.argv.includes('--json')) console.log(JSON.stringify({ papers: 20000, files: pages.length, ...result }, null, 2));
    else console.log(formatCliBench(result, 20000, pages.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
