/** Test helper: the real input files of test/fixtures/sources (see its README for where each comes from). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './seedFiles';

export const sourcesDir = join(repoRoot, 'test', 'fixtures', 'sources');

/** A fixture as `{ name, text }`. */
export function sourceFixture(name: string): { name: string; text: string } {
  return { name, text: readFileSync(join(sourcesDir, name), 'utf8') };
}

/** BibTeX entries counted without any BibTeX reader: `@type{` / `@type(` at a line start, less @string, @comment and @preamble. */
export function countBibEntries(text: string): number {
  return [...text.matchAll(/^\s*@(\w+)\s*[{(]/gm)].filter((m) => !/^(string|comment|preamble)$/i.test(m[1])).length;
}
