import { strict as assert } from 'node:assert';
import { CACHE_VERSION, asciiJson, restoreLibrary, serializeSteps, type CacheMiss } from '../../src/core/cache';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import { Library } from '../../src/core/library';
import { runSync } from '../../src/core/steps';
import { seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';
import * as builder from '../../src/core/builder';

describe('the library cache', () => {
  const library = buildLibrary(seedFiles());
  const lines = runSync(serializeSteps(library, 'key-1'));

  it('restores the same papers, problems and a working index', async () => {
    const restored = await restoreLibrary(lines, 'key-1', DEFAULT_KNOWLEDGE);
    assert.ok(!('reason' in restored));
    if ('reason' in restored) return;
    assert.deepEqual(
      restored.papers.map((p) => JSON.stringify(p)),
      library.papers.map((p) => JSON.stringify(p)),
    );
    assert.deepEqual(
      restored.index.query('speculative decoding', 5).hits.map((h) => h.paper.key),
      library.index.query('speculative decoding', 5).hits.map((h) => h.paper.key),
    );
    assert.deepEqual(
      restored.index.completeKey('help', 3).map((p) => p.key),
      library.index.completeKey('help', 3).map((p) => p.key),
    );
    assert.equal(restored.hasSources, false);
  });

  it('a restored library refuses corrections and updates until it is given the builder', async () => {
    const restored = await restoreLibrary(lines, 'key-1', DEFAULT_KNOWLEDGE);
    if ('reason' in restored) assert.fail(restored.reason);
    const key = restored.papers[0].key;
    const corrections = new Map([[key, { hardware: { add: [{ name: 'Google TPU', class: 'ASIC/Accelerator' as const }] } }]]);
    assert.throws(() => restored.setCorrections(corrections), /need the builder/);
    assert.throws(() => restored.update([], [seedFiles()[0].name]), /no sources attached/);
    // No corrections need no builder: the restored library stays as it was.
    restored.setCorrections(new Map());
    assert.equal(restored.byKey.get(key), restored.extractedPapers[0]);
    restored.setCorrections(corrections, builder);
    assert.ok(restored.byKey.get(key)!.hardware.some((h) => h.name === 'Google TPU'));
  });

  it('once its sources are attached, a restored library updates like a built one', async () => {
    const restored = await restoreLibrary(lines, 'key-1', DEFAULT_KNOWLEDGE);
    if ('reason' in restored) assert.fail(restored.reason);
    runSync(restored.attachSteps(seedFiles(), builder));
    restored.update([], [seedFiles()[0].name]);
    assert.deepEqual(
      restored.papers.map((p) => p.key),
      buildLibrary(seedFiles().slice(1)).papers.map((p) => p.key),
    );
  });

  it('gives the papers to the tree before it parses the index, and is still not used when a term line is broken', async () => {
    let shown: Library | undefined;
    const header = JSON.parse(lines[0]);
    const termLine = 2 + header.paperLines;
    const broken = [...lines.slice(0, termLine), '[["cut', ...lines.slice(termLine + 1)];
    const result = await restoreLibrary(broken, 'key-1', DEFAULT_KNOWLEDGE, undefined, (l) => (shown = l));
    assert.match((result as { reason: string }).reason, /does not parse/);
    assert.deepEqual(
      shown?.papers.map((p) => p.key),
      library.papers.map((p) => p.key),
    );
    let early = -1;
    const restored = await restoreLibrary(lines, 'key-1', DEFAULT_KNOWLEDGE, undefined, (l) => (early = l.index.search('speculative decoding').length));
    assert.equal(early, 0, 'the index is not loaded yet when the papers are shown');
    assert.ok(!('reason' in restored) && restored.index.search('speculative decoding').length > 0);
  });

  it('is not used when the digests changed (another key)', async () => {
    assert.match(((await restoreLibrary(lines, 'key-2', DEFAULT_KNOWLEDGE)) as { reason: string }).reason, /changed since it was saved/);
  });

  it('is not used when saved by another cache version', async () => {
    const header = JSON.parse(lines[0]);
    const older = [JSON.stringify({ ...header, version: CACHE_VERSION - 1 }), ...lines.slice(1)];
    assert.match(((await restoreLibrary(older, 'key-1', DEFAULT_KNOWLEDGE)) as { reason: string }).reason, /cache version/);
  });

  it('is not used when a line is cut, missing or not JSON', async () => {
    for (const broken of [
      [...lines.slice(0, 1), lines[1].slice(0, 100), ...lines.slice(2)],
      lines.slice(0, -1),
      ['not json', ...lines.slice(1)],
      [lines[0], JSON.stringify([{ key: 'x', title: 't' }]), ...lines.slice(2)],
      [],
    ]) {
      const result = await restoreLibrary(broken, 'key-1', DEFAULT_KNOWLEDGE);
      assert.ok('reason' in result, 'a broken cache was trusted');
    }
  });

  describe('a library saved without its index (litdigest papers builds none)', () => {
    const lazy = buildLibrary(seedFiles(), DEFAULT_KNOWLEDGE, {}, false);
    const saved = runSync(serializeSteps(lazy, 'key-1'));
    const query = (l: Library) => l.index.query('speculative decoding', 5).hits.map((h) => `${h.paper.key} ${h.score}`);

    it('is saved with null in place of the index and no term lines, without building the index to save it', () => {
      const header = JSON.parse(saved[0]);
      assert.equal(header.indexLines, 0);
      assert.equal(saved.length, 2 + header.paperLines);
      assert.equal(saved.at(-1), 'null');
      assert.equal(lazy.hasIndex, false, 'saving asked the library for its index, which builds it');
    });

    it('restored for a search, gets an index built from its papers that answers as a built one', async () => {
      const restored = await restoreLibrary(saved, 'key-1', DEFAULT_KNOWLEDGE);
      if ('reason' in restored) assert.fail(restored.reason);
      assert.equal(restored.indexSource, 'build');
      assert.deepEqual(query(restored), query(library));
    });

    it('restored without the index: none is read or built until asked for, then one is built that answers the same', async () => {
      for (const from of [saved, lines]) {
        const restored = await restoreLibrary(from, 'key-1', DEFAULT_KNOWLEDGE, undefined, undefined, {}, false);
        if ('reason' in restored) assert.fail(restored.reason);
        assert.equal(restored.hasIndex, false);
        assert.equal(restored.indexSource, null);
        assert.deepEqual(
          restored.papers.map((p) => JSON.stringify(p)),
          library.papers.map((p) => JSON.stringify(p)),
        );
        assert.deepEqual(query(restored), query(library));
        assert.equal(restored.indexSource, 'build');
      }
    });

    it('a full cache restored with its index says the index came from the cache', async () => {
      const restored = await restoreLibrary(lines, 'key-1', DEFAULT_KNOWLEDGE);
      if ('reason' in restored) assert.fail(restored.reason);
      assert.equal(restored.indexSource, 'cache');
    });

    it('is not used when its index line is null but term lines follow, or the index line is neither', async () => {
      const header = JSON.parse(saved[0]);
      const withTerms = [JSON.stringify({ ...header, indexLines: 1 }), ...saved.slice(1), '[]'];
      const notIndex = [...saved.slice(0, -1), '42'];
      for (const broken of [withTerms, notIndex]) {
        const result = await restoreLibrary(broken, 'key-1', DEFAULT_KNOWLEDGE);
        assert.ok('reason' in result && result.kind === 'bad', 'a broken cache was trusted');
      }
    });
  });

  it('tells a stale cache (other inputs) from a bad one', async () => {
    assert.equal(((await restoreLibrary(lines, 'key-2', DEFAULT_KNOWLEDGE)) as CacheMiss).kind, 'stale');
    assert.equal(((await restoreLibrary(['not json', ...lines.slice(1)], 'key-1', DEFAULT_KNOWLEDGE)) as CacheMiss).kind, 'bad');
  });
});

describe('asciiJson', () => {
  const BEYOND_ASCII = /[\u007f-\uffff]/;
  it('writes every character beyond ASCII as an escape that JSON.parse reads back as the same string', () => {
    const value = { t: '2× faster – “quoted” 😀 café \u007f', lone: '\ud800 x', plain: 'a\nb"c\\' };
    const text = asciiJson(value);
    assert.doesNotMatch(text, BEYOND_ASCII);
    assert.deepEqual(JSON.parse(text), value);
    assert.equal(asciiJson(['plain']), JSON.stringify(['plain']));
  });

  it('is how the cache is saved: every line is ASCII and restores the same papers', async () => {
    const library = buildLibrary(seedFiles());
    const saved = runSync(serializeSteps(library, 'k'));
    assert.ok(
      library.papers.some((p) => BEYOND_ASCII.test(JSON.stringify(p))),
      'the seeds hold no character beyond ASCII: the test proves nothing',
    );
    for (const line of saved) assert.doesNotMatch(line, BEYOND_ASCII);
    const restored = await restoreLibrary(saved, 'k', DEFAULT_KNOWLEDGE);
    if ('reason' in restored) assert.fail(restored.reason);
    assert.equal(JSON.stringify(restored.papers), JSON.stringify(library.papers));
  });
});

describe('Library index on first use', () => {
  it('a library built without an index builds one on first use that answers as an eager one, and updates keep it right', () => {
    const eager = buildLibrary(seedFiles());
    const lazy = buildLibrary(seedFiles(), DEFAULT_KNOWLEDGE, {}, false);
    assert.equal(lazy.hasIndex, false);
    const fresh = { name: 'fresh.txt', text: 'A Fresh Paper on Speculative Decoding\nWe speed up speculative decoding on GPUs by 2x.\n' };
    eager.update([fresh]);
    lazy.update([fresh]);
    assert.equal(lazy.hasIndex, false, 'an update built the index');
    const hits = (l: Library) => l.index.query('speculative decoding', 10).hits.map((h) => `${h.paper.key} ${h.score}`);
    assert.deepEqual(hits(lazy), hits(eager));
    assert.ok(hits(lazy).some((h) => h.startsWith(lazy.papers.find((p) => p.title.startsWith('A Fresh Paper'))!.key)));
  });
});
