import { strict as assert } from 'node:assert';
import { Library } from '../../src/core/library';
import { DEFAULT_KNOWLEDGE } from '../../src/core/vocabulary';
import { sortSteps, runSync } from '../../src/core/steps';
import { parseBibtexStandIn } from './bibStandIn';
import { seedFiles } from './seedFiles';
import { buildLibrary, buildLibrarySliced } from '../../src/core/build';

const ABSTRACT = 'We propose a method. It reaches 2x speedup on an NVIDIA T4 GPU in our experiments.';
const snapshot = (lib: Library) => lib.papers.map((p) => JSON.stringify(p));

describe('Library.update', () => {
  const seeds = seedFiles();

  it('adding a file gives the same papers as building with it from the start', () => {
    const lib = buildLibrary(seeds.slice(0, 3));
    const summary = lib.update(seeds.slice(3));
    const fresh = buildLibrary(seeds);
    assert.deepEqual(snapshot(lib), snapshot(fresh));
    assert.equal(summary.added + summary.changed, new Set(seeds.slice(3).flatMap((f) => buildLibrary([f]).papers.map((p) => p.key))).size);
    assert.deepEqual(
      lib.index.search('speculative decoding', 5).map((h) => h.paper.key),
      fresh.index.search('speculative decoding', 5).map((h) => h.paper.key),
    );
  });

  it('removing a file removes the papers only it had and the sightings it gave to others', () => {
    const lib = buildLibrary(seeds);
    const summary = lib.update([], [seeds[0].name]);
    assert.deepEqual(snapshot(lib), snapshot(buildLibrary(seeds.slice(1))));
    assert.ok(summary.removed > 0 && summary.changed > 0);
    assert.equal(
      lib.index.completeKey('collaborative', 5).some((p) => p.title.startsWith('Collaborative Perception')),
      false,
    );
  });

  it('replacing a file with a new version updates its papers and their keys stay', () => {
    const lib = buildLibrary([
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
    const lib = buildLibrary(seeds);
    lib.update([{ name: 'broken.txt', bytes: Uint8Array.from([0, 1, 2, 0]) }]);
    assert.equal(lib.papers.length, 219);
    assert.ok(lib.problems.some((p) => p.file === 'broken.txt' && /binary file/.test(p.message)));
  });
});

describe('Library without the builder', () => {
  const built = buildLibrary(seedFiles());
  const restored = () => Library.restore(built.extractedPapers, built.fileReports, built.problems, DEFAULT_KNOWLEDGE, {}, false);

  it('refuses to build its index before MiniSearch is loaded (a caller must loadEngine first), and builds it after', async () => {
    const library = restored();
    assert.throws(() => library.index, /loadEngine/);
    assert.equal(library.hasIndex, false);
    await library.loadEngine();
    const keys = (l: Library) => l.index.search('speculative decoding').map((h) => h.paper.key);
    assert.deepEqual(keys(library), keys(built));
  });

  it("refuses corrections and updates until the builder is given (a caller's mistake, not bad input)", () => {
    const library = restored();
    const corrections = new Map([[built.papers[0].key, { hardware: { add: [{ name: 'Google TPU v4', class: 'ASIC/Accelerator' as const }] } }]]);
    assert.throws(() => library.setCorrections(corrections), /builder/);
    assert.throws(() => library.update([]), /sources attached/);
  });
});

describe('buildLibrarySliced', () => {
  it('builds the same library as the synchronous build', async () => {
    const seeds = seedFiles();
    assert.deepEqual(snapshot(await buildLibrarySliced(seeds, undefined, 1)), snapshot(buildLibrary(seeds)));
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

describe('a library of digests, bibliographies and listings', () => {
  const read = { parseBibtex: parseBibtexStandIn };
  const help = 'HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning';
  const digest = {
    name: 'digest.txt',
    text: `${help}\nWe propose HELP. It reaches 2x speedup on an NVIDIA T4 GPU.\nOther Paper Only In The Digest\n${ABSTRACT}`,
  };
  const bib = {
    name: 'references.bib',
    text: `@inproceedings{lee2021help,\n  title = {{HELP}: Hardware-Adaptive Efficient Latency Prediction for {NAS} via Meta-Learning},\n  author = {Lee, Hayeon and Lee, Sewoong and Chong, Song and Hwang, Sung Ju},\n  booktitle = {NeurIPS},\n  year = {2021},\n  eprint = {2106.08630},\n  archivePrefix = {arXiv}\n}\n\n@article{only2020bib,\n  title = {A Paper Only In The Bibliography},\n  author = {Doe, Jane},\n  year = {2020}\n}\n`,
  };
  // The listing spells the title differently; the arXiv id is what makes it the same paper.
  const listing = {
    name: 'arxiv.txt',
    text: `\\\\\narXiv:2106.08630\nDate: Wed, 16 Jun 2021 00:00:00 GMT\nTitle: HELP -- hardware-adaptive latency prediction for NAS\nAuthors: Hayeon Lee, Sewoong Lee, Song Chong, Sung Ju Hwang\nCategories: cs.LG\n\\\\\n  For deployment, neural architecture search should be hardware-aware.\n\\\\ ( https://arxiv.org/abs/2106.08630 ,  10kb)\n`,
  };

  it('holds each shared paper once, with the names and key of the bibliography and the abstract of the digest', () => {
    const lib = buildLibrary([digest, bib], undefined, read);
    assert.deepEqual(lib.papers.map((p) => p.title).sort(), ['A Paper Only In The Bibliography', help, 'Other Paper Only In The Digest']);
    const paper = lib.papers.find((p) => p.title === help)!;
    assert.deepEqual(
      paper.authorNames?.map((n) => n.family),
      ['Lee', 'Lee', 'Chong', 'Hwang'],
    );
    assert.equal(paper.arxiv, '2106.08630');
    assert.match(paper.abstract, /We propose HELP/);
    assert.deepEqual(
      paper.sources.map((s) => [s.file, s.origin, s.bibKey]),
      [
        ['digest.txt', 'hfpage', undefined],
        ['references.bib', 'bibtex', 'lee2021help'],
      ],
    );
    assert.equal(lib.byBibKey.get('lee2021help'), paper);
    assert.deepEqual(
      lib.fileReports.map((r) => [r.name, r.format, r.entries]),
      [
        ['digest.txt', 'hfpage', 2],
        ['references.bib', 'bibtex', 2],
      ],
    );
  });

  it('lists a paper with no abstract and finds it by title and by author', () => {
    const lib = buildLibrary([digest, bib], undefined, read);
    const only = lib.papers.find((p) => p.title === 'A Paper Only In The Bibliography')!;
    assert.equal(only.abstract, '');
    assert.equal(lib.index.search('bibliography')[0]?.paper, only);
    assert.equal(lib.index.search('doe')[0]?.paper, only);
  });

  it('joins a sighting whose title differs by its arXiv id, in an update as in a build, and parts them when it goes', () => {
    const lib = buildLibrary([digest, bib], undefined, read);
    lib.update([listing]);
    const fresh = buildLibrary([digest, bib, listing], undefined, read);
    assert.deepEqual(snapshot(lib), snapshot(fresh));
    assert.equal(lib.papers.length, 3);
    const paper = lib.papers.find((p) => p.arxiv === '2106.08630')!;
    assert.deepEqual(
      paper.sources.map((s) => s.file),
      ['arxiv.txt', 'digest.txt', 'references.bib'],
    );
    assert.ok(paper.conflicts?.some((c) => c.field === 'title' && c.source.file === 'arxiv.txt'));
    lib.update([], ['arxiv.txt']);
    assert.deepEqual(snapshot(lib), snapshot(buildLibrary([digest, bib], undefined, read)));
    lib.update([], ['references.bib']);
    assert.deepEqual(snapshot(lib), snapshot(buildLibrary([digest], undefined, read)));
    assert.equal(lib.byBibKey.size, 0);
  });

  it('reports a .bib file it cannot read without a BibTeX parser, and reads the rest', () => {
    const lib = buildLibrary([digest, bib]);
    assert.equal(lib.papers.length, 2);
    assert.ok(lib.problems.some((p) => p.file === 'references.bib' && /no BibTeX parser/.test(p.message)));
  });
});
