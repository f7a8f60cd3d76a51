/** CSL-JSON items for papers (BibTeX is written in bibtex.ts; in-text citation forms are in languages.ts). */
import { monthDay } from './bibtex';
import type { Paper } from './model';

/** A CSL-JSON item (the format of Zotero and pandoc's citeproc). `issued` is set only when the year is known. */
export function toCslJson(paper: Paper): Record<string, unknown> {
  const item: Record<string, unknown> = { id: paper.key, type: 'article', title: paper.title };
  if (paper.year !== null) {
    const md = monthDay(paper.date);
    item.issued = { 'date-parts': [md ? [paper.year, ...md] : [paper.year]] };
  }
  item.publisher = 'Hugging Face Daily Papers';
  if (paper.urls.length) item.URL = paper.urls[0];
  if (paper.abstract) item.abstract = paper.abstract;
  return item;
}
