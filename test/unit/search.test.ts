import { strict as assert } from 'node:assert';
import * as engine from '../../src/core/engine';
import { PaperIndex } from '../../src/core/search';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';
import { runSync } from '../../src/core/steps';

describe('PaperIndex.search', () => {
  const { index } = buildLibrary(seedFiles());
  const titles = (q: string, limit?: number) => index.search(q, limit).map((h) => h.paper.title);

  it('ranks a paper whose title matches above papers that only mention the words', () => {
    assert.match(titles('speculative decoding')[0], /Speculative Decoding/i);
  });

  it('matches prefixes', () => {
    assert.ok(titles('distser').some((t) => t.startsWith('DistServe')));
  });

  it('tolerates a typo', () => {
    assert.ok(titles('spekulative decodng').some((t) => /speculative decoding/i.test(t)));
  });

  it('returns hits best first with falling scores, limited in number', () => {
    const hits = index.search('latency', 5);
    assert.equal(hits.length, 5);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score);
  });

  it('falls back to any word when no paper has all of them', () => {
    assert.ok(titles('CacheQuant zzzzqqq').some((t) => t.startsWith('CacheQuant')));
  });

  it('counts a word typed twice once', () => {
    assert.deepEqual(index.search('kv kv cache'), index.search('kv cache'));
  });

  it('finds nothing for an empty query', () => {
    assert.deepEqual(index.search('   '), []);
  });
});

describe('PaperIndex without MiniSearch', () => {
  const built = buildLibrary(seedFiles());
  const papers = built.papers;
  const byKey = new Map(papers.map((p) => [p.key, p]));
  // What a restored library holds until its saved index is loaded: no MiniSearch yet.
  const empty = new PaperIndex(
    (k) => byKey.get(k),
    () => papers,
  );

  it('finds no free text, and says nothing was indexed when asked to save', () => {
    assert.deepEqual(empty.search('speculative decoding'), []);
    assert.deepEqual(empty.query('speculative decoding').hits, []);
    assert.throws(() => runSync(empty.saveSteps()), /no paper was ever indexed/);
  });

  it('still applies filters alone, in library order', () => {
    const gpu = empty.query('hw:gpu', 5).hits.map((h) => h.paper.key);
    assert.deepEqual(
      gpu,
      built.index.query('hw:gpu', 5).hits.map((h) => h.paper.key),
    );
    assert.ok(gpu.length > 0);
  });

  it('is filled with the search engine it is given, and then searches like a built index', () => {
    const index = PaperIndex.build(papers, engine);
    assert.deepEqual(
      index.search('speculative decoding', 5).map((h) => h.paper.key),
      built.index.search('speculative decoding', 5).map((h) => h.paper.key),
    );
  });
});
