import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { detectFormat, readSource } from '../../src/core/sources/detect';
import { parseBibtexStandIn } from './bibStandIn';
import { seedFiles } from './seedFiles';
import { sourceFixture } from './sourceFixtures';

describe('detectFormat', () => {
  it('tells every real fixture and every shipped page by its content', () => {
    const expected = {
      'arxiv-email-2026-01-20.txt': 'arxiv-email',
      'arxiv-list-cs.AI-new.txt': 'arxiv-list',
      'budgeted-inference-refs.bib': 'bibtex',
      'dllm-inference-reference.bib': 'bibtex',
      'zotero-bbt-export-1179.csl.json': 'csljson',
      'zotero-bbt-export-825.csl.json': 'csljson',
    } as const;
    for (const [name, format] of Object.entries(expected)) {
      const f = sourceFixture(name);
      assert.equal(detectFormat(name, f.text), format, name);
      // Content decides, not the name: the same text under a neutral name is the same format.
      assert.equal(detectFormat('pasted.txt', f.text), format, `${name} as pasted.txt`);
    }
    for (const f of seedFiles()) assert.equal(detectFormat(f.name, f.text), 'hfpage', f.name);
  });

  it('uses the extension only to break ties: a .json that is not JSON is still CSL-JSON, so its reader names the error', () => {
    assert.equal(detectFormat('refs.json', 'oops'), 'csljson');
    assert.equal(detectFormat('refs.bib', '% only a comment\n@comment{x}\n'), 'bibtex');
    assert.equal(detectFormat('notes.txt', '% only a comment\n@comment{x}\n'), 'hfpage');
    assert.equal(detectFormat('image.png', 'PNG'), null);
    assert.equal(detectFormat('empty.txt', '  \n'), null);
  });
});

describe('readSource', () => {
  it('reads each format with its reader and marks Hugging Face sightings as hfpage', () => {
    const seed = seedFiles()[2];
    const hf = readSource(seed);
    assert.equal(hf.format, 'hfpage');
    assert.ok(hf.entries.length > 0 && hf.entries.every((e) => e.source.origin === 'hfpage'));
    const bib = readSource(sourceFixture('budgeted-inference-refs.bib'), { parseBibtex: parseBibtexStandIn });
    assert.deepEqual([bib.format, bib.entries.length], ['bibtex', 37]);
  });

  it('reports, never guesses: an unknown format, an empty file, and a .bib without a BibTeX parser', () => {
    const unknown = readSource({ name: 'a.png', text: 'PNG' });
    assert.deepEqual([unknown.format, unknown.entries.length, unknown.problems[0].severity], [null, 0, 'error']);
    assert.match(readSource({ name: 'a.txt', text: '' }).problems[0].message, /empty/);
    const bib = readSource(sourceFixture('budgeted-inference-refs.bib'));
    assert.deepEqual([bib.format, bib.entries.length], ['bibtex', 0]);
    assert.match(bib.problems[0].message, /no BibTeX parser/);
  });
});

describe('readSource on a .bib with a key written twice', () => {
  it('keeps both entries and reports the repeat with both line numbers, also when only the case differs', () => {
    const text = '@misc{lee2021,\n  title = {One}\n}\n\n@misc{other,\n  title = {Two}\n}\n@misc{Lee2021,\n  title = {Three}\n}\n';
    const read = readSource({ name: 'refs.bib', text }, { parseBibtex: parseBibtexStandIn });
    assert.equal(read.entries.length, 3);
    assert.deepEqual(
      read.problems.map((p) => [p.line, p.message]),
      [[8, 'the key Lee2021 is also used at line 1 (as lee2021): bibtex stops at a repeated key; rename one of them']],
    );
  });
});

describe('readSource on any text', () => {
  it('never throws, and every problem names the file and a line, whatever the text and name', () => {
    const pieces = fc.constantFrom(
      '\\\\\n',
      'arXiv:2501.01234\n',
      'Title: T\n',
      '[1] arXiv:2501.01234 [pdf]\n',
      'Subjects: x\n',
      '@article{k,\n',
      'title = {A}}\n',
      '[{"title":',
      '"x"}]',
      '" <b></b> "}]',
      '\n',
      '\\\\ ( https://arxiv.org/abs/1 , 1kb)\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), fc.constantFrom('a.txt', 'a.bib', 'a.json', 'a.md', 'a'), (parts, name) => {
        const r = readSource({ name, text: parts.join('') }, { parseBibtex: parseBibtexStandIn });
        for (const p of r.problems) assert.ok(p.file === name && Number.isInteger(p.line) && p.line >= 0, JSON.stringify(p));
        for (const e of r.entries) assert.ok(e.title.length > 0 && e.source.line >= 1, JSON.stringify(e.source));
      }),
      { numRuns: 300 },
    );
  });
});
