/**
 * `npm run eval`: hardware, claims and attachment scored side by side on the labelled sets: the shipped digest, the
 * dev and test v1 halves of test/fixtures/knowledge (all three tuned on), and the held-out set in holdout2/ when present.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classifyTopics, extractClaims, extractHardware } from '../../src/core/extract';
import type { Claim } from '../../src/core/model';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';
import { type Case, holdoutCases, knowledgeCases, norm, root, seedCases } from './cases';
import { buildLibrary } from '../../src/core/build';

const verbose = process.argv.includes('--verbose');
const json = process.argv.includes('--json');
const only = process.argv.find((a) => a.startsWith('--set='))?.slice(6);

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

/** How many of the claims that state a baseline (or a device) got it attached, and how many got one where none is stated. */
class Attachment {
  stated = 0;
  right = 0;
  spurious = 0;
  readonly misses: string[] = [];
  add(expected: string | undefined, found: string | null | undefined, where: string): void {
    if (expected) {
      this.stated++;
      if (found && overlaps(found, expected)) this.right++;
      else this.misses.push(`  ${where}: want "${expected}", got ${found ? `"${found}"` : 'none'}`);
    } else if (found) this.spurious++;
  }
  get accuracy(): number {
    return this.stated ? this.right / this.stated : 1;
  }
}

const words = (s: string) => new Set(norm(s).match(/[\p{L}\p{N}][\p{L}\p{N}.+-]*/gu) ?? []);
/** An attachment is right when most words of the labelled phrase are in the found one, or the other way round. */
function overlaps(found: string, expected: string): boolean {
  const f = words(found);
  const e = words(expected);
  let shared = 0;
  for (const w of e) if (f.has(w)) shared++;
  return shared >= Math.max(1, Math.ceil(Math.min(e.size, f.size) * 0.6));
}

interface SetScore {
  name: string;
  papers: number;
  hwClass: Score;
  hwName: Score;
  claims: Score;
  baseline: Attachment;
  device: Attachment;
  metricAgree: number;
  /** Matched claims whose label gives a metric and value (the seed labels do, the new set does not). */
  metricLabelled: number;
  valueAgree: number;
  matched: number;
  topics: Score;
}

function scoreSet(name: string, cases: Case[]): SetScore {
  const s: SetScore = {
    name,
    papers: cases.length,
    hwClass: new Score(),
    hwName: new Score(),
    claims: new Score(),
    baseline: new Attachment(),
    device: new Attachment(),
    metricAgree: 0,
    metricLabelled: 0,
    valueAgree: 0,
    matched: 0,
    topics: new Score(),
  };
  for (const c of cases) {
    const hardware = extractHardware(c.title, c.abstract);
    s.hwClass.add(new Set(hardware.map((h) => h.class)), c.classes, c.where);
    s.hwName.add(new Set(hardware.map((h) => norm(h.name))), c.names, c.where);
    const found = extractClaims(c.abstract);
    const key = (text: string) => (c.prefixOnly ? norm(text).slice(0, 90) : norm(text));
    s.claims.add(new Set(found.map((f) => key(f.text))), new Set(c.claims.map((l) => key(l.text))), c.where);
    for (const l of c.claims) {
      const mine: Claim | undefined = found.find((f) => key(f.text) === key(l.text));
      if (!mine) continue;
      s.matched++;
      if (l.metric !== undefined) {
        s.metricLabelled++;
        if (mine.metric === l.metric) s.metricAgree++;
        if (norm(mine.value).replace(/\s/g, '') === norm(l.value ?? '').replace(/\s/g, '')) s.valueAgree++;
      }
      if (!c.prefixOnly) {
        s.baseline.add(l.baseline, (mine as { baseline?: string | null }).baseline, c.where);
        s.device.add(l.hardware, (mine as { hardware?: string | null }).hardware, c.where);
      }
    }
    if (c.topics) s.topics.add(new Set(classifyTopics(c.title, c.abstract)), new Set(c.topics), c.where);
  }
  return s;
}

const sets: SetScore[] = [];
if (!only || only === 'seeds') sets.push(scoreSet('seeds (tuned)', seedCases()));
if (!only || only === 'dev') sets.push(scoreSet('dev', knowledgeCases('dev')));
if (!only || only === 'test') sets.push(scoreSet('test v1 (scored once, since tuned on)', knowledgeCases('test')));
// The held-out set is never read while rules are tuned: it is scored by the integrator, once.
const holdout = !only || only === 'holdout2' ? holdoutCases() : null;
if (holdout) sets.push(scoreSet('held out v2', holdout));

const fmt = (x: number) => x.toFixed(3);
const pr = (s: Score) => `${fmt(s.precision)} / ${fmt(s.recall)}`;
const att = (a: Attachment) => (a.stated ? `${fmt(a.accuracy)} (${a.right}/${a.stated})` : 'n/a');

if (json) {
  console.log(
    JSON.stringify(
      Object.fromEntries(
        sets.map((s) => [
          s.name,
          {
            papers: s.papers,
            hardwareClass: { precision: s.hwClass.precision, recall: s.hwClass.recall },
            hardwareName: { precision: s.hwName.precision, recall: s.hwName.recall },
            claims: { precision: s.claims.precision, recall: s.claims.recall },
            baselineAttached: s.baseline.stated ? s.baseline.accuracy : null,
            hardwareAttached: s.device.stated ? s.device.accuracy : null,
          },
        ]),
      ),
      null,
      2,
    ),
  );
} else {
  if (verbose)
    for (const s of sets) {
      console.log(`\n== ${s.name} (+ found, not labelled; - labelled, not found)`);
      console.log(`hardware class:\n${s.hwClass.misses.join('\n')}`);
      console.log(`hardware name:\n${s.hwName.misses.join('\n')}`);
      console.log(`claims:\n${s.claims.misses.join('\n')}`);
      console.log(`baseline:\n${s.baseline.misses.join('\n')}`);
      console.log(`claim hardware:\n${s.device.misses.join('\n')}`);
    }
  // A column is as wide as its heading, so headings never run into each other.
  const row = (label: string, cell: (s: SetScore) => string) =>
    console.log(label.padEnd(26) + sets.map((s) => cell(s).padEnd(Math.max(24, s.name.length + 2))).join(''));
  console.log(
    'Precision / recall per labelled set (seeds: test/fixtures/labels.json; dev and test v1: test/fixtures/knowledge/; held out v2: its holdout2/)\n',
  );
  row('', (s) => s.name);
  row('papers', (s) => String(s.papers));
  row('hardware class P / R', (s) => pr(s.hwClass));
  row('hardware name P / R', (s) => pr(s.hwName));
  row('claims P / R', (s) => pr(s.claims));
  row('baseline attached', (s) => att(s.baseline));
  row('claim hardware attached', (s) => att(s.device));
  row('claim metric agrees', (s) => (s.metricLabelled ? `${s.metricAgree}/${s.metricLabelled}` : 'n/a'));
  row('claim value agrees', (s) => (s.metricLabelled ? `${s.valueAgree}/${s.metricLabelled}` : 'n/a'));
  row('topics P / R', (s) => (s.topics.tp + s.topics.fn ? pr(s.topics) : 'n/a'));
  const topics = new Map<string, number>();
  if (!only || only === 'seeds') {
    const seeds = join(root, 'seeds');
    const digest = buildLibrary(
      readdirSync(seeds)
        .sort()
        .map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') })),
    );
    let fallbackOnly = 0;
    for (const p of digest.papers) {
      const t = classifyTopics(p.title, p.abstract);
      if (t.length === 1 && t[0] === DEFAULT_TAXONOMY.fallback.id) fallbackOnly++;
      for (const id of t) topics.set(id, (topics.get(id) ?? 0) + 1);
    }
    console.log(`\nTopics over all ${digest.papers.length} shipped papers (a paper counts once per topic it has):`);
    for (const t of [...DEFAULT_TAXONOMY.topics.map((t) => t.id), DEFAULT_TAXONOMY.fallback.id])
      console.log(`  ${t.padEnd(22)}${String(topics.get(t) ?? 0).padStart(4)}`);
    console.log(`papers with only the catch-all "${DEFAULT_TAXONOMY.fallback.id}": ${fallbackOnly}`);
  }
}
