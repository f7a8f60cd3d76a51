import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { bibtexText, formatBibtex } from '../../src/core/bibtexWrite';
import { cslName, toCslJson } from '../../src/core/cite';
import { mergeEntries } from '../../src/core/dedupe';
import type { Paper, PersonName } from '../../src/core/model';
import { readArxivEmail, readArxivList } from '../../src/core/sources/arxiv';
import { normalise, straightQuotes } from './pandoc';
import { samplePaper } from './samplePaper';
import { repoRoot } from './seedFiles';
import { sourceFixture } from './sourceFixtures';

/** Runs an installed reader in `cwd`; a missing one fails the test with how to install it (CI installs both). */
function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const pkg = command === 'bibtex' ? 'texlive-binaries' : `${command} (≥ 2.17)`;
    throw new Error(`${command} is not installed: apt-get install ${pkg} (these tests read what LitDigest writes with it)`);
  }
  if (result.error) throw result.error;
  return result;
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-citeproc-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

type Bibliography = { name: 'refs.bib'; text: string } | { name: 'refs.json'; text: string };
const asBibtex = (papers: Paper[]): Bibliography => ({ name: 'refs.bib', text: papers.map(formatBibtex).join('\n') });
const asCslJson = (papers: Paper[]): Bibliography => ({ name: 'refs.json', text: JSON.stringify(papers.map(toCslJson), null, 2) });

/**
 * `[@key]` for each key, each in its own paragraph, rendered by `pandoc --citeproc` (its default style, Chicago
 * author-date) against `bib`: the in-text citations in key order, and the reference list. Any pandoc warning
 * (a key it did not find, an entry it could not read) fails the test.
 */
function citeproc(bib: Bibliography, keys: string[]): { citations: string[]; references: string } {
  const dir = tempDir({ [bib.name]: bib.text });
  const input = `${keys.map((k, i) => `LDCITE${i}: [@${k}]`).join('\n\n')}\n\nLDREFS\n\n::: {#refs}\n:::\n`;
  writeFileSync(join(dir, 'in.md'), input);
  const result = run('pandoc', ['in.md', '--citeproc', '--bibliography', bib.name, '-t', 'plain', '--wrap=none'], dir);
  assert.equal(result.status, 0, `pandoc failed: ${result.stderr}`);
  assert.equal(result.stderr, '', 'pandoc warned');
  const [body, references] = result.stdout.split('LDREFS');
  const citations = keys.map((_, i) => normalise(body.split(`LDCITE${i}:`)[1].split(/LDCITE\d+:/)[0]));
  return { citations, references: normalise(references) };
}

/** The items pandoc reads from `bib` (it converts either format to CSL-JSON), in file order. */
function pandocItems(bib: Bibliography): Record<string, unknown>[] {
  const dir = tempDir({ [bib.name]: bib.text });
  const result = run('pandoc', [bib.name, '-f', bib.name.endsWith('.bib') ? 'bibtex' : 'csljson', '-t', 'csljson'], dir);
  assert.equal(result.status, 0, `pandoc failed: ${result.stderr}`);
  assert.equal(result.stderr, '', 'pandoc warned');
  return JSON.parse(result.stdout);
}

interface BibtexNames {
  /** How many names bibtex counts in `author`; null when the entry has no `author` field. */
  count: number | null;
  /** Each name's first (`ff`), von (`vv`) and last (`ll`) parts, as bibtex's `format.name$` gives them. */
  names: { ff: string; vv: string; ll: string }[];
}

/** How LaTeX's own `bibtex` splits each entry's authors (test/fixtures/bibtex/names.bst); fails on any bibtex warning or error. */
function bibtexNames(bib: string): Map<string, BibtexNames> {
  const dir = tempDir({ 'refs.bib': bib, 'names.aux': '\\citation{*}\n\\bibdata{refs}\n\\bibstyle{names}\n' });
  copyFileSync(join(repoRoot, 'test', 'fixtures', 'bibtex', 'names.bst'), join(dir, 'names.bst'));
  const result = run('bibtex', ['names'], dir);
  const log = readFileSync(join(dir, 'names.blg'), 'utf8');
  assert.doesNotMatch(log, /Illegal|error message|Warning--|I was expecting|Too many commas/, `bibtex complained:\n${log}`);
  assert.equal(result.status, 0, `bibtex exited with ${result.status}:\n${result.stdout}`);
  const entries = new Map<string, BibtexNames>();
  for (const block of readFileSync(join(dir, 'names.bbl'), 'utf8')
    .split(/^@@key\n/m)
    .slice(1)) {
    const [key, ...rest] = block.split('\n');
    // bibtex breaks a long line at a space and indents the rest by two: a value runs from its marker to the next marker.
    const values: [string, string][] = [];
    for (const line of rest) {
      const marker = /^@@(\w+)$/.exec(line);
      if (marker) values.push([marker[1], '']);
      else if (values.length) values[values.length - 1][1] += values[values.length - 1][1] ? ` ${line.replace(/^ {2}/, '')}` : line;
    }
    const count = values.find(([m]) => m === 'names')![1];
    const names: BibtexNames['names'] = [];
    for (const [marker, value] of values) {
      if (marker === 'ff') names.push({ ff: value, vv: '', ll: '' });
      if (marker === 'vv') names[names.length - 1].vv = value;
      if (marker === 'll') names[names.length - 1].ll = value;
    }
    entries.set(key, { count: count === 'none' ? null : Number(count), names });
  }
  return entries;
}

/** A particle (`van der`), an accent, an organisation and a plain name. */
const NAMES: PersonName[] = [
  { family: 'van der Berg', given: 'Jan' },
  { family: 'Schön', given: 'Jörg' },
  { family: 'Google DeepMind', given: '' },
  { family: 'Lee', given: 'Hayeon' },
];
const onArxiv = (overrides: Partial<Paper> = {}) => samplePaper({ authorNames: NAMES, arxiv: '2106.08630', arxivClass: 'cs.LG', ...overrides });

/**
 * The characters of one name as pandoc read it, whichever part it put each word in, sorted, without white space
 * and with quotes straight: pandoc re-splits names as it sees fit (`d’Alembert` → particle `d’` and family
 * `Alembert`; a lower-case word of a given name → a particle; from a comma in a given name on → a suffix, in
 * BibTeX and CSL-JSON alike, and LaTeX offers nothing it keeps as a comma there) and curls quotes. What is left
 * to compare is that no character but a comma was lost, added or taken from a neighbouring name.
 */
function pandocNameText(n: Record<string, string>): string {
  return nameText([n.literal, n.given, n.suffix, n['dropping-particle'], n['non-dropping-particle'], n.family].filter(Boolean).join(' '));
}

/** Commas are left out too: pandoc drops one that ends a given name, as the start of an empty suffix. */
const nameText = (text: string) => [...straightQuotes(text).replace(/[\s,]+/g, '')].sort().join('');

/** Names built from pieces that once broke a reader: braces in every arrangement, TeX specials, `and`, commas, quotes, accents. */
const hostileName: fc.Arbitrary<PersonName> = (() => {
  const piece = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        '{',
        '}',
        '}}',
        '{{',
        '\\{',
        '\\}',
        '%',
        '&',
        '\\',
        '\\\\',
        '#',
        '$',
        '_',
        '~',
        '^',
        '`',
        "'",
        '"',
        ',',
        '-',
        '--',
        '@',
        '<',
        '>',
      ),
    },
    { weight: 3, arbitrary: fc.constantFrom(' and ', ' AND ', 'and', ' others', 'others', ' van der ', ' de la ', ' Jr.', ', Jr.', ' ', '\n', '\t', '\u0000') },
    { weight: 2, arbitrary: fc.constantFrom('é', 'e\u0301', 'ö', 'ß', 'γ', '低', '🙂', '“', '’', '\u00a0') },
    { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z]{1,8}$/) },
  );
  const part = fc
    .array(piece, { minLength: 1, maxLength: 8 })
    .map((p) => p.join(''))
    // Pandoc drops a word of double quotes alone from a name (`Abc ", X` → `Abc, X`; `Smith, {"}` and `\textquotedbl` too).
    .filter((p) => !/(?:^|\s)"+(?:\s|$)/.test(bibtexText(p)));
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ family: part, given: part }) },
    { weight: 1, arbitrary: fc.record({ family: part, given: fc.constant('') }) },
  );
})();

/** Names the writers keep: blank ones (nothing left once cleaned) are left out by both. */
const written = (names: PersonName[]) => names.filter((n) => bibtexText(n.family) || bibtexText(n.given));

describe('formatBibtex read by pandoc --citeproc and bibtex', () => {
  it('renders the family names, the arXiv id and arXiv’s DOI of a paper with a particle, an accent and an organisation', function () {
    this.timeout(20_000);
    const { citations, references } = citeproc(asBibtex([onArxiv()]), ['help-i454']);
    assert.equal(citations[0], '(Berg et al. 2021)');
    for (const name of [
      'Berg, Jan van der',
      'Jörg Schön',
      'Google DeepMind',
      'Hayeon Lee',
      'arXiv:2106.08630 [cs.LG]',
      'https://doi.org/10.48550/arXiv.2106.08630',
    ]) {
      assert.ok(references.includes(name), `${name} missing from: ${references}`);
    }
  });

  it('gives pandoc each name split as written: the particle apart, the accent kept, the organisation whole', function () {
    this.timeout(20_000);
    const [item] = pandocItems(asBibtex([onArxiv()]));
    assert.deepEqual(item.author, [
      { 'dropping-particle': 'van der', family: 'Berg', given: 'Jan' },
      { family: 'Schön', given: 'Jörg' },
      { literal: 'Google DeepMind' },
      { family: 'Lee', given: 'Hayeon' },
    ]);
    assert.equal(item.DOI, '10.48550/arXiv.2106.08630');
    assert.equal(item.URL, 'https://arxiv.org/abs/2106.08630');
  });

  it('gives bibtex the same names: four of them, van der as the von part, the organisation one last name', function () {
    this.timeout(20_000);
    const names = bibtexNames(formatBibtex(onArxiv())).get('help-i454')!;
    assert.equal(names.count, 4);
    assert.deepEqual(
      names.names.map((n) => [n.ff, n.vv.replace(/~/g, ' '), n.ll]),
      [
        ['Jan', 'van der', 'Berg'],
        ['Jörg', '', 'Schön'],
        ['', '', '{Google DeepMind}'],
        ['Hayeon', '', 'Lee'],
      ],
    );
  });

  it('renders the paper’s own DOI instead of arXiv’s, and still its arXiv id', function () {
    this.timeout(20_000);
    const { references } = citeproc(asBibtex([onArxiv({ doi: '10.1145/3458817.3476143' })]), ['help-i454']);
    assert.ok(references.includes('https://doi.org/10.1145/3458817.3476143'), references);
    assert.ok(references.includes('arXiv:2106.08630'), references);
    assert.ok(!references.includes('10.48550'), references);
  });

  it('renders the journal of a paper with a venue, and its authors', function () {
    this.timeout(20_000);
    const { references } = citeproc(asBibtex([onArxiv({ venue: 'Journal of Machine Learning Research' })]), ['help-i454']);
    assert.match(references, /^Berg, Jan van der, Jörg Schön, Google DeepMind, and Hayeon Lee\. 2021\. .*Journal of Machine Learning Research/);
  });

  it('renders a paper with no known names by its title, and writes no author field at all', function () {
    this.timeout(20_000);
    const papers = [
      samplePaper({ key: 'none' }),
      samplePaper({ key: 'empty', authorNames: [] }),
      samplePaper({ key: 'blank', authorNames: [{ family: ' \n', given: '\u0000' }] }),
    ];
    const bib = asBibtex(papers);
    assert.doesNotMatch(bib.text, /author/);
    const { citations, references } = citeproc(bib, ['none', 'empty', 'blank']);
    for (const c of citations) assert.match(c, /^\(“HELP: .*” 2021[a-c]\)$/); // one title thrice: citeproc tells them apart by a letter
    assert.match(references, /^“HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning\.” 2021a\./);
    assert.deepEqual(
      [...bibtexNames(bib.text).values()].map((n) => n.count),
      [null, null, null],
    );
  });

  it('hostile names (braces, %, &, \\, quotes, commas, "and"): pandoc reads each name with every character written, and bibtex counts each once', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(fc.array(fc.array(hostileName, { minLength: 1, maxLength: 4 }), { minLength: 15, maxLength: 30 }), (lists) => {
        const papers = lists.map((names, i) => samplePaper({ key: `p${i}`, authorNames: names, arxiv: i % 2 ? '2106.08630' : null }));
        const bib = asBibtex(papers);
        const items = pandocItems(bib);
        const counted = bibtexNames(bib.text);
        assert.deepEqual(
          items.map((i) => i.id),
          papers.map((p) => p.key),
          'pandoc read other entries',
        );
        assert.deepEqual(
          [...counted.keys()],
          papers.map((p) => p.key),
          'bibtex read other entries',
        );
        papers.forEach((p, i) => {
          const expected = written(p.authorNames!).map((n) => nameText(`${bibtexText(n.given)} ${bibtexText(n.family)}`));
          const read = ((items[i].author ?? []) as Record<string, string>[]).map(pandocNameText);
          assert.deepEqual(read, expected, `pandoc names of ${formatBibtex(p)}`);
          assert.equal(counted.get(p.key)!.count, expected.length || null, `bibtex count of ${formatBibtex(p)}`);
        });
      }),
      // No shrinking: each run starts two readers, and the first counterexample already shows the entry.
      { numRuns: 8, seed: 20_261_129, endOnFailure: true },
    );
  });
});

describe('toCslJson read by pandoc --citeproc', () => {
  it('renders the family names, the arXiv id and arXiv’s DOI of a paper with a particle, an accent and an organisation', function () {
    this.timeout(20_000);
    const { citations, references } = citeproc(asCslJson([onArxiv()]), ['help-i454']);
    assert.equal(citations[0], '(van der Berg et al. 2021)');
    for (const name of ['Berg, Jan van der', 'Jörg Schön', 'Google DeepMind', 'Hayeon Lee', 'arXiv', 'https://doi.org/10.48550/arXiv.2106.08630']) {
      assert.ok(references.includes(name), `${name} missing from: ${references}`);
    }
  });

  it('gives pandoc each name as written: the particle apart, the accent kept, the organisation a literal', function () {
    this.timeout(20_000);
    const [item] = pandocItems(asCslJson([onArxiv()]));
    assert.deepEqual(item.author, NAMES.map(cslName));
    assert.deepEqual(item.author, [
      { family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' },
      { family: 'Schön', given: 'Jörg' },
      { literal: 'Google DeepMind' },
      { family: 'Lee', given: 'Hayeon' },
    ]);
    assert.deepEqual(
      [item.DOI, item.URL, item.number, item.publisher],
      ['10.48550/arXiv.2106.08630', 'https://arxiv.org/abs/2106.08630', 'arXiv:2106.08630', 'arXiv'],
    );
  });

  it('renders a paper with no known names by its title, and writes no author field at all', function () {
    this.timeout(20_000);
    const items = [samplePaper({ key: 'none' }), samplePaper({ key: 'blank', authorNames: [{ family: ' ', given: ' ' }] })].map(toCslJson);
    assert.ok(items.every((i) => !('author' in i)));
    const { citations, references } = citeproc({ name: 'refs.json', text: JSON.stringify(items) }, ['none', 'blank']);
    for (const c of citations) assert.match(c, /^\(“HELP: .*” 2021[a-c]\)$/); // one title thrice: citeproc tells them apart by a letter
    assert.match(references, /^“HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning\.” 2021a\./);
  });

  it('hostile names (braces, %, &, \\, quotes, commas, "and"): pandoc reads each name with every character written, and renders them', function () {
    this.timeout(60_000);
    fc.assert(
      fc.property(fc.array(fc.array(hostileName, { minLength: 1, maxLength: 4 }), { minLength: 15, maxLength: 30 }), (lists) => {
        const papers = lists.map((names, i) => samplePaper({ key: `p${i}`, authorNames: names }));
        const items = pandocItems(asCslJson(papers));
        papers.forEach((p, i) => {
          // CSL-JSON text is rich text: pandoc reads straight double quotes as quotation marks and drops one without a partner.
          const unquoted = (t: string) => t.replace(/"/g, '');
          const expected = p.authorNames!.filter((n) => n.family.trim() || n.given.trim()).map((n) => unquoted(nameText(n.given + n.family)));
          const read = ((items[i].author ?? []) as Record<string, string>[]).map((n) => unquoted(pandocNameText(n)));
          assert.deepEqual(read, expected, `pandoc names of ${JSON.stringify(toCslJson(p).author)}`);
        });
        citeproc(asCslJson(papers), ['p0']);
      }),
      { numRuns: 8, seed: 20_261_129, endOnFailure: true },
    );
  });
});

describe('papers read from the real arXiv listings, written and rendered', () => {
  /** The eight papers both real listings hold (merged from the two), and the digest's paper by Oliver Schön. */
  function listedPapers(): Paper[] {
    const email = sourceFixture('arxiv-email-2026-01-20.txt');
    const list = sourceFixture('arxiv-list-cs.AI-new.txt');
    const { papers } = mergeEntries([...readArxivEmail(email.text, email.name).entries, ...readArxivList(list.text, list.name).entries]);
    const chosen = papers.filter((p) => p.sources.length === 2 || p.authorNames?.[0]?.family === 'Schön');
    assert.equal(chosen.length, 9);
    return chosen.map((p) => ({ ...p, topics: ['other'], hardware: [], claims: [] }));
  }

  it('both formats render each paper’s first author, its arXiv DOI, and bibtex counts every author', function () {
    this.timeout(60_000);
    const papers = listedPapers();
    const keys = papers.map((p) => p.key);
    for (const bib of [asBibtex(papers), asCslJson(papers)]) {
      const { citations, references } = citeproc(bib, keys);
      papers.forEach((p, i) => {
        const first = p.authorNames![0];
        assert.ok(citations[i].includes(first.family), `${bib.name}: ${citations[i]} lacks ${first.family}`);
        assert.ok(references.includes(`${first.family}, ${first.given}`), `${bib.name}: the references lack ${first.family}, ${first.given}`);
        assert.ok(references.includes(`https://doi.org/10.48550/arXiv.${p.arxiv}`), `${bib.name}: the references lack the DOI of ${p.arxiv}`);
      });
    }
    const counted = bibtexNames(asBibtex(papers).text);
    assert.deepEqual(
      papers.map((p) => counted.get(p.key)!.count),
      papers.map((p) => p.authorNames!.length),
    );
  });

  it('writes the primary category the listing gave, as primaryClass and in howpublished', () => {
    const [p] = listedPapers();
    assert.ok(p.arxivClass);
    const bib = formatBibtex(p);
    assert.ok(bib.includes(`  primaryClass = {${p.arxivClass}},\n`), bib);
    assert.ok(bib.includes(`  howpublished = {arXiv:${p.arxiv} [${p.arxivClass}]},\n`), bib);
  });
});
