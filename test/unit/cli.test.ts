import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { searchLibrary } from '../../src/core/library';
import { prismaInputOf, summarizeReview, type ReviewSummary } from '../../src/core/review';
import type { Paper } from '../../src/core/model';
import { serializeReviewFile, type Decision } from '../../src/core/reviewFile';
import { repoRoot, seedFiles, seedsDir } from './seedFiles';
import { tempCacheEnv } from './tempCache';
import { buildLibrary } from '../../src/core/build';

const PAPER_FIELDS = ['key', 'title', 'abstract', 'authors', 'org', 'date', 'year', 'count', 'urls', 'sources', 'topics', 'hardware', 'claims'];

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, tempCacheEnv());
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
    it('prints every unique shipped paper once as JSON with exactly the documented fields, exit 0', async () => {
      const { status, out, err } = await run('papers', '--json', seedsDir);
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

    it('reads the shipped seeds when given no path', async () => {
      assert.equal((await run('papers')).out.trim().split('\n').length, 219);
    });

    it('reports each unreadable or empty path on stderr, prints the papers of the others, exits 1', async () => {
      const dir = tempDigests();
      const { status, out, err } = await run(
        'papers',
        '--json',
        join(dir, 'good.txt'),
        join(dir, 'missing.txt'),
        join(dir, 'empty.txt'),
        join(dir, 'nothing-here'),
      );
      assert.equal(status, 1);
      assert.deepEqual(
        JSON.parse(out).map((p: { title: string }) => p.title),
        ['Paper One'],
      );
      assert.match(err, /missing\.txt: error: cannot read: no such file or folder/);
      assert.match(err, /empty\.txt: error: no papers found in this file/);
      assert.match(err, /nothing-here: error: folder holds no \.txt, \.md, \.bib or \.json digest files/);
    });
  });

  describe('--taxonomy', () => {
    it('classifies with a valid user taxonomy', async () => {
      const dir = tempDigests();
      writeFileSync(
        join(dir, 'tax.json'),
        JSON.stringify({ fallback: { id: 'misc', label: 'Misc' }, topics: [{ id: 'speedy', label: 'Speed', keywords: ['speculative'] }] }),
      );
      const { status, out } = await run('papers', '--json', '--taxonomy', join(dir, 'tax.json'));
      assert.equal(status, 0);
      const topics = new Set(JSON.parse(out).flatMap((p: { topics: string[] }) => p.topics));
      assert.deepEqual([...topics].sort(), ['misc', 'speedy']);
    });

    it('says what is wrong with a bad taxonomy, keeps the shipped one, exits 1', async () => {
      const dir = tempDigests();
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ topics: 'none' }));
      writeFileSync(join(dir, 'broken.json'), '{ not json');
      for (const [file, message] of [
        ['bad.json', /not a valid taxonomy: .*; using the shipped one/],
        ['broken.json', /cannot read taxonomy .*; using the shipped one/],
      ] as const) {
        const { status, out, err } = await run('papers', '--json', '--taxonomy', join(dir, file));
        assert.equal(status, 1);
        assert.match(err, message);
        assert.ok(JSON.parse(out).some((p: { topics: string[] }) => p.topics.includes('speculative-decoding')));
      }
    });
  });

  describe('search', () => {
    it('prints ranked papers with a score as JSON, limited by --limit', async () => {
      const { status, out } = await run('search', 'speculative decoding', '--json', '--limit', '3');
      assert.equal(status, 0);
      const hits = JSON.parse(out);
      assert.equal(hits.length, 3);
      assert.match(hits[0].title, /Speculative Decoding/i);
      assert.ok(hits[0].score >= hits[1].score);
    });
  });

  describe('search uses the same function as the Search Papers picker', () => {
    // The picker names seeds by file name; the CLI by path: the library's papers are the same either way.
    const library = buildLibrary(seedFiles());
    for (const query of [
      'speculative decoding',
      'hw:fpga year:>=2025',
      'hw:fpga',
      'topic:quant llm',
      'year:soon attention',
      'org:nvidia',
      'key:help',
      'hw:nosuchchip',
    ]) {
      it(`"${query}" gives the keys searchLibrary gives, in order`, async () => {
        const { status, out, err } = await run('search', query, '--json', '--limit', '15', '--digest', seedsDir);
        assert.equal(status, 0, err);
        const expected = searchLibrary(library, query, 15);
        assert.deepEqual(
          JSON.parse(out).map((h: { key: string }) => h.key),
          expected.hits.map((h) => h.paper.key),
        );
        if (expected.invalid.length) assert.match(err, /ignored the filter year:soon/);
      });
    }

    it('applies filters the index alone ignores: every hw:gpu year:>=2024 hit runs on a GPU and is from 2024 on', async () => {
      const hits = JSON.parse((await run('search', 'hw:gpu year:>=2024', '--json', '--limit', '50')).out);
      assert.ok(hits.length > 0);
      for (const h of hits) {
        assert.ok(
          h.hardware.some((x: { name: string; class: string }) => /gpu/i.test(x.name) || /gpu/i.test(x.class)),
          h.title,
        );
        assert.ok(h.year >= 2024, h.title);
      }
    });
  });

  describe('reading', () => {
    it('refuses a FIFO given as a digest at once instead of hanging, and reads the rest', async () => {
      const dir = tempDigests();
      const made = spawnSync('mkfifo', [join(dir, 'pipe.txt')]);
      assert.equal(made.status, 0, `mkfifo is needed for this test: ${made.stderr}`);
      const { status, out, err } = await run('papers', '--json', join(dir, 'pipe.txt'), join(dir, 'good.txt'));
      assert.equal(status, 1);
      assert.match(err, /pipe\.txt: error: cannot read: it is a named pipe \(FIFO\)/);
      assert.deepEqual(
        JSON.parse(out).map((p: { title: string }) => p.title),
        ['Paper One'],
      );
    });

    it('refuses /dev/zero instead of reading it for ever', async () => {
      const { status, err } = await run('papers', '/dev/zero');
      assert.equal(status, 1);
      assert.match(err, /\/dev\/zero: error: cannot read: it is a character device/);
    });

    it('expands a glob relative to the working folder', async () => {
      const { status, out } = await run('papers', '--json', `${seedsDir}/*.txt`);
      assert.equal(status, 0);
      assert.equal(JSON.parse(out).length, 219);
    });
  });

  describe('cite', () => {
    it('prints BibTeX for known keys, and reports an unknown key with exit 1', async () => {
      const { status, out, err } = await run('cite', 'help-i454', 'nope-0000');
      assert.equal(status, 1);
      assert.match(out, /^@misc\{help-i454,/);
      assert.match(err, /unknown key nope-0000/);
    });

    it('prints the citation forms and CSL-JSON', async () => {
      assert.equal((await run('cite', 'help-i454', 'cachequant-aer3', '--format', 'markdown')).out, '[@help-i454; @cachequant-aer3]\n');
      assert.equal((await run('cite', 'help-i454', '--format', 'latex')).out, '\\cite{help-i454}\n');
      assert.equal(JSON.parse((await run('cite', 'help-i454', '--format', 'csl-json')).out)[0].id, 'help-i454');
    });

    it('prints formatted references in APA by default, one per line, and in IEEE with --style', async () => {
      const apa = await run('cite', 'help-i454', 'cachequant-aer3', '--format', 'text');
      assert.equal(apa.status, 0, apa.err);
      const lines = apa.out.trimEnd().split('\n');
      assert.equal(lines.length, 2);
      assert.ok(
        lines.some((l) => /^HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning\. \(2021\)\./.test(l)),
        apa.out,
      );
      const ieee = await run('cite', 'help-i454', '--format', 'text', '--style', 'ieee');
      assert.match(ieee.out, /^\[1\]\s*“HELP: Hardware-Adaptive/);
    });

    it('prints HTML with --format html', async () => {
      assert.match((await run('cite', 'help-i454', '--format', 'html')).out, /^<div class="csl-entry"><i>HELP: Hardware-Adaptive/);
    });

    it('says why a .csl file cannot be used, naming it, and exits 1', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'litdigest-cli-csl-'));
      writeFileSync(join(dir, 'bad.csl'), 'not xml at all');
      const bad = await run('cite', 'help-i454', '--format', 'text', '--style', join(dir, 'bad.csl'));
      assert.equal(bad.status, 1);
      assert.equal(bad.out, '');
      assert.match(bad.err, /bad\.csl.*not an XML file/);
      const missing = await run('cite', 'help-i454', '--format', 'text', '--style', join(dir, 'none.csl'));
      assert.equal(missing.status, 1);
      assert.match(missing.err, /none\.csl: cannot read the style \(the file does not exist\)/);
    });
  });

  describe('review and papers --status', () => {
    const library = buildLibrary(seedFiles());
    const keys = library.papers.slice(0, 12).map((p) => p.key);
    const at = '2026-11-29T10:00:00.000Z';
    const d = (key: string, status: Decision['status'], reason?: string): Decision => ({ key, status, tags: [], decidedAt: at, ...(reason ? { reason } : {}) });
    // ana and ben agree on 0-5 (3 included, 3 excluded), disagree on 6-8; ana alone decided 9; 10 is resolved.
    const ana = new Map(
      [
        ...keys.slice(0, 3).map((k) => d(k, 'included')),
        ...keys.slice(3, 6).map((k) => d(k, 'excluded', 'off topic')),
        ...keys.slice(6, 9).map((k) => d(k, 'included')),
        d(keys[9], 'maybe'),
        d(keys[10], 'included'),
        d('gone-0000', 'included'),
      ].map((x) => [x.key, x]),
    );
    const ben = new Map(
      [
        ...keys.slice(0, 3).map((k) => d(k, 'included')),
        ...keys.slice(3, 6).map((k) => d(k, 'excluded', 'duplicate')),
        ...keys.slice(6, 9).map((k) => d(k, 'excluded', 'no hardware evaluation')),
        d(keys[10], 'excluded', 'off topic'),
      ].map((x) => [x.key, x]),
    );
    const resolved = new Map([[keys[10], { ...d(keys[10], 'included'), resolvedBy: 'cy', decidedAt: '2026-11-30T10:00:00.000Z' }]]);
    let dir: string;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'litdigest-review-cli-'));
      writeFileSync(join(dir, 'ana.jsonl'), serializeReviewFile(ana.values()));
      writeFileSync(join(dir, 'ben.jsonl'), serializeReviewFile(ben.values()));
      writeFileSync(join(dir, '_resolved.jsonl'), serializeReviewFile(resolved.values()));
    });

    const reviewers = () =>
      new Map([
        ['ana', ana],
        ['ben', ben],
      ]);
    const withoutSourceNames = (s: ReviewSummary) => ({
      ...s,
      prisma: { ...s.prisma, identified: { ...s.prisma.identified, bySource: s.prisma.identified.bySource.map((x) => x.records) } },
    });

    it('review --json prints the counts summarizeReview gives for the library and the files', async () => {
      const { status, out, err } = await run('review', '--json', '--review-dir', dir, seedsDir);
      assert.equal(status, 0, err);
      const expected = summarizeReview(prismaInputOf(library), reviewers(), resolved);
      assert.deepEqual(withoutSourceNames(JSON.parse(out)), withoutSourceNames(JSON.parse(JSON.stringify(expected))));
      const printed = JSON.parse(out) as ReviewSummary;
      assert.equal(printed.prisma.included, 4);
      assert.equal(printed.prisma.conflicts, 3);
      assert.equal(printed.prisma.decisionsWithoutRecord, 1);
      assert.equal(printed.agreement[0].compared, 10);
      assert.equal(printed.agreement[0].agreed, 6);
    });

    it('review --reviewer NAME counts that reviewer alone; an unknown name exits 1 listing the reviewers', async () => {
      const one = await run('review', '--json', '--reviewer', 'ben', '--review-dir', dir, seedsDir);
      assert.deepEqual(
        withoutSourceNames(JSON.parse(one.out)),
        withoutSourceNames(JSON.parse(JSON.stringify(summarizeReview(prismaInputOf(library), reviewers(), resolved, 'ben')))),
      );
      const unknown = await run('review', '--reviewer', 'zed', '--review-dir', dir, seedsDir);
      assert.equal(unknown.status, 1);
      assert.match(unknown.err, /no reviewer zed .*reviewers: ana, ben/);
    });

    it('review prints the PRISMA counts and the conflicts as text', async () => {
      const { out } = await run('review', '--review-dir', dir, seedsDir);
      assert.match(out, /^included\t4$/m);
      assert.match(out, /^records identified\t303$/m);
      assert.match(out, new RegExp(`^${keys[6]}\tana: included · ben: excluded \\(no hardware evaluation\\)$`, 'm'));
    });

    it('papers --status prints the papers of the team outcome, or of one reviewer, with the same fields', async () => {
      const keysOf = async (...argv: string[]) =>
        JSON.parse((await run('papers', '--json', '--review-dir', dir, ...argv, seedsDir)).out).map((p: { key: string }) => p.key);
      assert.deepEqual(await keysOf('--status', 'included'), [...keys.slice(0, 3), keys[10]]);
      assert.deepEqual(await keysOf('--status', 'conflict'), keys.slice(6, 9));
      assert.deepEqual(await keysOf('--status', 'included', '--reviewer', 'ana'), [...keys.slice(0, 3), ...keys.slice(6, 9), keys[10]]);
      assert.equal((await keysOf('--status', 'unscreened')).length, 219 - 11);
    });

    it('a reviewer file with conflict markers is reported with its line, left out, and the exit status is 1', async () => {
      const broken = mkdtempSync(join(tmpdir(), 'litdigest-review-cli-'));
      writeFileSync(join(broken, 'ana.jsonl'), serializeReviewFile(ana.values()));
      writeFileSync(join(broken, 'ben.jsonl'), `{"litdigest":"review","version":1}\n<<<<<<< HEAD\n=======\n>>>>>>> x\n`);
      const { status, out, err } = await run('review', '--json', '--review-dir', broken, seedsDir);
      assert.equal(status, 1);
      assert.match(err, /ben\.jsonl:2: error: merge-conflict marker/);
      assert.deepEqual(
        JSON.parse(out).reviewers.map((r: { name: string }) => r.name),
        ['ana'],
      );
      // Listing papers does not report decisions: it names the file and still succeeds, with every paper.
      const listed = await run('papers', '--json', '--review-dir', broken, seedsDir);
      assert.equal(listed.status, 0);
      assert.match(listed.err, /ben\.jsonl:2: error: merge-conflict marker/);
      assert.equal(JSON.parse(listed.out).length, 219);
    });
  });

  describe('corrections in the review folder', () => {
    const library = buildLibrary(seedFiles());
    const gpuPaper = library.papers.find((p) => p.hardware.length === 1 && p.hardware[0].class === 'GPU')!;
    const target = gpuPaper.hardware[0];
    const at = '2026-11-29T10:00:00.000Z';
    let dir: string;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'litdigest-corrections-cli-'));
      const ana: Decision = {
        key: gpuPaper.key,
        status: 'included',
        tags: [],
        decidedAt: at,
        hardware: { remove: [{ name: target.name, class: target.class }], add: [{ name: 'Google TPU v4', class: 'ASIC/Accelerator' }] },
        correctedAt: at,
      };
      writeFileSync(join(dir, 'ana.jsonl'), serializeReviewFile([ana]));
      writeFileSync(join(dir, 'ben.jsonl'), serializeReviewFile([]));
    });

    it('papers --json shows the corrected hardware, the other papers as extracted, with every documented field', async () => {
      const { status, out, err } = await run('papers', '--json', '--review-dir', dir, seedsDir);
      assert.equal(status, 0, err);
      const papers = JSON.parse(out) as Paper[];
      const shown = papers.find((p) => p.key === gpuPaper.key)!;
      assert.deepEqual(shown.hardware, [{ name: 'Google TPU v4', class: 'ASIC/Accelerator' }]);
      assert.deepEqual(
        Object.keys(shown).filter((k) => PAPER_FIELDS.includes(k)),
        PAPER_FIELDS,
      );
      const other = library.papers.find((p) => p.key !== gpuPaper.key && p.hardware.length)!;
      assert.deepEqual(papers.find((p) => p.key === other.key)!.hardware, other.hardware);
    });

    it('shows the corrections on a library restored from the cache as on the one built before it', async () => {
      const env = tempCacheEnv();
      const papersOnce = async () => {
        let out = '';
        let err = '';
        const status = await main(['papers', '--json', '--review-dir', dir, seedsDir], { out: (t) => (out += t), err: (t) => (err += t) }, env);
        assert.equal(status, 0, err);
        return JSON.parse(out) as Paper[];
      };
      const built = await papersOnce();
      assert.ok(
        readdirSync(env.LITDIGEST_CACHE).some((name) => name.endsWith('.jsonl')),
        'the first run saved no library, so the second does not restore one',
      );
      const restored = await papersOnce();
      assert.deepEqual(restored.find((p) => p.key === gpuPaper.key)!.hardware, [{ name: 'Google TPU v4', class: 'ASIC/Accelerator' }]);
      assert.deepEqual(restored, built);
    });

    it("search filters on the corrected hardware; --reviewer NAME shows only that reviewer's corrections", async () => {
      const hits = async (...argv: string[]) =>
        JSON.parse((await run('search', 'hw:"tpu v4"', '--json', '--limit', '300', '--review-dir', dir, '--digest', seedsDir, ...argv)).out).map(
          (p: { key: string }) => p.key,
        );
      assert.deepEqual(await hits(), [gpuPaper.key]);
      assert.deepEqual(await hits('--reviewer', 'ben'), []);
      assert.deepEqual(await hits('--reviewer', 'ana'), [gpuPaper.key]);
    });
  });

  describe('usage errors exit 2 with the usage text', () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['search'],
      ['cite'],
      ['papers', '--limit', 'x'],
      ['cite', 'k', '--format', 'docx'],
      ['cite', 'k', '--format', 'text', '--locale', 'xx-YY'],
      ['papers', '--bogus'],
      ['papers', '--status', 'accepted'],
      ['review', '--reviewer'],
      ['papers', '--cache'],
      ['papers', '--cache', ''],
    ]) {
      it(`litdigest ${argv.join(' ')}`, async () => {
        const { status, err } = await run(...argv);
        assert.equal(status, 2);
        assert.match(err, /^litdigest: .*\nusage:/);
      });
    }
  });

  it('runs as the built bin, with its exit status', async function () {
    // Four node processes, each building a library: seconds on a loaded machine.
    this.timeout(40_000);
    const bin = join(repoRoot, 'dist', 'cli.js');
    const options = { encoding: 'utf8', env: { ...process.env, ...tempCacheEnv() } } as const;
    const ok = spawnSync(process.execPath, [bin, 'papers'], options);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout.trim().split('\n').length, 219);
    assert.equal(spawnSync(process.execPath, [bin, 'papers', '/no/such/path'], options).status, 1);
    assert.equal(spawnSync(process.execPath, [bin], options).status, 2);
    // The BibTeX parser and citeproc are chunks beside the bin (dist/bibtexParser.js, dist/csl.js), loaded on first use.
    const bib = join(repoRoot, 'test', 'fixtures', 'sources', 'budgeted-inference-refs.bib');
    const cited = spawnSync(process.execPath, [bin, 'cite', 'wei2022chain', '--format', 'text', '--digest', bib], options);
    assert.equal(cited.status, 0, cited.stderr);
    assert.match(cited.stdout, /^Wei, J\., .*\(2022\)\. Chain-of-Thought Prompting/);
  });
});
