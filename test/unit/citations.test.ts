import { strict as assert } from 'node:assert';
import { findCitations, isRefsDiv, parseBracketCitation, parseInTextCitation } from '../../src/core/citations';

describe('parseBracketCitation', () => {
  it('reads keys, prefixes, locators with labels, suffixes and suppress-author', () => {
    const src = '[see @a, p. 3; -@b, chap. 2, and passim; @{c.d}]';
    assert.deepEqual(parseBracketCitation(src, 0), {
      refs: [
        { id: 'a', prefix: 'see ', locator: '3', label: 'page' },
        { id: 'b', suppressAuthor: true, locator: '2', label: 'chapter', suffix: ', and passim' },
        { id: 'c.d' },
      ],
      end: src.length,
    });
  });

  it('reads a bare number as a page and a range as one locator', () => {
    assert.deepEqual(parseBracketCitation('[@a, 33-35]', 0)?.refs, [{ id: 'a', locator: '33-35', label: 'page' }]);
  });

  it('stops a key before trailing punctuation', () => {
    assert.deepEqual(parseBracketCitation('[@smith04.]', 0)?.refs, [{ id: 'smith04', suffix: '.' }]);
  });

  it('is not a citation: a link, a reference definition, a part without a key, an e-mail, nested brackets', () => {
    for (const src of ['[@a](https://x.org)', '[@a]: https://x.org', '[@a; see]', '[mail me@example.org]', '[a [@b]]', '[no key]', '[@a'])
      assert.equal(parseBracketCitation(src, 0), null, src);
  });
});

describe('parseInTextCitation', () => {
  it('reads @key and an optional bracketed locator after it', () => {
    assert.deepEqual(parseInTextCitation('@a says', 0), { refs: [{ id: 'a', inText: true }], end: 2 });
    assert.deepEqual(parseInTextCitation('@a [p. 3] says', 0), { refs: [{ id: 'a', inText: true, locator: '3', label: 'page' }], end: 9 });
  });

  it('is not a citation after a letter or digit (e-mail addresses), nor without a key', () => {
    assert.equal(parseInTextCitation('me@example.org', 2), null);
    assert.equal(parseInTextCitation('@ alone', 0), null);
    assert.equal(parseInTextCitation('@-x', 0), null);
  });
});

describe('findCitations', () => {
  it('finds bracketed and in-text citations in order, outside code', () => {
    const text = 'As @a shows [@b; @c].\n\n`[@code]` and\n\n```\n@fenced [@fenced]\n```\n\nmail me@example.org, see [-@d].';
    assert.deepEqual(
      findCitations(text).map((c) => c.refs.map((r) => r.id)),
      [['a'], ['b', 'c'], ['d']],
    );
  });

  it('finds nothing in an empty text', () => {
    assert.deepEqual(findCitations(''), []);
  });
});

describe('isRefsDiv', () => {
  it("recognises pandoc's ::: {#refs} placeholder and nothing else", () => {
    assert.ok(isRefsDiv('::: {#refs}\n:::'));
    assert.ok(isRefsDiv('::::: {#refs .small}\n:::::'));
    assert.ok(!isRefsDiv('::: {#notes}\n:::'));
    assert.ok(!isRefsDiv('{#refs}'));
  });
});
