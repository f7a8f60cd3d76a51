import * as assert from 'node:assert/strict';
import { PhraseMatcher } from '../../src/core/phrases';

function found(matcher: PhraseMatcher<string>, text: string): string[] {
  return matcher.match(text).map((m) => `${m.value}@${text.slice(m.start, m.end)}`);
}

describe('PhraseMatcher', () => {
  const matcher = new PhraseMatcher<string>([
    { phrase: 'Tesla K80', value: 'k80-long' },
    { phrase: 'K80', value: 'k80', caseSensitive: true },
    { phrase: 'GPU', value: 'gpu', plural: true },
    { phrase: 'AI accelerator', value: 'ai', plural: true },
    { phrase: 'x86 server', value: 'x86' },
    { phrase: 'M series chip', value: 'm' },
    { phrase: 'quantiz', value: 'quant', prefix: true },
    { phrase: 'µs latency', value: 'micro' },
    { phrase: 'ŧpu', value: 'latin-ext' },
  ]);

  it('finds phrases whose first word has one, two or three and more letters', () => {
    assert.deepEqual(found(matcher, 'An M series chip and AI accelerators beside two GPUs.'), ['m@M series chip', 'ai@AI accelerators', 'gpu@GPUs']);
  });

  it('prefers the longest phrase at one place, and keeps case-sensitive tokens case-sensitive', () => {
    assert.deepEqual(found(matcher, 'a Tesla K80 and a K80, but not a k80'), ['k80-long@Tesla K80', 'k80@K80']);
  });

  it('matches words across a hyphen or written together, and prefixes', () => {
    assert.deepEqual(found(matcher, 'AI-accelerator, AIaccelerator, x86-server and quantization'), [
      'ai@AI-accelerator',
      'ai@AIaccelerator',
      'x86@x86-server',
      'quant@quantization',
    ]);
  });

  it('finds phrases that start with characters past ASCII, and no word that only shares their low bytes', () => {
    // "ŧ" is U+0167 and "g" U+0067: the same low byte, so the first-letters filter lets "gpu" through, and the words decide.
    assert.deepEqual(found(matcher, 'a 5 µs latency on a ŧpu'), ['micro@µs latency', 'latin-ext@ŧpu']);
    assert.deepEqual(found(matcher, 'gpu ŧp µ latency'), ['gpu@gpu']);
  });

  it('finds nothing in an empty text or one of punctuation only', () => {
    assert.deepEqual(found(matcher, ''), []);
    assert.deepEqual(found(matcher, ' -- ... ,, '), []);
  });
});
