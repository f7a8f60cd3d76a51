import { strict as assert } from 'node:assert';
import { Library, buildLibrarySliced } from '../../src/core/library';
import { sortSteps, runSync } from '../../src/core/steps';
import { seedFiles } from './seedFiles';

const ABSTRACT = 'We propose a method. It reaches 2x speedup on an NVIDIA T4 GPU in our experiments.';
const snapshot = (lib: Library) => lib.papers.map((p) => JSON.stringify(p));

describe('Library.update', () => {
  const seeds = seedFiles();

  it('adding a file gives the same papers as building with it from the start', () => {
    const lib = Library.build(seeds.slice(0, 3));
    const summary = lib.update(seeds.slice(3));
    const fresh = Library.build(seeds);
    assert.deepEqual(snapshot(lib), snapshot(fresh));
    assert.equal(summary.added + summary.changed, new Set(seeds.slice(3).flatMap((f) => Library.build([f]).papers.map((p) => p.key))).size);
    assert.deepEqual(
      lib.index.search('speculative decoding', 5).map((h) => h.paper.key),
      fresh.index.search('speculative decoding', 5).map((h) => h.paper.key),
    );
  });

  it('removing a file removes the papers only it had and the sightings it gave to others', () => {
    const lib = Library.build(seeds);
    const summary = lib.update([], [seeds[0].name]);
    assert.deepEqual(snapshot(lib), snapshot(Library.build(seeds.slice(1))));
    assert.ok(summary.removed > 0 && summary.changed > 0);
    assert.equal(
      lib.index.completeKey('collaborative', 5).some((p) => p.title.startsWith('Collaborative Perception')),
      false,
    );
  });

  it('replacing a file with a new version updates its papers and their keys stay', () => {
    const lib = Library.build([
      { name: 'a.txt', text: `Old Title\n${ABSTRACT}` },
      { name: 'b.txt', text: `Kept Paper\n${ABSTRACT}` },
    ]);
    const keptKey = lib.papers.find((p) => p.title === 'Kept Paper')!.key;
    lib.update([{ name: 'a.txt', text: `New Title\n${ABSTRACT}` }]);
    assert.deepEqual(lib.papers.map((p) => p.title).sort(), ['Kept Paper', 'New Title']);
    assert.equal(lib.byKey.get(keptKey)?.title, 'Kept Paper');
    assert.equal(lib.index.search('old').length, 0);
    assert.equal(lib.index.search('new title')[0].paper.title, 'New Title');
  });

  it('a broken new file reports its problems and keeps everything else', () => {
    const lib = Library.build(seeds);
    lib.update([{ name: 'broken.txt', bytes: Uint8Array.from([0, 1, 2, 0]) }]);
    assert.equal(lib.papers.length, 219);
    assert.ok(lib.problems.some((p) => p.file === 'broken.txt' && /binary file/.test(p.message)));
  });
});

describe('buildLibrarySliced', () => {
  it('builds the same library as the synchronous build', async () => {
    const seeds = seedFiles();
    assert.deepEqual(snapshot(await buildLibrarySliced(seeds, undefined, 1)), snapshot(Library.build(seeds)));
  });
});

describe('sortSteps', () => {
  it('sorts stably across many runs', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ v: (i * 7919) % 1000, i }));
    const sorted = runSync(sortSteps(items, (a, b) => a.v - b.v, 64));
    assert.deepEqual(
      sorted,
      [...items].sort((a, b) => a.v - b.v),
    );
  });
});
