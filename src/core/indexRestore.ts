/**
 * A saved MiniSearch index restored in short steps: what MiniSearch's `loadJSAsync` does, without its pause of a timer
 * tick after every 1,000 entries (a quarter of a 20,000-paper restore was spent waiting on those ticks).
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { Steps } from './steps';

/** The maps MiniSearch 7 fills from a saved index (private to it: `indexRestore.test.ts` holds the result equal to its `loadJS`). */
interface EngineMaps {
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _index: { set(term: string, data: Map<number, Map<number, number>>): void };
}

/** Entries restored between two steps: a step stays well under a millisecond. */
const ENTRIES_PER_STEP = 4096;

/**
 * The MiniSearch index saved as `js` (MiniSearch's `toJSON`, serialization version 2), restored with `options` (the
 * ones it was made with) in steps. Throws, as `loadJS` does, for a saved form it cannot read.
 */
export function* restoreIndexSteps<T>(js: AsPlainObject, options: Options<T>): Steps<MiniSearch<T>> {
  if (js.serializationVersion !== 2) throw new Error(`cannot restore a MiniSearch index of serialization version ${js.serializationVersion}`);
  // MiniSearch's own loader sets the counts and field ids; the maps are filled below, a few thousand entries a step.
  const mini = MiniSearch.loadJS<T>({ ...js, documentIds: {}, fieldLength: {}, storedFields: {}, index: [] }, options);
  const maps = mini as unknown as EngineMaps;
  let entries = 0;
  for (const [shortId, id] of Object.entries(js.documentIds)) {
    maps._documentIds.set(parseInt(shortId, 10), id);
    maps._idToShortId.set(id, parseInt(shortId, 10));
    if (++entries % ENTRIES_PER_STEP === 0) yield;
  }
  for (const [shortId, lengths] of Object.entries(js.fieldLength)) {
    maps._fieldLength.set(parseInt(shortId, 10), lengths);
    if (++entries % ENTRIES_PER_STEP === 0) yield;
  }
  for (const [shortId, fields] of Object.entries(js.storedFields)) {
    maps._storedFields.set(parseInt(shortId, 10), fields);
    if (++entries % ENTRIES_PER_STEP === 0) yield;
  }
  entries = 0;
  for (const [term, data] of js.index) {
    const byField = new Map<number, Map<number, number>>();
    for (const fieldId of Object.keys(data)) {
      const frequencies = data[fieldId] as Record<string, number>;
      const byDocument = new Map<number, number>();
      for (const shortId in frequencies) byDocument.set(parseInt(shortId, 10), frequencies[shortId]);
      byField.set(parseInt(fieldId, 10), byDocument);
      entries += byDocument.size;
    }
    maps._index.set(term, byField);
    if (entries >= ENTRIES_PER_STEP) {
      entries = 0;
      yield;
    }
  }
  return mini;
}
