/** CSL-JSON items for papers (BibTeX is written in bibtex.ts; in-text citation forms are in languages.ts). */
import { monthDay, publication } from './bibtexWrite';
import type { Paper, PersonName } from './model';

/** A CSL-JSON name: a person's `family` and `given` (with any leading particle apart), or an organisation's `literal`. */
export type CslName = { family: string; given: string; 'non-dropping-particle'?: string } | { literal: string };

/**
 * One name as CSL-JSON writes it, or null when it is blank. A one-part name (`given` empty: an organisation)
 * is a `literal`, as Zotero writes it. Leading lower-case words of a family name (`van der Berg`) go to
 * `non-dropping-particle`, as Zotero and pandoc split them, so styles sort under `Berg`; a family name of
 * lower-case words only stays whole.
 */
export function cslName(name: PersonName): CslName | null {
  const family = name.family.trim();
  const given = name.given.trim();
  if (!family || !given) return family || given ? { literal: family || given } : null;
  const particle = /^((?:\p{Ll}\S*\s+)+)(\S.*)$/u.exec(family);
  if (particle && !/^\p{Ll}/u.test(particle[2])) return { family: particle[2], given, 'non-dropping-particle': particle[1].trim() };
  return { family, given };
}

/**
 * A CSL-JSON item (the format of Zotero and pandoc's citeproc), each field only when known:
 * - `type`: `article` (a preprint, as Zotero exports arXiv papers) unless a venue is known: then
 *   `paper-conference` for proceedings, `article-journal` otherwise, with the venue as `container-title`;
 * - `author`: exactly the names known ({@link cslName}); absent when none is known;
 * - `issued` when the year is known;
 * - without a venue, `publisher`: `arXiv` with an arXiv id (and `number` = `arXiv:<id>`, Zotero's archive id),
 *   else `Hugging Face Daily Papers` when a page listed the paper;
 * - `DOI` (the paper's, else arXiv's `10.48550/arXiv.<id>`) and `URL` (the arXiv page, else the first link);
 * - `abstract`.
 */
export function toCslJson(paper: Paper): Record<string, unknown> {
  const pub = publication(paper);
  const type = pub.venue ? (pub.proceedings ? 'paper-conference' : 'article-journal') : 'article';
  const item: Record<string, unknown> = { id: paper.key, type, title: paper.title };
  const names = (paper.authorNames ?? []).map(cslName).filter((n): n is CslName => n !== null);
  if (names.length) item.author = names;
  if (paper.year !== null) {
    const md = monthDay(paper.date);
    item.issued = { 'date-parts': [md ? [paper.year, ...md] : [paper.year]] };
  }
  if (pub.venue) item['container-title'] = pub.venue;
  // A journal or proceedings is where the paper appeared; the preprint server or the digest would be named as its publisher.
  if (!pub.venue && pub.arxiv) Object.assign(item, { publisher: 'arXiv', number: `arXiv:${pub.arxiv}` });
  else if (!pub.venue && pub.fromDigest) item.publisher = 'Hugging Face Daily Papers';
  if (pub.doi) item.DOI = pub.doi;
  if (pub.url) item.URL = pub.url;
  if (paper.abstract) item.abstract = paper.abstract;
  return item;
}
