/** Finding and reading the user's inputs (digest files, folders, globs; a taxonomy), shared by the extension, the CLI and the build. */
import { promises as fsp, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadBibtexParser } from './core/bibtex';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/vocabulary';
import type { DigestFile } from './core/library';
import type { Problem } from './core/model';
import type { ReadOptions } from './core/sources/detect';
import { parseTaxonomy } from './core/vocabulary';
import { UserFileError, readUserFile, type ReadLimits } from './files';

/** The formats a file's extension suggests; the content decides (`detectFormat`: a `.txt` may hold an arXiv listing). */
export type DigestFormat = 'hfpage' | 'bibtex' | 'csljson';

/**
 * Which format a file name's extension means, for files found in folders and by globs: Hugging Face pages and
 * arXiv listings (`.txt`, `.md`), BibTeX (`.bib`), CSL-JSON (`.json`).
 */
export const DIGEST_FORMATS: Readonly<Record<string, DigestFormat>> = { '.txt': 'hfpage', '.md': 'hfpage', '.bib': 'bibtex', '.json': 'csljson' };

/** The format of `name` by its extension, or null when LitDigest does not read it. */
export function digestFormat(name: string): DigestFormat | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : (DIGEST_FORMATS[name.slice(dot).toLowerCase()] ?? null);
}

/** The extensions of `DIGEST_FORMATS` in words, for messages: ".txt, .md, .bib or .json". */
const KNOWN_EXTENSIONS = `${Object.keys(DIGEST_FORMATS).slice(0, -1).join(', ')} or ${Object.keys(DIGEST_FORMATS).at(-1)}`;

/** At most this many files come from one glob: `**\/*` over a home folder must not read it all. */
export const MAX_GLOB_FILES = 5000;
/** A glob walk gives up after visiting this many entries, so a huge tree costs bounded time. */
const MAX_WALKED = 200_000;
/** A walk yields to the event loop after this long, so the extension host keeps answering. */
const WALK_SLICE_MS = 8;
/** Folders a glob never enters: dependencies and version control hold no digests. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const GLOB_CHARS = /[*?[\]{}]/;
const LEAVES = /(^|[\\/])\.\.([\\/]|$)/;

/** One input file found: where it is, and the name the library gives it. */
export interface InputFile {
  /** Absolute path. */
  path: string;
  /** The name the library, the cache key and problems use (see `ExpandOptions.root`). */
  name: string;
}

/** How to expand entries. */
export interface ExpandOptions {
  /**
   * The folder relative entries are resolved in; files inside it are named by their path relative to it
   * with `/` (`digests/a.txt`, `seeds/x.txt`), files outside by their absolute path.
   */
  root: string;
  /** Refuse entries that leave `root` (`..`, or an absolute path elsewhere) with a problem. Default false. */
  confine?: boolean;
  /** Prefix for names, e.g. a workspace folder's name in a multi-root workspace. Default none. */
  namePrefix?: string;
  /** The most files one glob may give (default `MAX_GLOB_FILES`). */
  maxGlobFiles?: number;
}

const problem = (file: string, message: string): Problem => ({ file, line: 0, severity: 'error', message });

const yieldToLoop = () => new Promise<void>((done) => setImmediate(done));

/** `path` relative to `root` with `/`, or null when it lies outside. */
function inside(root: string, path: string): string | null {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

/**
 * The files that `entries` name: files (read whatever their extension), folders (their files of a known
 * format, not recursively), and globs (relative to `root`; known formats only). Hidden files are skipped;
 * globs never enter `node_modules` or `.git`, yield to the event loop as they walk, and stop at
 * `maxGlobFiles` with a problem. Every entry that gives nothing is a problem naming it; the others still
 * count. Files come back in name order, each once.
 */
export async function expandEntries(entries: readonly string[], options: ExpandOptions): Promise<{ files: InputFile[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const found = new Map<string, InputFile>();
  const root = resolve(options.root);
  const nameOf = (path: string) => {
    const rel = inside(root, path);
    return `${options.namePrefix ?? ''}${rel === null ? path : rel}`;
  };
  const add = (path: string) => found.set(path, { path, name: nameOf(path) });
  for (const raw of entries) {
    const entry = raw.trim();
    if (options.confine && LEAVES.test(entry)) {
      problems.push(problem(raw, 'this path leaves the workspace; only digests inside the workspace are read'));
      continue;
    }
    if (GLOB_CHARS.test(entry)) {
      const matched = await walkGlob(root, entry.replace(/\\/g, '/'), options.maxGlobFiles ?? MAX_GLOB_FILES, raw, problems);
      if (matched.length === 0 && !problems.some((p) => p.file === raw))
        problems.push(problem(raw, `no ${KNOWN_EXTENSIONS} file in ${options.confine ? 'the workspace' : root} matches this pattern`));
      for (const path of matched) add(path);
      continue;
    }
    const path = resolve(root, entry);
    if (options.confine && inside(root, path) === null) {
      problems.push(problem(raw, 'this path is outside the workspace; only digests inside the workspace are read'));
      continue;
    }
    let isFolder: boolean;
    try {
      isFolder = (await fsp.stat(path)).isDirectory();
    } catch (e) {
      problems.push(problem(raw, `cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : describe(e)}`));
      continue;
    }
    if (!isFolder) {
      add(path);
      continue;
    }
    let names: Dirent[];
    try {
      names = await fsp.readdir(path, { withFileTypes: true });
    } catch (e) {
      problems.push(problem(raw, `cannot read folder: ${describe(e)}`));
      continue;
    }
    // Not only regular files: a FIFO or device named like a digest is listed so that reading it says why it is refused.
    const digests = names.filter((d) => !d.isDirectory() && !d.name.startsWith('.') && digestFormat(d.name) !== null);
    if (digests.length === 0) problems.push(problem(raw, `folder holds no ${KNOWN_EXTENSIONS} digest files`));
    for (const d of digests) add(join(path, d.name));
  }
  const files = [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, problems };
}

/** Files under `root` matching `pattern` (of a known format, not hidden), walked from the pattern's fixed base. */
async function walkGlob(root: string, pattern: string, max: number, entry: string, problems: Problem[]): Promise<string[]> {
  const absolute = isAbsolute(pattern);
  // Loaded on the first glob (dist/picomatch.js in the extension): most settings name files and folders, not patterns.
  const { default: picomatch } = await import('picomatch');
  const matches = picomatch(absolute ? pattern : pattern.replace(/^\.\//, ''), { dot: false });
  const { base } = picomatch.scan(pattern);
  const start = resolve(root, base);
  const matched: string[] = [];
  let walked = 0;
  let sliceStart = Date.now();
  const stack = [start];
  while (stack.length) {
    const folder = stack.pop()!;
    let children: Dirent[];
    try {
      children = await fsp.readdir(folder, { withFileTypes: true });
    } catch {
      continue; // a folder that vanished or may not be read holds nothing for us
    }
    for (const child of children) {
      if (child.name.startsWith('.') || SKIPPED_FOLDERS.has(child.name)) continue;
      const path = join(folder, child.name);
      // Symlinked folders are not entered: a link to an ancestor would loop.
      if (child.isDirectory()) stack.push(path);
      else if (digestFormat(child.name) !== null) {
        const rel = absolute ? path.split(sep).join('/') : inside(root, path);
        if (rel !== null && matches(rel)) {
          if (matched.length === max) {
            problems.push(problem(entry, `this pattern matches more than ${max} files; only the first ${max} are read. Name a narrower pattern.`));
            return matched;
          }
          matched.push(path);
        }
      }
      if (++walked >= MAX_WALKED) {
        problems.push(
          problem(entry, `this pattern walks more than ${MAX_WALKED} files and folders; only those seen so far are read. Name a narrower pattern.`),
        );
        return matched;
      }
      if (Date.now() - sliceStart > WALK_SLICE_MS) {
        await yieldToLoop();
        sliceStart = Date.now();
      }
    }
  }
  return matched;
}

/**
 * The bytes of each file, as the library reads them. A file that cannot be read (missing by now, a FIFO
 * or device, over the size limit, too slow) is a problem naming it, and the others are still read.
 */
export async function readInputs(files: readonly InputFile[], limits: ReadLimits = {}): Promise<{ files: DigestFile[]; problems: Problem[] }> {
  // Problems in the order of `files`, whichever read fails first.
  const read = await Promise.all(
    files.map(async (f): Promise<DigestFile | Problem> => {
      try {
        return { name: f.name, bytes: await readUserFile(f.path, limits) };
      } catch (e) {
        return problem(f.name, `cannot read: ${describe(e)}`);
      }
    }),
  );
  return { files: read.filter((r): r is DigestFile => 'bytes' in r), problems: read.filter((r): r is Problem => 'severity' in r) };
}

/** `expandEntries` then `readInputs`: the digests `entries` name, read. */
export async function readDigests(
  entries: readonly string[],
  options: ExpandOptions & { limits?: ReadLimits },
): Promise<{ files: DigestFile[]; problems: Problem[] }> {
  const expanded = await expandEntries(entries, options);
  const read = await readInputs(expanded.files, options.limits);
  return { files: read.files, problems: [...expanded.problems, ...read.problems] };
}

/**
 * The digests shipped in `<packageRoot>/seeds`, named `seeds/<file>` on every machine, so the ready cache
 * built with the extension matches what the extension reads.
 */
export function readShippedDigests(packageRoot: string, limits?: ReadLimits): Promise<{ files: DigestFile[]; problems: Problem[] }> {
  return readDigests(['seeds'], { root: packageRoot, limits });
}

/**
 * The knowledge to extract with: the shipped one, with the taxonomy at `path` (relative to `root`) when it
 * reads and validates. Otherwise a problem says why and the shipped taxonomy stays in force.
 */
export async function readTaxonomy(path: string, root: string, limits: ReadLimits = {}): Promise<{ knowledge: Knowledge; problems: Problem[] }> {
  if (!path) return { knowledge: DEFAULT_KNOWLEDGE, problems: [] };
  const fail = (message: string) => ({
    knowledge: DEFAULT_KNOWLEDGE,
    problems: [{ file: path, line: 0, severity: 'error' as const, message: `${message}; using the shipped one` }],
  });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(await readUserFile(resolve(root, path), { maxBytes: 5 * 1024 * 1024, ...limits })));
  } catch (e) {
    return fail(`cannot read taxonomy (${describe(e)})`);
  }
  const parsed = parseTaxonomy(json);
  if ('error' in parsed) return fail(`not a valid taxonomy: ${parsed.error}`);
  return { knowledge: { ...DEFAULT_KNOWLEDGE, taxonomy: parsed.taxonomy }, problems: [] };
}

function describe(e: unknown): string {
  if (e instanceof UserFileError) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

/** The first bytes of a file that may hold BibTeX are searched for an entry; a 20 MB digest is not read twice. */
const BIBTEX_SNIFF_BYTES = 256 * 1024;
const BIBTEX_ENTRY = /^\s*@[a-z]+\s*[{(]/im;

/** Whether `file` may be BibTeX: a `.bib` name, or an `@type{` line near its start (`detectFormat` decides later). */
export function mayBeBibtex(file: DigestFile): boolean {
  if (/\.bib(tex)?$/i.test(file.name)) return true;
  const text = 'text' in file ? file.text.slice(0, BIBTEX_SNIFF_BYTES) : new TextDecoder('latin1').decode(file.bytes.subarray(0, BIBTEX_SNIFF_BYTES));
  return BIBTEX_ENTRY.test(text);
}

/**
 * Gives `readers` what reading `files` needs: the BibTeX reader (the fast pass of `sources/bibfast.ts` with Better
 * BibTeX's parser behind it, loaded once, 0.2–0.5 s) only when some file may be BibTeX. `readers` is the object the library was built with, so later updates see the parser too.
 */
export async function prepareReaders(files: readonly DigestFile[], readers: ReadOptions): Promise<ReadOptions> {
  if (!readers.parseBibtex && files.some(mayBeBibtex)) {
    // Both readers load here, on the first input that may be BibTeX (dist/bibfast.js and dist/bibtexParser.js in the extension).
    const { fastBibtexParser } = await import('./core/sources/bibfast');
    const full = await loadBibtexParser();
    // The fast pass reads ~98 % of real entries itself; the parser reads the rest with the file's @strings and lines.
    readers.parseBibtex = fastBibtexParser(() => full);
  }
  return readers;
}
