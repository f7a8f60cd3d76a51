import { strict as assert } from 'node:assert';
import { parseQuery } from '../../src/core/query';
import type { Decision } from '../../src/core/reviewFile';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const { index } = buildLibrary(seedFiles());
const titles = (q: string) => index.query(q, 500).hits.map((h) => h.paper);

describe('parseQuery', () => {
  it('separates field filters from free text, with quotes for spaces', () => {
    const q = parseQuery('latency hw:"jetson orin" year:>=2025 speculative');
    assert.equal(q.text, 'latency speculative');
    assert.equal(q.filters.length, 2);
    assert.deepEqual(q.invalid, []);
  });

  it('reports filters it cannot read instead of applying them', () => {
    assert.deepEqual(parseQuery('year:soon hw: kv').invalid, ['year:soon', 'hw:']);
  });
});

describe('PaperIndex.query', () => {
  it('filters by hardware class or name: hw:fpga', () => {
    const found = titles('hw:fpga');
    assert.ok(found.length >= 3);
    assert.ok(found.every((p) => p.hardware.some((h) => h.class === 'FPGA' || /fpga/i.test(h.name))));
  });

  it('filters by topic, year range and organisation, and combines with words', () => {
    assert.ok(titles('topic:speculative').every((p) => p.topics.includes('speculative-decoding')));
    const recent = titles('year:>=2025');
    assert.ok(recent.length > 0 && recent.every((p) => p.year !== null && p.year >= 2025));
    assert.ok(titles('org:nvidia').every((p) => p.org === 'NVIDIA'));
    const both = titles('decoding org:nvidia');
    assert.ok(both.length >= 1 && both.every((p) => p.org === 'NVIDIA'));
  });

  it('never lets a paper without a year pass a year filter', () => {
    assert.ok(titles('year:<=2030').every((p) => p.year !== null));
  });
});

describe('PaperIndex.completeKey', () => {
  it('lists keys that start with the prefix, then papers whose title matches it', () => {
    const keys = index.completeKey('help', 10).map((p) => p.key);
    assert.equal(keys[0], 'help-i454');
    const byTitle = index.completeKey('distserve', 10);
    assert.ok(byTitle.some((p) => p.title.startsWith('DistServe')));
    assert.ok(index.completeKey('', 5).length === 5);
  });
});

describe('decision filters (status:, tag:, reason:)', () => {
  const papers = index.query('hw:fpga', 500).hits.map((h) => h.paper);
  const [a, b, c] = papers;
  const decisions = new Map<string, Decision>([
    [a.key, { key: a.key, status: 'included', tags: ['kv', 'FPGA-ok'], decidedAt: '2026-11-29' }],
    [b.key, { key: b.key, status: 'excluded', reason: 'off topic', tags: [], decidedAt: '2026-11-29' }],
  ]);
  const found = (q: string) => index.query(q, 500, (key) => decisions.get(key)).hits.map((h) => h.paper.key);

  it('status:included and status:excluded list the papers with that decision', () => {
    assert.deepEqual(found('status:included'), [a.key]);
    assert.deepEqual(found('status:excluded'), [b.key]);
  });

  it('status:unscreened lists every paper without a decision, and combines with other filters', () => {
    const unscreened = found('hw:fpga status:unscreened');
    assert.ok(unscreened.includes(c.key));
    assert.ok(!unscreened.includes(a.key) && !unscreened.includes(b.key));
    assert.equal(unscreened.length, papers.length - 2);
  });

  it('tag: matches a whole tag ignoring case; reason:"…" takes quotes', () => {
    assert.deepEqual(found('tag:KV'), [a.key]);
    assert.deepEqual(found('tag:k'), []);
    assert.deepEqual(found('reason:"off topic"'), [b.key]);
    assert.deepEqual(found('reason:"no hardware"'), []);
  });

  it('reports an unknown status instead of applying it, and without decisions every paper is unscreened', () => {
    assert.deepEqual(parseQuery('status:sure kv').invalid, ['status:sure']);
    assert.equal(parseQuery('status:sure kv').text, 'kv');
    assert.deepEqual(
      index.query('status:included', 500).hits.map((h) => h.paper.key),
      [],
    );
  });
});
