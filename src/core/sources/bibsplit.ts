/** Cutting a large `.bib` in two at an entry, so a worker reads the second part while this thread reads the first. */
import { ByTitleAndAbstract, enrichmentOf, type Enrichment, type Knowledge } from '../extract';
import type { Problem } from '../model';
import { awaitSteps, ITEMS_PER_STEP, type Steps } from '../steps';
import { readBibtex, type BibtexParser } from './bibtex';
import { withDuplicateKeys, type BibtexPart, type PartRead, type ReadOptions, type SourceResult } from './detect';
import type { SourceRead } from './entry';

/** The two parts of a cut `.bib`. */
export interface BibtexCut {
  /** What this thread reads: the file from its start to the cut. */
  head: string;
  /** What the worker reads: the file's opening `@string`s and comments, then the file from the cut on. */
  tail: string;
  /** Added to a line of `tail` to give its line in the file: the head's lines less the opening's. */
  lineOffset: number;
  /** Where the first entry's line starts: what comes before it (`@string`s, comments) opens both parts. */
  opening: number;
}

/** Below this many characters (about 2,000 entries with abstracts) a worker's start and copying cost more than they save. */
export const CUT_MIN_CHARS = 2_000_000;

/**
 * What ties an entry to another or to a group, or changes how later entries read: a cut could part them. Tested one by
 * one: each literal alone is a fast scan of the text, an alternation of them several times slower (94 vs 14 ms a
 * pattern on 20 MB).
 */
const LINKS = [/crossref\s*=/i, /xdata\s*=/i, /@\s*set\s*[{(]/i, /jabref-meta/i];
/** What the tail would not see if the head wrote it after its opening: `@string`s and `@preamble`s. */
const DEFINITIONS = [/@\s*string\s*[{(]/i, /@\s*preamble\s*[{(]/i];
/** An entry's `@` at the start of a line that is not `@string`, `@comment` or `@preamble`. */
const ENTRY_LINE = /(?:^|\n)[ \t]*@\s*(?!string\b|comment\b|preamble\b)[A-Za-z]+\s*[{(]/gi;

/** Where the line of an `ENTRY_LINE` match starts. */
const lineStart = (m: RegExpExecArray) => (m[0].startsWith('\n') ? m.index + 1 : m.index);

/**
 * `text` cut at the first entry that starts a line at or after its middle, or null when it is small or has no such entry.
 * Whether the parts read as the whole file does is told by `partsMayDiffer` on each part (each thread tests its own) and
 * by `joinParts`: a cut inside a value that holds a line starting with `@` leaves a broken entry, and the file is read whole.
 */
export function cutBibtex(text: string, minChars = CUT_MIN_CHARS): BibtexCut | null {
  if (text.length < minChars) return null;
  ENTRY_LINE.lastIndex = 0;
  const first = ENTRY_LINE.exec(text);
  if (!first) return null;
  const opening = lineStart(first);
  ENTRY_LINE.lastIndex = Math.max(opening + 1, text.length >> 1);
  const middle = ENTRY_LINE.exec(text);
  if (!middle) return null;
  const cut = lineStart(middle);
  return {
    head: text.slice(0, cut),
    tail: text.slice(0, opening) + text.slice(cut),
    opening,
    lineOffset: lineCount(text, opening, cut),
  };
}

/**
 * Whether a part of a cut file may read otherwise than within the whole file: it links entries (crossref, xdata, `@set`,
 * JabRef groups), or, for the head, defines `@string`s or a `@preamble` after the opening, which the tail would not see.
 */
export function partsMayDiffer(part: string, kind: 'head' | 'tail', opening = 0): boolean {
  if (LINKS.some((link) => link.test(part))) return true;
  return kind === 'head' && DEFINITIONS.some((definition) => definition.test(part.slice(opening)));
}

/** How many line breaks `text` has from `from` to `to`. */
function lineCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The tail's read with the lines of the whole file: each line moved on by the cut's offset; line 0 (the file as a whole)
 * stays. The opening's only problems are errors (a broken `@string`), which `joinParts` turns down.
 */
export function tailLines(read: SourceRead, cut: Pick<BibtexCut, 'lineOffset'>): SourceRead {
  for (const e of read.entries) e.source.line += cut.lineOffset;
  return { entries: read.entries, problems: read.problems.map((p) => (p.line > 0 ? { ...p, line: p.line + cut.lineOffset } : p)) };
}

/**
 * The whole file's read from its two parts, or null when a part has an error (a cut that broke an entry, or a part the
 * parser could not read): the caller then reads the file whole, so a cut costs time, never an entry or a problem. A
 * problem of the whole file (line 0, such as an undefined `@string`) is said once, as the whole file says it.
 */
export function joinParts(head: SourceRead, tail: SourceRead): SourceRead | null {
  const error = (p: Problem) => p.severity === 'error';
  if (head.problems.some(error) || tail.problems.some(error)) return null;
  const said = new Set(head.problems.filter((p) => p.line === 0).map((p) => p.message));
  return { entries: [...head.entries, ...tail.entries], problems: [...head.problems, ...tail.problems.filter((p) => p.line > 0 || !said.has(p.message))] };
}

/**
 * The tail of a cut file as the worker reads it (`ReadOptions.readAside`): its entries and problems with the whole file's
 * lines, and each entry's enrichment (one per title and abstract); nothing read when the part links entries.
 */
export function readPart(part: BibtexPart, parse: BibtexParser, knowledge: Knowledge): PartRead {
  if (partsMayDiffer(part.text, 'tail')) return { entries: [], problems: [], enrichments: [], differs: true };
  const read = tailLines(readBibtex(part.text, part.name, parse), part);
  const known = new ByTitleAndAbstract<Enrichment>();
  const enrichments = read.entries.map((e) => {
    let enrichment = known.get(e);
    if (!enrichment) known.set(e, (enrichment = enrichmentOf(e.title, e.abstract, knowledge)));
    return enrichment;
  });
  return { ...read, enrichments };
}

/** What a build lends `readFileSteps` so a large `.bib` can be read on two threads: the knowledge, and where enrichments go. */
export interface CutContext {
  knowledge: Knowledge;
  /** Enrichments made while reading; the build takes a paper's from here before extracting it. */
  known: ByTitleAndAbstract<Enrichment>;
}

/**
 * A large `.bib` read on two threads (`cutBibtex`): `read.readAside` (a worker) reads and extracts the tail while this
 * thread reads the head and extracts its papers into `known`. Null, so the file is read here whole, when the file is not
 * cut, the worker fails, or a part does not read cleanly (`joinParts`); the head's enrichments stay valid then.
 */
export function* readCutSteps(name: string, text: string, read: ReadOptions, { knowledge, known }: CutContext): Steps<SourceResult | null> {
  const parse = read.parseBibtex;
  const cut = read.readAside && parse ? cutBibtex(text) : null;
  if (!cut || !parse || !read.readAside) return null;
  // Settled here, so a worker's failure is never an unhandled rejection while this thread is busy.
  const tail = read.readAside({ name, text: cut.tail, lineOffset: cut.lineOffset }, knowledge).then(
    (part) => (!part.differs && part.enrichments.length === part.entries.length ? part : null),
    () => null,
  );
  yield;
  if (partsMayDiffer(cut.head, 'head', cut.opening)) return null;
  const head = readBibtex(cut.head, name, parse);
  for (let i = 0; i < head.entries.length; i++) {
    if (i % (ITEMS_PER_STEP / 4) === 0) yield;
    const e = head.entries[i];
    if (!known.get(e)) known.set(e, enrichmentOf(e.title, e.abstract, knowledge));
  }
  const part = yield* awaitSteps(tail);
  const joined = part && joinParts(head, part);
  if (!part || !joined) return null;
  for (let i = 0; i < part.entries.length; i++) known.set(part.entries[i], part.enrichments[i]);
  return withDuplicateKeys(joined);
}
