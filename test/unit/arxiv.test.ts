import { strict as assert } from 'node:assert';
import { mergeEntries } from '../../src/core/dedupe';
import type { Entry } from '../../src/core/model';
import { arxivCategory, readArxivEmail, readArxivList } from '../../src/core/sources/arxiv';
import { readCslJson } from '../../src/core/sources/csljson';
import { sightingEntry } from '../../src/core/sources/entry';
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

  it('takes the primary category, the first of Categories, for every entry of the real digest', () => {
    // Counted without the reader: the first token after each entry's `Categories:` line, in file order.
    const firsts = [...email.text.matchAll(/^Categories: (\S+)/gm)].map((m) => m[1]);
    assert.equal(firsts.length, emailIds.length);
    assert.deepEqual(
      read.entries.map((e) => e.arxivClass),
      firsts,
    );
    assert.ok(firsts.includes('cond-mat.mtrl-sci') && firsts.includes('quant-ph'));
  });

  it('gives no category when the Categories line is missing or holds no category', () => {
    const entry = (categories: string) =>
      `\\\\\narXiv:2601.00001\nTitle: T\nAuthors: A Bee\n${categories}\\\\\n  Abstract.\n\\\\ ( https://arxiv.org/abs/2601.00001 , 1kb)\n`;
    assert.equal(readArxivEmail(entry(''), 'x.txt').entries[0].arxivClass, undefined);
    assert.equal(readArxivEmail(entry('Categories: cs\n'), 'x.txt').entries[0].arxivClass, undefined);
    assert.equal(readArxivEmail(entry('Categories: }{ cs.LG\n'), 'x.txt').entries[0].arxivClass, undefined);
    assert.equal(readArxivEmail(entry('Categories: hep-th cs.LG\n'), 'x.txt').entries[0].arxivClass, 'hep-th');
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

  it('agrees with the e-mail digest on every paper both list, the primary category too', () => {
    const fromEmail = new Map(readArxivEmail(email.text, email.name).entries.map((e) => [e.arxiv, e]));
    for (const e of read.entries) {
      const other = fromEmail.get(e.arxiv)!;
      assert.deepEqual([e.title, e.abstract, e.authorNames, e.arxivClass], [other.title, other.abstract, other.authorNames, other.arxivClass]);
    }
  });

  it('takes the primary category from the first subject of the Subjects line', () => {
    const subjects = [...list.text.matchAll(/^Subjects: [^(]*\((\S+?)\)/gm)].map((m) => m[1]);
    assert.equal(subjects.length, 8);
    assert.deepEqual(
      read.entries.map((e) => e.arxivClass),
      subjects,
    );
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

describe('arxivCategory', () => {
  it('accepts an archive with a subject class, and an archive that is a category by itself', () => {
    for (const c of ['cs.LG', 'math.NA', 'cond-mat.mtrl-sci', 'q-bio.NC', 'physics.comp-ph', 'hep-th', 'quant-ph', ' stat.ML ']) {
      assert.equal(arxivCategory(c), c.trim());
    }
  });

  it('refuses a bare archive that has classes, and anything that is not a category', () => {
    for (const c of ['cs', 'math', '', 'cs.LG cs.AI', 'cs.LG}', '{cs.LG}', 'cs.LG,', 'Machine Learning', 'cs.', '.LG', '<script>', null, undefined]) {
      assert.equal(arxivCategory(c), null, String(c));
    }
  });
});

describe('readCslJson: the primary arXiv category', () => {
  const item = (extra: Record<string, unknown>) =>
    readCslJson(JSON.stringify([{ id: 'a', title: 'T', URL: 'https://arxiv.org/abs/2106.08630', ...extra }]), 'x.json').entries[0];

  it('reads primaryClass or eprintclass, else the class in a note such as Zotero writes', () => {
    assert.equal(item({ primaryClass: 'cs.LG' }).arxivClass, 'cs.LG');
    assert.equal(item({ eprintclass: 'hep-th' }).arxivClass, 'hep-th');
    assert.equal(item({ note: 'arXiv:2106.08630 [cs.CV]' }).arxivClass, 'cs.CV');
  });

  it('gives none for a bare archive, a field of the wrong type, or an item without an arXiv id, and keeps the item', () => {
    assert.equal(item({ note: 'arXiv:2106.08630 [cs]' }).arxivClass, undefined);
    assert.equal(item({ primaryClass: 42 }).arxivClass, undefined);
    assert.equal(item({ primaryClass: 'cs.LG}' }).arxivClass, undefined);
    assert.equal(item({ URL: 'https://example.org', primaryClass: 'cs.LG' }).arxivClass, undefined);
  });
});

describe('mergeEntries: the primary arXiv category', () => {
  const sighting = (file: string, arxiv: string | null, arxivClass?: string): Entry =>
    sightingEntry({ title: 'One Paper', arxiv, arxivClass, file, line: 1, origin: 'arxiv-email' });

  it('keeps the category of the kept arXiv id and reports a different one', () => {
    const [paper] = mergeEntries([
      sighting('a.txt', '2106.08630', 'cs.LG'),
      sighting('b.txt', '2106.08630', 'cs.LG'),
      sighting('c.txt', '2106.08630', 'cs.AI'),
    ]).papers;
    assert.equal(paper.arxivClass, 'cs.LG');
    assert.deepEqual(
      paper.conflicts?.map((c) => [c.field, c.value, c.source.file]),
      [['arxivClass', 'cs.AI', 'c.txt']],
    );
  });

  it('never takes the category given beside another arXiv id', () => {
    const [paper] = mergeEntries([sighting('a.txt', '2106.08630'), sighting('b.txt', '2106.08630'), sighting('c.txt', '2201.00001', 'cs.AI')]).papers;
    assert.equal(paper.arxiv, '2106.08630');
    assert.equal(paper.arxivClass, undefined);
  });

  it('leaves the field out when no sighting gives it', () => {
    const [paper] = mergeEntries([sighting('a.txt', '2106.08630')]).papers;
    assert.ok(!('arxivClass' in paper));
  });
});
