/** Cutting a large `.bib` in two at an entry, so a worker reads the second part while this thread reads the first. */
import { ByTitleAndAbstract, enrichmentOf, type Enrichment, type Knowledge } from '../extract';
import type { Problem } from '../model';
import { awaitSteps, ITEMS_PER_STEP, type Steps } from '../steps';
import { readBibtex, type BibtexParser } from './bibtex';
import { DETECT_CHARS, detectFormat, withDuplicateKeys, type BibtexPart, type PartRead, type ReadOptions, type SourceResult } from './detect';
import type { SourceRead } from './entry';

/** The two parts of a cut `.bib`, as bytes: only this thread's part is decoded here. */
export interface BibtexCut {
  /** What this thread reads: the file from its start to the cut. */
  head: Uint8Array;
  /** What the worker reads: the file's opening (`@string`s and comments before the first entry), then the file from the cut on. */
  tail: Uint8Array;
  /** Added to a line of `tail` to give its line in the file: the head's lines less the opening's. */
  lineOffset: number;
  /** The opening's length in bytes: what comes before the first entry's line opens both parts. */
  opening: number;
}

/**
 * Where the cut falls: a little past the middle. The worker's half costs more than this thread's: its text is copied to it
 * and its entries and enrichments copied back (measured: the worker answered 0.1-0.3 s after this thread finished its half).
 */
const HEAD_SHARE = 0.55;

/** Below this many bytes (about 2,000 entries with abstracts) a worker's start and copying cost more than they save. */
export const CUT_MIN_BYTES = 2_000_000;

/**
 * What ties an entry to another or to a group, or changes how later entries read: a cut could part them. Tested one by
 * one: each literal alone is a fast scan of the text, an alternation of them several times slower (94 vs 14 ms a
 * pattern on 20 MB).
 */
const LINKS = [/crossref\s*=/i, /xdata\s*=/i, /@\s*set\s*[{(]/i, /jabref-meta/i];
/** What the tail would not see if the head wrote it after its opening: `@string`s and `@preamble`s. */
const DEFINITIONS = [/@\s*string\s*[{(]/i, /@\s*preamble\s*[{(]/i];
/** Directives that are not entries. */
const NOT_ENTRIES = new Set(['string', 'comment', 'preamble']);
const isSpace = (b: number) => b === 32 || b === 9 || b === 10 || b === 13;
const isLetter = (b: number) => (b | 32) >= 97 && (b | 32) <= 122;

/** Whether the line at `i` opens an entry: spaces or tabs, `@`, a name other than string, comment or preamble, `{` or `(`. */
function opensEntry(bytes: Uint8Array, i: number): boolean {
  while (bytes[i] === 32 || bytes[i] === 9) i++;
  if (bytes[i] !== 64) return false;
  for (i++; isSpace(bytes[i]); i++);
  let name = '';
  for (; isLetter(bytes[i]); i++) name += String.fromCharCode(bytes[i] | 32);
  for (; isSpace(bytes[i]); i++);
  return name !== '' && !NOT_ENTRIES.has(name) && (bytes[i] === 123 || bytes[i] === 40);
}

/**
 * The start of the first line at or after `from` that opens an entry, or -1. Read in bytes: the marks are ASCII, which
 * UTF-8 keeps as they are, so only the head is ever decoded here.
 */
function entryLineFrom(bytes: Uint8Array, from: number): number {
  let line = from === 0 || bytes[from - 1] === 10 ? from : bytes.indexOf(10, from) + 1;
  if (line === 0 && from !== 0) return -1;
  while (!opensEntry(bytes, line)) {
    const next = bytes.indexOf(10, line);
    if (next === -1) return -1;
    line = next + 1;
  }
  return line;
}

/**
 * The bytes of a UTF-8 `.bib` cut at the first entry line past `HEAD_SHARE` of it, or null when it is small, not plain
 * UTF-8 (a byte-order mark of UTF-16, or NULs early on) or has no such line. A UTF-8 byte-order mark is left out of both
 * parts. Whether the parts read as the whole file does is told by `partsMayDiffer` on each part (each thread tests its
 * own) and by `joinParts`: a cut inside a value that holds a line starting with `@` leaves a broken entry, and the file is
 * read whole.
 */
export function cutBibtex(bytes: Uint8Array, minBytes = CUT_MIN_BYTES): BibtexCut | null {
  if (bytes.length < minBytes || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  if (bytes.subarray(0, 8192).includes(0)) return null;
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const opening = entryLineFrom(body, 0);
  if (opening === -1) return null;
  const cut = entryLineFrom(body, Math.max(opening + 1, Math.floor(body.length * HEAD_SHARE)));
  if (cut === -1) return null;
  const tail = new Uint8Array(opening + body.length - cut);
  tail.set(body.subarray(0, opening));
  tail.set(body.subarray(cut), opening);
  let lineOffset = 0;
  for (let i = body.indexOf(10, opening); i !== -1 && i < cut; i = body.indexOf(10, i + 1)) lineOffset++;
  return { head: body.subarray(0, cut), tail, lineOffset, opening };
}

/** UTF-8 bytes as text, or null when they are not valid UTF-8 (the whole file's read then says how it was decoded). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether a part of a cut file may read otherwise than within the whole file: it links entries (crossref, xdata, `@set`,
 * JabRef groups), or, for the head, defines `@string`s or a `@preamble` after the opening, which the tail would not see.
 */
export function partsMayDiffer(part: string, kind: 'head' | 'tail', opening = 0): boolean {
  if (LINKS.some((link) => link.test(part))) return true;
  return kind === 'head' && DEFINITIONS.some((definition) => definition.test(part.slice(opening)));
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
  const text = decodeUtf8(part.bytes);
  if (text === null || partsMayDiffer(text, 'tail')) return { entries: [], problems: [], enrichments: [], differs: true };
  const read = tailLines(readBibtex(text, part.name, parse), part);
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
  /** Files smaller than this are read whole (`CUT_MIN_BYTES` unless given; tests cut small files). */
  minBytes?: number;
  /** Enrichments made while reading; the build takes a paper's from here before extracting it. */
  known: ByTitleAndAbstract<Enrichment>;
}

/**
 * A large `.bib` read on two threads (`cutBibtex`): `read.readAside` (a worker) reads and extracts the tail while this
 * thread reads the head and extracts its papers into `known`. Null, so the file is read here whole, when the file is not
 * cut, the worker fails, or a part does not read cleanly (`joinParts`); the head's enrichments stay valid then.
 */
export function* readCutSteps(name: string, bytes: Uint8Array, read: ReadOptions, { knowledge, known, minBytes }: CutContext): Steps<SourceResult | null> {
  const parse = read.parseBibtex;
  const cut = read.readAside && parse ? cutBibtex(bytes, minBytes) : null;
  // The format as the whole file's read tells it, from its start (`detectFormat` reads no further).
  if (!cut || !parse || !read.readAside || detectFormat(name, new TextDecoder().decode(cut.head.subarray(0, DETECT_CHARS))) !== 'bibtex') return null;
  // Settled here, so a worker's failure is never an unhandled rejection while this thread is busy.
  const tail = read.readAside({ name, bytes: cut.tail, lineOffset: cut.lineOffset }, knowledge).then(
    (part) => (!part.differs && part.enrichments.length === part.entries.length ? part : null),
    () => null,
  );
  yield;
  const text = decodeUtf8(cut.head);
  if (text === null || partsMayDiffer(text, 'head', decodeUtf8(cut.head.subarray(0, cut.opening))?.length)) return null;
  const head = readBibtex(text, name, parse);
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
