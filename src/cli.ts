/** The `litdigest` command line: reads digest files from disk and prints what the core makes of them. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { formatBibtex } from './core/bibtex';
import { formatCitation, toCslJson } from './core/cite';
import { buildDigest, type DigestFile } from './core/digest';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/extract';
import { parseTaxonomy } from './core/vocabulary';
import type { Paper, Problem } from './core/model';

const USAGE = `usage:
  litdigest papers [--json] [PATH...]                     PATH: digest files or folders; none = the shipped seeds/
  litdigest search QUERY [--json] [--limit N] [--digest PATH]...
  litdigest cite KEY... [--format bibtex|csl-json|markdown|latex] [--digest PATH]...
every command also takes --taxonomy FILE: a topic taxonomy (JSON) to use instead of the shipped one`;

/** Folder entries read as digests; explicit file paths are read whatever their extension. */
const DIGEST_EXTENSIONS = /\.(txt|md)$/i;
const FORMATS = ['bibtex', 'csl-json', 'markdown', 'latex'] as const;

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
  digests: string[];
  taxonomy: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const [command = '', ...rest] = argv;
  const args: Args = { command, positional: [], json: false, limit: 20, format: 'bibtex', digests: [], taxonomy: null };
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
    } else if (arg === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format takes one of ${FORMATS.join(', ')}`);
      args.format = f as Args['format'];
    } else if (arg === '--digest') args.digests.push(value());
    else if (arg === '--taxonomy') args.taxonomy = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else args.positional.push(arg);
  }
  return args;
}

/** Expands paths to digest files. Unreadable paths become problems; they never stop the others. */
function readPaths(paths: readonly string[]): { files: DigestFile[]; problems: Problem[] } {
  const files: DigestFile[] = [];
  const problems: Problem[] = [];
  const fail = (path: string, why: unknown) =>
    problems.push({ file: path, line: 0, severity: 'error', message: `cannot read: ${why instanceof Error ? why.message : String(why)}` });
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) {
        const names = readdirSync(path)
          .filter((n) => DIGEST_EXTENSIONS.test(n) && !n.startsWith('.'))
          .sort();
        if (names.length === 0) problems.push({ file: path, line: 0, severity: 'error', message: 'folder holds no .txt or .md digest files' });
        for (const name of names) {
          const full = displayPath(join(path, name));
          try {
            files.push({ name: full, bytes: readFileSync(full) });
          } catch (e) {
            fail(full, e);
          }
        }
      } else {
        files.push({ name: path, bytes: readFileSync(path) });
      }
    } catch (e) {
      fail(path, e);
    }
  }
  return { files, problems };
}

/** The shipped knowledge, with the user's taxonomy when it reads and validates; otherwise a problem says why. */
function readKnowledge(path: string | null, problems: Problem[]): Knowledge {
  if (!path) return DEFAULT_KNOWLEDGE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push({
      file: path,
      line: 0,
      severity: 'error',
      message: `cannot read taxonomy (${e instanceof Error ? e.message : String(e)}); using the shipped one`,
    });
    return DEFAULT_KNOWLEDGE;
  }
  const parsed = parseTaxonomy(json);
  if ('error' in parsed) {
    problems.push({ file: path, line: 0, severity: 'error', message: `not a valid taxonomy: ${parsed.error}; using the shipped one` });
    return DEFAULT_KNOWLEDGE;
  }
  return { ...DEFAULT_KNOWLEDGE, taxonomy: parsed.taxonomy };
}

/** A path relative to the working folder when it lies inside it, so output does not depend on where the clone is. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !resolve(rel).startsWith('..') ? rel : path;
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

/** Runs the CLI; returns the exit status: 0 all read, 1 some path unreadable or empty or a key unknown, 2 bad usage. */
export function main(argv: readonly string[], io: Output): number {
  let args: Args;
  try {
    args = parseArgs(argv);
    if (!['papers', 'search', 'cite'].includes(args.command)) throw new UsageError(args.command ? `unknown command ${args.command}` : 'no command');
    if (args.command === 'search' && args.positional.length !== 1) throw new UsageError('search takes one QUERY (quote it if it has spaces)');
    if (args.command === 'cite' && args.positional.length === 0) throw new UsageError('cite takes at least one KEY');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`litdigest: ${e.message}\n${USAGE}\n`);
    return 2;
  }

  const paths = args.command === 'papers' ? args.positional : args.digests;
  const { files, problems: readProblems } = readPaths(paths.length ? paths : [shippedSeeds()]);
  const knowledge = readKnowledge(args.taxonomy, readProblems);
  const digest = buildDigest(files, knowledge);
  const problems = [...readProblems, ...digest.problems];
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  let status = problems.some((p) => p.severity === 'error') ? 1 : 0;

  switch (args.command) {
    case 'papers':
      io.out(args.json ? `${JSON.stringify(digest.papers, null, 2)}\n` : digest.papers.map((p) => `${paperLine(p)}\n`).join(''));
      break;
    case 'search': {
      const hits = digest.index.search(args.positional[0], args.limit);
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
    case 'cite': {
      const found: Paper[] = [];
      for (const key of args.positional) {
        const paper = digest.byKey.get(key);
        if (paper) found.push(paper);
        else {
          io.err(`litdigest: unknown key ${key} (litdigest papers lists the keys)\n`);
          status = 1;
        }
      }
      if (args.format === 'bibtex') io.out(found.map(formatBibtex).join('\n'));
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
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
