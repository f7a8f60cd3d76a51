import { strict as assert } from 'node:assert';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

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

  it('finds nothing for an empty query', () => {
    assert.deepEqual(index.search('   '), []);
  });
});
