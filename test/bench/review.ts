/** Micro-benchmark of reviewer files at 20,000 papers: `node esbuild.mjs --tests && node out/test/bench/review.js [papers]`; prints median times. */
import { agreement, conflicts, finalDecisions, prismaCounts, setDecision } from '../../src/core/review';
import { DEFAULT_EXCLUSION_REASONS, mergeForWrite, parseReviewFile, serializeReviewFile, type Decision, type ReviewStatus } from '../../src/core/reviewFile';

const papers = Number(process.argv[2] ?? 20000);
const STATUSES: ReviewStatus[] = ['included', 'excluded', 'excluded', 'maybe', 'unscreened'];

/** A deterministic pseudo-random sequence, so every run measures the same files. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function reviewer(seed: number): Map<string, Decision> {
  const next = random(seed);
  const out = new Map<string, Decision>();
  for (let i = 0; i < papers; i++) {
    const key = `paper-${i.toString(36).padStart(4, '0')}-efficient-inference-${i % 97}`;
    const status = STATUSES[Math.floor(next() * STATUSES.length)];
    const d: Decision = {
      key,
      status,
      tags: next() < 0.3 ? ['kv', 'edge'].slice(0, 1 + Math.floor(next() * 2)) : [],
      decidedAt: new Date(1.7e12 + i * 6e4).toISOString(),
    };
    if (status === 'excluded') d.reason = DEFAULT_EXCLUSION_REASONS[Math.floor(next() * DEFAULT_EXCLUSION_REASONS.length)];
    if (next() < 0.2) d.note = `Measured on a Jetson Orin;\nsee Table ${i % 9} — “latency” ${i} ms.`;
    out.set(key, d);
  }
  return out;
}

/** Median wall time and median CPU time (user + system) of `runs` calls; CPU time is the steadier figure on a shared machine. */
function median(runs: number, f: () => void): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  f();
  for (let r = 0; r < runs; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(wall), cpu: mid(cpu) };
}

const ana = reviewer(1);
const ben = reviewer(2);
const text = serializeReviewFile(ana.values());
const row = (label: string, ms: { wall: number; cpu: number }) => console.log(`${ms.wall.toFixed(1).padStart(9)} ${ms.cpu.toFixed(1).padStart(9)}  ${label}`);

console.log(`${papers} decisions, file ${(text.length / 1024 / 1024).toFixed(2)} MB (${text.split('\n').length - 1} lines); median ms, wall and CPU`);
row(
  'parseReviewFile (JSON.parse + zod per line)',
  median(9, () => parseReviewFile(text, 'ana.jsonl')),
);
row(
  'serializeReviewFile',
  median(9, () => serializeReviewFile(ana.values())),
);
const key = [...ana.keys()][papers >> 1];
row(
  'setDecision (copies the map: one step)',
  median(51, () => setDecision(ana, key, { status: 'maybe', note: 'x' }, '2026-11-29T10:00:00.000Z')),
);
row(
  'read disk + mergeForWrite + serialize (one write)',
  median(9, () => {
    const disk = parseReviewFile(text, 'ana.jsonl');
    if (disk.ok) serializeReviewFile(mergeForWrite(disk.file.decisions, ana, [key]).values(), disk.file.header);
  }),
);
const two = new Map([
  ['ana', ana],
  ['ben', ben],
]);
row(
  'conflicts (2 reviewers)',
  median(9, () => conflicts(two)),
);
row(
  'agreement (2 reviewers)',
  median(9, () => agreement(ana, ben)),
);
const keys = [...ana.keys()];
row(
  'finalDecisions + prismaCounts',
  median(9, () => prismaCounts({ sources: [{ name: 'all', kind: 'digest', records: papers }], keys }, finalDecisions(two))),
);

/** The extension's file side on the same file: ReviewStore reading the folder (parse in slices) and one decision (re-read, merge, atomic write). */
async function storeTimings(): Promise<void> {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { ReviewStore } = await import('../../src/reviewStore');
  const root = mkdtempSync(join(tmpdir(), 'litdigest-bench-review-'));
  const folder = join(root, '.litdigest', 'review');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'ana.jsonl'), text);
  writeFileSync(join(folder, 'ben.jsonl'), serializeReviewFile(ben.values()));
  const store = new ReviewStore({ folder, reviewer: 'ana', canWrite: () => true, root });
  const timeAsync = async (runs: number, f: () => Promise<unknown>) => {
    const wall: number[] = [];
    await f();
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      await f();
      wall.push(performance.now() - t);
    }
    return wall.sort((a, b) => a - b)[Math.floor(runs / 2)];
  };
  const statuses: ReviewStatus[] = ['included', 'maybe'];
  let i = 0;
  const load = await timeAsync(5, () => store.load());
  const decide = await timeAsync(9, () => store.decide([key], { status: statuses[i++ % 2] }));
  console.log(`${load.toFixed(1).padStart(9)} ${'-'.padStart(9)}  ReviewStore.load (2 files, parsed in 8 ms slices)`);
  console.log(`${decide.toFixed(1).padStart(9)} ${'-'.padStart(9)}  ReviewStore.decide (re-read, merge, atomic write)`);
  rmSync(root, { recursive: true, force: true });
}

void storeTimings();
