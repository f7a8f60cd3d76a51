/** Test helper: the shipped digest files, read from seeds/ (tests may use fs; the core may not). */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, from the compiled test's folder (out/test/unit). */
export const repoRoot = resolve(__dirname, '..', '..', '..');
export const seedsDir = join(repoRoot, 'seeds');

/** Every shipped digest as `{ name, text }`, sorted by name. */
export function seedFiles(): { name: string; text: string }[] {
  return readdirSync(seedsDir)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(seedsDir, name), 'utf8') }));
}
