/** Merges the sightings of one paper across pages, listings and bibliographies into one paper, keeping the best of each. */
import { assignKeysSteps } from './keys';
import { ITEMS_PER_STEP, runSync, sortSteps, type Steps } from './steps';
import { bySource, type Conflict, type Entry, type MergedPaper, type Origin, type PersonName, type Problem } from './model';
import { squeezeSpace, titleIdentity } from './text';
import { extractUrls } from './urls';

export interface MergeResult {
  papers: MergedPaper[];
  /** The title identities merged into each paper (same order as `papers`): more than one when an arXiv id or DOI joined them. */
  members: string[][];
  problems: Problem[];
  /** Sightings by title identity, kept for later updates. */
  groups: Map<string, Entry[]>;
}

// Library order (bySource) lives with Source in model.ts: the library sorts restored papers by it without loading this module.
export { bySource };

/**
 * Groups entries by identity and merges each group: sightings with the same title identity, and
 * groups that share an arXiv id or a DOI (a bibliography may spell a title differently from the page),
 * are one paper. Every choice is a function of the group's content (never of the order the files were
 * given in), so the result is the same for any order of the same files:
 * - abstract: the longest (a differing abstract is reported);
 * - authors, org: the most frequent value (conflicts are reported);
 * - date: a date with a year beats one without; `year` comes from it and is never guessed;
 * - count: the highest seen (counts only grow);
 * - sources: every sighting, sorted by file then line;
 * - authorNames, arxiv, doi, venue: see `mergeGroup`.
 * Papers come out sorted by their first source. `groups` stays keyed by title identity.
 */
export function mergeEntries(entries: readonly Entry[]): MergeResult {
  return runSync(mergeSteps(entries));
}

/** `mergeEntries` as steps. */
export function* mergeSteps(entries: readonly Entry[]): Steps<MergeResult> {
  const groups = new Map<string, Entry[]>();
  for (let i = 0; i < entries.length; i++) {
    if (i % (ITEMS_PER_STEP * 4) === 0) yield;
    addToGroups(groups, entries[i]);
  }
  const problems: Problem[] = [];
  const merged: { paper: Omit<MergedPaper, 'key'>; ids: string[] }[] = [];
  let n = 0;
  for (const group of joinByIdentifier(groups)) {
    if (n++ % ITEMS_PER_STEP === 0) yield;
    merged.push({ paper: mergeGroup(group, problems), ids: [...new Set(group.map((e) => titleIdentity(e.title)))] });
  }
  const ordered = yield* sortSteps(merged, (a, b) => bySource(a.paper.sources[0], b.paper.sources[0]));
  const keys = yield* assignKeysSteps(ordered.map((p) => p.paper.title));
  const papers: MergedPaper[] = [];
  for (let i = 0; i < ordered.length; i++) {
    if (i % (ITEMS_PER_STEP * 4) === 0) yield;
    papers.push({ key: keys[i], ...ordered[i].paper });
  }
  return { papers, members: ordered.map((o) => o.ids), problems, groups };
}

/**
 * The title groups joined where they share an arXiv id or a DOI (transitively, by union-find).
 * Most papers have neither or a single title, so this is one pass over the groups.
 */
export function joinByIdentifier(groups: ReadonlyMap<string, Entry[]>): Entry[][] {
  const ids = [...groups.keys()];
  const parent = ids.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map<string, number>();
  ids.forEach((id, i) => {
    for (const e of groups.get(id)!) {
      for (const key of identifiersOf(e)) {
        const other = owner.get(key);
        if (other === undefined) owner.set(key, i);
        else parent[find(i)] = find(other);
      }
    }
  });
  if (owner.size === 0) return [...groups.values()];
  const joined = new Map<number, Entry[]>();
  ids.forEach((id, i) => {
    const root = find(i);
    const into = joined.get(root);
    if (into) into.push(...groups.get(id)!);
    else joined.set(root, [...groups.get(id)!]);
  });
  return [...joined.values()];
}

/** The identifiers that make two sightings one paper whatever their titles: `arxiv:<id>`, `doi:<doi>`, lower case. */
export function identifiersOf(entry: Entry): string[] {
  const ids: string[] = [];
  if (entry.arxiv) ids.push(`arxiv:${entry.arxiv.toLowerCase()}`);
  if (entry.doi) ids.push(`doi:${entry.doi.toLowerCase()}`);
  return ids;
}

/** Adds a sighting to the group of its title identity. */
export function addToGroups(groups: Map<string, Entry[]>, entry: Entry): void {
  const id = titleIdentity(entry.title);
  const group = groups.get(id);
  if (group) group.push(entry);
  else groups.set(id, [entry]);
}

/**
 * Merges the sightings of one paper (any order) into its fields; disagreements about page metadata go
 * to `problems`. Bibliographic fields take the best source:
 * - authorNames: the list from a bibliography (BibTeX, then CSL-JSON), else from an arXiv listing;
 *   among equals the longest list, then the first source;
 * - arxiv, doi, venue: the most frequent value, ties to the same source order;
 * - arxivClass: the same way, among the sightings that gave the kept arXiv id; absent when none gives it;
 * - year: from the kept date, else the most frequent year of a bibliography or listing;
 * - conflicts: every other title, name list, arXiv id, DOI, venue or year a sighting gave, with that
 *   sighting's source: kept, never silently dropped.
 */
export function mergeGroup(unsorted: Entry[], problems: Problem[]): Omit<MergedPaper, 'key'> {
  return unsorted.length === 1 ? mergeOne(unsorted[0]) : mergeSeveral(unsorted, problems);
}

/**
 * `mergeGroup` of one sighting, which has nothing to vote on or disagree with: most papers of a large
 * bibliography are seen once, and the general path's sorting and tallies cost 0.1 s at 20,000 entries.
 * A unit test holds it equal to {@link mergeSeveral} on one sighting.
 */
function mergeOne(e: Entry): Omit<MergedPaper, 'key'> {
  const arxiv = e.arxiv?.toLowerCase() ?? null;
  return {
    title: e.title,
    abstract: e.abstract,
    authors: e.authors,
    org: e.org,
    date: e.date,
    year: e.year,
    count: e.count,
    urls: extractUrls(e.abstract),
    sources: [e.source],
    authorNames: e.authorNames ?? null,
    arxiv,
    ...(arxiv !== null && e.arxivClass !== null && e.arxivClass !== undefined ? { arxivClass: e.arxivClass } : {}),
    doi: e.doi?.toLowerCase() ?? null,
    venue: e.venue ?? null,
    conflicts: [],
  };
}

/** `mergeGroup`'s general path, for any number of sightings; exported for the test that holds `mergeOne` to it. */
export function mergeSeveral(unsorted: Entry[], problems: Problem[]): Omit<MergedPaper, 'key'> {
  const group = unsorted.length > 1 ? [...unsorted].sort((a, b) => bySource(a.source, b.source)) : unsorted;
  const first = group[0];
  const report = (entry: Entry, message: string) => problems.push({ file: entry.source.file, line: entry.source.line, severity: 'warning', message });

  const abstractEntry = group.reduce((best, e) => (e.abstract.length > best.abstract.length ? e : best), first);
  for (const e of group) {
    if (e !== abstractEntry && e.abstract && e.abstract !== abstractEntry.abstract && squeezeSpace(e.abstract) !== squeezeSpace(abstractEntry.abstract)) {
      report(e, `same title as ${abstractEntry.source.file}:${abstractEntry.source.line} with a different abstract; kept the longer one`);
    }
  }

  const authors = mostFrequent(
    group,
    (e) => e.authors,
    (a, b) => b - a,
  );
  if (authors.conflict) report(first, `sightings disagree on the number of authors (${authors.values.join(', ')}); kept ${authors.value}`);
  const org = mostFrequent(
    group,
    (e) => e.org,
    (a, b) => a.localeCompare(b),
  );
  if (org.conflict) report(first, `sightings disagree on the organisation (${org.values.join(', ')}); kept ${org.value}`);

  const dated = group.filter((e) => e.date !== null);
  const withYear = dated.filter((e) => e.year !== null);
  const date = mostFrequent(
    withYear.length ? withYear : dated,
    (e) => e.date,
    () => 0,
  );
  const dateEntry = dated.find((e) => e.date === date.value);
  const dayOf = (d: string) => d.replace(/,.*$/, '');
  if (dateEntry && dated.some((e) => dayOf(e.date!) !== dayOf(dateEntry.date!))) {
    report(first, `sightings disagree on the date (${[...new Set(dated.map((e) => e.date))].join(', ')}); kept ${dateEntry.date}`);
  }
  const counts = group.map((e) => e.count).filter((c): c is number => c !== null);
  const title =
    mostFrequent(
      group,
      (e) => e.title,
      () => 0,
    ).value ?? first.title;

  const conflicts: Conflict[] = [];
  const ranked = [...group].sort((a, b) => originRank(a.source.origin) - originRank(b.source.origin) || bySource(a.source, b.source));
  const pickBest = <T>(
    field: Conflict['field'],
    pick: (e: Entry) => T | null | undefined,
    show: (v: T) => string,
    better?: (a: T, b: T) => number,
  ): T | null => {
    const seen = ranked.filter((e) => pick(e) !== null && pick(e) !== undefined);
    if (!seen.length) return null;
    const tally = new Map<string, number>();
    for (const e of seen) tally.set(show(pick(e)!), (tally.get(show(pick(e)!)) ?? 0) + 1);
    // With `better` (author lists) source rank comes before frequency: one .bib entry outweighs two listings.
    const best = better
      ? seen.reduce((b, e) => (originRank(e.source.origin) === originRank(b.source.origin) && better(pick(e)!, pick(b)!) < 0 ? e : b), seen[0])
      : seen.reduce((b, e) => (tally.get(show(pick(e)!))! > tally.get(show(pick(b)!))! ? e : b), seen[0]);
    const kept = show(pick(best)!);
    for (const e of seen) {
      const value = show(pick(e)!);
      if (value !== kept) conflicts.push({ field, value, source: e.source });
    }
    return pick(best)!;
  };
  const authorNames = pickBest<PersonName[]>(
    'authorNames',
    (e) => e.authorNames,
    showNames,
    (a, b) => b.length - a.length,
  );
  const arxiv = pickBest<string>('arxiv', (e) => e.arxiv?.toLowerCase(), String);
  // Only from sightings of the kept id: a class given beside a conflicting id describes that other paper.
  const arxivClass = pickBest<string>('arxivClass', (e) => (arxiv !== null && e.arxiv?.toLowerCase() === arxiv ? e.arxivClass : null), String);
  const doi = pickBest<string>('doi', (e) => e.doi?.toLowerCase(), String);
  const venue = pickBest<string>('venue', (e) => e.venue, String);
  const year =
    dateEntry?.year ??
    mostFrequent(
      ranked,
      (e) => e.year,
      () => 0,
    ).value;
  for (const e of group) {
    if (titleIdentity(e.title) !== titleIdentity(title)) conflicts.push({ field: 'title', value: e.title, source: e.source });
    if (e.year !== null && year !== null && e.year !== year) conflicts.push({ field: 'year', value: String(e.year), source: e.source });
  }

  return {
    title,
    abstract: abstractEntry.abstract,
    authors: authors.value,
    org: org.value,
    date: dateEntry?.date ?? null,
    year,
    count: counts.length ? Math.max(...counts) : null,
    urls: extractUrls(abstractEntry.abstract),
    sources: group.map((e) => e.source),
    authorNames,
    arxiv,
    // Only when known, as in `sightingEntry`: papers without it keep the shape they had.
    ...(arxivClass !== null ? { arxivClass } : {}),
    doi,
    venue,
    conflicts,
  };
}

/** Which source's bibliographic fields win: a bibliography, then a listing, then a page. */
const ORIGIN_RANK: Record<Origin, number> = { bibtex: 0, csljson: 1, 'arxiv-email': 2, 'arxiv-list': 3, hfpage: 4 };
function originRank(origin: Origin | undefined): number {
  return ORIGIN_RANK[origin ?? 'hfpage'];
}

function showNames(names: PersonName[]): string {
  return names.map((n) => (n.given ? `${n.family}, ${n.given}` : n.family)).join('; ');
}

/** The most frequent non-null value; ties go to the first by `tieOrder`, then to the first seen. */
function mostFrequent<T>(group: Entry[], pick: (e: Entry) => T | null, tieOrder: (a: T, b: T) => number) {
  const tally = new Map<T, number>();
  for (const e of group) {
    const v = pick(e);
    if (v !== null) tally.set(v, (tally.get(v) ?? 0) + 1);
  }
  const values = [...tally.keys()];
  const ranked = [...values].sort((a, b) => tally.get(b)! - tally.get(a)! || tieOrder(a, b));
  return { value: ranked[0] ?? null, values, conflict: values.length > 1 };
}
