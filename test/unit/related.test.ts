import { strict as assert } from 'node:assert';
import type { Paper } from '../../src/core/model';
import { RelatedIndex, buildRelatedIndex } from '../../src/core/related';
import { runSync } from '../../src/core/steps';
import { samplePaper } from './samplePaper';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const paper = (key: string, title: string, abstract: string, over: Partial<Paper> = {}): Paper =>
  samplePaper({ key, title, abstract, topics: ['general'], hardware: [], ...over });

// Filler papers so that no test term is in more than a fifth of the library (such terms are dropped).
const filler = Array.from({ length: 20 }, (_, i) => paper(`filler-${i}`, `Filler ${i} zq${i}a`, `Unrelated words zq${i}b zq${i}c.`));

describe('RelatedIndex.related', () => {
  const a = paper('a', 'Tree speculative decoding with draft heads', 'Speculative decoding verifies draft tokens in a tree.');
  const b = paper('b', 'Draft heads for speculative decoding', 'We train draft heads; speculative verification follows.');
  const c = paper('c', 'Speculative execution of queries', 'Databases answer queries speculatively.');
  const d = paper('d', 'Quantised kernels', 'Kernels in int4.');
  const index = buildRelatedIndex([a, b, c, d, ...filler]);

  it('ranks the paper sharing the most distinctive terms first and never lists the paper itself', () => {
    const related = index.related('a');
    assert.equal(related[0].paper.key, 'b');
    assert.ok(related.every((r) => r.paper.key !== 'a'));
    assert.ok(related[0].score > (related.find((r) => r.paper.key === 'c')?.score ?? 0));
  });

  it('says what the two papers share, most telling first', () => {
    const [best] = index.related('a');
    assert.ok(best.shared.length > 0 && best.shared.length <= 3);
    for (const term of best.shared) assert.ok(['draft', 'head', 'speculative', 'decoding', 'tree'].includes(term), term);
  });

  it('lists no paper that shares nothing kept with it, so a paper about something else gets none', () => {
    assert.deepEqual(
      index.related('d').map((r) => r.paper.key),
      [],
    );
  });

  it('returns nothing for a key it does not hold', () => {
    assert.deepEqual(index.related('no-such-key'), []);
  });

  it('returns at most `count` papers, five by default, best first', () => {
    const many = Array.from({ length: 9 }, (_, i) =>
      paper(`s${i}`, `Sparse attention kernels ${i}`, `Sparse attention kernels on FPGA, variant ${'x'.repeat(i + 1)}.`),
    );
    const idx = buildRelatedIndex([...many, ...filler, ...filler.map((f) => ({ ...f, key: `${f.key}-2` }))]);
    const five = idx.related('s0');
    assert.equal(five.length, 5);
    assert.equal(idx.related('s0', 2).length, 2);
    for (let i = 1; i < five.length; i++) assert.ok(five[i - 1].score >= five[i].score);
  });

  it('relates papers by shared topic and device even when they share no words', () => {
    const gpu = { name: 'NVIDIA Jetson Orin', class: 'Embedded board' as const };
    const x = paper('x', 'Alpha', 'Omega.', { topics: ['robotics'], hardware: [gpu] });
    const y = paper('y', 'Beta', 'Sigma.', { topics: ['robotics'], hardware: [gpu] });
    const z = paper('z', 'Gamma', 'Kappa.', { topics: ['speech'] });
    const idx = buildRelatedIndex([x, y, z, ...filler]);
    const [first] = idx.related('x');
    assert.equal(first.paper.key, 'y');
    assert.deepEqual([...first.shared].sort(), ['class:Embedded board', 'hardware:NVIDIA Jetson Orin', 'topic:robotics']);
    assert.equal(
      idx.related('x').some((r) => r.paper.key === 'z'),
      false,
    );
  });

  it('drops a term more than a fifth of the papers have: it relates everything, so nothing', () => {
    const common = Array.from({ length: 10 }, (_, i) => paper(`c${i}`, `Common ${i}`, `Transformer zz${i}.`));
    const idx = buildRelatedIndex(common);
    assert.deepEqual(idx.related('c0'), []);
  });

  it('folds plurals and ignores case, stop words and prose words', () => {
    const p = paper('p', 'Answering QUERIES', 'This paper shows results.');
    const q = paper('q', 'One query', 'We propose a method.');
    const r = paper('r', 'The results show a method', 'We propose the paper.');
    const idx = buildRelatedIndex([p, q, r, ...filler]);
    assert.deepEqual(
      idx.related('p').map((x) => x.paper.key),
      ['q'],
    );
    assert.deepEqual(idx.related('p')[0].shared, ['query']);
  });

  it('breaks ties in library order, and gives the same answer built in steps as built at once', () => {
    const twins = [
      paper('t1', 'Twin topic', 'Mamba state space.'),
      paper('t2', 'Twin topic', 'Mamba state space.'),
      paper('t3', 'Twin topic', 'Mamba state space.'),
    ];
    const all = [...twins, ...filler];
    const idx = buildRelatedIndex(all);
    assert.deepEqual(
      idx.related('t2').map((r) => r.paper.key),
      ['t1', 't3'],
    );
    const steps = RelatedIndex.buildSteps(all);
    let yields = 0;
    let next = steps.next();
    while (!next.done) {
      yields++;
      next = steps.next();
    }
    assert.ok(yields >= 2, 'the build yields so the extension host can run it in slices');
    assert.deepEqual(next.value.related('t2'), idx.related('t2'));
    assert.deepEqual(runSync(RelatedIndex.buildSteps([])).related('t1'), []);
  });

  it('relates speculative decoding papers of the shipped digest mostly to speculative decoding papers', () => {
    const papers = buildLibrary(seedFiles()).papers;
    const idx = buildRelatedIndex(papers);
    const spec = papers.filter((p) => p.topics.includes('speculative-decoding'));
    assert.ok(spec.length >= 5);
    let same = 0;
    let total = 0;
    for (const p of spec) {
      for (const r of idx.related(p.key)) {
        total++;
        if (r.paper.topics.includes('speculative-decoding')) same++;
      }
    }
    assert.ok(total > spec.length * 3, `only ${total} related papers for ${spec.length} papers`);
    assert.ok(same / total > 0.4, `${same} of ${total} related papers share the topic`);
  });
});
