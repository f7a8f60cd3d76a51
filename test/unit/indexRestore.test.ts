import { strict as assert } from 'node:assert';
import MiniSearch from 'minisearch';
import { buildLibrary } from '../../src/core/build';
import { restoreIndexSteps } from '../../src/core/indexRestore';
import { runSync } from '../../src/core/steps';
import { seedFiles } from './seedFiles';

interface Doc {
  id: string;
  title: string;
  abstract: string;
}

const OPTIONS = { fields: ['title', 'abstract'], storeFields: ['title'] };

describe('restoreIndexSteps', () => {
  const papers = buildLibrary(seedFiles()).papers;
  // Several copies, some removed: short ids with holes, and more entries than one step restores.
  const docs: Doc[] = [0, 1, 2].flatMap((copy) => papers.map((p) => ({ id: `${p.key}-${copy}`, title: p.title, abstract: p.abstract })));
  const saved = new MiniSearch<Doc>(OPTIONS);
  saved.addAll(docs);
  for (const doc of docs.filter((_, i) => i % 7 === 3)) saved.remove(doc);
  const js = saved.toJSON();

  it('restores the index MiniSearch saved as MiniSearch itself loads it, a few thousand entries a step', () => {
    const steps = restoreIndexSteps<Doc>(js, OPTIONS);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    const restored = next.value;
    assert.ok(pauses > 3, `restored in ${pauses + 1} steps`);
    const loaded = MiniSearch.loadJS<Doc>(js, OPTIONS);
    assert.deepEqual(restored.toJSON(), loaded.toJSON());
    for (const query of ['speculative decoding', 'latency', 'kv cach', 'fpga']) {
      const options = { prefix: true, fuzzy: 0.2 };
      assert.deepEqual(restored.search(query, options), loaded.search(query, options), query);
    }
    // It keeps working as an index: removing and adding after the restore.
    restored.remove(docs[0]);
    restored.add({ id: 'new', title: 'A restored index takes new papers', abstract: '' });
    assert.equal(restored.search('restored')[0]?.id, 'new');
    assert.equal(restored.has(docs[0].id), false);
  });

  it('refuses a saved form it cannot read, as MiniSearch does', () => {
    assert.throws(() => runSync(restoreIndexSteps<Doc>({ ...js, serializationVersion: 1 }, OPTIONS)), /serialization version 1/);
    assert.throws(() => runSync(restoreIndexSteps<Doc>({ ...js, serializationVersion: 3 }, OPTIONS)), /serialization version 3/);
  });
});
