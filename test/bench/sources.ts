/** Per real input fixture (test/fixtures/sources): entries counted without the readers, entries read, problems, papers merged with the shipped digest, load time. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBibtexParser } from '../../src/core/bibtex';
import { type DigestFile } from '../../src/core/library';
import { fastBibtexParser } from '../../src/core/sources/bibfast';
import type { ReadOptions } from '../../src/core/sources/detect';
import { buildLibrary } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');
const dir = join(root, 'test', 'fixtures', 'sources');

/** Entries counted by a pattern per format, independently of every reader. */
function countIndependently(name: string, text: string): number {
  if (name.endsWith('.bib')) return [...text.matchAll(/^\s*@(\w+)\s*[{(]/gm)].filter((m) => !/^(string|comment|preamble)$/i.test(m[1])).length;
  if (name.endsWith('.json')) return (JSON.parse(text) as unknown[]).length;
  if (/^\\\\\s*\n\s*arXiv:/m.test(text)) return text.match(/^\\\\\s*\r?\n\s*arXiv:\S+/gm)?.length ?? 0;
  return text.match(/^\s*(?:-\s*)?\[\d+\]\s*arXiv:/gm)?.length ?? 0;
}

export interface SourceFigures {
  file: string;
  format: string | null | undefined;
  counted: number;
  read: number;
  errors: number;
  warnings: number;
  papers: number;
  mergedWithShipped: number;
  loadMs: number;
}

/** The figures of every fixture, read as the extension reads them (the fast pass, Better BibTeX's parser behind it). */
export async function benchSources(read?: ReadOptions): Promise<SourceFigures[]> {
  const full = await loadBibtexParser();
  const readers: ReadOptions = read ?? { parseBibtex: fastBibtexParser(() => full) };
  const seeds: DigestFile[] = readdirSync(join(root, 'seeds'))
    .sort()
    .map((f) => ({ name: `seeds/${f}`, text: readFileSync(join(root, 'seeds', f), 'utf8') }));
  const figures: SourceFigures[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f !== 'README.md')
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const file = { name, text };
    buildLibrary([file], undefined, readers); // warm-up: the first call pays for compiling the readers
    const started = performance.now();
    const alone = buildLibrary([file], undefined, readers);
    const loadMs = performance.now() - started;
    const both = buildLibrary([...seeds, file], undefined, readers);
    const report = alone.fileReports[0];
    figures.push({
      file: name,
      format: report.format,
      counted: countIndependently(name, text),
      read: report.entries,
      errors: alone.problems.filter((p) => p.severity === 'error').length,
      warnings: alone.problems.filter((p) => p.severity === 'warning').length,
      papers: alone.papers.length,
      mergedWithShipped: both.papers.filter((p) => p.sources.some((s) => s.file === name) && p.sources.some((s) => s.file.startsWith('seeds/'))).length,
      loadMs,
    });
  }
  return figures;
}

/** Prints the table. */
export function printSources(figures: readonly SourceFigures[]): void {
  console.log('\nReal input fixtures (test/fixtures/sources): entries counted by pattern vs read, problems, papers, merged with the shipped digest');
  console.log('file                                   format        counted   read  errors  warnings  papers  merged  load ms');
  for (const f of figures) {
    console.log(
      `${f.file.padEnd(39)}${String(f.format).padEnd(13)}${String(f.counted).padStart(8)}${String(f.read).padStart(7)}${String(f.errors).padStart(8)}${String(f.warnings).padStart(10)}${String(f.papers).padStart(8)}${String(f.mergedWithShipped).padStart(8)}${f.loadMs.toFixed(1).padStart(9)}`,
    );
  }
}

if (require.main === module) void benchSources().then(printSources);
