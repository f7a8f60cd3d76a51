import { strict as assert } from 'node:assert';
import { readArxivEmail, readArxivList } from '../../src/core/sources/arxiv';
import { sourceFixture } from './sourceFixtures';

const email = sourceFixture('arxiv-email-2026-01-20.txt');
const list = sourceFixture('arxiv-list-cs.AI-new.txt');
/** Entry header lines counted without the reader (an `arXiv:` id alone on its line, maybe a cross-listing). */
const emailIds = [...email.text.matchAll(/^arXiv:(\d{4}\.\d{4,5})(?: \(\*cross-listing\*\))?$/gm)].map((m) => m[1]);

describe('readArxivEmail', () => {
  const read = readArxivEmail(email.text, email.name);

  it('reads every entry of a real 1.4 MB digest: one entry per arXiv: header line, none dropped or reported', () => {
    assert.equal(emailIds.length, 1141);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.entries.map((e) => e.arxiv),
      emailIds,
    );
  });

  it('gives title, author names, date, line and the mailing day of an entry whose fields wrap', () => {
    const e = read.entries[0];
    assert.equal(e.title, 'MIMIC-RD: Can LLMs differentially diagnose rare diseases in real-world clinical settings?');
    assert.equal(e.authorNames?.length, 8);
    assert.deepEqual(e.authorNames?.at(-1), { family: 'Sun', given: 'Jimeng' });
    assert.deepEqual([e.date, e.year, e.source.line, e.source.pageDate, e.source.origin], ['Dec 18, 2025', 2025, 16, 'Jan 20, 2026', 'arxiv-email']);
    assert.match(e.abstract, /^Despite rare diseases affecting 1 in 10 Americans/);
    assert.match(e.abstract, /differential diagnosis of rare diseases\.$/);
  });

  it('turns TeX accents in author names into letters', () => {
    const e = read.entries.find((x) => x.authorNames?.some((n) => n.family === 'Schön'))!;
    assert.deepEqual(e.authorNames?.[0], { family: 'Schön', given: 'Oliver' });
    assert.ok(read.entries.every((x) => !x.authorNames?.some((n) => /\\/.test(n.family + n.given))));
  });

  it('takes the DOI and journal reference when the entry gives them', () => {
    const withDoi = read.entries.filter((e) => e.doi);
    assert.equal(withDoi.length, [...email.text.matchAll(/^DOI: /gm)].length);
    assert.ok(withDoi.every((e) => e.doi === e.doi!.toLowerCase() && e.doi!.startsWith('10.')));
    assert.ok(read.entries.some((e) => e.venue));
  });

  it('keeps a replaced entry, which has no abstract, without a date', () => {
    const e = read.entries.find((x) => x.arxiv === '2502.13163')!;
    assert.deepEqual([e.title, e.abstract, e.date], ['A Survey of Fuzzing Open-Source Operating Systems', '', null]);
  });

  it('keeps the complete entries of a digest cut inside the last abstract, and keeps that one without its abstract', () => {
    const firstThree = email.text.slice(0, email.text.indexOf('Fine-tuning pretrained language models') + 50);
    const r = readArxivEmail(firstThree, 'cut.txt');
    assert.deepEqual(
      r.entries.map((e) => e.arxiv),
      ['2601.11559', '2601.11620', '2601.11622', '2601.11625'],
    );
    assert.equal(r.entries[3].abstract, '');
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /arXiv:2601\.11625 .* ends before its abstract closes .*kept without the abstract/);
  });

  it('skips and reports an entry cut inside its fields', () => {
    const upTo = email.text.indexOf('Title: Dynamical Systems Analysis') + 'Title: Dynamical'.length;
    const r = readArxivEmail(email.text.slice(0, upTo), 'cut.txt');
    assert.deepEqual(
      r.entries.map((e) => e.arxiv),
      ['2601.11559', '2601.11620'],
    );
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /arXiv:2601\.11622 .*cut off before its abstract.*skipped/);
    assert.equal(
      r.problems[0].line,
      email.text
        .slice(0, upTo)
        .split('\n')
        .findIndex((l) => l === 'arXiv:2601.11622') + 1,
    );
  });

  it('reports a text with no entries as an error', () => {
    const r = readArxivEmail('Dear subscriber,\nnothing today.\n', 'empty.txt');
    assert.deepEqual(r.entries, []);
    assert.equal(r.problems[0].severity, 'error');
  });
});

describe('readArxivList', () => {
  const read = readArxivList(list.text, list.name);
  const starts = [...list.text.matchAll(/^\[\d+\] arXiv:(\S+)/gm)].map((m) => m[1]);

  it('reads every entry of a list page: one per "[n] arXiv:" line', () => {
    assert.equal(starts.length, 8);
    assert.deepEqual(
      read.entries.map((e) => e.arxiv),
      starts,
    );
    assert.deepEqual(read.problems, []);
  });

  it('takes the unlabelled authors line, the page date, and stops the last abstract before the page footer', () => {
    const [first, , , , , , , last] = read.entries;
    assert.equal(first.authorNames?.length, 8);
    assert.equal(first.source.pageDate, 'Jan 20, 2026');
    assert.equal(first.source.line, 16);
    assert.doesNotMatch(last.abstract, /Total of|fewer \| more/);
    assert.match(last.abstract, /\.$/);
  });

  it('agrees with the e-mail digest on every paper both list', () => {
    const fromEmail = new Map(readArxivEmail(email.text, email.name).entries.map((e) => [e.arxiv, e]));
    for (const e of read.entries) {
      const other = fromEmail.get(e.arxiv)!;
      assert.deepEqual([e.title, e.abstract, e.authorNames], [other.title, other.abstract, other.authorNames]);
    }
  });

  it('skips and reports a half-copied last entry cut before its Subjects line, keeping the complete ones', () => {
    const cut = list.text.slice(0, list.text.indexOf('Subjects:', list.text.indexOf('[8] arXiv:')));
    const r = readArxivList(cut, 'cut.txt');
    assert.deepEqual(
      r.entries.map((e) => e.arxiv),
      starts.slice(0, 7),
    );
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].line, cut.split('\n').findIndex((l) => l.startsWith('[8] arXiv:')) + 1);
    assert.match(r.problems[0].message, /half-copied last entry.*skipped/);
  });

  it('keeps a last entry whose abstract stops mid-sentence, with a warning', () => {
    const end = list.text.indexOf('Total of 8 entries', list.text.indexOf('[8] arXiv:'));
    const r = readArxivList(list.text.slice(0, end - 40), 'cut.txt');
    assert.equal(r.entries.length, 8);
    assert.match(r.problems[0].message, /stops mid-sentence/);
  });

  it('reads the older layout with an "Authors:" label and a cross-list note', () => {
    const r = readArxivList(
      '[1] arXiv:1704.01234 (cross-list from cs.CV) [pdf, other]\nTitle: A Paper\nAuthors: Ann Bee, Cee Dee\nSubjects: Machine Learning (cs.LG)\n\nIt works.\n',
      'old.txt',
    );
    assert.deepEqual(r.entries[0].authorNames, [
      { family: 'Bee', given: 'Ann' },
      { family: 'Dee', given: 'Cee' },
    ]);
    assert.equal(r.entries[0].abstract, 'It works.');
  });
});
