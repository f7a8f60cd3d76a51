import { strict as assert } from 'node:assert';
import { citedPaperKeys, paperSets, papersOfGroup, uncitedPapers } from '../../src/core/cited';
import { groupPapers } from '../../src/core/group';
import type { Paper } from '../../src/core/model';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import { samplePaper } from './samplePaper';

const a = samplePaper({ key: 'alpha-0001', title: 'Alpha', topics: ['speculative-decoding'], hardware: [{ name: 'NVIDIA A100', class: 'GPU' }] });
const b = samplePaper({
  key: 'beta-0002',
  title: 'Beta',
  topics: ['speculative-decoding', 'kv-cache'],
  sources: [{ file: 'refs.bib', line: 1, pageDate: null, bibKey: 'lee2021beta' }],
});
const c = samplePaper({ key: 'gamma-0003', title: 'Gamma', topics: ['kv-cache'] });
const library = [a, b, c];
const paperOf = (key: string): Paper | undefined => library.find((p) => p.key === key || p.sources.some((s) => s.bibKey === key));

describe('citedPaperKeys', () => {
  it('finds papers cited by LitDigest key or by the user bibliography key, in Markdown', () => {
    const text = 'As shown [@alpha-0001; @lee2021beta], and not @nobody or me@alpha-0001.org.';
    assert.deepEqual([...citedPaperKeys(text, 'markdown', paperOf)].sort(), ['alpha-0001', 'beta-0002']);
  });

  it('reads the \\cite family in LaTeX and ignores Markdown-looking keys there', () => {
    assert.deepEqual([...citedPaperKeys('See \\citep{gamma-0003, lee2021beta} and [@alpha-0001].', 'latex', paperOf)].sort(), ['beta-0002', 'gamma-0003']);
  });

  it('finds nothing in an empty document or one citing only unknown keys', () => {
    assert.equal(citedPaperKeys('', 'markdown', paperOf).size, 0);
    assert.equal(citedPaperKeys('[@unknown-key]', 'markdown', paperOf).size, 0);
  });
});

describe('uncitedPapers', () => {
  it('keeps the papers not cited, in the order given, each once', () => {
    assert.deepEqual(
      uncitedPapers([c, a, b, c], new Set(['alpha-0001'])).map((p) => p.key),
      ['gamma-0003', 'beta-0002'],
    );
    assert.deepEqual(uncitedPapers(library, new Set(library.map((p) => p.key))), []);
  });
});

describe('paperSets', () => {
  const status = (key: string) => (key === 'gamma-0003' ? 'included' : key === 'alpha-0001' ? 'excluded' : undefined);

  it('offers included papers, the filter, topics, hardware classes and devices, then all papers', () => {
    const sets = paperSets(library, DEFAULT_KNOWLEDGE.taxonomy, status, { query: 'hw:gpu', papers: [a] });
    assert.deepEqual(
      sets.map((s) => [s.kind, s.label, s.papers.map((p) => p.key).join(' ')]),
      [
        ['included', 'Included papers', 'gamma-0003'],
        ['filter', 'Filter: hw:gpu', 'alpha-0001'],
        ['topic', 'Topic: Speculative decoding', 'alpha-0001 beta-0002'],
        ['topic', 'Topic: KV cache and long context', 'beta-0002 gamma-0003'],
        ['hardware', 'Hardware: GPU', 'alpha-0001'],
        ['hardware', 'Hardware: GPU › NVIDIA A100', 'alpha-0001'],
        ['hardware', 'Hardware: Unspecified', 'beta-0002 gamma-0003'],
        ['all', 'All papers', 'alpha-0001 beta-0002 gamma-0003'],
      ],
    );
  });

  it('leaves out the included set when nothing is included, the filter when none is set, and everything for no papers', () => {
    const kinds = paperSets(library, DEFAULT_KNOWLEDGE.taxonomy, () => undefined).map((s) => s.kind);
    assert.ok(!kinds.includes('included') && !kinds.includes('filter'));
    assert.deepEqual(
      paperSets([], DEFAULT_KNOWLEDGE.taxonomy, () => undefined, { query: 'x', papers: [] }),
      [],
    );
  });
});

describe('papersOfGroup', () => {
  it('collects the papers of paged sub-groups, each once', () => {
    const many = Array.from({ length: 1200 }, (_, i) => samplePaper({ key: `p-${i}`, topics: ['nas'] }));
    const [group] = groupPapers(many, 'topic', DEFAULT_KNOWLEDGE.taxonomy);
    assert.ok(group.groups.length > 1, 'a large group is paged');
    assert.equal(papersOfGroup(group).length, 1200);
  });
});
