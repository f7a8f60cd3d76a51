/** Which library papers a document cites, and which of a set it does not cite yet. */
import { groupPapers, type Group } from './group';
import { findCitedKeys } from './languages';
import type { Paper } from './model';
import type { Taxonomy } from './vocabulary';

/**
 * The `key`s of the library papers `text` cites: every key `findCitedKeys` finds in it (in the document's language),
 * looked up with `paperOf` (LitDigest's key or a key the user's bibliography gives the paper). Keys of no library
 * paper are left out.
 */
export function citedPaperKeys(text: string, languageId: string, paperOf: (key: string) => Paper | undefined): Set<string> {
  const cited = new Set<string>();
  for (const k of findCitedKeys(text, languageId)) {
    const paper = paperOf(k.key);
    if (paper) cited.add(paper.key);
  }
  return cited;
}

/** The papers of `papers` whose key is not in `cited`, in the order given, each once. */
export function uncitedPapers(papers: readonly Paper[], cited: ReadonlySet<string>): Paper[] {
  const seen = new Set<string>();
  return papers.filter((p) => !cited.has(p.key) && !seen.has(p.key) && seen.add(p.key));
}

/** A set of papers a writer may want to cover: the included ones, the tree's filter, a topic, a hardware class or device, all, or a tree group. */
export interface PaperSet {
  kind: 'included' | 'filter' | 'topic' | 'hardware' | 'all' | 'group';
  label: string;
  papers: Paper[];
}

/** Every paper of a group and its sub-groups (a large group is paged into sub-groups), each once. */
export function papersOfGroup(group: Group): Paper[] {
  return [...new Set([...group.papers, ...group.groups.flatMap(papersOfGroup)])];
}

/**
 * The sets Uncited Papers offers, in this order: the included papers (screening status `included`; only when there
 * are any), the tree's current filter (when one is set), each topic in taxonomy order, each hardware class and then
 * its devices by size, and all papers. Empty sets are left out.
 */
export function paperSets(
  papers: readonly Paper[],
  taxonomy: Taxonomy,
  statusOf: (key: string) => string | undefined,
  filter?: { query: string; papers: readonly Paper[] },
): PaperSet[] {
  const sets: PaperSet[] = [];
  const included = papers.filter((p) => statusOf(p.key) === 'included');
  if (included.length) sets.push({ kind: 'included', label: 'Included papers', papers: included });
  if (filter?.query && filter.papers.length) sets.push({ kind: 'filter', label: `Filter: ${filter.query}`, papers: [...filter.papers] });
  for (const g of groupPapers(papers, 'topic', taxonomy)) sets.push({ kind: 'topic', label: `Topic: ${g.label}`, papers: papersOfGroup(g) });
  for (const cls of groupPapers(papers, 'hardware', taxonomy)) {
    sets.push({ kind: 'hardware', label: `Hardware: ${cls.label}`, papers: papersOfGroup(cls) });
    for (const device of cls.groups) sets.push({ kind: 'hardware', label: `Hardware: ${cls.label} › ${device.label}`, papers: papersOfGroup(device) });
  }
  if (papers.length) sets.push({ kind: 'all', label: 'All papers', papers: [...papers] });
  return sets;
}
