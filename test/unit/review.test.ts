import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  agreement,
  conflicts,
  decisionFilter,
  finalDecisions,
  pairwiseAgreement,
  prismaCounts,
  resolveConflict,
  setDecision,
  setDecisions,
  statusCounts,
  summarizeReview,
  undo,
} from '../../src/core/review';
import { parseReviewFile, type Decision, type Decisions, type ReviewStatus } from '../../src/core/reviewFile';
import { repoRoot, seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

function load(name: string): Decisions {
  const parsed = parseReviewFile(readFileSync(join(repoRoot, 'test', 'fixtures', 'review', name), 'utf8'), name);
  if (!parsed.ok) assert.fail(parsed.problems.map((p) => p.message).join('; '));
  return parsed.file.decisions;
}

const at = (minute: number) => `2026-11-29T10:${String(minute).padStart(2, '0')}:00.000Z`;
const ana = load('ana.jsonl');
const ben = load('ben.jsonl');
const reviewers = new Map([
  ['ben', ben],
  ['ana', ana],
]);

/** Decisions from a compact list of statuses, keyed k0, k1, … */
function decisions(statuses: (ReviewStatus | null)[]): Map<string, Decision> {
  const out = new Map<string, Decision>();
  statuses.forEach((status, i) => {
    if (status) out.set(`k${i}`, { key: `k${i}`, status, tags: [], decidedAt: at(0) });
  });
  return out;
}

describe('setDecision', () => {
  it('records status, reason, tags and note with the time, without touching the state it was given', () => {
    const before = new Map(ana);
    const { state, undo: record } = setDecision(ana, 'new', { status: 'excluded', reason: 'off topic', tags: ['kv'], note: 'why' }, at(7));
    assert.deepEqual(state.get('new'), { key: 'new', status: 'excluded', reason: 'off topic', tags: ['kv'], note: 'why', decidedAt: at(7) });
    assert.deepEqual(
      record.changes.map((c) => [c.key, c.before, c.after?.status]),
      [['new', undefined, 'excluded']],
    );
    assert.deepEqual(ana, before);
  });

  it('is undone in one step, and the undo gives a record that redoes it', () => {
    const first = setDecision(ana, 'p10', { status: 'included', tags: ['a', 'b'], note: 'n' }, at(9));
    const undone = undo(first.state, first.undo);
    assert.deepEqual(undone.state.get('p10'), ana.get('p10'));
    const redone = undo(undone.state, undone.undo);
    assert.deepEqual(redone.state.get('p10'), first.state.get('p10'));
  });

  it('excludes a paper given a reason, and drops the reason when the paper leaves excluded', () => {
    const excluded = setDecision(new Map(), 'x', { reason: 'duplicate' }, at(1)).state;
    assert.equal(excluded.get('x')?.status, 'excluded');
    const included = setDecision(excluded, 'x', { status: 'included' }, at(2)).state;
    assert.equal(included.get('x')?.reason, undefined);
    assert.equal(setDecision(excluded, 'x', { reason: null }, at(2)).state.get('x')?.reason, undefined);
  });

  it('trims, deduplicates and sorts tags, and drops empty ones', () => {
    const { state } = setDecision(new Map(), 'x', { tags: [' kv ', 'FPGA', 'kv', '', 'edge'] }, at(1));
    assert.deepEqual(state.get('x')?.tags, ['edge', 'FPGA', 'kv']);
  });

  it('makes no step, and keeps the old time, when the change changes nothing', () => {
    const { state, undo: record } = setDecision(ana, 'p05', { status: 'excluded', reason: 'off topic' }, at(30));
    assert.deepEqual(record.changes, []);
    assert.equal(state.get('p05')?.decidedAt, ana.get('p05')?.decidedAt);
    assert.deepEqual(setDecision(new Map(), 'x', { status: 'unscreened' }, at(1)).undo.changes, []);
  });

  it('removes a decision set back to a bare unscreened, but keeps an unscreened paper that has a note or tags', () => {
    const reset = setDecision(ana, 'p01', { status: 'unscreened' }, at(3));
    assert.equal(reset.state.has('p01'), false);
    assert.deepEqual(reset.undo.changes[0].after, undefined);
    assert.equal(setDecision(ana, 'p02', { status: 'unscreened' }, at(3)).state.get('p02')?.status, 'unscreened');
    assert.equal(setDecision(ana, 'p04', { status: 'unscreened' }, at(3)).state.get('p04')?.note, 'Measures on a Jetson, see Table 3.');
  });

  it('keeps fields it does not know through a change', () => {
    const own = new Map<string, Decision>([['x', { key: 'x', status: 'maybe', tags: [], decidedAt: at(0), confidence: 0.5 }]]);
    const { state } = setDecision(own, 'x', { status: 'unscreened' }, at(1));
    assert.equal(state.get('x')?.confidence, 0.5, 'a decision with unknown fields is never dropped');
  });

  it('undo restores the earlier decision even after the paper changed again (e.g. reloaded from disk)', () => {
    const step = setDecision(ana, 'p01', { status: 'maybe' }, at(1));
    const later = setDecision(step.state, 'p01', { status: 'excluded' }, at(2)).state;
    assert.equal(undo(later, step.undo).state.get('p01')?.status, 'included');
  });
});

describe('setDecisions', () => {
  it('changes several papers as one undoable step, leaving out those already so', () => {
    const { state, undo: record } = setDecisions(ana, ['p01', 'p08', 'p06', 'p06'], { reason: 'off topic' }, at(4));
    assert.deepEqual(
      record.changes.map((c) => c.key),
      ['p01', 'p08'],
    );
    assert.ok(['p01', 'p08', 'p06'].every((k) => state.get(k)?.reason === 'off topic'));
    const back = undo(state, record).state;
    assert.deepEqual(back.get('p01'), ana.get('p01'));
    assert.deepEqual(back.get('p08'), ana.get('p08'));
  });
});

describe('conflicts', () => {
  it('lists papers whose decided statuses differ, with each reviewer decision and reason, sorted', () => {
    const found = conflicts(reviewers);
    assert.deepEqual(
      found.map((c) => c.key),
      ['p04', 'p05'],
    );
    assert.deepEqual(
      found[0].decisions.map((d) => [d.reviewer, d.decision.status, d.decision.reason]),
      [
        ['ana', 'included', undefined],
        ['ben', 'excluded', 'no hardware evaluation'],
      ],
    );
    assert.equal(found[0].resolution, undefined);
  });

  it('does not count different reasons for the same exclusion, a paper one reviewer decided, or an unscreened paper', () => {
    const keys = conflicts(reviewers).map((c) => c.key);
    for (const key of ['p08', 'p11', 'p13', 'p14']) assert.ok(!keys.includes(key), key);
    assert.deepEqual(conflicts(new Map([['ana', ana]])), []);
  });

  it('shows the resolution and who resolved it, and marks it stale when a reviewer changed the paper afterwards', () => {
    const resolved = resolveConflict(new Map(), 'p04', { status: 'included' }, 'carla', '2026-11-25T12:00:00.000Z');
    const [p04] = conflicts(reviewers, resolved.state);
    assert.equal(p04.resolution?.status, 'included');
    assert.equal(p04.resolution?.resolvedBy, 'carla');
    assert.equal(p04.stale, false);
    const benLater = setDecision(ben, 'p04', { reason: 'off topic' }, '2026-11-26T12:00:00.000Z').state;
    assert.equal(conflicts(new Map([...reviewers, ['ben', benLater]]), resolved.state)[0].stale, true);
    assert.deepEqual(undo(resolved.state, resolved.undo).state.size, 0);
  });
});

describe('finalDecisions', () => {
  it('takes resolutions first, then agreement, a single decision, and leaves disagreement as a conflict', () => {
    const resolved = resolveConflict(new Map(), 'p05', { reason: 'off topic' }, 'carla', at(0)).state;
    const final = finalDecisions(reviewers, resolved);
    assert.deepEqual(final.get('p05'), { key: 'p05', status: 'excluded', reason: 'off topic', basis: 'resolved' });
    assert.deepEqual(final.get('p04'), { key: 'p04', status: 'conflict', basis: 'conflict' });
    assert.deepEqual(final.get('p01'), { key: 'p01', status: 'included', basis: 'agreed' });
    assert.deepEqual(final.get('p13'), { key: 'p13', status: 'maybe', basis: 'single' });
    // Both excluded p08 for different reasons: the reason of the first reviewer by name (ana) stands.
    assert.deepEqual(final.get('p08'), { key: 'p08', status: 'excluded', reason: 'no hardware evaluation', basis: 'agreed' });
    assert.equal(final.has('p14'), false);
  });
});

describe('agreement', () => {
  it("gives Wikipedia's worked example of Cohen's kappa: 50 papers, 20 both yes, 5 and 10 split, 15 both no → κ = 0.4", () => {
    // p_o = (20 + 15) / 50 = 0.7; A says yes 25 times, B 30 times: p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / 0.5 = 0.4.
    const a: ReviewStatus[] = [];
    const b: ReviewStatus[] = [];
    const add = (n: number, x: ReviewStatus, y: ReviewStatus) => {
      for (let i = 0; i < n; i++) {
        a.push(x);
        b.push(y);
      }
    };
    add(20, 'included', 'included');
    add(5, 'included', 'excluded');
    add(10, 'excluded', 'included');
    add(15, 'excluded', 'excluded');
    const result = agreement(decisions(a), decisions(b));
    assert.equal(result.compared, 50);
    assert.equal(result.agreed, 35);
    assert.ok(Math.abs((result.observed ?? NaN) - 0.7) < 1e-12);
    assert.ok(Math.abs((result.expected ?? NaN) - 0.5) < 1e-12);
    assert.ok(Math.abs((result.kappa ?? NaN) - 0.4) < 1e-12);
  });

  it('gives the hand-computed kappa of the two fixture reviewers over three statuses', () => {
    // Both decided p01–p10. Matrix (ana rows, ben columns; included, excluded, maybe):
    //   included [3, 1, 0]   excluded [1, 4, 0]   maybe [0, 0, 1]
    // p_o = 8/10 = 0.8. Margins are 4, 5, 1 for both: p_e = (16 + 25 + 1) / 100 = 0.42.
    // κ = (0.8 − 0.42) / (1 − 0.42) = 0.38 / 0.58 = 19/29 ≈ 0.6552.
    // Only ana decided p11, p12; only ben p13 (p14 is unscreened, so not counted).
    const result = agreement(ana, ben, ['ana', 'ben']);
    assert.deepEqual(result.matrix, {
      included: { included: 3, excluded: 1, maybe: 0 },
      excluded: { included: 1, excluded: 4, maybe: 0 },
      maybe: { included: 0, excluded: 0, maybe: 1 },
    });
    assert.deepEqual([result.compared, result.agreed, result.disagreed, result.onlyA, result.onlyB], [10, 8, 2, 2, 1]);
    assert.ok(Math.abs((result.kappa ?? NaN) - 19 / 29) < 1e-12, String(result.kappa));
  });

  it('gives 1 for perfect agreement, a negative kappa for systematic disagreement, and null when kappa is undefined', () => {
    assert.equal(agreement(decisions(['included', 'excluded']), decisions(['included', 'excluded'])).kappa, 1);
    // p_o = 0, p_e = 0.5·0.5 + 0.5·0.5 = 0.5 → κ = −1.
    assert.equal(agreement(decisions(['included', 'excluded']), decisions(['excluded', 'included'])).kappa, -1);
    const none = agreement(decisions(['included', null]), decisions([null, 'included']));
    assert.deepEqual([none.compared, none.observed, none.kappa, none.onlyA, none.onlyB], [0, null, null, 1, 1]);
    // Both always said included: p_o = p_e = 1, so κ = 0/0.
    const same = agreement(decisions(['included', 'included']), decisions(['included', 'included']));
    assert.deepEqual([same.observed, same.expected, same.kappa], [1, 1, null]);
  });

  it('compares every pair of reviewers in name order', () => {
    const pairs = pairwiseAgreement(new Map([...reviewers, ['carla', ana]]));
    assert.deepEqual(
      pairs.map((p) => [p.a, p.b]),
      [
        ['ana', 'ben'],
        ['ana', 'carla'],
        ['ben', 'carla'],
      ],
    );
    assert.equal(pairs[1].kappa, 1);
  });
});

describe('prismaCounts', () => {
  const input = {
    sources: [
      { name: 'week1.txt', kind: 'digest', records: 10 },
      { name: 'refs.bib', kind: 'bibliography', records: 6 },
    ],
    keys: ['p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10', 'p20', 'p21'],
  };

  it("counts one reviewer's screening: identified per source, duplicates, screened, reasons, included, unscreened", () => {
    const counts = prismaCounts(input, ana);
    assert.deepEqual(counts, {
      identified: { total: 16, bySource: input.sources },
      duplicatesRemoved: 4,
      records: 12,
      screened: 10,
      unscreened: 2,
      maybe: 1,
      conflicts: 0,
      excluded: {
        total: 5,
        byReason: [
          { reason: 'off topic', count: 3 },
          { reason: 'no hardware evaluation', count: 1 },
          { reason: 'not a research paper', count: 1 },
        ],
      },
      included: 4,
      decisionsWithoutRecord: 2,
    });
  });

  it('counts unresolved conflicts apart and an exclusion without reason under "no reason given"', () => {
    const final = finalDecisions(reviewers);
    final.set('p20', { key: 'p20', status: 'excluded', basis: 'single' });
    const counts = prismaCounts({ ...input, duplicatesRemoved: 1 }, final);
    assert.equal(counts.duplicatesRemoved, 1);
    assert.equal(counts.conflicts, 2);
    assert.equal(counts.included, 3);
    assert.deepEqual(counts.excluded.byReason, [
      { reason: 'off topic', count: 2 },
      { reason: 'no hardware evaluation', count: 1 },
      { reason: 'no reason given', count: 1 },
      { reason: 'not a research paper', count: 1 },
    ]);
    assert.equal(counts.screened, counts.included + counts.excluded.total + counts.maybe + counts.conflicts);
    assert.equal(counts.records, counts.screened + counts.unscreened);
  });

  // Built while mocha loads the file, as cache.test.ts does: outside the per-test timeout on a busy machine.
  const library = buildLibrary(seedFiles());
  it('reads the library: records per digest file and the duplicates its merge removed', () => {
    const sources = library.fileReports.map((r) => ({ name: r.name, kind: 'digest', records: r.entries }));
    const keys = library.papers.map((p) => p.key);
    const counts = prismaCounts({ sources, keys }, new Map());
    const sightings = library.papers.reduce((n, p) => n + p.sources.length, 0);
    assert.equal(counts.identified.total, sightings);
    assert.equal(counts.duplicatesRemoved, sightings - keys.length);
    assert.ok(counts.duplicatesRemoved > 0, 'the shipped pages share papers');
    assert.deepEqual([counts.records, counts.unscreened, counts.screened], [keys.length, keys.length, 0]);
  });
});

describe('statusCounts', () => {
  it('counts decisions per status, a key without a decision as unscreened', () => {
    assert.deepEqual(statusCounts(ana), { unscreened: 0, included: 5, excluded: 6, maybe: 1, conflict: 0 });
    assert.deepEqual(statusCounts(ana, ['p01', 'zzz']), { unscreened: 1, included: 1, excluded: 0, maybe: 0, conflict: 0 });
  });
});

describe('decisionFilter', () => {
  const pass = (field: 'status' | 'tag' | 'reason' | 'note', value: string) => {
    const f = decisionFilter(field, value);
    assert.ok(f, `${field}:${value} should be a filter`);
    return [...ana.keys(), 'none'].filter((k) => f(ana.get(k)));
  };

  it('status: matches the status, and a paper without a decision is unscreened', () => {
    assert.deepEqual(pass('status', 'maybe'), ['p10']);
    assert.deepEqual(pass('status', 'Included'), ['p01', 'p02', 'p03', 'p04', 'p11']);
    assert.deepEqual(pass('status', 'unscreened'), ['none']);
  });

  it('tag: matches a whole tag ignoring case; reason: and note: a substring', () => {
    assert.deepEqual(pass('tag', 'KV'), ['p02']);
    assert.deepEqual(pass('tag', 'k'), []);
    assert.deepEqual(pass('reason', 'off topic'), ['p05', 'p06', 'p07']);
    assert.deepEqual(pass('reason', 'research'), ['p09']);
    assert.deepEqual(pass('note', 'jetson'), ['p04']);
  });

  it('gives no filter for an unknown status or an empty value, so the query can report it', () => {
    assert.equal(decisionFilter('status', 'accepted'), null);
    assert.equal(decisionFilter('status', 'inc'), null);
    assert.equal(decisionFilter('tag', '  '), null);
  });

  it('reason: never matches a paper that is not excluded, even with a stray reason', () => {
    const stray = new Map<string, Decision>([['x', { key: 'x', status: 'included', reason: 'off topic', tags: [], decidedAt: at(0) }]]);
    assert.equal(decisionFilter('reason', 'off')?.(stray.get('x')), false);
  });
});

describe('summarizeReview', () => {
  const input = {
    sources: [{ name: 'week1.txt', kind: 'digest', records: 14 }],
    keys: Array.from({ length: 14 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`),
  };

  it('summarizes the team: counts per reviewer, pairwise agreement, conflicts, PRISMA of the final decisions, every decision with its reviewer', () => {
    const summary = summarizeReview(input, reviewers);
    assert.equal(summary.reviewer, null);
    assert.deepEqual(summary.reviewers, [
      { name: 'ana', counts: { unscreened: 2, included: 5, excluded: 6, maybe: 1 } },
      { name: 'ben', counts: { unscreened: 3, included: 4, excluded: 5, maybe: 2 } },
    ]);
    assert.equal(summary.agreement.length, 1);
    assert.deepEqual(
      summary.conflicts.map((c) => c.key),
      ['p04', 'p05'],
    );
    assert.equal(summary.prisma.conflicts, 2);
    assert.equal(summary.decisions.length, ana.size + ben.size);
    assert.deepEqual(
      summary.decisions.slice(0, 3).map((d) => [d.key, d.reviewer]),
      [
        ['p01', 'ana'],
        ['p01', 'ben'],
        ['p02', 'ana'],
      ],
    );
  });

  it('for one reviewer, counts only theirs and leaves agreement and conflicts empty; an unknown name is an empty review', () => {
    const summary = summarizeReview(input, reviewers, new Map(), 'ben');
    assert.deepEqual(
      summary.reviewers.map((r) => r.name),
      ['ben'],
    );
    assert.deepEqual([summary.agreement, summary.conflicts], [[], []]);
    assert.equal(summary.prisma.included, 4);
    assert.ok(summary.decisions.every((d) => d.reviewer === 'ben'));
    const nobody = summarizeReview(input, reviewers, new Map(), 'zoe');
    assert.deepEqual([nobody.decisions.length, nobody.prisma.screened, nobody.prisma.unscreened], [0, 0, 14]);
  });

  it('is plain JSON for --json: it survives a round trip through JSON unchanged', () => {
    const summary = summarizeReview(input, reviewers);
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
  });
});

describe('setDecision with corrections', () => {
  const hardware = { remove: [{ name: 'GPU, model not named', class: 'GPU' as const }] };

  it('a correction alone keeps decidedAt and sets correctedAt, so a resolution does not turn stale', () => {
    const start = new Map([['k', { key: 'k', status: 'included' as const, tags: [], decidedAt: at(1) }]]);
    const { state, undo: record } = setDecision(start, 'k', { hardware }, at(5));
    assert.deepEqual(state.get('k'), { key: 'k', status: 'included', tags: [], decidedAt: at(1), hardware, correctedAt: at(5) });
    assert.deepEqual(
      record.changes.map((c) => c.key),
      ['k'],
    );
    const resolved = new Map([['k', { key: 'k', status: 'included' as const, tags: [], decidedAt: at(3) }]]);
    const other = new Map([['k', { key: 'k', status: 'excluded' as const, tags: [], decidedAt: at(2) }]]);
    const open = conflicts(
      new Map([
        ['ana', state],
        ['ben', other],
      ]),
      resolved,
    );
    assert.equal(open[0].stale, false);
    const decided = setDecision(state, 'k', { status: 'maybe' }, at(9)).state.get('k')!;
    assert.deepEqual([decided.decidedAt, decided.correctedAt], [at(9), at(5)]);
  });

  it('keeps the line of an unscreened paper that has corrections, and drops it when they are cleared; undo brings them back', () => {
    const added = setDecision(new Map(), 'k', { claims: { add: ['S.'] } }, at(1));
    assert.deepEqual(added.state.get('k'), { key: 'k', status: 'unscreened', tags: [], decidedAt: at(1), claims: { add: ['S.'] }, correctedAt: at(1) });
    const cleared = setDecision(added.state, 'k', { claims: { add: [] } }, at(2));
    assert.equal(cleared.state.has('k'), false);
    assert.deepEqual(undo(cleared.state, cleared.undo).state.get('k')?.claims, { add: ['S.'] });
  });

  it('an unchanged correction is no step at all', () => {
    const first = setDecision(new Map(), 'k', { hardware }, at(1)).state;
    const again = setDecision(first, 'k', { hardware: { remove: [...hardware.remove] } }, at(2));
    assert.deepEqual(again.undo.changes, []);
    assert.equal(again.state.get('k')?.correctedAt, at(1));
  });
});
