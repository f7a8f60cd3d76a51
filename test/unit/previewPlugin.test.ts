import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { toCslJson } from '../../src/core/cite';
import { formatReferences, type CslItem } from '../../src/core/format';
import { SHIPPED_STYLES, type ShippedStyle } from '../../src/core/styles';
import { citationsPlugin, type CitationContext } from '../../src/previewPlugin';
import { cslDir, shippedLocale, shippedStyle } from './cslFiles';
import { normalise, pandoc } from './pandoc';
import { samplePaper } from './samplePaper';
import { repoRoot } from './seedFiles';

/** Four papers as the library holds them: with and without authors, an arXiv preprint, proceedings, a journal with a name particle. */
const items: CslItem[] = [
  samplePaper({
    key: 'chen2025',
    title: 'Fast speculative decoding on FPGAs',
    authorNames: [
      { family: 'Chen', given: 'Li' },
      { family: 'Müller', given: 'Anna' },
    ],
    arxiv: '2503.01234',
    date: 'Mar 4, 2025',
    year: 2025,
    urls: [],
  }),
  samplePaper({
    key: 'noauth',
    title: 'A paper with no authors',
    authorNames: null,
    date: null,
    year: 2024,
    urls: ['https://huggingface.co/papers/2401.00001'],
  }),
  samplePaper({
    key: 'smith2023',
    title: 'Quantised attention',
    authorNames: [
      { family: 'Smith', given: 'John' },
      { family: 'Jones', given: 'Mary' },
      { family: 'Brown', given: 'Kate' },
    ],
    venue: 'Proceedings of MLSys',
    doi: '10.1000/xyz',
    date: null,
    year: 2023,
    urls: [],
  }),
  samplePaper({
    key: 'berg2022',
    title: 'Sparse kernels',
    authorNames: [{ family: 'van der Berg', given: 'Jan' }],
    venue: 'Journal of Fast Things',
    date: null,
    year: 2022,
    urls: [],
  }),
].map((p) => toCslJson(p) as CslItem);

const draft = readFileSync(join(repoRoot, 'test', 'fixtures', 'csl', 'draft.md'), 'utf8');

function context(style: ShippedStyle, overrides: Partial<CitationContext> = {}): CitationContext {
  return {
    item: (key) => items.find((i) => i.id === key),
    format: formatReferences,
    style: shippedStyle(style),
    locales: [shippedLocale()],
    styleName: style,
    ...overrides,
  };
}

function render(text: string, ctx: CitationContext | undefined): string {
  const md = new MarkdownIt();
  citationsPlugin(md, () => ctx);
  return md.render(text);
}

/** Text of HTML: tags dropped, entities decoded, whitespace runs made one space. */
function textOf(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' };
  return normalise(
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
      .replace(/&(\w+);/g, (m, n) => named[n] ?? m),
  )
    .replace(/\s+([.,;:)\]])/g, '$1')
    .replace(/([([])\s+/g, '$1');
}

/** The text of each element whose opening tag matches `open` (elements of the same tag name nest inside). */
function elements(html: string, open: RegExp): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(new RegExp(open.source, 'g'))) {
    const tag = /^<(\w+)/.exec(m[0])![1];
    let depth = 0;
    const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
    re.lastIndex = m.index;
    for (let t = re.exec(html); t; t = re.exec(html)) {
      depth += t[1] ? -1 : 1;
      if (!depth) {
        found.push(textOf(html.slice(m.index, t.index + t[0].length)));
        break;
      }
    }
  }
  return found;
}

/** The draft as `pandoc --citeproc --csl <style>` renders it: each citation's text and each reference's. */
function pandocRender(style: ShippedStyle): { citations: string[]; references: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-preview-'));
  writeFileSync(join(dir, 'refs.json'), JSON.stringify(items));
  const html = pandoc(draft, [
    '-f',
    'markdown',
    '-t',
    'html',
    '--citeproc',
    '--csl',
    join(cslDir, SHIPPED_STYLES[style]),
    '--bibliography',
    join(dir, 'refs.json'),
    '--wrap=none',
  ]);
  return { citations: elements(html, /<span class="citation"[^>]*>/), references: elements(html, /<div id="ref-[^"]*" class="csl-entry"[^>]*>/) };
}

function ours(style: ShippedStyle): { citations: string[]; references: string[]; html: string } {
  const html = render(draft, context(style));
  return { citations: elements(html, /<span class="litdigest-citation[^"]*"[^>]*>/), references: elements(html, /<div class="csl-entry">/), html };
}

describe('citationsPlugin', function () {
  // pandoc with citeproc takes seconds, more on a loaded machine: a slow run is not a failure of the plugin.
  this.timeout(90_000);
  it('renders the draft in APA as pandoc --citeproc does, text for text, except where pandoc 2.17 drops the label of a non-page locator', () => {
    const theirs = pandocRender('apa');
    const mine = ours('apa');
    // pandoc 2.17's citeproc prints `[@berg2022, chap. 2]` as "2" in APA; citeproc-js prints the label APA asks for.
    const known = (text: string) => text.replace('van der Berg, 2022, Chapter 2)', 'van der Berg, 2022, 2)');
    assert.deepEqual(mine.citations.map(known), theirs.citations);
    assert.equal(mine.citations[1], '(see Smith et al., 2023, p. 3; van der Berg, 2022, Chapter 2)');
    assert.deepEqual(mine.references, theirs.references);
    assert.equal(mine.references.length, 4);
  });

  it('renders the draft in IEEE as pandoc --citeproc does, except for the [Online] that citeproc-js writes before "Available:"', () => {
    const theirs = pandocRender('ieee');
    const mine = ours('ieee');
    assert.deepEqual(mine.citations, theirs.citations);
    // The IEEE style prints "[Online]." for a web item; pandoc 2.17's citeproc leaves that group out.
    const known = (text: string) => text.replace('[Online]. Available:', 'Available:');
    assert.deepEqual(mine.references.map(known), theirs.references);
    assert.ok(mine.references.some((r) => r.includes('[Online]. Available:')));
  });

  it('renders the draft in Chicago author-date as pandoc --citeproc does, except for two points of CSL 1.0.2 that pandoc 2.17 predates', () => {
    const theirs = pandocRender('chicago-author-date');
    const mine = ours('chicago-author-date');
    // As in APA, pandoc 2.17 prints a chapter locator without its label.
    assert.deepEqual(
      mine.citations.map((c) => c.replace('van der Berg 2022, chap. 2)', 'van der Berg 2022, 2)')),
      theirs.citations,
    );
    // Chicago 18th edition says "Preprint" for an item of type article (a CSL 1.0.2 condition); pandoc 2.17's citeproc leaves it out.
    assert.deepEqual(
      mine.references.map((r) => r.replace('Preprint, ', '')),
      theirs.references,
    );
    assert.equal(mine.references.filter((r) => r.includes('Preprint, ')).length, 2);
  });

  it('places the reference list at the ::: {#refs} div, keeping the text after it', () => {
    const html = ours('apa').html;
    assert.ok(html.indexOf('id="refs"') > html.indexOf('<h2>References</h2>'));
    assert.ok(html.indexOf('id="refs"') < html.indexOf('An appendix follows'));
    assert.doesNotMatch(html, /:::/);
    assert.doesNotMatch(html, /litdigest-references-heading/);
  });

  it('appends a References section when the document has no ::: {#refs} div', () => {
    const html = render('Fast [@chen2025].\n\nThe end.', context('apa'));
    assert.ok(html.indexOf('<h2 class="litdigest-references-heading">References</h2>') > html.indexOf('The end.'));
    assert.match(textOf(html), /Chen, L\., & Müller, A\. \(2025\)/);
  });

  it('adds nothing to a document without citations', () => {
    const text = '# Title\n\nMail me@example.org, see [a link](https://x.org) and `@code`.';
    assert.equal(render(text, context('apa')), new MarkdownIt().render(text));
  });

  it('flags an unknown key visibly with a class and a title naming it, and still formats the rest', () => {
    const html = render('Known [@chen2025], unknown [@nobody; @chen2025] and @ghost.', context('apa'));
    assert.match(html, /<span class="litdigest-citation litdigest-unknown" data-cites="nobody chen2025" title="[^"]*nobody">\[@nobody; @chen2025\]<\/span>/);
    assert.match(html, /<span class="litdigest-citation litdigest-unknown" data-cites="ghost" title="[^"]*ghost">@ghost<\/span>/);
    assert.match(html, /<span class="litdigest-citation" data-cites="chen2025">\(Chen &#38; Müller, 2025\)<\/span>/);
  });

  it('shows citations as written, marked pending, until the formatter is loaded', () => {
    const html = render('Fast [@chen2025].', context('apa', { format: undefined }));
    assert.match(html, /<span class="litdigest-citation litdigest-pending" data-cites="chen2025" title="[^"]+">\[@chen2025\]<\/span>/);
    assert.doesNotMatch(html, /id="refs"/);
  });

  it('leaves the document as markdown-it renders it when the context is off', () => {
    assert.equal(render('Fast [@chen2025].', undefined), '<p>Fast [@chen2025].</p>\n');
  });

  it('escapes markup in a title and in an unknown key', () => {
    const hostile = { ...items[1], id: 'evil', title: '<img src=x onerror=alert(1)>' };
    const html = render('[@evil] and [@<b>x</b>]', context('apa', { item: (key) => (key === 'evil' ? hostile : undefined) }));
    assert.doesNotMatch(html, /<img|<b>/);
  });

  it('keeps a link whose text is a key a link, with the key cited inside it as pandoc does', () => {
    const html = render('[@chen2025](https://x.org)', context('apa'));
    assert.match(html, /^<p><a href="https:\/\/x.org"><span class="litdigest-citation" data-cites="chen2025">Chen &#38; Müller \(2025\)<\/span><\/a><\/p>/);
  });
});
