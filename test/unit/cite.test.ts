import { strict as assert } from 'node:assert';
import { cslName, toCslJson } from '../../src/core/cite';
import { sampleArxivPaper, samplePaper } from './samplePaper';

const paper = samplePaper;
const onArxiv = sampleArxivPaper;

describe('toCslJson', () => {
  it('sets issued only when the year is known', () => {
    assert.deepEqual(toCslJson(paper()).issued, { 'date-parts': [[2021, 6, 16]] });
    assert.equal(toCslJson(paper({ date: 'Mar 3', year: null })).issued, undefined);
  });

  it('writes a digest paper as before: an article published by Hugging Face Daily Papers, its first link as URL', () => {
    assert.deepEqual(toCslJson(paper()), {
      id: 'help-i454',
      type: 'article',
      title: 'HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning',
      issued: { 'date-parts': [[2021, 6, 16]] },
      publisher: 'Hugging Face Daily Papers',
      URL: 'https://github.com/HayeonLee/HELP',
      abstract: 'An abstract.',
    });
  });

  it('writes an arXiv paper as Zotero exports a preprint: authors, publisher arXiv, number arXiv:<id>, arXiv’s DOI, the abstract page', () => {
    const item = toCslJson(onArxiv());
    assert.deepEqual(item.author, [{ family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }, { literal: 'Google DeepMind' }]);
    assert.deepEqual(
      [item.type, item.publisher, item.number, item.DOI, item.URL],
      ['article', 'arXiv', 'arXiv:2106.08630', '10.48550/arXiv.2106.08630', 'https://arxiv.org/abs/2106.08630'],
    );
  });

  it('writes the paper’s own DOI instead of arXiv’s', () => {
    assert.equal(toCslJson(onArxiv({ doi: '10.1145/3458817.3476143' })).DOI, '10.1145/3458817.3476143');
  });

  it('writes a venue as container-title, typed as a journal article or a conference paper, with no publisher or number', () => {
    const journal = toCslJson(onArxiv({ venue: 'Journal of Machine Learning Research' }));
    assert.deepEqual(
      [journal.type, journal['container-title'], journal.publisher, journal.number, journal.DOI],
      ['article-journal', 'Journal of Machine Learning Research', undefined, undefined, '10.48550/arXiv.2106.08630'],
    );
    assert.equal(toCslJson(onArxiv({ venue: 'Proceedings of the 38th ICML' })).type, 'paper-conference');
  });

  it('writes no author field when no name is known, and no arXiv fields for an id that is not one', () => {
    for (const authorNames of [undefined, null, [], [{ family: ' ', given: ' ' }]]) assert.ok(!('author' in toCslJson(paper({ authorNames }))));
    const item = toCslJson(onArxiv({ arxiv: 'not an id' }));
    assert.deepEqual(
      [item.publisher, item.number, item.DOI, item.URL],
      ['Hugging Face Daily Papers', undefined, undefined, 'https://github.com/HayeonLee/HELP'],
    );
  });

  it('names no publisher for a paper only a bibliography gave', () => {
    const fromBib = paper({ sources: [{ file: 'refs.json', line: 1, pageDate: null, origin: 'csljson', bibKey: 'k' }] });
    assert.equal(toCslJson(fromBib).publisher, undefined);
  });
});

describe('cslName', () => {
  it('splits leading lower-case words of a family name off as the particle', () => {
    assert.deepEqual(cslName({ family: 'van der Berg', given: 'Jan' }), { family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' });
    assert.deepEqual(cslName({ family: 'de la Cruz', given: 'Ana' }), { family: 'Cruz', given: 'Ana', 'non-dropping-particle': 'de la' });
  });

  it('keeps a family name whole when it has no capitalised word after the particle, or none before it', () => {
    assert.deepEqual(cslName({ family: 'de la cruz', given: 'Ana' }), { family: 'de la cruz', given: 'Ana' });
    assert.deepEqual(cslName({ family: 'Schön', given: 'Jörg' }), { family: 'Schön', given: 'Jörg' });
    assert.deepEqual(cslName({ family: 'Da Silva', given: 'Ana' }), { family: 'Da Silva', given: 'Ana' });
  });

  it('writes a one-part name as a literal, and gives null for a blank one', () => {
    assert.deepEqual(cslName({ family: 'Google DeepMind', given: '' }), { literal: 'Google DeepMind' });
    assert.deepEqual(cslName({ family: '', given: 'Madonna' }), { literal: 'Madonna' });
    assert.equal(cslName({ family: ' ', given: '\n' }), null);
  });
});
