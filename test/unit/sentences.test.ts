import { strict as assert } from 'node:assert';
import { splitSentences } from '../../src/core/sentences';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it('splits at sentence ends and keeps offsets', () => {
    const s = splitSentences('One two. Three four! Five?');
    assert.deepEqual(
      s.map((x) => x.text),
      ['One two.', 'Three four!', 'Five?'],
    );
    assert.equal(s[1].start, 9);
  });

  it('does not split after abbreviations, initials, decimals, versions or inside links', () => {
    const one = 'Tasks, e.g. OBQA, i.e. QA, as in Smith et al. and J. Doe vs. GPT-4 at 1.41x on v2.1 from https://a.org/x.y are fine.';
    assert.deepEqual(texts(one), [one]);
  });

  it('splits before a sentence that starts with a lower-case name', () => {
    assert.deepEqual(texts('It reduces latency by 4times. dLLM-Serve establishes a blueprint.'), [
      'It reduces latency by 4times.',
      'dLLM-Serve establishes a blueprint.',
    ]);
  });

  it('returns nothing for empty or blank text', () => {
    assert.deepEqual(texts(''), []);
    assert.deepEqual(texts('   '), []);
  });
});
