import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { squeezeSpace, titleIdentity } from '../../src/core/text';

describe('squeezeSpace', () => {
  it('gives what replacing every white-space run with one space and trimming gives, for any text (its shortcut changes nothing)', () => {
    const spaces = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\v', '\f');
    const text = fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), spaces), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => assert.equal(squeezeSpace(t), t.replace(/\s+/g, ' ').trim())),
      { numRuns: 3000 },
    );
  });
});

describe('titleIdentity', () => {
  it('is the same for a title asked again, and for titles differing only in case, punctuation and Unicode form', () => {
    const a = titleIdentity('HELP: Hardware-Adaptive  Latency');
    assert.equal(titleIdentity('help hardware adaptive latency'), a);
    assert.equal(titleIdentity('HELP: Hardware-Adaptive  Latency'), a);
    assert.equal(titleIdentity('Ｃａｆé'), titleIdentity('cafe\u0301'));
  });

  it('gives any ASCII title the identity the Unicode rule gives (the ASCII fast path changes no identity)', () => {
    const unicodeRule = (t: string) =>
      t
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    for (const t of ['HELP: Hardware-Adaptive  Latency', '  _x_ ', 'A\tB\nC', '3D-GS@30FPS!', '', '---']) assert.equal(titleIdentity(t), unicodeRule(t));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'aZ09 -_:!\t\n\x00\x7f{}'), maxLength: 40 }), (t) => titleIdentity(t) === unicodeRule(t)));
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 60 }), (t) => titleIdentity(t) === unicodeRule(t)));
  });
});
