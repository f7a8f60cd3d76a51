/** Related papers at 20,000 papers: `node esbuild.mjs --tests && node out/test/bench/related.js [papers]`; prints build time and query percentiles. */
import { buildRelatedIndex } from '../../src/core/related';
import { shippedPapers, synthesizePages, synthesizePapers } from './synth';
import { buildLibrary } from '../../src/core/build';

const size = Number(process.argv[2] ?? 20000);
const shipped = shippedPapers();
// Topics, hardware and claims come from extraction, as in the extension: the pages go through the whole library build.
const papers = buildLibrary(synthesizePages(synthesizePapers(shipped, size)), undefined, undefined, false).papers;

(globalThis as { gc?: () => void }).gc?.();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const index = buildRelatedIndex(papers);
const buildMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// CPU time is the steadier figure on a shared machine.
const buildCpuMs = (cpu.user + cpu.system) / 1000;

// Every 97th paper, after one warm-up pass over the same ones.
const sample = papers.filter((_, i) => i % 97 === 0);
for (const p of sample) index.related(p.key);
const times: number[] = [];
let found = 0;
for (const p of sample) {
  const t = performance.now();
  found += index.related(p.key).length;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(2);
console.log(
  `related papers, ${papers.length} papers: build ${buildMs.toFixed(0)} ms wall, ${buildCpuMs.toFixed(0)} ms CPU (once per library, in slices); query p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms ` +
    `over ${times.length} queries (${(found / sample.length).toFixed(2)} related per paper; budget 50 ms per query)`,
);
