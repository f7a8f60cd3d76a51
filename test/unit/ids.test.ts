import { strict as assert } from 'node:assert';
import { findArxivId, normalizeDoi, pageStyleDate, personName, splitAuthorList } from '../../src/core/sources/ids';

describe('findArxivId', () => {
  it('finds new- and old-style ids in the ways they are written, without the version', () => {
    assert.equal(findArxivId('arXiv:2501.01234v3'), '2501.01234');
    assert.equal(findArxivId('arXiv preprint arXiv:2410.21276'), '2410.21276');
    assert.equal(findArxivId('https://arxiv.org/pdf/2301.00774.pdf'), '2301.00774');
    assert.equal(findArxivId('10.48550/ARXIV.2502.00002'), '2502.00002');
    assert.equal(findArxivId('arXiv:hep-th/9901001'), 'hep-th/9901001');
    assert.equal(findArxivId('2501.01234', true), '2501.01234');
  });

  it('finds none in a bare number unless told the text is an id, nor in other URLs', () => {
    assert.equal(findArxivId('2501.01234'), null);
    assert.equal(findArxivId('https://example.org/abs/2501.01234'), null);
    assert.equal(findArxivId(undefined), null);
  });
});

describe('normalizeDoi', () => {
  it('lower-cases and strips resolver prefixes and trailing punctuation', () => {
    assert.equal(normalizeDoi('https://doi.org/10.1109/ABC.2020.1.'), '10.1109/abc.2020.1');
    assert.equal(normalizeDoi('doi:10.1000/XYZ'), '10.1000/xyz');
  });

  it('gives null for a short DOI or no DOI', () => {
    assert.equal(normalizeDoi('10/fqd6hj'), null);
    assert.equal(normalizeDoi(''), null);
  });
});

describe('personName and splitAuthorList', () => {
  it('splits "Given Family", "Family, Given" and particles', () => {
    assert.deepEqual(personName('Jane Q. Doe'), { family: 'Doe', given: 'Jane Q.' });
    assert.deepEqual(personName('Doe, Jane'), { family: 'Doe', given: 'Jane' });
    assert.deepEqual(personName('Ludwig van Beethoven'), { family: 'van Beethoven', given: 'Ludwig' });
    assert.deepEqual(personName('Smriti'), { family: 'Smriti', given: '' });
  });

  it('splits an arXiv author list on commas and "and", dropping affiliations and "et al."', () => {
    assert.deepEqual(
      splitAuthorList('Ann Bee (MIT), Cee Dee, and Eff Gee et al.').map((n) => n.family),
      ['Bee', 'Dee', 'Gee'],
    );
  });
});

describe('pageStyleDate', () => {
  it('writes e-mail, list-page and mailing-window dates as the pages do', () => {
    assert.deepEqual(pageStyleDate('Thu, 18 Dec 2025 05:03:49 GMT   (704kb)'), { date: 'Dec 18, 2025', year: 2025 });
    assert.deepEqual(pageStyleDate('Friday, 5 December 2025'), { date: 'Dec 5, 2025', year: 2025 });
    assert.deepEqual(pageStyleDate('  Tue 20 Jan 26 19:00:00 GMT'), { date: 'Jan 20, 2026', year: 2026 });
  });

  it('gives null when there is no day, month and year', () => {
    assert.equal(pageStyleDate('Mar 3'), null);
    assert.equal(pageStyleDate('18 Foo 2025'), null);
  });
});
