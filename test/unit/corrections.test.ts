import { strict as assert } from 'node:assert';
import { candidateClaims, claimSentenceProblem, correctionChange, teamCorrections, type PaperCorrections } from '../../src/core/corrections';
import { applyCorrections, claimFromSentence } from '../../src/core/corrected';
import { restoreLibrary, serializeSteps } from '../../src/core/cache';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import { searchLibrary } from '../../src/core/library';
import type { Paper } from '../../src/core/model';
import type { Decision } from '../../src/core/reviewFile';
import { runSync } from '../../src/core/steps';
import { buildLibrary } from '../../src/core/build';

const ABSTRACT =
  'Serving large models is costly. We present FastKV, a cache manager for LLM serving. On an NVIDIA RTX 4090 GPU, FastKV is 2.5x faster than vLLM. ' +
  'It also cuts\nmemory by 40% on edge devices. Code is available online.';

function paper(over: Partial<Paper> = {}): Paper {
  return {
    key: 'fastkv-ab12',
    title: 'FastKV',
    abstract: ABSTRACT,
    authors: null,
    org: null,
    date: null,
    year: 2025,
    count: null,
    urls: [],
    sources: [{ file: 'a.txt', line: 1, pageDate: null }],
    topics: ['general'],
    hardware: [
      { name: 'NVIDIA RTX 4090', class: 'GPU', phrase: 'NVIDIA RTX 4090' },
      { name: 'Edge device, model not named', class: 'Edge device', phrase: 'edge devices' },
    ],
    claims: [
      { text: 'On an NVIDIA RTX 4090 GPU, FastKV is 2.5x faster than vLLM.', metric: 'speedup', value: '2.5x' },
      { text: 'It also cuts\nmemory by 40% on edge devices.', metric: 'memory', value: '40%' },
    ],
    ...over,
  };
}

const decision = (key: string, at: string, fields: Partial<Decision>): Decision => ({ key, status: 'unscreened', tags: [], decidedAt: at, ...fields });

describe('applyCorrections', () => {
  it('returns the same paper when there are no corrections, or they change nothing', () => {
    const p = paper();
    assert.equal(applyCorrections(p, undefined), p);
    assert.equal(applyCorrections(p, {}), p);
    assert.equal(applyCorrections(p, { hardware: { remove: [{ name: 'Google TPU', class: 'ASIC/Accelerator' }] } }), p);
    assert.equal(applyCorrections(p, { hardware: { add: [{ name: 'nvidia rtx  4090', class: 'GPU' }] } }), p, 'an added target already there is not repeated');
  });

  it('removes a target by name and class (case and spacing aside), never one of another class', () => {
    const p = paper();
    const out = applyCorrections(p, {
      hardware: {
        remove: [
          { name: 'nvidia RTX 4090', class: 'GPU' },
          { name: 'Edge device, model not named', class: 'GPU' },
        ],
      },
    });
    assert.deepEqual(
      out.hardware.map((h) => h.name),
      ['Edge device, model not named'],
    );
    assert.equal(p.hardware.length, 2, 'the extracted paper is not changed');
  });

  it('adds targets after the extracted ones, with their wording when given', () => {
    const out = applyCorrections(paper(), { hardware: { add: [{ name: 'Apple M2', class: 'CPU', phrase: 'edge devices', extra: 1 }] } });
    assert.deepEqual(out.hardware.at(-1), { name: 'Apple M2', class: 'CPU', phrase: 'edge devices' });
  });

  it('removes a claim by its sentence (spacing aside) and adds a sentence as a claim, in abstract order, read like extraction reads it', () => {
    const out = applyCorrections(paper(), {
      claims: { remove: ['It also cuts memory by 40% on  edge devices.'], add: ['We present FastKV, a cache manager for LLM serving.'] },
    });
    assert.deepEqual(
      out.claims.map((c) => c.text),
      ['We present FastKV, a cache manager for LLM serving.', 'On an NVIDIA RTX 4090 GPU, FastKV is 2.5x faster than vLLM.'],
    );
    assert.equal(out.claims[0].metric, 'other');
    assert.equal(out.claims[0].value, '');
  });

  it('a sentence no longer in the abstract is still added, last', () => {
    const out = applyCorrections(paper(), { claims: { add: ['A sentence the page has dropped, 3x faster.'] } });
    assert.equal(out.claims.at(-1)?.text, 'A sentence the page has dropped, 3x faster.');
  });
});

describe('claimFromSentence', () => {
  it('reads value, unit and baseline of a sentence with a result, and gives an empty value otherwise', () => {
    const c = claimFromSentence('Our method is 3.1x faster than vLLM on an A100 GPU.');
    assert.equal(c.text, 'Our method is 3.1x faster than vLLM on an A100 GPU.');
    assert.equal(c.value, '3.1x');
    assert.equal(c.unit, 'x');
    const none = claimFromSentence('We study serving.');
    assert.deepEqual([none.metric, none.value, none.number], ['other', '', null]);
  });
});

describe('correctionChange', () => {
  it('adding takes an item off the removed list and puts it on the added one, and removing does the reverse', () => {
    const target = { name: 'Google TPU', class: 'ASIC/Accelerator' as const };
    let c: PaperCorrections = {};
    c = { ...c, ...correctionChange(c, { kind: 'removeHardware', target }) };
    assert.deepEqual(c.hardware, { remove: [target] });
    c = { ...c, ...correctionChange(c, { kind: 'addHardware', target: { ...target, phrase: 'TPU' } }) };
    assert.deepEqual(c.hardware, { add: [{ ...target, phrase: 'TPU' }] });
    c = { ...c, ...correctionChange(c, { kind: 'removeHardware', target: { name: 'google tpu', class: 'ASIC/Accelerator' } }) };
    assert.deepEqual(c.hardware, { remove: [{ name: 'google tpu', class: 'ASIC/Accelerator' }] });
  });

  it('touches only the part it corrects, and keeps fields it does not know', () => {
    const current = { hardware: { add: [{ name: 'X', class: 'GPU' as const }] }, claims: { remove: ['A.'], future: true } };
    const change = correctionChange(current, { kind: 'addClaim', text: 'A.' });
    assert.deepEqual(change, { claims: { future: true, add: ['A.'] } });
    assert.ok(!('hardware' in change));
  });
});

describe('teamCorrections', () => {
  it("merges the reviewers' corrections in the order they were made: the later word on an item wins", () => {
    const target = { name: 'NVIDIA RTX 4090', class: 'GPU' as const };
    const ana = new Map([['k', decision('k', '2026-01-01', { hardware: { remove: [target] }, correctedAt: '2026-01-03T00:00:00Z' })]]);
    const ben = new Map([['k', decision('k', '2026-01-01', { hardware: { add: [target] }, claims: { add: ['S.'] }, correctedAt: '2026-01-02T00:00:00Z' })]]);
    const merged = teamCorrections(
      new Map([
        ['ana', ana],
        ['ben', ben],
      ]),
    ).get('k');
    assert.deepEqual(merged, { hardware: { remove: [target] }, claims: { add: ['S.'] } });
    const benLater = new Map([['k', { ...ben.get('k')!, correctedAt: '2026-01-04T00:00:00Z' }]]);
    assert.deepEqual(
      teamCorrections(
        new Map([
          ['ana', ana],
          ['ben', benLater],
        ]),
      ).get('k')?.hardware,
      { add: [target] },
    );
  });

  it('leaves out papers nobody corrected', () => {
    const only = new Map([['k', decision('k', '2026-01-01', { status: 'included' })]]);
    assert.equal(teamCorrections(new Map([['ana', only]])).size, 0);
  });
});

describe('claimSentenceProblem and candidateClaims', () => {
  it('accepts a sentence of the abstract copied with other spacing, and refuses blank, foreign or existing ones', () => {
    const p = paper();
    assert.equal(claimSentenceProblem(p, 'We present FastKV,  a cache manager\nfor LLM serving.'), null);
    assert.match(claimSentenceProblem(p, '  ')!, /sentence/);
    assert.match(claimSentenceProblem(p, 'FastKV is 9x faster than everything.')!, /Not found in the abstract/);
    assert.match(claimSentenceProblem(p, p.claims[0].text)!, /Already a claim/);
  });

  it('offers the sentences that are not claims yet', () => {
    assert.deepEqual(candidateClaims(paper()), [
      'Serving large models is costly.',
      'We present FastKV, a cache manager for LLM serving.',
      'Code is available online.',
    ]);
  });
});

describe('Library.setCorrections', () => {
  const text = `FastKV: Serving on Edge\n${ABSTRACT.replace(/\n/g, ' ')}\n\nAnother Paper on Phones\nWe run a model on a Snapdragon 8 Gen 3 phone and it is 3x faster than before.\n`;
  const build = () => buildLibrary([{ name: 'a.txt', text }]);

  it('shows corrected papers in papers, byKey and search hits, and its hw: filter follows them', () => {
    const lib = build();
    const fast = lib.papers.find((p) => p.title.startsWith('FastKV'))!;
    assert.ok(
      fast.hardware.some((h) => h.class === 'GPU'),
      JSON.stringify(fast.hardware),
    );
    assert.equal(searchLibrary(lib, 'hw:gpu').hits.length, 1);
    lib.setCorrections(
      new Map([[fast.key, { hardware: { remove: fast.hardware.filter((h) => h.class === 'GPU'), add: [{ name: 'Google TPU', class: 'ASIC/Accelerator' }] } }]]),
    );
    const shown = lib.byKey.get(fast.key)!;
    assert.ok(!shown.hardware.some((h) => h.class === 'GPU'));
    assert.ok(lib.papers.includes(shown));
    assert.equal(searchLibrary(lib, 'hw:gpu').hits.length, 0);
    assert.deepEqual(
      searchLibrary(lib, 'hw:tpu').hits.map((h) => h.paper),
      [shown],
    );
    assert.equal(searchLibrary(lib, 'FastKV').hits[0].paper, shown);
    const other = lib.papers.find((p) => p !== shown)!;
    assert.equal(lib.byKey.get(other.key), other, 'a paper without corrections is the extracted object');
    assert.ok(
      lib.extractedPapers.find((p) => p.key === fast.key)!.hardware.some((h) => h.class === 'GPU'),
      'extraction is kept',
    );
  });

  it('keeps corrections across an update, and drops them when set to none', () => {
    const lib = build();
    const key = lib.papers[0].key;
    lib.setCorrections(new Map([[key, { hardware: { add: [{ name: 'Google TPU', class: 'ASIC/Accelerator' }] } }]]));
    lib.update([{ name: 'b.txt', text: 'Third Paper\nAn abstract with nothing in it at all, long enough.\n' }]);
    assert.ok(lib.byKey.get(key)!.hardware.some((h) => h.name === 'Google TPU'));
    lib.setCorrections(new Map());
    assert.ok(!lib.byKey.get(key)!.hardware.some((h) => h.name === 'Google TPU'));
  });

  it('the cache saves what extraction found, not the corrections', async () => {
    const lib = build();
    const key = lib.papers[0].key;
    lib.setCorrections(new Map([[key, { hardware: { add: [{ name: 'Google TPU', class: 'ASIC/Accelerator' }] } }]]));
    const restored = await restoreLibrary(runSync(serializeSteps(lib, 'k')), 'k', DEFAULT_KNOWLEDGE);
    assert.ok(!('reason' in restored), JSON.stringify(restored));
    assert.ok(!restored.byKey.get(key)!.hardware.some((h) => h.name === 'Google TPU'));
  });
});
