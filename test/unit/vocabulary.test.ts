import { strict as assert } from 'node:assert';
import { classifyTopics } from '../../src/core/extract';
import { DEFAULT_CATALOG } from '../../src/core/catalog';
import { DEFAULT_TAXONOMY, HARDWARE_CLASSES, parseTaxonomy } from '../../src/core/vocabulary';

describe('the shipped vocabulary', () => {
  it('has a taxonomy of 12 to 20 topics including the catch-all', () => {
    const count = DEFAULT_TAXONOMY.topics.length + 1;
    assert.ok(count >= 12 && count <= 20, `${count} topics`);
  });

  it('has a catalogue whose every class is one of the twelve', () => {
    for (const d of DEFAULT_CATALOG.devices) assert.ok((HARDWARE_CLASSES as readonly string[]).includes(d.class), d.name);
  });
});

describe('parseTaxonomy', () => {
  it('accepts a valid user taxonomy, which then classifies papers', () => {
    const result = parseTaxonomy({ fallback: { id: 'misc', label: 'Misc' }, topics: [{ id: 'cats', label: 'Cats', keywords: ['cat', 'kitten'] }] });
    assert.ok('taxonomy' in result);
    if ('taxonomy' in result) assert.deepEqual(classifyTopics('Cats and kittens', '', result.taxonomy), ['cats']);
  });

  it('rejects a bad file with a message naming the place and the reason', () => {
    for (const [json, expected] of [
      [{}, /fallback: .*|topics: /],
      [{ fallback: { id: 'x', label: 'X' }, topics: [{ id: 'Bad Id', label: 'B', keywords: ['b'] }] }, /topics\.0\.id: topic ids are lower-case/],
      [
        {
          fallback: { id: 'x', label: 'X' },
          topics: [
            { id: 'a', label: 'A', keywords: ['a'] },
            { id: 'a', label: 'A', keywords: ['b'] },
          ],
        },
        /topic ids must be unique/,
      ],
      [{ fallback: { id: 'x', label: 'X' }, topics: [{ id: 'a', label: 'A', keywords: [] }] }, /topics\.0\.keywords/],
      ['not an object', /expected object/],
    ] as const) {
      const result = parseTaxonomy(json);
      assert.ok('error' in result, JSON.stringify(json));
      if ('error' in result) assert.match(result.error, expected);
    }
  });
});
