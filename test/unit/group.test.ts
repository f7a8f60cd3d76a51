import { strict as assert } from 'node:assert';
import { MAX_CHILDREN, NO_TAGS, NO_YEAR, UNSPECIFIED, groupByDecision, groupPapers } from '../../src/core/group';
import { NO_REASON } from '../../src/core/review';
import type { Decision } from '../../src/core/reviewFile';
import type { Paper } from '../../src/core/model';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const { papers } = buildLibrary(seedFiles());

describe('groupPapers', () => {
  it('groups by topic in taxonomy order, each group counting its papers', () => {
    const groups = groupPapers(papers, 'topic', DEFAULT_TAXONOMY);
    const order = [...DEFAULT_TAXONOMY.topics.map((t) => t.id), DEFAULT_TAXONOMY.fallback.id];
    const ids = groups.map((g) => g.id.replace('topic/', ''));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    );
    for (const g of groups) assert.equal(g.count, g.papers.length);
    assert.equal(groups.find((g) => g.id === 'topic/speculative-decoding')?.label, 'Speculative decoding');
  });

  it('groups by hardware class, then device, with papers without hardware under Unspecified, last', () => {
    const groups = groupPapers(papers, 'hardware', DEFAULT_TAXONOMY);
    assert.equal(groups.at(-1)!.label, UNSPECIFIED);
    const gpu = groups.find((g) => g.label === 'GPU')!;
    assert.ok(gpu.groups.some((d) => d.label === 'NVIDIA T4'));
    const t4 = gpu.groups.find((d) => d.label === 'NVIDIA T4')!;
    assert.ok(t4.papers.every((p) => p.hardware.some((h) => h.name === 'NVIDIA T4')));
    const withHardware = papers.filter((p) => p.hardware.length).length;
    assert.equal(groups.at(-1)!.count, papers.length - withHardware);
  });

  it('groups by year, newest first, with papers without a year last', () => {
    const labels = groupPapers(papers, 'year', DEFAULT_TAXONOMY).map((g) => g.label);
    assert.equal(labels.at(-1), NO_YEAR);
    const years = labels.slice(0, -1).map(Number);
    assert.deepEqual(
      years,
      [...years].sort((a, b) => b - a),
    );
  });

  it('groups by source page, labelled with the page date', () => {
    const groups = groupPapers(papers, 'source', DEFAULT_TAXONOMY);
    assert.equal(groups.length, 5);
    assert.equal(groups[2].label, '002_9f205d1673ee62b3.txt (page of Apr 21)');
    assert.equal(groups[0].count, 87);
  });

  it('groups bibliographies and listings by file too, each labelled with its format', () => {
    const lib = buildLibrary(
      [
        { name: 'digests/day.txt', text: 'A Shared Paper\nWe propose a method with 2x speedup.' },
        {
          name: 'refs.json',
          text: JSON.stringify([{ id: 'mine2024', type: 'article-journal', title: 'A Shared Paper', author: [{ family: 'Doe', given: 'J' }] }]),
        },
      ],
      undefined,
    );
    const groups = groupPapers(lib.papers, 'source', DEFAULT_TAXONOMY);
    assert.deepEqual(
      groups.map((g) => [g.label, g.count]),
      [
        ['day.txt', 1],
        ['refs.json (CSL-JSON)', 1],
      ],
    );
  });

  it(`pages a group of more than ${MAX_CHILDREN} papers so no node has more children`, () => {
    const many: Paper[] = Array.from({ length: 1234 }, (_, i) => ({ ...papers[0], key: `p-${i}` }));
    const [group] = groupPapers(many, 'year', DEFAULT_TAXONOMY);
    assert.equal(group.count, 1234);
    assert.deepEqual(
      group.groups.map((g) => g.label),
      ['1–500', '501–1000', '1001–1234'],
    );
    assert.ok(group.groups.every((g) => g.papers.length <= MAX_CHILDREN));
  });
});

describe('groupByDecision', () => {
  const [a, b, c, d] = papers;
  const decisions = new Map<string, Decision>([
    [a.key, { key: a.key, status: 'included', tags: ['kv', 'Fpga'], decidedAt: '2026-11-29' }],
    [b.key, { key: b.key, status: 'excluded', reason: 'off topic', tags: ['kv'], decidedAt: '2026-11-29' }],
    [c.key, { key: c.key, status: 'excluded', tags: [], decidedAt: '2026-11-29' }],
  ]);
  const decisionOf = (key: string) => decisions.get(key);
  const subset = [a, b, c, d];

  it('groups by status in a fixed order, excluded split by reason (a missing one named), unscreened for papers without a decision', () => {
    const groups = groupByDecision(subset, 'status', decisionOf);
    assert.deepEqual(
      groups.map((g) => [g.label, g.count]),
      [
        ['Unscreened', 1],
        ['Included', 1],
        ['Excluded', 2],
      ],
    );
    assert.deepEqual(groups[2].groups.map((g) => g.label).sort(), [NO_REASON, 'off topic'].sort());
  });

  it('puts papers the reviewers disagree on in a Conflicts group first, and in their own status too', () => {
    const groups = groupByDecision(subset, 'status', decisionOf, new Set([a.key]));
    assert.equal(groups[0].label, 'Conflicts');
    assert.deepEqual(
      groups[0].papers.map((p) => p.key),
      [a.key],
    );
    assert.ok(groups.find((g) => g.label === 'Included')?.papers.includes(a));
  });

  it('groups by tag, sorted ignoring case, with untagged papers last', () => {
    const groups = groupByDecision(subset, 'tag', decisionOf);
    assert.deepEqual(
      groups.map((g) => [g.label, g.count]),
      [
        ['Fpga', 1],
        ['kv', 2],
        [NO_TAGS, 2],
      ],
    );
  });

  it('gives no groups for no papers', () => {
    assert.deepEqual(groupByDecision([], 'status', decisionOf), []);
  });
});
