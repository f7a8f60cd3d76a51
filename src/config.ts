/** readConfig: the `litdigest.*` settings, zod-parsed, each falling back to its default when invalid. */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { DEFAULT_CLAIM_TEMPLATE, type CitationStyle } from './core/languages';
import { DEFAULT_EXCLUSION_REASONS } from './core/reviewNames';
import { DEFAULT_STYLE, FALLBACK_LOCALE } from './core/styles';

const Style = z.object({ template: z.string().check(z.minLength(1)), key: z.string().check(z.includes('{key}')), separator: z.string() });

/** The settings LitDigest reads; see package.json for their descriptions. */
export interface Config {
  includeShippedDigest: boolean;
  digests: string[];
  taxonomyFile: string;
  bibliographyFile: string;
  readDocumentBibliography: boolean;
  citationStyles: Record<string, CitationStyle>;
  claimTemplate: string;
  /** The screening reviewer's name ('' = git's user.name). */
  reviewer: string;
  exclusionReasons: string[];
  /** The CSL style of formatted references: a shipped style's name (apa, ieee, chicago-author-date, acm) or a `.csl` file's path. */
  citationStyle: string;
  /** The CSL locale (language of terms and dates) of formatted references. */
  locale: string;
}

/** Each setting's schema and default, in one place. */
const SETTINGS: { [K in keyof Config]: [z.ZodMiniType<Config[K]>, Config[K]] } = {
  includeShippedDigest: [z.boolean(), true],
  digests: [z.array(z.string().check(z.minLength(1))), []],
  taxonomyFile: [z.string(), ''],
  bibliographyFile: [z.string().check(z.minLength(1)), 'references.bib'],
  readDocumentBibliography: [z.boolean(), true],
  citationStyles: [z.record(z.string(), Style), {}],
  claimTemplate: [z.string().check(z.includes('{claim}')), DEFAULT_CLAIM_TEMPLATE],
  reviewer: [z.string(), ''],
  exclusionReasons: [z.array(z.string().check(z.trim(), z.minLength(1))).check(z.minLength(1)), [...DEFAULT_EXCLUSION_REASONS]],
  citationStyle: [z.string().check(z.trim(), z.minLength(1)), DEFAULT_STYLE],
  locale: [z.string().check(z.regex(/^[a-z]{2,3}(-[A-Z]{2})?$/)), FALLBACK_LOCALE],
};

/**
 * Reads and validates the settings; an invalid value is replaced by its default and its name listed in
 * `invalid`. `scope` (a workspace folder's URI, or a document's) gives that folder's own values in a
 * multi-root workspace; `null` asks for the window's values explicitly (every setting is resource-scoped, and VS Code
 * warns about reading one with no scope at all).
 */
export function readConfig(scope: vscode.ConfigurationScope | null): { config: Config; invalid: string[] } {
  const section = vscode.workspace.getConfiguration('litdigest', scope);
  const invalid: string[] = [];
  const config = {} as Record<string, unknown>;
  for (const [name, [schema, fallback]] of Object.entries(SETTINGS) as [string, [z.ZodMiniType, unknown]][]) {
    const value = section.get(name);
    const parsed = value === undefined ? null : schema.safeParse(value);
    if (parsed && !parsed.success) invalid.push(`litdigest.${name}`);
    config[name] = parsed?.success ? parsed.data : fallback;
  }
  return { config: config as unknown as Config, invalid };
}
