import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { mergeEntries, mergeGroup, mergeSeveral } from '../../src/core/dedupe';
import { PaperSchema, type Entry, type Origin } from '../../src/core/model';
import { parseDigest } from '../../src/core/parse';
import { readSource } from '../../src/core/sources/detect';
import { seedFiles } from './seedFiles';
import { sourceFixture } from './sourceFixtures';
import { buildLibrary } from '../../src/core/build';

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
      const enriched = buildLibrary(seedFiles()).papers;
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

describe('mergeEntries across sources', () => {
  const hf = seedFiles().find((f) => f.name.startsWith('002_'))!;
  const page = readSource(hf);
  const flow = page.entries.find((e) => e.title.startsWith('AI Flow'))!;
  const turbo = page.entries.find((e) => e.title.startsWith('TurboViT'))!;
  const firstSentence = (text: string) => text.slice(0, text.indexOf('. ') + 1);
  const listing = readSource({
    name: 'cs.LG-new.txt',
    text: [
      'Showing new listings for Monday, 16 June 2025',
      'New submissions (showing 2 of 2 entries)',
      '[1] arXiv:0000.00001 [pdf, html, other]',
      `Title: ${flow.title}`,
      'Ada Lovelace, Alan Turing and Grace Hopper',
      'Subjects: Machine Learning (cs.LG)',
      '',
      firstSentence(flow.abstract),
      '[2] arXiv:0000.00002 [pdf, other]',
      `Title: ${turbo.title.toUpperCase()}`,
      'Edsger Dijkstra',
      'Subjects: Computer Vision and Pattern Recognition (cs.CV)',
      '',
      firstSentence(turbo.abstract),
    ].join('\n'),
  });
  const csl = readSource({
    name: 'library.json',
    text: JSON.stringify([
      {
        id: 'turbo2023',
        title: turbo.title,
        author: [
          { family: 'Dijkstra', given: 'Edsger W.' },
          { family: 'Hoare', given: 'Tony' },
        ],
        'container-title': 'Proc. Things',
      },
    ]),
  });

  it('gives each shared paper once, with author names from the listing and the abstract from the page', () => {
    const all = [...page.entries, ...listing.entries];
    const { papers } = mergeEntries(all);
    assert.equal(papers.length, mergeEntries(page.entries).papers.length);
    const p = papers.find((x) => x.title.startsWith('AI Flow'))!;
    assert.equal(p.abstract, flow.abstract);
    assert.deepEqual(p.authorNames, [
      { family: 'Lovelace', given: 'Ada' },
      { family: 'Turing', given: 'Alan' },
      { family: 'Hopper', given: 'Grace' },
    ]);
    assert.deepEqual([p.arxiv, p.authors, p.date], ['0000.00001', 12, 'Jun 14, 2025']);
    assert.deepEqual(
      p.sources.map((s) => s.origin),
      ['hfpage', 'arxiv-list'],
    );
  });

  it('takes names from a bibliography before a listing, and keeps the listing’s names as a conflict with its source', () => {
    const { papers } = mergeEntries([...page.entries, ...listing.entries, ...csl.entries]);
    const p = papers.find((x) => x.title.startsWith('TurboViT'))!;
    assert.equal(p.sources.length, 3);
    assert.equal(p.abstract, turbo.abstract);
    assert.deepEqual([p.authorNames?.length, p.venue, p.arxiv], [2, 'Proc. Things', '0000.00002']);
    assert.deepEqual(p.conflicts, [{ field: 'authorNames', value: 'Dijkstra, Edsger', source: listing.entries[1].source }]);
    const enriched = buildLibrary([hf]).papers.length;
    assert.ok(enriched > 0);
    for (const paper of mergeEntries([...page.entries, ...listing.entries, ...csl.entries]).papers) {
      assert.ok(PaperSchema.safeParse({ ...paper, topics: ['t'], hardware: [], claims: [] }).success, paper.title);
    }
  });

  it('joins sightings with different titles that share an arXiv id, keeping the other title as a conflict', () => {
    const bib = sightings('bibtex', 'refs.bib', 3, { title: 'GPT-4o System Card', arxiv: '2410.21276', bibKey: 'hurst2024' });
    const mail = sightings('arxiv-email', 'mail.txt', 40, { title: 'GPT-4o system card: a second version', arxiv: '2410.21276', abstract: 'We describe it.' });
    const forward = mergeEntries([bib, mail]);
    assert.deepEqual(forward.papers, mergeEntries([mail, bib]).papers);
    assert.equal(forward.papers.length, 1);
    const p = forward.papers[0];
    assert.equal(p.abstract, 'We describe it.');
    assert.equal(p.sources.length, 2);
    assert.deepEqual(
      p.conflicts?.map((c) => [c.field, c.value, c.source.file]),
      [['title', p.title === bib.title ? mail.title : bib.title, p.title === bib.title ? 'mail.txt' : 'refs.bib']],
    );
  });

  it('keeps a conflicting DOI with its source instead of overwriting it, whatever the order', () => {
    const a = sightings('bibtex', 'a.bib', 1, { title: 'One Paper', doi: '10.1/aaa' });
    const b = sightings('csljson', 'b.json', 2, { title: 'One paper', doi: '10.1/bbb' });
    const forward = mergeEntries([a, b]).papers[0];
    assert.deepEqual(forward, mergeEntries([b, a]).papers[0]);
    assert.equal(forward.doi, '10.1/aaa');
    assert.deepEqual(forward.conflicts, [{ field: 'doi', value: '10.1/bbb', source: b.source }]);
  });

  it('lists a paper seen only in a bibliography, without an abstract', () => {
    const { papers } = mergeEntries([sightings('bibtex', 'a.bib', 7, { title: 'No Abstract Here', year: 2019 })]);
    assert.deepEqual([papers.length, papers[0].abstract, papers[0].year], [1, '', 2019]);
  });

  it('merges the real list page into the real e-mail digest: each shared paper once, with both sightings', () => {
    const mail = readSource(sourceFixture('arxiv-email-2026-01-20.txt'));
    const list = readSource(sourceFixture('arxiv-list-cs.AI-new.txt'));
    const { papers } = mergeEntries([...mail.entries, ...list.entries]);
    assert.equal(papers.length, mergeEntries(mail.entries).papers.length);
    const shared = papers.filter((p) => p.sources.some((s) => s.origin === 'arxiv-list'));
    assert.equal(shared.length, list.entries.length);
    assert.ok(shared.every((p) => p.sources.length === 2 && p.conflicts?.length === 0));
  });
});

function sightings(origin: Origin, file: string, line: number, f: Partial<Entry> & { title: string; bibKey?: string }): Entry {
  const { bibKey, ...rest } = f;
  return {
    abstract: '',
    authors: null,
    org: null,
    date: null,
    year: null,
    count: null,
    authorNames: null,
    arxiv: null,
    doi: null,
    venue: null,
    ...rest,
    source: { file, line, pageDate: null, origin, ...(bibKey ? { bibKey } : {}) },
  };
}

describe('mergeGroup', () => {
  it('merges one sighting as the general path does, for every real sighting and any mix of fields present, absent or null', () => {
    const real = [
      ...seedFiles().flatMap((f) => parseDigest(f.text, f.name).entries),
      ...['arxiv-email-2026-01-20.txt', 'arxiv-list-cs.AI-new.txt', 'zotero-bbt-export-1179.csl.json', 'zotero-bbt-export-825.csl.json'].flatMap(
        (name) => readSource(sourceFixture(name)).entries,
      ),
    ];
    assert.ok(real.length > 1300);
    for (const e of real) assert.deepEqual(mergeGroup([e], []), mergeSeveral([e], []));
    const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(fc.option(value, { nil: null }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          title: fc.string(),
          abstract: fc.string(),
          authors: fc.option(fc.nat(), { nil: null }),
          date: fc.option(fc.constantFrom('Jan 9, 2024', 'Mar 3'), { nil: null }),
          year: fc.option(fc.integer({ min: 1990, max: 2030 }), { nil: null }),
          count: fc.option(fc.nat(), { nil: null }),
          authorNames: maybe(fc.array(fc.record({ family: fc.string(), given: fc.string() }))),
          arxiv: maybe(fc.constantFrom('2401.01234', '2401.01234V2', '')),
          arxivClass: maybe(fc.constantFrom('cs.LG', '')),
          doi: maybe(fc.constantFrom('10.1/ABC', '')),
          venue: maybe(fc.constantFrom('NeurIPS', '')),
        }),
        (fields) => {
          const e = entry({ file: 'a.bib', line: 3, ...fields }) as Entry;
          for (const k of Object.keys(e) as (keyof Entry)[]) if (e[k] === undefined) delete e[k];
          assert.deepEqual(mergeGroup([e], []), mergeSeveral([e], []));
        },
      ),
    );
  });
});
