/** Profiling aid for `node --cpu-prof`: builds a synthetic digest of N papers (default 20,000) once. */
import * as engine from '../../src/core/engine';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeEntries } from '../../src/core/dedupe';
import { enrichPaper } from '../../src/core/extract';
import { PaperIndex } from '../../src/core/search';
import { synthesizePages, synthesizePapers } from './synth';
import { buildLibrary, parseFiles } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');
const size = Number(process.argv[2] ?? 20000);
const stage = process.argv[3] ?? 'all';
const shipped = buildLibrary(
  readdirSync(join(root, 'seeds'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(root, 'seeds', name), 'utf8') })),
).papers;
const pages = synthesizePages(synthesizePapers(shipped, size));
const t0 = performance.now();
const parsed = parseFiles(pages);
const t1 = performance.now();
const merged = mergeEntries(parsed.entries);
const t2 = performance.now();
const enriched = stage === 'merge' ? [] : merged.papers.map((p) => enrichPaper(p));
const t3 = performance.now();
if (stage === 'all') PaperIndex.build(enriched, engine);
const t4 = performance.now();
console.log(`parse ${(t1 - t0).toFixed(0)} merge ${(t2 - t1).toFixed(0)} enrich ${(t3 - t2).toFixed(0)} index ${(t4 - t3).toFixed(0)} ms`);
