import { strict as assert } from 'node:assert';
import { assignKeys, citationKey } from '../../src/core/keys';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const keyMap = (files: { name: string; text: string }[]) => new Map(buildLibrary(files).papers.map((p) => [p.title, p.key]));

describe('citationKey', () => {
  it('uses the name before the colon, lower-cased, and a 4-character suffix', () => {
    assert.match(citationKey('HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning'), /^help-[a-z0-9]{4}$/);
  });

  it('skips stop words and adds the next word after a generic first word', () => {
    assert.match(citationKey('A Converting Autoencoder Toward Low-latency DNN Inference'), /^converting-[a-z0-9]{4}$/);
    assert.match(citationKey('Efficient Latency-Aware CNN Depth Compression'), /^efficient-latency-[a-z0-9]{4}$/);
  });

  it('is ASCII even for accented and non-Latin titles', () => {
    assert.match(citationKey('Über schnelle Inferenz'), /^uber-[a-z0-9]{4}$/);
    assert.match(citationKey('低延迟 推理'), /^paper-[a-z0-9]{4}$/);
  });

  it('does not change with case, spacing or punctuation of the same title', () => {
    assert.equal(citationKey('SALE : Low-bit Estimation'), citationKey('sale: low-bit   estimation'));
  });

  it('differs for different titles with the same first word', () => {
    assert.notEqual(citationKey('HELP: one paper'), citationKey('HELP: another paper'));
  });
});

describe('assignKeys', () => {
  it('lengthens the suffix of two titles whose 4-character keys collide, and only theirs', () => {
    // Found by search: both give sparse-hzpe.
    const a = 'Sparse attention study 3113';
    const b = 'Sparse attention study 4913';
    assert.equal(citationKey(a), citationKey(b));
    const keys = assignKeys([a, b, 'Another title']);
    assert.notEqual(keys[0], keys[1]);
    assert.match(keys[0], /^sparse-[a-z0-9]{8}$/);
    assert.equal(keys[2], citationKey('Another title'));
    assert.deepEqual(assignKeys([b, a]), [keys[1], keys[0]]);
  });
});

describe('keys of the shipped digest', () => {
  const seeds = seedFiles();
  const all = keyMap(seeds);

  it('are unique', () => {
    assert.equal(new Set(all.values()).size, all.size);
  });

  it('are the same whatever the order of the files', () => {
    assert.deepEqual(keyMap([...seeds].reverse()), all);
  });

  it('are the same when a file is added or removed', () => {
    for (let drop = 0; drop < seeds.length; drop++) {
      const fewer = keyMap(seeds.filter((_, i) => i !== drop));
      for (const [title, key] of fewer) assert.equal(key, all.get(title), `${title} changed key without ${seeds[drop].name}`);
    }
  });

  it('stay fixed across releases for papers users already cite', () => {
    // A changed rule would break every document citing these keys: change them only on purpose.
    assert.equal(all.get('HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning'), 'help-i454');
    assert.equal(all.get('CacheQuant: Comprehensively Accelerated Diffusion Models'), 'cachequant-aer3');
  });
});
