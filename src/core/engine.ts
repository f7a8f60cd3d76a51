/**
 * The search engine, loaded on first need (in the extension the chunk dist/engine.js, which requires MiniSearch's own
 * chunk): MiniSearch, which holds the index, the scorer that ranks straight from its postings, and the restore of a saved index.
 */
export { default as MiniSearch } from 'minisearch';
export { Scratch, topHits } from './topHits';
export { restoreIndexSteps, saveIndexSteps } from './savedIndex';
