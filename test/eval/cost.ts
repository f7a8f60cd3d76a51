/**
 * `node out/test/eval/cost.js`: the per-paper cost of enrichment (topics, hardware, claims) on the seeds and the second
 * labelled set, median of several passes; run the same file built from another commit to compare (the budget is 1.5×).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { enrichPaper } from '../../src/core/extract';
import type { MergedPaper } from '../../src/core/model';
import { buildLibrary } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');
const seeds = join(root, 'seeds');
const library = buildLibrary(
  readdirSync(seeds)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') })),
);
const knowledge: { title: string; abstract: string }[] = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'knowledge', 'papers.json'), 'utf8'));
const template = library.papers[0];
const papers: MergedPaper[] = [...library.papers, ...knowledge.map((k) => ({ ...template, title: k.title, abstract: k.abstract }))];

const passes = Number(process.argv.find((a) => a.startsWith('--passes='))?.slice(9) ?? 15);
const times: number[] = [];
for (let r = 0; r < passes + 2; r++) {
  // A fresh copy each pass: enrichPaper writes its results onto the paper it is given.
  const copies = papers.map((p) => ({ ...p }));
  // CPU time, not wall time: on a shared machine the wait for a core is not the extraction's cost.
  const start = process.cpuUsage();
  for (const p of copies) enrichPaper(p);
  const used = process.cpuUsage(start);
  const ms = (used.user + used.system) / 1000;
  // The first two passes compile the regular expressions and warm the JIT.
  if (r >= 2) times.push(ms);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const per = (ms: number) => ((ms / papers.length) * 1000).toFixed(1);
// The fastest pass is the one least disturbed by other processes (caches, frequency); it compares builds best.
console.log(`enrich cost: ${per(times[0])} µs/paper fastest, ${per(median)} median (${passes} passes over ${papers.length} papers)`);
