import { strict as assert } from 'node:assert';
import { appendition, bibliographyPaths, bibtexKeys } from '../../src/core/bibliography';
import { decodeText, detectEncoding, encodeText } from '../../src/core/decode';

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
