import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import { Library } from '../../src/core/library';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';
import { readShippedDigests } from '../../src/inputs';
import {
  SHARED_CACHE_KEEP,
  SHIPPED_CACHE,
  libraryCacheKey,
  loadLibrary,
  sharedCacheFile,
  tidySharedCache,
  userCacheDir,
  verifiedLines,
} from '../../src/libraryCache';
import { saveLibrary } from '../../src/cacheWrite';
import { repoRoot, seedFiles } from './seedFiles';
import { buildLibrary } from '../../src/core/build';

const files = seedFiles().slice(0, 2);
const key = libraryCacheKey(files, DEFAULT_TAXONOMY, '1.0.0');
const keys = (library: Library) => library.papers.map((p) => p.key);

describe('libraryCacheKey', () => {
  it('changes with a file’s bytes, a name, the taxonomy and the version', () => {
    const changed = [{ ...files[0], text: `${files[0].text} ` }, files[1]];
    const renamed = [{ ...files[0], name: 'other.txt' }, files[1]];
    const others = [
      libraryCacheKey(changed, DEFAULT_TAXONOMY, '1.0.0'),
      libraryCacheKey(renamed, DEFAULT_TAXONOMY, '1.0.0'),
      libraryCacheKey(files, { ...DEFAULT_TAXONOMY, topics: [] }, '1.0.0'),
      libraryCacheKey(files, DEFAULT_TAXONOMY, '1.0.1'),
    ];
    assert.equal(new Set([key, ...others]).size, 5);
    assert.equal(libraryCacheKey(files, DEFAULT_TAXONOMY, '1.0.0'), key);
  });
});

describe('saveLibrary and loadLibrary', () => {
  it('restores a saved library for the same key, sources attached by the loader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const built = buildLibrary(files);
    const path = join(dir, 'storage', 'library.jsonl');
    await saveLibrary(path, built, key);
    assert.deepEqual(readdirSync(join(dir, 'storage')), ['library.jsonl']);
    let early: Library | undefined;
    const loaded = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path], onPapers: (l) => (early = l) });
    assert.equal(loaded.cacheFile, path);
    assert.equal(loaded.cacheMiss, null);
    assert.deepEqual(keys(loaded.library), keys(built));
    assert.equal(early, loaded.library);
  });

  it('builds, saying why, when the cache is missing, for another key, or corrupt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const path = join(dir, 'library.jsonl');
    const built = buildLibrary(files);
    const missing = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path] });
    assert.deepEqual([missing.cacheFile, missing.cacheMiss], [null, 'no cache yet']);
    assert.deepEqual(keys(missing.library), keys(built));
    await saveLibrary(path, built, key);
    const other = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key: 'another', cacheFiles: [path] });
    assert.deepEqual([other.cacheFile, other.cacheMiss], [null, 'the digests or the taxonomy changed since it was saved']);
    const saved = readFileSync(path);
    // A changed byte among the papers: caught before anything is shown.
    const front = Buffer.from(saved);
    front[saved.indexOf(10) + 40] ^= 0xff;
    writeFileSync(path, front);
    const shown: Library[] = [];
    const damagedFront = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path], onPapers: (l) => shown.push(l) });
    assert.deepEqual([damagedFront.cacheMiss, damagedFront.cacheMissKind, shown.length], ['corrupt cache file', 'bad', 1]);
    // A changed byte among the index's terms: the tree shows the saved papers, then the index's check fails and the
    // library is built again, in full.
    const back = Buffer.from(saved);
    back[back.length - 10] ^= 0xff;
    writeFileSync(path, back);
    shown.length = 0;
    const damagedTerms = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path], onPapers: (l) => shown.push(l) });
    assert.deepEqual([damagedTerms.cacheMiss, damagedTerms.cacheMissKind], ['the index part does not match its checksum', 'bad']);
    assert.equal(shown.length, 2);
    assert.deepEqual(keys(shown[0]), keys(built));
    assert.deepEqual(keys(damagedTerms.library), keys(built));
    assert.ok(damagedTerms.library.index.query('cache', 5).hits.length > 0, 'the rebuilt library has its index');
  });

  it('takes a file saved with one checksum over the whole body (an older LitDigest) as another version, not damage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const path = join(dir, 'library.jsonl');
    const body = Buffer.from('{"version":6}\n[]');
    writeFileSync(path, Buffer.concat([Buffer.from(`${createHash('sha256').update(body).digest('hex')}\n`), body]));
    const loaded = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path] });
    assert.deepEqual([loaded.cacheMiss, loaded.cacheMissKind], ['saved by an older LitDigest', 'stale']);
  });

  it('takes a file with SHA-256 checksums per part (an older LitDigest) as another version, not damage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const path = join(dir, 'library.jsonl');
    const [front, terms] = [Buffer.from('{"version":8}\n[]\nnull\n'), Buffer.from('')];
    const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    writeFileSync(path, Buffer.concat([Buffer.from(`LDC ${sha256(front)} ${front.length} ${sha256(terms)}\n`), front, terms]));
    const loaded = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path] });
    assert.deepEqual([loaded.cacheMiss, loaded.cacheMissKind], ['saved by an older LitDigest', 'stale']);
  });

  it('falls back to the next cache file, and reports the first one’s miss when none holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const shipped = join(dir, 'shipped.jsonl');
    await saveLibrary(shipped, buildLibrary(files), key);
    const loaded = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [join(dir, 'user.jsonl'), shipped] });
    assert.equal(loaded.cacheFile, shipped);
    const neither = await loadLibrary(files, DEFAULT_KNOWLEDGE, { key: 'x', cacheFiles: [join(dir, 'user.jsonl'), shipped] });
    assert.equal(neither.cacheMiss, 'no cache yet');
  });

  it('tells a missing cache, a stale one and a corrupt one apart (only a corrupt one is worth telling the user)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const path = join(dir, 'library.jsonl');
    const kind = async (k = key) => (await loadLibrary(files, DEFAULT_KNOWLEDGE, { key: k, cacheFiles: [path] })).cacheMissKind;
    assert.equal(await kind(), 'missing');
    await saveLibrary(path, buildLibrary(files), key);
    assert.equal(await kind(), null);
    assert.equal(await kind('another'), 'stale');
    writeFileSync(path, 'a file that is not a cache\n');
    assert.equal(await kind(), 'bad');
  });

  it('with index false, builds no index and reads none, and runs beforeBuild only when it builds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const path = join(dir, 'library.jsonl');
    let prepared = 0;
    const options = { key, cacheFiles: [path], index: false, beforeBuild: async () => prepared++ };
    const built = await loadLibrary(files, DEFAULT_KNOWLEDGE, options);
    assert.equal(built.library.hasIndex, false);
    assert.equal(prepared, 1);
    await saveLibrary(path, built.library, key);
    const restored = await loadLibrary(files, DEFAULT_KNOWLEDGE, options);
    assert.equal(restored.cacheFile, path);
    assert.equal(restored.library.hasIndex, false);
    assert.equal(prepared, 1, 'beforeBuild ran for a restore');
    const searched = await loadLibrary(files, DEFAULT_KNOWLEDGE, { ...options, index: true });
    assert.equal(searched.library.indexSource, 'build', 'a cache saved without an index gets one built');
    assert.ok(searched.library.index.search('speculative decoding').length > 0);
  });

  it('rejects a save into a path whose parent is a file, leaving nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    writeFileSync(join(dir, 'file'), '');
    await assert.rejects(saveLibrary(join(dir, 'file', 'library.jsonl'), buildLibrary(files), key));
    assert.deepEqual(readdirSync(dir), ['file']);
  });
});

describe('the shipped ready cache', () => {
  it('holds the key the extension computes for the shipped digests it reads (build and extension agree on names)', async () => {
    const { files: shipped } = await readShippedDigests(repoRoot);
    const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version;
    const lines = verifiedLines(readFileSync(join(repoRoot, SHIPPED_CACHE)));
    assert.ok(lines, `${SHIPPED_CACHE} is missing or corrupt: run node esbuild.mjs`);
    assert.equal(JSON.parse(lines[0]).key, libraryCacheKey(shipped, DEFAULT_TAXONOMY, version));
  });
});

describe('userCacheDir', () => {
  it('follows each platform: LOCALAPPDATA on Windows, ~/Library/Caches on macOS, else an absolute XDG_CACHE_HOME or ~/.cache', () => {
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a'), 'C:\\Users\\a\\AppData\\Local');
    assert.equal(userCacheDir({}, 'win32', 'C:\\Users\\a'), null);
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'darwin', '/Users/a'), join('/Users/a', 'Library', 'Caches'));
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/var/cache/a' }, 'linux', '/home/a'), '/var/cache/a');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative/cache' }, 'linux', '/home/a'), join('/home/a', '.cache'));
    assert.equal(userCacheDir({}, 'linux', '/home/a'), join('/home/a', '.cache'));
    assert.equal(userCacheDir({}, 'linux', undefined), null);
  });
});

describe('sharedCacheFile and tidySharedCache', () => {
  it('gives each set of inputs its own file, and the same inputs the same file', () => {
    const a = sharedCacheFile('/c', ['/work', '/work/a.txt']);
    assert.equal(sharedCacheFile('/c', ['/work', '/work/a.txt']), a);
    assert.notEqual(sharedCacheFile('/c', ['/work', '/work/b.txt']), a);
    assert.match(a, /library-v\d+-[0-9a-f]{16}\.jsonl$/);
  });

  it('keeps the most recently used cache files and the one just used, and never removes a file it did not name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-cache-'));
    const made = Array.from({ length: SHARED_CACHE_KEEP + 3 }, (_, i) => sharedCacheFile(dir, [String(i)]));
    made.forEach((path, i) => {
      writeFileSync(path, '');
      // File i was last used i minutes after the first: the oldest are the first ones.
      const at = new Date(Date.UTC(2026, 0, 1, 0, i));
      utimesSync(path, at, at);
    });
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'library-v5.jsonl'), 'the extension’s name, not ours to remove');
    await tidySharedCache(dir, made[0]);
    const left = readdirSync(dir).sort();
    const expected = [made[0], ...made.slice(4)].map((p) => p.slice(dir.length + 1));
    assert.deepEqual(left, [...expected, 'library-v5.jsonl', 'notes.txt'].sort());
  });
});
