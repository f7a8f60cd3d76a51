import { strict as assert } from 'node:assert';
import { toCslJson } from '../../src/core/cite';
import { samplePaper } from './samplePaper';

const paper = samplePaper;

describe('toCslJson', () => {
  it('sets issued only when the year is known', () => {
    assert.deepEqual(toCslJson(paper()).issued, { 'date-parts': [[2021, 6, 16]] });
    assert.equal(toCslJson(paper({ date: 'Mar 3', year: null })).issued, undefined);
  });
});
