import { strict as assert } from 'node:assert';
import { extractUrls } from '../../src/core/urls';

describe('extractUrls', () => {
  it('removes trailing punctuation but keeps dots inside the path', () => {
    assert.deepEqual(extractUrls('See https://github.com/HayeonLee/HELP. And https://github.com/PaddlePaddle/PaddleSeg/tree/release/2.8.'), [
      'https://github.com/HayeonLee/HELP',
      'https://github.com/PaddlePaddle/PaddleSeg/tree/release/2.8',
    ]);
  });

  it('removes commas, and a closing parenthesis that closes nothing in the link', () => {
    assert.deepEqual(extractUrls('(demo at https://funaudiollm.github.io/minmo, code at https://x.org/a_(b))'), [
      'https://funaudiollm.github.io/minmo',
      'https://x.org/a_(b)',
    ]);
  });

  it('cleans LaTeX left in the text', () => {
    assert.deepEqual(extractUrls('\\url{https://dongchaoyang.top/SimpleSpeech2\\_demo/}. \\href{https://github.com/vbdi/divprune{here}.'), [
      'https://dongchaoyang.top/SimpleSpeech2_demo/',
      'https://github.com/vbdi/divprune',
    ]);
  });

  it('ignores non-http schemes and look-alikes without a host', () => {
    assert.deepEqual(extractUrls('javascript:alert(1) ftp://x.org/a http://localhost/ https:// nothing'), []);
  });

  it('lists a repeated link once', () => {
    assert.deepEqual(extractUrls('https://a.org/x and https://a.org/x.'), ['https://a.org/x']);
  });
});
