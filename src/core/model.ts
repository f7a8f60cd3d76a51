/** The data model of a digest: zod schemas and the types inferred from them. */
import * as z from 'zod/mini';
import { HardwareClass } from './vocabulary';

/** Where one sighting of a paper stands: the digest file, the 1-based line of its title, and the page's own date if the page gave one. */
export const SourceSchema = z.object({
  file: z.string(),
  line: z.int().check(z.positive()),
  pageDate: z.nullable(z.string()),
});
export type Source = z.infer<typeof SourceSchema>;

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
  source: SourceSchema,
});
export type Entry = z.infer<typeof EntrySchema>;

/** A platform the paper runs on, is measured on, or targets. */
export const HardwareTargetSchema = z.object({ name: z.string(), class: HardwareClass });
export type HardwareTarget = z.infer<typeof HardwareTargetSchema>;

/** The metrics a claim can report. */
export const CLAIM_METRICS = ['speedup', 'latency', 'energy', 'memory', 'accuracy', 'throughput', 'cost', 'other'] as const;
/** A sentence of the abstract stating a quantitative result. */
export const ClaimSchema = z.object({
  /** The sentence, verbatim. */
  text: z.string(),
  metric: z.enum(CLAIM_METRICS),
  /** The number as written, with its unit: "4.8x", "79%", "53 ms". */
  value: z.string(),
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
