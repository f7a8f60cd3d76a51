import { strict as assert } from 'node:assert';
import { classifyTopics, extractClaims, extractHardware } from '../../src/core/extract';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';

const names = (title: string, abstract: string) => extractHardware(title, abstract).map((h) => h.name);

describe('extractHardware', () => {
  it('normalises abbreviations and model numbers: T4, K80, P100, M2 Pro, TX2', () => {
    assert.deepEqual(names('', 'On an NVIDIA T4 GPU, our framework achieves a speedup of up to 2.12x.'), ['NVIDIA T4']);
    assert.deepEqual(names('', 'We evaluate our approach on NVIDIA Tesla-P100 GPUs.'), ['NVIDIA Tesla P100']);
    assert.deepEqual(names('', 'Additionally, we benchmark models on an Apple M2 Pro CPU and demonstrate a speedup.'), ['Apple M2 Pro']);
    assert.deepEqual(names('', 'Our network runs at 178 fps on an NVIDIA Jetson TX2 GPU and at 27 fps when using only the TX2 CPU.'), ['NVIDIA Jetson TX2']);
  });

  it('keeps each named device of a list, and drops the generic class they make redundant', () => {
    const abstract =
      'We present CBNet, a framework tailored for edge devices. Our experimental results on a Raspberry Pi 4, a Google Cloud instance, and an instance with Nvidia Tesla K80 GPU show that CBNet achieves up to 4.8x speedup.';
    assert.deepEqual(extractHardware('', abstract), [
      { name: 'Raspberry Pi 4', class: 'Embedded board' },
      { name: 'Google Cloud instance', class: 'Cloud/Datacenter' },
      { name: 'NVIDIA Tesla K80', class: 'GPU' },
    ]);
  });

  it('does not take hardware named as background, baseline or negation for the target', () => {
    assert.deepEqual(names('', 'Unlike prior work on GPUs, we target microcontrollers (MCUs).'), ['microcontrollers']);
    assert.deepEqual(names('', 'Our solver is up to 37x more energy efficient compared to two baseline solvers running on a CPU.'), []);
    assert.deepEqual(
      names('', 'Our method is trainable on a single consumer-grade GPU in under 48 hours (as opposed to a common configuration of 8x V100s).'),
      ['consumer GPU'],
    );
    assert.deepEqual(names('', 'Indeed, for devices such as HoloLens 2 where the CPU and GPU are left available for applications, we run on a DSP.'), [
      'Microsoft HoloLens 2',
    ]);
    assert.deepEqual(names('', 'There is incentive to move these workloads from the cloud to mobile devices. We introduce ApproxDet for mobile devices.'), [
      'mobile devices',
    ]);
    assert.deepEqual(names('', 'For instance, a sudden spike in CPU utilization increases latency, as our analysis shows.'), []);
  });

  it('counts a title mention even without a verb', () => {
    assert.deepEqual(names('Low-latency Real-time Voice Conversion on CPU', ''), ['CPU']);
  });

  it('gives [] when no platform is named', () => {
    assert.deepEqual(extractHardware('Music Transformer', 'Music relies heavily on repetition to build structure and meaning.'), []);
  });

  it('does not read "cutting edge" or "GPU-like" words inside other words as devices', () => {
    assert.deepEqual(names('', 'We propose a cutting-edge method that outperforms baselines on MT4Bench.'), []);
  });
});

describe('extractClaims', () => {
  it('returns result sentences verbatim with metric and value as written', () => {
    const claims = extractClaims(
      'We present CBNet. Our results show that CBNet achieves up to 4.8x speedup in inference latency and 79% reduction in energy usage.',
    );
    assert.deepEqual(claims, [
      {
        text: 'Our results show that CBNet achieves up to 4.8x speedup in inference latency and 79% reduction in energy usage.',
        metric: 'speedup',
        value: '4.8x',
      },
    ]);
  });

  it('keeps sentences whole across e.g., i.e., et al., vs., decimals, versions and links', () => {
    const abstract =
      'Experiments on three benchmarks, e.g., OBQA and CSQA, show that LiteStage achieves up to 1.70x speedup with less than 4.0% accuracy loss vs. baselines of Smith et al. on Llama 3.2 (see https://x.org/a.b). Code is available.';
    const [claim] = extractClaims(abstract);
    assert.equal(claim.text, abstract.slice(0, abstract.indexOf(' Code is')));
    assert.equal(claim.value, '1.70x');
  });

  it('reads latency, accuracy, energy and throughput metrics', () => {
    const metric = (s: string) => extractClaims(s)[0]?.metric;
    assert.equal(metric('Our implementation shows an inference latency of 41.97 mus for one trial.'), 'latency');
    assert.equal(metric('On ImageNet, our model achieves 75.2% top-1 accuracy.'), 'accuracy');
    assert.equal(metric('It delivers a high throughput of 84 TFLOPS on one GPU.'), 'throughput');
    assert.equal(metric('Our design reduces energy consumption by 79% over the baseline.'), 'energy');
  });

  it('does not take numbers that are settings for results', () => {
    assert.deepEqual(extractClaims('We use T=5 timesteps and train on 8 GPUs with a 7B model.'), []);
    assert.deepEqual(extractClaims('With 100K sampled architectures, the latency predictor is trained in a few hours.'), []);
    assert.deepEqual(extractClaims('Existing 5G-enabled systems suffer from latencies exceeding 10ms.'), []);
    assert.deepEqual(extractClaims('Low-bit formats hold the potential to reduce the memory footprint by a factor of 16x.'), []);
    assert.deepEqual(extractClaims('Prefill can take 10s of seconds on edge devices.'), []);
  });

  it('finds nothing in an empty abstract', () => {
    assert.deepEqual(extractClaims(''), []);
  });
});

describe('classifyTopics', () => {
  it('gives one to three topics, the strongest first', () => {
    const topics = classifyTopics(
      'SpecDec++: Boosting Speculative Decoding via Adaptive Candidate Lengths',
      'Speculative decoding reduces the inference latency of a target large language model via a smaller draft model.',
    );
    assert.equal(topics[0], 'speculative-decoding');
    assert.ok(topics.length >= 1 && topics.length <= 3);
  });

  it('matches acronyms by case, so "kv" in lower case is not the KV cache', () => {
    assert.equal(classifyTopics('KV Cache Compression for Long Context', '')[0], 'kv-cache');
    assert.ok(!classifyTopics('A kvetch about nothing', 'We discuss nothing at all.').includes('kv-cache'));
  });

  it('falls back to the catch-all when nothing fits', () => {
    assert.deepEqual(classifyTopics('Grokfast: Accelerated Grokking by Amplifying Slow Gradients', 'Grokking is a phenomenon of delayed generalization.'), [
      DEFAULT_TAXONOMY.fallback.id,
    ]);
  });
});
