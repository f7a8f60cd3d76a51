/** Builds an entry from what a bibliography or listing gives, with every field it does not give set to null. */
import type { Entry, Origin, PersonName, Problem } from '../model';
import { squeezeSpace } from '../text';

/** What a reader found in one file: its sightings, and a problem for everything it could not read. */
export interface SourceRead {
  entries: Entry[];
  problems: Problem[];
}

/** What a reader knows about one sighting; the rest of the entry is null. */
export interface SightingFields {
  title: string;
  abstract?: string;
  authorNames?: PersonName[] | null;
  arxiv?: string | null;
  /** The primary arXiv category (`cs.LG`). */
  arxivClass?: string | null;
  doi?: string | null;
  venue?: string | null;
  date?: string | null;
  year?: number | null;
  file: string;
  line: number;
  origin: Origin;
  bibKey?: string;
  pageDate?: string | null;
}

/**
 * The entry for one sighting. Title and abstract have their white space squeezed (listings wrap them);
 * `authors` (the Hugging Face count) stays null, since a name list is not a page's count.
 */
export function sightingEntry(f: SightingFields): Entry {
  return {
    title: squeezeSpace(f.title),
    abstract: squeezeSpace(f.abstract ?? ''),
    authors: null,
    org: null,
    date: f.date ?? null,
    year: f.year ?? null,
    count: null,
    authorNames: f.authorNames?.length ? f.authorNames : null,
    arxiv: f.arxiv ?? null,
    // Only when known: an entry without it stays the shape every reader and test already compares against.
    ...(f.arxivClass ? { arxivClass: f.arxivClass } : {}),
    doi: f.doi ?? null,
    venue: f.venue ? squeezeSpace(f.venue) : null,
    source: {
      file: f.file,
      line: f.line,
      pageDate: f.pageDate ?? null,
      origin: f.origin,
      ...(f.bibKey !== undefined ? { bibKey: f.bibKey } : {}),
    },
  };
}

/** At most 60 characters of `text`, for messages. */
export function preview(text: string): string {
  const t = squeezeSpace(text);
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
