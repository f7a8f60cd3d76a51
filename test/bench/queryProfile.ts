/** Tuning aid: per-query latency at N synthetic papers and per-query precision@10 on the shipped digest. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { synthesizePages, synthesizePapers } from './synth';
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
if (size) {
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
