import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { bibliographyKeys, loadBibtexParser, parseBibtex } from '../../src/core/bibtex';
import { bibtexText, escapeBibtex, formatBibtex } from '../../src/core/bibtexWrite';
import { fastBibtexParser } from '../../src/core/sources/bibfast';
import { readBibtex } from '../../src/core/sources/bibtex';
import { countBibEntries, sourceFixture } from './sourceFixtures';
import type { Paper } from '../../src/core/model';
import { sampleArxivPaper, samplePaper } from './samplePaper';
import { repoRoot, seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const paper = samplePaper;

/** Runs an installed reader; a missing one fails the test with how to install it (CI installs both in .ci/run). */
function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    const pkg = command === 'bibtex' ? 'texlive-binaries' : command;
    throw new Error(`${command} is not installed: apt-get install ${pkg} (the unit tests read our BibTeX back with it)`);
  }
  if (result.error) throw result.error;
  return result;
}

function tempBib(bibtex: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-bib-'));
  writeFileSync(join(dir, 'refs.bib'), bibtex);
  return dir;
}

/** Reads BibTeX back with pandoc, the reader Markdown users build with. */
function readWithPandoc(bibtex: string): Record<string, unknown>[] {
  const dir = tempBib(bibtex);
  const result = run('pandoc', ['refs.bib', '-f', 'bibtex', '-t', 'csljson'], dir);
  assert.equal(result.status, 0, `pandoc failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/**
 * Reads BibTeX back with LaTeX's own `bibtex` and the probe style of test/fixtures/bibtex, which writes each
 * entry's key and raw fields to the .bbl. Fails when `bibtex` reports an error or a warning.
 */
function readWithBibtex(bibtex: string): Map<string, Record<string, string>> {
  const dir = tempBib(bibtex);
  copyFileSync(join(repoRoot, 'test', 'fixtures', 'bibtex', 'probe.bst'), join(dir, 'probe.bst'));
  writeFileSync(join(dir, 'probe.aux'), '\\citation{*}\n\\bibdata{refs}\n\\bibstyle{probe}\n');
  const result = run('bibtex', ['probe'], dir);
  const log = readFileSync(join(dir, 'probe.blg'), 'utf8');
  assert.doesNotMatch(log, /Illegal|error message|Warning--|I was expecting/, `bibtex complained:\n${log}`);
  assert.equal(result.status, 0, `bibtex exited with ${result.status}:\n${result.stdout}`);
  const entries = new Map<string, Record<string, string>>();
  // bibtex breaks a long line at a space and indents the rest by two: a value runs from its marker line to the next marker.
  const blocks = readFileSync(join(dir, 'probe.bbl'), 'utf8')
    .split(/^@@key\n/m)
    .slice(1);
  for (const block of blocks) {
    const [key, ...rest] = block.split('\n');
    const fields: Record<string, string> = {};
    let name = '';
    const value: string[] = [];
    for (const line of rest) {
      const marker = /^@@(\w+)$/.exec(line);
      if (!marker) {
        value.push(value.length ? line.replace(/^ {2}/, '') : line);
        continue;
      }
      if (name) fields[name] = value.join(' ');
      name = marker[1];
      value.length = 0;
    }
    assert.ok(!entries.has(key), `bibtex read ${key} twice`);
    entries.set(key, fields);
  }
  return entries;
}

/** The raw text `bibtex` gives for a field written as `{value}`: the value without its outer braces. */
const unbraced = (written: string) => written.slice(1, -1);

/**
 * Writes `papers` to one .bib and checks that pandoc, `bibtex` and the parser each read exactly one entry per
 * paper, and no other, with the same title, abstract, organization, url and date. Returns the papers that differ.
 */
async function checkAllReaders(papers: Paper[]): Promise<void> {
  const bib = papers.map(formatBibtex).join('\n');
  const keys = papers.map((p) => p.key);

  const pandoc = readWithPandoc(bib);
  assert.deepEqual(
    pandoc.map((i) => i.id),
    keys,
    'pandoc read other entries',
  );
  const bibtex = readWithBibtex(bib);
  assert.deepEqual([...bibtex.keys()], keys, 'bibtex read other entries');
  const parsed = await parseBibtex(bib, 'refs.bib');
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(
    parsed.entries.map((e) => e.key),
    keys,
    'the parser read other entries',
  );

  const wrong: unknown[] = [];
  papers.forEach((p, i) => {
    const title = bibtexText(p.title);
    const abstract = p.abstract ? bibtexText(p.abstract) : undefined;
    const fromPandoc = pandoc[i];
    const fromParser = parsed.entries[i].fields;
    const raw = bibtex.get(p.key)!;
    const expectRaw: Record<string, string> = { title: `{${escapeBibtex(p.title)}}`, howpublished: 'Hugging Face Daily Papers' };
    if (p.abstract) expectRaw.abstract = escapeBibtex(p.abstract);
    if (p.org) expectRaw.organization = `{${escapeBibtex(p.org)}}`;
    if (p.urls.length) expectRaw.url = unbraced(/ {2}url = (\{.*\}),\n/.exec(formatBibtex(p))![1]);
    if (p.year !== null) expectRaw.year = String(p.year);
    const problems = [
      fromPandoc.title !== title && ['pandoc title', fromPandoc.title, title],
      fromPandoc.abstract !== abstract && ['pandoc abstract', fromPandoc.abstract, abstract],
      fromParser.title !== title && ['parser title', fromParser.title, title],
      fromParser.abstract !== abstract && ['parser abstract', fromParser.abstract, abstract],
      (fromPandoc.URL ?? null) !== (p.urls[0] ?? null) && ['pandoc url', fromPandoc.URL, p.urls[0]],
      (fromParser.url ?? null) !== (p.urls[0] ?? null) && ['parser url', fromParser.url, p.urls[0]],
      p.org && fromParser.organization !== bibtexText(p.org) && ['parser organization', fromParser.organization, p.org],
      p.year !== null && fromParser.year !== String(p.year) && ['parser year', fromParser.year, p.year],
      ...Object.entries(expectRaw).map(([field, value]) => raw[field] !== value && [`bibtex ${field}`, raw[field], value]),
    ].filter(Boolean);
    if (problems.length) wrong.push({ key: p.key, title: p.title, problems });
  });
  assert.deepEqual(wrong.slice(0, 3), []);
}

describe('bibtexText', () => {
  it('collapses whitespace, drops control characters and curls ASCII quotes, keeping every other character as it is', () => {
    assert.equal(bibtexText("  a\n\tb\u0000c\u0007 \u0085 d's `x` “γ” 低 e\u0301 \u00a0f  "), 'a bc d’s ‘x‘ “γ” 低 e\u0301 \u00a0f');
  });
});

describe('escapeBibtex', () => {
  it('escapes every BibTeX special character', () => {
    assert.equal(escapeBibtex('50% & {x} #1 a_b $y$ ~ ^ \\'), '50\\% \\& \\{x\\} \\#1 a\\_b \\$y\\$ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  });

  it('keeps hyphen runs from becoming dashes', () => {
    assert.equal(escapeBibtex('a -- b --- c'), 'a -{}- b -{}-{}- c');
  });

  it('writes no backtick, control character or line break, and < > as commands', () => {
    assert.equal(escapeBibtex('a<b>c'), 'a\\textless{}b\\textgreater{}c');
    assert.equal(escapeBibtex("run `rm -rf` it's\n\u0001ok “q”"), 'run {‘}rm -rf{‘} it{’}s ok {“}q{”}');
  });

  it('gives every unmatched brace a partner that bibtex counts and TeX skips, so bibtex reads balanced braces', () => {
    assert.equal(escapeBibtex('a}} b'), '\\iffalse\\{\\fi{}\\iffalse\\{\\fi{}a\\}\\} b');
    assert.equal(escapeBibtex('{{{{x'), '\\{\\{\\{\\{x\\iffalse\\}\\fi{}\\iffalse\\}\\fi{}\\iffalse\\}\\fi{}\\iffalse\\}\\fi{}');
    assert.equal(escapeBibtex('}{'), '\\iffalse\\{\\fi{}\\}\\{\\iffalse\\}\\fi{}');
    assert.equal(escapeBibtex('{ok}'), '\\{ok\\}');
  });
});

describe('formatBibtex', () => {
  it('writes a @misc entry with the key, braced title, date fields, link and abstract', () => {
    const bib = formatBibtex(paper());
    assert.match(bib, /^@misc\{help-i454,\n/);
    assert.match(bib, /title = \{\{HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning\}\},/);
    assert.match(bib, /year = \{2021\},\n {2}month = jun,\n {2}day = \{16\},/);
    assert.match(bib, /url = \{https:\/\/github.com\/HayeonLee\/HELP\},/);
  });

  it('writes no year, month or day when the digest gives no year', () => {
    const bib = formatBibtex(paper({ date: 'Mar 3', year: null }));
    assert.doesNotMatch(bib, /year|month|day =/);
  });

  const onArxiv = sampleArxivPaper;
  const field = (bib: string, name: string) => new RegExp(`^ {2}${name} = (.*),$`, 'm').exec(bib)?.[1];

  it('writes the arXiv identity as arXiv’s export does: eprint, archivePrefix, primaryClass, arXiv’s DOI and its page as url', () => {
    const bib = formatBibtex(onArxiv());
    assert.match(bib, /^@misc\{help-i454,\n/);
    assert.deepEqual(
      ['eprint', 'archivePrefix', 'primaryClass', 'doi', 'url', 'howpublished'].map((f) => field(bib, f)),
      ['{2106.08630}', '{arXiv}', '{cs.LG}', '{10.48550/arXiv.2106.08630}', '{https://arxiv.org/abs/2106.08630}', '{arXiv:2106.08630 [cs.LG]}'],
    );
    assert.equal(field(formatBibtex(onArxiv({ arxivClass: null })), 'primaryClass'), undefined);
    assert.equal(field(formatBibtex(onArxiv({ arxivClass: null })), 'howpublished'), '{arXiv:2106.08630}');
  });

  it('writes the paper’s own DOI instead of arXiv’s, and arXiv’s DOI with arXiv’s capitals', () => {
    assert.equal(field(formatBibtex(onArxiv({ doi: '10.1145/3458817.3476143' })), 'doi'), '{10.1145/3458817.3476143}');
    assert.equal(field(formatBibtex(onArxiv({ doi: '10.48550/arxiv.2106.08630' })), 'doi'), '{10.48550/arXiv.2106.08630}');
    assert.equal(field(formatBibtex(paper({ doi: '10.1000/a_b{c}' })), 'doi'), '{10.1000/a_b%7Bc%7D}');
  });

  it('leaves out an arXiv id or class that is not one, rather than writing it', () => {
    const bib = formatBibtex(onArxiv({ arxiv: '2106.08630}, x = {y', arxivClass: 'cs.LG}' }));
    for (const f of ['eprint', 'archivePrefix', 'primaryClass', 'doi']) assert.equal(field(bib, f), undefined, f);
    assert.equal(field(bib, 'url'), '{https://github.com/HayeonLee/HELP}');
    assert.equal(field(formatBibtex(onArxiv({ arxivClass: '}{' })), 'primaryClass'), undefined);
  });

  it('writes the authors as Family, Given joined by and, an organisation braced whole, and never adds and others', () => {
    const bib = formatBibtex(onArxiv({ authors: 9 }));
    assert.equal(field(bib, 'author'), '{van der Berg, Jan and {Google DeepMind}}');
    assert.equal(field(formatBibtex(paper({ authorNames: [{ family: 'Google DeepMind', given: '' }] })), 'author'), '{{Google DeepMind}}');
    assert.equal(field(formatBibtex(paper({ authorNames: [{ family: 'others', given: '' }] })), 'author'), '{{others}}');
  });

  it('escapes names and braces a part a reader would split or miss: a comma, a lone and, hyphens alone', () => {
    const names = [
      { family: 'Barnes and Noble', given: 'Ann' },
      { family: 'Smith, Jr.', given: 'A & B' },
      { family: 'O’Brien', given: '{50%} \\x' },
      { family: 'Ng', given: '-' },
      { family: 'Sandand', given: 'Andy' },
      { family: 'Kim', given: 'and }' },
    ];
    assert.equal(
      field(formatBibtex(paper({ authorNames: names })), 'author'),
      '{{Barnes and Noble}, Ann and {Smith, Jr.}, A \\& B and O{’}Brien, \\{50\\%\\} \\textbackslash{}x and Ng, {-} and Sandand, Andy and Kim, {\\iffalse\\{\\fi{}and \\}}}',
    );
  });

  it('writes no author field when no name is known, never an empty one', () => {
    for (const authorNames of [undefined, null, [], [{ family: ' ', given: '\n' }]]) {
      assert.doesNotMatch(formatBibtex(paper({ authorNames })), /author/);
    }
  });

  it('writes @article with journal, or @inproceedings with booktitle for proceedings, when a venue is known, and no howpublished then', () => {
    const journal = formatBibtex(onArxiv({ venue: 'Journal of Machine Learning Research' }));
    assert.match(journal, /^@article\{help-i454,\n/);
    assert.equal(field(journal, 'journal'), '{Journal of Machine Learning Research}');
    assert.equal(field(journal, 'howpublished'), undefined);
    assert.equal(field(journal, 'eprint'), '{2106.08630}');
    for (const venue of ['Proceedings of the 38th ICML', 'NeurIPS 2023', 'Findings of ACL', 'Workshop on Efficient NLP']) {
      const bib = formatBibtex(paper({ venue }));
      assert.match(bib, /^@inproceedings\{/, venue);
      assert.equal(field(bib, 'booktitle'), `{${escapeBibtex(venue)}}`);
    }
    for (const venue of [
      'IEEE Transactions on Pattern Analysis and Machine Intelligence',
      'Transactions of the ACL',
      'Nature',
      'Phys. Rev. D 76, 013009 (2007)',
    ]) {
      assert.match(formatBibtex(paper({ venue })), /^@article\{/, venue);
    }
    assert.equal(field(formatBibtex(paper({ venue: 'A & B {x}' })), 'journal'), '{A \\& B \\{x\\}}');
  });

  it('says Hugging Face Daily Papers only of a paper a page listed', () => {
    assert.equal(field(formatBibtex(paper()), 'howpublished'), '{Hugging Face Daily Papers}');
    const fromBib = paper({ sources: [{ file: 'refs.bib', line: 1, pageDate: null, origin: 'bibtex', bibKey: 'k' }] });
    assert.equal(field(formatBibtex(fromBib), 'howpublished'), undefined);
  });

  describe('read back the same by pandoc, bibtex and the parser', () => {
    it('titles that once split an entry in two, hid the entries after it, or ran a shell command', async function () {
      this.timeout(20_000);
      const titles = [
        'Injected}} @misc{evil, title={pwned}} {{',
        'Runaway {{{{ brace',
        'Backticks `touch /tmp/pwned` and $(id)',
        'End-to-End Neural Network Compression via $\\frac{\\ell_1}{\\ell_2}$ Regularized Latency Surrogates',
        'PVT++: 50% of Q&A #1 snake_case {braces} ~tilde^caret \\backslash',
        "MoE$^2$: a -- b --- c \"quoted\" ''double'' and a model's result",
        "Ünïcode — “curly” ‘single’ ``tex'' γ τ 低延迟 %% }{ unbalanced { brace 𝔸 e\u0301",
        '\\iffalse } \\fi \\{ \\} {\\} \\\\ %\n@comment{x} @string{a = "b"}',
      ];
      await checkAllReaders(
        titles.map((title, i) => paper({ key: `k${i}`, title, abstract: `${title} (abstract)\n\u0000second line`, org: `Org & ${title.slice(0, 12)}` })),
      );
    });

    it('every shipped paper, in one file', async function () {
      this.timeout(120_000);
      await checkAllReaders(buildLibrary(seedFiles()).papers);
    });

    it('hostile titles and abstracts: braces in every arrangement, specials, quotes, unicode, control characters', async function () {
      this.timeout(120_000);
      const piece = fc.oneof(
        {
          weight: 6,
          arbitrary: fc.constantFrom('{', '}', '}}', '{{{{', '\\{', '\\}', '@', '%', '\\', '`', '$', '#', '&', '~', '^', '"', "'", "''", '``', '_', '-', '--'),
        },
        { weight: 2, arbitrary: fc.constantFrom('\n', '\r\n', '\t', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', ' ', '  ') },
        { weight: 2, arbitrary: fc.constantFrom('é', 'e\u0301', 'γ', '低延迟', '𝔸', '“', '”', '—', '\u00a0', '\u200b', '\ufeff', '🙂', 'ß') },
        { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9 .,:;!?()[\]<>=+*/|]{1,8}$/) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      );
      const text = fc
        .array(piece, { minLength: 1, maxLength: 24 })
        .map((parts) => parts.join(''))
        .filter((s) => bibtexText(s).length > 0);
      // Many entries per file: the readers start once per run, not once per entry.
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 20, maxLength: 40 }), async (pairs) => {
          await checkAllReaders(pairs.map(([title, abstract], i) => paper({ key: `p${i}`, title, abstract, org: i % 3 ? null : title })));
        }),
        // No shrinking: each run starts three readers, and the first counterexample already names the text.
        { numRuns: 15, seed: 20_261_129, endOnFailure: true },
      );
    });
  });
});

describe('parseBibtex', () => {
  const bib = [
    '% @misc{percent, title={no}}',
    '@comment{ @misc{incomment, title={x}} }',
    '@string{ acm = "ACM Press" }',
    '@article{Good1,',
    '  author = {M{\\"u}ller, J{\\"o}rg and von Neumann, John and {Barnes and Noble}},',
    '  editor = {Doe, Jane},',
    "  title = {{\\'E}tude of caf\\'e --- the {GPU}},",
    '  publisher = acm,',
    '  abstract = {text @misc{infield, title={y}} more},',
    '  year = 2020',
    '}',
    '@misc{broken,',
    '  title = {unclosed brace,',
    '  year = 2021',
    '',
    '@misc{after, title = {After the broken one}}',
    '@inproceedings{child, crossref = {Good1}, title = {Child}}',
  ].join('\n');

  it('keeps accents written as Unicode exactly, composed or not', async () => {
    const { entries } = await parseBibtex("@misc{a, title = {Cafe\u0301 café e\u0301\\'e}}", 'x.bib');
    assert.equal(entries[0].fields.title, 'Cafe\u0301 café e\u0301e\u0301');
  });

  it('turns LaTeX into Unicode, expands @string, splits names and inherits crossref fields', async () => {
    const { entries } = await parseBibtex(bib, 'refs.bib');
    const good = entries.find((e) => e.key === 'Good1')!;
    assert.equal(good.type, 'article');
    assert.equal(good.line, 4);
    assert.equal(good.fields.title, 'Étude of café — the GPU');
    assert.equal(good.fields.publisher, 'ACM Press');
    assert.equal(good.fields.year, '2020');
    assert.deepEqual(good.authors, [
      { family: 'Müller', given: 'Jörg' },
      { family: 'Neumann', given: 'John', prefix: 'von' },
      { family: 'Barnes and Noble', given: '' },
    ]);
    assert.deepEqual(good.editors, [{ family: 'Doe', given: 'Jane' }]);
    const child = entries.find((e) => e.key === 'child')!;
    assert.equal(child.fields.title, 'Child');
    assert.equal(child.fields.publisher, 'ACM Press');
  });

  it('keeps every entry after a broken one and reports the broken one at the line of its @', async () => {
    const { entries, problems } = await parseBibtex(bib, 'refs.bib');
    assert.deepEqual(
      entries.map((e) => [e.key, e.line]),
      [
        ['Good1', 4],
        ['after', 16],
        ['child', 17],
      ],
    );
    assert.equal(problems.length, 1);
    assert.deepEqual({ ...problems[0], message: '' }, { file: 'refs.bib', line: 12, severity: 'error', message: '' });
    assert.match(problems[0].message, /not valid BibTeX/);
  });

  it('reports a command it cannot turn into text as a warning on its entry, and keeps the command', async () => {
    const { entries, problems } = await parseBibtex('\n@misc{a, title = {The \\frobnicate{x} model}}', 'x.bib');
    assert.match(entries[0].fields.title, /\\frobnicate/);
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.severity]),
      [['x.bib', 2, 'warning']],
    );
    assert.match(problems[0].message, /@a: \\frobnicate/);
  });

  it('reads the text commands real files use: \\TeX and kin, \\hyphen, \\textquotesingle, \\protect, Mendeley’s \\ud line breaks', async () => {
    // Seen in biblatex-examples.bib (\TeX, \protect, \hyphen), a Mendeley export (\ud) and an ACM entry (\textquotesingle).
    const { entries, problems } = await parseBibtex(
      [
        '@book{k, title = {The {\\TeX book} and \\BibTeX}, indextitle = {\\protect\\TeX book, The}}',
        '@article{h, title = {Computation of methodology\\hyphen independent ionic solvation}}',
        '@inproceedings{q, title = {T}, booktitle = {Proceedings of {WWW} {\\textquotesingle}04}}',
        '@article{u, title = {T}, abstract = {First paragraph.\\ud \\ud Second one.}}',
      ].join('\n'),
      'x.bib',
    );
    assert.deepEqual(
      entries.map((e) => [e.fields.title, (e.fields.indextitle ?? e.fields.booktitle ?? e.fields.abstract)?.replace(/\s+/g, ' ')]),
      [
        ['The TeXbook and BibTeX', 'TeXbook, The'],
        ['Computation of methodology-independent ionic solvation', undefined],
        ['T', 'Proceedings of WWW ’04'],
        ['T', 'First paragraph. Second one.'],
      ],
    );
    assert.deepEqual(problems, []);
  });

  it('reads Mendeley’s accent on a dotless i run into the next letters (Mat\\’\\ias, D\\’\\iaz) as í and those letters', async () => {
    const { entries, problems } = await parseBibtex(
      "@article{a, title = {T}, author = {Altamirano, Mat\\'\\ias and Terr{\\'{o}}n-D\\'\\iaz, Mar\\'\\ia E and B\\\"\\i{}k, \\'{\\i}{\\`\\i}}}",
      'x.bib',
    );
    assert.deepEqual(
      entries[0].authors.map((n) => `${n.family}|${n.given}`),
      ['Altamirano|Matías', 'Terrón-Díaz|María E', 'Bïk|íì'],
    );
    assert.deepEqual(problems, []);
  });

  it('reads an entry with a missing comma, an unpaired $ or a key bibtex takes but the parser refuses, with a warning at its line', async () => {
    // Each slip is from a real file: a hand-kept library (isbn then doi), OCR'd abstracts (JabRef), a Mendeley key.
    const text = [
      '@misc{a, title={A}}',
      '@article{Meijer1991,',
      '  author= {Meijer, Erik},',
      '  title= {Functional programming},',
      '  isbn= {978-3-540-47599-6}',
      '  doi = {10.1007/3540543961_7},',
      '}',
      '@misc{b, title={Solar cells}, abstract={cost $5 per watt and $x$ more}}',
      '@misc{c, title={Oxide}, abstract={an A1~O~ layer $ with $\\alpha$ b}}',
      '@misc{Yahoo!-Finance2007, title={Y}}',
      '@misc{d, title={D} year = 2000}',
      '@misc{e, title={E}, note={never {closed}',
      '@misc{f, title={F}}',
    ].join('\n');
    const { entries, problems, unreadKeys } = await parseBibtex(text, 'x.bib');
    assert.deepEqual(
      entries.map((e) => [e.key, e.line, e.fields.title]),
      [
        ['a', 1, 'A'],
        ['Meijer1991', 2, 'Functional programming'],
        ['b', 8, 'Solar cells'],
        ['c', 9, 'Oxide'],
        ['Yahoo!-Finance2007', 10, 'Y'],
        ['d', 11, 'D'],
        ['f', 13, 'F'],
      ],
    );
    const byKey = new Map(entries.map((e) => [e.key, e]));
    assert.equal(byKey.get('Meijer1991')!.fields.doi, '10.1007/3540543961_7');
    assert.equal(byKey.get('b')!.fields.abstract, 'cost $5 per watt and x more');
    assert.equal(byKey.get('d')!.fields.year, '2000');
    assert.deepEqual(
      problems.map((p) => [p.line, p.severity, p.message.replace(/:.*/, '')]),
      [
        [2, 'warning', '@Meijer1991'],
        [8, 'warning', '@b'],
        [9, 'warning', '@c'],
        [10, 'warning', '@Yahoo!-Finance2007'],
        [11, 'warning', '@d'],
        [12, 'error', 'This entry is not valid BibTeX and was skipped'],
      ],
    );
    assert.match(problems[0].message, /comma is missing before the field doi/);
    assert.deepEqual(unreadKeys, ['e']);
  });

  it('gives a crossref child without a date its parent’s date or year, as biblatex does', async () => {
    // From biblatex-examples.bib: westfahl:space (@incollection) inherits date = 2000 from westfahl:frontier.
    const { entries } = await parseBibtex(
      [
        '@incollection{c, title = {Part}, crossref = {p}}',
        '@incollection{d, title = {Own}, date = {1999}, crossref = {p}}',
        '@collection{p, title = {Whole}, date = 2000}',
        '@inproceedings{e, title = {T}, crossref = {q}}',
        '@proceedings{q, title = {Q}, year = 2001}',
      ].join('\n'),
      'x.bib',
    );
    assert.deepEqual(
      entries.map((e) => [e.key, e.fields.date, e.fields.year]),
      [
        ['c', '2000', undefined],
        ['d', '1999', undefined],
        ['p', '2000', undefined],
        ['e', undefined, '2001'],
        ['q', undefined, '2001'],
      ],
    );
  });

  it('gives a problem about a name the line of its entry when the key holds colons', async () => {
    const { problems } = await parseBibtex(
      '@misc{x, title={X}}\n@inproceedings{Crane:2013:DGP,\n  author = {Keenan Crane, Fernando de Goes, Mathieu Desbrun, Peter Schröder},\n  title = {Digital Geometry Processing}}',
      'x.bib',
    );
    assert.deepEqual(
      problems.map((p) => [p.line, p.severity]),
      [[2, 'warning']],
    );
    assert.match(problems[0].message, /^@Crane:2013:DGP: unexpected 4-part name/);
  });

  it('reports a command in an @string or @preamble on the entry that uses it, and does not throw', async () => {
    const viaString = await parseBibtex('@string{s = {\\frobnicate{x}}}\n@misc{a, title = s}', 'x.bib');
    assert.match(viaString.entries[0].fields.title, /\\frobnicate/);
    assert.deepEqual(
      viaString.problems.map((p) => [p.line, p.message]),
      [[2, '@a: \\frobnicate is a command LitDigest cannot turn into text; kept as written']],
    );
    const viaPreamble = await parseBibtex('@preamble{"\\frobnicate{x}"}\n@misc{a, title = {T}}', 'x.bib');
    assert.deepEqual([viaPreamble.entries.map((e) => e.fields.title), viaPreamble.problems], [['T'], []]);
  });

  it('reads an empty file, or one with no entries, as no entries and no problems', async () => {
    assert.deepEqual(await parseBibtex('', 'e.bib'), { entries: [], problems: [], unreadKeys: [] });
    assert.deepEqual(await parseBibtex('% only a comment\n@comment{x}\n', 'e.bib'), { entries: [], problems: [], unreadKeys: [] });
  });

  it('gives back <script> written by escapeBibtex as text, and reads a bare < as TeX does (¡), never as markup', async () => {
    const script = '<script>alert(1)</script>';
    const { entries } = await parseBibtex(`@misc{a, abstract = {${escapeBibtex(script)}}}\n@misc{b, abstract = {${script}}}`, 'x.bib');
    assert.equal(entries[0].fields.abstract, script);
    assert.equal(entries[1].fields.abstract, '¡script¿alert(1)¡/script¿');
  });
});

describe('real .bib files read with the parser', () => {
  // Counted without a BibTeX reader; `skipped` entries are reported, every other one is read.
  for (const [name, count, skipped] of [
    ['biblatex-examples.bib', 92, 2],
    ['distrap-library-excerpt.bib', 2, 0],
    ['mendeley-library-excerpt.bib', 5, 0],
  ] as const) {
    it(`reads or reports every entry of the real ${name}, on the fast path as with the parser alone`, async () => {
      const f = sourceFixture(name);
      const full = await loadBibtexParser();
      const r = readBibtex(
        f.text,
        f.name,
        fastBibtexParser(() => full),
      );
      assert.equal(countBibEntries(f.text), count);
      assert.equal(r.entries.length, count - skipped);
      assert.equal(r.problems.filter((p) => p.severity === 'error').length, 0);
      assert.equal(r.problems.filter((p) => /skipped/.test(p.message)).length, skipped);
      assert.ok(
        r.problems.every((p) => p.line > 0),
        'every problem has a line',
      );
      assert.deepEqual(r, readBibtex(f.text, f.name, full));
    });
  }

  it('reads BibLaTeX as biblatex prints it: TeX commands, subtitles, crossref dates, journaltitle, @string venues', async () => {
    const f = sourceFixture('biblatex-examples.bib');
    const full = await loadBibtexParser();
    const byKey = new Map(readBibtex(f.text, f.name, full).entries.map((e) => [e.source.bibKey, e]));
    const pick = (key: string) => {
      const e = byKey.get(key)!;
      return [e.title, e.year, e.venue, e.authorNames?.map((n) => `${n.given} ${n.family}`).join('; ')];
    };
    assert.deepEqual(pick('knuth:ct:a'), ['The TeXbook', 1984, null, 'Donald E. Knuth']);
    assert.deepEqual(pick('kastenholz'), [
      'Computation of methodology-independent ionic solvation free energies from molecular simulations: I. The electrostatic potential in molecular liquids',
      2006,
      'J. Chem. Phys.',
      'M. A. Kastenholz; Philippe H. Hünenberger',
    ]);
    assert.deepEqual(pick('westfahl:space'), [
      'The True Frontier: Confronting and Avoiding the Realities of Space in American Science Fiction Films',
      2000,
      'Space and Beyond: The Frontier Theme in Science Fiction',
      'Gary Westfahl',
    ]);
    assert.equal(byKey.get('sigfridsson')!.venue, 'Journal of Computational Chemistry');
  });

  it('reads a hand-kept library’s missing comma and a Mendeley export’s names and keys', async () => {
    const full = await loadBibtexParser();
    const hand = readBibtex(sourceFixture('distrap-library-excerpt.bib').text, 'd.bib', full);
    assert.equal(hand.entries.find((e) => e.source.bibKey === 'Meijer1991')!.doi, '10.1007/3540543961_7');
    const mendeley = readBibtex(sourceFixture('mendeley-library-excerpt.bib').text, 'm.bib', full);
    const names = mendeley.entries.flatMap((e) => e.authorNames ?? []).map((n) => `${n.given} ${n.family}`);
    assert.ok(names.includes('María E Terrón-Díaz') && names.includes('Matías Altamirano'), names.join('; '));
    assert.deepEqual(
      mendeley.entries.map((e) => e.source.bibKey).filter((k) => /[!\\]/.test(k!)),
      ['Zhang2021textdollartextbackslashhbox\\CDBTune\\\\^\\+\\\\textdollar', 'Yahoo!-Finance2007'],
    );
  });
});

describe('bibliographyKeys', () => {
  it('reads each key with its line, and none from @comment, % lines or another entry’s field', async () => {
    const text = [
      '% @misc{percent,',
      '@comment{@misc{incomment, title={x}}}',
      '@string{x = "y"}',
      '@preamble{"p"}',
      '@misc{a,',
      '  abstract = {see @misc{infield, title={y}}},',
      '}',
      '@Article{ b2 ,',
      '}',
    ].join('\n');
    assert.deepEqual(await bibliographyKeys(text), {
      keys: [
        { key: 'a', line: 5 },
        { key: 'b2', line: 8 },
      ],
      duplicates: [],
      unreadKeys: [],
    });
  });

  it('reports a repeated key and a key differing only in case, with both lines', async () => {
    const text = '@misc{Smith2020, title={a}}\n@misc{other, title={b}}\n@misc{Smith2020, title={c}}\n@misc{smith2020, title={d}}\n';
    assert.deepEqual((await bibliographyKeys(text)).duplicates, [
      { key: 'Smith2020', line: 3, first: { key: 'Smith2020', line: 1 }, caseOnly: false },
      { key: 'smith2020', line: 4, first: { key: 'Smith2020', line: 1 }, caseOnly: true },
    ]);
  });

  it('gives the line of each of two identical entries, and of an entry after a commented-out copy', async () => {
    const same = '@misc{a, title={x}}';
    assert.deepEqual(
      (await bibliographyKeys(`${same}\n\n${same}\n`)).keys.map((k) => k.line),
      [1, 3],
    );
    assert.deepEqual((await bibliographyKeys(`% ${same}\n${same}\n`)).keys, [{ key: 'a', line: 2 }]);
  });

  it('leaves out an entry the parser could not read, keeps the rest, and names the broken key as taken', async () => {
    const { keys, unreadKeys } = await bibliographyKeys('@misc{bad, title = {x}\n@misc{good, title={y}}\n@misc{}');
    assert.deepEqual(
      keys.map((k) => k.key),
      ['good'],
    );
    assert.deepEqual(unreadKeys, ['bad']);
  });
});
