import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { CACHE_VERSION } from '../../src/core/cache';
import { checksummed } from '../../src/cacheWrite';
import { verifiedLines } from '../../src/libraryCache';
import { repoRoot, seedsDir } from './seedFiles';

type Env = Record<string, string | undefined>;

async function run(env: Env, ...argv: string[]) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, env);
  return { status, out, err };
}

/** Two shipped pages and a .bib in a folder of their own, so a test may change them. */
function digests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-cli-cache-in-'));
  for (const name of readdirSync(seedsDir).sort().slice(0, 2)) copyFileSync(join(seedsDir, name), join(dir, name));
  copyFileSync(join(repoRoot, 'test', 'fixtures', 'sources', 'budgeted-inference-refs.bib'), join(dir, 'refs.bib'));
  return dir;
}

const emptyDir = () => mkdtempSync(join(tmpdir(), 'litdigest-cli-cache-'));
/** The cache files in `dir` (none when it does not exist). */
const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.jsonl')) : []);
const onlyCacheFile = (dir: string) => {
  const files = cacheFiles(dir);
  assert.equal(files.length, 1, `expected one cache file in ${dir}, found ${files.join(', ')}`);
  return join(dir, files[0]);
};

describe('litdigest CLI with the saved library', () => {
  const input = digests();
  // The commands whose output must not depend on the cache: papers, search and cite, as JSON (cite by a LitDigest key and a .bib key).
  const commands = (key: string) => [
    ['papers', '--json', input],
    ['search', 'speculative decoding', '--json', '--digest', input],
    ['search', 'hw:gpu year:>=2024', '--json', '--digest', input],
    ['cite', key, 'wei2022chain', '--format', 'csl-json', '--digest', input],
    ['cite', key, 'wei2022chain', '--digest', input],
    ['papers', input],
  ];
  let key = '';
  const fresh = new Map<string, Awaited<ReturnType<typeof run>>>();

  before(async () => {
    key = JSON.parse((await run({}, 'papers', '--json', '--no-cache', input)).out)[0].key;
    for (const argv of commands(key)) fresh.set(argv.join(' '), await run({}, ...argv, '--no-cache'));
  });

  it('prints the same with a cold cache, a warm one and none, for papers, search and cite; a warm cache is not rewritten', async () => {
    const cache = emptyDir();
    const env = { LITDIGEST_CACHE: cache };
    // papers saves a library without its index; the first search builds the index and saves the whole library once.
    for (const round of ['cold', 'warm']) {
      for (const argv of commands(key)) {
        const before = cacheFiles(cache).length ? statSync(onlyCacheFile(cache)).ino : null;
        const got = await run(env, ...argv);
        assert.deepEqual(got, fresh.get(argv.join(' ')), `${round}: litdigest ${argv.join(' ')}`);
        if (round === 'warm') assert.equal(statSync(onlyCacheFile(cache)).ino, before, `warm: litdigest ${argv.join(' ')} rewrote the cache`);
      }
    }
    assert.ok(fresh.get(commands(key)[1].join(' '))!.out.length > 10, 'the search finds something');
  });

  it('prints what the cache holds: a warm run reads the saved papers, not the digests', async () => {
    const cache = emptyDir();
    await run({ LITDIGEST_CACHE: cache }, 'papers', '--json', input);
    const file = onlyCacheFile(cache);
    // A cache edited with a valid checksum: only a run that restores from it prints the edited title.
    const lines = verifiedLines(readFileSync(file))!;
    const header = JSON.parse(lines[0]);
    const papers = JSON.parse(lines[1]);
    papers[0].title = 'A Title Only The Cache Holds';
    writeFileSync(file, checksummed([JSON.stringify(header), JSON.stringify(papers), ...lines.slice(2)]));
    const warm = await run({ LITDIGEST_CACHE: cache }, 'papers', '--json', input);
    assert.equal(JSON.parse(warm.out)[0].title, 'A Title Only The Cache Holds');
  });

  it('--cache DIR wins over LITDIGEST_CACHE, and the default is litdigest in XDG_CACHE_HOME', async () => {
    const named = emptyDir();
    const fromEnv = emptyDir();
    await run({ LITDIGEST_CACHE: fromEnv }, 'papers', '--cache', named, input);
    assert.equal(cacheFiles(named).length, 1);
    assert.equal(cacheFiles(fromEnv).length, 0);
    await run({ LITDIGEST_CACHE: fromEnv }, 'papers', input);
    assert.equal(cacheFiles(fromEnv).length, 1);
    if (process.platform !== 'win32' && process.platform !== 'darwin') {
      const xdg = emptyDir();
      await run({ XDG_CACHE_HOME: xdg, HOME: '/nonexistent-home' }, 'papers', input);
      assert.equal(cacheFiles(join(xdg, 'litdigest')).length, 1);
    }
  });

  it('--no-cache neither writes nor reads a saved library', async () => {
    const cache = emptyDir();
    await run({ LITDIGEST_CACHE: cache }, 'papers', '--json', input);
    const file = onlyCacheFile(cache);
    const saved = readFileSync(file);
    const lines = verifiedLines(saved)!;
    const papers = JSON.parse(lines[1]);
    papers[0].title = 'A Title Only The Cache Holds';
    writeFileSync(file, checksummed([lines[0], JSON.stringify(papers), ...lines.slice(2)]));
    const none = await run({ LITDIGEST_CACHE: cache }, 'papers', '--json', '--no-cache', input);
    assert.deepEqual(none, fresh.get(commands(key)[0].join(' ')));
    const other = emptyDir();
    await run({ LITDIGEST_CACHE: other }, 'papers', '--no-cache', input);
    await run({ LITDIGEST_CACHE: other }, 'search', 'speculative', '--no-cache', '--digest', input);
    assert.deepEqual(readdirSync(other), []);
  });

  describe('a cache that cannot be trusted is ignored with one line on stderr, the output is unchanged and it is rebuilt', () => {
    const damage: [string, (file: string) => void][] = [
      [
        'corrupt (a byte changed)',
        (file) => {
          const bytes = readFileSync(file);
          bytes[bytes.length - 20] ^= 0x55;
          writeFileSync(file, bytes);
        },
      ],
      ['torn (cut short)', (file) => truncateSync(file, Math.floor(statSync(file).size / 2))],
      ['foreign (not a cache)', (file) => writeFileSync(file, '{"some": "other program’s file"}\n')],
      ['empty', (file) => writeFileSync(file, '')],
      [
        `saved by another cache version (checksum intact)`,
        (file) => {
          const lines = verifiedLines(readFileSync(file))!;
          writeFileSync(file, checksummed([JSON.stringify({ ...JSON.parse(lines[0]), version: CACHE_VERSION + 1 }), ...lines.slice(1)]));
        },
      ],
      [
        `whose papers are not whole (checksum intact)`,
        (file) => {
          const lines = verifiedLines(readFileSync(file))!;
          writeFileSync(file, checksummed([lines[0], JSON.stringify([{ key: 'x' }]), ...lines.slice(2)]));
        },
      ],
      [
        `whose index line is broken (checksum intact)`,
        (file) => {
          const lines = verifiedLines(readFileSync(file))!;
          const header = JSON.parse(lines[0]);
          writeFileSync(file, checksummed([...lines.slice(0, 1 + header.paperLines), '{"documentCount": -1}', ...lines.slice(2 + header.paperLines)]));
        },
      ],
    ];
    for (const [what, spoil] of damage) {
      it(what, async () => {
        const cache = emptyDir();
        const env = { LITDIGEST_CACHE: cache };
        // A whole library (index too), so a search must read all of it.
        await run(env, 'search', 'speculative decoding', '--json', '--digest', input);
        const file = onlyCacheFile(cache);
        spoil(file);
        const search = commands(key)[1];
        const got = await run(env, ...search);
        const expected = fresh.get(search.join(' '))!;
        assert.deepEqual([got.out, got.status], [expected.out, expected.status]);
        // The note, then the problems as without a cache.
        assert.ok(got.err.endsWith(expected.err), got.err);
        const notes = got.err
          .slice(0, got.err.length - expected.err.length)
          .split('\n')
          .filter(Boolean);
        assert.equal(notes.length, 1, got.err);
        assert.match(notes[0], new RegExp(`^litdigest: ignored the saved library .*${file.split('/').pop()} \\(.+\\); building it again$`));
        // Rebuilt and saved: the next run is silent and does not rewrite it.
        const rebuilt = statSync(file).ino;
        assert.deepEqual(await run(env, ...search), expected);
        assert.equal(statSync(file).ino, rebuilt);
      });
    }
  });

  it('a changed input file makes the cache stale: the change is printed, silently, and the cache saved again', async () => {
    const changing = digests();
    const cache = emptyDir();
    const env = { LITDIGEST_CACHE: cache };
    await run(env, 'papers', '--json', changing);
    const before = statSync(onlyCacheFile(cache)).ino;
    const page = readdirSync(changing).find((n) => n.endsWith('.txt'))!;
    writeFileSync(
      join(changing, page),
      `${readFileSync(join(changing, page), 'utf8')}\n\nA Paper Added Since The Cache Was Saved\nWe add a paper to the page after the cache was saved.\n`,
    );
    const got = await run(env, 'papers', '--json', changing);
    assert.deepEqual(got, await run({}, 'papers', '--json', '--no-cache', changing));
    assert.ok(JSON.parse(got.out).some((p: { title: string }) => p.title === 'A Paper Added Since The Cache Was Saved'));
    assert.notEqual(statSync(onlyCacheFile(cache)).ino, before, 'the stale cache was not replaced');
  });

  it('a cache folder that cannot be written: the same output and status, with a note that the library was not saved', async () => {
    const parent = emptyDir();
    writeFileSync(join(parent, 'a-file'), '');
    // A folder inside a file can be neither made nor written, even by root.
    const cache = join(parent, 'a-file', 'cache');
    for (const argv of [commands(key)[0], commands(key)[1]]) {
      const got = await run({ LITDIGEST_CACHE: cache }, ...argv);
      const expected = fresh.get(argv.join(' '))!;
      assert.equal(got.out, expected.out);
      assert.equal(got.status, expected.status);
      const notes = got.err.split('\n').filter((l) => l && !expected.err.includes(l));
      assert.equal(notes.length, 1, got.err);
      assert.match(notes[0], /^litdigest: could not save the library in .*a-file.*; the next run builds it again$/);
    }
    assert.deepEqual(readdirSync(parent), ['a-file']);
  });

  // Linux's /proc: mkdir there fails with ENOENT under a folder that exists, where Node's recursive mkdir spins for ever.
  if (process.platform === 'linux')
    it('a cache folder that cannot be made under a folder that exists (/proc) costs a note, and does not hang', async () => {
      const got = await run({ LITDIGEST_CACHE: '/proc/litdigest-cache' }, ...commands(key)[0]);
      assert.equal(got.out, fresh.get(commands(key)[0].join(' '))!.out);
      assert.match(got.err, /^litdigest: could not save the library in \/proc\/litdigest-cache \(.+\); the next run builds it again$/m);
    });

  it('keeps one cache file per set of inputs, so two libraries stay warm side by side', async () => {
    const cache = emptyDir();
    const env = { LITDIGEST_CACHE: cache };
    const other = digests();
    mkdirSync(join(other, 'more'));
    await run(env, 'papers', input);
    await run(env, 'papers', other);
    assert.equal(cacheFiles(cache).length, 2);
    const inodes = cacheFiles(cache).map((n) => statSync(join(cache, n)).ino);
    await run(env, 'papers', input);
    await run(env, 'papers', other);
    assert.deepEqual(
      cacheFiles(cache).map((n) => statSync(join(cache, n)).ino),
      inodes,
      'a library was rebuilt',
    );
  });
});
