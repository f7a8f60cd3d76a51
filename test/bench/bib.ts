/** `npm run bench` part: reading a ~20 MB, 20,000-entry `.bib` (fast reader, full parser, readBibtex mapping, merge and extraction to tree). */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBibtexParser } from '../../src/core/bibtex';
import { mergeEntries } from '../../src/core/dedupe';
import { enrichPaper, type Knowledge } from '../../src/core/extract';
import type { DigestFile } from '../../src/core/library';
import type { ReadOptions } from '../../src/core/sources/detect';
import { runSliced } from '../../src/core/steps';
import { ExtractAside } from '../../src/extractAside';
import { completeBibtexScan, fastBibtexParser, scanBibtex } from '../../src/core/sources/bibfast';
import { readBibtex } from '../../src/core/sources/bibtex';
import { random, shippedPapers, synthesizePapers } from './synth';
import { buildSteps } from '../../src/core/build';

const root = resolve(__dirname, '..', '..', '..');

/** The figures of one run, in ms unless named otherwise. */
export interface BibBenchResult {
  entries: number;
  megabytes: number;
  /** Share of entries the fast pass read itself (the rest went to the full parser). */
  fastShare: number;
  parserLoadMs: number;
  /** Fast pass + full parser for the entries it left, from text to entries. */
  fastReadMs: number;
  /** Full parser alone on a slice of `sliceEntries`, and that figure scaled to all entries (not measured whole: ~10 s). */
  sliceEntries: number;
  fullSliceMs: number;
  fullExtrapolatedMs: number;
  /** readBibtex's mapping of the parsed entries to library entries. */
  mappingMs: number;
  mergeMs: number;
  enrichMs: number;
  /** The library built from the file until its papers are ready for the tree: the first build (cold code), and the median of the next two. */
  libraryFirstToTreeMs: number;
  libraryToTreeMs: number;
  /** The same with a share of the extraction on the worker thread, as the extension builds it: the budget's figure. */
  workerFirstToTreeMs: number;
  workerToTreeMs: number;
  /** fast read + mapping + merge + enrich: what the tree waits for. */
  toTreeMs: number;
}

/** Escapes text as a reference manager's export does: specials behind a backslash, so most entries stay plain. */
function bibEscape(text: string): string {
  const commands: Record<string, string> = { '\\': '\\textbackslash{}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}' };
  return text.replace(/[\\&%#_${}~^]/g, (c) => commands[c] ?? `\\${c}`);
}

/** The entries of a `.bib` file as text, each from its `@` (the fixtures have no `@` inside values at a line start). */
function fixtureEntries(text: string): string[] {
  return text
    .split(/^(?=@)/m)
    .filter((e) => /^@(?!string|comment|preamble)\w+\s*\{/i.test(e))
    .map((e) => e.trim());
}

/** `entry` with field `name` set to `{value}` (replaced where present, else added before the closing brace). */
function setField(entry: string, name: string, value: string): string {
  const m = new RegExp(`(^|[,\\s])${name}\\s*=\\s*([{"])`, 'i').exec(entry);
  if (!m) return entry.replace(/\s*\}\s*$/, `,\n  ${name} = {${value}}\n}`);
  const open = m.index + m[0].length - 1;
  let end = open + 1;
  if (m[2] === '"') end = entry.indexOf('"', end) + 1;
  else for (let depth = 1; depth > 0; end++) depth += entry[end] === '{' ? 1 : entry[end] === '}' ? -1 : 0;
  return `${entry.slice(0, open)}{${value}}${entry.slice(end)}`;
}

/**
 * A deterministic `.bib` of `count` entries (~1 KB each): the real fixtures' entries in turn, each with a new key,
 * a distinct synthetic title, its own arXiv id and DOI where the base has one, and a synthetic abstract made of
 * shipped abstracts' sentences: 20,000 entries, 20,000 papers.
 */
export function synthesizeBib(count: number): string {
  const shipped = shippedPapers();
  const bases = ['budgeted-inference-refs.bib', 'dllm-inference-reference.bib'].flatMap((f) =>
    fixtureEntries(readFileSync(join(root, 'test', 'fixtures', 'sources', f), 'utf8')),
  );
  const papers = synthesizePapers(shipped, count, 12);
  const rand = random(12);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let e = bases[i % bases.length].replace(/^(@\w+\s*\{\s*)([^,\s]+)/, (_, head: string, key: string) => `${head}${key}-${i}`);
    // Each entry its own paper, as in a real bibliography: the base entries' arXiv ids and DOIs would otherwise join
    // every copy of a base into one paper (20,000 entries became 5,965 papers with 13,911 merge warnings).
    e = e
      .replace(/\b\d{4}\.\d{4,5}(v\d+)?\b/g, `${2501 + Math.floor(i / 100000)}.${String(i % 100000).padStart(5, '0')}`)
      .replace(/\b10\.\d{4,9}\/[^\s,{}"]+/g, `10.5555/bench.${i}`);
    e = setField(e, 'title', bibEscape(papers[i].title));
    // Abstracts of about 1 KB, as a reference manager exports them, so 20,000 entries make ~20 MB.
    let abstract = papers[i].abstract;
    while (abstract.length < 550) abstract += ` ${papers[Math.floor(rand() * count)].abstract}`;
    e = setField(e, 'abstract', bibEscape(abstract.slice(0, 550 + Math.floor(rand() * 260))));
    out.push(e);
  }
  return `${out.join('\n\n')}\n`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = <T>(f: () => T): [T, number] => {
  const start = performance.now();
  const result = f();
  return [result, performance.now() - start];
};

/**
 * Milliseconds from the start of a build of `files` until its papers are ready for the tree (onPapers), as the extension
 * builds them; with `aside`, the extraction is shared with its worker, started ahead as the store starts it.
 */
export async function msToTree(files: DigestFile[], readers: ReadOptions, aside?: ExtractAside): Promise<number> {
  if (aside) {
    aside.warm();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  let shown = 0;
  const read = aside ? { ...readers, shareExtraction: (k: Knowledge) => aside.share(k) } : readers;
  await runSliced(
    buildSteps(files, undefined, () => (shown = performance.now() - start), read, false),
    Infinity,
  );
  return shown;
}

/** Runs the `.bib` benchmark at `count` entries; `quick` measures once and the full parser on a smaller slice. */
export async function benchBib(count = 20000, quick = false): Promise<BibBenchResult> {
  const text = synthesizeBib(count);
  const file = 'bench.bib';
  const loadStart = performance.now();
  const full = await loadBibtexParser();
  const parserLoadMs = performance.now() - loadStart;
  const stages = stageFigures(text, file, full, quick);
  // End to end as the extension builds it: the file's bytes → the papers the tree shows (the parser already loaded), with
  // the extraction worker (dist/extractionWorker.js, started ahead as the extension does for large inputs) and on one
  // thread. The stages' results are out of reach by now: a build here pays for no garbage the extension would not hold.
  const aside = new ExtractAside(join(root, 'dist', 'extractionWorker.js'));
  const readers = { parseBibtex: fastBibtexParser(() => full) };
  const bytes = new TextEncoder().encode(text);
  const toTree = (withWorker: boolean) => msToTree([{ name: file, bytes }], readers, withWorker ? aside : undefined);
  const oneThread: number[] = [];
  const withWorker: number[] = [];
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    oneThread.push(await toTree(false));
    withWorker.push(await toTree(true));
  }
  aside.dispose();
  return {
    ...stages,
    megabytes: text.length / 1e6,
    parserLoadMs,
    libraryFirstToTreeMs: oneThread[0],
    libraryToTreeMs: median(oneThread.length > 1 ? oneThread.slice(1) : oneThread),
    workerFirstToTreeMs: withWorker[0],
    workerToTreeMs: median(withWorker.length > 1 ? withWorker.slice(1) : withWorker),
  };
}

type StageFigures = Pick<
  BibBenchResult,
  'entries' | 'fastShare' | 'fastReadMs' | 'sliceEntries' | 'fullSliceMs' | 'fullExtrapolatedMs' | 'mappingMs' | 'mergeMs' | 'enrichMs' | 'toTreeMs'
>;

/** Each stage alone, on `text`: the fast read (median of runs), the full parser on a slice, the mapping, merge and extraction. */
function stageFigures(text: string, file: string, full: Awaited<ReturnType<typeof loadBibtexParser>>, quick: boolean): StageFigures {
  const reads: number[] = [];
  let scan = scanBibtex(text);
  let parsed = completeBibtexScan(scan, file, full);
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    const start = performance.now();
    scan = scanBibtex(text);
    parsed = completeBibtexScan(scan, file, full);
    reads.push(performance.now() - start);
  }
  const count = parsed.entries.length;
  const sliceEntries = Math.min(count, quick ? 500 : 2000);
  const slice = `${text
    .split(/\n\n(?=@)/)
    .slice(0, sliceEntries)
    .join('\n\n')}\n`;
  const [, fullSliceMs] = time(() => full(slice, file));
  const [read, mappingMs] = time(() => readBibtex(text, file, () => parsed));
  const [merged, mergeMs] = time(() => mergeEntries(read.entries));
  const [, enrichMs] = time(() => merged.papers.map((p) => enrichPaper(p)));
  const fastReadMs = median(reads);
  return {
    entries: count,
    fastShare: scan.fast / (scan.fast + scan.hard),
    fastReadMs,
    sliceEntries,
    fullSliceMs,
    fullExtrapolatedMs: (fullSliceMs * count) / sliceEntries,
    mappingMs,
    mergeMs,
    enrichMs,
    toTreeMs: fastReadMs + mappingMs + mergeMs + enrichMs,
  };
}

/** The result as the lines `npm run bench` prints. */
export function formatBibBench(r: BibBenchResult): string {
  const f = (x: number) => x.toFixed(0);
  return [
    `\n.bib input: ${r.entries} entries, ${r.megabytes.toFixed(1)} MB (synthetic, from the real fixtures' entries); ${(r.fastShare * 100).toFixed(1)}% on the fast path`,
    `  fast read ${f(r.fastReadMs)} ms (median; parser load ${f(r.parserLoadMs)} ms, once) · full parser alone ${f(r.fullSliceMs)} ms on ${r.sliceEntries} entries → ~${f(r.fullExtrapolatedMs)} ms extrapolated`,
    `  readBibtex mapping ${f(r.mappingMs)} ms · merge ${f(r.mergeMs)} ms · extraction ${f(r.enrichMs)} ms · sum of the stages ${f(r.toTreeMs)} ms`,
    `  to tree through Library.buildSteps on one thread: first build ${f(r.libraryFirstToTreeMs)} ms, then ${f(r.libraryToTreeMs)} ms (median)`,
    `  to tree with the extraction worker, as the extension builds it: first ${f(r.workerFirstToTreeMs)} ms, then ${f(r.workerToTreeMs)} ms (median; budget 2000)`,
  ].join('\n');
}

// Run as out/test/bench/bib.js (another bench bundling this file is not a run of it).
if (require.main === module && /[\\/]bib\.js$/.test(process.argv[1] ?? ''))
  void benchBib(20000, process.argv.includes('--quick')).then((r) =>
    console.log(process.argv.includes('--json') ? JSON.stringify(r, null, 2) : formatBibBench(r)),
  );
