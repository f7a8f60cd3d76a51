import { strict as assert } from 'node:assert';
import { toCslJson } from '../../src/core/cite';
import { checkStyle, formatReferences, type CslItem, type FormatRequest } from '../../src/core/format';
import { shippedLocale, shippedStyle } from './cslFiles';
import { samplePaper } from './samplePaper';

const help = toCslJson(
  samplePaper({
    authorNames: [
      { family: 'Lee', given: 'Hayeon' },
      { family: 'Lee', given: 'Sewoong' },
    ],
    arxiv: '2106.08630',
  }),
) as CslItem;
const anonymous = toCslJson(samplePaper({ key: 'anon-a1', title: 'A paper with no authors', authorNames: null, year: 2024, date: null, urls: [] })) as CslItem;
const locales = [shippedLocale()];

function apa(request: Partial<FormatRequest>) {
  return formatReferences({ items: [help, anonymous], style: shippedStyle('apa'), locales, ...request });
}

describe('formatReferences', () => {
  it('formats an APA in-text citation with a page locator and the reference list entry', () => {
    const out = apa({ clusters: [[{ id: 'help-i454', locator: '3' }]] });
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.citations, ['(Lee & Lee, 2021, p. 3)']);
    assert.equal(out.bibliography.length, 1, 'only the cited item is listed');
    assert.equal(out.bibliography[0].id, 'help-i454');
    assert.match(
      out.bibliography[0].text,
      /^Lee, H., & Lee, S\. \(2021\)\. HELP: Hardware-Adaptive .* \(arXiv:2106\.08630\)\. arXiv\. https:\/\/doi\.org\/10\.48550\/arXiv\.2106\.08630$/,
    );
  });

  it('lists every item when no clusters are given', () => {
    const out = apa({});
    assert.deepEqual(out.citations, []);
    assert.deepEqual(out.bibliography.map((e) => e.id).sort(), ['anon-a1', 'help-i454']);
  });

  it('suppresses the author for [-@a] and writes the author in the sentence for @a', () => {
    const out = apa({ clusters: [[{ id: 'help-i454', suppressAuthor: true }], [{ id: 'help-i454', inText: true }]] });
    assert.deepEqual(out.citations, ['(2021)', 'Lee & Lee (2021)']);
  });

  it('numbers IEEE citations in order of first citation, and prints the in-text form of a numeric style without an author', () => {
    const out = formatReferences({
      items: [help, anonymous],
      style: shippedStyle('ieee'),
      locales,
      clusters: [[{ id: 'anon-a1' }], [{ id: 'help-i454', inText: true }], [{ id: 'anon-a1' }, { id: 'help-i454' }]],
    });
    assert.deepEqual(out.citations, ['[1]', '[2]', '[1], [2]']);
    assert.deepEqual(
      out.bibliography.map((e) => e.id),
      ['anon-a1', 'help-i454'],
    );
    assert.match(out.bibliography[1].text, /^\[2\]\s*H\. Lee and S\. Lee, “HELP/);
  });

  it('titles a paper without authors in the citation (APA)', () => {
    assert.deepEqual(apa({ clusters: [[{ id: 'anon-a1' }]] }).citations, ['(A Paper with No Authors, 2024)']);
  });

  it('leaves an unknown key out of its cluster and warns once about it', () => {
    const out = apa({ clusters: [[{ id: 'nope' }], [{ id: 'help-i454' }, { id: 'nope' }]] });
    assert.deepEqual(out.citations, ['', '(Lee & Lee, 2021)']);
    assert.deepEqual(out.problems, [{ file: 'style', line: 0, severity: 'warning', message: 'no reference for the key nope' }]);
  });

  it('escapes markup from a title in HTML output', () => {
    const hostile = { ...anonymous, title: '<script>alert(1)</script> & more' };
    const out = formatReferences({ items: [hostile], style: shippedStyle('apa'), locales, output: 'html' });
    assert.doesNotMatch(out.bibliography[0].text, /<script>/);
    assert.match(out.bibliography[0].text, /&#60;script&#62;|&lt;script&gt;/);
    assert.match(out.bibliography[0].text, /^<div class="csl-entry">/);
  });

  it('formats with the German locale when it comes first', () => {
    const out = formatReferences({
      items: [help],
      style: shippedStyle('apa'),
      locales: [shippedLocale('de-DE'), shippedLocale()],
      clusters: [[{ id: 'help-i454', locator: '3' }]],
    });
    assert.deepEqual(out.citations, ['(Lee & Lee, 2021, S. 3)']);
  });

  it('gives no text and the reason for a style that cannot be used, naming the file', () => {
    const out = formatReferences({ items: [help], style: 'hello', locales, styleName: 'my.csl', clusters: [[{ id: 'help-i454' }]] });
    assert.deepEqual(out.citations, ['']);
    assert.deepEqual(out.bibliography, []);
    assert.equal(out.problems[0].file, 'my.csl');
    assert.equal(out.problems[0].severity, 'error');
  });
});

describe('checkStyle', () => {
  it('accepts each shipped style', () => {
    for (const name of ['apa', 'ieee', 'chicago-author-date', 'acm'] as const) assert.deepEqual(checkStyle(shippedStyle(name), name, locales), [], name);
  });

  it('says a file that is not XML is not XML', () => {
    assert.match(checkStyle('{"not": "xml"}', 'x.csl', locales)[0].message, /not an XML file/);
  });

  it('says XML that is not a CSL style is not one', () => {
    assert.match(checkStyle('<?xml version="1.0"?><html><body/></html>', 'x.csl', locales)[0].message, /not a CSL style/);
  });

  it('says a dependent style names only its parent', () => {
    const dependent =
      '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/></info></style>';
    assert.match(checkStyle(dependent, 'x.csl', locales)[0].message, /dependent CSL style/);
  });

  it('reports what citeproc-js says about a style it cannot read', () => {
    const broken = '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><citation><layout><bogus/></layout></citation></style>';
    assert.deepEqual(checkStyle(broken, 'broken.csl', locales), [
      { file: 'broken.csl', line: 0, severity: 'error', message: 'citeproc-js could not read it: citeproc-js error: Undefined node name "bogus".' },
    ]);
  });
});
