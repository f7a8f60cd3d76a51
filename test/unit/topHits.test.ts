import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { buildLibrary } from '../../src/core/build';
import { Scratch, topHits, type EngineIndex, type HitOptions, type WordQuery } from '../../src/core/topHits';
import { seedFiles } from './seedFiles';

interface Doc {
  id: string;
  title: string;
  abstract: string;
  tags: string;
}

const shipped = buildLibrary(seedFiles()).papers;
const docOf = (p: (typeof shipped)[number], suffix = ''): Doc => ({
  id: p.key + suffix,
  title: p.title,
  abstract: p.abstract,
  tags: [...p.hardware.map((h) => h.name), ...p.topics].join(' '),
});
const FIELDS = ['title', 'abstract', 'tags'];
const BOOST = { title: 3, tags: 2 };

function engineOf(docs: readonly Doc[]): MiniSearch<Doc> {
  const mini = new MiniSearch<Doc>({ fields: FIELDS });
  mini.addAll(docs);
  return mini;
}

/** MiniSearch's own answer: its search, filtered, best first, cut to `limit`. */
function reference(mini: MiniSearch<Doc>, queries: readonly WordQuery[], options: HitOptions) {
  const results = mini.search(
    { queries: queries.map((q) => ({ queries: [q.word], prefix: q.prefix, fuzzy: q.fuzzy })), combineWith: options.combineWith },
    { fields: [...options.fields], boost: options.boost, filter: options.keep && ((r) => options.keep!(r.id as string)) },
  );
  return results.slice(0, options.limit).map((r) => ({ id: r.id as string, score: r.score }));
}

/** Equal scores in order, and the same papers wherever a score is not tied with the last one kept (ties may order either way). */
function assertSameHits(ours: { id: string; score: number }[], theirs: { id: string; score: number }[]): void {
  assert.equal(ours.length, theirs.length, 'number of hits');
  ours.forEach((hit, i) =>
    assert.ok(Math.abs(hit.score - theirs[i].score) <= 1e-9 * Math.max(1, theirs[i].score), `score ${i}: ${hit.score} vs ${theirs[i].score}`),
  );
  const last = theirs.at(-1)?.score ?? 0;
  const clear = (hits: { id: string; score: number }[]) =>
    hits
      .filter((h) => h.score > last * (1 + 1e-9))
      .map((h) => h.id)
      .sort();
  assert.deepEqual(clear(ours), clear(theirs));
}

describe('topHits', () => {
  const mini = engineOf(shipped.map((p) => docOf(p)));
  const engine = mini as unknown as EngineIndex;
  const vocabulary = [...(mini as unknown as { _index: Iterable<[string, unknown]> })._index].map(([term]) => term).filter((t) => /^[a-z]{3,}$/.test(t));
  const word = fc.constantFrom(...vocabulary);
  // A word as typed: whole, cut short (a prefix being typed), or with a letter changed (a typo).
  const typed = fc
    .tuple(word, fc.nat(), fc.constantFrom('whole', 'cut', 'typo'))
    .map(([w, n, how]) =>
      how === 'whole' ? w : how === 'cut' ? w.slice(0, Math.max(2, w.length - 1 - (n % 3))) : `${w.slice(0, n % w.length)}x${w.slice((n % w.length) + 1)}`,
    );
  const query = fc
    .tuple(fc.uniqueArray(typed, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.constantFrom<0.2 | false>(0.2, false))
    .map(([words, prefix, fuzzy]) => words.map((w, i) => ({ word: w, prefix: prefix && i === words.length - 1, fuzzy })));
  const options = fc.record({
    fields: fc.constantFrom(FIELDS, ['title', 'tags']),
    combineWith: fc.constantFrom<'AND' | 'OR'>('AND', 'OR'),
    limit: fc.integer({ min: 1, max: 30 }),
  });

  it('scores and ranks as MiniSearch does, for any words, prefixes, typos, fields and combination', () => {
    const scratch = new Scratch();
    fc.assert(
      fc.property(query, options, (queries, opts) => {
        const all = { ...opts, boost: BOOST };
        assertSameHits(topHits(engine, queries, all, scratch), reference(mini, queries, all));
      }),
      { numRuns: 400 },
    );
  });

  it('passes over the hits that fail the filter, and still returns as many as asked when enough pass', () => {
    const even = (id: string) => [...id].reduce((h, c) => h + c.charCodeAt(0), 0) % 2 === 0;
    const scratch = new Scratch();
    fc.assert(
      fc.property(query, options, (queries, opts) => {
        const all = { ...opts, boost: BOOST, keep: even };
        const ours = topHits(engine, queries, all, scratch);
        assert.ok(ours.every((h) => even(h.id)));
        assertSameHits(ours, reference(mini, queries, all));
      }),
      { numRuns: 200 },
    );
  });

  it('finds nothing for a word the index does not hold, and AND finds nothing when one word is missing', () => {
    const scratch = new Scratch();
    const options: HitOptions = { fields: FIELDS, boost: BOOST, combineWith: 'AND', limit: 10 };
    assert.deepEqual(topHits(engine, [{ word: 'zzqqxx', prefix: false, fuzzy: false }], options, scratch), []);
    assert.deepEqual(
      topHits(
        engine,
        [
          { word: 'latency', prefix: false, fuzzy: false },
          { word: 'zzqqxx', prefix: false, fuzzy: false },
        ],
        options,
        scratch,
      ),
      [],
    );
    assert.ok(
      topHits(
        engine,
        [
          { word: 'latency', prefix: false, fuzzy: false },
          { word: 'zzqqxx', prefix: false, fuzzy: false },
        ],
        { ...options, combineWith: 'OR' },
        scratch,
      ).length > 0,
    );
  });

  it('follows papers added and removed after earlier queries, never returning a removed one', () => {
    const changing = engineOf(shipped.map((p) => docOf(p)));
    const scratch = new Scratch();
    const options: HitOptions = { fields: FIELDS, boost: BOOST, combineWith: 'OR', limit: 25 };
    const words: WordQuery[] = [
      { word: 'latency', prefix: false, fuzzy: false },
      { word: 'speculative', prefix: true, fuzzy: 0.2 },
    ];
    topHits(changing as unknown as EngineIndex, words, options, scratch);
    const removed = shipped.slice(0, 40).map((p) => docOf(p));
    for (const doc of removed) changing.remove(doc);
    // Longer titles than any before, so a field length read from before the change would misrank them.
    changing.addAll(shipped.slice(0, 40).map((p) => ({ ...docOf(p, '-again'), title: `${p.title} ${p.title} ${p.title}` })));
    const ours = topHits(changing as unknown as EngineIndex, words, options, scratch);
    const gone = new Set(removed.map((d) => d.id));
    assert.ok(!ours.some((h) => gone.has(h.id)));
    assertSameHits(ours, reference(changing, words, options));
  });
});
