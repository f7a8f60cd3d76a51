/**
 * A MiniSearch index in the cache's compact form, and back, both in short steps. The form holds numbers in arrays
 * (document ids as gaps, term frequencies only where one is not 1) instead of MiniSearch's `toJSON` objects keyed by
 * id strings, which the restore had to walk key by key and parse: at 20,000 papers it is about half the size. The
 * restore sets MiniSearch's own maps, so the index is MiniSearch's as it would have built it, except that each term's
 * postings stay in their saved arrays until a search or an update first reads them (`SavedPostings`; a save writes
 * untouched ones back as they are): a restored library searches as soon as its terms are listed, and holds a fraction
 * of the memory that a Map entry per posting would take.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Steps } from './steps';
import type { EngineIndex, TermData } from './topHits';

/**
 * The rest of MiniSearch 7's private state that saving and restoring read and write, beside what scoring reads
 * (`savedIndex.test.ts` holds a restore equal to the index saved).
 */
interface EngineState extends EngineIndex {
  _dirtCount: number;
  _idToShortId: Map<string, number>;
  _storedFields: Map<number, unknown>;
  _index: EngineIndex['_index'] & Iterable<[string, TermData]> & { set(term: string, data: TermData): void };
}

/** The index's counts and documents: `ids[i]` has short id `shortIds` summed up to i and field lengths `lengths[i]`. */
export interface SavedIndexMeta {
  form: typeof FORM;
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  shortIds: number[];
  ids: string[];
  lengths: number[][];
  storedFields: [number, unknown][];
}

/**
 * A term and its postings: `[term, fieldId, gaps, frequencies, fieldId, gaps, frequencies, …]`, where `gaps` are the
 * short document ids as differences from the one before (the first from 0), and `frequencies` is 1 when every one is 1.
 */
export type SavedTerm = (string | number | number[])[];

export interface SavedIndex {
  meta: SavedIndexMeta;
  terms: SavedTerm[];
}

const FORM = 'litdigest-compact-1';
/** Entries saved or restored between two steps: a step stays well under a millisecond. */
const ENTRIES_PER_STEP = 4096;

/**
 * A term's postings as MiniSearch reads them (field id → document → frequency), unpacked from their saved form on
 * first use. MiniSearch only calls Map's methods on them, each of which unpacks first.
 */
export class SavedPostings extends Map<number, Map<number, number>> {
  private saved: SavedTerm | null;

  /** `saved`: the term's saved form, checked (see `restoreIndexSteps`). */
  constructor(saved: SavedTerm) {
    super();
    this.saved = saved;
  }

  /** The saved form while nothing has read these postings yet (a save writes it back as it is), else null. */
  get untouched(): SavedTerm | null {
    return this.saved;
  }

  private unpack(): void {
    const saved = this.saved;
    if (!saved) return;
    this.saved = null;
    for (let f = 1; f < saved.length; f += 3) {
      const [fieldId, gaps, frequencies] = [saved[f] as number, saved[f + 1] as number[], saved[f + 2] as number[] | 1];
      const byDocument = new Map<number, number>();
      let doc = 0;
      for (let i = 0; i < gaps.length; i++) {
        doc += gaps[i];
        byDocument.set(doc, frequencies === 1 ? 1 : frequencies[i]);
      }
      super.set(fieldId, byDocument);
    }
  }

  override get size(): number {
    this.unpack();
    return super.size;
  }
  override get(fieldId: number): Map<number, number> | undefined {
    this.unpack();
    return super.get(fieldId);
  }
  override has(fieldId: number): boolean {
    this.unpack();
    return super.has(fieldId);
  }
  override set(fieldId: number, byDocument: Map<number, number>): this {
    this.unpack();
    return super.set(fieldId, byDocument);
  }
  override delete(fieldId: number): boolean {
    this.unpack();
    return super.delete(fieldId);
  }
  override clear(): void {
    this.saved = null;
    super.clear();
  }
  override forEach(each: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void, thisArg?: unknown): void {
    this.unpack();
    super.forEach(each, thisArg);
  }
  override keys(): MapIterator<number> {
    this.unpack();
    return super.keys();
  }
  override values(): MapIterator<Map<number, number>> {
    this.unpack();
    return super.values();
  }
  override entries(): MapIterator<[number, Map<number, number>]> {
    this.unpack();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.entries();
  }
}

/** `mini` in the compact form, in steps. */
export function* saveIndexSteps<T>(mini: MiniSearch<T>): Steps<SavedIndex> {
  const state = mini as unknown as EngineState;
  const shortIds: number[] = [];
  const ids: string[] = [];
  const lengths: number[][] = [];
  let previous = 0;
  for (const [shortId, id] of state._documentIds) {
    shortIds.push(shortId - previous);
    previous = shortId;
    ids.push(id);
    lengths.push(state._fieldLength.get(shortId) ?? []);
    if (ids.length % ENTRIES_PER_STEP === 0) yield;
  }
  const meta: SavedIndexMeta = {
    form: FORM,
    documentCount: state._documentCount,
    nextId: state._nextId,
    fieldIds: state._fieldIds,
    averageFieldLength: state._avgFieldLength,
    dirtCount: state._dirtCount,
    shortIds,
    ids,
    lengths,
    storedFields: [...state._storedFields],
  };
  const terms: SavedTerm[] = [];
  let entries = 0;
  for (const [term, byField] of state._index) {
    const untouched = byField instanceof SavedPostings ? byField.untouched : null;
    if (untouched) {
      terms.push(untouched);
      entries += 1;
      continue;
    }
    const saved: SavedTerm = [term];
    for (const [fieldId, byDocument] of byField) {
      const gaps: number[] = [];
      const frequencies: number[] = [];
      let last = 0;
      let allOnes = true;
      for (const [shortId, frequency] of byDocument) {
        gaps.push(shortId - last);
        last = shortId;
        frequencies.push(frequency);
        allOnes &&= frequency === 1;
      }
      saved.push(fieldId, gaps, allOnes ? 1 : frequencies);
      entries += gaps.length;
    }
    terms.push(saved);
    if (entries >= ENTRIES_PER_STEP) {
      entries = 0;
      yield;
    }
  }
  return { meta, terms };
}

/**
 * The index saved by `saveIndexSteps`, restored with `options` (the ones it was made with) in steps. Throws for a
 * saved form it cannot read, so that whoever restores can build the index instead.
 */
export function* restoreIndexSteps<T>(saved: SavedIndex, options: Options<T>): Steps<MiniSearch<T>> {
  const { meta, terms } = saved;
  if (meta?.form !== FORM) throw new Error(`not a saved index of the form ${FORM}`);
  const { shortIds, ids, lengths } = meta;
  if (!Array.isArray(shortIds) || !Array.isArray(ids) || !Array.isArray(lengths) || ids.length !== shortIds.length || lengths.length !== ids.length)
    throw new Error('the saved index lists its documents unevenly');
  // MiniSearch's own loader sets the counts and field ids on an empty index; the maps are filled below.
  const mini = MiniSearch.loadJS<T>({ ...meta, documentIds: {}, fieldLength: {}, storedFields: {}, index: [], serializationVersion: 2 }, options);
  const state = mini as unknown as EngineState;
  let shortId = 0;
  for (let i = 0; i < ids.length; i++) {
    shortId += shortIds[i];
    state._documentIds.set(shortId, ids[i]);
    state._idToShortId.set(ids[i], shortId);
    state._fieldLength.set(shortId, lengths[i]);
    if (i % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
  }
  if (!Array.isArray(meta.storedFields)) throw new Error('the saved index has no stored fields list');
  for (const [storedId, fields] of meta.storedFields) state._storedFields.set(storedId, fields);
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t];
    if (!Array.isArray(term) || typeof term[0] !== 'string' || term.length % 3 !== 1) throw new Error('a saved term does not read');
    for (let f = 1; f < term.length; f += 3) {
      const [fieldId, gaps, frequencies] = [term[f], term[f + 1], term[f + 2]];
      if (typeof fieldId !== 'number' || !Array.isArray(gaps) || (frequencies !== 1 && (!Array.isArray(frequencies) || frequencies.length !== gaps.length)))
        throw new Error(`the saved postings of "${term[0]}" do not read`);
    }
    state._index.set(term[0], new SavedPostings(term));
    if (t % ENTRIES_PER_STEP === ENTRIES_PER_STEP - 1) yield;
  }
  return mini;
}
