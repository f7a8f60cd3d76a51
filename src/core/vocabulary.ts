/** The keyword tables extraction uses: the hardware catalogue and the topic taxonomy, zod-validated data. */
import * as z from 'zod/mini';
import defaultTopics from './data/topics.json';

/** The twelve hardware classes; every target has exactly one. */
export const HARDWARE_CLASSES = [
  'GPU',
  'CPU',
  'Mobile/Phone',
  'Edge device',
  'Embedded board',
  'FPGA',
  'Neuromorphic',
  'ASIC/Accelerator',
  'Cloud/Datacenter',
  'Wearable',
  'Quantum',
  'Network/Satellite',
] as const;
export const HardwareClass = z.enum(HARDWARE_CLASSES);
export type HardwareClass = z.infer<typeof HardwareClass>;

const Phrase = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

export const HardwareCatalogSchema = z.object({
  about: z.optional(z.string()),
  /** Regular expressions (case-insensitive) of word senses that are not hardware ("point cloud", "cutting-edge"); a mention inside one is dropped. */
  notHardware: z._default(z.array(z.string().check(z.minLength(1), z.refine(isRegExp, 'not a valid regular expression'))), []),
  devices: z
    .array(
      z.object({
        /** The normalised name shown to users, e.g. "NVIDIA Tesla K80"; `{model}` takes a pattern's `model` group ("NVIDIA RTX {model}"). */
        name: Phrase,
        class: HardwareClass,
        /** The class's one node for devices the text does not name; only used when no specific device of the same class is named. */
        generic: z._default(z.boolean(), false),
        /** Case-insensitive phrases, matched on word boundaries, plural `s` allowed. */
        aliases: z._default(z.array(Phrase), []),
        /** Case-sensitive tokens such as "T4", "K80" that would be ambiguous in lower case. */
        exact: z._default(z.array(Phrase), []),
        /** Names or classes whose presence makes this generic entry redundant (a class means any target of that class: "accelerator" yields to FPGA). */
        yieldsTo: z._default(z.array(Phrase), []),
        /** Regular expressions (case-insensitive) for families and model numbers phrases cannot express; a named group `model` fills `{model}` in the name. */
        patterns: z._default(z.array(z.string().check(z.minLength(1), z.refine(isRegExp, 'not a valid regular expression'))), []),
        /** Lower-case substrings of which every match of `patterns` contains one; the patterns are tried only when the text has one (empty: always tried). */
        hints: z._default(z.array(Phrase), []),
      }),
    )
    .check(z.minLength(1)),
});
export type HardwareCatalog = z.infer<typeof HardwareCatalogSchema>;

export const TaxonomySchema = z.object({
  about: z.optional(z.string()),
  /** Score a topic needs: a title hit counts 3, an abstract hit 1. */
  minScore: z._default(z.number().check(z.positive()), 3),
  /** The catch-all topic of a paper that matches none. */
  fallback: z.object({ id: z.string().check(z.minLength(1)), label: z.string().check(z.minLength(1)) }),
  topics: z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[a-z0-9-]+$/, 'topic ids are lower-case words joined by hyphens')),
        label: z.string().check(z.minLength(1)),
        keywords: z.array(Phrase).check(z.minLength(1)),
      }),
    )
    .check(
      z.minLength(1),
      z.maxLength(40),
      z.refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, 'topic ids must be unique'),
    ),
});
export type Taxonomy = z.infer<typeof TaxonomySchema>;

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}

/** Escapes a phrase for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Validates a taxonomy read from a user's file. Returns the taxonomy, or a message naming
 * the first problems (path and reason) so the user can fix the file; the caller keeps the default.
 */
export function parseTaxonomy(json: unknown): { taxonomy: Taxonomy } | { error: string } {
  const result = TaxonomySchema.safeParse(json);
  if (result.success) return { taxonomy: result.data };
  return { error: describeIssues(result.error.issues) };
}

/** zod/mini keeps no message catalogue (that is what keeps it small), so issues are worded here: path, then what was expected. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  return issues
    .slice(0, max)
    .map((issue) => {
      const where = issue.path.join('.') || '(top)';
      const custom = issue.message && issue.message !== 'Invalid input' ? issue.message : null;
      switch (issue.code) {
        case 'invalid_type':
          return `${where}: expected ${issue.expected}${custom ? ` (${custom})` : ''}`;
        case 'too_small':
          return `${where}: needs at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' entries' : ''}`;
        case 'too_big':
          return `${where}: allows at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' entries' : ''}`;
        case 'unrecognized_keys':
          return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
        default:
          return `${where}: ${custom ?? issue.code.replace(/_/g, ' ')}`;
      }
    })
    .join('; ');
}

/** The taxonomy shipped in `data/topics.json`. */
export const DEFAULT_TAXONOMY: Taxonomy = TaxonomySchema.parse(defaultTopics);

/** The tables extraction uses; the shipped ones unless a user's taxonomy replaces the default. */
export interface Knowledge {
  /**
   * The hardware catalogue; absent means the shipped one (`DEFAULT_CATALOG` of `catalog.ts`), which only extraction and
   * corrections read, so that a library restored from its cache never loads the catalogue's 18 KB.
   */
  catalog?: HardwareCatalog;
  taxonomy: Taxonomy;
}

/** The shipped knowledge: the shipped taxonomy and (left absent) the shipped catalogue. */
export const DEFAULT_KNOWLEDGE: Knowledge = { taxonomy: DEFAULT_TAXONOMY };
