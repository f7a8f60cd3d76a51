import { strict as assert } from 'node:assert';
import { decodeDigest } from '../../src/core/decode';

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = 'Title\nAbstract é.';

describe('decodeDigest', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    const utf8 = new TextEncoder().encode(text);
    assert.equal(decodeDigest(utf8, 'f').text, text);
    assert.equal(decodeDigest(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]), 'f').text, text);
  });

  it('reads UTF-16 little- and big-endian, with a byte-order mark or without', () => {
    const le = Uint8Array.from(Buffer.from(text, 'utf16le'));
    const be = le.slice();
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
    assert.equal(decodeDigest(Uint8Array.from([0xff, 0xfe, ...le]), 'f').text, text);
    assert.equal(decodeDigest(Uint8Array.from([0xfe, 0xff, ...be]), 'f').text, text);
    assert.equal(decodeDigest(le, 'f').text, text);
    assert.equal(decodeDigest(be, 'f').text, text);
  });

  it('refuses a binary file with an error naming the offset', () => {
    const result = decodeDigest(bytes(0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a, 0x00, 0x00, 0x0d), 'img.png');
    assert.equal(result.text, null);
    assert.deepEqual(result.problems, [{ file: 'img.png', line: 0, severity: 'error', message: 'binary file (NUL byte at offset 4); not a digest, skipped' }]);
  });

  it('reads invalid UTF-8 as Windows-1252 with a warning', () => {
    const result = decodeDigest(bytes(0x43, 0x61, 0x66, 0xe9), 'latin.txt');
    assert.equal(result.text, 'Café');
    assert.equal(result.problems[0].severity, 'warning');
  });
});
