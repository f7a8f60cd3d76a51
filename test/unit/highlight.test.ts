import { strict as assert } from 'node:assert';
import { findVerbatim, highlightRanges, type HighlightRange } from '../../src/core/highlight';
import type { Claim, HardwareTarget } from '../../src/core/model';
import { HOSTILE } from './hostile';

const claim = (text: string, extra: Partial<Claim> = {}): Claim => ({ text, metric: 'speedup', value: '2x', ...extra });
const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

/** Every range is non-empty, in order, and none overlaps the next. */
function assertWellFormed(ranges: readonly HighlightRange[], text: string): void {
  let at = 0;
  for (const r of ranges) {
    assert.ok(r.start >= at, `range ${r.start}-${r.end} overlaps or comes before ${at}`);
    assert.ok(r.end > r.start && r.end <= text.length, `range ${r.start}-${r.end} is empty or past the text`);
    assert.equal(r.ids.length, r.labels.length);
    at = r.end;
  }
}

describe('findVerbatim', () => {
  it('finds the first exact occurrence, in the text’s own offsets', () => {
    const text = 'A GPU here, and a GPU there.';
    assert.deepEqual(findVerbatim(text, 'GPU'), { start: 2, end: 5 });
  });

  it('matches across a line break or double space in the text, and a needle with its own line breaks', () => {
    const text = 'We reach  a 2x\nspeedup on\r\n  the T4.';
    const span = findVerbatim(text, 'We reach a 2x speedup on the T4.')!;
    assert.equal(slice(text, span), text);
    const inner = findVerbatim(text, '2x\n  speedup')!;
    assert.equal(slice(text, inner), '2x\nspeedup');
  });

  it('prefers the exact case, and falls back to ignoring case', () => {
    const text = 'gpu kernels on a GPU';
    assert.equal(findVerbatim(text, 'GPU')!.start, 17);
    assert.equal(findVerbatim('the Jetson ORIN board', 'Jetson Orin')!.start, 4);
  });

  it('with whole words, never matches inside a longer word or number', () => {
    assert.equal(findVerbatim('a T40 and a T4', 'T4', true)!.start, 12);
    assert.equal(findVerbatim('FPGAs only', 'FPGA', true), null);
    assert.equal(findVerbatim('FPGAs only', 'FPGA', false)!.start, 0);
    // A phrase that starts or ends with punctuation may touch a word there.
    assert.equal(findVerbatim('on (T4) boards', '(T4)', true)!.start, 3);
  });

  it('finds nothing for a blank needle or text that is not there', () => {
    assert.equal(findVerbatim('some text', '   '), null);
    assert.equal(findVerbatim('some text', 'other'), null);
    assert.equal(findVerbatim('', 'x'), null);
  });
});

describe('highlightRanges', () => {
  const abstract = 'We study LLM serving. On an NVIDIA RTX 4090 GPU, our kernel is 2.1x faster than vLLM. It also runs on edge devices.';
  const hardware: HardwareTarget[] = [
    { name: 'NVIDIA RTX 4090', class: 'GPU', phrase: 'NVIDIA RTX 4090' },
    { name: 'Edge device, model not named', class: 'Edge device', phrase: 'edge devices' },
  ];
  const claims = [claim('On an NVIDIA RTX 4090 GPU, our kernel is 2.1x faster than vLLM.', { value: '2.1x' })];

  it('marks each phrase and sentence; a phrase inside a sentence cuts it into three ranges, the middle carrying both', () => {
    const ranges = highlightRanges(abstract, { hardware, claims });
    assertWellFormed(ranges, abstract);
    assert.deepEqual(
      ranges.map((r) => [slice(abstract, r), r.kinds.join('+'), r.ids.join(' ')]),
      [
        ['On an ', 'claim', 'claim-0'],
        ['NVIDIA RTX 4090', 'hardware+claim', 'hw-0 claim-0'],
        [' GPU, our kernel is 2.1x faster than vLLM.', 'claim', 'claim-0'],
        ['edge devices', 'hardware', 'hw-1'],
      ],
    );
    assert.deepEqual(ranges[1].labels, ['Hardware: NVIDIA RTX 4090 (GPU)', 'Claim 1: speedup 2.1x']);
  });

  it('cuts overlapping phrases where each starts and ends, and joins neighbours that mark the same items', () => {
    const text = 'Runs on RTX 4090 GPU boards.';
    const ranges = highlightRanges(text, {
      hardware: [
        { name: 'NVIDIA RTX 4090', class: 'GPU', phrase: 'RTX 4090' },
        { name: 'GPU, model not named', class: 'GPU', phrase: '4090 GPU' },
      ],
      claims: [],
    });
    assertWellFormed(ranges, text);
    assert.deepEqual(
      ranges.map((r) => [slice(text, r), r.ids.join(' ')]),
      [
        ['RTX ', 'hw-0'],
        ['4090', 'hw-0 hw-1'],
        [' GPU', 'hw-1'],
      ],
    );
  });

  it('leaves out what is not found: a phrase from the title, a claim no longer in the abstract', () => {
    const ranges = highlightRanges('Nothing to see here.', {
      hardware: [{ name: 'Google TPU v4', class: 'ASIC/Accelerator', phrase: 'TPU v4' }],
      claims: [claim('A sentence that is elsewhere.')],
    });
    assert.deepEqual(ranges, []);
  });

  it('looks for the name when a target has no phrase, and only for the ids `only` allows', () => {
    const text = 'Measured on a Raspberry Pi 4 and an FPGA.';
    const paper = {
      hardware: [
        { name: 'Raspberry Pi 4', class: 'Embedded board' as const },
        { name: 'FPGA, model not named', class: 'FPGA' as const, phrase: 'FPGA' },
      ],
      claims: [],
    };
    assert.deepEqual(
      highlightRanges(text, paper).map((r) => slice(text, r)),
      ['Raspberry Pi 4', 'FPGA'],
    );
    assert.deepEqual(
      highlightRanges(text, paper, (id) => id === 'hw-1').map((r) => slice(text, r)),
      ['FPGA'],
    );
  });

  it('gives offsets in the raw text, markup and entities included, so each piece can be escaped alone', () => {
    const text = 'Intro <script>alert(1)</script> & more. We get 3x on <b>TPU</b> &amp; GPU.';
    const ranges = highlightRanges(text, {
      hardware: [{ name: 'Google TPU', class: 'ASIC/Accelerator', phrase: 'TPU' }],
      claims: [claim('We get 3x on <b>TPU</b> &amp; GPU.')],
    });
    assertWellFormed(ranges, text);
    assert.deepEqual(
      ranges.map((r) => slice(text, r)),
      ['We get 3x on <b>', 'TPU', '</b> &amp; GPU.'],
    );
  });

  it('is well formed on hostile text, whatever phrases are taken from it', () => {
    for (const text of HOSTILE) {
      const words = text.split(/\s+/).filter(Boolean);
      const ranges = highlightRanges(text, {
        hardware: words.slice(0, 3).map((w, i) => ({ name: `d${i}`, class: 'GPU' as const, phrase: w })),
        claims: [claim(text), claim(words.slice(1, 3).join(' '))],
      });
      assertWellFormed(ranges, text);
      // The whole text is a claim: every character of it is covered once.
      if (text.trim()) assert.equal(ranges.map((r) => slice(text, r)).join(''), text.trim());
    }
  });
});
