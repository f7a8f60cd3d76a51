import { strict as assert } from 'node:assert';
import { CACHE_VERSION, restoreLibrary, serializeSteps } from '../../src/core/cache';
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
});
