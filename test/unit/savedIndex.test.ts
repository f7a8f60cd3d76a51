import { strict as assert } from 'node:assert';
import MiniSearch from 'minisearch';
import { buildLibrary } from '../../src/core/build';
import { restoreIndexSteps, saveIndexSteps, SavedPostings, type SavedIndex } from '../../src/core/savedIndex';
import { runSync } from '../../src/core/steps';
import { seedFiles } from './seedFiles';

interface Doc {
  id: string;
  title: string;
  abstract: string;
}

const OPTIONS = { fields: ['title', 'abstract'], storeFields: ['title'] };

/** Runs `steps` to the end, counting the pauses between them. */
function stepped<T>(steps: Generator<unknown, T, void>): { value: T; pauses: number } {
  let pauses = 0;
  let next = steps.next();
  for (; !next.done; next = steps.next()) pauses++;
  return { value: next.value, pauses };
}

describe('saveIndexSteps and restoreIndexSteps', () => {
  const papers = buildLibrary(seedFiles()).papers;
  // Several copies, some removed: short ids with holes, term frequencies above 1, and more entries than one step holds.
  const docs: Doc[] = [0, 1, 2].flatMap((copy) => papers.map((p) => ({ id: `${p.key}-${copy}`, title: p.title, abstract: p.abstract })));
  const original = new MiniSearch<Doc>(OPTIONS);
  original.addAll(docs);
  for (const doc of docs.filter((_, i) => i % 7 === 3)) original.remove(doc);
  // Through JSON, as the cache holds it.
  const saved = JSON.parse(JSON.stringify(runSync(saveIndexSteps(original)))) as SavedIndex;

  it('restores the index it saved as MiniSearch holds it, in steps each way', () => {
    assert.ok(stepped(saveIndexSteps(original)).pauses > 3);
    const { value: restored, pauses } = stepped(restoreIndexSteps<Doc>(saved, OPTIONS));
    assert.ok(pauses > 0, `restored in ${pauses + 1} steps`);
    // The term tree's order follows insertion, so terms compare in sorted order.
    const byTerm = (mini: MiniSearch<Doc>) => {
      const js = mini.toJSON();
      return { ...js, index: js.index.sort(([a], [b]) => (a < b ? -1 : 1)) };
    };
    assert.deepEqual(byTerm(restored), byTerm(original));
    // Typo expansions come in the tree's order, so scores are summed in another order: equal to 12 digits.
    for (const query of ['speculative decoding', 'latency', 'kv cach', 'fpga']) {
      const options = { prefix: true, fuzzy: 0.2 };
      const hits = (mini: MiniSearch<Doc>) => mini.search(query, options).map((r) => [r.id, r.score.toPrecision(12), r.title]);
      assert.deepEqual(hits(restored), hits(original), query);
    }
  });

  it('keeps each term’s postings packed until something reads them, and saves untouched ones as they came', () => {
    const restored = runSync(restoreIndexSteps<Doc>(saved, OPTIONS));
    const postings = () =>
      [...(restored as unknown as { _index: Iterable<[string, Map<number, unknown>]> })._index].map(([term, data]) => [term, data] as const);
    assert.ok(postings().every(([, data]) => data instanceof SavedPostings && data.untouched !== null));
    // Terms are saved in the term tree's order, which follows insertion: compared in sorted order.
    const sorted = (index: SavedIndex) => JSON.stringify({ ...index, terms: [...index.terms].sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)) });
    assert.equal(sorted(runSync(saveIndexSteps(restored))), sorted(saved));
    const hits = restored.search('speculative');
    assert.ok(hits.length > 0);
    const unpacked = postings().filter(([, data]) => (data as SavedPostings).untouched === null);
    assert.deepEqual(
      unpacked.map(([term]) => term),
      ['speculative'],
    );
    // A save after a search writes the unpacked term from its maps: the same form.
    assert.equal(sorted(runSync(saveIndexSteps(restored))), sorted(saved));
  });

  it('gives a restored index that takes removals and new papers', () => {
    const restored = runSync(restoreIndexSteps<Doc>(saved, OPTIONS));
    restored.remove(docs[0]);
    restored.add({ id: 'new', title: 'A restored index takes new papers', abstract: '' });
    assert.equal(restored.search('restored')[0]?.id, 'new');
    assert.equal(restored.has(docs[0].id), false);
  });

  it('is about half the size of MiniSearch’s own saved form', () => {
    const compact = JSON.stringify(saved).length;
    const own = JSON.stringify(original.toJSON()).length;
    assert.ok(compact < own * 0.7, `${compact} bytes against ${own}`);
  });

  it('refuses a saved form it cannot read instead of restoring a wrong index', () => {
    const restore = (index: unknown) => () => runSync(restoreIndexSteps<Doc>(index as SavedIndex, OPTIONS));
    assert.throws(restore(original.toJSON()), /not a saved index of the form/);
    assert.throws(restore({ ...saved, meta: { ...saved.meta, ids: saved.meta.ids.slice(1) } }), /unevenly/);
    const term = saved.terms.findIndex((t) => Array.isArray(t[3]));
    const uneven = saved.terms.map((t, i) => (i === term ? [t[0], t[1], t[2], (t[3] as number[]).slice(1)] : t));
    assert.throws(restore({ ...saved, terms: uneven }), /do not read/);
    assert.throws(restore({ ...saved, terms: [['word', 0, 'not a list', 1]] }), /do not read/);
    assert.throws(restore({ ...saved, terms: [['word', 0, [1]]] }), /does not read/);
    assert.throws(restore({ ...saved, terms: [[7, 0, [1], 1]] }), /does not read/);
  });
});
