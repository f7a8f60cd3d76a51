/** Tells input formats apart by content (the file extension only breaks ties) and reads a file with the right reader. */
import type { Entry, Origin, Problem } from '../model';
import { parseDigest } from '../parse';
import { readArxivEmail, readArxivList } from './arxiv';
import { readBibtex, type BibtexParser } from './bibtex';
import type { SourceRead } from './entry';
import { readCslJson } from './csljson';
import type { Knowledge } from '../extract';
import type { ExtractionShare } from '../sharedExtraction';

/** A file's name and decoded text. */
export interface SourceFile {
  name: string;
  text: string;
}

/** What `readSource` found in one file. `format` is null when the format was not recognised. */
export interface SourceResult {
  entries: Entry[];
  problems: Problem[];
  format: Origin | null;
}

const EMAIL = /^\\\\[ \t]*\r?\n\s*arXiv:(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/m;
const LIST = /^\s*(?:-\s*)?\[\d+\]\s*arXiv:(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/m;
const BIB_ENTRY = /^\s*@(\w+)\s*[{(]/gm;
/** How much of a file `detectFormat` reads. */
export const DETECT_CHARS = 256 * 1024;

/**
 * The format of a file, by content first:
 * - `csljson`: text starting with `[` or `{` (a `.json` file that is not JSON is still `csljson`, so its reader names the error);
 * - `arxiv-email`: a `\\` line followed by `arXiv:<id>`;
 * - `arxiv-list`: a line `[N] arXiv:<id>`;
 * - `bibtex`: a line opening `@type{` that is not `@string`/`@comment`/`@preamble`, or any `@…{` line in a `.bib` file;
 * - `hfpage`: any other `.txt`/`.md` (or extension-less) text, the Hugging Face Daily Papers layouts.
 * Null for empty text or an unknown extension with no recognisable content.
 */
export function detectFormat(name: string, text: string): Origin | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1].toLowerCase() ?? '';
  // A format shows in its first entries: a 20 MB file is not searched whole, three times over.
  const body = text.slice(0, DETECT_CHARS).replace(/^\uFEFF/, '');
  if (!body.trim()) return ext === 'json' ? 'csljson' : null;
  if (/^\s*[[{]/.test(body) || ext === 'json') return 'csljson';
  if (EMAIL.test(body)) return 'arxiv-email';
  if (LIST.test(body)) return 'arxiv-list';
  const kinds = [...body.matchAll(BIB_ENTRY)].map((m) => m[1].toLowerCase());
  if (kinds.some((k) => k !== 'string' && k !== 'comment' && k !== 'preamble') || (ext === 'bib' && kinds.length)) return 'bibtex';
  if (ext === 'bib' || ext === 'bibtex') return 'bibtex';
  if (ext === '' || ext === 'txt' || ext === 'md' || ext === 'markdown') return 'hfpage';
  return null;
}

/** Options of `readSource`. */
export interface ReadOptions {
  /**
   * The BibTeX parser (`parseBibtex` of `src/core/bibtex.ts` once that branch is merged). Without it a
   * `.bib` file is reported as unreadable rather than guessed at.
   */
  parseBibtex?: BibtexParser;
  /**
   * Extraction shared with another thread (a worker) for one build: the titles and abstracts read go there in chunks
   * while this thread reads on (`SharedExtraction`). Undefined when no worker is at hand; a worker's failure costs
   * time, never papers.
   */
  shareExtraction?: (knowledge: Knowledge) => ExtractionShare | undefined;
}

/**
 * Reads one file with the reader for its format (`detectFormat`). Never throws: an unrecognised
 * format, an empty file or a missing BibTeX parser is a problem, and `entries` is then empty.
 * Hugging Face sightings get `origin: 'hfpage'`.
 */
export function readSource(file: SourceFile, options: ReadOptions = {}, format = detectFormat(file.name, file.text)): SourceResult {
  const fail = (message: string): SourceResult => ({ entries: [], problems: [{ file: file.name, line: 0, severity: 'error', message }], format });
  switch (format) {
    case null:
      return fail(file.text.trim() ? 'not a format LitDigest reads (a Hugging Face page, an arXiv listing, BibTeX or CSL-JSON)' : 'the file is empty');
    case 'hfpage': {
      const { entries, problems } = parseDigest(file.text, file.name);
      for (const e of entries) e.source.origin = 'hfpage';
      return { entries, problems, format };
    }
    case 'arxiv-email':
      return { ...readArxivEmail(file.text, file.name), format };
    case 'arxiv-list':
      return { ...readArxivList(file.text, file.name), format };
    case 'csljson':
      return { ...readCslJson(file.text, file.name), format };
    case 'bibtex': {
      if (!options.parseBibtex) return fail('BibTeX cannot be read: no BibTeX parser is configured');
      return withDuplicateKeys(readBibtex(file.text, file.name, options.parseBibtex));
    }
  }
}

/** A `.bib` file's read as `readSource` gives it: its keys written twice reported, problems in line order. */
export function withDuplicateKeys(read: SourceRead): SourceResult {
  return { entries: read.entries, problems: [...read.problems, ...duplicateKeys(read.entries)].sort((a, b) => a.line - b.line), format: 'bibtex' };
}

/**
 * A key written twice in one file, with both lines: `bibtex` stops at the repeat, and a citation of it would be
 * ambiguous. Keys that differ only in case count as the same, as `bibtex` counts them.
 */
function duplicateKeys(entries: readonly Entry[]): Problem[] {
  const first = new Map<string, Entry>();
  const problems: Problem[] = [];
  for (const e of entries) {
    const key = e.source.bibKey;
    if (key === undefined) continue;
    const earlier = first.get(key.toLowerCase());
    if (!earlier) first.set(key.toLowerCase(), e);
    else
      problems.push({
        file: e.source.file,
        line: e.source.line,
        severity: 'warning',
        message: `the key ${key} is also used at line ${earlier.source.line}${earlier.source.bibKey === key ? '' : ` (as ${earlier.source.bibKey})`}: bibtex stops at a repeated key; rename one of them`,
      });
  }
  return problems;
}
