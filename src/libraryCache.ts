/** The saved library and its key: the user's cache between activations and the ready cache shipped with the extension (node only, no vscode). */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { CACHE_VERSION, restoreLibrary, type CacheMiss } from './core/cache';
import { CHECKSUM_HASH, CHECKSUM_MARK, OLDER_CHECKSUM_MARKS } from './core/cacheFormat';
import type { ReadOptions } from './core/sources/detect';
import { Library, type BuildKit, type DigestFile } from './core/library';
import { runSliced } from './core/steps';
import type { Knowledge, Taxonomy } from './core/vocabulary';
import { UserFileError, readUserFile } from './files';

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

/** The parts of a cache file: the front's lines, checked; the terms' lines, checked when asked for (null if they do not hold). */
export interface CacheSections {
  front: string[];
  terms: () => string[] | null;
}

/**
 * The sections of a cache file whose front's checksum holds; `older` for a file saved with other checksums (one over
 * the whole body, or SHA-256 per section), which is another version, not damage; null when it does not hold.
 */
export function verifiedSections(bytes: Uint8Array): CacheSections | 'older' | null {
  const newline = bytes.indexOf(10);
  if (newline < 0) return null;
  const first = new TextDecoder().decode(bytes.subarray(0, newline));
  if (/^[0-9a-f]{64}$/.test(first)) return 'older';
  const [mark, frontSha, frontLength, termsSha, ...extra] = first.split(' ');
  if (OLDER_CHECKSUM_MARKS.includes(mark)) return 'older';
  const length = Number(frontLength);
  if (mark !== CHECKSUM_MARK || extra.length || !Number.isSafeInteger(length) || newline + 1 + length > bytes.length) return null;
  const front = bytes.subarray(newline + 1, newline + 1 + length);
  const terms = bytes.subarray(newline + 1 + length);
  const holds = (part: Uint8Array, sha: string) => createHash(CHECKSUM_HASH).update(part).digest('hex') === sha;
  if (!holds(front, frontSha) || front[front.length - 1] !== 10) return null;
  return { front: splitLines(front.subarray(0, front.length - 1)), terms: () => (holds(terms, termsSha) ? (terms.length ? splitLines(terms) : []) : null) };
}

/** The lines of a cache file whose checksums hold, or null (all of it at once: for tests and tools). */
export function verifiedLines(bytes: Uint8Array): string[] | null {
  const sections = verifiedSections(bytes);
  if (sections === null || sections === 'older') return null;
  const terms = sections.terms();
  return terms && [...sections.front, ...terms];
}

/** UTF-8 lines of `bytes`, decoded line by line, so no single decode covers a 200 MB file. */
function splitLines(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder();
  const lines: string[] = [];
  for (let start = 0; ;) {
    const end = bytes.indexOf(10, start);
    lines.push(decoder.decode(bytes.subarray(start, end < 0 ? bytes.length : end)));
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
  /** What kind of miss `cacheMiss` is (see `CacheMiss`): `bad` is worth telling the user. Null when restored. */
  cacheMissKind: CacheMiss['kind'] | null;
}

/** How `loadLibrary` loads: the cache key, the cache files to try in order, who gets the papers first, the readers some formats need. */
export interface LoadOptions {
  key: string;
  cacheFiles: readonly string[];
  onPapers?: (library: Library) => void;
  read?: ReadOptions;
  /** False: no index is built or read now (the library builds one on first use). Default true. */
  index?: boolean;
  /** Run just before a build (none when a cache holds the library): e.g. loading the readers some formats need. */
  beforeBuild?: () => Promise<unknown>;
  /** The slice length of reading and building (default 8 ms); Infinity when nothing else waits for the thread (the CLI). */
  budgetMs?: number;
  /** The builder, for a cache miss: default, `core/builder.ts` imported then (in the extension a chunk loaded on that first need). */
  builder?: () => Promise<BuildKit>;
}

/** The builder, imported when first needed: the extension bundle makes this a require of dist/builder.js. */
export const importBuilder = (): Promise<BuildKit> => import('./core/builder');

/** The library saved in the cache file at `path` for `key`, or why not. Never throws. */
async function readCacheFile(path: string, key: string, knowledge: Knowledge, options: LoadOptions): Promise<Library | CacheMiss> {
  let bytes: Uint8Array;
  try {
    bytes = await readUserFile(path, CACHE_LIMITS);
  } catch (e) {
    // No folder to hold it (a path through a file, say) is no cache yet, as much as no file is; saving says the rest.
    const noFolder = async () => !(await fsp.stat(dirname(path)).catch(() => null))?.isDirectory();
    return (e instanceof UserFileError && e.kind === 'missing') || (await noFolder())
      ? { reason: 'no cache yet', kind: 'missing' }
      : { reason: `cache not readable: ${e instanceof Error ? e.message : String(e)}`, kind: 'bad' };
  }
  const sections = verifiedSections(bytes);
  if (sections === 'older') return { reason: 'saved by an older LitDigest', kind: 'stale' };
  if (!sections) return { reason: 'corrupt cache file', kind: 'bad' };
  return restoreLibrary(sections.front, key, knowledge, options.budgetMs, options.onPapers, options.read, options.index ?? true, sections.terms);
}

/**
 * The library of `files`: restored from the first of `cacheFiles` that holds it for `key` (a missing,
 * changed, corrupt or older cache is never trusted), else built in slices. `onPapers` gets the library
 * as soon as its papers exist, before its index. A library restored from a cache has its sources attached
 * here too, so `update` works on it. Never throws on a bad cache.
 */
export async function loadLibrary(files: readonly DigestFile[], knowledge: Knowledge, options: LoadOptions): Promise<LoadedLibrary> {
  let firstMiss: CacheMiss | null = null;
  for (const path of options.cacheFiles) {
    const cached = await readCacheFile(path, options.key, knowledge, options);
    if (!('reason' in cached)) return { library: cached, cacheFile: path, cacheMiss: null, cacheMissKind: null };
    firstMiss ??= cached;
  }
  const [kit] = await Promise.all([(options.builder ?? importBuilder)(), options.beforeBuild?.()]);
  const library = await runSliced(Library.buildSteps(kit, files, knowledge, options.onPapers, options.read, options.index ?? true), options.budgetMs);
  return { library, cacheFile: null, cacheMiss: firstMiss?.reason ?? 'no cache', cacheMissKind: firstMiss?.kind ?? 'missing' };
}

/** After `loadLibrary` restored a library: reads its files' sightings in slices with `kit` (the builder), so later updates merge correctly. */
export async function attachSources(library: Library, files: readonly DigestFile[], kit?: BuildKit): Promise<void> {
  return runSliced(library.attachSteps(files, kit ?? (await importBuilder())));
}

/** The shipped ready cache inside an extension (or repository) folder. */
export function shippedCachePath(packageRoot: string): string {
  return join(packageRoot, SHIPPED_CACHE);
}

/**
 * The user's cache folder, found as Go's `os.UserCacheDir` finds it (the convention of each platform): on Windows
 * `%LOCALAPPDATA%`; on macOS `~/Library/Caches`; elsewhere `$XDG_CACHE_HOME` when it is an absolute path (the XDG
 * spec says a relative one is to be ignored), else `~/.cache`. Null when the variables it needs are unset.
 */
export function userCacheDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, home: string | undefined): string | null {
  if (platform === 'win32') return env.LOCALAPPDATA || null;
  if (platform === 'darwin') return home ? join(home, 'Library', 'Caches') : null;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return xdg;
  return home ? join(home, '.cache') : null;
}

/** A cache file in a shared cache folder: `library-v<version>-<16 hex digits>.jsonl`. Nothing else there is ever removed. */
const SHARED_CACHE_FILE = /^library-v\d+-[0-9a-f]{16}\.jsonl$/;

/**
 * The cache file in `dir` of one set of inputs (`inputs`: whatever tells them apart, e.g. the working folder and the
 * resolved paths), so that several libraries each keep theirs. The version in the name keeps other versions' apart.
 */
export function sharedCacheFile(dir: string, inputs: readonly string[]): string {
  const id = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  return join(dir, `library-v${CACHE_VERSION}-${id}.jsonl`);
}

/** How many cache files a shared cache folder keeps (about 2 KB a paper each): the most recently used. */
export const SHARED_CACHE_KEEP = 8;

/**
 * Marks the cache file at `path` as just used (its mtime), then removes the least recently used cache files of
 * `dir` beyond `keep`; only files named as `sharedCacheFile` names them are touched. Never throws: a cache that
 * cannot be tidied costs disk, never a run.
 */
export async function tidySharedCache(dir: string, path: string, keep = SHARED_CACHE_KEEP): Promise<void> {
  const now = new Date();
  await fsp.utimes(path, now, now).catch(() => undefined);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(
    names
      .filter((name) => SHARED_CACHE_FILE.test(name))
      .map(async (name) => ({ path: join(dir, name), mtime: (await fsp.stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  files.sort((a, b) => b.mtime - a.mtime);
  const old = files.slice(keep).filter((f) => f.path !== path);
  await Promise.all(old.map((f) => fsp.rm(f.path, { force: true }).catch(() => undefined)));
}
