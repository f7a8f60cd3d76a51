import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeBibtex, formatBibtex, toCslJson } from '../../src/core/cite';
import type { Paper } from '../../src/core/model';

function paper(overrides: Partial<Paper> = {}): Paper {
  return {
    key: 'help-i454',
    title: 'HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning',
    abstract: 'An abstract.',
    authors: 4,
    org: null,
    date: 'Jun 16, 2021',
    year: 2021,
    count: null,
    urls: ['https://github.com/HayeonLee/HELP'],
    sources: [{ file: 'a', line: 1, pageDate: null }],
    topics: ['nas'],
    hardware: [],
    claims: [],
    ...overrides,
  };
}

/** Reads BibTeX back with pandoc, the reader Markdown users build with (installed by .ci/run). */
function readWithPandoc(bibtex: string): Record<string, unknown>[] {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-bib-'));
  writeFileSync(join(dir, 'refs.bib'), bibtex);
  return JSON.parse(execFileSync('pandoc', [join(dir, 'refs.bib'), '-f', 'bibtex', '-t', 'csljson'], { encoding: 'utf8' }));
}

/** Every TeX reader typesets ' and ` as curly quotes (pandoc may even pair `x' as “x”): the one change a round trip makes. */
const typographic = (text: string) => text.replace(/'/g, '’').replace(/`/g, '‘');

describe('escapeBibtex', () => {
  it('escapes every BibTeX special character', () => {
    assert.equal(escapeBibtex('50% & {x} #1 a_b $y$ ~ ^ \\'), '50\\% \\& \\{x\\} \\#1 a\\_b \\$y\\$ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  });

  it('keeps hyphen runs from becoming dashes', () => {
    assert.equal(escapeBibtex('a -- b --- c'), 'a -{}- b -{}-{}- c');
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

  describe('read back by pandoc', () => {
    const hostile = [
      'End-to-End Neural Network Compression via $\\frac{\\ell_1}{\\ell_2}$ Regularized Latency Surrogates',
      'PVT++: 50% of Q&A #1 snake_case {braces} ~tilde^caret \\backslash',
      'dKV-Cache: The Cache for Diffusion Language Models',
      'MoE$^2$: a -- b --- c "quoted" and a model\'s result',
      'Ünïcode — “curly” γ τ 低延迟 %% }{ unbalanced { brace',
    ];
    hostile.forEach((title, i) => {
      it(`gives back title and abstract exactly: ${title.slice(0, 40)}`, () => {
        const [item] = readWithPandoc(formatBibtex(paper({ key: `k${i}`, title, abstract: `${title} (abstract)`, org: 'Org & Co' })));
        assert.equal(item.id, `k${i}`);
        assert.equal(item.title, typographic(title));
        assert.equal(item.abstract, typographic(`${title} (abstract)`));
      });
    });

    it('gives back the year, month and day, and the link', () => {
      const [item] = readWithPandoc(formatBibtex(paper({ urls: ['https://x.org/a_b%20c#frag'] })));
      assert.deepEqual(item.issued, { 'date-parts': [[2021, 6, 16]] });
      assert.equal(item.URL, 'https://x.org/a_b%20c#frag');
    });
  });
});

describe('toCslJson', () => {
  it('sets issued only when the year is known', () => {
    assert.deepEqual(toCslJson(paper()).issued, { 'date-parts': [[2021, 6, 16]] });
    assert.equal(toCslJson(paper({ date: 'Mar 3', year: null })).issued, undefined);
  });
});
