/** Large inputs for the tests of reading in parts and sharing extraction: the shipped papers under titles of their own, about 1 KB each. */
import { buildLibrary } from '../../src/core/build';
import type { DigestFile } from '../../src/core/library';
import { seedFiles } from './seedFiles';

/** A `.bib` of `count` entries with abstracts (the shipped papers under titles of their own), about 1 KB each. */
export function manyEntries(count: number, extra = ''): string {
  const shipped = buildLibrary(seedFiles()).papers;
  const entries = Array.from({ length: count }, (_, i) => {
    const p = shipped[i % shipped.length];
    const abstract = `${p.abstract} ${p.abstract}`.slice(0, 900).replace(/[{}\\%]/g, ' ');
    return `@article{key${i},\n  title = {${p.title.replace(/[{}\\%]/g, ' ')} (variant ${i})},\n  author = {Doe, Jane and Roe, Richard},\n  year = {2024},\n  abstract = {${abstract}}\n}`;
  });
  return `@string{conf = {Conference on Things}}\n\n${entries.join('\n\n')}\n${extra}`;
}

/** A CSL-JSON file of `count` papers (about 1 KB each): the shipped papers' abstracts under titles of their own. */
export function manyPapers(count: number): DigestFile {
  const shipped = buildLibrary(seedFiles()).papers;
  const items = Array.from({ length: count }, (_, i) => {
    const p = shipped[i % shipped.length];
    return { id: `p${i}`, type: 'article', title: `${p.title} (variant ${i})`, abstract: `${p.abstract} ${p.abstract}`.slice(0, 900) };
  });
  return { name: 'many.json', text: JSON.stringify(items) };
}
