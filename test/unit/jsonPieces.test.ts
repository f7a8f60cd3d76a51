import { strict as assert } from 'node:assert';
import { buildLibrary } from '../../src/core/build';
import { prettyJsonPieces } from '../../src/core/jsonPieces';
import { seedFiles } from './seedFiles';

describe('prettyJsonPieces', () => {
  const papers = buildLibrary(seedFiles()).papers;

  it('joins to the text of one JSON.stringify(items, null, 2), at every length around a piece', () => {
    for (const count of [1, 2, 99, 100, 101, 250, papers.length])
      for (const per of [1, 7, 100]) {
        const items = papers.slice(0, count);
        assert.equal([...prettyJsonPieces(items, per)].join(''), JSON.stringify(items, null, 2), `${count} items, ${per} a piece`);
      }
  });

  it('writes an empty list, values JSON leaves out, and text beyond ASCII as JSON.stringify does', () => {
    assert.equal([...prettyJsonPieces([])].join(''), '[]');
    const odd = [{ a: undefined, b: '× ü 𝔸 "quoted" \n' }, undefined, null, [1, [2, {}]], () => 1, 'end'];
    assert.equal([...prettyJsonPieces(odd, 2)].join(''), JSON.stringify(odd, null, 2));
  });

  it('never makes one string of a long list', () => {
    const pieces = [...prettyJsonPieces(papers, 10)];
    assert.equal(pieces.length, Math.ceil(papers.length / 10) + 1);
  });
});
