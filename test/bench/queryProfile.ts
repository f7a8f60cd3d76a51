/**
 * Tuning aid: per-query latency at N synthetic papers and per-query precision@10 on the shipped digest.
 * `node out/test/bench/queryProfile.js N [QUERY...]`, or `N --held-out K`: K queries nobody tuned on, made from the
 * shipped titles (one to three words in a row; the last sometimes cut short as if being typed, sometimes with a typo),
 * timed at N papers: p50, p95 and the slowest.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { random, synthesizePages, synthesizePapers } from './synth';
import { buildLibrary } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');
const shipped = buildLibrary(
  readdirSync(join(root, 'seeds'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(root, 'seeds', name), 'utf8') })),
);
const judged: { query: string; relevant: string[] }[] = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'relevance.json'), 'utf8')).queries;
for (const { query, relevant } of judged) {
  const top = shipped.index.query(query, 10).hits.map((h) => h.paper.key);
  const p = top.filter((k) => relevant.includes(k)).length / Math.min(10, relevant.length);
  console.log(`p@10 ${p.toFixed(2)}  ${query}  (missed: ${relevant.filter((k) => !top.includes(k)).join(' ')})`);
}
const size = Number(process.argv[2] ?? 0);
/** `count` queries from the shipped titles, seeded: words in a row, the last at times cut short or mistyped. */
function heldOutQueries(count: number): string[] {
  const rand = random(7);
  const titles = shipped.papers.map((p) => p.title.match(/\p{L}+/gu) ?? []).filter((words) => words.length > 0);
  return Array.from({ length: count }, () => {
    const words = titles[Math.floor(rand() * titles.length)];
    const start = Math.floor(rand() * words.length);
    const picked = words.slice(start, start + 1 + Math.floor(rand() * 3));
    const last = picked.at(-1)!;
    const roll = rand();
    if (roll < 0.25 && last.length > 4) picked[picked.length - 1] = last.slice(0, 2 + Math.floor(rand() * (last.length - 3)));
    else if (roll < 0.4 && last.length > 4) picked[picked.length - 1] = `${last.slice(0, 2)}${last[3]}${last[2]}${last.slice(4)}`;
    return picked.join(' ');
  });
}

const heldOut = process.argv.indexOf('--held-out');
if (size && heldOut > 0) {
  const big = buildLibrary(synthesizePages(synthesizePapers(shipped.papers, size)));
  const queries = heldOutQueries(Number(process.argv[heldOut + 1] ?? 300));
  for (const q of queries) big.index.query(q, 20);
  const times = queries.map((q) => {
    const t = performance.now();
    big.index.query(q, 20);
    return performance.now() - t;
  });
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2);
  const slowest = queries[times.indexOf(sorted.at(-1)!)];
  console.log(
    `${queries.length} held-out queries at ${size} papers: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, slowest ${sorted.at(-1)!.toFixed(2)} ms ("${slowest}")`,
  );
} else if (size) {
  const big = buildLibrary(synthesizePages(synthesizePapers(shipped.papers, size)));
  for (const q of process.argv.slice(3).length
    ? process.argv.slice(3)
    : [
        'latency',
        'long context attention',
        'hw:gpu latency',
        'latncy predictor',
        'spiking neural network',
        'neural architecture search',
        'speculative decoding',
        'energy efficient',
        'transfo',
        'KV cache',
      ]) {
    big.index.query(q, 20);
    const t = performance.now();
    for (let r = 0; r < 5; r++) big.index.query(q, 20);
    console.log(`${((performance.now() - t) / 5).toFixed(2).padStart(8)} ms  ${q}`);
  }
}
