import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesMeantToShip, shippablePatterns } from '../../scripts/lib/packaging';
import { repoRoot } from './seedFiles';

// Issue 16 asks for ≤ 150 KB. Moving citeproc-js, the BibTeX parser and the YAML parser to chunks took the bundle from
// 964 KB to about 345 KB; picomatch, the CSL formatter, the fast BibTeX reader and the evidence tables, claim check,
// details, Compare, Screening Summary and Correct to about 260 KB; the builder, MiniSearch and the reference commands to
// about 181 KB (185 KB once merged with main's CLI cache); BibTeX reading and writing, the preview plugin, citing,
// screening, the webview message schemas, the review files' reader, Compare's panel, Uncited Papers and the CSL
// references to about 148 KB. What stays is what activation runs: zod/mini for the settings, the taxonomy and the cache's
// paper check (31 KB), the topic taxonomy (7 KB: the tree's groups and the cache key), the stores, the library and its
// index, the tree, and each feature's registration and the code it runs on every document (completion, hover,
// diagnostics). The budget is the issue's; a change that needs more moves code out of activation instead.
const BUDGET_KB = 150;
/** Counted as 1,000-byte KB, the stricter reading, so the budget holds however KB is read. */
const BUDGET_BYTES = BUDGET_KB * 1000;

/** Modules that hold state the extension bundle owns (CSL references, the bibliography key cache, the stores, panels): a lazy chunk gets them as arguments, never a copy. */
const HOST_STATE = [
  'src/csl.ts',
  'src/pick.ts',
  'src/bibliography.ts',
  'src/store.ts',
  'src/reviewStore.ts',
  'src/reviews.ts',
  'src/panels.ts',
  'src/extension.ts',
  // The builder's chunk gets the Library it builds into, never its own copy of the class.
  'src/core/library.ts',
];
/** esbuild.mjs's LAZY chunks and the module each is built from. */
const LAZY_CHUNKS: Record<string, string> = Object.fromEntries(
  ['evidence', 'claimCheck', 'details', 'compare', 'screeningSummary', 'correct', 'references'].map((chunk) => [chunk, `src/lazy/${chunk}.ts`]),
);
// Core modules that only awaited imports reach: the CSL formatter and the fast BibTeX reader.
LAZY_CHUNKS.format = 'src/core/format.ts';
LAZY_CHUNKS.bibfast = 'src/core/sources/bibfast.ts';
LAZY_CHUNKS.bibtexParse = 'src/core/bibtexParse.ts';
LAZY_CHUNKS.preview = 'src/lazy/preview.ts';
LAZY_CHUNKS.insert = 'src/lazy/insert.ts';
LAZY_CHUNKS.reviewFile = 'src/core/reviewFile.ts';
LAZY_CHUNKS.screen = 'src/lazy/screen.ts';
LAZY_CHUNKS.cslReferences = 'src/core/references.ts';
LAZY_CHUNKS.bibtexWrite = 'src/core/bibtexWrite.ts';
LAZY_CHUNKS.uncited = 'src/lazy/uncited.ts';
LAZY_CHUNKS.extractAside = 'src/extractAside.ts';
LAZY_CHUNKS.cacheWrite = 'src/cacheWrite.ts';
// Reading sources, merging, extraction and corrections: needed to build or update a library, not to restore one.
LAZY_CHUNKS.builder = 'src/core/builder.ts';
// The search engine: MiniSearch (a chunk of its own) and the scorer that reads its postings.
LAZY_CHUNKS.engine = 'src/core/engine.ts';
/** What each lazy chunk must export (what its feature calls), and a module only it needs, which activation must not load. */
const LAZY_EXPORTS: Record<string, { exports: string[]; only: string }> = {
  evidence: { exports: ['insertEvidenceTable', 'refreshEvidenceTables'], only: 'src/core/evidence.ts' },
  claimCheck: { exports: ['checkClaims', 'sentenceId'], only: 'src/core/claimCheck.ts' },
  details: { exports: ['renderDetailsHtml', 'safeHttpUrl', 'RelatedIndex'], only: 'src/core/related.ts' },
  compare: { exports: ['ComparePanel'], only: 'src/webview/compare.ts' },
  correct: { exports: ['chooseCorrection', 'actionProblem', 'describeAction'], only: 'src/lazy/correct.ts' },
  format: { exports: ['formatReferences', 'checkStyle'], only: 'src/core/format.ts' },
  bibfast: { exports: ['readBibtexFast', 'fastBibtexParser'], only: 'src/core/sources/bibfast.ts' },
  references: { exports: ['copyFormattedReference', 'insertReferenceList'], only: 'src/core/referenceList.ts' },
  builder: {
    exports: [
      'readFileSteps',
      'mergeSteps',
      'enrichSteps',
      'enrichPaper',
      'applyCorrections',
      'addToGroups',
      'joinByIdentifier',
      'mergeGroup',
      'identifiersOf',
    ],
    only: 'src/core/extract.ts',
  },
  bibtexParse: { exports: ['loadBibtexParser'], only: 'src/core/bibtexParse.ts' },
  engine: { exports: ['MiniSearch', 'topHits', 'Scratch', 'restoreIndexSteps'], only: 'src/core/topHits.ts' },
  preview: { exports: ['citationsPlugin', 'toCslJson'], only: 'src/core/citations.ts' },
  insert: { exports: ['insertCitation', 'insertClaim', 'copyBibtex', 'exportBibliography', 'addToBibliography'], only: 'src/lazy/insert.ts' },
  reviewFile: { exports: ['parseReviewFileSteps', 'serializeReviewFile', 'mergeForWrite'], only: 'src/core/reviewFile.ts' },
  screen: { exports: ['screeningCommands'], only: 'src/lazy/screen.ts' },
  cslReferences: { exports: ['makeReferences'], only: 'src/core/references.ts' },
  bibtexWrite: { exports: ['formatBibtex', 'escapeBibtex', 'publication'], only: 'src/core/bibtexWrite.ts' },
  uncited: { exports: ['showUncited'], only: 'src/lazy/uncited.ts' },
  extractAside: { exports: ['ExtractAside'], only: 'src/extractAside.ts' },
  cacheWrite: { exports: ['saveLibrary', 'saveLibraryNow', 'checksummed'], only: 'src/cacheWrite.ts' },
  screeningSummary: { exports: ['summarizeReview', 'prismaInputOf', 'prismaCsv', 'prismaMarkdown', 'renderPrismaHtml'], only: 'src/webview/prisma.ts' },
};

/** The modules esbuild put into one output of the size-check build (its metafile). */
function modulesOf(dir: string, chunk: string): string[] {
  return Object.keys((JSON.parse(readFileSync(join(dir, `${chunk}.meta.json`), 'utf8')) as { inputs: Record<string, unknown> }).inputs);
}

/** The production build of the extension and its chunks, made in a temporary folder (dist/ is left alone). */
function build(): string {
  const dir = mkdtempSync(join(tmpdir(), 'litdigest-bundle-'));
  const result = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--size-check', dir], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(result.status, 0, `esbuild failed: ${result.stderr}`);
  return dir;
}

describe('production bundle', () => {
  let dir = '';
  before(function () {
    this.timeout(120_000);
    dir = build();
  });

  it('leaves citeproc-js, the BibTeX parser and the YAML parser out of dist/extension.js', () => {
    const extension = readFileSync(join(dir, 'extension.js'), 'utf8');
    // Strings of each library's own code (error texts, option names) that LitDigest's code does not contain.
    for (const marker of ['Undefined node name', 'toSentenceCase', 'verbatimFields']) assert.ok(!extension.includes(marker), `extension.js contains ${marker}`);
    // citeproc-js is required by the CSL formatter's chunk, itself required on first use.
    assert.match(readFileSync(join(dir, 'format.js'), 'utf8'), /require\(require\("node:path"\)\.join\(__dirname,"csl\.js"\)\)/);
    // The BibTeX parser is required by the reading code's chunk, itself required on the first read.
    assert.match(readFileSync(join(dir, 'bibtexParse.js'), 'utf8'), /require\(require\("node:path"\)\.join\(__dirname,"bibtexParser\.js"\)\)/);
    assert.match(extension, /require\(require\("node:path"\)\.join\(__dirname,"yaml\.js"\)\)/);
    // yaml's own error texts: its code stays in its chunk.
    assert.ok(!extension.includes('Implicit keys need to be on a single line'), 'extension.js contains the YAML parser');
  });

  it('leaves each lazy feature out of dist/extension.js and requires its chunk instead', () => {
    const extension = readFileSync(join(dir, 'extension.js'), 'utf8');
    const modules = modulesOf(dir, 'extension');
    for (const [chunk, source] of Object.entries(LAZY_CHUNKS)) {
      assert.ok(!modules.includes(source), `extension.js bundles ${source}`);
      assert.ok(modulesOf(dir, chunk).includes(source), `${chunk}.js lacks ${source}`);
      assert.match(extension, new RegExp(`require\\(require\\("node:path"\\)\\.join\\(__dirname,"${chunk}\\.js"\\)\\)`));
      assert.ok(!modules.includes(LAZY_EXPORTS[chunk].only), `extension.js bundles ${LAZY_EXPORTS[chunk].only}`);
    }
    // The hardware catalogue and the readers of each source format come with the builder.
    for (const source of ['src/core/data/hardware.json', 'src/core/parse.ts', 'src/core/dedupe.ts', 'src/core/sources/detect.ts', 'src/core/corrected.ts'])
      assert.ok(!modules.includes(source), `extension.js bundles ${source}`);
    // MiniSearch waits in its own chunk, required by the engine's, for the first index to fill or restore (after the tree shows a restored library).
    assert.ok(!modules.some((m) => m.startsWith('node_modules/minisearch/')), 'extension.js bundles minisearch');
    assert.ok(!modulesOf(dir, 'engine').some((m) => m.startsWith('node_modules/minisearch/')), 'engine.js bundles minisearch');
    assert.match(readFileSync(join(dir, 'engine.js'), 'utf8'), /require\(require\("node:path"\)\.join\(__dirname,"minisearch\.js"\)\)/);
    // The glob matcher waits in its own chunk for the first glob in the settings.
    assert.ok(!modules.some((m) => m.startsWith('node_modules/picomatch/')), 'extension.js bundles picomatch');
    assert.match(extension, /require\(require\("node:path"\)\.join\(__dirname,"picomatch\.js"\)\)/);
  });

  it('gives no lazy chunk its own copy of a module whose state the extension bundle owns', () => {
    for (const chunk of Object.keys(LAZY_CHUNKS)) {
      const copied = modulesOf(dir, chunk).filter((m) => HOST_STATE.includes(m));
      assert.deepEqual(copied, [], `${chunk}.js bundles ${copied.join(', ')}`);
    }
  });

  it('builds lazy chunks that load beside a vscode module and export their commands', () => {
    // Outside VS Code there is no `vscode` module: a stand-in beside the chunks lets them load; they touch vscode only when run.
    mkdirSync(join(dir, 'node_modules', 'vscode'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'vscode', 'index.js'), 'module.exports = {};');
    const load = createRequire(__filename);
    for (const [chunk, { exports }] of Object.entries(LAZY_EXPORTS)) {
      const loaded = load(join(dir, `${chunk}.js`)) as Record<string, unknown>;
      for (const name of exports) assert.equal(typeof loaded[name], 'function', `${chunk}.js does not export ${name}`);
    }
  });

  it('ships every chunk a stub requires: each is among the files the .vsix must hold and may hold', () => {
    const outputs = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const required = new Set(
      outputs.flatMap((f) =>
        [...readFileSync(join(dir, f), 'utf8').matchAll(/require\(require\("node:path"\)\.join\(__dirname,"([\w.-]+\.js)"\)\)/g)].map((m) => m[1]),
      ),
    );
    assert.ok(required.size >= Object.keys(LAZY_CHUNKS).length, `only ${required.size} chunks are required`);
    const meant = new Set(filesMeantToShip());
    for (const chunk of required) {
      assert.ok(outputs.includes(chunk), `${chunk} is required but not built`);
      assert.ok(meant.has(`dist/${chunk}`), `dist/${chunk} is required but not among the files meant to ship`);
      assert.ok(
        shippablePatterns.some((p) => p.test(`dist/${chunk}`)),
        `dist/${chunk} is required but packaging would refuse it`,
      );
    }
  });

  it(`keeps dist/extension.js within its budget of ${BUDGET_KB} KB`, () => {
    const bytes = statSync(join(dir, 'extension.js')).size;
    assert.ok(bytes <= BUDGET_BYTES, `dist/extension.js is ${bytes} bytes, over ${BUDGET_BYTES}`);
  });

  it('builds chunks that load on their own and give what the stubs expect', () => {
    const load = createRequire(__filename);
    const csl = load(join(dir, 'csl.js')) as { Engine?: unknown };
    assert.equal(typeof csl.Engine, 'function');
    const bibtex = load(join(dir, 'bibtexParser.js')) as { parse?: unknown };
    assert.equal(typeof bibtex.parse, 'function');
    const yaml = load(join(dir, 'yaml.js')) as { parse?: (text: string) => unknown };
    assert.deepEqual(yaml.parse?.('bibliography: refs.bib'), { bibliography: 'refs.bib' });
    const picomatch = load(join(dir, 'picomatch.js')) as ((glob: string) => (path: string) => boolean) & { scan?: unknown };
    assert.equal(picomatch('digests/**/*.md')('digests/2025/a.md'), true);
    assert.equal(typeof picomatch.scan, 'function');
    const minisearch = load(join(dir, 'minisearch.js')) as { loadJSAsync?: unknown };
    assert.equal(typeof minisearch.loadJSAsync, 'function');
  });
});
