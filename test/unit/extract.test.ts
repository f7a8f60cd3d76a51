import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByTitleAndAbstract, classifyTopics, enrichPaper, extractClaims, extractHardware, plainMath } from '../../src/core/extract';
import type { MergedPaper } from '../../src/core/model';
import { splitSentences } from '../../src/core/sentences';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';

const names = (title: string, abstract: string) => extractHardware(title, abstract).map((h) => h.name);
const classes = (title: string, abstract: string) => [...new Set(extractHardware(title, abstract).map((h) => h.class))];

describe('extractHardware', () => {
  it('normalises abbreviations and model numbers: T4, K80, P100, M2 Pro, TX2', () => {
    assert.deepEqual(names('', 'On an NVIDIA T4 GPU, our framework achieves a speedup of up to 2.12x.'), ['NVIDIA T4']);
    assert.deepEqual(names('', 'We evaluate our approach on NVIDIA Tesla-P100 GPUs.'), ['NVIDIA Tesla P100']);
    assert.deepEqual(names('', 'Additionally, we benchmark models on an Apple M2 Pro CPU and demonstrate a speedup.'), ['Apple M2 Pro']);
    assert.deepEqual(names('', 'Our network runs at 178 fps on an NVIDIA Jetson TX2 GPU and at 27 fps when using only the TX2 CPU.'), ['NVIDIA Jetson TX2']);
  });

  it('reads families by model number, whatever the spacing, casing or typo, and folds variants into one entry', () => {
    assert.deepEqual(names('', 'We deploy it on an RTX4090 and an RTX 4090D.'), ['NVIDIA RTX 4090']);
    assert.deepEqual(names('', 'We evaluate on a GTX 1080 Ti.'), ['NVIDIA GTX 1080 Ti']);
    assert.deepEqual(names('', 'We run the detector on a Jetson nano and a Rasberry Pi 4.'), ['NVIDIA Jetson Nano', 'Raspberry Pi 4']);
    assert.deepEqual(names('', 'Our accelerator is implemented on a Lattice iCE40 and evaluated on the Xilinx ZCU102.'), ['Lattice FPGA', 'Xilinx Zynq']);
    assert.deepEqual(classes('', 'We run the sampler on a D-Wave quantum annealer.'), ['Quantum']);
    assert.deepEqual(classes('', 'We deploy the model on a Snapdragon 8 Gen 2 phone with an Adreno 740 GPU.'), ['Mobile/Phone']);
  });

  it("keeps the paper's own wording as the phrase of a folded generic entry", () => {
    assert.deepEqual(extractHardware('', 'Our method is trainable on a single 24 GB consumer GPU.'), [
      { name: 'GPU, model not named', class: 'GPU', phrase: '24 GB consumer GPU' },
    ]);
  });

  it('puts a board paper that targets the edge under both classes', () => {
    assert.deepEqual(classes('', 'We present a detector tailored for edge devices and evaluate it on a Jetson Orin Nano.'), ['Edge device', 'Embedded board']);
  });

  it('classes an FPGA design that calls itself an accelerator as FPGA, and keeps an explicit ASIC', () => {
    assert.deepEqual(classes('', 'We propose a CNN accelerator and implement it on an FPGA.'), ['FPGA']);
    assert.deepEqual(classes('', 'We target FPGAs and CGRAs from one source.'), ['FPGA', 'ASIC/Accelerator']);
  });

  it('does not read point clouds, cutting-edge, edge detection or quantum-inspired search as hardware', () => {
    assert.deepEqual(names('', 'We propose a network for point cloud segmentation that runs in real time.'), []);
    assert.deepEqual(names('', 'Our cutting-edge method improves edge detection by 3%.'), []);
    assert.deepEqual(names('', 'We use a quantum-inspired evolutionary algorithm to search the space.'), []);
  });

  it('does not take the hardware of a comparison or a list of baselines for the target', () => {
    assert.deepEqual(classes('', 'Our FPGA design is 1.2x and 2.87x more power efficient than the NVIDIA K80 GPU and the i7-8700K CPU respectively.'), [
      'FPGA',
    ]);
    assert.deepEqual(classes('', 'Our engine delivers a 13x speedup over a Xeon core.'), []);
  });

  it('keeps each named device of a list, and the generic target of another class', () => {
    const abstract =
      'We present CBNet, a framework tailored for edge devices. Our experimental results on a Raspberry Pi 4, a Google Cloud instance, and an instance with Nvidia Tesla K80 GPU show that CBNet achieves up to 4.8x speedup.';
    assert.deepEqual(
      extractHardware('', abstract).map(({ name, class: c }) => ({ name, class: c })),
      [
        { name: 'Edge device, model not named', class: 'Edge device' },
        { name: 'Raspberry Pi 4', class: 'Embedded board' },
        { name: 'Google Cloud', class: 'Cloud/Datacenter' },
        { name: 'NVIDIA Tesla K80', class: 'GPU' },
      ],
    );
  });

  it('does not take hardware named as background, baseline or negation for the target', () => {
    assert.deepEqual(names('', 'Unlike prior work on GPUs, we target microcontrollers (MCUs).'), ['Embedded board, model not named']);
    assert.deepEqual(names('', 'Our solver is up to 37x more energy efficient compared to two baseline solvers running on a CPU.'), []);
    assert.deepEqual(
      names('', 'Our method is trainable on a single consumer-grade GPU in under 48 hours (as opposed to a common configuration of 8x V100s).'),
      ['GPU, model not named'],
    );
    assert.deepEqual(names('', 'Indeed, for devices such as HoloLens 2 where the CPU and GPU are left available for applications, we run on a DSP.'), [
      'Microsoft HoloLens 2',
    ]);
    assert.deepEqual(names('', 'There is incentive to move these workloads from the cloud to mobile devices. We introduce ApproxDet for mobile devices.'), [
      'Phone, model not named',
    ]);
    assert.deepEqual(names('', 'For instance, a sudden spike in CPU utilization increases latency, as our analysis shows.'), []);
  });

  it('counts devices listed before the contribution when a later sentence of the work points back at them', () => {
    const listed = 'Edge inference matters. Examples of such devices include Raspberry Pi and NVIDIA Jetson Nano.';
    assert.deepEqual(names('', `${listed} This study characterizes the performance of models on the above devices.`), ['Raspberry Pi', 'NVIDIA Jetson Nano']);
    // Without the pointer back, the list is background.
    assert.deepEqual(names('', `${listed} This study characterizes the performance of models on a new benchmark.`), []);
  });

  it('reads in-memory computation and processors specialised for a domain as accelerators, but not a model tailored to a task', () => {
    assert.deepEqual(classes('', 'We propose new architectures for computation immersed in memory.'), ['ASIC/Accelerator']);
    assert.deepEqual(classes('', 'We present a programmable processor specialized for convolution-like data-flow.'), ['ASIC/Accelerator']);
    assert.deepEqual(classes('', 'We propose a model architecture tailored for speech.'), []);
  });

  it('lets an NPU yield to the phone it sits in, but not an accelerator design meant for mobile environments', () => {
    assert.deepEqual(classes('', 'We run the model on the NPU of a smartphone.'), ['Mobile/Phone']);
    assert.deepEqual(classes('', 'We propose a reconfigurable fabric for demanding applications in mobile environments.'), [
      'ASIC/Accelerator',
      'Mobile/Phone',
    ]);
  });

  it('counts the GPU hours of its own experiments as running on GPUs, and leaves CPU utilization aside', () => {
    assert.deepEqual(classes('', 'We ran over 7,000 experiments for more than 12,000 GPU hours in total.'), ['GPU']);
    assert.deepEqual(classes('', 'We measure CPU utilization while our kernels run on the GPU.'), ['GPU']);
  });

  it('does not take a resource listed beside memory, storage or network for a platform, nor "per-CPU" or an L4 cache', () => {
    assert.deepEqual(classes('', 'We build Pocket, which rightsizes resources (CPU cores, network bandwidth, storage capacity) for serverless jobs.'), [
      'Cloud/Datacenter',
    ]);
    assert.deepEqual(classes('', 'We design servers with the right balance of memory, flash and CPU resources.'), []);
    assert.deepEqual(classes('', 'Our scheduler supports models from per-CPU to centralized ones.'), []);
    assert.deepEqual(classes('', 'We propose a cache hierarchy that adds an on-package eDRAM L4 cache.'), ['CPU']);
    assert.deepEqual(classes('', 'We run our scheduler on the CPU and offload attention to the GPU.'), ['CPU', 'GPU']);
  });

  it('does not take a device named as the problem, as prior proposals or in a threat model for the target', () => {
    assert.deepEqual(classes('', 'However, FPGA lookup tables introduce significant area overheads. We propose a DRAM-based reconfigurable fabric.'), [
      'ASIC/Accelerator',
    ]);
    assert.deepEqual(
      classes('', 'Towards this goal, units based on fine-grained (FPGA) and coarse-grained (CGRA) logic have been proposed as a compromise.'),
      [],
    );
    assert.deepEqual(classes('', 'ShEF allows secure execution under a threat model where the adversary controls all software running on the CPU.'), []);
    assert.deepEqual(classes('', 'We show that this makes it difficult to use FPGA devices, so we build on GPUs.'), ['GPU']);
    assert.deepEqual(classes('', 'We present HRL, which improves on both FPGA and CGRA arrays and has the power efficiency of FPGA.'), []);
    assert.deepEqual(classes('', 'We customise the CMP, which then matches an ASIC solution within 3x of its energy.'), ['CPU']);
  });

  it('reads CPU parts, server fleets, onboard compute, on-device NPUs and engines specialised for a domain', () => {
    assert.deepEqual(classes('', 'Our control plane saves 46% of processor energy.'), ['CPU']);
    assert.deepEqual(classes('', 'We demonstrate average server utilizations of 90% on a 32-node cluster.'), ['Cloud/Datacenter']);
    assert.deepEqual(classes('Fully onboard drone detection on single-board computers', ''), ['Edge device', 'Embedded board']);
    assert.deepEqual(classes('', 'We present llm.npu, the first system utilizing on-device Neural Processing Unit (NPU) offloading.'), ['Mobile/Phone']);
    assert.deepEqual(classes('', 'We present the Convolution Engine (CE), specialized for the convolution-like data-flow.'), ['ASIC/Accelerator']);
    assert.deepEqual(names('', 'We compare the four SoCs: Raspberry Pi 4 and Google Coral Dev Board.'), ['Raspberry Pi 4', 'Google Coral Dev Board']);
  });

  it('knows devices beyond the first catalogue: L4, phones by model, Graviton, Ascend, Hailo, IBM Eagle, single-board computers', () => {
    const one = (device: string) => extractHardware('', `We implement our system on the ${device} and evaluate it.`).map((h) => `${h.name} [${h.class}]`);
    assert.deepEqual(one('NVIDIA L4'), ['NVIDIA L4 [GPU]']);
    assert.deepEqual(one('Pixel 7 Pro'), ['Google Pixel [Mobile/Phone]']);
    assert.deepEqual(one('Galaxy S24 Ultra'), ['Samsung Galaxy [Mobile/Phone]']);
    assert.deepEqual(one('Graviton3'), ['ARM Cortex-A [CPU]']);
    assert.deepEqual(one('Ascend 910B'), ['Cerebras / Groq / Graphcore [ASIC/Accelerator]']);
    assert.deepEqual(one('Hailo-8'), ['Cerebras / Groq / Graphcore [ASIC/Accelerator]']);
    assert.deepEqual(one('IBM Eagle'), ['IBM quantum computer [Quantum]']);
    assert.deepEqual(one('Orange Pi 5'), ['Other single-board computers [Embedded board]']);
    assert.deepEqual(one('Apple Watch'), ['Wearable, model not named [Wearable]']);
  });

  it('does not take a device named as what other efforts use for the target', () => {
    assert.deepEqual(classes('', 'Some efforts such as Groq address this by fast processing, but we propose turn-taking.'), []);
  });

  it('does not read cloud cover or satellite imagery as platforms, and keeps edge devices introduced with a board', () => {
    assert.deepEqual(classes('', 'We study the cloud cover in satellite images with our model.'), []);
    assert.deepEqual(classes('', 'We propose a cloud detection network for remote-sensing imagery.'), []);
    assert.deepEqual(classes('', 'We deploy our model on edge devices such as the Jetson Nano.'), ['Edge device', 'Embedded board']);
  });

  it('counts a title mention even without a verb', () => {
    assert.deepEqual(names('Low-latency Real-time Voice Conversion on CPU', ''), ['CPU, model not named']);
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
        number: 4.8,
        unit: 'x',
        direction: 'higher',
        baseline: null,
        hardware: null,
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

  it('reads numbers in LaTeX math, ranges, lost × signs and per-second units', () => {
    const first = (s: string) => {
      const [c] = extractClaims(s);
      return c && { number: c.number, unit: c.unit };
    };
    assert.deepEqual(first('Our kernel achieves a $3.1\\times$ speedup.'), { number: 3.1, unit: 'x' });
    assert.deepEqual(first('It yields $5\\times$$\\sim$$9\\times$ faster decoding than vLLM.'), { number: [5, 9], unit: 'x' });
    assert.deepEqual(first('Our model reaches $91.2\\%$ accuracy.'), { number: 91.2, unit: '%' });
    assert.deepEqual(first('We obtain a 2.7 faster decoder.'), { number: 2.7, unit: 'x' });
    assert.deepEqual(first('Our system achieves more than 1,000 tokens/sec prefilling.'), { number: 1000, unit: 'tokens/s' });
    assert.deepEqual(first('The design reaches 12.4 TOPs/s on the board.'), { number: 12.4, unit: 'TOPS' });
    assert.deepEqual(first('Our tracker runs at 8.5 ms/frame on the phone.'), { number: 8.5, unit: 'ms/frame' });
    assert.equal(plainMath('up to 3.1~GFLOPs'), 'up to 3.1 GFLOPs');
  });

  it('reads per-second rates, hyphenated comparatives, a value moved from one size to another, and which way an error is good', () => {
    const first = (s: string) => {
      const [c] = extractClaims(`We propose Zeta. ${s}`);
      return c && { value: c.value, unit: c.unit, metric: c.metric, direction: c.direction };
    };
    assert.deepEqual(first('Zeta runs at 30 frames/s on a Jetson Nano.'), { value: '30 frames/s', unit: 'fps', metric: 'throughput', direction: 'higher' });
    assert.deepEqual(first('Zeta decodes at 45 tok/s on a phone.'), { value: '45 tok/s', unit: 'tokens/s', metric: 'throughput', direction: 'higher' });
    assert.deepEqual(first('Zeta lowers the memory footprint from 16 GB to 4 GB.'), {
      value: '16 GB to 4 GB',
      unit: 'GB',
      metric: 'memory',
      direction: 'lower',
    });
    assert.equal(first('Zeta is 5.6x more energy-efficient than a CPU.')?.value, '5.6x');
    assert.deepEqual(first('Our model achieves a WER of 5.2% on LibriSpeech.'), { value: '5.2%', unit: '%', metric: 'accuracy', direction: 'lower' });
    assert.equal(first('Zeta saves 2.1 kWh per training run.')?.metric, 'energy');
    assert.deepEqual(first('Zeta achieves 2-3× lower latency than vLLM.'), { value: '2-3×', unit: 'x', metric: 'latency', direction: 'reduction' });
    assert.equal(first('Zeta achieves 2.8x-5.8x wall-time speedups across tasks.')?.metric, 'speedup');
  });

  it('reads a speedup or percentage the page glued to the word before it, but not model names', () => {
    const [claim] = extractClaims('Compared with standard DNNs, the proposed SNNs provide25-33X higher energy efficiency.');
    assert.equal(claim?.value, '25-33X');
    assert.deepEqual(claim?.number, [25, 33]);
    assert.equal(claim?.unit, 'x');
    assert.deepEqual(extractClaims('We use YOLOv8x and GPT4 on A100 GPUs with more images.'), []);
  });

  it('attaches the baseline and the device a number was measured on, and which way it is good', () => {
    const [c] = extractClaims('On a Jetson Orin Nano, our method reduces latency by 38% compared to TensorRT, while keeping accuracy.');
    assert.equal(c.baseline, 'TensorRT');
    assert.equal(c.hardware, 'Jetson Orin Nano');
    assert.equal(c.direction, 'reduction');
    const [d] = extractClaims('Our design is 2.87x more power efficient than the NVIDIA K80 GPU and the i7-8700K CPU respectively.');
    assert.equal(d.baseline, 'the NVIDIA K80 GPU and the i7-8700K CPU');
    assert.equal(d.hardware, null);
  });

  it('reads "similar performance to" and a comparison glued to its noun as baselines, but not "over" a network medium', () => {
    const [a] = extractClaims('We show that Pocket achieves similar performance to ElastiCache Redis while reducing cost by almost 60%.');
    assert.equal(a.baseline, 'ElastiCache Redis');
    const [b] = extractClaims('Our NDP architecture provides up to 16x performance advantageover conventional approaches.');
    assert.equal(b.baseline, 'conventional approaches');
    const [c] = extractClaims('ReFlex serves up to 850K IOPS per core over TCP/IP networking, while adding 21us over direct access to local Flash.');
    assert.equal(c.baseline, 'direct access to local Flash');
  });

  it('splits sentences the page glued together and drops the link sentence after a claim', () => {
    const abstract = 'We propose XNet. XNet improves accuracy by 4% in all settings.The method is simple. Code is available at https://github.com/a/b';
    assert.deepEqual(
      extractClaims(abstract).map((c) => c.text),
      ['XNet improves accuracy by 4% in all settings.'],
    );
    assert.deepEqual(
      splitSentences('It runs at https://x.org/a.B Our code is there.').map((s) => s.text),
      ['It runs at https://x.org/a.B', 'Our code is there.'],
    );
    assert.equal(splitSentences('We save 17. 4% of the area.').length, 1);
  });

  it("does not take figures of the scene, of other work or of a control for the paper's own", () => {
    assert.deepEqual(
      extractClaims('A system using 20% of the peak bandwidth consumes 2.3x the energy per bit. In response, we architect a memory system.'),
      [],
    );
    assert.deepEqual(extractClaims('We study the encoder. The initial overheads are large: the CMP was 500x less efficient than an ASIC.'), []);
    assert.deepEqual(extractClaims('We believe that RAMClouds can provide 100-1000x the throughput of disk-based systems.'), []);
    assert.deepEqual(extractClaims('We specialise the CPU. The ASIC is 500x more energy efficient than our original CMP.'), []);
  });

  it('does not take a data sheet, an example quantity or a word of trend for a result', () => {
    assert.deepEqual(extractClaims('We build it. The chip provides a peak performance of 12.3 TFLOPS and a maximum power of 49 W.'), []);
    assert.equal(extractClaims('We build it. The chip achieves a peak throughput of 1.2 TOPS.').length, 1);
    assert.equal(extractClaims('We build it. It provides a peak throughput of 1.2 TOPS, 3x higher than the GPU.').length, 1);
    assert.deepEqual(extractClaims('We build Vantage. Vantage provides isolation by partitioning most (e.g. 90%) of the cache.'), []);
    assert.equal(extractClaims('We build it. Transactions run significantly faster (e.g., 12.4x) than on an STM.').length, 1);
    assert.deepEqual(extractClaims('We build it. Such attacks are becoming increasingly common, as in 14% of surveyed web sites.'), []);
    assert.deepEqual(extractClaims('With gg, jobs are composed of containers that are transient (lifetimes of 1-60 seconds).'), []);
  });

  it("does not take other systems' figures after 'In comparison', but keeps the paper's own after 'In contrast'", () => {
    assert.deepEqual(
      extractClaims(
        'We present Paragon. In comparison, interference-oblivious and least-loaded schedulers only provide similar guarantees for 14% and 3% of workloads.',
      ),
      [],
    );
    assert.deepEqual(extractClaims('We present Xnet. In contrast, existing schedulers improve throughput by only 3%.'), []);
    assert.equal(extractClaims('We present Vantage. In contrast, Vantage improves throughput for 98% of the workloads.').length, 1);
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

describe('enrichPaper', () => {
  it('reads each abstract once for hardware and claims, with the same results as extractHardware and extractClaims alone', () => {
    const papers: { title: string; abstract: string }[] = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'knowledge', 'papers.json'), 'utf8'),
    );
    let withClaimDevice = 0;
    for (const { title, abstract } of papers) {
      const paper = enrichPaper({ title, abstract } as MergedPaper);
      assert.deepEqual(paper.hardware, extractHardware(title, abstract), title);
      assert.deepEqual(paper.claims, extractClaims(abstract), title);
      if (paper.claims.some((c) => c.hardware)) withClaimDevice++;
    }
    // The shared reading matters only if claims do read devices.
    assert.ok(withClaimDevice > 0);
  });
});

describe('ByTitleAndAbstract (answers kept by what extraction depends on)', () => {
  it('keeps one value per title and abstract, a title with two abstracts included, and counts the pairs', () => {
    const kept = new ByTitleAndAbstract<number>();
    kept.set({ title: 'T', abstract: 'A' }, 1);
    kept.set({ title: 'T', abstract: 'B' }, 2);
    kept.set({ title: 'T', abstract: 'C' }, 3);
    kept.set({ title: 'U', abstract: 'A' }, 4);
    kept.set({ title: 'T', abstract: 'A' }, 5);
    kept.set({ title: 'U', abstract: 'A' }, 6);
    assert.deepEqual(
      ['A', 'B', 'C', 'D'].map((abstract) => kept.get({ title: 'T', abstract })),
      [5, 2, 3, undefined],
    );
    assert.equal(kept.get({ title: 'U', abstract: 'A' }), 6);
    assert.equal(kept.get({ title: 'U', abstract: 'B' }), undefined);
    assert.equal(kept.get({ title: 'V', abstract: 'A' }), undefined);
    assert.equal(kept.size, 4);
  });
});
