/** The data model of a digest: zod schemas and the types inferred from them. */
import * as z from 'zod/mini';
import { HardwareClass } from './vocabulary';

/** The input formats a sighting can come from (`src/core/sources/detect.ts` tells them apart). */
export const ORIGINS = ['hfpage', 'arxiv-email', 'arxiv-list', 'bibtex', 'csljson'] as const;
/** One input format; see `ORIGINS`. */
export type Origin = (typeof ORIGINS)[number];

/**
 * Where one sighting of a paper stands: the file, the 1-based line of its title (of the `@` for BibTeX,
 * of the item's `{` for CSL-JSON), and the page's own date if the page gave one.
 * `origin` is absent for Hugging Face pages read before formats were told apart; `bibKey` is the
 * entry's key in a `.bib` file or the item's `id` in a CSL-JSON file.
 */
export const SourceSchema = z.object({
  file: z.string(),
  line: z.int().check(z.positive()),
  pageDate: z.nullable(z.string()),
  origin: z.optional(z.enum(ORIGINS)),
  bibKey: z.optional(z.string()),
});
export type Source = z.infer<typeof SourceSchema>;

/** Library order: by file name, then line. */
export const bySource = (a: Source, b: Source) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

/** An author's name split as a bibliography splits it; `given` is `''` for one-part names such as organisations. */
export const PersonNameSchema = z.object({ family: z.string(), given: z.string() });
export type PersonName = z.infer<typeof PersonNameSchema>;

/** A value one sighting gave that the merged paper did not keep, with where it came from. */
export const ConflictSchema = z.object({
  field: z.enum(['title', 'authorNames', 'arxiv', 'arxivClass', 'doi', 'venue', 'year']),
  /** The value as text (author names joined with `; `). */
  value: z.string(),
  source: SourceSchema,
});
export type Conflict = z.infer<typeof ConflictSchema>;

/**
 * One paper as it appears in one digest file, before merging.
 * Metadata the page does not give is `null`, never guessed.
 */
export const EntrySchema = z.object({
  title: z.string().check(z.minLength(1)),
  abstract: z.string(),
  /** Count of authors from a `• N authors` line. */
  authors: z.nullable(z.int().check(z.nonnegative())),
  /** Organisation display name from a line such as `nvidia NVIDIA`. */
  org: z.nullable(z.string()),
  /** The paper's date exactly as written (`Jan 9, 2024`, `Mar 3`), without the trailing count. */
  date: z.nullable(z.string()),
  /** The year written in `date`; null when the page gives none. */
  year: z.nullable(z.int()),
  /** The number after the date (`Sep 30, 2025 2` → 2). */
  count: z.nullable(z.int().check(z.nonnegative())),
  /** Author names in order, from a bibliography or an arXiv listing; absent or null when the source gives only a count. */
  authorNames: z.optional(z.nullable(z.array(PersonNameSchema))),
  /** arXiv identifier without version (`2501.01234`, `hep-th/9901001`). */
  arxiv: z.optional(z.nullable(z.string())),
  /**
   * The primary arXiv category (`cs.LG`, `hep-th`): the first of an e-mail digest's `Categories:`, the first
   * subject of a list page, a bibliography's `primaryClass`/`eprintclass`. Absent when no source gives it.
   */
  arxivClass: z.optional(z.nullable(z.string())),
  /** DOI in lower case, without `https://doi.org/`. */
  doi: z.optional(z.nullable(z.string())),
  /** Journal or proceedings (`container-title`, `journal`, `booktitle`, `Journal-ref`). */
  venue: z.optional(z.nullable(z.string())),
  source: SourceSchema,
});
export type Entry = z.infer<typeof EntrySchema>;

/** A platform the paper runs on, is measured on, or targets. */
export const HardwareTargetSchema = z.object({
  /** The catalogue's name: a named device ("NVIDIA RTX 4090"), or the class's one node for an unnamed one ("GPU, model not named"). */
  name: z.string(),
  class: HardwareClass,
  /** The paper's own wording of its first mention ("24 GB consumer GPU", "RTX 4090D"), for the details view. */
  phrase: z.optional(z.string()),
});
export type HardwareTarget = z.infer<typeof HardwareTargetSchema>;

/** The metrics a claim can report. */
export const CLAIM_METRICS = ['speedup', 'latency', 'energy', 'memory', 'accuracy', 'throughput', 'cost', 'other'] as const;
/** Which way a claim's number is good. */
export const CLAIM_DIRECTIONS = ['higher', 'lower', 'reduction'] as const;
/** A sentence of the abstract stating a quantitative result. */
export const ClaimSchema = z.object({
  /** The sentence, verbatim. */
  text: z.string(),
  metric: z.enum(CLAIM_METRICS),
  /** The number as written, with its unit: "4.8x", "79%", "53 ms". */
  value: z.string(),
  /** `value` as a number, or `[low, high]` for a range ("5x~9x" → [5, 9]); null when the number cannot be read. */
  number: z.optional(z.nullable(z.union([z.number(), z.tuple([z.number(), z.number()])]))),
  /** The unit of `number`, normalised: `x`, `%`, `ms`, `s`, `us`, `tokens/s`, `fps`, `J`, `W`, `GB`, `TOPS`, …; null for a bare score. A `×` lost in rendering ("2.7 faster") reads as `x`. */
  unit: z.optional(z.nullable(z.string())),
  /** `higher` when more is better (speedup, accuracy, throughput), `lower` when less is better (latency, error, energy), `reduction` when the number is a cut ("reduces energy by 79%"). */
  direction: z.optional(z.nullable(z.enum(CLAIM_DIRECTIONS))),
  /** What the number is measured against when the sentence names it: "vLLM" in "over vLLM", "FP16" in "compared to FP16". */
  baseline: z.optional(z.nullable(z.string())),
  /** The device the number was measured on when the sentence or its clause names one, as the sentence words it ("Jetson Orin Nano"). */
  hardware: z.optional(z.nullable(z.string())),
});
export type Claim = z.infer<typeof ClaimSchema>;

/** A deduplicated paper: the fields of the `litdigest papers --json` output. */
export const PaperSchema = z.object({
  /** Citation key: a function of the title alone, so it never changes when other digests are loaded. */
  key: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
  title: z.string().check(z.minLength(1)),
  abstract: z.string(),
  authors: z.nullable(z.int().check(z.nonnegative())),
  org: z.nullable(z.string()),
  date: z.nullable(z.string()),
  year: z.nullable(z.int()),
  count: z.nullable(z.int().check(z.nonnegative())),
  /** Code and project links found in the abstract, trailing punctuation removed, in order of appearance. */
  urls: z.array(z.url()),
  /** Every sighting, sorted by file then line. */
  sources: z.array(SourceSchema).check(z.minLength(1)),
  /** Author names from the bibliography or listing that gave them; null when only Hugging Face pages saw the paper. */
  authorNames: z.optional(z.nullable(z.array(PersonNameSchema))),
  arxiv: z.optional(z.nullable(z.string())),
  /** The primary arXiv category (`cs.LG`), from the source that gave the arXiv id or another listing or bibliography; absent when none gives it. */
  arxivClass: z.optional(z.nullable(z.string())),
  doi: z.optional(z.nullable(z.string())),
  venue: z.optional(z.nullable(z.string())),
  /** Values some sighting gave that were not kept, each with its source; empty when all agree. */
  conflicts: z.optional(z.array(ConflictSchema)),
  /** One to three topic ids of the taxonomy, best first (the taxonomy's fallback when none fits). */
  topics: z.array(z.string()).check(z.minLength(1), z.maxLength(3)),
  /** Platforms in order of first mention; empty when the abstract names none. */
  hardware: z.array(HardwareTargetSchema),
  /** Quantitative result sentences, in abstract order. */
  claims: z.array(ClaimSchema),
});
export type Paper = z.infer<typeof PaperSchema>;

/** A paper after merging, before extraction adds topics, hardware and claims. */
export type MergedPaper = Omit<Paper, 'topics' | 'hardware' | 'claims'>;

/** Bad or doubtful input, reported as data: the store and the CLI show it to the user. */
export interface Problem {
  file: string;
  /** 1-based line, or 0 when the problem concerns the whole file. */
  line: number;
  severity: 'error' | 'warning';
  message: string;
}
