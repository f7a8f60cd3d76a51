/** Build step: saves the shipped digest's library as a ready cache in dist/, so a first activation need not build it. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeSteps } from '../src/core/cache';
import { Library } from '../src/core/library';
import { runSync } from '../src/core/steps';
import { DEFAULT_TAXONOMY } from '../src/core/vocabulary';
import { SHIPPED_CACHE, checksummed, libraryCacheKey } from '../src/cacheKey';
import { readManifest, repoRoot } from './lib/repo';

// The same files, names and order the extension reads: seeds/<file>, sorted by name.
const seeds = join(repoRoot, 'seeds');
const files = readdirSync(seeds)
  .filter((n) => /\.(txt|md)$/i.test(n) && !n.startsWith('.'))
  .sort()
  .map((name) => ({ name: `seeds/${name}`, bytes: new Uint8Array(readFileSync(join(seeds, name))) }));
const key = libraryCacheKey(files, DEFAULT_TAXONOMY, readManifest().version);
writeFileSync(join(repoRoot, SHIPPED_CACHE), checksummed(runSync(serializeSteps(Library.build(files), key))));
