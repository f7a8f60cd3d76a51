import { strict as assert } from 'node:assert';
import { toCslJson } from '../../src/core/cite';
import type { Paper } from '../../src/core/model';

function paper(overrides: Partial<Paper> = {}): Paper {
  return {
    key: 'help-i454',
    title: 'HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning',
    abstract: 'An abstract.',
    authors: 4,
    org: null,
    date: 'Jun 16, 2021',
    year: 2021,
    count: null,
    urls: ['https://github.com/HayeonLee/HELP'],
    sources: [{ file: 'a', line: 1, pageDate: null }],
    topics: ['nas'],
    hardware: [],
    claims: [],
    ...overrides,
  };
}

describe('toCslJson', () => {
  it('sets issued only when the year is known', () => {
    assert.deepEqual(toCslJson(paper()).issued, { 'date-parts': [[2021, 6, 16]] });
    assert.equal(toCslJson(paper({ date: 'Mar 3', year: null })).issued, undefined);
  });
});
