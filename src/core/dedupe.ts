/** Merges the sightings of one paper across pages into one paper, keeping the richest metadata of each. */
import { assignKeysSteps } from './keys';
import { ITEMS_PER_STEP, runSync, sortSteps, type Steps } from './steps';
import type { Entry, MergedPaper, Problem, Source } from './model';
import { squeezeSpace, titleIdentity } from './text';
import { extractUrls } from './urls';

export interface MergeResult {
  papers: MergedPaper[];
  problems: Problem[];
  /** Sightings by title identity, kept for later updates. */
  groups: Map<string, Entry[]>;
}

/** Library order: by file name, then line. */
export const bySource = (a: Source, b: Source) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

/**
 * Groups entries by title identity and merges each group. Every choice is a function of the
 * group's content (never of the order the files were given in), so the result is the same for
 * any order of the same files:
 * - abstract: the longest (a differing abstract is reported);
 * - authors, org: the most frequent value (conflicts are reported);
 * - date: a date with a year beats one without; `year` comes from it and is never guessed;
 * - count: the highest seen (counts only grow);
 * - sources: every sighting, sorted by file then line.
 * Papers come out sorted by their first source.
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
  const merged: Omit<MergedPaper, 'key'>[] = [];
  let n = 0;
  for (const group of groups.values()) {
    if (n++ % ITEMS_PER_STEP === 0) yield;
    merged.push(mergeGroup(group, problems));
  }
  const ordered = yield* sortSteps(merged, (a, b) => bySource(a.sources[0], b.sources[0]));
  const keys = yield* assignKeysSteps(ordered.map((p) => p.title));
  const papers: MergedPaper[] = [];
  for (let i = 0; i < ordered.length; i++) {
    if (i % (ITEMS_PER_STEP * 4) === 0) yield;
    papers.push({ key: keys[i], ...ordered[i] });
  }
  return { papers, problems, groups };
}

/** Adds a sighting to the group of its title identity. */
export function addToGroups(groups: Map<string, Entry[]>, entry: Entry): void {
  const id = titleIdentity(entry.title);
  const group = groups.get(id);
  if (group) group.push(entry);
  else groups.set(id, [entry]);
}

/** Merges the sightings of one paper (any order) into its fields; disagreements go to `problems`. */
export function mergeGroup(unsorted: Entry[], problems: Problem[]): Omit<MergedPaper, 'key'> {
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

  return {
    title:
      mostFrequent(
        group,
        (e) => e.title,
        () => 0,
      ).value ?? first.title,
    abstract: abstractEntry.abstract,
    authors: authors.value,
    org: org.value,
    date: dateEntry?.date ?? null,
    year: dateEntry?.year ?? null,
    count: counts.length ? Math.max(...counts) : null,
    urls: extractUrls(abstractEntry.abstract),
    sources: group.map((e) => e.source),
  };
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
