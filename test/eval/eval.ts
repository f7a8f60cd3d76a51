/** `npm run eval`: precision and recall of hardware, claims and topics against hand labels of the shipped digest. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classifyTopics, extractClaims, extractHardware } from '../../src/core/extract';
import { buildLibrary } from '../../src/core/library';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';

interface Label {
  title: string;
  hardware: { name: string; class: string }[];
  claims: { text: string; metric: string; value: string }[];
  topics: string[];
}

const root = resolve(__dirname, '..', '..', '..');
const verbose = process.argv.includes('--verbose');
const json = process.argv.includes('--json');
const labels: Label[] = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'labels.json'), 'utf8')).papers;
const seeds = join(root, 'seeds');
const library = buildLibrary(
  readdirSync(seeds)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') })),
);
const byTitle = new Map(library.papers.map((p) => [p.title, p]));

class Score {
  tp = 0;
  fp = 0;
  fn = 0;
  readonly misses: string[] = [];
  add(predicted: Set<string>, expected: Set<string>, where: string): void {
    for (const p of predicted) {
      if (expected.has(p)) this.tp++;
      else {
        this.fp++;
        this.misses.push(`  + ${where}: ${p}`);
      }
    }
    for (const e of expected)
      if (!predicted.has(e)) {
        this.fn++;
        this.misses.push(`  - ${where}: ${e}`);
      }
  }
  get precision(): number {
    return this.tp + this.fp ? this.tp / (this.tp + this.fp) : 1;
  }
  get recall(): number {
    return this.tp + this.fn ? this.tp / (this.tp + this.fn) : 1;
  }
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const hwClass = new Score();
const hwName = new Score();
const claims = new Score();
const topics = new Score();
let metricAgree = 0;
let valueAgree = 0;
let matchedClaims = 0;

for (const label of labels) {
  const paper = byTitle.get(label.title);
  if (!paper) throw new Error(`labelled paper not in the digest: ${label.title}`);
  const where = paper.key;
  const hardware = extractHardware(paper.title, paper.abstract);
  hwClass.add(new Set(hardware.map((h) => h.class)), new Set(label.hardware.map((h) => h.class)), where);
  hwName.add(new Set(hardware.map((h) => norm(h.name))), new Set(label.hardware.map((h) => norm(h.name))), where);
  const found = extractClaims(paper.abstract);
  claims.add(new Set(found.map((c) => norm(c.text).slice(0, 90))), new Set(label.claims.map((c) => norm(c.text).slice(0, 90))), where);
  for (const c of label.claims) {
    const mine = found.find((f) => norm(f.text) === norm(c.text));
    if (!mine) continue;
    matchedClaims++;
    if (mine.metric === c.metric) metricAgree++;
    else if (verbose) console.log(`  metric ${where}: ${mine.metric} ≠ ${c.metric} (${c.value})`);
    if (norm(mine.value).replace(/\s/g, '') === norm(c.value).replace(/\s/g, '')) valueAgree++;
    else if (verbose) console.log(`  value ${where}: ${mine.value} ≠ ${c.value}`);
  }
  topics.add(new Set(classifyTopics(paper.title, paper.abstract)), new Set(label.topics), where);
}

const perTopic = new Map<string, number>();
let fallbackOnly = 0;
for (const p of library.papers) {
  const t = classifyTopics(p.title, p.abstract);
  if (t.length === 1 && t[0] === DEFAULT_TAXONOMY.fallback.id) fallbackOnly++;
  for (const id of t) perTopic.set(id, (perTopic.get(id) ?? 0) + 1);
}

const fmt = (x: number) => x.toFixed(3);
const rows: [string, Score][] = [
  ['hardware class', hwClass],
  ['hardware name', hwName],
  ['claims', claims],
  ['topics', topics],
];
if (json) {
  console.log(
    JSON.stringify(
      {
        labelledPapers: labels.length,
        ...Object.fromEntries(rows.map(([name, s]) => [name, { precision: s.precision, recall: s.recall, tp: s.tp, fp: s.fp, fn: s.fn }])),
        claimMetricAgreement: metricAgree / matchedClaims,
        claimValueAgreement: valueAgree / matchedClaims,
        papers: library.papers.length,
        fallbackOnly,
        perTopic: Object.fromEntries(perTopic),
      },
      null,
      2,
    ),
  );
} else {
  if (verbose) for (const [name, s] of rows) console.log(`${name} errors (+ found, not labelled; - labelled, not found):\n${s.misses.join('\n')}`);
  console.log(`Against ${labels.length} hand-labelled papers (test/fixtures/labels.json):\n`);
  console.log('                    precision  recall    tp   fp   fn');
  for (const [name, s] of rows)
    console.log(
      `${name.padEnd(20)}${fmt(s.precision).padStart(9)}${fmt(s.recall).padStart(8)}${String(s.tp).padStart(6)}${String(s.fp).padStart(5)}${String(s.fn).padStart(5)}`,
    );
  console.log(`\nclaims found in both: metric agrees ${metricAgree}/${matchedClaims}, value agrees ${valueAgree}/${matchedClaims}`);
  console.log(`\nTopics over all ${library.papers.length} papers (a paper counts once per topic it has):`);
  for (const t of [...DEFAULT_TAXONOMY.topics.map((t) => t.id), DEFAULT_TAXONOMY.fallback.id])
    console.log(`  ${t.padEnd(22)}${String(perTopic.get(t) ?? 0).padStart(4)}`);
  console.log(`papers with only the catch-all "${DEFAULT_TAXONOMY.fallback.id}": ${fallbackOnly}`);
}
