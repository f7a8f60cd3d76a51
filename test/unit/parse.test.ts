import { strict as assert } from 'node:assert';
import { parseDigest } from '../../src/core/parse';
import { seedFiles } from './seedFiles';

const ABSTRACT_A = 'We study a thing. It works well on many tasks and we report results for several settings in detail here.';
const ABSTRACT_B = 'Another abstract. This one is also long enough to be an abstract, and has two sentences in it for sure.';
const HEADER = 'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nApr 21\n\n';

describe('parseDigest', () => {
  describe('layouts', () => {
    it('reads the compact layout, with the first title glued to "Subscribe"', () => {
      const text = `Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribeFirst Paper: A Title\n${ABSTRACT_A}\nSecond Paper\n${ABSTRACT_B}`;
      const result = parseDigest(text, 'c.txt');
      assert.equal(result.layout, 'compact');
      assert.deepEqual(
        result.entries.map((e) => [e.title, e.source.line]),
        [
          ['First Paper: A Title', 3],
          ['Second Paper', 5],
        ],
      );
      assert.equal(result.entries[1].abstract, ABSTRACT_B);
      assert.deepEqual(result.problems, []);
    });

    it('reads the spaced layout and takes the header date as the page date, not a paper date', () => {
      const result = parseDigest(`${HEADER}Paper One\n\n${ABSTRACT_A}\n\nPaper Two\n\n${ABSTRACT_B}\n`, 's.txt');
      assert.equal(result.layout, 'spaced');
      assert.equal(result.entries.length, 2);
      for (const e of result.entries) {
        assert.equal(e.date, null);
        assert.equal(e.year, null);
        assert.equal(e.source.pageDate, 'Apr 21');
      }
    });

    it('reads authors, organisation, date, year and count in the metadata layout', () => {
      const text = `${HEADER}Paper One\n\n${ABSTRACT_A}\n\n  • 4 authors\n·\nJan 9, 2024\n\nPaper Two\n\n${ABSTRACT_B}\n\nnvidia NVIDIA\n·\nFeb 9 2\n\nPaper Three\n\n${ABSTRACT_A}\n\n  • 12 authors\n·\nSep 30, 2025 2`;
      const result = parseDigest(text, 'm.txt');
      assert.equal(result.layout, 'spaced-meta');
      const [one, two, three] = result.entries;
      assert.deepEqual([one.authors, one.org, one.date, one.year, one.count], [4, null, 'Jan 9, 2024', 2024, null]);
      assert.deepEqual([two.authors, two.org, two.date, two.year, two.count], [null, 'NVIDIA', 'Feb 9', null, 2]);
      assert.deepEqual([three.authors, three.date, three.year, three.count], [12, 'Sep 30, 2025', 2025, 2]);
      assert.deepEqual(result.problems, []);
    });

    it('keeps a paper that has no metadata in the metadata layout, without taking the next title as an organisation', () => {
      const text = `${HEADER}Paper One\n\n${ABSTRACT_A}\n\nPaper Two\n\n${ABSTRACT_B}\n\n  • 3 authors\n·\nMar 3`;
      const [one, two] = parseDigest(text, 'm.txt').entries;
      assert.deepEqual([one.title, one.authors, one.org, one.date], ['Paper One', null, null, null]);
      assert.deepEqual([two.title, two.authors, two.date], ['Paper Two', 3, 'Mar 3']);
    });
  });

  describe('line endings and encodings', () => {
    for (const [name, eol] of [
      ['CRLF', '\r\n'],
      ['lone CR', '\r'],
    ] as const) {
      it(`reads ${name} line endings with the same line numbers`, () => {
        const text = `${HEADER}Paper One\n\n${ABSTRACT_A}\n\n  • 4 authors\n·\nJan 9, 2024\n`.replace(/\n/g, eol);
        const [entry] = parseDigest(text, 'x.txt').entries;
        assert.deepEqual([entry.title, entry.source.line, entry.authors, entry.date], ['Paper One', 13, 4, 'Jan 9, 2024']);
      });
    }

    it('ignores a byte-order mark', () => {
      const [entry] = parseDigest(`\uFEFFPaper One\n${ABSTRACT_A}`, 'x.txt').entries;
      assert.equal(entry.title, 'Paper One');
    });
  });

  describe('broken input', () => {
    it('reports an empty file as an error with no papers', () => {
      const result = parseDigest('', 'empty.txt');
      assert.equal(result.entries.length, 0);
      assert.equal(result.layout, 'empty');
      assert.deepEqual(result.problems, [{ file: 'empty.txt', line: 0, severity: 'error', message: 'no papers found in this file' }]);
    });

    it('keeps a title whose abstract is missing and names its line', () => {
      const result = parseDigest(`Lonely Title\nPaper Two\n${ABSTRACT_B}`, 'x.txt');
      assert.deepEqual(
        result.entries.map((e) => [e.title, e.abstract]),
        [
          ['Lonely Title', ''],
          ['Paper Two', ABSTRACT_B],
        ],
      );
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0].line, 1);
      assert.match(result.problems[0].message, /title with no abstract: "Lonely Title"/);
    });

    it('reports an abstract with no title and still reads the next paper', () => {
      const longAbstract = `${ABSTRACT_A} ${ABSTRACT_B} ${ABSTRACT_A} ${ABSTRACT_B}`;
      const result = parseDigest(`Paper One\n${ABSTRACT_A}\n${longAbstract}\nPaper Two\n${ABSTRACT_B}`, 'x.txt');
      assert.deepEqual(
        result.entries.map((e) => e.title),
        ['Paper One', 'Paper Two'],
      );
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0].line, 3);
      assert.match(result.problems[0].message, /abstract with no title/);
    });

    it('reports a file that ends after a title', () => {
      const result = parseDigest(`Paper One\n${ABSTRACT_A}\nCut Off Here`, 'x.txt');
      assert.deepEqual(
        result.entries.map((e) => e.title),
        ['Paper One', 'Cut Off Here'],
      );
      assert.match(result.problems[0].message, /file ends after a title with no abstract/);
      assert.equal(result.problems[0].line, 3);
    });

    it('accepts metadata lines out of order', () => {
      const [entry] = parseDigest(`Paper One\n\n${ABSTRACT_A}\n\nJan 9, 2024 3\n·\n  • 4 authors\n`, 'x.txt').entries;
      assert.deepEqual([entry.authors, entry.date, entry.year, entry.count], [4, 'Jan 9, 2024', 2024, 3]);
    });

    it('reports metadata that comes before any paper', () => {
      const result = parseDigest(`  • 4 authors\nPaper One\n${ABSTRACT_A}`, 'x.txt');
      assert.equal(result.entries.length, 1);
      assert.equal(result.entries[0].authors, null);
      assert.match(result.problems[0].message, /authors line before any paper/);
    });

    it('never reads a count written after a date without a comma as a year', () => {
      const [entry] = parseDigest(`Paper One\n\n${ABSTRACT_A}\n\n  • 2 authors\n·\nJan 9 2024`, 'x.txt').entries;
      assert.deepEqual([entry.date, entry.year, entry.count], ['Jan 9', null, 2024]);
    });
  });

  describe('the shipped digest', () => {
    // Counted by hand from the files' block structure, not from this parser.
    const expected: Record<string, [number, string]> = {
      '000_8964e732322fa30a.txt': [87, 'compact'],
      '001_5b94c95ec8546a3a.txt': [81, 'spaced'],
      '002_9f205d1673ee62b3.txt': [41, 'spaced-meta'],
      '003_cc1beb4452be1919.txt': [48, 'spaced-meta'],
      '004_8a0ddb3ee01b81a6.txt': [46, 'spaced-meta'],
    };
    for (const { name, text } of seedFiles()) {
      it(`reads ${expected[name]?.[0]} entries in ${expected[name]?.[1]} layout from ${name}, with no problem`, () => {
        const result = parseDigest(text, name);
        assert.deepEqual([result.entries.length, result.layout], expected[name]);
        assert.deepEqual(result.problems, []);
      });
    }

    it('takes the first title of 000 without its "Subscribe" prefix', () => {
      const [first] = parseDigest(seedFiles()[0].text, '000').entries;
      assert.equal(first.title, 'Collaborative Perception for Connected and Autonomous Driving: Challenges, Possible Solutions and Opportunities');
      assert.equal(first.source.line, 3);
    });

    it('does not give the page date of 002 (Apr 21) to its first paper', () => {
      const [first] = parseDigest(seedFiles()[2].text, '002').entries;
      assert.equal(first.date, 'Mar 11, 2024');
      assert.equal(first.source.pageDate, 'Apr 21');
    });

    it('reads the organisation line of SPEED-Bench in 002 as NVIDIA with count 2', () => {
      const entry = parseDigest(seedFiles()[2].text, '002').entries.find((e) => e.title.startsWith('SPEED-Bench'))!;
      assert.deepEqual([entry.org, entry.authors, entry.date, entry.year, entry.count], ['NVIDIA', null, 'Feb 9', null, 2]);
    });
  });
});
