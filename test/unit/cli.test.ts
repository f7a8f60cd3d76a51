import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { repoRoot, seedsDir } from './seedFiles';

const PAPER_FIELDS = ['key', 'title', 'abstract', 'authors', 'org', 'date', 'year', 'count', 'urls', 'sources', 'topics', 'hardware', 'claims'];

function run(...argv: string[]) {
  let out = '';
  let err = '';
  const status = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { status, out, err };
}

function tempDigests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-cli-'));
  writeFileSync(join(dir, 'good.txt'), 'Paper One\nThis is the abstract of paper one. It has two sentences and enough words to be an abstract.\n');
  writeFileSync(join(dir, 'empty.txt'), '');
  mkdirSync(join(dir, 'nothing-here'));
  return dir;
}

describe('litdigest CLI', () => {
  describe('papers', () => {
    it('prints every unique shipped paper once as JSON with exactly the documented fields, exit 0', () => {
      const { status, out, err } = run('papers', '--json', seedsDir);
      assert.equal(status, 0, err);
      assert.equal(err, '');
      const papers = JSON.parse(out);
      assert.equal(papers.length, 219);
      for (const p of papers)
        assert.deepEqual(
          Object.keys(p).filter((k) => PAPER_FIELDS.includes(k)),
          PAPER_FIELDS,
        );
      assert.equal(new Set(papers.map((p: { key: string }) => p.key)).size, 219);
    });

    it('reads the shipped seeds when given no path', () => {
      assert.equal(run('papers').out.trim().split('\n').length, 219);
    });

    it('reports each unreadable or empty path on stderr, prints the papers of the others, exits 1', () => {
      const dir = tempDigests();
      const { status, out, err } = run('papers', '--json', join(dir, 'good.txt'), join(dir, 'missing.txt'), join(dir, 'empty.txt'), join(dir, 'nothing-here'));
      assert.equal(status, 1);
      assert.deepEqual(
        JSON.parse(out).map((p: { title: string }) => p.title),
        ['Paper One'],
      );
      assert.match(err, /missing\.txt: error: cannot read: ENOENT/);
      assert.match(err, /empty\.txt: error: no papers found in this file/);
      assert.match(err, /nothing-here: error: folder holds no \.txt or \.md digest files/);
    });
  });

  describe('--taxonomy', () => {
    it('classifies with a valid user taxonomy', () => {
      const dir = tempDigests();
      writeFileSync(
        join(dir, 'tax.json'),
        JSON.stringify({ fallback: { id: 'misc', label: 'Misc' }, topics: [{ id: 'speedy', label: 'Speed', keywords: ['speculative'] }] }),
      );
      const { status, out } = run('papers', '--json', '--taxonomy', join(dir, 'tax.json'));
      assert.equal(status, 0);
      const topics = new Set(JSON.parse(out).flatMap((p: { topics: string[] }) => p.topics));
      assert.deepEqual([...topics].sort(), ['misc', 'speedy']);
    });

    it('says what is wrong with a bad taxonomy, keeps the shipped one, exits 1', () => {
      const dir = tempDigests();
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ topics: 'none' }));
      writeFileSync(join(dir, 'broken.json'), '{ not json');
      for (const [file, message] of [
        ['bad.json', /not a valid taxonomy: .*; using the shipped one/],
        ['broken.json', /cannot read taxonomy .*; using the shipped one/],
      ] as const) {
        const { status, out, err } = run('papers', '--json', '--taxonomy', join(dir, file));
        assert.equal(status, 1);
        assert.match(err, message);
        assert.ok(JSON.parse(out).some((p: { topics: string[] }) => p.topics.includes('speculative-decoding')));
      }
    });
  });

  describe('search', () => {
    it('prints ranked papers with a score as JSON, limited by --limit', () => {
      const { status, out } = run('search', 'speculative decoding', '--json', '--limit', '3');
      assert.equal(status, 0);
      const hits = JSON.parse(out);
      assert.equal(hits.length, 3);
      assert.match(hits[0].title, /Speculative Decoding/i);
      assert.ok(hits[0].score >= hits[1].score);
    });
  });

  describe('cite', () => {
    it('prints BibTeX for known keys, and reports an unknown key with exit 1', () => {
      const { status, out, err } = run('cite', 'help-i454', 'nope-0000');
      assert.equal(status, 1);
      assert.match(out, /^@misc\{help-i454,/);
      assert.match(err, /unknown key nope-0000/);
    });

    it('prints the citation forms and CSL-JSON', () => {
      assert.equal(run('cite', 'help-i454', 'cachequant-aer3', '--format', 'markdown').out, '[@help-i454; @cachequant-aer3]\n');
      assert.equal(run('cite', 'help-i454', '--format', 'latex').out, '\\cite{help-i454}\n');
      assert.equal(JSON.parse(run('cite', 'help-i454', '--format', 'csl-json').out)[0].id, 'help-i454');
    });
  });

  describe('usage errors exit 2 with the usage text', () => {
    for (const argv of [[], ['frobnicate'], ['search'], ['cite'], ['papers', '--limit', 'x'], ['cite', 'k', '--format', 'docx'], ['papers', '--bogus']]) {
      it(`litdigest ${argv.join(' ')}`, () => {
        const { status, err } = run(...argv);
        assert.equal(status, 2);
        assert.match(err, /^litdigest: .*\nusage:/);
      });
    }
  });

  it('runs as the built bin, with its exit status', () => {
    const bin = join(repoRoot, 'dist', 'cli.js');
    const ok = spawnSync(process.execPath, [bin, 'papers'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout.trim().split('\n').length, 219);
    assert.equal(spawnSync(process.execPath, [bin, 'papers', '/no/such/path'], { encoding: 'utf8' }).status, 1);
    assert.equal(spawnSync(process.execPath, [bin], { encoding: 'utf8' }).status, 2);
  });
});
