/** groupPapers: the tree's grouping of papers by topic, hardware (class → device), year or source page. */
import type { Origin, Paper } from './model';
import { NO_REASON } from './review';
import type { Decision } from './reviewFile';
import type { Taxonomy } from './vocabulary';

export const GROUP_MODES = ['topic', 'hardware', 'year', 'source'] as const;
export type GroupMode = (typeof GROUP_MODES)[number];

/** A group node: a label, how many distinct papers it holds, and either sub-groups or papers. */
export interface Group {
  /** Stable across reloads, so the tree keeps what was expanded: e.g. `hardware/GPU/NVIDIA T4`. */
  id: string;
  label: string;
  count: number;
  groups: Group[];
  papers: Paper[];
}

/** Largest number of children one node shows; beyond it, papers are paged into sub-groups. */
export const MAX_CHILDREN = 500;

/** Label of the group of papers without hardware targets, and of papers without a year. */
export const UNSPECIFIED = 'Unspecified';
export const NO_YEAR = 'No year given';

/**
 * Top-level groups for `mode`. A paper appears in every group it belongs to (each of its topics,
 * each hardware class and device). Topic groups follow the taxonomy's order, hardware classes and
 * devices are sorted by size, years newest first, sources by file name; papers inside a group
 * keep library order. A group with more than `MAX_CHILDREN` papers is split into pages.
 */
export function groupPapers(papers: readonly Paper[], mode: GroupMode, taxonomy: Taxonomy): Group[] {
  switch (mode) {
    case 'topic': {
      const labels = new Map(taxonomy.topics.map((t) => [t.id, t.label]));
      labels.set(taxonomy.fallback.id, taxonomy.fallback.label);
      const order = [...labels.keys()];
      const byTopic = bucket(papers, (p) => p.topics);
      return [...byTopic.entries()]
        .sort(([a], [b]) => rank(order, a) - rank(order, b))
        .map(([id, members]) => leaf(`topic/${id}`, labels.get(id) ?? id, members));
    }
    case 'hardware': {
      const byClass = bucket(papers, (p) => (p.hardware.length ? [...new Set(p.hardware.map((h) => h.class))] : [UNSPECIFIED]));
      return sortBySize([...byClass.entries()]).map(([cls, members]) => {
        if (cls === UNSPECIFIED) return leaf(`hardware/${cls}`, cls, members);
        const byDevice = bucket(members, (p) => p.hardware.filter((h) => h.class === cls).map((h) => h.name));
        return {
          id: `hardware/${cls}`,
          label: cls,
          count: members.length,
          papers: [],
          groups: sortBySize([...byDevice.entries()]).map(([name, devicePapers]) => leaf(`hardware/${cls}/${name}`, name, devicePapers)),
        };
      });
    }
    case 'year': {
      const byYear = bucket(papers, (p) => [p.year === null ? NO_YEAR : String(p.year)]);
      return [...byYear.entries()]
        .sort(([a], [b]) => (a === NO_YEAR ? 1 : b === NO_YEAR ? -1 : Number(b) - Number(a)))
        .map(([year, members]) => leaf(`year/${year}`, year, members));
    }
    case 'source': {
      const byFile = bucket(papers, (p) => [...new Set(p.sources.map((s) => s.file))]);
      return [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([file, members]) => leaf(`source/${file}`, sourceLabel(file, members), members));
    }
  }
}

/** What the tree calls each input format beside a file's name. */
const FORMAT_NAMES: Record<Origin, string> = {
  hfpage: 'page',
  'arxiv-email': 'arXiv e-mail',
  'arxiv-list': 'arXiv listing',
  bibtex: 'BibTeX',
  csljson: 'CSL-JSON',
};

/**
 * The file name with what it is: `002_9f20….txt (page of Apr 21)` for a page with its own date, `references.bib
 * (BibTeX)`, `cs.LG-new.txt (arXiv listing)`; a page without a date is its name alone.
 */
function sourceLabel(file: string, papers: Paper[]): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const source = papers[0]?.sources.find((s) => s.file === file);
  if (source?.pageDate) return `${name} (${source.origin && source.origin !== 'hfpage' ? FORMAT_NAMES[source.origin] : 'page'} of ${source.pageDate})`;
  return source?.origin && source.origin !== 'hfpage' ? `${name} (${FORMAT_NAMES[source.origin]})` : name;
}

function bucket(papers: readonly Paper[], keysOf: (p: Paper) => string[]): Map<string, Paper[]> {
  const groups = new Map<string, Paper[]>();
  for (const paper of papers) {
    for (const key of keysOf(paper)) {
      const list = groups.get(key);
      if (list) list.push(paper);
      else groups.set(key, [paper]);
    }
  }
  return groups;
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

function sortBySize(entries: [string, Paper[]][]): [string, Paper[]][] {
  return entries.sort(([a, pa], [b, pb]) => (a === UNSPECIFIED ? 1 : b === UNSPECIFIED ? -1 : pb.length - pa.length || a.localeCompare(b)));
}

/** A group of papers, paged into sub-groups of `MAX_CHILDREN` when it holds more. */
function leaf(id: string, label: string, papers: Paper[]): Group {
  if (papers.length <= MAX_CHILDREN) return { id, label, count: papers.length, groups: [], papers };
  const pages: Group[] = [];
  for (let start = 0; start < papers.length; start += MAX_CHILDREN) {
    const slice = papers.slice(start, start + MAX_CHILDREN);
    pages.push({ id: `${id}#${start}`, label: `${start + 1}–${start + slice.length}`, count: slice.length, groups: [], papers: slice });
  }
  // Pages themselves are at most MAX_CHILDREN; beyond MAX_CHILDREN² papers they nest once more.
  return pages.length <= MAX_CHILDREN
    ? { id, label, count: papers.length, groups: pages, papers: [] }
    : { id, label, count: papers.length, groups: nestPages(id, pages), papers: [] };
}

function nestPages(id: string, pages: Group[]): Group[] {
  const nested: Group[] = [];
  for (let start = 0; start < pages.length; start += MAX_CHILDREN) {
    const slice = pages.slice(start, start + MAX_CHILDREN);
    nested.push({
      id: `${id}##${start}`,
      label: `${slice[0].label.split('–')[0]}–${slice.at(-1)!.label.split('–')[1]}`,
      count: slice.reduce((n, g) => n + g.count, 0),
      groups: slice,
      papers: [],
    });
  }
  return nested;
}

/** Labels of the screening status groups, in the order the tree shows them. */
export const STATUS_GROUPS = [
  ['conflict', 'Conflicts'],
  ['unscreened', 'Unscreened'],
  ['included', 'Included'],
  ['maybe', 'Maybe'],
  ['excluded', 'Excluded'],
] as const;
/** Label of the group of papers without tags. */
export const NO_TAGS = 'No tags';

/**
 * Groups by screening decision: `status` gives Conflicts (the papers in `conflictKeys`; only when
 * there are any), then Unscreened, Included, Maybe and Excluded (split by reason), empty groups left
 * out; `tag` gives one group per tag (sorted, ignoring case), then the papers without tags. A paper
 * without a decision (`decisionOf` undefined) is unscreened and has no tags.
 */
export function groupByDecision(
  papers: readonly Paper[],
  by: 'status' | 'tag',
  decisionOf: (key: string) => Pick<Decision, 'status' | 'reason' | 'tags'> | undefined,
  conflictKeys: ReadonlySet<string> = new Set(),
): Group[] {
  if (by === 'tag') {
    const byTag = bucket(papers, (p) => {
      const tags = decisionOf(p.key)?.tags ?? [];
      return tags.length ? tags : [NO_TAGS];
    });
    return [...byTag.entries()]
      .sort(([a], [b]) => (a === NO_TAGS ? 1 : b === NO_TAGS ? -1 : a.toLowerCase().localeCompare(b.toLowerCase())))
      .map(([tag, members]) => leaf(`tag/${tag}`, tag, members));
  }
  const byStatus = bucket(papers, (p) => [decisionOf(p.key)?.status ?? 'unscreened', ...(conflictKeys.has(p.key) ? ['conflict'] : [])]);
  return STATUS_GROUPS.filter(([status]) => byStatus.has(status)).map(([status, label]) => {
    const members = byStatus.get(status)!;
    if (status !== 'excluded') return leaf(`status/${status}`, label, members);
    const byReason = bucket(members, (p) => [decisionOf(p.key)?.reason ?? NO_REASON]);
    return {
      id: `status/${status}`,
      label,
      count: members.length,
      papers: [],
      groups: sortBySize([...byReason.entries()]).map(([reason, inReason]) => leaf(`status/excluded/${reason}`, reason, inReason)),
    };
  });
}
