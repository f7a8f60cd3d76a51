import { strict as assert } from 'node:assert';
import type { Claim } from '../../src/core/model';
import { classifyClaim, compareTable, sortCompareRows, sortValue } from '../../src/core/metrics';
import { samplePaper } from './samplePaper';

const claim = (over: Partial<Claim>): Claim => ({ text: 'We do well.', metric: 'other', value: '1', ...over });

describe('classifyClaim', () => {
  it('keeps the metric the extractor gave when it is a compare metric', () => {
    for (const metric of ['speedup', 'latency', 'energy', 'memory', 'throughput', 'accuracy', 'cost'] as const) {
      assert.equal(classifyClaim(claim({ metric, unit: 'ms', text: 'accuracy' })), metric);
    }
  });

  it('reads an unclassified claim by its unit: x, times, sizes, rates, points, dollars', () => {
    assert.equal(classifyClaim(claim({ unit: 'x' })), 'speedup');
    assert.equal(classifyClaim(claim({ unit: 'ms' })), 'latency');
    assert.equal(classifyClaim(claim({ unit: 'us' })), 'latency');
    assert.equal(classifyClaim(claim({ unit: 'mJ' })), 'energy');
    assert.equal(classifyClaim(claim({ unit: 'W' })), 'energy');
    assert.equal(classifyClaim(claim({ unit: 'GB' })), 'memory');
    assert.equal(classifyClaim(claim({ unit: 'tokens/s' })), 'throughput');
    assert.equal(classifyClaim(claim({ unit: 'fps' })), 'throughput');
    assert.equal(classifyClaim(claim({ unit: 'pp' })), 'accuracy');
    assert.equal(classifyClaim(claim({ unit: '$' })), 'cost');
  });

  it('reads a percentage by the words of its sentence, the most specific first', () => {
    assert.equal(classifyClaim(claim({ unit: '%', text: 'Throughput grows by 45% over vLLM.' })), 'throughput');
    assert.equal(classifyClaim(claim({ unit: '%', text: 'It cuts end-to-end latency by 30%.' })), 'latency');
    assert.equal(classifyClaim(claim({ unit: '%', text: 'Energy use drops 79%.' })), 'energy');
    assert.equal(classifyClaim(claim({ unit: '%', text: 'It reaches 91% top-1 accuracy.' })), 'accuracy');
    assert.equal(classifyClaim(claim({ unit: '%', text: 'The KV cache shrinks by 60%.' })), 'memory');
    assert.equal(classifyClaim(claim({ unit: '%', text: 'Serving costs fall 40%.' })), 'cost');
  });

  it('returns null for a claim neither unit nor words place, rather than guessing a column', () => {
    assert.equal(classifyClaim(claim({ unit: '%', text: 'We improve by 12% on average.' })), null);
    assert.equal(classifyClaim(claim({ unit: null, text: 'A score of 3.' })), null);
    // A unit of no metric, and a sentence with no metric word: "costly" is not "cost".
    assert.equal(classifyClaim(claim({ unit: 'widgets', text: 'A costly design of 4 widgets.' })), null);
  });
});

describe('sortValue', () => {
  it('puts times in ms and sizes in GB, and takes the upper end of a range', () => {
    assert.equal(sortValue({ number: 45, unit: 'ms' }), 45);
    assert.equal(sortValue({ number: 0.5, unit: 's' }), 500);
    assert.equal(sortValue({ number: 512, unit: 'MB' }), 0.512);
    assert.equal(sortValue({ number: [2, 9], unit: 'x' }), 9);
  });

  it('is null for a claim whose number could not be read', () => {
    assert.equal(sortValue({ number: null, unit: 'x' }), null);
    assert.equal(sortValue({}), null);
  });
});

describe('compareTable', () => {
  const a = samplePaper({
    key: 'a',
    title: 'Alpha',
    year: 2024,
    hardware: [{ name: 'NVIDIA A100', class: 'GPU' }],
    claims: [
      claim({ text: 'We get 2.1x speedup over vLLM.', metric: 'speedup', value: '2.1x', number: 2.1, unit: 'x', baseline: 'vLLM' }),
      claim({ text: 'Latency is 45 ms on a Jetson Orin.', metric: 'latency', value: '45 ms', number: 45, unit: 'ms', hardware: 'Jetson Orin' }),
      claim({ text: 'A second speedup of 3x.', metric: 'speedup', value: '3x', number: 3, unit: 'x' }),
    ],
  });
  const b = samplePaper({
    key: 'b',
    title: 'beta',
    year: 2023,
    claims: [claim({ text: 'Only 0.5 s end to end.', metric: 'latency', value: '0.5 s', number: 0.5, unit: 's' })],
  });
  const c = samplePaper({ key: 'c', title: 'Gamma', year: null, claims: [claim({ text: 'Nothing measurable.', unit: '%' })] });

  it('lists only the metrics some paper reports, in the fixed column order', () => {
    assert.deepEqual(compareTable([a, b, c]).metrics, ['speedup', 'latency']);
  });

  it('fills a cell from the first claim of its metric, with the claim device, else the paper hardware, and every sentence for the hover', () => {
    const [row] = compareTable([a]).rows;
    assert.deepEqual(row.cells.speedup, {
      value: '2.1x',
      hardware: 'NVIDIA A100',
      baseline: 'vLLM',
      claimIndex: 0,
      sentences: ['We get 2.1x speedup over vLLM.', 'A second speedup of 3x.'],
      sort: 2.1,
    });
    assert.equal(row.cells.latency?.hardware, 'Jetson Orin');
    assert.equal(row.cells.latency?.claimIndex, 1);
  });

  it('gives a paper with no classifiable claim a row without cells', () => {
    const rows = compareTable([c]).rows;
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].cells, {});
    assert.deepEqual(compareTable([]).metrics, []);
  });
});

describe('sortCompareRows', () => {
  const row = (key: string, title: string, year: number | null, latency?: number) => ({
    paper: samplePaper({ key, title, year }),
    cells: latency === undefined ? {} : { latency: { value: `${latency} ms`, hardware: null, baseline: null, claimIndex: 0, sentences: [''], sort: latency } },
  });
  const rows = [row('a', 'beta', 2023, 45), row('b', 'Alpha', null), row('c', 'gamma', 2025, 500), row('d', 'Delta', 2024, 45)];
  const keys = (rs: { paper: { key: string } }[]) => rs.map((r) => r.paper.key);

  it('sorts a metric by number both ways, empty cells last either way, ties in given order', () => {
    assert.deepEqual(keys(sortCompareRows(rows, 'latency')), ['a', 'd', 'c', 'b']);
    assert.deepEqual(keys(sortCompareRows(rows, 'latency', true)), ['c', 'a', 'd', 'b']);
  });

  it('sorts titles as text ignoring case, and years with the missing year last', () => {
    assert.deepEqual(keys(sortCompareRows(rows, 'title')), ['b', 'a', 'd', 'c']);
    assert.deepEqual(keys(sortCompareRows(rows, 'year', true)), ['c', 'd', 'a', 'b']);
  });

  it('leaves the input array as it was', () => {
    sortCompareRows(rows, 'title', true);
    assert.deepEqual(keys(rows), ['a', 'b', 'c', 'd']);
  });
});
