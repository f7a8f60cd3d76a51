// One build script, three targets: the extension bundle, the CLI, and (--tests) the compiled test tree and harness scripts.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'error',
};

const testExternals = ['vscode', 'mocha', '@vscode/test-electron', 'playwright-core', 'lunr', 'fuse.js'];

// Libraries too big to load at activation live in chunks of their own beside dist/extension.js, required on first use:
// in the extension bundle an import of one resolves to a stub that requires the chunk file at run time. The CLI and the
// tests bundle them as usual. (`--size-check DIR` builds only the extension and its chunks into DIR, for bundle.test.ts.)
export const CHUNKS = { citeproc: 'csl', '@retorquere/bibtex-parser': 'bibtexParser', yaml: 'yaml', picomatch: 'picomatch', minisearch: 'minisearch' };
// LitDigest's own code that activation does not need: a feature registers its commands at activation and loads its
// implementation from src/lazy/ on first use (`await import('../lazy/x')`), which the extension bundle turns into a
// require of the chunk; core modules that only awaited imports reach (the CSL formatter, the fast BibTeX reader) are
// chunks the same way. A chunk gets the extension's stateful objects as arguments, never its own copy of them
// (bundle.test.ts checks which modules each chunk holds).
export const LAZY = {
  'src/lazy/evidence.ts': 'evidence',
  'src/lazy/claimCheck.ts': 'claimCheck',
  'src/lazy/details.ts': 'details',
  'src/lazy/compare.ts': 'compare',
  'src/lazy/screeningSummary.ts': 'screeningSummary',
  'src/lazy/correct.ts': 'correct',
  'src/lazy/references.ts': 'references',
  'src/core/format.ts': 'format',
  'src/core/sources/bibfast.ts': 'bibfast',
  'src/core/bibtexParse.ts': 'bibtexParse',
  'src/lazy/preview.ts': 'preview',
  'src/lazy/insert.ts': 'insert',
  'src/core/reviewFile.ts': 'reviewFile',
  'src/lazy/screen.ts': 'screen',
  'src/core/references.ts': 'cslReferences',
  'src/core/bibtexWrite.ts': 'bibtexWrite',
  'src/lazy/uncited.ts': 'uncited',
  // The extraction worker's manager: only a large library's build starts the worker.
  'src/extractAside.ts': 'extractAside',
  // Writing the saved library: after a build, never to restore one.
  'src/cacheWrite.ts': 'cacheWrite',
  // Reading sources, merging, extraction and corrections: a library restored from its cache needs none of it.
  'src/core/builder.ts': 'builder',
  // The search engine (MiniSearch, in its own chunk, and the scorer that reads its postings): the first index to fill or restore.
  'src/core/engine.ts': 'engine',
};
const chunkStubs = {
  name: 'litdigest-chunks',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = relative(process.cwd(), resolve(args.resolveDir, `${args.path}.ts`))
        .split('\\')
        .join('/');
      // A chunk's own entry module is bundled into it, not stubbed.
      if (build.initialOptions.entryPoints?.includes(file)) return undefined;
      return LAZY[file] ? { path: LAZY[file], namespace: 'litdigest-lazy' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'litdigest-lazy' }, (args) => ({
      contents: `module.exports = require(require('node:path').join(__dirname, ${JSON.stringify(`${args.path}.js`)}));`,
      loader: 'js',
    }));
    const filter = new RegExp(
      `^(${Object.keys(CHUNKS)
        .map((n) => n.replace(/[/.]/g, '\\$&'))
        .join('|')})$`,
    );
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'litdigest-chunk' }));
    build.onLoad({ filter: /.*/, namespace: 'litdigest-chunk' }, (args) => ({
      contents: `module.exports = require(require('node:path').join(__dirname, ${JSON.stringify(`${CHUNKS[args.path]}.js`)}));`,
      loader: 'js',
    }));
  },
};
const sizeCheck = process.argv.indexOf('--size-check');
const distDir = sizeCheck > 0 ? process.argv[sizeCheck + 1] : 'dist';
const extensionTargets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: `${distDir}/extension.js`, external: ['vscode'], plugins: [chunkStubs] },
  // The lazy chunks load the libraries' chunks through the same stubs (a chunk never bundles citeproc or yaml).
  ...Object.entries(LAZY).map(([file, chunk]) => ({
    ...common,
    entryPoints: [file],
    outfile: `${distDir}/${chunk}.js`,
    external: ['vscode'],
    plugins: [chunkStubs],
  })),
  // Extraction on a worker thread (src/extractAside.ts starts it), for the extension and the CLI alike.
  { ...common, entryPoints: ['src/extractionWorker.ts'], outfile: `${distDir}/extractionWorker.js`, plugins: [chunkStubs] },
  ...Object.entries(CHUNKS).map(([library, chunk]) => ({
    ...common,
    // citeproc, yaml, picomatch and (its CommonJS build) minisearch are CommonJS; the BibTeX parser is imported as ESM, since some of its dependencies export only an `import` condition.
    stdin: {
      contents: library === '@retorquere/bibtex-parser' ? `export * from ${JSON.stringify(library)};` : `module.exports = require(${JSON.stringify(library)});`,
      resolveDir: '.',
      sourcefile: `${chunk}.js`,
    },
    outfile: `${distDir}/${chunk}.js`,
  })),
];

const targets =
  sizeCheck > 0
    ? extensionTargets
    : tests
      ? [
          {
            ...common,
            // Only folders that exist: esbuild fails on a glob under a missing folder.
            entryPoints: ['test/unit/**/*.test.ts', 'test/integration/**/*.ts', 'test/ui/**/*.ts', 'test/bench/**/*.ts', 'test/eval/**/*.ts'].filter((glob) =>
              existsSync(glob.slice(0, glob.indexOf('/**'))),
            ),
            outbase: 'test',
            outdir: 'out/test',
            external: testExternals,
          },
          {
            ...common,
            // The harness's commands (start, vsix, …); scripts/lib/ holds what they share with the test runners.
            entryPoints: ['scripts/*.ts'],
            outdir: 'out/scripts',
            external: testExternals,
          },
        ]
      : [...extensionTargets, { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [chunkStubs] }];

// The details webview shows VS Code's own icons: ship the codicon font beside the page's files.
if (!tests && sizeCheck < 0) {
  mkdirSync('media/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `media/codicons/${file}`);
}

// --size-check also writes each output's metafile (DIR/<chunk>.meta.json), so that bundle.test.ts can see which modules each holds.
const metafiles = {};
for (const options of targets) {
  const ctx = await esbuild.context(sizeCheck > 0 ? { ...options, metafile: true } : options);
  if (watch) {
    await ctx.watch();
  } else {
    const result = await ctx.rebuild();
    if (result.metafile) metafiles[options.outfile] = result.metafile;
    await ctx.dispose();
  }
}
for (const [outfile, metafile] of Object.entries(metafiles)) writeFileSync(outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(metafile));

// The shipped digest's library, built once here and shipped as a ready cache (dist/shipped-library.jsonl).
if (!tests && !watch && sizeCheck < 0) {
  await esbuild.build({ ...common, sourcemap: false, minify: false, entryPoints: ['scripts/shippedCache.ts'], outfile: 'out/scripts/shippedCache.js' });
  execFileSync(process.execPath, ['out/scripts/shippedCache.js'], { stdio: 'inherit' });
}
