/** The saved library and its key: the user's cache between activations and the ready cache shipped with the extension (node only, no vscode). */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE_VERSION, restoreLibrary, serializeSteps } from './core/cache';
import type { ReadOptions } from './core/sources/detect';
import { Library, type BuildKit, type DigestFile } from './core/library';
import { runSliced, runSync } from './core/steps';
import type { Knowledge, Taxonomy } from './core/vocabulary';
import { UserFileError, readUserFile, writeFileAtomically } from './files';

/** Where the build writes the shipped digest's library, inside the extension. */
export const SHIPPED_CACHE = 'dist/shipped-library.jsonl';

/** The file name of the user's cache in a storage folder; the version in the name keeps older extensions' caches apart. */
export const CACHE_FILE = `library-v${CACHE_VERSION}.jsonl`;

/** A cache file may be large (about 2 KB a paper); reading it may take a while on a slow disk, but not for ever. */
const CACHE_LIMITS = { maxBytes: 1024 * 1024 * 1024, timeoutMs: 60_000 };

/** A key of everything a library is built from: cache format, extension version, taxonomy, every file's name and bytes (in name order). */
export function libraryCacheKey(files: readonly DigestFile[], taxonomy: Taxonomy, version: string): string {
  const hash = createHash('sha256').update(`${CACHE_VERSION}\0${version}\0${JSON.stringify(taxonomy)}\0`);
  for (const f of files) hash.update(`${f.name}\0${'bytes' in f ? f.bytes.length : f.text.length}\0`).update('bytes' in f ? f.bytes : f.text);
  return hash.digest('hex');
}

/** The cache file: a SHA-256 of the body on the first line, then the body, so a torn or edited file is caught before parsing. */
export function checksummed(lines: readonly string[]): Uint8Array {
  const body = new TextEncoder().encode(lines.join('\n'));
  const header = new TextEncoder().encode(`${createHash('sha256').update(body).digest('hex')}\n`);
  const all = new Uint8Array(header.length + body.length);
  all.set(header);
  all.set(body, header.length);
  return all;
}

/** The lines of a cache file whose checksum holds, or null. Decoded line by line, so no single decode covers a 200 MB file. */
export function verifiedLines(bytes: Uint8Array): string[] | null {
  const newline = bytes.indexOf(10);
  const body = bytes.subarray(newline + 1);
  if (newline < 0 || new TextDecoder().decode(bytes.subarray(0, newline)) !== createHash('sha256').update(body).digest('hex')) return null;
  const decoder = new TextDecoder();
  const lines: string[] = [];
  for (let start = 0; ;) {
    const end = body.indexOf(10, start);
    lines.push(decoder.decode(body.subarray(start, end < 0 ? body.length : end)));
    if (end < 0) return lines;
    start = end + 1;
  }
}

/** A library and where it came from: restored from a cache file, or built because no cache held it (and why). */
export interface LoadedLibrary {
  library: Library;
  /** The cache file it was restored from, or null when it was built. */
  cacheFile: string | null;
  /** Why it was built: the reason the first cache file was not used. Null when restored. */
  cacheMiss: string | null;
}

/** How `loadLibrary` loads: the cache key, the cache files to try in order, who gets the papers first, the readers some formats need. */
export interface LoadOptions {
  key: string;
  cacheFiles: readonly string[];
  onPapers?: (library: Library) => void;
  read?: ReadOptions;
  /** The builder, for a cache miss: default, `core/builder.ts` imported then (in the extension a chunk loaded on that first need). */
  builder?: () => Promise<BuildKit>;
}

/** The builder, imported when first needed: the extension bundle makes this a require of dist/builder.js. */
export const importBuilder = (): Promise<BuildKit> => import('./core/builder');

/** The library saved in the cache file at `path` for `key`, or why not. Never throws. */
async function readCacheFile(path: string, key: string, knowledge: Knowledge, options: LoadOptions): Promise<Library | string> {
  let bytes: Uint8Array;
  try {
    bytes = await readUserFile(path, CACHE_LIMITS);
  } catch (e) {
    return e instanceof UserFileError && e.kind === 'missing' ? 'no cache yet' : `cache not readable: ${e instanceof Error ? e.message : String(e)}`;
  }
  const lines = verifiedLines(bytes);
  if (!lines) return 'corrupt cache file';
  const restored = await restoreLibrary(lines, key, knowledge, undefined, options.onPapers, options.read);
  return 'reason' in restored ? restored.reason : restored;
}

/**
 * The library of `files`: restored from the first of `cacheFiles` that holds it for `key` (a missing,
 * changed, corrupt or older cache is never trusted), else built in slices. `onPapers` gets the library
 * as soon as its papers exist, before its index. A library restored from a cache has its sources attached
 * here too, so `update` works on it. Never throws on a bad cache.
 */
export async function loadLibrary(files: readonly DigestFile[], knowledge: Knowledge, options: LoadOptions): Promise<LoadedLibrary> {
  let firstMiss: string | null = null;
  for (const path of options.cacheFiles) {
    const cached = await readCacheFile(path, options.key, knowledge, options);
    if (typeof cached !== 'string') return { library: cached, cacheFile: path, cacheMiss: null };
    firstMiss ??= cached;
  }
  const kit = await (options.builder ?? importBuilder)();
  const library = await runSliced(Library.buildSteps(kit, files, knowledge, options.onPapers, options.read));
  return { library, cacheFile: null, cacheMiss: firstMiss ?? 'no cache' };
}

/** After `loadLibrary` restored a library: reads its files' sightings in slices with `kit` (the builder), so later updates merge correctly. */
export async function attachSources(library: Library, files: readonly DigestFile[], kit?: BuildKit): Promise<void> {
  return runSliced(library.attachSteps(files, kit ?? (await importBuilder())));
}

/** Saves `library` under `key` at `path` (its folder created if missing): whole or not at all. Rejects with a `UserFileError`. */
export async function saveLibrary(path: string, library: Library, key: string): Promise<void> {
  const lines = await runSliced(serializeSteps(library, key));
  await fsp.mkdir(dirname(path), { recursive: true });
  await writeFileAtomically(path, checksummed(lines));
}

/** The same, at once, for the build (which has no event loop to keep free). */
export async function saveLibraryNow(path: string, library: Library, key: string): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  await writeFileAtomically(path, checksummed(runSync(serializeSteps(library, key))));
}

/** The shipped ready cache inside an extension (or repository) folder. */
export function shippedCachePath(packageRoot: string): string {
  return join(packageRoot, SHIPPED_CACHE);
}
