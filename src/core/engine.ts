/**
 * The search engine, loaded on first need (in the extension the chunk dist/engine.js, which requires MiniSearch's own
 * chunk): MiniSearch, which holds the index, and the scorer that ranks straight from its postings.
 */
export { default as MiniSearch } from 'minisearch';
export { Scratch, topHits } from './topHits';
