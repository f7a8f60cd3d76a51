/** Review files by name: the folder, each reviewer's file name, the statuses and the default exclusion reasons (no schema: what activation needs of a review). */

/** Where a decision stands. `unscreened` is the default of every paper without a decision. */
export const REVIEW_STATUSES = ['unscreened', 'included', 'excluded', 'maybe'] as const;
/** One of `REVIEW_STATUSES`. */
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The exclusion reasons offered until the team sets its own list; a reason outside the list is read, with a warning. */
export const DEFAULT_EXCLUSION_REASONS: readonly string[] = ['off topic', 'no hardware evaluation', 'not a research paper', 'duplicate'];

/** The format this LitDigest writes; a file of a higher version is refused rather than rewritten by a reader that does not know it. */
export const REVIEW_FORMAT_VERSION = 1;

/** The folder of reviewer files, relative to the workspace folder. */
export const REVIEW_FOLDER = '.litdigest/review';
/** The file of resolved conflicts in `REVIEW_FOLDER`; its leading `_` keeps it apart from reviewer names. */
export const RESOLUTIONS_FILE = '_resolved.jsonl';

/** The file name of a reviewer's file in `REVIEW_FOLDER`: `<reviewer>.jsonl`. */
export function reviewFileName(reviewer: string): string {
  return `${reviewer}.jsonl`;
}

/**
 * What a file in `REVIEW_FOLDER` holds: a reviewer's decisions (`ana.jsonl` → `ana`), the
 * resolutions (`_resolved.jsonl`), or nothing LitDigest reads (null: other extensions, names
 * starting with `_` or `.`).
 */
export function reviewerOfFileName(name: string): { reviewer: string } | 'resolutions' | null {
  if (name === RESOLUTIONS_FILE) return 'resolutions';
  const m = /^([A-Za-z0-9][\w.@+-]*)\.jsonl$/.exec(name);
  return m ? { reviewer: m[1] } : null;
}
