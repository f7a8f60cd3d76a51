/** Benchmark of the claim check and evidence tables at 20,000 papers: `node esbuild.mjs --tests && node out/test/bench/claimCheck.js [papers] [sentences]`. */
import { checkClaims } from '../../src/core/claimCheck';
import { renderEvidenceTable, selectPapers } from '../../src/core/evidence';
import { citationStyleFor } from '../../src/core/languages';
import { seedFiles } from '../unit/seedFiles';
import { random, synthesizePages, synthesizePapers } from './synth';
import { buildLibrary } from '../../src/core/build';

const size = Number(process.argv[2] ?? 20000);
const sentences = Number(process.argv[3] ?? 2000);

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const value = f();
  return [value, performance.now() - start];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const shipped = buildLibrary(seedFiles(), undefined, {}, false).papers;
const [library, buildMs] = time(() => buildLibrary(synthesizePages(synthesizePapers(shipped, size)), undefined, {}, false));
const papers = library.papers;
const withClaims = papers.filter((p) => p.claims.length);
const rand = random(7);
// A long draft: one citing sentence per paragraph line, half with the paper's own number, half with a number it never states.
const lines: string[] = ['---', 'bibliography: refs.bib', '---', '', '# Related work', ''];
for (let i = 0; i < sentences; i++) {
  const p = withClaims[Math.floor(rand() * withClaims.length)];
  const c = p.claims[0];
  lines.push(`Method ${i} reaches ${i % 2 ? c.value : `${(rand() * 90 + 1).toFixed(1)}×`} on its benchmark [@${p.key}].${i % 5 === 4 ? '\n' : ''}`);
}
const text = lines.join('\n');
const lookup = (key: string) => library.byKey.get(key);
const style = citationStyleFor('markdown');

// The first check reads each cited abstract once (then cached per paper object): what opening a draft costs.
const [findings, coldMs] = time(() => checkClaims(text, 'markdown', lookup, { style }));
const warm: number[] = [];
for (let r = 0; r < Number(process.env.WARM_RUNS ?? 9); r++) warm.push(time(() => checkClaims(text, 'markdown', lookup, { style }))[1]);
// A typical draft: 50 citing sentences.
const small = lines.slice(0, 56).join('\n');
const smallRuns: number[] = [];
for (let r = 0; r < 9; r++) smallRuns.push(time(() => checkClaims(small, 'markdown', lookup, { style }))[1]);

const spec = {
  query: 'topic:speculative',
  metrics: ['speedup' as const],
  columns: ['paper' as const, 'hardware' as const, 'value' as const, 'baseline' as const],
};
const [selected, selectMs] = time(() => selectPapers(library, spec));
const [table, renderMs] = time(() => renderEvidenceTable(selected.papers, spec, 'markdown'));

console.log(
  JSON.stringify(
    {
      papers: papers.length,
      libraryBuildMs: Math.round(buildMs),
      draft: { sentences, chars: text.length, findings: findings.length, unstated: findings.filter((f) => f.kind === 'unstated').length },
      claimCheckColdMs: +coldMs.toFixed(1),
      claimCheckWarmMedianMs: +median(warm).toFixed(1),
      claimCheck50SentencesMedianMs: +median(smallRuns).toFixed(2),
      evidenceSelectMs: +selectMs.toFixed(1),
      evidenceRenderMs: +renderMs.toFixed(1),
      evidenceRows: table.kind === 'table' ? table.rows.length : 0,
    },
    null,
    2,
  ),
);
