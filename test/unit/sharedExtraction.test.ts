/**
 * Extraction shared with a worker: a build that sends its titles and abstracts to a worker in chunks as it reads gives
 * the same papers as one on one thread, takes the worker's answers, extracts what the worker has not reached, and loses
 * nothing when the worker fails.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadBibtexParser } from '../../src/core/bibtex';
import { buildLibrary, buildLibrarySliced } from '../../src/core/build';
import { DEFAULT_KNOWLEDGE, enrichmentOf, type Enrichment, type Knowledge } from '../../src/core/extract';
import type { DigestFile } from '../../src/core/library';
import { CHUNK_PAIRS, type ExtractionShare, type TitleAndAbstract } from '../../src/core/sharedExtraction';
import { fastBibtexParser } from '../../src/core/sources/bibfast';
import type { ReadOptions } from '../../src/core/sources/detect';
import { runSync } from '../../src/core/steps';
import { ExtractAside } from '../../src/extractAside';
import { manyEntries, manyPapers } from './largeInputs';
import { repoRoot, seedFiles } from './seedFiles';

const here = (pairs: readonly TitleAndAbstract[], knowledge: Knowledge): Enrichment[] => pairs.map((p) => enrichmentOf(p.title, p.abstract, knowledge));

/**
 * A stand-in worker: it takes the chunks `takes` says (as a worker that got that far before the build's thread came
 * back for them) and answers with `answer`; it records what it was sent and whether the build ended it.
 */
function standIn(takes: (n: number) => boolean, answer: (pairs: readonly TitleAndAbstract[], knowledge: Knowledge) => Promise<Enrichment[]>) {
  const sent: (readonly TitleAndAbstract[])[] = [];
  const holder = new Map<number, 'worker' | 'build'>();
  let opened = 0;
  let ended = 0;
  const open = (knowledge: Knowledge): ExtractionShare => {
    opened++;
    return {
      send: (pairs) => {
        const n = sent.push(pairs) - 1;
        if (takes(n)) holder.set(n, 'worker');
      },
      claim: (n) => !holder.has(n) && Boolean(holder.set(n, 'build')),
      result: (n) => (holder.get(n) === 'worker' ? answer(sent[n], knowledge) : Promise.reject(new Error('not taken'))),
      end: () => void ended++,
    };
  };
  return { open, sent, holder, counts: () => ({ opened, ended }) };
}

describe('extraction shared with a worker, in a build', () => {
  const files = [manyPapers(2500)];
  const oneThread = buildLibrary(files).papers;
  const fromWorker = async (pairs: readonly TitleAndAbstract[], knowledge: Knowledge) =>
    here(pairs, knowledge).map((e) => ({ ...e, topics: ['from-the-worker'] }));

  it("takes the worker's answers for the chunks it took and extracts the rest here: the papers of a build on one thread", async () => {
    assert.ok((files[0] as { text: string }).text.length > 2_000_000, 'large enough to share');
    const worker = standIn(
      (n) => n < 4,
      async (pairs, knowledge) => here(pairs, knowledge),
    );
    const library = await buildLibrarySliced(files, undefined, undefined, undefined, { shareExtraction: worker.open });
    assert.deepEqual(library.papers, oneThread);
    assert.equal(worker.sent.flat().length, 2500 - (2500 % CHUNK_PAIRS), 'every full chunk was sent');
    assert.deepEqual(worker.counts(), { opened: 1, ended: 1 });
    const marked = await buildLibrarySliced(files, undefined, undefined, undefined, { shareExtraction: standIn((n) => n < 4, fromWorker).open });
    assert.equal(marked.papers.filter((p) => p.topics[0] === 'from-the-worker').length, 4 * CHUNK_PAIRS);
  });

  it('extracts here the chunks the worker has not reached, from the last back, and none twice', async () => {
    const worker = standIn((n) => n < 3, fromWorker);
    await buildLibrarySliced(files, undefined, undefined, undefined, { shareExtraction: worker.open });
    const sent = worker.sent.length;
    assert.deepEqual(
      [...worker.holder].sort((a, b) => a[0] - b[0]).map(([, who]) => who),
      Array.from({ length: sent }, (_, n) => (n < 3 ? 'worker' : 'build')),
    );
  });

  it('gives the same papers when sightings sent in chunks merge with other sightings of the same papers', async () => {
    // The second file sees the last thousand papers again, half with a longer abstract: the merge chooses which sighting's
    // text a paper keeps, so some papers have a pair that was sent and some do not.
    const again = JSON.parse((files[0] as { text: string }).text)
      .slice(-1000)
      .map((item: { abstract: string }, i: number) => ({ ...item, abstract: i % 2 ? `${item.abstract} It runs 3.1x faster on an RTX 4090.` : item.abstract }));
    const withRepeats = [...files, { name: 'again.json', text: JSON.stringify(again) }];
    const worker = standIn(
      () => true,
      async (pairs, knowledge) => here(pairs, knowledge),
    );
    const library = await buildLibrarySliced(withRepeats, undefined, undefined, undefined, { shareExtraction: worker.open });
    assert.deepEqual(library.papers, buildLibrary(withRepeats).papers);
    assert.ok(library.papers.some((p) => p.claims.some((c) => c.text.includes('3.1x'))));
    const pairs = worker.sent.flat();
    assert.equal(new Set(pairs.map((p) => `${p.title}\n${p.abstract}`)).size, pairs.length, 'no pair sent twice');
  });

  it('extracts here, and loses nothing, when the worker fails, answers short or is not at hand', async () => {
    const failing = standIn(
      () => true,
      () => Promise.reject(new Error('worker crashed')),
    );
    assert.deepEqual((await buildLibrarySliced(files, undefined, undefined, undefined, { shareExtraction: failing.open })).papers, oneThread);
    const short = standIn(
      () => true,
      async (pairs, knowledge) => here(pairs.slice(1), knowledge),
    );
    assert.deepEqual((await buildLibrarySliced(files, undefined, undefined, undefined, { shareExtraction: short.open })).papers, oneThread);
    assert.deepEqual((await buildLibrarySliced(files, undefined, undefined, undefined, { shareExtraction: () => undefined })).papers, oneThread);
  });

  it('keeps a small library on this thread, and a build at once never waits for a worker', async () => {
    const worker = standIn(
      () => true,
      async (pairs, knowledge) => here(pairs, knowledge),
    );
    await buildLibrarySliced(seedFiles(), undefined, undefined, undefined, { shareExtraction: worker.open });
    assert.deepEqual(buildLibrary(files, undefined, { shareExtraction: worker.open }).papers, oneThread);
    assert.deepEqual(worker.counts(), { opened: 0, ended: 0 });
  });

  it('sends the chunks of a large .bib part by part, and gives the papers and problems of a build on one thread', async () => {
    const full = await loadBibtexParser();
    const read: ReadOptions = { parseBibtex: fastBibtexParser(() => full) };
    // A key of an early part written again at the end: the repeat is reported across the parts.
    const bib: DigestFile[] = [{ name: 'large.bib', bytes: new TextEncoder().encode(manyEntries(2300, '@article{key7, title = {Again}}\n')) }];
    const oneThreadBib = buildLibrary(bib, undefined, read);
    const worker = standIn(
      () => true,
      async (pairs, knowledge) => here(pairs, knowledge),
    );
    const built = await buildLibrarySliced(bib, undefined, undefined, undefined, { ...read, shareExtraction: worker.open });
    assert.deepEqual(built.papers, oneThreadBib.papers);
    assert.deepEqual(built.problems, oneThreadBib.problems);
    assert.equal(worker.sent.flat().length, 2300 - (2300 % CHUNK_PAIRS), 'every full chunk was sent');
    assert.ok(built.problems.some((p) => /key7 is also used/.test(p.message)));
  });

  it('runSync refuses steps that wait for a promise, with a message saying what to use', () => {
    function* waiting() {
      yield Promise.resolve();
      return 1;
    }
    assert.throws(() => runSync(waiting()), /runSliced/);
  });
});

describe('ExtractAside (the worker itself, dist/extractionWorker.js)', () => {
  const papers = buildLibrary(seedFiles()).papers.slice(0, 60);
  const pairs = papers.map((p) => ({ title: p.title, abstract: p.abstract }));

  it('extracts the chunks it takes exactly as this thread does, with the shipped or a custom taxonomy', async () => {
    const aside = new ExtractAside(join(repoRoot, 'dist', 'extractionWorker.js'));
    try {
      const share = aside.share(DEFAULT_KNOWLEDGE)!;
      share.send(pairs.slice(0, 30));
      share.send(pairs.slice(30));
      assert.deepEqual([...(await share.result(0)), ...(await share.result(1))], here(pairs, DEFAULT_KNOWLEDGE));
      assert.equal(share.claim(0), false, 'a chunk the worker took is not claimed again');
      share.end();
      const taxonomy = { ...DEFAULT_KNOWLEDGE.taxonomy, topics: DEFAULT_KNOWLEDGE.taxonomy.topics.slice(0, 3) };
      const custom = { ...DEFAULT_KNOWLEDGE, taxonomy };
      const customShare = aside.share(custom)!;
      customShare.send(pairs);
      assert.deepEqual(await customShare.result(0), here(pairs, custom));
      customShare.end();
    } finally {
      aside.dispose();
    }
  });

  it('leaves a chunk the build claimed first to the build', async () => {
    const aside = new ExtractAside(join(repoRoot, 'dist', 'extractionWorker.js'));
    try {
      const share = aside.share(DEFAULT_KNOWLEDGE)!;
      // Claimed before it is sent, so the worker meets it claimed: as when the build's thread came back for it first.
      assert.equal(share.claim(0), true);
      share.send(pairs);
      share.send(pairs.slice(0, 5));
      await assert.rejects(share.result(0), /taken by the build/);
      assert.deepEqual(await share.result(1), here(pairs.slice(0, 5), DEFAULT_KNOWLEDGE));
      share.end();
    } finally {
      aside.dispose();
    }
  });

  it('has no share, and says why once, when the worker script is missing; rejects when the worker dies', async () => {
    const lines: string[] = [];
    const missing = new ExtractAside(join(repoRoot, 'dist', 'no-such-worker.js'), (line) => lines.push(line));
    assert.equal(missing.share(DEFAULT_KNOWLEDGE), undefined);
    assert.equal(missing.share(DEFAULT_KNOWLEDGE), undefined);
    assert.equal(lines.length, 1, 'said once');
    assert.match(lines.shift()!, /^extraction worker not found at .*no-such-worker\.js; extracting on the main thread$/);
    const dying = new ExtractAside(join(repoRoot, 'test', 'fixtures', 'workers', 'dies.mjs'), (line) => lines.push(line));
    const share = dying.share(DEFAULT_KNOWLEDGE)!;
    share.send(pairs);
    await assert.rejects(share.result(0), /dies on its first job/);
    dying.dispose();
    assert.deepEqual(lines, ['extraction worker failed: this worker dies on its first job; extracting on the main thread']);
  });
});
