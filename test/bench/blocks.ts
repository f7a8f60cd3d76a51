/** Tuning aid: the longest event-loop block while the extension's sliced load builds N synthetic papers. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { synthesizePages, synthesizePapers } from './synth';
import { buildLibrary, buildLibrarySliced } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');
const shipped = buildLibrary(
  readdirSync(join(root, 'seeds'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(root, 'seeds', name), 'utf8') })),
).papers;
const pages = synthesizePages(synthesizePapers(shipped, Number(process.argv[2] ?? 20000)));
void (async () => {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t = performance.now();
  const lib = await buildLibrarySliced(pages);
  h.disable();
  console.log(
    `${lib.papers.length} papers in ${(performance.now() - t).toFixed(0)} ms; longest block ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms`,
  );
})();
