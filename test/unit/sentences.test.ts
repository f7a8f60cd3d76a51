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

  it('ends a sentence after a unit or a word with a slash that ends in one capital, which an initial does not', () => {
    assert.deepEqual(texts('It consumes at most 49 W. Plasticine provides 76.9X.'), ['It consumes at most 49 W.', 'Plasticine provides 76.9X.']);
    assert.deepEqual(texts('It is not bottlenecked on I/O. We show a 60% cut.'), ['It is not bottlenecked on I/O.', 'We show a 60% cut.']);
    assert.deepEqual(texts('As shown by J. Doe and A. B. Smith, it works.'), ['As shown by J. Doe and A. B. Smith, it works.']);
  });

  it('splits sentences the page glued after a speedup or a slash word, not inside a link', () => {
    assert.deepEqual(texts('It gives speedups of up to 50X.Our second contribution is a format.'), [
      'It gives speedups of up to 50X.',
      'Our second contribution is a format.',
    ]);
    assert.deepEqual(texts('It enables distributed I/O.In a case study it sustains 1.3 Gb/s.'), [
      'It enables distributed I/O.',
      'In a case study it sustains 1.3 Gb/s.',
    ]);
    const link = 'Code is at github.com/org/Tool.Name and x.org/Repo.Name today.';
    assert.deepEqual(texts(link), [link]);
  });

  it('returns nothing for empty or blank text', () => {
    assert.deepEqual(texts(''), []);
    assert.deepEqual(texts('   '), []);
  });
});
