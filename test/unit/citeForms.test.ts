import { strict as assert } from 'node:assert';
import { appendition, bibliographyNames, bibtexKeys } from '../../src/core/bibliography';
import { decodeText, detectEncoding, encodeText } from '../../src/core/decode';

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
