import { strict as assert } from 'node:assert';
import { bibEntryToEntry, readBibtex } from '../../src/core/sources/bibtex';
import { parseBibtexStandIn } from './bibStandIn';
import { countBibEntries, sourceFixture } from './sourceFixtures';

describe('readBibtex', () => {
  for (const [name, expected] of [
    ['budgeted-inference-refs.bib', 37],
    ['dllm-inference-reference.bib', 120],
  ] as const) {
    it(`reads or reports every entry of the real ${name}`, () => {
      const f = sourceFixture(name);
      const r = readBibtex(f.text, f.name, parseBibtexStandIn);
      assert.equal(countBibEntries(f.text), expected);
      // Every entry is read or reported as skipped; other warnings (an undefined @string) skip nothing.
      assert.equal(r.entries.length + r.problems.filter((p) => /skipped/.test(p.message)).length, expected);
      assert.equal(new Set(r.entries.map((e) => e.source.bibKey)).size, r.entries.length);
      const lines = f.text.split('\n');
      for (const e of r.entries) {
        // The key may sit on the line after the `@type{`, as in `diffullama`.
        const opening = lines.slice(e.source.line - 1, e.source.line + 1).join('\n');
        assert.match(
          opening,
          new RegExp(`^\\s*@\\w+\\{\\s*${e.source.bibKey!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*,`),
          `${e.source.bibKey} at ${e.source.line}`,
        );
      }
    });
  }

  it('finds arXiv ids in eprint fields and in "journal = { arXiv:…}", and names no venue for a preprint', () => {
    const f = sourceFixture('dllm-inference-reference.bib');
    const byKey = new Map(readBibtex(f.text, f.name, parseBibtexStandIn).entries.map((e) => [e.source.bibKey, e]));
    const gpt = byKey.get('hurst2024gpt4o')!;
    assert.deepEqual(
      [gpt.title, gpt.arxiv, gpt.venue, gpt.year, gpt.authorNames?.[0]],
      ['GPT-4o System Card', '2410.21276', null, 2024, { family: 'Hurst', given: 'Aaron' }],
    );
    const b = sourceFixture('budgeted-inference-refs.bib');
    const kojima = readBibtex(b.text, b.name, parseBibtexStandIn).entries.find((e) => e.source.bibKey === 'kojima2022large')!;
    assert.deepEqual([kojima.arxiv, kojima.venue], ['2205.11916', 'Advances in Neural Information Processing Systems']);
  });

  it('turns the markup the parser gives for \\emph, \\textsc, \\LaTeX, sub- and superscripts and \\url into plain text, and keeps a < that is text', () => {
    // Markup as Better BibTeX's parser writes it, seen in real titles (JabRef, BibLaTeX examples, a chemistry library).
    const e = bibEntryToEntry(
      {
        key: 'a',
        type: 'article',
        line: 1,
        fields: {
          title:
            '<i>Jatropha</i>: the LᴬT<sub>E</sub>X\\ Companion on Cu<sub>2-δ</sub>O at 79 <sup>∘</sup>K, <span style="font-variant:small-caps;">Sc</span> and <span class="nocase">NC</span> <b>bold</b>',
          journal: 'see <a href="https://x.org/a?b=1&c">https://x.org/a?b=1&c</a>',
          abstract: 'a <script> b < c <i >',
        },
      },
      'f.bib',
    )!;
    assert.deepEqual(
      [e.title, e.venue, e.abstract],
      ['Jatropha: the LaTeX Companion on Cu2-δO at 79 ∘K, Sc and NC bold', 'see https://x.org/a?b=1&c', 'a <script> b < c <i >'],
    );
  });

  it('joins a BibLaTeX subtitle to its title (and booksubtitle, journalsubtitle to the venue), as biblatex prints them', () => {
    const e = (fields: Record<string, string>) => bibEntryToEntry({ key: 'a', type: 'incollection', line: 1, fields }, 'f.bib')!;
    const space = e({
      title: 'The True Frontier',
      subtitle: 'Confronting and Avoiding the Realities of Space',
      booktitle: 'Space and Beyond',
      booksubtitle: 'The Frontier Theme in Science Fiction',
    });
    assert.deepEqual(
      [space.title, space.venue],
      ['The True Frontier: Confronting and Avoiding the Realities of Space', 'Space and Beyond: The Frontier Theme in Science Fiction'],
    );
    assert.equal(e({ title: 'What is it?', subtitle: 'An answer' }).title, 'What is it? An answer');
    assert.equal(e({ title: 'Plain', journaltitle: 'J', journalsubtitle: 'Sub' }).venue, 'J: Sub');
    assert.equal(e({ title: 'Plain', journal: 'J', journalsubtitle: 'ignored with journal' }).venue, 'J');
  });

  it('keeps an organisation in braces as one name', () => {
    const f = sourceFixture('dllm-inference-reference.bib');
    const e = readBibtex(f.text, f.name, parseBibtexStandIn).entries.find((x) => x.source.bibKey === 'deepmind2025gemini')!;
    assert.deepEqual(e.authorNames, [{ family: 'Google DeepMind', given: '' }]);
  });

  it('reports an entry without a title and passes on the parser problems', () => {
    const r = readBibtex('@misc{a, author = {X}}\n@article{b, title = {B}}\n@article{c, title = {C}', 'r.bib', parseBibtexStandIn);
    assert.deepEqual(
      r.entries.map((e) => e.title),
      ['B'],
    );
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.message]),
      [
        [3, '@article never closes'],
        [1, '@misc{a} has no title; skipped'],
      ],
    );
  });

  it('turns a parser that throws into one error', () => {
    const r = readBibtex('@x{', 'r.bib', () => {
      throw new Error('boom');
    });
    assert.deepEqual(r.problems, [{ file: 'r.bib', line: 0, severity: 'error', message: 'BibTeX could not be read: boom' }]);
  });

  it('reads the primary arXiv category of an arXiv entry (primaryClass or eprintclass), and none without an arXiv id', () => {
    const entry = (fields: Record<string, string>) => bibEntryToEntry({ key: 'k', type: 'misc', line: 1, fields: { title: 'T', ...fields } }, 'f.bib')!;
    assert.equal(entry({ eprint: '2106.08630', archivePrefix: 'arXiv', primaryClass: 'cs.LG' }).arxivClass, 'cs.LG');
    assert.equal(entry({ eprint: '2106.08630', eprinttype: 'arxiv', eprintclass: 'stat.ML' }).arxivClass, 'stat.ML');
    assert.equal(entry({ primaryClass: 'cs.LG' }).arxivClass, undefined);
    assert.equal(entry({ eprint: '2106.08630', primaryClass: 'computer science' }).arxivClass, undefined);
  });

  it('prefers the parser’s author names and keeps the DOI of a doi.org URL', () => {
    const e = bibEntryToEntry(
      {
        key: 'k',
        type: 'article',
        line: 4,
        fields: { Title: 'T', URL: 'https://doi.org/10.1000/ABC', Author: 'ignored' },
        authors: [
          { family: 'Doe', given: 'Jane' },
          { family: 'Beethoven', given: 'Ludwig', prefix: 'van' },
        ],
      },
      'f.bib',
    )!;
    assert.deepEqual(
      [e.authorNames, e.doi, e.source],
      [
        [
          { family: 'Doe', given: 'Jane' },
          { family: 'van Beethoven', given: 'Ludwig' },
        ],
        '10.1000/abc',
        { file: 'f.bib', line: 4, pageDate: null, origin: 'bibtex', bibKey: 'k' },
      ],
    );
  });
});
