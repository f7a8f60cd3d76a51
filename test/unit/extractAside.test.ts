/** Extraction aside: a build that sends part of its extraction to a worker gives the same papers, and loses none when the worker fails. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE, enrichmentOf, type Enrichment, type Knowledge } from '../../src/core/extract';
import { type DigestFile } from '../../src/core/library';
import { runSync } from '../../src/core/steps';
import { ExtractAside } from '../../src/extractAside';
import { repoRoot, seedFiles } from './seedFiles';
import { buildLibrary, buildLibrarySliced } from '../../src/core/build';

type Sent = readonly { title: string; abstract: string }[];

/** A CSL-JSON file of `count` papers: the shipped papers' abstracts under titles of their own. */
function manyPapers(count: number): DigestFile {
  const shipped = buildLibrary(seedFiles()).papers;
  const items = Array.from({ length: count }, (_, i) => {
    const p = shipped[i % shipped.length];
    return { id: `p${i}`, type: 'article', title: `${p.title} (variant ${i})`, abstract: p.abstract };
  });
  return { name: 'many.json', text: JSON.stringify(items) };
}

describe('extraction aside (a worker thread) in a build', () => {
  const files = [manyPapers(2500)];
  const oneThread = buildLibrary(files).papers;
  const here = (papers: Sent, knowledge: Knowledge): Enrichment[] => papers.map((p) => enrichmentOf(p.title, p.abstract, knowledge));
  /** A stand-in worker that extracts here and keeps what it was sent. */
  const recording = () => {
    const sent: Sent[] = [];
    const aside = async (papers: Sent, knowledge: Knowledge) => {
      sent.push(papers);
      return here(papers, knowledge);
    };
    return { sent, aside };
  };

  it('gives the same papers when the last part is extracted aside', async () => {
    const { sent, aside } = recording();
    const library = await buildLibrarySliced(files, undefined, undefined, undefined, { enrichAside: aside });
    assert.equal(sent.length, 1);
    assert.ok(sent[0].length > 500 && sent[0].length < 2000, `sent ${sent[0].length} of 2500`);
    assert.deepEqual(
      sent[0].map((p) => p.title),
      oneThread.slice(-sent[0].length).map((p) => p.title),
    );
    assert.deepEqual(library.papers, oneThread);
  });

  it('gives the same papers when sightings sent aside merge with sightings kept here', async () => {
    // The second file sees the last thousand papers again, half with a longer abstract: the merge chooses which sighting's
    // text a paper keeps, so some papers have the pair sent aside and some do not.
    const again = JSON.parse((files[0] as { text: string }).text)
      .slice(-1000)
      .map((item: { abstract: string }, i: number) => ({ ...item, abstract: i % 2 ? `${item.abstract} It runs 3.1x faster on an RTX 4090.` : item.abstract }));
    const withRepeats = [...files, { name: 'again.json', text: JSON.stringify(again) }];
    const { sent, aside } = recording();
    const library = await buildLibrarySliced(withRepeats, undefined, undefined, undefined, { enrichAside: aside });
    assert.equal(sent.length, 1);
    assert.deepEqual(library.papers, buildLibrary(withRepeats).papers);
    assert.ok(library.papers.some((p) => p.claims.some((c) => c.text.includes('3.1x'))));
  });

  it('extracts everything itself when the worker fails or answers for other papers', async () => {
    const failing = async () => Promise.reject(new Error('worker crashed'));
    assert.deepEqual((await buildLibrarySliced(files, undefined, undefined, undefined, { enrichAside: failing })).papers, oneThread);
    const short = async (papers: Sent, knowledge: Knowledge) => here(papers.slice(1), knowledge);
    assert.deepEqual((await buildLibrarySliced(files, undefined, undefined, undefined, { enrichAside: short })).papers, oneThread);
  });

  it('keeps a small library on this thread, and a build at once never waits for a worker', async () => {
    let calls = 0;
    const counting = async (papers: Sent, knowledge: Knowledge) => {
      calls++;
      return here(papers, knowledge);
    };
    await buildLibrarySliced(seedFiles(), undefined, undefined, undefined, { enrichAside: counting });
    assert.deepEqual(buildLibrary(files, undefined, { enrichAside: counting }).papers, oneThread);
    assert.equal(calls, 0);
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

  it('extracts on the worker exactly what this thread extracts, with the shipped or a custom taxonomy', async () => {
    const aside = new ExtractAside(join(repoRoot, 'dist', 'extractionWorker.js'));
    try {
      const expected = papers.map((p) => enrichmentOf(p.title, p.abstract));
      assert.deepEqual(await aside.enrich(papers, DEFAULT_KNOWLEDGE), expected);
      const taxonomy = { ...DEFAULT_KNOWLEDGE.taxonomy, topics: DEFAULT_KNOWLEDGE.taxonomy.topics.slice(0, 3) };
      const custom = { ...DEFAULT_KNOWLEDGE, taxonomy };
      assert.deepEqual(
        await aside.enrich(papers, custom),
        papers.map((p) => enrichmentOf(p.title, p.abstract, custom)),
      );
    } finally {
      aside.dispose();
    }
  });

  it('rejects, and says why, when the worker script is missing or the worker dies', async () => {
    const lines: string[] = [];
    const missing = new ExtractAside(join(repoRoot, 'dist', 'no-such-worker.js'), (line) => lines.push(line));
    await assert.rejects(missing.enrich(papers, DEFAULT_KNOWLEDGE), /not available/);
    await assert.rejects(missing.enrich(papers, DEFAULT_KNOWLEDGE), /not available/);
    assert.equal(lines.length, 1, 'said once');
    assert.match(lines.shift()!, /^extraction worker not found at .*no-such-worker\.js; extracting on the main thread$/);
    const dying = new ExtractAside(join(repoRoot, 'test', 'fixtures', 'workers', 'dies.mjs'), (line) => lines.push(line));
    await assert.rejects(dying.enrich(papers, DEFAULT_KNOWLEDGE), /dies on its first job/);
    dying.dispose();
    assert.deepEqual(lines, ['extraction worker failed: this worker dies on its first job; extracting on the main thread']);
  });
});
