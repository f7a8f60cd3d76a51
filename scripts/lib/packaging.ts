/** What the packaged extension (.vsix) must and may contain, shared by `npm run vsix` and the UI test that inspects the installed copy. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, repoRoot } from './repo';

/** LitDigest's own code loaded on first use: esbuild.mjs's LAZY chunks (dist/<name>.js). */
const LAZY_CHUNKS = [
  'evidence',
  'claimCheck',
  'details',
  'compare',
  'screeningSummary',
  'correct',
  'format',
  'bibfast',
  'builder',
  'references',
  'uncited',
  'extractAside',
  'cacheWrite',
  'bibtexWrite',
  'cslReferences',
  'screen',
  'reviewFile',
  'insert',
  'preview',
  'bibtexParse',
  'engine',
];

/**
 * Paths (relative to the extension's root) that may ship: the production bundle, the assets and shipped digests it
 * reads at run time, and the documents the Extensions view shows. Anything else in the .vsix is a .vscodeignore mistake.
 */
export const shippablePatterns: readonly RegExp[] = [
  /^dist\/extension\.js$/,
  // Libraries loaded on first use (esbuild.mjs's CHUNKS): the CSL processor, the BibTeX parser, the YAML parser, the glob matcher and the search engine.
  /^dist\/(csl|bibtexParser|yaml|picomatch|minisearch)\.js$/,
  // LitDigest's own features loaded on first use (esbuild.mjs's LAZY).
  new RegExp(`^dist/(${LAZY_CHUNKS.join('|')})\\.js$`),
  // The extraction worker's script, started for large builds.
  /^dist\/extractionWorker\.js$/,
  // The shipped digest's library, ready built, so a first activation skips building it.
  /^dist\/shipped-library\.jsonl$/,
  /^media\//,
  /^seeds\//,
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE(\.md|\.txt)?$/,
];

function filesUnder(root: string, relativeDir: string): string[] {
  const dir = join(root, relativeDir);
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(root, path) : [path];
  });
}

/**
 * Every file an installed LitDigest needs: package.json's `main`, everything in media/ and seeds/ of this checkout, and
 * the documents. A file .vscodeignore wrongly leaves out is in this list but not in the installed extension.
 */
export function filesMeantToShip(): string[] {
  const main = readManifest().main.replace(/^\.\//, '');
  return [
    main,
    'dist/csl.js',
    'dist/bibtexParser.js',
    'dist/yaml.js',
    'dist/picomatch.js',
    'dist/minisearch.js',
    ...LAZY_CHUNKS.map((chunk) => `dist/${chunk}.js`),
    'dist/extractionWorker.js',
    'dist/shipped-library.jsonl',
    ...filesUnder(repoRoot, 'media'),
    ...filesUnder(repoRoot, 'seeds'),
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
  ];
}

/**
 * The files of {@link filesMeantToShip} that the extension installed in `installedDir` lacks. vsce renames the
 * documents it packs (`readme.md`, `changelog.md`, `LICENSE.txt`), so names compare case-insensitively and a
 * `.txt` added to a name without an extension is accepted.
 */
export function missingFromInstalledExtension(installedDir: string): string[] {
  const installed = new Set(filesUnder(installedDir, '').map((file) => file.toLowerCase()));
  return filesMeantToShip().filter((file) => {
    const name = file.toLowerCase();
    const renamedByVsce = !name.includes('.') && installed.has(`${name}.txt`);
    return !installed.has(name) && !renamedByVsce;
  });
}
