import { strict as assert } from 'node:assert';
import { mergeEntries } from '../../src/core/dedupe';
import { PaperSchema, type Entry } from '../../src/core/model';
import { Library } from '../../src/core/library';
import { parseDigest } from '../../src/core/parse';
import { seedFiles } from './seedFiles';

function entry(overrides: Partial<Entry> & { file: string; line: number }): Entry {
  const { file, line, ...rest } = overrides;
  return {
    title: 'CacheQuant: Comprehensively Accelerated Diffusion Models',
    abstract: 'An abstract.',
    authors: null,
    org: null,
    date: null,
    year: null,
    count: null,
    source: { file, line, pageDate: null },
    ...rest,
  };
}

describe('mergeEntries', () => {
  it('merges sightings of one title into one paper with every source, sorted', () => {
    const { papers } = mergeEntries([entry({ file: 'b.txt', line: 9 }), entry({ file: 'a.txt', line: 3 })]);
    assert.equal(papers.length, 1);
    assert.deepEqual(
      papers[0].sources.map((s) => `${s.file}:${s.line}`),
      ['a.txt:3', 'b.txt:9'],
    );
  });

  it('treats titles differing only in case, spacing and punctuation as one paper', () => {
    const { papers } = mergeEntries([
      entry({ file: 'a', line: 1, title: 'SALE : Low-bit Estimation' }),
      entry({ file: 'b', line: 1, title: 'SALE: low-bit  estimation' }),
    ]);
    assert.equal(papers.length, 1);
  });

  it('keeps the richest metadata of each sighting: year from one, count from another, authors from a third', () => {
    const { papers, problems } = mergeEntries([
      entry({ file: 'a', line: 1, date: 'Mar 3', count: 2 }),
      entry({ file: 'b', line: 1, date: 'Mar 3, 2025', year: 2025 }),
      entry({ file: 'c', line: 1, authors: 3 }),
    ]);
    const p = papers[0];
    assert.deepEqual([p.date, p.year, p.count, p.authors], ['Mar 3, 2025', 2025, 2, 3]);
    assert.deepEqual(problems, []);
  });

  it('never invents a year when no sighting gives one', () => {
    const { papers } = mergeEntries([entry({ file: 'a', line: 1, date: 'Aug 30' })]);
    assert.deepEqual([papers[0].date, papers[0].year], ['Aug 30', null]);
  });

  it('reports sightings that disagree, and resolves them the same way in any order', () => {
    const sightings = [
      entry({ file: 'a', line: 1, authors: 3, abstract: 'Short one.' }),
      entry({ file: 'b', line: 5, authors: 4, abstract: 'A longer abstract of the same paper.' }),
      entry({ file: 'c', line: 7, authors: 4, date: 'Mar 4, 2025', year: 2025 }),
      entry({ file: 'd', line: 2, date: 'Mar 3' }),
    ];
    const forward = mergeEntries(sightings);
    const backward = mergeEntries([...sightings].reverse());
    assert.deepEqual(forward.papers, backward.papers);
    const p = forward.papers[0];
    assert.deepEqual([p.authors, p.abstract, p.date], [4, 'A longer abstract of the same paper.', 'Mar 4, 2025']);
    const messages = forward.problems.map((x) => x.message).join('\n');
    assert.match(messages, /different abstract; kept the longer one/);
    assert.match(messages, /disagree on the number of authors \(3, 4\); kept 4/);
    assert.match(messages, /disagree on the date/);
  });

  it('extracts the links of the kept abstract', () => {
    const { papers } = mergeEntries([entry({ file: 'a', line: 1, abstract: 'Code: https://github.com/x/y.' })]);
    assert.deepEqual(papers[0].urls, ['https://github.com/x/y']);
  });

  describe('on the shipped digest', () => {
    const all = seedFiles().flatMap((f) => parseDigest(f.text, f.name).entries);
    const { papers, problems } = mergeEntries(all);

    it('gives papers that match the PaperSchema, the shape of litdigest papers --json', () => {
      const enriched = Library.build(seedFiles()).papers;
      for (const p of enriched) assert.ok(PaperSchema.safeParse(p).success, p.key);
    });

    it('finds 219 unique papers in 303 sightings, with no conflict', () => {
      assert.equal(all.length, 303);
      assert.equal(papers.length, 219);
      assert.deepEqual(problems, []);
    });

    it('gives CacheQuant the year from 002 although 003 writes only "Mar 3"', () => {
      const p = papers.find((x) => x.title.startsWith('CacheQuant'))!;
      assert.deepEqual([p.date, p.year, p.authors, p.sources.length], ['Mar 3, 2025', 2025, 3, 2]);
    });

    it('gives MinMo the metadata of 002 although 003 shows it without any', () => {
      const p = papers.find((x) => x.title.startsWith('MinMo'))!;
      assert.deepEqual([p.authors, p.date, p.count], [36, 'Jan 10, 2025', 8]);
    });

    it('keeps HELP, seen in all five files, once with five sources', () => {
      const help = papers.filter((x) => x.title.startsWith('HELP:'));
      assert.equal(help.length, 1);
      assert.equal(help[0].sources.length, 5);
    });
  });
});
