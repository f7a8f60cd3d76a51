import { strict as assert } from 'node:assert';
import { readCslJson } from '../../src/core/sources/csljson';
import { sourceFixture } from './sourceFixtures';

describe('readCslJson', () => {
  it('reads every item of a real Better BibTeX export, each at the line of its "{"', () => {
    const f = sourceFixture('zotero-bbt-export-1179.csl.json');
    const items = JSON.parse(f.text) as { id: string }[];
    const r = readCslJson(f.text, f.name);
    assert.deepEqual(r.problems, []);
    assert.equal(r.entries.length, items.length);
    assert.equal(items.length, 26);
    const lines = f.text.split('\n');
    for (const e of r.entries) assert.match(lines[e.source.line - 1], /^\s*\{\s*$/, `${e.source.bibKey} at ${e.source.line}`);
    assert.deepEqual(
      r.entries.map((e) => e.source.bibKey),
      items.map((i) => (i as { 'citation-key'?: string })['citation-key'] ?? i.id),
    );
  });

  it('takes the full DOI from a doi.org URL when the DOI field is a short DOI', () => {
    const f = sourceFixture('zotero-bbt-export-1179.csl.json');
    const e = readCslJson(f.text, f.name).entries[0];
    assert.deepEqual(
      [e.doi, e.year, e.venue, e.authorNames],
      ['10.1177/0193723504268729', 2004, 'Journal of Sport and Social Issues', [{ family: 'Brittain', given: 'Ian' }]],
    );
  });

  it('names the item index, id and field of an item without a title, and reads the others', () => {
    const f = sourceFixture('zotero-bbt-export-825.csl.json');
    const items = JSON.parse(f.text) as unknown[];
    const r = readCslJson(f.text, f.name);
    assert.equal(r.entries.length + r.problems.length, items.length);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].message, 'item 3 (id "emptybook"): field "title" is missing; skipped');
    assert.equal(r.problems[0].line, 5);
  });

  it('skips an item whose title is only blanks or markup', () => {
    const r = readCslJson('[{"id":"a","title":" <i> </i> "},{"id":"b","title":"U"}]', 'x.json');
    assert.deepEqual(
      r.entries.map((e) => e.title),
      ['U'],
    );
    assert.equal(r.problems[0].message, 'item 0: field "title" is empty once its markup is removed; skipped');
  });

  it('names a field of the wrong type', () => {
    const r = readCslJson('[{"id":"a","title":"T","author":"Smith, J."},{"id":"b","title":"U"}]', 'x.json');
    assert.deepEqual(
      r.entries.map((e) => e.title),
      ['U'],
    );
    assert.match(r.problems[0].message, /^item 0 \(id "a"\): field "author" /);
  });

  it('reports text that is not JSON with the reason and line, and JSON that is not an array', () => {
    const bad = readCslJson('[\n  {"id": "a", "title": "A"}\n  {"id": "b", "title": "B"}\n]', 'bad.json');
    assert.equal(bad.problems[0].severity, 'error');
    assert.match(bad.problems[0].message, /^not CSL-JSON: the file is not valid JSON \(/);
    assert.equal(bad.problems[0].line, 3);
    const obj = readCslJson('{"items": []}', 'obj.json');
    assert.equal(obj.problems[0].message, 'not CSL-JSON: expected an array of items, found an object');
    assert.equal(readCslJson('"x"', 's.json').problems[0].message, 'not CSL-JSON: expected an array of items, found a string');
    assert.deepEqual(obj.entries, []);
  });

  it('finds the arXiv id in the URL, DOI, note or number of an arXiv item, and names no venue for it', () => {
    const r = readCslJson(
      JSON.stringify([
        { id: 'u', title: 'A', URL: 'https://arxiv.org/abs/2501.01234v2' },
        { id: 'd', title: 'B', DOI: '10.48550/arXiv.2502.00002' },
        { id: 'n', title: 'C', note: 'arXiv: 2503.00003' },
        { id: 'x', title: 'D', number: '2504.00004', publisher: 'arXiv', 'container-title': 'arXiv preprint' },
        { id: 'j', title: 'E', number: '2504.00005', 'container-title': 'Journal of Things' },
      ]),
      'a.json',
    );
    assert.deepEqual(
      r.entries.map((e) => e.arxiv),
      ['2501.01234', '2502.00002', '2503.00003', '2504.00004', null],
    );
    assert.deepEqual(
      r.entries.map((e) => e.venue),
      [null, null, null, null, 'Journal of Things'],
    );
  });

  it('accepts date-parts written as strings, a literal author, and strips rich-text markup', () => {
    const r = readCslJson(
      '[{"id":1,"title":"On <i>x</i>","issued":{"date-parts":[["2015","6"]]},"author":[{"literal":"World Health Organization"}]}]',
      'a.json',
    );
    const e = r.entries[0];
    assert.deepEqual([e.title, e.year, e.source.bibKey], ['On x', 2015, '1']);
    assert.deepEqual(e.authorNames, [{ family: 'World Health Organization', given: '' }]);
  });
});
