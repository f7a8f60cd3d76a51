import { strict as assert } from 'node:assert';
import { entryMarkup, placeReferenceList, referenceListBlock, referenceListMarkers } from '../../src/core/referenceList';

const apaEntry =
  '<div class="csl-entry">Chen, L., &#38; Müller, A. (2025). <i>Fast_decoding on *FPGAs*</i> (arXiv:2503.01234). arXiv. https://doi.org/10.48550/arXiv.2503.01234</div>';
const ieeeEntry =
  '<div class="csl-entry">\n    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">L. Chen, “Fast,” <i>J. 100% Fast</i>, 2025.</div>\n  </div>';

describe('entryMarkup', () => {
  it('writes italics as Markdown emphasis and escapes Markdown in the text', () => {
    assert.equal(
      entryMarkup(apaEntry, 'markdown'),
      'Chen, L., & Müller, A. (2025). *Fast\\_decoding on \\*FPGAs\\** (arXiv:2503.01234). arXiv. https://doi.org/10.48550/arXiv.2503.01234',
    );
  });

  it('writes italics as \\textit in LaTeX, braces a leading [ and escapes what TeX would read', () => {
    assert.equal(entryMarkup(ieeeEntry, 'latex'), '{[}1] L. Chen, “Fast,” \\textit{J. 100\\% Fast}, 2025.');
  });

  it('writes Typst emphasis, and plain text without markup', () => {
    assert.equal(entryMarkup(ieeeEntry, 'typst'), '[1] L. Chen, “Fast,” _J. 100% Fast_, 2025.'.replace('[1]', '\\[1\\]'));
    assert.equal(
      entryMarkup(apaEntry, 'plaintext'),
      'Chen, L., & Müller, A. (2025). Fast_decoding on *FPGAs* (arXiv:2503.01234). arXiv. https://doi.org/10.48550/arXiv.2503.01234',
    );
  });

  it('keeps a script tag from a title inert: citeproc escapes it, and Markdown escaping keeps it text', () => {
    assert.equal(entryMarkup('<div class="csl-entry">&#60;script&#62;x&#60;/script&#62;</div>', 'markdown'), '\\<script\\>x\\</script\\>');
  });
});

describe('placeReferenceList', () => {
  const block = referenceListBlock([apaEntry], 'markdown');

  it('inserts the list at the cursor on lines of its own when the document has no markers', () => {
    const text = '# Draft\n\nText [@chen2025].\n';
    const place = placeReferenceList(text, block, 'markdown', text.length);
    assert.deepEqual([place.start, place.end], [text.length, text.length]);
    assert.equal(place.insert, `\n${block}\n`);
  });

  it('replaces exactly what is between the markers, leaving the rest byte for byte', () => {
    const [open, close] = referenceListMarkers('markdown');
    const before = '# Draft\r\n\r\nText [@chen2025].\r\n\r\n';
    const after = '\r\n\r\n## Appendix\r\n';
    const text = `${before}${open}\r\n\r\nOld entry.\r\n\r\n${close}${after}`;
    const place = placeReferenceList(text, block, 'markdown', 0);
    const result = text.slice(0, place.start) + place.insert + text.slice(place.end);
    assert.equal(result, `${before}${block}${after}`);
    assert.equal(placeReferenceList(result, block, 'markdown', 0).insert, block, 'running it again finds the same place');
  });

  it('finds the markers of LaTeX documents', () => {
    const [open, close] = referenceListMarkers('latex');
    const text = `Text \\cite{a}.\n\n${open}\n\nold\n\n${close}\n\\end{document}\n`;
    const place = placeReferenceList(text, 'NEW', 'latex', 0);
    assert.equal(text.slice(0, place.start) + place.insert + text.slice(place.end), 'Text \\cite{a}.\n\nNEW\n\\end{document}\n');
  });

  it('inserts afresh when only the opening marker is left', () => {
    const [open] = referenceListMarkers('markdown');
    const text = `${open}\n\nno closing marker\n`;
    assert.equal(placeReferenceList(text, block, 'markdown', text.length).start, text.length);
  });
});
