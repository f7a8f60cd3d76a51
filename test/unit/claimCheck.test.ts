import { strict as assert } from 'node:assert';
import { checkClaims, findQuantities, quantityMatches, sentenceId, statedQuantities, type ClaimFinding } from '../../src/core/claimCheck';
import { renderEvidenceTable } from '../../src/core/evidence';
import { citationStyleFor } from '../../src/core/languages';
import type { Paper } from '../../src/core/model';
import { samplePaper } from './samplePaper';

const T4 = 'On an NVIDIA T4 GPU, our framework achieves a speedup of up to 2.12x speedup with minimal generation quality degradation.';
const bild = samplePaper({
  key: 'bild-1234',
  title: 'Speculative Decoding with Big Little Decoder',
  abstract: `We propose BiLD. ${T4} Memory drops by 45 % and latency is 12 ms per token at 1000 tokens/s.`,
  claims: [
    { text: T4, metric: 'speedup', value: '2.12x', number: 2.12, unit: 'x', direction: 'higher', baseline: null, hardware: 'NVIDIA T4' },
    {
      text: 'Memory drops by 45 % and latency is 12 ms per token at 1000 tokens/s.',
      metric: 'memory',
      value: '45 %',
      number: 45,
      unit: '%',
      direction: 'reduction',
      baseline: null,
      hardware: null,
    },
  ],
});
const bare = samplePaper({ key: 'bare-0000', abstract: 'We study things without numbers.', claims: [] });
const lookup = (key: string): Paper | undefined => ({ 'bild-1234': bild, 'bare-0000': bare, mine2021: bild })[key];

function check(text: string, languageId = 'markdown', ignored?: (s: string) => boolean): ClaimFinding[] {
  return checkClaims(text, languageId, lookup, { style: citationStyleFor(languageId), ignored });
}

const q = (text: string) => {
  const [found] = findQuantities(text);
  assert.ok(found, `no quantity in ${text}`);
  return found;
};

describe('findQuantities', () => {
  it('reads multipliers, percentages and times as written, with their unit and precision', () => {
    assert.deepEqual(
      findQuantities('3.1× and 2.1x and 45 % and 45% and 45\\% and 12 ms and 1,000 tokens/s and 3.1$\\times$ and 2.5-fold and 3 times').map((f) => [
        f.text,
        f.value,
        f.decimals,
        f.unit,
      ]),
      [
        ['3.1×', 3.1, 1, 'x'],
        ['2.1x', 2.1, 1, 'x'],
        ['45 %', 45, 0, '%'],
        ['45%', 45, 0, '%'],
        ['45\\%', 45, 0, '%'],
        ['12 ms', 12, 0, 'ms'],
        ['1,000 tokens/s', 1000, 0, 'tokens/s'],
        ['3.1$\\times$', 3.1, 1, 'x'],
        ['2.5-fold', 2.5, 1, 'x'],
        ['3 times', 3, 0, 'x'],
      ],
    );
  });

  it('finds no quantity in a bare number, a year, a decade, a product or a key', () => {
    assert.deepEqual(findQuantities('In 2024, 3 models, the 1990s, a 2 x 3 grid, 3x3 kernels, key x2-ab, v1.5, GPT-4o.'), []);
  });
});

describe('quantityMatches', () => {
  it('takes a number rounded at the written precision as the paper’s: 2.12x ≈ 2.1×', () => {
    assert.ok(quantityMatches(q('2.1×'), q('2.12x')));
    assert.ok(quantityMatches(q('2×'), q('2.12x')));
  });

  it('45% = 45 %, 1,000 = 1000, 45% of a stated 45.3%', () => {
    assert.ok(quantityMatches(q('45%'), q('45 %')));
    assert.ok(quantityMatches(q('1,000 ms'), q('1000 ms')));
    assert.ok(quantityMatches(q('45%'), q('45.3%')));
  });

  it('4.5 is not 45, a more precise number is not the paper’s, and units must agree', () => {
    assert.ok(!quantityMatches(q('4.5%'), q('45%')));
    assert.ok(!quantityMatches(q('45%'), q('4.5%')));
    assert.ok(!quantityMatches(q('2.12×'), q('2.1x')));
    assert.ok(!quantityMatches(q('2.2×'), q('2.12x')));
    assert.ok(!quantityMatches(q('12 ms'), q('12 s')));
    assert.ok(!quantityMatches(q('45%'), q('45x')));
  });
});

describe('statedQuantities', () => {
  it('gives each quantity of the abstract with its sentence, and reads an abstract once', () => {
    const stated = statedQuantities(bild);
    assert.deepEqual(
      stated.map((s) => s.text),
      ['2.12x', '45 %', '12 ms', '1000 tokens/s'],
    );
    assert.equal(stated[0].sentence, T4);
    assert.equal(statedQuantities(bild), stated);
  });
});

describe('checkClaims', () => {
  it('Markdown: a number the cited paper states gets its sentence; one it does not gets the message of the issue', () => {
    const text = 'BiLD reaches 2.1× on a T4 [@bild-1234]. It is 3.1× faster [@bild-1234].\n';
    const findings = check(text);
    assert.equal(findings.length, 2);
    const [ok, bad] = findings;
    assert.equal(ok.kind, 'stated');
    assert.equal(ok.kind === 'stated' && ok.paperSentence, T4);
    assert.equal(text.slice(ok.quantity.start, ok.quantity.end), '2.1×');
    assert.equal(bad.kind, 'unstated');
    if (bad.kind !== 'unstated') return;
    assert.equal(bad.message, "3.1× is not in [@bild-1234]'s abstract; it reports 2.12x speedup.");
    assert.equal(bad.claimIndex, 0);
    assert.equal(bad.sentence.text, 'It is 3.1× faster [@bild-1234].');
    assert.equal(text.slice(bad.sentence.start, bad.sentence.end), bad.sentence.text);
  });

  it('offers the claim in the unit written: a wrong percentage points to the 45 % claim', () => {
    const [f] = check('Memory falls by 54% [@bild-1234].');
    assert.equal(f.kind === 'unstated' && f.claimIndex, 1);
    assert.match(f.kind === 'unstated' ? f.message : '', /it reports 45 % memory/);
  });

  it('LaTeX: \\cite and 45\\% and 3.1$\\times$ are read; a % comment is not', () => {
    const text = 'Memory falls by 45\\% \\cite{bild-1234}. It runs 3.1$\\times$ faster~\\citep[p.~3]{bild-1234}.\n% It is 9x faster \\cite{bild-1234}.\n';
    const findings = check(text, 'latex');
    assert.deepEqual(
      findings.map((f) => [f.kind, f.quantity.text]),
      [
        ['stated', '45\\%'],
        ['unstated', '3.1$\\times$'],
      ],
    );
    assert.match(findings[1].kind === 'unstated' ? findings[1].message : '', /^3\.1\$\\times\$ is not in \\cite\{bild-1234\}'s abstract/);
  });

  it('Typst: @key and #cite(<key>) are citations', () => {
    const findings = check('It is 2.1x faster @bild-1234. It is 7x faster #cite(<bild-1234>).', 'typst');
    assert.deepEqual(
      findings.map((f) => f.kind),
      ['stated', 'unstated'],
    );
  });

  it('checks nothing in a sentence without a citation, with an unknown key, or in a language that cites no keys', () => {
    assert.deepEqual(check('It is 3.1× faster. Another is 9x faster [@unknown-key].'), []);
    assert.deepEqual(check('It is 3.1× faster [@bild-1234].', 'plaintext'), []);
    // "@name" outside brackets is a handle in Markdown, not a citation.
    assert.deepEqual(check('Thanks @bild-1234 for the 3.1× speedup.'), []);
  });

  it('a number in a citation, in code or in an evidence table is not the writer’s claim', () => {
    const table = renderEvidenceTable([{ ...bild, key: 'bild-1234' }], { query: '', metrics: ['speedup'], columns: ['paper', 'value'] }, 'markdown');
    const text = `As shown [see @bild-1234, 3 ms]. Run \`9x\` [@bild-1234].\n\n${table.kind === 'table' ? table.text : ''}\n`;
    assert.deepEqual(check(text), []);
  });

  it('a paper whose abstract states no number: the message says so, and there is no claim to offer', () => {
    const [f] = check('It is 3.1× faster [@bare-0000].');
    assert.equal(f.kind, 'unstated');
    assert.equal(f.kind === 'unstated' && f.message, "3.1× is not in [@bare-0000]'s abstract; its abstract states no quantitative result.");
    assert.equal(f.kind === 'unstated' && f.claimIndex, null);
  });

  it('a number one of several cited papers states is stated', () => {
    assert.deepEqual(
      check('Both reach 2.1× [@bare-0000; @bild-1234].').map((f) => f.kind),
      ['stated'],
    );
  });

  it('an ignored sentence gets no diagnostic but keeps its hovers; sentences are matched by their words, not their line breaks', () => {
    const text = 'BiLD reaches 2.1× and\n  3.1× [@bild-1234].';
    const ignored = new Set([sentenceId('BiLD reaches 2.1× and 3.1× [@bild-1234].')]);
    assert.deepEqual(
      check(text, 'markdown', (s) => ignored.has(s)).map((f) => f.kind),
      ['stated'],
    );
    assert.deepEqual(
      check(text).map((f) => f.kind),
      ['stated', 'unstated'],
    );
  });

  it('a citation after the full stop belongs to the sentence before it, not across a blank line', () => {
    const text = 'It is 3.1× faster. [@bild-1234]\n\nIt is 9.9× faster.\n\n[@bild-1234]';
    const findings = check(text);
    assert.deepEqual(
      findings.map((f) => f.quantity.text),
      ['3.1×'],
    );
    assert.equal(findings[0].kind === 'unstated' && findings[0].sentence.text, 'It is 3.1× faster. [@bild-1234]');
    assert.deepEqual(
      check('It is 3.1$\\times$ faster. \\cite{bild-1234}.', 'latex').map((f) => f.kind),
      ['unstated'],
    );
  });

  it('the user’s own key is looked up like any other', () => {
    assert.deepEqual(
      check('Memory \\cite{mine2021} falls by 46\\%.', 'latex').map((f) => f.kind),
      ['unstated'],
    );
  });
});
