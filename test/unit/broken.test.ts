/**
 * Digest input that breaks naive parsers (test/fixtures/broken, one case per file; the large cases
 * are generated here): each gets a specific message, and every good paper elsewhere still loads.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { repoRoot } from './seedFiles';
import { tempCacheEnv } from './tempCache';
import { buildLibrary } from '../../src/core/build';

const dir = join(repoRoot, 'test', 'fixtures', 'broken');
const files = readdirSync(dir)
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
const library = buildLibrary(files);
const titles = library.papers.map((p) => p.title);
const problemsOf = (name: string) => library.problems.filter((p) => p.file === name);
const A1 = 'We propose a fast method for inference. It achieves 2x speedup on an NVIDIA T4 GPU over the baseline in our experiments.';

describe('broken digests', () => {
  it('an empty file: an error naming it, no paper', () => {
    assert.deepEqual(
      problemsOf('empty.txt').map((p) => [p.line, p.severity, p.message]),
      [[0, 'error', 'no papers found in this file']],
    );
  });

  it('a binary file: an error naming the NUL byte, no paper', () => {
    assert.match(problemsOf('binary.txt')[0].message, /binary file \(NUL byte at offset 8\)/);
  });

  it('UTF-8 with a BOM and UTF-16: read, with no BOM left in the title', () => {
    assert.ok(titles.includes('BOM Paper One'));
    assert.ok(titles.includes('UTF16 Paper'));
    assert.deepEqual([...problemsOf('utf8-bom.txt'), ...problemsOf('utf16le.txt')], []);
  });

  it('CRLF and lone-CR line endings: read, metadata included', () => {
    const crlf = library.papers.find((p) => p.title === 'CRLF Paper')!;
    assert.deepEqual([crlf.authors, crlf.date, crlf.abstract], [3, 'Jan 9, 2024', A1]);
    assert.ok(titles.includes('Lone CR Paper') && titles.includes('Second CR Paper'));
  });

  it('a file that ends mid-entry: the complete paper loads, the cut one is named with its line', () => {
    assert.ok(titles.includes('Complete Paper'));
    assert.deepEqual(
      problemsOf('ends-mid-entry.txt').map((p) => [p.line, p.message]),
      [[3, 'file ends after a title with no abstract: "Cut Off Paper Title"']],
    );
  });

  it('a title with no abstract: kept, and named with its line', () => {
    assert.deepEqual(
      problemsOf('title-no-abstract.txt').map((p) => p.line),
      [1],
    );
    assert.ok(titles.includes('Title Without Abstract') && titles.includes('Paper After It'));
  });

  it('an abstract with no title: skipped with its line; the papers around it load', () => {
    assert.deepEqual(
      problemsOf('abstract-no-title.txt').map((p) => [p.line, /abstract with no title/.test(p.message)]),
      [[3, true]],
    );
    assert.ok(titles.includes('Paper Before') && titles.includes('Paper After'));
  });

  it('metadata out of order: read all the same', () => {
    const p = library.papers.find((x) => x.title === 'Out Of Order Paper')!;
    assert.deepEqual([p.authors, p.date, p.count], [4, 'Jan 9, 2024', 3]);
  });

  it('the same title with different abstracts: one paper, the longer abstract, a warning naming both files', () => {
    assert.equal(titles.filter((t) => t === 'Same Title Twice').length, 1);
    const warning = library.problems.find((p) => /different abstract/.test(p.message))!;
    assert.match(`${warning.file} ${warning.message}`, /same-title-(a|b)\.txt .*same-title-(a|b)\.txt:1/);
  });

  it('the good paper of the folder loads despite all of the above', () => {
    assert.ok(titles.includes('Good Paper In A Bad Folder'));
  });

  describe('generated large input', () => {
    it('a 50 MB file: parsed completely', () => {
      const entry = `Huge Digest Paper\n${A1}\n`;
      const text = entry.repeat(Math.ceil(50e6 / entry.length));
      const lib = buildLibrary([{ name: 'huge.txt', text }]);
      assert.ok(text.length >= 50e6);
      assert.equal(lib.papers.length, 1);
      assert.equal(lib.papers[0].sources.length, Math.ceil(50e6 / entry.length));
    });

    it('a single 1 MB line: reported as an abstract with no title, nothing loaded from it', () => {
      const lib = buildLibrary([{ name: 'one-line.txt', text: 'word '.repeat(200_000) }]);
      assert.equal(lib.papers.length, 0);
      assert.match(lib.problems[0].message, /abstract with no title/);
      assert.equal(lib.problems[0].line, 1);
    });

    it('a folder of a thousand files: every paper loaded, through the CLI', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'litdigest-thousand-'));
      mkdirSync(join(folder, 'digests'));
      for (let i = 0; i < 1000; i++) writeFileSync(join(folder, 'digests', `page-${String(i).padStart(4, '0')}.txt`), `Paper Number ${i}\n${A1}\n`);
      let out = '';
      const status = await main(['papers', '--json', join(folder, 'digests')], { out: (t) => (out += t), err: () => undefined }, tempCacheEnv());
      assert.equal(status, 0);
      assert.equal(JSON.parse(out).length, 1000);
    });
  });
});
