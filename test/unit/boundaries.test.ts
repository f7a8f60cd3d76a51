import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './seedFiles';

function sources(dir: string): string[] {
  const full = join(repoRoot, dir);
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(full, f));
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('module boundaries', () => {
  it('src/core imports only src/core, minisearch, zod/mini and its adopted libraries (yaml; the BibTeX parser from bibtexParse.ts alone; citeproc from format.ts alone): no vscode, no fs', () => {
    const files = sources('src/core');
    assert.ok(files.length > 5);
    const bibtex = join(repoRoot, 'src', 'core', 'bibtexParse.ts');
    const format = join(repoRoot, 'src', 'core', 'format.ts');
    assert.ok(files.includes(bibtex) && files.includes(format));
    for (const file of files) {
      for (const spec of imports(file)) {
        // Relative imports must stay inside src/core (its subfolders, such as sources/, may import ../model).
        const insideCore = spec.startsWith('.') && !relative(join(repoRoot, 'src/core'), resolve(dirname(file), spec)).startsWith('..');
        const adopted = spec === 'yaml' || (file === bibtex && spec === '@retorquere/bibtex-parser') || (file === format && spec === 'citeproc');
        assert.ok(adopted || insideCore || spec === 'minisearch' || spec === 'zod/mini' || spec.endsWith('.json'), `${file} imports ${spec}`);
      }
    }
  });

  it('the markdown-it plugin (src/previewPlugin.ts) imports no vscode and only types from markdown-it, so tests run it as VS Code does', () => {
    const plugin = join(repoRoot, 'src', 'previewPlugin.ts');
    for (const spec of imports(plugin)) assert.ok(spec.startsWith('./core/') || spec === 'markdown-it', `previewPlugin.ts imports ${spec}`);
    assert.match(readFileSync(plugin, 'utf8'), /import type \{[^}]*\} from 'markdown-it'/);
  });

  it('src/webview never imports vscode', () => {
    for (const file of sources('src/webview')) {
      for (const spec of imports(file)) assert.notEqual(spec, 'vscode', `${file} imports vscode`);
    }
  });
});
