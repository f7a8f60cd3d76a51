import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { escapeForLatex, escapeForMarkdown, escapeForTypst, latexSegments } from '../../src/core/escape';
import { normalise, pandoc, renderPlain, straightQuotes } from './pandoc';
import { HOSTILE } from './hostile';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const library = buildLibrary(seedFiles());
/** Every claim and every title of the shipped digest: the text Insert Claim puts into documents. */
const shipped = [...library.papers.flatMap((p) => p.claims.map((c) => c.text)), ...library.papers.map((p) => p.title)];

/** What pandoc should show for each LaTeX text: what is already LaTeX as pandoc renders that piece alone, everything else as written. */
function expectedLatex(texts: readonly string[]): string[] {
  const pieces = texts.map((t) => latexSegments(normalise(t)));
  const kept = [...new Set(pieces.flatMap((segments) => segments.filter((s) => s.kept).map((s) => s.text)))];
  const plain = renderPlain(kept, 'latex');
  const rendered = new Map(kept.map((k, i) => [k, plain[i]]));
  return pieces.map((segments) => segments.map((s) => (s.kept ? rendered.get(s.text)! : s.text)).join(''));
}

/** TeX makes ` and ' curly quotes, `` and '' double ones; pandoc pairs them as it sees fit. */
const latexQuotes = (text: string) => straightQuotes(normalise(text)).replace(/`/g, "'").replace(/''/g, '"');

/** Every inline element type in a pandoc JSON document. */
function elementTypes(json: string): Set<string> {
  const types = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const { t, c } = node as { t?: string; c?: unknown };
      if (t) types.add(t);
      walk(c);
      if (!t) Object.values(node).forEach(walk);
    }
  };
  walk(JSON.parse(json).blocks);
  return types;
}

function assertLatexRoundTrip(texts: readonly string[]): void {
  const got = renderPlain(texts.map(escapeForLatex), 'latex');
  const want = expectedLatex(texts);
  texts.forEach((text, i) => assert.equal(latexQuotes(got[i]), latexQuotes(want[i]), `${JSON.stringify(text)} → ${JSON.stringify(escapeForLatex(text))}`));
}

/** pandoc's `smart` makes quotes curly and may drop a space just inside a pair it quotes (`" x "` → “x”). */
const markdownQuotes = (text: string) => straightQuotes(normalise(text)).replace(/\s*(["'])\s*/g, '$1');

function assertMarkdownRoundTrip(texts: readonly string[]): void {
  const got = renderPlain(texts.map(escapeForMarkdown), 'markdown');
  texts.forEach((text, i) =>
    assert.equal(markdownQuotes(got[i]), markdownQuotes(text), `${JSON.stringify(text)} → ${JSON.stringify(escapeForMarkdown(text))}`),
  );
}

/** Strings heavy in what Markdown, LaTeX and Typst treat specially, with letters, digits, spaces and any Unicode between. */
const TRICKY = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...'\\`*_[]<>@$~^|&#+-=:%().!?{}"\'/;,'.split('')) },
    { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'x', 'I', 'v', '1', '2', ' ', ' ', '\n', 'http://', 'cite', 'input') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 40,
});

describe('escapeForLatex', function () {
  // pandoc reads hundreds of texts per run; on a loaded machine that takes seconds.
  this.timeout(120_000);
  it('keeps math that opens with an operator as text: pandoc would typeset a space before it (found by the property test)', () => {
    assert.deepEqual(renderPlain(['!$*a$', 'x$-3$y'].map(escapeForLatex), 'latex'), ['!$*a$', 'x$-3$y']);
  });

  it('keeps what is already LaTeX: escaped specials and harmless math', () => {
    assert.equal(escapeForLatex('0.11\\%p'), '0.11\\%p');
    assert.equal(escapeForLatex('is $\\times$ and $3.1\\times$ faster'), 'is $\\times$ and $3.1\\times$ faster');
    assert.equal(escapeForLatex('$O(n^2)$ with \\& and \\_'), '$O(n^2)$ with \\& and \\_');
  });

  it('escapes every other special, so 20% no longer comments out the rest of the line', () => {
    assert.equal(escapeForLatex('by 20% meanwhile'), 'by 20\\% meanwhile');
    assert.equal(
      escapeForLatex('a & b # c _ d { e } ~ ^ < > |'),
      'a \\& b \\# c \\_ d \\{ e \\} \\textasciitilde{} \\textasciicircum{} \\textless{} \\textgreater{} $|$',
    );
    assert.equal(escapeForLatex('a--b'), 'a-{}-b');
  });

  it('prints \\input, \\write18 and \\def as text instead of running them', () => {
    assert.equal(escapeForLatex('\\input{/etc/passwd}'), '\\textbackslash{}input\\{/etc/passwd\\}');
    assert.equal(escapeForLatex('\\def\\x{y}'), '\\textbackslash{}def\\textbackslash{}x\\{y\\}');
  });

  it('escapes money, and math that could comment, run a command or not compile', () => {
    assert.equal(escapeForLatex('costs 4$ per hour and 5$'), 'costs 4\\$ per hour and 5\\$');
    assert.equal(escapeForLatex('$5 and $10'), '\\$5 and \\$10');
    for (const math of ['$50%$', '$\\input{x}$', '$a^$', '$x_}$', '$}{$', '$γ$']) assert.ok(escapeForLatex(math).startsWith('\\$'), math);
  });

  it('makes whitespace one space and braces a leading [ or * that a command before it could take as an argument', () => {
    assert.equal(escapeForLatex('  a\n\nb\t c '), 'a b c');
    assert.equal(escapeForLatex('[29] shows'), '{[}29] shows');
    assert.equal(escapeForLatex('*x'), '{*}x');
  });

  it('leaves no comment and no command but its own escapes and the harmless math symbols of the input (property)', () => {
    const allowed = new Set(['textbackslash', 'textasciitilde', 'textasciicircum', 'textless', 'textgreater', 'times', 'frac', 'ell']);
    const check = (text: string) => {
      const escaped = escapeForLatex(text);
      assert.doesNotMatch(escaped, /(?<!\\)%/, text);
      for (const [, name] of escaped.matchAll(/\\([A-Za-z]+)/g)) assert.ok(allowed.has(name), `${JSON.stringify(text)} keeps \\${name}`);
    };
    [...shipped, ...HOSTILE].forEach(check);
    fc.assert(fc.property(TRICKY, check), { numRuns: 2000 });
  });

  it('gives back every shipped claim and title when pandoc reads the LaTeX', () => {
    assertLatexRoundTrip(shipped);
  });

  it('gives back every hostile text when pandoc reads the LaTeX, and no command survives as raw LaTeX', () => {
    assertLatexRoundTrip(HOSTILE);
    const types = elementTypes(pandoc(HOSTILE.map(escapeForLatex).join('\n\n'), ['-f', 'latex+raw_tex', '-t', 'json']));
    assert.ok(!types.has('RawInline') && !types.has('RawBlock'), [...types].join(' '));
  });

  it('gives back any string when pandoc reads the LaTeX (property, 300 strings in 6 pandoc runs)', () => {
    fc.assert(
      fc.property(fc.array(TRICKY, { minLength: 50, maxLength: 50 }), (texts) => assertLatexRoundTrip(texts)),
      { numRuns: 6 },
    );
  });
});

describe('escapeForMarkdown', function () {
  // pandoc reads hundreds of texts per run; on a loaded machine that takes seconds.
  this.timeout(120_000);
  it('escapes what pandoc would read as a citation, link, HTML, emphasis, math or code', () => {
    assert.equal(escapeForMarkdown('@word'), '\\@word');
    assert.equal(escapeForMarkdown('<script>'), '\\<script\\>');
    assert.equal(escapeForMarkdown('[x](javascript:alert(1))'), '\\[x\\](javascript:alert(1))');
    assert.equal(escapeForMarkdown('*a* _b_ `c` $d$ ~e~ ^f^'), '\\*a\\* \\_b\\_ \\`c\\` \\$d\\$ \\~e\\~ \\^f\\^');
  });

  it('escapes what would start a block when the text starts a line, and nothing else there', () => {
    assert.equal(escapeForMarkdown('# head'), '\\# head');
    assert.equal(escapeForMarkdown('1. item'), '1\\. item');
    assert.equal(escapeForMarkdown('iv) item'), 'iv\\) item');
    assert.equal(escapeForMarkdown('a # b 1. c'), 'a # b 1. c');
  });

  it('gives back every shipped claim and title when pandoc reads the Markdown', () => {
    assertMarkdownRoundTrip(shipped);
  });

  it('gives back every hostile text when pandoc reads the Markdown, as plain words and quotes only', () => {
    assertMarkdownRoundTrip(HOSTILE);
    const types = elementTypes(pandoc(HOSTILE.map(escapeForMarkdown).join('\n\n'), ['-f', 'markdown', '-t', 'json']));
    assert.deepEqual(
      [...types].filter((t) => !['Para', 'Str', 'Space', 'Quoted', 'SingleQuote', 'DoubleQuote'].includes(t)),
      [],
    );
  });

  it('gives back any string when pandoc reads the Markdown (property, 300 strings in 6 pandoc runs)', () => {
    fc.assert(
      fc.property(fc.array(TRICKY, { minLength: 50, maxLength: 50 }), (texts) => assertMarkdownRoundTrip(texts)),
      { numRuns: 6 },
    );
  });
});

describe('escapeForTypst', () => {
  it('escapes markup, references, labels, math, code and comments', () => {
    assert.equal(
      escapeForTypst('#let x = 1 $y$ *b* _i_ @ref <lab> [c] `r` ~ \\'),
      '\\#let x = 1 \\$y\\$ \\*b\\* \\_i\\_ \\@ref \\<lab\\> \\[c\\] \\`r\\` \\~ \\\\',
    );
    assert.equal(escapeForTypst('a // b /* c */'), 'a \\/\\/ b \\/\\* c \\*\\/');
  });

  it('escapes dash, ellipsis and soft-hyphen shorthands and block starts', () => {
    assert.equal(escapeForTypst('a--b...c-?d'), 'a-\\-b.\\.\\.c\\-?d');
    assert.equal(escapeForTypst('= head'), '\\= head');
    assert.equal(escapeForTypst('- item'), '\\- item');
    assert.equal(escapeForTypst('12. item'), '12\\. item');
  });

  it('never leaves a backslash before a space or letter, where Typst reads a line break or a Unicode escape', () => {
    fc.assert(fc.property(TRICKY, (text) => assert.doesNotMatch(escapeForTypst(text), /(?<!\\)(?:\\\\)*\\[\sA-Za-z0-9]/)));
  });
});
