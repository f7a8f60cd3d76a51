// One build script, three targets: the extension bundle, the CLI, and (--tests) the compiled test tree and harness scripts.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

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
export const CHUNKS = { citeproc: 'csl', '@retorquere/bibtex-parser': 'bibtexParser', yaml: 'yaml' };
const chunkStubs = {
  name: 'litdigest-chunks',
  setup(build) {
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
  // Extraction on a worker thread (src/extractAside.ts starts it), for the extension and the CLI alike.
  { ...common, entryPoints: ['src/extractionWorker.ts'], outfile: `${distDir}/extractionWorker.js`, plugins: [chunkStubs] },
  ...Object.entries(CHUNKS).map(([library, chunk]) => ({
    ...common,
    // citeproc and yaml are CommonJS; the BibTeX parser is imported as ESM, since some of its dependencies export only an `import` condition.
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

for (const options of targets) {
  const ctx = await esbuild.context(options);
  if (watch) {
    await ctx.watch();
  } else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}

// The shipped digest's library, built once here and shipped as a ready cache (dist/shipped-library.jsonl).
if (!tests && !watch && sizeCheck < 0) {
  await esbuild.build({ ...common, sourcemap: false, minify: false, entryPoints: ['scripts/shippedCache.ts'], outfile: 'out/scripts/shippedCache.js' });
  execFileSync(process.execPath, ['out/scripts/shippedCache.js'], { stdio: 'inherit' });
}
