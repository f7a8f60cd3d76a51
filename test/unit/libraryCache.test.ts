import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import { Library } from '../../src/core/library';
import { DEFAULT_TAXONOMY } from '../../src/core/vocabulary';
import { readShippedDigests } from '../../src/inputs';
import { SHIPPED_CACHE, libraryCacheKey, loadLibrary, saveLibrary, verifiedLines } from '../../src/libraryCache';
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
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(path, bytes);
    assert.equal((await loadLibrary(files, DEFAULT_KNOWLEDGE, { key, cacheFiles: [path] })).cacheMiss, 'corrupt cache file');
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
