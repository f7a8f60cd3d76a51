/** The keyword tables extraction uses: the hardware catalogue and the topic taxonomy, zod-validated data. */
import { z } from 'zod';
import defaultHardware from './data/hardware.json';
import defaultTopics from './data/topics.json';

/** The twelve hardware classes; every target has exactly one. */
export const HARDWARE_CLASSES = [
  'GPU', 'CPU', 'Mobile/Phone', 'Edge device', 'Embedded board', 'FPGA',
  'Neuromorphic', 'ASIC/Accelerator', 'Cloud/Datacenter', 'Wearable', 'Quantum', 'Network/Satellite',
] as const;
export const HardwareClass = z.enum(HARDWARE_CLASSES);
export type HardwareClass = z.infer<typeof HardwareClass>;

const Phrase = z.string().trim().min(1).max(100);

export const HardwareCatalogSchema = z.object({
  about: z.string().optional(),
  devices: z.array(z.object({
    /** The normalised name shown to users, e.g. "NVIDIA Tesla K80". */
    name: Phrase,
    class: HardwareClass,
    /** Only used when no specific device of the same class is named. */
    generic: z.boolean().default(false),
    /** Case-insensitive phrases, matched on word boundaries, plural `s` allowed. */
    aliases: z.array(Phrase).default([]),
    /** Case-sensitive tokens such as "T4", "K80" that would be ambiguous in lower case. */
    exact: z.array(Phrase).default([]),
    /** Names or classes whose presence makes this generic entry redundant ("edge devices" yields to a named board). */
    yieldsTo: z.array(Phrase).default([]),
    /** Regular expressions (case-insensitive) for forms phrases cannot express. */
    patterns: z.array(z.string().min(1).refine(isRegExp, 'not a valid regular expression')).default([]),
  })).min(1),
});
export type HardwareCatalog = z.infer<typeof HardwareCatalogSchema>;

export const TaxonomySchema = z.object({
  about: z.string().optional(),
  /** Score a topic needs: a title hit counts 3, an abstract hit 1. */
  minScore: z.number().positive().default(3),
  /** The catch-all topic of a paper that matches none. */
  fallback: z.object({ id: z.string().min(1), label: z.string().min(1) }),
  topics: z.array(z.object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'topic ids are lower-case words joined by hyphens'),
    label: z.string().min(1),
    keywords: z.array(Phrase).min(1),
  })).min(1).max(40).refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, 'topic ids must be unique'),
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
  return { error: result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') };
}

/** The catalogue shipped in `data/hardware.json`. */
export const DEFAULT_CATALOG: HardwareCatalog = HardwareCatalogSchema.parse(defaultHardware);
/** The taxonomy shipped in `data/topics.json`. */
export const DEFAULT_TAXONOMY: Taxonomy = TaxonomySchema.parse(defaultTopics);
