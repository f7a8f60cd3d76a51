import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { loadBibtexParser, type SyncBibtexParser } from '../../src/core/bibtex';
import { completeBibtexScan, fastBibtexParser, maskedText, readBibtexFast, scanBibtex } from '../../src/core/sources/bibfast';
import { readBibtex } from '../../src/core/sources/bibtex';
import { sourceFixture } from './sourceFixtures';

let full: SyncBibtexParser;
before(async () => {
  full = await loadBibtexParser();
});

/** The fast reader (with the full parser for what it leaves) and the full parser alone give the same entries, problems and unread keys. */
function assertSame(text: string, file = 'f.bib'): ReturnType<typeof scanBibtex> {
  const scan = scanBibtex(text);
  const fast = completeBibtexScan(scan, file, full);
  assert.deepStrictEqual(fast, full(text, file), `fast reader differs on:\n${text}`);
  // The entries readBibtex maps (titles, authors, ids, venue, year, key, line) and its problems are the same too.
  assert.deepStrictEqual(
    readBibtex(text, file, () => fast),
    readBibtex(text, file, full),
  );
  return scan;
}

const entry = (body: string, key = 'k', type = 'article') => `@${type}{${key},\n${body}\n}\n`;

describe('scanBibtex', () => {
  for (const [name, minShare] of [
    ['budgeted-inference-refs.bib', 0.9],
    ['dllm-inference-reference.bib', 0.9],
  ] as const) {
    it(`reads the real ${name} exactly as the full parser does, most of it on the fast path`, () => {
      const f = sourceFixture(name);
      const scan = assertSame(f.text, f.name);
      const share = scan.fast / (scan.fast + scan.hard);
      console.log(`      ${name}: ${scan.fast} of ${scan.fast + scan.hard} entries on the fast path (${(share * 100).toFixed(1)}%)`);
      assert.ok(share >= minShare, `only ${(share * 100).toFixed(1)}% on the fast path`);
    });
  }

  it('reads the broken entries the parser repairs (missing comma, unpaired $, odd key) as the full parser does, in file order', () => {
    assertSame(
      [
        '@misc{a, title={A}}',
        '@article{Meijer1991,\n  title= {F},\n  isbn= {978}\n  doi = {10.1007/35},\n}',
        '@misc{b, title={B}, abstract={cost $5 a watt}}',
        '@misc{Yahoo!-Finance2007, title={Y}}',
        '@misc{h, title={\\emph{H}}}',
        '@misc{g, title={G}}',
        '@misc{e, title={E}, note={never {closed}',
        '@misc{d, title={D} year = 2000}',
        '@misc{f, title={F}}',
      ].join('\n'),
    );
  });

  it('reads plain text, ligatures, accents, letter commands and escapes itself, as the parser does', () => {
    const text = [
      entry(
        "title = {Caf\\'e {\\\"u}ber naive? No: M\\\"{u}ller--Smith---{GPT} ``quoted'' x~y \\& 50\\% \\o{} {\\ss} \\v{c} \\c c a\\textendash{}b},\n  year = 2021, month = jan",
      ),
      entry(
        'title = "Quoted {Title} with {\\AA}ngstr\\"om",\n  author = {M{\\"u}ller, J{\\"o}rg and van der Berg, Anna and {Google DeepMind} and Jean de La Fontaine and Li, Jr., X and others}',
        'b',
      ),
      entry(
        'title = {T}, publisher = {Barnes and Noble and {A and B}}, keywords = {b; a, B,  c}, url = {https://x.org/a_b?c=1&d=2#e}, doi = {{10.1/X}}, month = {February}',
        'c',
        'book',
      ),
    ].join('\n');
    const scan = assertSame(text);
    assert.deepEqual([scan.fast, scan.hard], [3, 0]);
  });

  it('expands @string macros, month names and # concatenation, and keeps % lines and @comment out', () => {
    const text = `% a comment line @misc{not, title = {an entry}}
@comment{ @misc{also, title={not}} }
@string{ conf = "Proc. of " }
@STRING(venue = conf # {NeurIPS})
${entry('title = {A}, booktitle = venue # " 2024", month = dec, journal = acmcs, year = "2024"', 'a', 'inproceedings')}`;
    const scan = assertSame(text);
    assert.deepEqual([scan.fast, scan.hard], [1, 0]);
    const [a] = completeBibtexScan(scan, 'f.bib').entries;
    assert.deepEqual(a.fields, { title: 'A', booktitle: 'Proc. of NeurIPS 2024', month: '12', journal: 'ACM Computing Surveys', year: '2024' });
  });

  it('leaves math, unknown commands and crossref to the full parser, with the file’s @strings and lines', () => {
    const text = `@string{j = {J. Hard}}
${entry('title = {Plain}', 'p1')}
${entry('title = {Energy $E=mc^2$ of \\foo{x}}, journal = j', 'h1')}
${entry('title = {Child}, crossref = {parent}', 'child', 'inproceedings')}
${entry('title = {Plain two}', 'p2')}
${entry('title = {Parent}, booktitle = {Proceedings}, year = 2020', 'parent', 'proceedings')}
${entry('title = {Undefined}, journal = nosuchstring', 'u1')}`;
    const scan = assertSame(text);
    // u1 names an undefined @string in its journal: read here, the name as its value.
    assert.deepEqual([scan.fast, scan.hard], [3, 3]);
    const r = completeBibtexScan(scan, 'f.bib', full);
    assert.deepEqual(
      r.entries.map((e) => [e.key, e.line]),
      [
        ['p1', 2],
        ['h1', 6],
        ['child', 10],
        ['p2', 14],
        ['parent', 18],
        ['u1', 22],
      ],
    );
    // crossref: an @inproceedings takes its booktitle from the @proceedings' title.
    assert.equal(r.entries.find((e) => e.key === 'child')!.fields.booktitle, 'Parent');
    assert.equal(r.entries.find((e) => e.key === 'h1')!.fields.journal, 'J. Hard');
    assert.equal(r.entries.find((e) => e.key === 'u1')!.fields.journal, 'nosuchstring');
  });

  it('reads fields naming an undefined @string itself, with the parser’s one warning per name, first met first', () => {
    const text = `@string{venue = "Proc. " # confname}
${entry('title = nips, booktitle = "x" # nips # "y", journal = venue, url = nips, doi = Nips, eprint = arxivid, file = pdfname, keywords = kw, month = feb2, year = yr, publisher = "Foo and " # pub, institution = inst, note = a--b, series = a_b', 'all')}
${entry('title = {Plain}, booktitle = NIPS, howpublished = nips # icml', 'again')}
@article{broken,
  title = brokenname,
  author = Doe, J.
}
${entry('title = {Energy $E=mc^2$}, journal = hardname', 'math')}
${entry('title = {Creators}, author = authname, editor = {Roe, R.}', 'creator')}
${entry('title = late, booktitle = nips', 'last')}`;
    const scan = assertSame(text, 'refs.bib');
    // Read here: again and last, and every field of `all` but series (`_` is TeX the fast path leaves to the parser);
    // the parser's: the broken entry, the math one and the creator field of `creator`.
    assert.deepEqual([scan.fast, scan.hard], [2, 4]);
    assert.deepEqual([...scan.items.find((i) => i.key === 'all')!.partial!.hard], ['series']);
    const r = completeBibtexScan(scan, 'refs.bib', full);
    const all = r.entries.find((e) => e.key === 'all')!;
    assert.deepEqual(all.fields, {
      title: 'nips',
      booktitle: 'xnipsy',
      journal: 'Proc. confname',
      url: '{nips}',
      doi: '{Nips}',
      eprint: '{arxivid}',
      file: '{pdfname}',
      month: 'feb2',
      year: 'yr',
      publisher: 'Foo and pub',
      institution: 'inst',
      note: 'a–b',
      series: 'a_b',
      keywords: '{{kw}}',
    });
    assert.equal(r.entries.find((e) => e.key === 'again')!.fields.howpublished, 'nipsicml');
    assert.deepEqual(r.entries.find((e) => e.key === 'creator')!.authors, [{ family: 'authname', given: '' }]);
    const names = ['confname', 'nips', 'Nips', 'arxivid', 'pdfname', 'kw', 'feb2', 'yr', 'pub', 'inst', 'a--b', 'a_b', 'NIPS', 'icml'];
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.severity, p.message]),
      [
        ...[...names, 'brokenname', 'Doe', 'hardname', 'authname', 'late'].map((n) => [0, 'warning', `Unresolved @string reference "${n}"`]),
        [10, 'error', r.problems.at(-1)!.message],
      ],
    );
  });

  it('reads a file whose only odd fields name undefined @strings without the full parser', async () => {
    const text = `@string{s = undefinedinside}
${entry('title = {T}, journal = s, booktitle = conf, month = conf')}`;
    const scan = assertSame(text);
    assert.equal(scan.needsFull, false);
    let loads = 0;
    const r = await readBibtexFast(text, 'f.bib', () => {
      loads++;
      return full;
    });
    assert.equal(loads, 0);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      ['Unresolved @string reference "undefinedinside"', 'Unresolved @string reference "conf"'],
    );
  });

  it('keeps every other entry of a file with a broken entry and reports file:line as the parser does', () => {
    const text = `${entry('title = {One}', 'one')}
@article{broken,
  title = {Two},
  author = Doe, J.
}
${entry('title = {Three}', 'three')}`;
    assertSame(text, 'refs.bib');
    const r = completeBibtexScan(scanBibtex(text), 'refs.bib', full);
    assert.deepEqual(
      r.entries.map((e) => e.key),
      ['one', 'three'],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.file, p.line, p.severity]),
      [
        ['refs.bib', 0, 'warning'], // `Doe` is read as an undefined @string
        ['refs.bib', 5, 'error'],
      ],
    );
  });

  it('reports an unterminated last entry and keeps the ones before it', () => {
    const text = `${entry('title = {One}', 'one')}${entry('title = {Two}', 'two')}@article{three,\n  title = {Three\n`;
    const scan = assertSame(text);
    assert.equal(scan.fast, 2);
    const r = completeBibtexScan(scan, 'f.bib', full);
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.severity]),
      [[7, 'error']],
    );
    assert.match(r.problems[0].message, /Unterminated brace-value/);
  });

  it('reports an entry without a title through readBibtex, from the fast path too', () => {
    const text = `${entry('author = {Doe, J.}', 'notitle', 'misc')}${entry('title = {T}', 't')}`;
    const scan = assertSame(text);
    assert.equal(scan.needsFull, false);
    const read = readBibtex(text, 'f.bib', () => completeBibtexScan(scan, 'f.bib'));
    assert.deepEqual(
      read.problems.map((p) => [p.line, p.message]),
      [[1, '@misc{notitle} has no title; skipped']],
    );
    assert.equal(read.entries.length, 1);
  });

  it('gives the same result as the parser on hostile input', () => {
    for (const text of [
      '',
      '@',
      '@article',
      '@article{',
      '@article{k,',
      '@article{k, title = {x}',
      '@article(k, title = {x})',
      '@article{k title = {x}}',
      '@article{, title = {no key}}',
      '@article{title = {first field, no key}}',
      '@article{k, title = {T}, title = {again}}',
      '@article{k, title = "a}b"}\n@misc{m, title = {M}}',
      '@article{k, title = "a{b"}}\n@misc{m, title = {M}}',
      '@article{k, title = {x @misc{m, title = {M}} y}}',
      '@article{k, title = {50%}, url = {a%20b}}',
      '@article{k, title = {a\n\nb}, abstract = {p1\n\np2}}',
      '@article{k, title = {\\iffalse\\{\\fi{}x}}',
      '@article{k, title = {x}} junk @ text @misc{m, title={M}}',
      '@article{k, author = {and Doe}, title = {T}}',
      '@article{k, author = {Doe, J and and Roe}, title = {T}}',
      '@article{k, author = {given=Jane, family=Doe}, title = {T}}',
      '@article{k, author = {A, B, C, D}, title = {T}}',
      '@article{k, author = {{}}, title = {T}}',
      '@article{k, author = {\\ss and Doe}, title = {T}}',
      '@article{k, title = {e\u0301 written apart}}',
      '@preamble{"\\newcommand{\\noop}[1]{}"}\n@article{k, title = {\\noop{x}T}}\n@misc{m, title={M}}',
      '@article{k, title = {T}, month = {13}, year = {0020}}',
      "@article{k, title = {{\\'{\\i}}ndice}}",
      '@article{k, title = {T}, keywords = {}}',
      '@article{a, title={A}}@article{b, title={B $x}}@article{c, title={C}}',
      '@article{a, title={A}}\n@article{b, title={B}, note={\\\\ x}}\n@article{c, title={C}}',
    ]) {
      assertSame(text);
    }
  });

  it('gives the same result as the parser on generated entries (property)', () => {
    const token = fc.constantFrom(
      'word',
      'Word',
      ' ',
      '  ',
      '\n',
      '{',
      '}',
      '{GPT}',
      '--',
      '---',
      '-',
      "'",
      "''",
      '`',
      '``',
      '~',
      '<',
      '>',
      '"',
      ',',
      ' and ',
      'and',
      ' AND ',
      'van',
      'de la',
      '.',
      ':',
      ';',
      '&',
      '\\&',
      '\\%',
      '\\_',
      '\\#',
      "\\'e",
      "{\\'e}",
      "\\'{E}",
      '\\"u',
      '{\\"o}',
      '\\v{c}',
      '\\c c',
      '\\u{a}',
      '{\\ss}',
      '\\ss',
      '\\o',
      '{\\O}',
      '\\L{}',
      '\\aa',
      '\\i',
      '\\textendash',
      '\\textemdash{}',
      '\\emph{x}',
      '\\url{y}',
      '\\url{https://a.org/x_y~z#q--r}',
      '\\url{a b}',
      '\\url{a%b}',
      '\\textasciitilde{}',
      '\\textless',
      '\\textgreater{}',
      '\\textbackslash{}',
      '\\textquoteright',
      '\\{',
      '\\}',
      '\\^{}',
      '$x$',
      '%',
      '#',
      '_',
      '^',
      'é',
      'Ü',
      '中文',
      '@',
      '=',
      '(',
      ')',
      '!',
      '?',
    );
    const value = fc.array(token, { maxLength: 12 }).map((ts) => ts.join(''));
    const field = fc.tuple(
      fc.constantFrom(
        'title',
        'author',
        'editor',
        'publisher',
        'journal',
        'booktitle',
        'abstract',
        'note',
        'url',
        'doi',
        'keywords',
        'year',
        'month',
        'eprint',
        'howpublished',
      ),
      value,
      fc.constantFrom('{}', '""'),
    );
    const entryArb = fc.tuple(fc.constantFrom('article', 'misc', 'inproceedings'), fc.array(field, { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 3 }), (entries) => {
        const text = entries
          .map(([type, fields], i) => `@${type}{key${i},\n${fields.map(([n, v, q]) => `  ${n} = ${q[0]}${v}${q[1]}`).join(',\n')}\n}\n`)
          .join('\n');
        assertSame(text);
      }),
      // BIBFAST_RUNS / BIBFAST_SEED let a longer hunt run without editing the test.
      { numRuns: Number(process.env.BIBFAST_RUNS) || 3000, seed: Number(process.env.BIBFAST_SEED) || 20261129 },
    );
  });
  it('gives the same result as the parser on generated files with undefined @string names, broken and hard entries (property)', () => {
    // Names: undefined ones (repeated, in other cases, with TeX in them), defined ones and the parser's defaults.
    const name = fc.constantFrom('nips', 'NIPS', 'Nips', 'icml', 'a--b', 'a_b', 'x.y', "o'neil", 'a&b', 'p\\q', 'jan', 'acmcs', 'defd', 'other', '2021');
    const part = fc.oneof(name, fc.constantFrom('{x}', '"y"', '{A and B}', '" and "', '{}', '{\\foo}', '{$m$}'));
    const value = fc.array(part, { minLength: 1, maxLength: 3 }).map((ps) => ps.join(' # '));
    const fieldName = fc.constantFrom(
      'title',
      'author',
      'editor',
      'publisher',
      'institution',
      'location',
      'journal',
      'booktitle',
      'note',
      'url',
      'doi',
      'eprint',
      'file',
      'keywords',
      'year',
      'month',
      'series',
    );
    const generated = fc.tuple(fc.constantFrom('article', 'misc', 'inproceedings'), fc.array(fc.tuple(fieldName, value), { minLength: 1, maxLength: 4 })).map(
      ([type, fields]) =>
        (key: string) =>
          `@${type}{${key},\n${fields.map(([n, v]) => `  ${n} = ${v}`).join(',\n')}\n}\n`,
    );
    const chunk = fc.oneof(
      { weight: 6, arbitrary: generated },
      { weight: 1, arbitrary: value.map((v) => () => `@string{defd = ${v}}\n`) },
      { weight: 1, arbitrary: name.map((n) => (key: string) => `@article{${key},\n  title = ${n},\n  author = Doe, J.\n}\n`) },
      { weight: 1, arbitrary: name.map((n) => (key: string) => `@article{${key}, title = {$x$}, journal = ${n}}\n`) },
    );
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 5 }), (chunks) => {
        assertSame(chunks.map((c, i) => c(`key${i}`)).join('\n'));
      }),
      { numRuns: Number(process.env.BIBFAST_RUNS) || 1500, seed: Number(process.env.BIBFAST_SEED) || 20261130 },
    );
  });
});

describe('maskedText', () => {
  it('blanks the entries read here but keeps every line and the column of what follows', () => {
    const text = '@a{x, title={X}} @b{y, title={$x$}}\n@c{z,\n title={Z}}\n@d{w, title={\\foo}}';
    const scan = scanBibtex(text);
    const masked = maskedText(scan);
    assert.equal(masked.split('\n').length, text.split('\n').length);
    assert.equal(masked.indexOf('@b'), text.indexOf('@b'));
    assert.equal(masked.split('\n')[3], '@d{w, title={\\foo}}');
    assert.ok(!masked.includes('@a') && !masked.includes('@c'));
  });
});

describe('readBibtexFast', () => {
  it('loads the full parser only when an entry needs it', async () => {
    let loads = 0;
    const load = () => {
      loads++;
      return full;
    };
    await readBibtexFast(entry('title = {Plain}'), 'f.bib', load);
    assert.equal(loads, 0);
    const r = await readBibtexFast(entry('title = {Math $x$}'), 'f.bib', load);
    assert.equal(loads, 1);
    assert.equal(r.entries[0].fields.title, 'Math x');
  });

  it('as a synchronous BibtexParser feeds readBibtex', () => {
    const f = sourceFixture('dllm-inference-reference.bib');
    const parse = fastBibtexParser(() => full);
    assert.deepStrictEqual(readBibtex(f.text, f.name, parse), readBibtex(f.text, f.name, full));
  });

  it('reads an HTML tag in a title as the ACM Digital Library exports it as markup, not as TeX would print it', () => {
    // From the ACM DL export in kozyrakis/christos-site (my_publications/acm.kozyrakis.bib): `<` and `>` came out as ¡ and ¿.
    const text = '@article{quman, title = {<i>QuMan</i>: Profile-Based Improvement of Cluster Utilization}, journal = {ACM TACO}}';
    for (const parse of [fastBibtexParser(() => full), full])
      assert.equal(readBibtex(text, 'acm.bib', parse).entries[0].title, 'QuMan: Profile-Based Improvement of Cluster Utilization');
    const spanish = '@book{s, title = {¡Hola! ¿Qué tal? ¡Bien, ita¿}}';
    assert.equal(readBibtex(spanish, 's.bib', full).entries[0].title, '¡Hola! ¿Qué tal? ¡Bien, ita¿');
  });

  it('without the full parser reports that the hard entries were not read', () => {
    const r = completeBibtexScan(scanBibtex(entry('title = {Math $x$}')), 'f.bib');
    assert.deepEqual(r.entries, []);
    assert.equal(r.problems[0].severity, 'error');
  });
});
