import { strict as assert } from 'node:assert';
import { appendition, bibliographyPaths, bibtexKeys } from '../../src/core/bibliography';
import {
  DEFAULT_CITATION_STYLES,
  citationGroupAt,
  citationStyleFor,
  fillTemplate,
  findCitedKeys,
  keyContextAt,
  renderCitation,
  renderClaim,
} from '../../src/core/cite';
import { decodeText, detectEncoding, encodeText } from '../../src/core/decode';
import type { Paper } from '../../src/core/model';

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

describe('fillTemplate', () => {
  it('replaces only known placeholders and keeps $, ${1} and backslashes literally', () => {
    assert.equal(fillTemplate('{claim} {x} ${1} \\cite', { claim: 'cost $O(n^2)$ \\alpha ${1}' }), 'cost $O(n^2)$ \\alpha ${1} {x} ${1} \\cite');
  });
});

describe('renderClaim', () => {
  it('writes the claim verbatim, then its citation', () => {
    const paper = { key: 'help-i454', title: 'HELP' } as Paper;
    assert.equal(renderClaim('It is 4.8x faster.', paper, DEFAULT_CITATION_STYLES.markdown), 'It is 4.8x faster. [@help-i454]');
  });
});

describe('citationGroupAt', () => {
  it('finds the LaTeX group around the cursor and where a key joins it', () => {
    const line = 'See \\citep[p.~3]{a,b} and more.';
    const group = citationGroupAt(line, line.indexOf('a,b') + 1, 'latex')!;
    assert.deepEqual(group.keys, ['a', 'b']);
    assert.equal(line[group.insertAt], '}');
    assert.equal(citationGroupAt(line, 2, 'latex'), null);
  });

  it('finds the Markdown group around the cursor', () => {
    const line = 'As shown [@a; @b, p. 4] before.';
    const group = citationGroupAt(line, line.indexOf('@b'), 'markdown')!;
    assert.deepEqual(group.keys, ['a', 'b']);
    assert.equal(line[group.insertAt], ']');
    assert.equal(citationGroupAt('A [link](x) here', 4, 'markdown'), null);
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
    assert.equal(keyContextAt('\\section{Intro', 14, 'latex'), null);
  });
});

describe('findCitedKeys', () => {
  it('finds every key with its position', () => {
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
});

describe('bibliographyPaths', () => {
  it('reads Markdown front matter in its three forms', () => {
    assert.deepEqual(bibliographyPaths('---\ntitle: x\nbibliography: refs.bib\n---\ntext', 'markdown'), ['refs.bib']);
    assert.deepEqual(bibliographyPaths('---\nbibliography: [a.bib, "b.bib"]\n---\n', 'markdown'), ['a.bib', 'b.bib']);
    assert.deepEqual(bibliographyPaths('---\r\nbibliography:\r\n  - a.bib\r\n  - b.bib\r\n---\r\n', 'markdown'), ['a.bib', 'b.bib']);
    assert.deepEqual(bibliographyPaths('no front matter\nbibliography: x.bib', 'markdown'), []);
  });

  it('reads LaTeX \\addbibresource and \\bibliography, skipping comments', () => {
    assert.deepEqual(bibliographyPaths('\\addbibresource{references.bib}\n% \\bibliography{old}\n\\bibliography{a,b.bib}', 'latex'), [
      'references.bib',
      'a.bib',
      'b.bib',
    ]);
  });
});

describe('bibtexKeys', () => {
  it('counts the key of an entry too broken to read as taken, so it is not appended again', async () => {
    assert.deepEqual([...(await bibtexKeys('@misc{half-open,\n  title = {never closed\n@misc{ok, title={x}}\n'))].sort(), ['half-open', 'ok']);
  });

  it('reads entry keys and skips @string, @comment and @preamble', async () => {
    assert.deepEqual([...(await bibtexKeys('@string{x = "y"}\n@misc{a,\n title={T}}\n@Article{ b2 ,\n}\n@comment{c,}'))], ['a', 'b2']);
  });
});

describe('appendition', () => {
  it('keeps CRLF line endings and adds the missing final newline', () => {
    assert.equal(appendition('@misc{a,\r\n}', ['@misc{b,\n}\n']), '\r\n\r\n@misc{b,\r\n}\r\n');
    assert.equal(appendition('@misc{a,\n}\n', ['@misc{b,\n}\n']), '\n@misc{b,\n}\n');
    assert.equal(appendition('', ['@misc{b,\n}\n']), '@misc{b,\n}\n');
    assert.equal(appendition('x', []), '');
  });
});

describe('encodeText and decodeText', () => {
  for (const encoding of ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'] as const) {
    it(`round-trips ${encoding}, byte-order mark included`, () => {
      const text = 'Ünïcode — “x” 低延迟\r\n@misc{a,}';
      const bytes = encodeText(text, encoding);
      assert.equal(detectEncoding(bytes), encoding);
      assert.equal(decodeText(bytes, encoding), text);
    });
  }

  it('refuses to decode invalid UTF-8 rather than write over bytes it cannot read', () => {
    assert.throws(() => decodeText(Uint8Array.from([0x61, 0xff, 0x62]), 'utf-8'));
  });
});
