/**
 * Reading a large `.bib` in parts, each cut at an entry: the sightings of each part are handed on as soon as it is read,
 * so a worker extracts the first papers while this thread reads the rest (see `SharedExtraction`).
 */
import { decodeText } from '../decode';
import type { Entry, Problem } from '../model';
import { type Steps } from '../steps';
import { readBibtex, type BibtexParser } from './bibtex';
import { withDuplicateKeys, type SourceResult } from './detect';
import type { SourceRead } from './entry';

/** The parts of a cut `.bib`, as bytes: each is decoded and read when its turn comes. */
export interface BibtexCut {
  /** What comes before the first entry's line (`@string`s, comments): it opens every part. */
  opening: Uint8Array;
  /** The file from the first entry's line on, cut before an entry line about every `partBytes`. */
  parts: Uint8Array[];
}

/** A part's size: about a thousand entries with abstracts, read in some 50 ms here. */
export const PART_BYTES = 1_000_000;
/** Below this size a file is read at once: it holds too few papers for a worker to pay. */
export const CUT_MIN_BYTES = 2_000_000;

/**
 * What ties an entry to another or to a group, or changes how later entries read: a cut could part them. Tested one by
 * one: each literal alone is a fast scan of the text, an alternation of them several times slower (94 vs 14 ms a
 * pattern on 20 MB).
 */
const LINKS = [/crossref\s*=/i, /xdata\s*=/i, /@\s*set\s*[{(]/i, /jabref-meta/i];
/** What a later part would not see if an earlier one defined it after the opening: `@string`s and `@preamble`s. */
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
 * UTF-8 keeps as they are, so a part is decoded only when it is read.
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
 * The bytes of a UTF-8 `.bib` cut before an entry line about every `partBytes`, or null when it is smaller than
 * `minBytes`, not plain UTF-8 (a byte-order mark of UTF-16, or NULs early on) or has no entry. A UTF-8 byte-order mark
 * is left out. Whether the parts read as the whole file does is told by `partsMayDiffer` on each part and by
 * `joinParts`: a cut inside a value that holds a line starting with `@` leaves a broken entry, and the file is read whole.
 */
export function cutBibtex(bytes: Uint8Array, partBytes = PART_BYTES, minBytes = CUT_MIN_BYTES): BibtexCut | null {
  if (bytes.length < minBytes || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  if (bytes.subarray(0, 8192).includes(0)) return null;
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const first = entryLineFrom(body, 0);
  if (first === -1) return null;
  const parts: Uint8Array[] = [];
  for (let start = first; start < body.length;) {
    const next = start + partBytes >= body.length ? -1 : entryLineFrom(body, start + partBytes);
    const end = next === -1 ? body.length : next;
    parts.push(body.subarray(start, end));
    start = end;
  }
  return { opening: body.subarray(0, first), parts };
}

/** UTF-8 bytes as text, or null when they are not valid UTF-8 (the whole file's read then says how it was decoded). */
function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return decodeText(bytes, 'utf-8');
  } catch {
    return null;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Whether a part may read otherwise than within the whole file: it links entries (crossref, xdata, `@set`, JabRef
 * groups), or, past the opening, defines `@string`s or a `@preamble`, which later parts would not see.
 */
export function partsMayDiffer(part: string, kind: 'opening' | 'entries'): boolean {
  if (LINKS.some((link) => link.test(part))) return true;
  return kind === 'entries' && DEFINITIONS.some((definition) => definition.test(part));
}

/** A part's read with the lines of the whole file: each line moved on by the part's offset; line 0 (the file as a whole) stays. */
function withFileLines(read: SourceRead, lineOffset: number): SourceRead {
  if (!lineOffset) return read;
  for (const e of read.entries) e.source.line += lineOffset;
  return { entries: read.entries, problems: read.problems.map((p) => (p.line > 0 ? { ...p, line: p.line + lineOffset } : p)) };
}

/**
 * The whole file's read from its parts', or null when a part has an error (a cut that broke an entry, or a part the
 * parser could not read): the caller then reads the file whole, so a cut costs time, never an entry or a problem. A
 * problem of the whole file (line 0, such as an undefined `@string`) is said once, as the whole file says it.
 */
export function joinParts(reads: readonly SourceRead[]): SourceRead | null {
  if (reads.some((r) => r.problems.some((p) => p.severity === 'error'))) return null;
  const said = new Set<string>();
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  for (const r of reads) {
    for (const e of r.entries) entries.push(e);
    for (const p of r.problems) {
      if (p.line === 0 && said.has(p.message)) continue;
      if (p.line === 0) said.add(p.message);
      problems.push(p);
    }
  }
  return { entries, problems };
}

/**
 * A large `.bib`'s bytes read part by part, `onPart` hearing each part's sightings as soon as they are read. Null, so the
 * file is read whole, when it is not cut (`cutBibtex`), a part is not UTF-8 or may read otherwise (`partsMayDiffer`), or
 * a part does not read cleanly (`joinParts`).
 */
export function* readBibtexPartsSteps(
  name: string,
  bytes: Uint8Array,
  parse: BibtexParser,
  onPart: (entries: readonly Entry[]) => void,
  partBytes?: number,
  minBytes?: number,
): Steps<SourceResult | null> {
  const cut = cutBibtex(bytes, partBytes, minBytes);
  const opening = cut && utf8OrNull(cut.opening);
  if (!cut || opening === null || partsMayDiffer(opening, 'opening')) return null;
  const reads: SourceRead[] = [];
  // Lines of the file before the part being read, past the opening: what moves the part's lines to the file's.
  let lines = 0;
  for (const part of cut.parts) {
    yield;
    const text = utf8OrNull(part);
    if (text === null || partsMayDiffer(text, 'entries')) return null;
    const read = withFileLines(readBibtex(opening + text, name, parse), lines);
    lines += countLines(text);
    onPart(read.entries);
    reads.push(read);
  }
  const joined = joinParts(reads);
  return joined && withDuplicateKeys(joined);
}
