import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KNOWLEDGE } from '../../src/core/extract';
import type { ReadOptions } from '../../src/core/sources/detect';
import { digestFormat, expandEntries, prepareReaders, readDigests, readInputs, readShippedDigests, readTaxonomy } from '../../src/inputs';
import { repoRoot } from './seedFiles';

const DIGEST = 'Paper One\nThis is the abstract of paper one. It has two sentences and enough words to be an abstract.\n';

/** A workspace: digests/a.txt, digests/b.md, digests/notes.bib, digests/notes.docx, digests/.hidden.txt, digests/sub/c.txt, node_modules/x/d.txt, .git/e.txt, data.json. */
function workspace(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'litdigest-inputs-')));
  for (const dir of ['digests/sub', 'node_modules/x', '.git']) mkdirSync(join(root, dir), { recursive: true });
  for (const file of ['digests/a.txt', 'digests/b.md', 'digests/.hidden.txt', 'digests/sub/c.txt', 'node_modules/x/d.txt', '.git/e.txt'])
    writeFileSync(join(root, file), DIGEST);
  writeFileSync(join(root, 'digests/notes.bib'), '@misc{x, title={X}}');
  writeFileSync(join(root, 'digests/notes.docx'), 'PK');
  writeFileSync(join(root, 'data.json'), '{}');
  return root;
}

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  assert.equal(made.status, 0, `mkfifo is needed for this test (coreutils): ${made.error?.message ?? made.stderr}`);
}

const names = (r: { files: { name: string }[] }) => r.files.map((f) => f.name);
const messages = (r: { problems: { file: string; message: string }[] }) => r.problems.map((p) => `${p.file}: ${p.message}`);

describe('digestFormat', () => {
  it('knows .txt, .md, .bib and .json in any case, and nothing else', () => {
    assert.equal(digestFormat('a.txt'), 'hfpage');
    assert.equal(digestFormat('dir.x/A.MD'), 'hfpage');
    assert.equal(digestFormat('refs.BIB'), 'bibtex');
    assert.equal(digestFormat('zotero.json'), 'csljson');
    for (const name of ['notes.docx', 'README', 'txt', 'bib']) assert.equal(digestFormat(name), null, name);
  });
});

describe('expandEntries', () => {
  it('lists a folder’s digest files, not its subfolders, hidden files or other formats', async () => {
    const root = workspace();
    const r = await expandEntries(['digests'], { root });
    assert.deepEqual(names(r), ['digests/a.txt', 'digests/b.md', 'digests/notes.bib']);
    assert.deepEqual(r.problems, []);
  });

  it('reads an explicit file whatever its extension', async () => {
    const root = workspace();
    assert.deepEqual(names(await expandEntries(['digests/notes.docx'], { root })), ['digests/notes.docx']);
  });

  it('expands globs relative to the root, known formats only, skipping node_modules, .git and hidden files', async () => {
    const root = workspace();
    assert.deepEqual(names(await expandEntries(['**/*'], { root })), ['data.json', 'digests/a.txt', 'digests/b.md', 'digests/notes.bib', 'digests/sub/c.txt']);
    assert.deepEqual(names(await expandEntries(['digests/**/*.txt'], { root })), ['digests/a.txt', 'digests/sub/c.txt']);
    assert.deepEqual(names(await expandEntries(['**/*.docx'], { root })).length, 0);
  });

  it('names each file once, in name order, however many entries reach it', async () => {
    const root = workspace();
    const r = await expandEntries(['digests/sub/c.txt', 'digests', '**/*.txt', join(root, 'digests/a.txt')], { root });
    assert.deepEqual(names(r), ['digests/a.txt', 'digests/b.md', 'digests/notes.bib', 'digests/sub/c.txt']);
  });

  it('prefixes names when asked (a multi-root workspace), and names files outside the root by absolute path', async () => {
    const root = workspace();
    const other = workspace();
    assert.deepEqual(names(await expandEntries(['digests/a.txt'], { root, namePrefix: 'papers/' })), ['papers/digests/a.txt']);
    assert.deepEqual(names(await expandEntries([join(other, 'digests/a.txt')], { root })), [join(other, 'digests/a.txt')]);
  });

  it('when confined, refuses .. and absolute paths outside the root with a problem, and keeps the rest', async () => {
    const root = workspace();
    const r = await expandEntries(['../../etc/*.txt', '/etc/hostname', 'digests/../digests/a.txt', join(root, 'digests/b.md')], { root, confine: true });
    assert.deepEqual(names(r), ['digests/b.md']);
    assert.deepEqual(messages(r), [
      '../../etc/*.txt: this path leaves the workspace; only digests inside the workspace are read',
      '/etc/hostname: this path is outside the workspace; only digests inside the workspace are read',
      'digests/../digests/a.txt: this path leaves the workspace; only digests inside the workspace are read',
    ]);
  });

  it('names each entry that gives nothing: missing, an empty folder, a glob without match', async () => {
    const root = workspace();
    mkdirSync(join(root, 'empty'));
    const r = await expandEntries(['nope', 'empty', 'x/**/*.txt'], { root, confine: true });
    assert.deepEqual(r.files, []);
    assert.deepEqual(messages(r), [
      'nope: cannot read: no such file or folder',
      'empty: folder holds no .txt, .md, .bib or .json digest files',
      'x/**/*.txt: no .txt, .md, .bib or .json file in the workspace matches this pattern',
    ]);
  });

  it('stops a glob at the file cap with a problem', async () => {
    const root = workspace();
    for (let i = 0; i < 12; i++) writeFileSync(join(root, 'digests', `p${i}.txt`), DIGEST);
    const r = await expandEntries(['**/*.txt'], { root, maxGlobFiles: 5 });
    assert.equal(r.files.length, 5);
    assert.deepEqual(messages(r), ['**/*.txt: this pattern matches more than 5 files; only the first 5 are read. Name a narrower pattern.']);
  });

  it('does not follow a symlinked folder in a glob (a link to an ancestor would loop)', async () => {
    const root = workspace();
    symlinkSync(root, join(root, 'digests', 'loop'));
    assert.deepEqual(names(await expandEntries(['**/*.txt'], { root })), ['digests/a.txt', 'digests/sub/c.txt']);
  });
});

describe('readInputs and readDigests', () => {
  it('reads the files with their names', async () => {
    const root = workspace();
    const r = await readDigests(['digests'], { root });
    assert.deepEqual(names(r), ['digests/a.txt', 'digests/b.md', 'digests/notes.bib']);
    assert.equal(new TextDecoder().decode((r.files[0] as { bytes: Uint8Array }).bytes), DIGEST);
  });

  it('refuses a FIFO and a /dev/zero link named like digests in a folder, and reads the others', async () => {
    const root = workspace();
    mkfifo(join(root, 'digests', 'pipe.txt'));
    symlinkSync('/dev/zero', join(root, 'digests', 'zero.txt'));
    const r = await readDigests(['digests'], { root });
    assert.deepEqual(names(r), ['digests/a.txt', 'digests/b.md', 'digests/notes.bib']);
    assert.equal(r.problems.length, 2);
    assert.match(messages(r)[0], /^digests\/pipe\.txt: cannot read: it is a named pipe \(FIFO\)/);
    assert.match(messages(r)[1], /^digests\/zero\.txt: cannot read: it is a character device/);
  });

  it('reports a file over the size limit and one that vanished since it was listed', async () => {
    const root = workspace();
    const r = await readInputs(
      [
        { path: join(root, 'digests/a.txt'), name: 'a' },
        { path: join(root, 'gone.txt'), name: 'gone' },
      ],
      { maxBytes: 10 },
    );
    assert.deepEqual(r.files, []);
    assert.match(messages(r).join('\n'), /a: cannot read: it is 1 KB; LitDigest reads digests up to 1 KB/);
    assert.match(messages(r).join('\n'), /gone: cannot read: no such file or folder/);
  });
});

describe('prepareReaders', () => {
  it('loads the BibTeX parser only when a file may hold BibTeX, and keeps it for later reads', async () => {
    const readers = {};
    await prepareReaders([{ name: 'a.txt', text: DIGEST }], readers);
    assert.equal('parseBibtex' in readers, false);
    await prepareReaders([{ name: 'listing.txt', text: `Notes\n  @article{k, title={T}}` }], readers);
    const parse = (readers as ReadOptions).parseBibtex;
    assert.ok(parse);
    assert.deepEqual(
      parse('@article{k, title={A {\\"U}ber Title}}', 'x.bib').entries.map((e) => [e.key, e.fields.title]),
      [['k', 'A Über Title']],
    );
    await prepareReaders([{ name: 'refs.bib', bytes: new Uint8Array() }], readers);
    assert.equal((readers as ReadOptions).parseBibtex, parse);
  });
});

describe('readShippedDigests', () => {
  it('names the shipped files seeds/<file>, in name order', async () => {
    const r = await readShippedDigests(repoRoot);
    assert.deepEqual(r.problems, []);
    assert.ok(r.files.length >= 5);
    for (const f of r.files) assert.match(f.name, /^seeds\/[^/]+\.txt$/);
    assert.deepEqual(names(r), [...names(r)].sort());
  });
});

describe('readTaxonomy', () => {
  const valid = { fallback: { id: 'misc', label: 'Misc' }, topics: [{ id: 'speedy', label: 'Speed', keywords: ['speculative'] }] };

  it('uses a valid taxonomy, relative to the root', async () => {
    const root = workspace();
    writeFileSync(join(root, 'tax.json'), JSON.stringify(valid));
    const r = await readTaxonomy('tax.json', root);
    assert.deepEqual(r.problems, []);
    assert.equal(r.knowledge.taxonomy.topics[0].id, 'speedy');
  });

  it('keeps the shipped taxonomy and says why for an invalid, broken, missing or FIFO taxonomy', async () => {
    const root = workspace();
    writeFileSync(join(root, 'bad.json'), JSON.stringify({ topics: 'none' }));
    writeFileSync(join(root, 'broken.json'), '{ not json');
    mkfifo(join(root, 'pipe.json'));
    for (const [file, message] of [
      ['bad.json', /^not a valid taxonomy: .*; using the shipped one$/],
      ['broken.json', /^cannot read taxonomy \(.*JSON.*\); using the shipped one$/],
      ['missing.json', /^cannot read taxonomy \(no such file or folder\); using the shipped one$/],
      ['pipe.json', /^cannot read taxonomy \(it is a named pipe \(FIFO\).*\); using the shipped one$/],
    ] as const) {
      const r = await readTaxonomy(file, root);
      assert.equal(r.knowledge, DEFAULT_KNOWLEDGE, file);
      assert.equal(r.problems.length, 1, file);
      assert.match(r.problems[0].message, message);
    }
  });

  it('reads nothing for an empty setting', async () => {
    assert.deepEqual(await readTaxonomy('', '/nowhere'), { knowledge: DEFAULT_KNOWLEDGE, problems: [] });
  });
});
