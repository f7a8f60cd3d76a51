/** `npm run bench`: load, search, completion, memory, cache and bundle figures on synthetic digests, with lunr and Fuse.js in the same run. */
import * as engine from '../../src/core/engine';
import { cpus, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fuse from 'fuse.js';
import lunr from 'lunr';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { serializeSteps } from '../../src/core/cache';
import { saveLibraryNow } from '../../src/cacheWrite';
import { mergeEntries } from '../../src/core/dedupe';
import { enrichPaper } from '../../src/core/extract';
import { runSync } from '../../src/core/steps';
import type { ExtractionRequest } from '../../src/extractAside';
import { CHUNK_PAIRS } from '../../src/core/sharedExtraction';
import type { Paper } from '../../src/core/model';
import { PaperIndex } from '../../src/core/search';
import { benchSources, printSources } from './sources';
import { formatBibBench, type BibBenchResult } from './bib';
import type { FreshProcessResult } from './freshProcess';
import { shippedPapers, synthesizePages, synthesizePapers } from './synth';
import { benchCli, formatCliBench, type CliBenchResult } from './cli';
import { buildLibrary, parseFiles } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');
const asJson = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const SIZES = quick ? [1000, 20000] : [1000, 20000, 50000, 100000];

/** Realistic queries: words, phrases, acronyms, typos, prefixes and field filters. */
export const QUERIES = [
  'quantization',
  'speculative decoding',
  'KV cache',
  'KV',
  'latency',
  'FPGA',
  'spiking neural network',
  'edge devices',
  'LLM serving',
  'diffusion',
  'energy efficient',
  'Jetson',
  'mobile phone',
  'neural architecture search',
  'NAS',
  'speech recognition',
  'ASR',
  'recommendation click-through',
  'retrieval augmented generation',
  'autonomous driving',
  'spekulative decodng',
  'quantisation',
  'latncy predictor',
  'distil',
  'prefil',
  'transfo',
  'early exit',
  'long context attention',
  'hw:fpga',
  'topic:speculative',
  'year:>=2025 serving',
  'org:nvidia',
  'hw:gpu latency',
  'sparse attention kernel',
];

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const time = <T>(f: () => T): [T, number] => {
  const start = performance.now();
  const result = f();
  return [result, performance.now() - start];
};

/** Latencies in ms of each query, after one warm-up pass; each query is run `repeat` times. */
function latencies(run: (q: string) => unknown, queries: readonly string[], repeat: number): number[] {
  for (const q of queries) run(q);
  const out: number[] = [];
  for (let r = 0; r < repeat; r++) for (const q of queries) out.push(time(() => run(q))[1]);
  return out;
}

interface SizeResult {
  papers: number;
  files: number;
  sightings: number;
  parseMs: number;
  mergeMs: number;
  enrichMs: number;
  indexMs: number;
  treeReadyMs: number;
  /** The same with part of the extraction on the worker thread, as the extension and the CLI build (Library.buildSteps). */
  treeReadyWithWorkerMs: number;
  heapAfterLoadMB: number;
  /**
   * What the load holds: the heap after it less the heap before it, the synthesized digests excluded. The extension
   * holds no digest text after a load (files are read as bytes and decoded one at a time), and the bench process does.
   */
  libraryHeapMB: number;
  /** At 20,000 papers: the extraction worker's heap after extracting its share of a build (it ends after 30 s idle). */
  workerHeapMB?: number;
  searchP50Ms: number;
  searchP95Ms: number;
  completionP95Ms: number;
  completionMaxItems: number;
  serializedIndexMB: number;
  cacheMB: number;
  /** From the cache file until search works (read, verified, papers and index restored). */
  cacheLoadMs: number;
  /** From the cache file until the tree can show the papers. */
  treeFromCacheMs: number;
  /** The heap of a process holding the library opened from its cache, with its index (freshProcess.ts). */
  heapFromCacheMB: number;
  /** The floor: reading the same digests from disk and splitting them into entries at blank lines. */
  floorMs: number;
  /** At 20,000 papers: the whole `litdigest papers --json --no-cache` process, and Node reading and splitting the same files. */
  cliPapersMs?: number;
  cliFloorMs?: number;
  /** At 20,000 papers: the CLI with its cache (see test/bench/cli.ts). */
  cli?: CliBenchResult;
  fullRebuildMs: number;
  addPageMs: number;
  longestBlockMs?: number;
  slicedLoadMs?: number;
  peers?: Record<string, { buildMs: number; heapMB: number; p50Ms: number; p95Ms: number }>;
}

async function benchSize(shipped: Paper[], size: number): Promise<SizeResult> {
  const pages = synthesizePages(synthesizePapers(shipped, size));
  const heapBeforeLoadMB = heapMB();
  const runs = size <= 20000 ? 5 : 3;
  const samples = { parse: [] as number[], merge: [] as number[], enrich: [] as number[], index: [] as number[] };
  let papers: Paper[] = [];
  let index: PaperIndex | undefined;
  let sightings = 0;
  for (let r = 0; r < runs; r++) {
    papers = [];
    index = undefined;
    gc?.();
    const [parsed, parseMs] = time(() => parseFiles(pages));
    const [merged, mergeMs] = time(() => mergeEntries(parsed.entries));
    const [enriched, enrichMs] = time(() => merged.papers.map((p) => enrichPaper(p)));
    const [built, indexMs] = time(() => PaperIndex.build(enriched, engine));
    samples.parse.push(parseMs);
    samples.merge.push(mergeMs);
    samples.enrich.push(enrichMs);
    samples.index.push(indexMs);
    papers = enriched;
    index = built;
    sightings = parsed.entries.length;
  }
  const heapAfterLoadMB = heapMB();
  const search = latencies((q) => index!.query(q, 20), QUERIES, size <= 20000 ? 5 : 2);
  const prefixes = papers
    .filter((_, i) => i % Math.max(1, Math.floor(papers.length / 60)) === 0)
    .slice(0, 60)
    .flatMap((p) => [p.key.slice(0, 1), p.key.slice(0, 3), p.key.slice(0, 6)]);
  let maxItems = 0;
  const completion = latencies((prefix) => (maxItems = Math.max(maxItems, index!.completeKey(prefix, 50).length)), prefixes, 3);
  const [library, fullRebuildMs] = time(() => buildLibrary(pages));
  const lines = runSync(serializeSteps(library, 'bench'));
  // As the extension opens the library, in a process of its own: the files read to the tree with the worker; an
  // unchanged library's cache file read, verified and restored (the tree shows at onPapers).
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-bench-'));
  await saveLibraryNow(join(dir, 'library.jsonl'), library, 'bench');
  writePages(pages, dir);
  const last = size === SIZES.at(-1);
  const fresh = inAFreshProcess(dir, last);
  const floorMs = median(Array.from({ length: 3 }, () => readAndSplitMs(pages, dir)));
  const cli = size === 20000 ? cliVersusFloor(dir) : null;
  rmSync(dir, { recursive: true, force: true });
  // The index's part of the saved lines: its counts line after the papers, then its terms.
  const indexLines = lines.slice(1 + (JSON.parse(lines[0]) as { paperLines: number }).paperLines);
  // One new daily page of 50 papers never seen before, in the metadata layout.
  const newPage = synthesizePages(
    synthesizePapers(shipped, 50, 99).map((p) => ({ ...p, title: `Fresh ${p.title}` })),
    50,
    7,
  )[0];
  const addPage = Array.from({ length: 3 }, (_, r) => time(() => library.update([{ ...newPage, name: `new-page-${r}.txt` }]))[1]);
  const result: SizeResult = {
    papers: papers.length,
    files: pages.length,
    sightings,
    parseMs: median(samples.parse),
    mergeMs: median(samples.merge),
    enrichMs: median(samples.enrich),
    indexMs: median(samples.index),
    treeReadyMs: median(samples.parse) + median(samples.merge) + median(samples.enrich),
    treeReadyWithWorkerMs: fresh.treeWithWorkerMs,
    heapAfterLoadMB,
    libraryHeapMB: heapAfterLoadMB - heapBeforeLoadMB,
    searchP50Ms: percentile(search, 0.5),
    searchP95Ms: percentile(search, 0.95),
    completionP95Ms: percentile(completion, 0.95),
    completionMaxItems: maxItems,
    serializedIndexMB: indexLines.reduce((n, l) => n + l.length, 0) / 1e6,
    cacheMB: lines.reduce((n, l) => n + l.length + 1, 0) / 1e6,
    cacheLoadMs: fresh.searchFromCacheMs,
    treeFromCacheMs: fresh.treeFromCacheMs,
    heapFromCacheMB: fresh.heapFromCacheMB,
    floorMs,
    ...(cli ?? {}),
    fullRebuildMs,
    addPageMs: median(addPage),
  };
  if (size === 20000) {
    result.peers = benchPeers(papers);
    result.workerHeapMB = await workerHeapMB(papers);
  }
  if (fresh.blocks) Object.assign(result, fresh.blocks);
  return result;
}

/** The load figures of the library in `dir` (pages/, library.jsonl) from `freshProcess.js`, run as a process of its own; `withBlocks`: the longest block too. */
function inAFreshProcess(dir: string, withBlocks: boolean): FreshProcessResult {
  const args = ['--expose-gc', join(__dirname, 'freshProcess.js'), dir, ...(withBlocks ? ['--blocks'] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as FreshProcessResult;
}

/**
 * The heap of an extraction worker (dist/extractionWorker.js) once it has extracted 60% of `papers` in chunks, as in a
 * build. A second listener on its port answers 'heap' with its own heap.
 */
export async function workerHeapMB(papers: Paper[]): Promise<number> {
  const code = `require(${JSON.stringify(join(root, 'dist', 'extractionWorker.js'))});
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => { if (m === 'heap') { globalThis.gc?.(); parentPort.postMessage({ heap: require('node:v8').getHeapStatistics().used_heap_size }); } });`;
  // V8's flags are the process's: with --expose-gc on the bench, the worker has gc() too.
  const worker = new Worker(code, { eval: true });
  const reply = (want: (m: { n?: number; heap?: number }) => boolean) =>
    new Promise<{ heap?: number }>((resolve) => worker.on('message', (m) => want(m) && resolve(m)));
  const share = papers.slice(Math.floor(papers.length * 0.4)).map((p) => ({ title: p.title, abstract: p.abstract }));
  const chunks = Math.ceil(share.length / CHUNK_PAIRS);
  const extracted = reply((m) => m.n === chunks - 1);
  const open: ExtractionRequest = { kind: 'open', share: 1, claims: new Int32Array(new SharedArrayBuffer(chunks * 4)), catalog: null, taxonomy: null };
  worker.postMessage(open);
  for (let n = 0; n < chunks; n++) {
    const chunk: ExtractionRequest = { kind: 'chunk', share: 1, n, pairs: share.slice(n * CHUNK_PAIRS, (n + 1) * CHUNK_PAIRS) };
    worker.postMessage(chunk);
  }
  await extracted;
  const heap = reply((m) => m.heap !== undefined);
  worker.postMessage('heap');
  const { heap: bytes } = await heap;
  await worker.terminate();
  return bytes! / 1e6;
}

/** Writes `pages` as files into `dir/pages`, once. */
function writePages(pages: { name: string; text: string }[], dir: string): void {
  const pagesDir = join(dir, 'pages');
  if (existsSync(pagesDir)) return;
  mkdirSync(pagesDir);
  for (const page of pages) writeFileSync(join(pagesDir, page.name), page.text);
}

/** Writes `pages` into `dir` once, then times reading them back and splitting each at blank lines (what any loader must do). */
function readAndSplitMs(pages: { name: string; text: string }[], dir: string): number {
  writePages(pages, dir);
  const pagesDir = join(dir, 'pages');
  const start = performance.now();
  let parts = 0;
  for (const name of readdirSync(pagesDir)) parts += readFileSync(join(pagesDir, name), 'utf8').split(/\n\s*\n/).length;
  const ms = performance.now() - start;
  if (!parts) throw new Error('no pages read');
  return ms;
}

/**
 * The CLI over the digests in `dir/pages` (written by readAndSplitMs) against the floor, as whole processes: `papers
 * --json` without a cache, cold and warm, `search --json` warm (test/bench/cli.ts). Medians of three runs each.
 */
function cliVersusFloor(dir: string): { cliPapersMs: number; cliFloorMs: number; cli: CliBenchResult } {
  const cli = benchCli(join(dir, 'pages'));
  return { cliPapersMs: cli.papersNoCacheMs, cliFloorMs: cli.floorMs, cli };
}

/** lunr and Fuse.js over the same papers and fields, in this process; free-text queries only (they have no field filters). */
function benchPeers(papers: Paper[]): SizeResult['peers'] {
  const docs = papers.map((p, id) => ({ id: String(id), title: p.title, abstract: p.abstract }));
  const textQueries = QUERIES.filter((q) => !/\w+:/.test(q));
  const peers: NonNullable<SizeResult['peers']> = {};
  {
    const before = heapMB();
    const [idx, buildMs] = time(() =>
      lunr(function () {
        this.ref('id');
        this.field('title', { boost: 3 });
        this.field('abstract');
        for (const d of docs) this.add(d);
      }),
    );
    const heap = heapMB() - before;
    const lat = latencies((q) => idx.search(lunrQuery(q)), textQueries, 3);
    peers.lunr = { buildMs, heapMB: heap, p50Ms: percentile(lat, 0.5), p95Ms: percentile(lat, 0.95) };
  }
  {
    const before = heapMB();
    const [fuse, buildMs] = time(
      () =>
        new Fuse(docs, {
          keys: [
            { name: 'title', weight: 3 },
            { name: 'abstract', weight: 1 },
          ],
          ignoreLocation: true,
          threshold: 0.3,
        }),
    );
    const heap = heapMB() - before;
    const lat = latencies((q) => fuse.search(q, { limit: 20 }), textQueries.slice(0, 12), 1);
    peers['fuse.js'] = { buildMs, heapMB: heap, p50Ms: percentile(lat, 0.5), p95Ms: percentile(lat, 0.95) };
  }
  return peers;
}

/** The same free text as a lunr query: each word as a prefix with one edit allowed, like our prefix and fuzzy search. */
function lunrQuery(q: string): string {
  return q
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => `${w}* ${w}~1`)
    .join(' ');
}

/** Precision@10 of each engine on hand-judged queries over the shipped digest. */
function precisionAt10(shipped: Paper[]): Record<string, number> | null {
  const file = join(root, 'test', 'fixtures', 'relevance.json');
  if (!existsSync(file)) return null;
  const judged: { query: string; relevant: string[] }[] = JSON.parse(readFileSync(file, 'utf8')).queries;
  const index = PaperIndex.build(shipped, engine);
  const docs = shipped.map((p) => ({ id: p.key, title: p.title, abstract: p.abstract }));
  const lunrIndex = lunr(function () {
    this.ref('id');
    this.field('title', { boost: 3 });
    this.field('abstract');
    for (const d of docs) this.add(d);
  });
  const fuse = new Fuse(docs, {
    keys: [
      { name: 'title', weight: 3 },
      { name: 'abstract', weight: 1 },
    ],
    ignoreLocation: true,
    threshold: 0.3,
  });
  const engines: Record<string, (q: string) => string[]> = {
    litdigest: (q) => index.query(q, 10).hits.map((h) => h.paper.key),
    lunr: (q) =>
      lunrIndex
        .search(lunrQuery(q))
        .slice(0, 10)
        .map((r) => r.ref),
    'fuse.js': (q) => fuse.search(q, { limit: 10 }).map((r) => r.item.id),
  };
  const result: Record<string, number> = {};
  for (const [name, run] of Object.entries(engines)) {
    const precisions = judged.map(({ query, relevant }) => {
      const top = run(query);
      // Precision@10 over the ten slots, or over all relevant papers when fewer than ten exist.
      return top.filter((k) => relevant.includes(k)).length / Math.min(10, relevant.length);
    });
    result[name] = precisions.reduce((a, b) => a + b, 0) / precisions.length;
  }
  return result;
}

function bundleSizes(): Record<string, number | null> {
  const size = (f: string) => (existsSync(join(root, f)) ? statSync(join(root, f)).size / 1e3 : null);
  const vsix = readdirSync(root).find((f) => f.endsWith('.vsix'));
  return { extensionJsKB: size('dist/extension.js'), vsixKB: vsix ? size(vsix) : null };
}

/**
 * The `.bib` figures from a process of their own (out/test/bench/bib.js), as the review and related-papers figures: in
 * this one, which still holds what the 100,000-paper runs left, the same build took about 40% longer (2.4 against 1.8 s).
 */
function bibInItsOwnProcess(): BibBenchResult {
  const args = ['--expose-gc', join(__dirname, 'bib.js'), '--json', ...(quick ? ['--quick'] : [])];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as BibBenchResult;
}

async function main(): Promise<void> {
  const shipped = shippedPapers();
  const sizes: SizeResult[] = [];
  for (const s of SIZES) {
    if (!asJson) process.stderr.write(`bench: ${s} papers…\n`);
    sizes.push(await benchSize(shipped, s));
  }
  if (!asJson) process.stderr.write('bench: a 20,000-entry .bib…\n');
  const bib = bibInItsOwnProcess();
  const report = {
    machine: { cpus: cpus().length, node: process.version },
    sizes,
    sources: await benchSources(),
    bib,
    precisionAt10: precisionAt10(shipped),
    bundle: bundleSizes(),
  };
  if (asJson) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '–' : x.toFixed(d));
  console.log('\nLoad (median ms), memory and latency');
  console.log('papers    parse   merge  enrich   index  tree-ready  heap MB (process / held by the load)  search p50/p95 ms  completion p95 ms (items)');
  for (const r of sizes) {
    console.log(
      `${String(r.papers).padEnd(8)}${f(r.parseMs).padStart(7)}${f(r.mergeMs).padStart(8)}${f(r.enrichMs).padStart(8)}${f(r.indexMs).padStart(8)}${f(r.treeReadyMs).padStart(12)}${`${f(r.heapAfterLoadMB)} / ${f(r.libraryHeapMB)}`.padStart(37)}${`${f(r.searchP50Ms, 2)} / ${f(r.searchP95Ms, 2)}`.padStart(19)}${`${f(r.completionP95Ms, 3)} (${r.completionMaxItems})`.padStart(26)}`,
    );
  }
  console.log('\nCache and updates (tree and search from the cache timed in a process of their own, as the extension host opens a library)');
  console.log(
    'papers    index MB  cache MB  tree from cache ms  search from cache ms  floor ms  cache ÷ floor  full rebuild ms  ratio  add a 50-paper page ms',
  );
  for (const r of sizes) {
    console.log(
      `${String(r.papers).padEnd(8)}${f(r.serializedIndexMB).padStart(10)}${f(r.cacheMB).padStart(10)}${f(r.treeFromCacheMs).padStart(20)}${f(r.cacheLoadMs).padStart(22)}${f(r.floorMs).padStart(10)}${f(r.cacheLoadMs / r.floorMs).padStart(15)}${f(r.fullRebuildMs).padStart(17)}${f(r.fullRebuildMs / r.cacheLoadMs).padStart(7)}${f(r.addPageMs).padStart(25)}`,
    );
  }
  console.log(`Heap of a process holding the library opened from its cache: ${sizes.map((r) => `${r.papers} papers ${f(r.heapFromCacheMB)} MB`).join(' · ')}`);
  console.log(
    `\nTree ready with the extraction worker (no cache; a process of its own, files read as bytes): ${sizes.map((r) => `${r.papers} papers ${f(r.treeReadyWithWorkerMs)} ms`).join(' · ')}`,
  );
  const workerAt20k = sizes.find((s) => s.workerHeapMB !== undefined);
  if (workerAt20k)
    console.log(
      `Extraction worker's heap after its share of ${workerAt20k.papers} papers: ${f(workerAt20k.workerHeapMB)} MB (host + worker: ${f(workerAt20k.libraryHeapMB + workerAt20k.workerHeapMB!)} MB; the worker ends after 30 s idle)`,
    );
  for (const r of sizes.filter((x) => x.cli !== undefined)) console.log(formatCliBench(r.cli!, r.papers, r.files));
  const last = sizes.at(-1)!;
  if (last.longestBlockMs !== undefined)
    console.log(
      `\nSliced load of ${last.papers} papers (as the extension host does it, in a process of its own: files as bytes, the worker, the index): ${f(last.slicedLoadMs)} ms, longest block of the event loop ${f(last.longestBlockMs)} ms`,
    );
  const at20k = sizes.find((s) => s.papers === 20000);
  if (at20k?.peers) {
    console.log('\nPeers at 20,000 papers (same process, same fields; free-text queries)');
    console.log('engine      build ms   heap MB   p50 ms   p95 ms   p95 ÷ ours');
    const ours = { buildMs: at20k.indexMs, heapMB: at20k.heapAfterLoadMB, p50Ms: at20k.searchP50Ms, p95Ms: at20k.searchP95Ms };
    for (const [name, p] of [['litdigest', ours], ...Object.entries(at20k.peers)] as [string, typeof ours][]) {
      console.log(
        `${name.padEnd(12)}${f(p.buildMs).padStart(8)}${f(p.heapMB).padStart(10)}${f(p.p50Ms, 2).padStart(9)}${f(p.p95Ms, 2).padStart(9)}${f(p.p95Ms / ours.p95Ms).padStart(12)}`,
      );
    }
  }
  if (report.precisionAt10)
    console.log(
      `\nPrecision@10 on the hand-judged queries: ${Object.entries(report.precisionAt10)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(', ')}`,
    );
  printSources(report.sources);
  console.log(formatBibBench(bib));
  console.log(`\nBundle: dist/extension.js ${f(report.bundle.extensionJsKB)} KB, .vsix ${f(report.bundle.vsixKB)} KB`);
}

if (require.main === module) void main();
