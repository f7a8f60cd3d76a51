import { strict as assert } from 'node:assert';
import { appendition, bibliographyNames, bibtexKeys } from '../../src/core/bibliography';
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

describe('bibliographyNames', () => {
  const names = (text: string, language = 'markdown') => bibliographyNames(text, language).names;

  it('reads Markdown front matter in its three forms', () => {
    assert.deepEqual(names('---\ntitle: x\nbibliography: refs.bib\n---\ntext'), ['refs.bib']);
    assert.deepEqual(names('---\nbibliography: [a.bib, "b.bib"]\n---\n'), ['a.bib', 'b.bib']);
    assert.deepEqual(names('---\r\nbibliography:\r\n  - a.bib\r\n  - b.bib\r\n---\r\n'), ['a.bib', 'b.bib']);
    assert.deepEqual(names('no front matter\nbibliography: x.bib'), []);
  });

  it('reads the front matter as YAML: comments, quoting, folded scalars and a closing "..."', () => {
    assert.deepEqual(names('---\nbibliography: refs.bib # my comment\n---\n'), ['refs.bib']);
    assert.deepEqual(names("---\nbibliography: 'with # hash.bib'\n...\n"), ['with # hash.bib']);
    assert.deepEqual(names('---\nbibliography: >-\n  folded\n  name.bib\n---\n'), ['folded name.bib']);
    assert.deepEqual(names('---\ntitle: |\n  bibliography: fake.bib\nbibliography:\n  - real.bib # first\n  # - commented.bib\n---\n'), ['real.bib']);
    assert.deepEqual(names('\uFEFF---\nbibliography: bom.bib\n---\n', 'quarto'), ['bom.bib']);
  });

  it('names nothing, and says why, when the front matter is not YAML; ignores values that are not file names', () => {
    const broken = bibliographyNames('---\nbibliography: [a.bib\n---\n', 'markdown');
    assert.deepEqual(broken.names, []);
    assert.match(broken.problem ?? '', /not valid YAML/);
    assert.deepEqual(names('---\nbibliography: {a: b}\n---\n'), []);
    assert.deepEqual(names('---\nbibliography: 42\n---\n'), []);
  });

  it('reads LaTeX \\addbibresource (each one) and \\bibliography{a,b}, skipping comments and remote resources', () => {
    assert.deepEqual(
      names(
        '\\addbibresource{references.bib}\n% \\bibliography{old}\n\\bibliography{a,b.bib}\n\\addbibresource[location=remote]{https://x.org/r.bib}\n\\addbibresource{more.bib}',
        'latex',
      ),
      ['references.bib', 'a.bib', 'b.bib', 'more.bib'],
    );
    assert.deepEqual(names('50\\% of \\bibliography{kept}', 'latex'), ['kept.bib']);
  });
});

describe('bibtexKeys', () => {
  it('reads entry keys and skips @string, @comment and @preamble', () => {
    assert.deepEqual([...bibtexKeys('@string{x = "y"}\n@misc{a,\n title={T}}\n@Article{ b2 ,\n}\n@comment{c,}')], ['a', 'b2']);
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
  for (const encoding of ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'utf-16le-nobom', 'utf-16be-nobom'] as const) {
    it(`round-trips ${encoding}, byte-order mark included`, () => {
      // Without a mark, UTF-16 is recognised by its NUL bytes: text that is mostly Latin, as a .bib is.
      const text = `Ünïcode — “x” 低延迟\r\n${'@misc{a, title = {Latin text}}\r\n'.repeat(4)}`;
      const bytes = encodeText(text, encoding);
      assert.equal(detectEncoding(bytes), encoding);
      assert.equal(decodeText(bytes, encoding), text);
    });
  }

  it('appends to a UTF-16 file without a byte-order mark in UTF-16, not UTF-8', () => {
    const file = encodeText('@misc{a,\n}\n', 'utf-16le-nobom');
    assert.equal(file[0], '@'.charCodeAt(0));
    const encoding = detectEncoding(file);
    assert.equal(encoding, 'utf-16le-nobom');
    const appended = encodeText('@misc{b,}\n', encoding, false);
    const whole = Uint8Array.from([...file, ...appended]);
    assert.equal(decodeText(whole, detectEncoding(whole)), '@misc{a,\n}\n@misc{b,}\n');
  });

  it('encodes appended text without a second byte-order mark', () => {
    assert.deepEqual([...encodeText('x', 'utf-8-bom', false)], [0x78]);
    assert.deepEqual([...encodeText('x', 'utf-16be', false)], [0, 0x78]);
  });

  it('refuses to decode invalid UTF-8 rather than write over bytes it cannot read', () => {
    assert.throws(() => decodeText(Uint8Array.from([0x61, 0xff, 0x62]), 'utf-8'));
  });
});
