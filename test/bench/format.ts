/** Timings of formatted references: `node esbuild.mjs --production && node esbuild.mjs --tests && node out/test/bench/format.js`. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { toCslJson } from '../../src/core/cite';
import { SHIPPED_STYLES, type ShippedStyle } from '../../src/core/styles';
import type { CslItem, FormatRequest, Formatted } from '../../src/core/format';
import { seedFiles } from '../unit/seedFiles';
import { buildLibrary } from '../../src/core/build';

const repoRoot = join(__dirname, '..', '..', '..');
const csl = (file: string) => readFileSync(join(repoRoot, 'media', 'csl', file), 'utf8');
const ms = (start: number) => performance.now() - start;

async function main(): Promise<void> {
  const kb = (file: string) => `${(statSync(join(repoRoot, 'dist', file)).size / 1024).toFixed(0)} KB`;
  console.log(`dist/extension.js ${kb('extension.js')} · dist/csl.js ${kb('csl.js')} · dist/bibtexParser.js ${kb('bibtexParser.js')}`);
  // What the extension pays on first use: requiring the chunk, then the first format (which parses style and locale).
  const t0 = performance.now();
  createRequire(__filename)(join(repoRoot, 'dist', 'csl.js'));
  const requireMs = ms(t0);
  const t1 = performance.now();
  const { formatReferences } = (await import('../../src/core/format')) as { formatReferences: (r: FormatRequest) => Formatted };
  const importMs = ms(t1);
  const papers = buildLibrary(seedFiles()).papers.slice(0, 100);
  const items = papers.map((p) => toCslJson(p) as CslItem);
  const locales = [csl('locales-en-US.xml')];
  for (const name of Object.keys(SHIPPED_STYLES) as ShippedStyle[]) {
    const style = csl(SHIPPED_STYLES[name]);
    const t2 = performance.now();
    formatReferences({ items: items.slice(0, 1), style, locales, clusters: [[{ id: items[0].id }]] });
    const first = ms(t2);
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const t3 = performance.now();
      const out = formatReferences({ items, style, locales, clusters: items.map((i) => [{ id: i.id }]) });
      runs.push(ms(t3));
      if (out.bibliography.length !== items.length) throw new Error(`${name}: ${out.bibliography.length} entries for ${items.length} items`);
    }
    const median = runs.sort((a, b) => a - b)[2];
    const lazy =
      name === 'apa'
        ? ` (+ require dist/csl.js ${requireMs.toFixed(0)} ms + module init ${importMs.toFixed(0)} ms = first-format latency ${(requireMs + importMs + first).toFixed(0)} ms)`
        : '';
    console.log(
      `${name.padEnd(20)} first format ${first.toFixed(0)} ms${lazy}; 100 references + citations: ${median.toFixed(1)} ms median of 5 = ${(median / 100).toFixed(2)} ms per reference`,
    );
  }
}

void main();
