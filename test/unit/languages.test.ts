import { strict as assert } from 'node:assert';
import {
  CITING_LANGUAGES,
  DEFAULT_CITATION_STYLES,
  DEFAULT_CLAIM_TEMPLATE,
  citationGroupAt,
  citationStyleFor,
  escapeText,
  fillTemplate,
  findCitedKeys,
  formatCitation,
  keyContextAt,
  languageFamily,
  renderCitation,
  renderClaim,
  resolvesKeys,
} from '../../src/core/languages';
import type { Paper } from '../../src/core/model';
import { HOSTILE } from './hostile';
import { pandoc } from './pandoc';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

describe('CITING_LANGUAGES and languageFamily', () => {
  it('lists each citing language once with its family', () => {
    assert.deepEqual(
      CITING_LANGUAGES.map((l) => `${l.id}:${l.family}`),
      ['markdown:pandoc', 'quarto:pandoc', 'rmd:pandoc', 'latex:latex', 'tex:latex', 'typst:typst', 'plaintext:plain'],
    );
    assert.equal(new Set(CITING_LANGUAGES.map((l) => l.id)).size, CITING_LANGUAGES.length);
  });

  it('gives every citing language a default style', () => {
    for (const { id } of CITING_LANGUAGES) assert.ok(DEFAULT_CITATION_STYLES[id], id);
  });

  it('says which languages have keys a reader resolves: not plain text, not unlisted ones', () => {
    assert.deepEqual(CITING_LANGUAGES.map((l) => l.id).filter(resolvesKeys), ['markdown', 'quarto', 'rmd', 'latex', 'tex', 'typst']);
    assert.equal(resolvesKeys('python'), false);
  });

  it('reads any other language as plain', () => {
    assert.equal(languageFamily('latex'), 'latex');
    assert.equal(languageFamily('python'), 'plain');
    assert.equal(languageFamily(''), 'plain');
    assert.equal(languageFamily('LaTeX'), 'plain');
  });
});

describe('renderCitation', () => {
  it('writes each language its own form', () => {
    assert.equal(renderCitation(['a', 'b'], citationStyleFor('markdown')), '[@a; @b]');
    assert.equal(renderCitation(['a', 'b'], citationStyleFor('quarto')), '[@a; @b]');
    assert.equal(renderCitation(['a', 'b'], citationStyleFor('latex')), '\\cite{a,b}');
    assert.equal(renderCitation(['a', 'b'], citationStyleFor('typst')), '@a @b');
    assert.equal(renderCitation(['a'], citationStyleFor('python')), '[a]');
  });

  it('uses a user style where one is set', () => {
    assert.equal(
      renderCitation(['a'], citationStyleFor('latex', { latex: { template: '\\parencite{{keys}}', key: '{key}', separator: ',' } })),
      '\\parencite{a}',
    );
  });
});

describe('formatCitation', () => {
  it('writes Pandoc and LaTeX citations for one or several keys', () => {
    assert.equal(formatCitation(['a'], 'markdown'), '[@a]');
    assert.equal(formatCitation(['a', 'b'], 'markdown'), '[@a; @b]');
    assert.equal(formatCitation(['a', 'b'], 'latex'), '\\cite{a,b}');
  });
});

describe('fillTemplate', () => {
  it('replaces only known placeholders and keeps $, ${1} and backslashes literally', () => {
    assert.equal(fillTemplate('{claim} {x} ${1} \\cite', { claim: 'cost $O(n^2)$ \\alpha ${1}' }), 'cost $O(n^2)$ \\alpha ${1} {x} ${1} \\cite');
  });
});

describe('escapeText', () => {
  it('escapes for the family of the language and leaves plain text and unknown languages as they are', () => {
    const text = '20% of @x_y';
    assert.equal(escapeText(text, 'tex'), '20\\% of @x\\_y');
    assert.equal(escapeText(text, 'quarto'), '20% of \\@x\\_y');
    assert.equal(escapeText(text, 'typst'), '20% of \\@x\\_y');
    assert.equal(escapeText(text, 'plaintext'), text);
    assert.equal(escapeText(text, 'python'), text);
  });
});

describe('renderClaim', () => {
  const paper = { key: 'help-i454', title: 'HELP: 50% & $\\times$' } as Paper;

  it('writes the claim, then its citation, in the default template', () => {
    assert.equal(
      renderClaim('It is 4.8x faster.', paper, DEFAULT_CITATION_STYLES.markdown, DEFAULT_CLAIM_TEMPLATE, 'markdown'),
      'It is 4.8x faster. [@help-i454]',
    );
  });

  it('escapes the claim and the title for the language, not the citation, the key or the template', () => {
    const template = '\\emph{{title}} ({key}): {claim}~{citation} % mine';
    assert.equal(
      renderClaim('by 20% meanwhile \\input{x}', paper, DEFAULT_CITATION_STYLES.latex, template, 'latex'),
      '\\emph{HELP: 50\\% \\& $\\times$} (help-i454): by 20\\% meanwhile \\textbackslash{}input\\{x\\}~\\cite{help-i454} % mine',
    );
    assert.equal(renderClaim('see @word', paper, DEFAULT_CITATION_STYLES.markdown, '{claim} {citation}', 'markdown'), 'see \\@word [@help-i454]');
  });

  it('writes plain text verbatim', () => {
    assert.equal(renderClaim('by 20% @x', paper, DEFAULT_CITATION_STYLES.plaintext, DEFAULT_CLAIM_TEMPLATE, 'plaintext'), 'by 20% @x [help-i454]');
  });

  describe('read by pandoc: every shipped and hostile claim keeps exactly its own citation', function () {
    // One pandoc run reads every claim; on a loaded machine that takes seconds.
    this.timeout(120_000);
    const papers = buildLibrary(seedFiles()).papers;
    const cases = [
      ...papers.flatMap((p) => p.claims.map((c) => ({ claim: c.text, paper: p }))),
      ...HOSTILE.map((claim, i) => ({ claim, paper: papers[i % papers.length] })),
    ];

    /** The citation ids of every Cite element, in document order. */
    function citeIds(json: string): string[] {
      const ids: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') {
          const { t, c } = node as { t?: string; c?: [{ citationId: string }[], unknown] };
          if (t === 'Cite' && c) ids.push(...c[0].map((x) => x.citationId));
          Object.values(node).forEach(walk);
        }
      };
      walk(JSON.parse(json).blocks);
      return ids;
    }

    for (const [languageId, from] of [
      ['latex', 'latex'],
      ['markdown', 'markdown'],
    ] as const) {
      it(`in ${languageId}`, () => {
        assert.ok(cases.length > 172);
        const text = cases.map(({ claim, paper }) => renderClaim(claim, paper, citationStyleFor(languageId), DEFAULT_CLAIM_TEMPLATE, languageId)).join('\n\n');
        assert.deepEqual(
          citeIds(pandoc(text, ['-f', from, '-t', 'json'])),
          cases.map((c) => c.paper.key),
        );
      });
    }

    it('while the claims written verbatim lose citations in LaTeX (after a %) and gain some in Markdown (@word): what the escaping prevents', () => {
      const verbatim = (list: typeof cases, languageId: string) =>
        list
          .map(({ claim, paper }) => fillTemplate(DEFAULT_CLAIM_TEMPLATE, { claim, citation: renderCitation([paper.key], citationStyleFor(languageId)) }))
          .join('\n\n');
      // Every shipped claim with a bare % (and no $, which would stop pandoc reading at all) loses its citation.
      const percent = cases.filter((c) => /(?<!\\)%/.test(c.claim) && !c.claim.includes('$') && !HOSTILE.includes(c.claim));
      assert.ok(percent.length > 80, `${percent.length}`);
      assert.deepEqual(citeIds(pandoc(verbatim(percent, 'latex'), ['-f', 'latex', '-t', 'json'])), []);
      assert.ok(citeIds(pandoc(verbatim(cases, 'markdown'), ['-f', 'markdown', '-t', 'json'])).length > cases.length);
    });
  });
});

describe('citationGroupAt', () => {
  it('finds the LaTeX group around the cursor and where a key joins it', () => {
    const line = 'See \\citep[p.~3]{a,b} and more.';
    const group = citationGroupAt(line, line.indexOf('a,b') + 1, 'latex')!;
    assert.deepEqual(group.keys, ['a', 'b']);
    assert.equal(line[group.insertAt], '}');
    assert.equal(citationGroupAt(line, 2, 'latex'), null);
    assert.deepEqual(citationGroupAt(line, line.indexOf('a,b'), 'tex')?.keys, ['a', 'b']);
  });

  it('finds the Markdown group around the cursor', () => {
    const line = 'As shown [@a; @b, p. 4] before.';
    const group = citationGroupAt(line, line.indexOf('@b'), 'markdown')!;
    assert.deepEqual(group.keys, ['a', 'b']);
    assert.equal(line[group.insertAt], ']');
    assert.equal(citationGroupAt('A [link](x) here', 4, 'markdown'), null);
  });

  it('finds a Typst #cite(<key>), after which a new key joins as @key', () => {
    const line = 'As #cite(<a>, supplement: [p. 4]) shows.';
    const group = citationGroupAt(line, line.indexOf('<a>'), 'typst')!;
    assert.deepEqual(group, { keys: ['a'], insertAt: line.indexOf(' shows'), separator: ' ', keyPrefix: '@' });
    assert.equal(citationGroupAt(line, line.length, 'typst'), null);
    assert.equal(citationGroupAt('[@a; @b]', 3, 'typst'), null);
  });
});

describe('keyContextAt', () => {
  it('knows a key is being typed after @ or [@ in Markdown, not in an e-mail address', () => {
    assert.deepEqual(keyContextAt('text [@hel', 10, 'markdown'), { prefix: 'hel', start: 7 });
    assert.deepEqual(keyContextAt('text @', 6, 'markdown'), { prefix: '', start: 6 });
    assert.equal(keyContextAt('mail me@host', 12, 'markdown'), null);
  });

  it('knows a key is being typed inside \\cite{…} and its variants, after the last comma', () => {
    assert.deepEqual(keyContextAt('\\parencite{a, he', 16, 'latex'), { prefix: 'he', start: 14 });
    assert.deepEqual(keyContextAt('\\textcite[see][]{', 17, 'latex'), { prefix: '', start: 17 });
    assert.deepEqual(keyContextAt('\\cite*{x', 8, 'tex'), { prefix: 'x', start: 7 });
    assert.equal(keyContextAt('\\section{Intro', 14, 'latex'), null);
    assert.equal(keyContextAt('\\cite{a} @b', 11, 'latex'), null);
  });

  it('knows a key is being typed after @ or inside #cite(< in Typst', () => {
    assert.deepEqual(keyContextAt('see @hel', 8, 'typst'), { prefix: 'hel', start: 5 });
    assert.deepEqual(keyContextAt('#cite(<he', 9, 'typst'), { prefix: 'he', start: 7 });
    assert.equal(keyContextAt('mail me@host', 12, 'typst'), null);
    assert.equal(keyContextAt('#cite(<a>) x', 12, 'typst'), null);
  });
});

describe('findCitedKeys', () => {
  it('finds every LaTeX and Markdown key with its position', () => {
    assert.deepEqual(
      findCitedKeys('x \\cite{a, bb}\n\\autocite{c}', 'latex').map((k) => [k.key, k.line, k.start]),
      [
        ['a', 0, 8],
        ['bb', 0, 11],
        ['c', 1, 10],
      ],
    );
    assert.deepEqual(
      findCitedKeys('See [@help-i454; @x].\nmail a@b.c', 'markdown').map((k) => k.key),
      ['help-i454', 'x'],
    );
  });

  it('finds no LaTeX key outside the \\cite family, and no Markdown key in an e-mail address or escaped', () => {
    assert.deepEqual(findCitedKeys('\\section{a} \\ref{b} @c', 'latex'), []);
    assert.deepEqual(findCitedKeys('me@host.org x.@y \\@word', 'markdown'), []);
  });

  it('finds Typst #cite(<key>) and @key, but not an @ref to a label the document defines', () => {
    const text = '= Intro <intro>\nAs @help-i454 and #cite(<x:y>) show (see @intro).\nmail a@b.c';
    assert.deepEqual(
      findCitedKeys(text, 'typst').map((k) => [k.key, k.line, k.start, text.split('\n')[k.line].slice(k.start, k.end)]),
      [
        ['help-i454', 1, 4, 'help-i454'],
        ['x:y', 1, 25, 'x:y'],
      ],
    );
  });
});
