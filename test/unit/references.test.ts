import { strict as assert } from 'node:assert';
import * as format from '../../src/core/format';
import { makeReferences } from '../../src/core/references';
import { shippedLocale, shippedStyle } from './cslFiles';
import { samplePaper } from './samplePaper';

const help = samplePaper({ authorNames: [{ family: 'Lee', given: 'Hayeon' }], urls: [] });
const other = samplePaper({ key: 'other-a1', title: 'Another paper', authorNames: [{ family: 'Abe', given: 'Kenji' }], year: 2020, date: null, urls: [] });
const locales = [shippedLocale()];

describe('makeReferences', () => {
  it('formats reference-list entries in the style, in its order, keyed by paper', () => {
    const refs = makeReferences(format, 'apa', shippedStyle('apa'), locales, shippedStyle('apa'));
    const entries = refs.references([help, other]);
    assert.deepEqual(
      entries.map((e) => e.key),
      ['other-a1', 'help-i454'],
    );
    assert.match(entries[1].text, /^Lee, H\. \(2021\)\. HELP: Hardware-Adaptive/);
    assert.match(refs.references([help], 'html')[0].text, /^<div class="csl-entry">Lee, H\. \(2021\)\. <i>HELP/);
  });

  it('gives the short citation in an author-date style, and in APA for a numeric style, whose [1] says nothing alone', () => {
    assert.equal(makeReferences(format, 'apa', shippedStyle('apa'), locales, shippedStyle('apa')).shortCitation(help), '(Lee, 2021)');
    assert.equal(makeReferences(format, 'ieee', shippedStyle('ieee'), locales, shippedStyle('apa')).shortCitation(help), '(Lee, 2021)');
  });

  it('formats a short citation once per paper object: a paper changed by a reload is formatted again', () => {
    let calls = 0;
    const counting = { formatReferences: (r: format.FormatRequest) => (calls++, format.formatReferences(r)) };
    const refs = makeReferences(counting, 'apa', shippedStyle('apa'), locales, shippedStyle('apa'));
    refs.shortCitation(help);
    refs.shortCitation(help);
    assert.equal(calls, 1);
    assert.equal(refs.shortCitation({ ...help, authorNames: [{ family: 'Kim', given: 'J' }] }), '(Kim, 2021)');
    assert.equal(calls, 2);
  });
});
