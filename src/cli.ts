/** The `litdigest` command line: reads digest files from disk and prints what the core makes of them. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { version } from '../package.json';
import { formatBibtex } from './core/bibtexWrite';
import { toCslJson } from './core/cite';
import type { CslItem } from './core/format';
import { asCited } from './core/keys';
import { teamCorrections } from './core/corrections';
import { EVIDENCE_COLUMNS, renderEvidenceTable, selectPapers, queryNeedsIndex, TABLE_FORMATS, type EvidenceColumn, type TableFormat } from './core/evidence';
import { formatCitation, renderCitation, citationStyleFor } from './core/languages';
import { prettyJsonPieces } from './core/jsonPieces';
import { searchLibrary } from './core/library';
import type { ReadOptions } from './core/sources/detect';
import { ExtractAside } from './extractAside';
import { saveLibraryNow } from './cacheWrite';
import { importBuilder, loadLibrary, libraryCacheKey, sharedCacheFile, shippedCachePath, tidySharedCache, userCacheDir } from './libraryCache';
import { CLAIM_METRICS, type Paper, type Problem } from './core/model';
import { finalDecisions, prismaInputOf, summarizeReview, teamDecisionOf, type ReviewSummary } from './core/review';
import { REVIEW_FOLDER, REVIEW_STATUSES } from './core/reviewNames';
import { prepareReaders, readDigests, readTaxonomy } from './inputs';
import { DEFAULT_STYLE, FALLBACK_LOCALE, SHIPPED_LOCALES, SHIPPED_STYLES, isShippedStyle, localeFile } from './core/styles';
import { readReviewFolder } from './reviewStore';

const USAGE = `usage:
  litdigest papers [--json] [--status S [--reviewer NAME]] [PATH...]   PATH: digest files (Hugging Face pages, arXiv
                                                          listings, .bib, CSL-JSON .json) or folders; none = the shipped seeds/
  litdigest review [--json] [--reviewer NAME] [PATH...]   screening counts (PRISMA 2020), agreement, conflicts, decisions
  litdigest search QUERY [--json] [--limit N] [--digest PATH]...
  litdigest cite KEY... [--format bibtex|csl-json|markdown|latex|text|html] [--style apa|ieee|chicago-author-date|acm|FILE.csl]
                [--locale en-US|de-DE] [--digest PATH]...   text, html: formatted references in the CSL style (default apa)
  litdigest table [QUERY] [--metric speedup,...] [--columns paper,value,...] [--format markdown|latex|typst|csv] [--json]
                  [--digest PATH]...   an evidence table of the claims of the papers QUERY selects (as search; none = all)
                  metrics: ${CLAIM_METRICS.join(', ')} (default: all); columns: ${EVIDENCE_COLUMNS.join(', ')}
every command also takes --taxonomy FILE: a topic taxonomy (JSON) to use instead of the shipped one
every command keeps the library it builds in a cache folder and uses it while the inputs are unchanged (the output
is the same): --cache DIR, else $LITDIGEST_CACHE, else the user's cache folder (~/.cache/litdigest); --no-cache: none
every command reads the reviewer files in ${REVIEW_FOLDER}/ of the working folder (--review-dir DIR: elsewhere): papers,
search and cite show the reviewers' corrections of hardware and claims (the team's, or NAME's with --reviewer);
--status takes ${[...REVIEW_STATUSES, 'conflict'].join(', ')}: the team's final decision, or NAME's with --reviewer`;

const STATUS_VALUES: readonly string[] = [...REVIEW_STATUSES, 'conflict'];

const FORMATS = ['bibtex', 'csl-json', 'markdown', 'latex', 'text', 'html'] as const;
/** The columns `table` shows when --columns is not given. */
const TABLE_COLUMNS: EvidenceColumn[] = ['paper', 'hardware', 'metric', 'value', 'baseline'];
/** Query terms that read screening decisions, so `table` must read the reviewer files. */
const DECISION_TERMS = /(?:^|\s)(?:status|tag|reason|note):/i;

class UsageError extends Error {}

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface Args {
  command: string;
  positional: string[];
  json: boolean;
  limit: number;
  format: (typeof FORMATS)[number];
  /** `--format` of `table`. */
  tableFormat: TableFormat;
  metrics: (typeof CLAIM_METRICS)[number][] | null;
  columns: EvidenceColumn[] | null;
  digests: string[];
  taxonomy: string | null;
  reviewer: string | null;
  status: string | null;
  reviewDir: string | null;
  style: string;
  locale: string;
  /** `--cache DIR`: where saved libraries are kept. */
  cache: string | null;
  /** `--no-cache`: neither read nor write a saved library. */
  noCache: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const [command = '', ...rest] = argv;
  const args: Args = {
    command,
    positional: [],
    json: false,
    limit: 20,
    format: 'bibtex',
    tableFormat: 'markdown',
    metrics: null,
    columns: null,
    digests: [],
    taxonomy: null,
    reviewer: null,
    status: null,
    reviewDir: null,
    style: DEFAULT_STYLE,
    locale: FALLBACK_LOCALE,
    cache: null,
    noCache: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') args.json = true;
    else if (arg === '--limit') {
      args.limit = Number(value());
      if (!Number.isInteger(args.limit) || args.limit < 1) throw new UsageError('--limit takes a whole number of at least 1');
    } else if (arg === '--format' && command === 'table') {
      const f = value();
      if (!(TABLE_FORMATS as readonly string[]).includes(f)) throw new UsageError(`table --format takes one of ${TABLE_FORMATS.join(', ')}`);
      args.tableFormat = f as TableFormat;
    } else if (arg === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format takes one of ${FORMATS.join(', ')}`);
      args.format = f as Args['format'];
    } else if (arg === '--metric') args.metrics = listOf(value(), CLAIM_METRICS, '--metric');
    else if (arg === '--columns') args.columns = listOf(value(), EVIDENCE_COLUMNS, '--columns');
    else if (arg === '--digest') args.digests.push(value());
    else if (arg === '--taxonomy') args.taxonomy = value();
    else if (arg === '--reviewer') args.reviewer = value();
    else if (arg === '--review-dir') args.reviewDir = value();
    else if (arg === '--style') args.style = value();
    else if (arg === '--cache') {
      args.cache = value();
      // An empty name would put cache files in the working folder.
      if (!args.cache.trim()) throw new UsageError('--cache takes a folder');
    } else if (arg === '--no-cache') args.noCache = true;
    else if (arg === '--locale') {
      args.locale = value();
      if (!localeFile(args.locale)) throw new UsageError(`--locale takes one of ${SHIPPED_LOCALES.join(', ')}`);
    } else if (arg === '--status') {
      args.status = value();
      if (!STATUS_VALUES.includes(args.status)) throw new UsageError(`--status takes one of ${STATUS_VALUES.join(', ')}`);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else args.positional.push(arg);
  }
  return args;
}

/** A comma-separated list of names, each one of `allowed`. */
function listOf<T extends string>(value: string, allowed: readonly T[], option: string): T[] {
  const names = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = names.filter((n) => !(allowed as readonly string[]).includes(n));
  if (!names.length || bad.length)
    throw new UsageError(`${option} takes a comma-separated list of ${allowed.join(', ')}${bad.length ? ` (not ${bad.join(', ')})` : ''}`);
  return [...new Set(names)] as T[];
}

/** The shipped CSL styles and locales (media/csl), found like the seeds from the bundle's or the source's folder. */
function shippedCsl(): string {
  for (let dir = __dirname, up = 0; up < 4; up++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'media', 'csl'))) return join(dir, 'media', 'csl');
  }
  return resolve(__dirname, '..', 'media', 'csl');
}

/**
 * Prints `papers`' formatted references in `args.style` (a shipped style's name or a `.csl` file), one per line (text)
 * or as citeproc-js's HTML; resolves to 0, or 1 after saying why the style cannot be used.
 */
async function printReferences(papers: Paper[], args: Args, root: string, io: Output): Promise<number> {
  const { checkStyle, formatReferences } = await import('./core/format');
  const dir = shippedCsl();
  const file = isShippedStyle(args.style) ? join(dir, SHIPPED_STYLES[args.style]) : resolve(root, args.style);
  const name = args.style;
  const locales = [...new Set([args.locale, FALLBACK_LOCALE])].map((l) => readFileSync(join(dir, localeFile(l)!), 'utf8'));
  let style: string;
  try {
    style = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`litdigest: ${name}: cannot read the style (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(e)})\n`);
    return 1;
  }
  const problems = checkStyle(style, name, locales);
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  if (problems.length) return 1;
  const items = papers.map((p) => toCslJson(p) as CslItem);
  const out = formatReferences({
    items,
    style,
    locales,
    styleName: name,
    output: args.format === 'html' ? 'html' : 'text',
    clusters: [items.map((i) => ({ id: i.id }))],
  });
  io.out(out.bibliography.map((e) => `${e.text}\n`).join(''));
  return 0;
}

/** The seeds folder of the package this code runs from: `dist/cli.js` → `seeds/`, or further up when bundled elsewhere. */
function shippedSeeds(): string {
  for (let dir = __dirname, up = 0; up < 4; up++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'seeds'))) return join(dir, 'seeds');
  }
  return resolve(__dirname, '..', 'seeds');
}

function formatProblem(p: Problem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`;
}

function paperLine(p: Paper): string {
  const meta = [p.date, p.org ?? (p.authors !== null ? `${p.authors} authors` : null)].filter(Boolean).join(', ');
  return `${p.key}\t${p.title}${meta ? `  (${meta})` : ''}`;
}

const percent = (n: number | null) => (n === null ? 'n/a' : n.toFixed(3));

/** The review summary as text: counts per reviewer, the PRISMA flow, agreement, conflicts, then one line per decision. */
function formatReview(s: ReviewSummary): string {
  const out: string[] = [];
  const p = s.prisma;
  out.push(`screening ${s.reviewer === null ? 'of the team' : `by ${s.reviewer}`}: ${p.records} records`);
  out.push('', `reviewer\t${REVIEW_STATUSES.join('\t')}`);
  for (const r of s.reviewers) out.push(`${r.name}\t${REVIEW_STATUSES.map((st) => r.counts[st]).join('\t')}`);
  out.push('', 'PRISMA 2020');
  out.push(`records identified\t${p.identified.total}`);
  for (const src of p.identified.bySource) out.push(`  ${src.name} (${src.kind})\t${src.records}`);
  out.push(`duplicates removed\t${p.duplicatesRemoved}`);
  out.push(`records screened\t${p.screened}`);
  out.push(`records excluded\t${p.excluded.total}`);
  for (const r of p.excluded.byReason) out.push(`  ${r.reason}\t${r.count}`);
  out.push(`included\t${p.included}`, `maybe\t${p.maybe}`, `conflicts\t${p.conflicts}`, `unscreened\t${p.unscreened}`);
  if (p.decisionsWithoutRecord) out.push(`decisions on papers in no digest\t${p.decisionsWithoutRecord}`);
  if (s.agreement.length) {
    out.push('', 'agreement\tcompared\tagreed\tobserved\tkappa');
    for (const a of s.agreement) out.push(`${a.a} / ${a.b}\t${a.compared}\t${a.agreed}\t${percent(a.observed)}\t${percent(a.kappa)}`);
  }
  if (s.conflicts.length) {
    out.push('', 'conflicts');
    for (const c of s.conflicts) {
      const who = c.decisions.map((d) => `${d.reviewer}: ${d.decision.status}${d.decision.reason ? ` (${d.decision.reason})` : ''}`).join(' · ');
      out.push(
        `${c.key}\t${who}${c.resolution ? `\tresolved: ${c.resolution.status} by ${c.resolution.resolvedBy ?? '?'}${c.stale ? ' (changed since)' : ''}` : ''}`,
      );
    }
  }
  if (s.decisions.length) {
    out.push('', 'key\tstatus\treason\ttags\treviewer');
    for (const d of s.decisions) out.push(`${d.key}\t${d.status}\t${d.reason ?? ''}\t${d.tags.join(',')}\t${d.reviewer ?? ''}`);
  }
  return `${out.join('\n')}\n`;
}

/** The environment the CLI reads: `LITDIGEST_CACHE` and what finds the user's cache folder. */
type Env = Readonly<Record<string, string | undefined>>;

/**
 * The folder of saved libraries: `--cache DIR`, else `$LITDIGEST_CACHE`, else `litdigest` in the user's cache folder
 * (`userCacheDir`); null with `--no-cache`, or when there is no such folder (with a note saying how to name one).
 */
function cacheDirOf(args: Args, env: Env, root: string, io: Output): string | null {
  if (args.noCache) return null;
  if (args.cache !== null) return resolve(root, args.cache);
  if (env.LITDIGEST_CACHE) return resolve(root, env.LITDIGEST_CACHE);
  const home = process.platform === 'win32' ? (env.USERPROFILE ?? homedir()) : env.HOME || homedir();
  const base = userCacheDir(env, process.platform, home || undefined);
  if (!base) io.err('litdigest: no cache folder found (set LITDIGEST_CACHE or pass --cache DIR); not saving the library\n');
  return base && join(base, 'litdigest');
}

/**
 * Runs the CLI; resolves to the exit status: 0 all read, 1 some path unreadable or empty or a key unknown, 2 bad usage.
 * Paths are files (read whatever their extension), folders (their .txt and .md files) or globs, relative to the
 * working folder and named relative to it; reads are bounded (a FIFO or device is refused, sizes and time are capped).
 * The library is restored from the cache folder (see `cacheDirOf`; `env` holds `LITDIGEST_CACHE`, default the
 * process's) when it was saved from the same inputs, else built and saved there; either way the output is the same.
 */
export async function main(argv: readonly string[], io: Output, env: Env = process.env): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
    if (args.command === 'table' && args.positional.length > 1) throw new UsageError('table takes one QUERY (quote it if it has spaces)');
    if (!['papers', 'search', 'cite', 'review', 'table'].includes(args.command))
      throw new UsageError(args.command ? `unknown command ${args.command}` : 'no command');
    if (args.command === 'search' && args.positional.length !== 1) throw new UsageError('search takes one QUERY (quote it if it has spaces)');
    if (args.command === 'cite' && args.positional.length === 0) throw new UsageError('cite takes at least one KEY');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`litdigest: ${e.message}\n${USAGE}\n`);
    return 2;
  }

  const paths = args.command === 'papers' || args.command === 'review' ? args.positional : args.digests;
  const root = process.cwd();
  const inputs = paths.length ? paths : [shippedSeeds()];
  const [read, taxonomy] = await Promise.all([readDigests(inputs, { root }), readTaxonomy(args.taxonomy ?? '', root)]);
  const tableQuery = args.command === 'table' ? (args.positional[0] ?? '') : '';
  // `papers` lists; only `search`, and `table` with words to search for, need the index.
  const needsIndex = args.command === 'search' || (args.command === 'table' && queryNeedsIndex(tableQuery));
  // The extension's cache format and key (every file's name and bytes, the taxonomy, the version), one file per set
  // of inputs so that several libraries each stay warm.
  const cacheDir = cacheDirOf(args, env, root, io);
  const cacheFile =
    cacheDir && sharedCacheFile(cacheDir, [root, ...inputs.map((p) => resolve(root, p)), args.taxonomy === null ? '' : resolve(root, args.taxonomy)]);
  const key = libraryCacheKey(read.files, taxonomy.knowledge.taxonomy, version);
  // A large input shares its extraction with a worker thread (dist/extractionWorker.js, beside this file).
  const aside = new ExtractAside(join(__dirname, 'extractionWorker.js'));
  const readers: ReadOptions = { shareExtraction: (knowledge) => aside.share(knowledge) };
  const loaded = await loadLibrary(read.files, taxonomy.knowledge, {
    key,
    // The seeds' ready cache, shipped beside them, holds them when they are named as the build named them (run from the package).
    cacheFiles: cacheFile ? [cacheFile, ...(paths.length ? [] : [shippedCachePath(dirname(shippedSeeds()))])] : [],
    read: readers,
    index: needsIndex,
    // Nothing else waits for this thread; the readers (the BibTeX parser, 0.2–0.5 s to load) only when building.
    budgetMs: Infinity,
    beforeBuild: () => prepareReaders(read.files, readers),
  }).finally(() => aside.dispose());
  const { library } = loaded;
  if (cacheFile && loaded.cacheMissKind === 'bad') io.err(`litdigest: ignored the saved library ${cacheFile} (${loaded.cacheMiss}); building it again\n`);
  if (cacheFile && cacheDir) {
    // Saved when built, or when a library saved without its index (by `papers`) has one now; after that, only marked used.
    const save = loaded.cacheFile === null || library.indexSource === 'build';
    if (save)
      await saveLibraryNow(cacheFile, library, key).catch((e) =>
        io.err(`litdigest: could not save the library in ${cacheDir} (${e instanceof Error ? e.message : String(e)}); the next run builds it again\n`),
      );
    if (save || loaded.cacheFile === cacheFile) await tidySharedCache(cacheDir, cacheFile);
  }
  const problems = [...read.problems, ...taxonomy.problems, ...library.problems];
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  let status = problems.some((p) => p.severity === 'error') ? 1 : 0;

  // Every command reads the review: corrections of hardware and claims win over extraction in what is printed.
  const review = await readReviewFolder(resolve(root, args.reviewDir ?? REVIEW_FOLDER));
  {
    for (const p of review.problems) io.err(`${formatProblem(p)}\n`);
    // A refused reviewer file fails the commands that report decisions; the others print it and carry on without it,
    // as they did before they read corrections (a script listing papers must not break on a teammate's merge conflict).
    const needsReview = args.command === 'review' || args.status !== null || DECISION_TERMS.test(tableQuery);
    if (needsReview && review.problems.some((p) => p.severity === 'error')) status = 1;
    if (args.reviewer !== null && !review.reviewers.has(args.reviewer)) {
      const names = [...review.reviewers.keys()].sort();
      io.err(
        `litdigest: no reviewer ${args.reviewer} in ${args.reviewDir ?? REVIEW_FOLDER} (${names.length ? `reviewers: ${names.join(', ')}` : 'no reviewer files'})\n`,
      );
      return 1;
    }
    const reviewers = args.reviewer !== null ? new Map([[args.reviewer, review.reviewers.get(args.reviewer)!]]) : review.reviewers;
    const corrections = teamCorrections(reviewers);
    // Applying corrections re-reads added claims (the builder's extraction): a restored library has no builder yet.
    library.setCorrections(corrections, corrections.size ? await importBuilder() : undefined);
  }

  switch (args.command) {
    case 'papers': {
      let papers = library.papers;
      if (args.status !== null) {
        // One reviewer's own decisions, or the team's outcome (a paper reviewers disagree on is `conflict`).
        const decisions = args.reviewer !== null ? (review.reviewers.get(args.reviewer) ?? new Map()) : finalDecisions(review.reviewers, review.resolutions);
        papers = papers.filter((p) => (decisions.get(p.key)?.status ?? 'unscreened') === args.status);
      }
      if (args.json) {
        for (const piece of prettyJsonPieces(papers)) io.out(piece);
        io.out('\n');
      } else io.out(papers.map((p) => `${paperLine(p)}\n`).join(''));
      break;
    }
    case 'review': {
      const summary = summarizeReview(prismaInputOf(library), review.reviewers, review.resolutions, args.reviewer ?? undefined);
      io.out(args.json ? `${JSON.stringify(summary, null, 2)}\n` : formatReview(summary));
      break;
    }
    case 'search': {
      // The same function as the Search Papers picker, so `hw:fpga year:>=2025` means the same in both.
      const { hits, invalid } = searchLibrary(library, args.positional[0], args.limit);
      for (const term of invalid) io.err(`litdigest: ignored the filter ${term} (year takes 2025, >=2024 or 2023..2025)\n`);
      io.out(
        args.json
          ? `${JSON.stringify(
              hits.map((h) => ({ ...h.paper, score: h.score })),
              null,
              2,
            )}\n`
          : hits.map((h) => `${paperLine(h.paper)}\n`).join(''),
      );
      break;
    }
    case 'table': {
      const decisionOf =
        args.reviewer !== null ? (key: string) => review.reviewers.get(args.reviewer!)?.get(key) : teamDecisionOf(review.reviewers, review.resolutions);
      const spec = { query: tableQuery, metrics: args.metrics ?? [...CLAIM_METRICS], columns: args.columns ?? TABLE_COLUMNS };
      const { papers, invalid } = selectPapers(library, spec, decisionOf);
      for (const term of invalid) io.err(`litdigest: ignored the filter ${term} (year takes 2025, >=2024 or 2023..2025)\n`);
      const cited = papers.map((p) => asCited(p));
      const table = renderEvidenceTable(cited, spec, args.tableFormat);
      if (table.kind === 'message') {
        io.err(`litdigest: ${table.message}\n`);
        return 1;
      }
      const style = citationStyleFor(args.tableFormat === 'csv' ? 'plaintext' : args.tableFormat);
      io.out(
        args.json
          ? `${JSON.stringify(
              table.rows.map((r) => ({
                key: r.paper.key,
                title: r.paper.title,
                year: r.paper.year,
                topics: r.paper.topics,
                hardware: r.paper.hardware.map((h) => h.name),
                citation: renderCitation([r.paper.key], style),
                claimIndex: r.claimIndex,
                claim: r.claim,
              })),
              null,
              2,
            )}\n`
          : `${table.text}${args.tableFormat === 'csv' ? '\r\n' : '\n'}`,
      );
      break;
    }
    case 'cite': {
      const found: Paper[] = [];
      for (const key of args.positional) {
        const paper = library.byKey.get(key) ?? library.byBibKey.get(key);
        if (paper) found.push(asCited(paper));
        else {
          io.err(`litdigest: unknown key ${key} (litdigest papers lists the keys)\n`);
          status = 1;
        }
      }
      if (args.format === 'text' || args.format === 'html') {
        if (found.length) status = Math.max(status, await printReferences(found, args, root, io));
      } else if (args.format === 'bibtex') io.out(found.map(formatBibtex).join('\n'));
      else if (args.format === 'csl-json') io.out(`${JSON.stringify(found.map(toCslJson), null, 2)}\n`);
      else if (found.length)
        io.out(
          `${formatCitation(
            found.map((p) => p.key),
            args.format,
          )}\n`,
        );
      break;
    }
  }
  return status;
}

if (require.main === module) {
  // `litdigest papers | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  void main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  }).then(
    (status) => (process.exitCode = status),
    (e) => {
      process.stderr.write(`litdigest: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
