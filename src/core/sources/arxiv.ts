/** arXiv listings as people keep them: the daily e-mail digest and the text of a `/list/<cat>/new` page copied from a browser. */
import type { Entry, Problem } from '../model';
import { preview, sightingEntry, type SourceRead } from './entry';
import { normalizeDoi, pageStyleDate, splitAuthorList } from './ids';
import { plainText } from './tex';

const ID = String.raw`(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?`;
/** `arXiv:2601.11559` or `arXiv:2601.11559 (*cross-listing*)`: the line after a `\\` that opens an e-mail entry. */
const EMAIL_ID = new RegExp(String.raw`^arXiv:${ID}(?:\s.*)?$`);
const FIELD = /^([A-Za-z][A-Za-z-]*):\s*(.*)$/;

/** `cs.LG`, `math.NA`, `cond-mat.mtrl-sci`, `q-bio.NC`: an archive and a subject class. */
const CLASS = /^[a-z]+(?:-[a-z]+)*\.[A-Za-z]+(?:-[a-z]+)*$/;
/** Archives whose name alone is a category (no subject classes, or none before 2009); `cs` or `math` alone is not one. */
const WHOLE_ARCHIVES = new Set(['astro-ph', 'cond-mat', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph']);

/**
 * `text` (trimmed) when it is an arXiv category: an archive with a subject class (`cs.LG`) or an archive that
 * is a category by itself (`hep-th`); null for anything else, including a bare `cs` (Zotero writes
 * `arXiv:… [cs]`, which names the archive but not the class) and for null or undefined.
 */
export function arxivCategory(text: string | null | undefined): string | null {
  const t = text?.trim() ?? '';
  return CLASS.test(t) || WHOLE_ARCHIVES.has(t) ? t : null;
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

interface EmailEntry {
  line: number;
  id: string;
  fields: Map<string, string>;
  lastField: string | null;
  phase: 'header' | 'abstract';
  abstract: string[];
  replaced: boolean;
}

/**
 * Reads an arXiv e-mail digest: entries open with a `\\` line and `arXiv:<id>`, then `Date:`, `Title:`,
 * `Authors:`, `Categories:` and other fields (continued on indented lines), the abstract between `\\`
 * lines, and close with `\\ ( https://arxiv.org/abs/<id> , 704kb)`. Replacements ("replaced with
 * revised version") have no abstract and are kept without one. An entry the file ends in (a half-copied
 * digest) is reported: skipped if its fields were cut, kept without its abstract if only that was cut.
 * Never throws.
 */
export function readArxivEmail(text: string, file: string): SourceRead {
  const lines = splitLines(text);
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  const warn = (line: number, message: string) => problems.push({ file, line, severity: 'warning', message });
  let pageDate: string | null = null;
  let cur: EmailEntry | null = null;

  const finish = (e: EmailEntry, closed: boolean) => {
    const title = e.fields.get('Title');
    if (!title) {
      warn(e.line, `arXiv:${e.id} has no Title field; skipped`);
      return;
    }
    if (!closed && e.phase === 'header') {
      warn(e.line, `arXiv:${e.id} "${preview(title)}" is cut off before its abstract (a half-copied entry?); skipped`);
      return;
    }
    if (!closed) warn(e.line, `arXiv:${e.id} "${preview(title)}" ends before its abstract closes (a half-copied entry?); kept without the abstract`);
    const date = e.replaced ? null : pageStyleDate(e.fields.get('Date') ?? '');
    entries.push(
      sightingEntry({
        title,
        abstract: closed ? e.abstract.join(' ') : '',
        // Author lists carry TeX accents (`Sch\"on`); titles keep their TeX, where `$…$` math would not survive removal.
        authorNames: splitAuthorList(plainText(e.fields.get('Authors') ?? '', true)),
        arxiv: e.id,
        // `Categories: cs.AI cs.LG`: the primary category comes first.
        arxivClass: arxivCategory(e.fields.get('Categories')?.trim().split(/\s+/)[0]),
        doi: normalizeDoi(e.fields.get('DOI')),
        venue: e.fields.get('Journal-ref') ?? null,
        date: date?.date ?? null,
        year: date?.year ?? null,
        file,
        line: e.line,
        origin: 'arxiv-email',
        pageDate,
      }),
    );
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!cur && pageDate === null && /^\s*received from\b/.test(line)) {
      // `received from  Fri 16 Jan 26 19:00:00 GMT  to  Tue 20 Jan 26 19:00:00 GMT`: the mailing's day is the end of the window.
      pageDate = pageStyleDate(line.replace(/^.*\bto\b/, ''))?.date ?? null;
      continue;
    }
    if (/^\\\\\s*$/.test(line)) {
      if (cur?.phase === 'header') {
        cur.phase = 'abstract';
        continue;
      }
      const m = EMAIL_ID.exec(lines[i + 1] ?? '');
      if (m) {
        if (cur) finish(cur, false);
        cur = { line: i + 2, id: m[1], fields: new Map(), lastField: null, phase: 'header', abstract: [], replaced: false };
        i++;
      }
      continue;
    }
    if (!cur) continue;
    if (/^\\\\ \(/.test(line)) {
      finish(cur, true);
      cur = null;
      continue;
    }
    if (cur.phase === 'abstract') {
      if (line.trim()) cur.abstract.push(line.trim());
      continue;
    }
    if (/^replaced with revised version\b/.test(line)) {
      cur.replaced = true;
      continue;
    }
    const field = FIELD.exec(line);
    if (field) {
      cur.fields.set(field[1], field[2].trim());
      cur.lastField = field[1];
    } else if (/^\s+\S/.test(line) && cur.lastField) {
      cur.fields.set(cur.lastField, `${cur.fields.get(cur.lastField)} ${line.trim()}`);
    }
  }
  if (cur) finish(cur, false);
  if (entries.length === 0) problems.push({ file, line: 0, severity: 'error', message: 'no arXiv entries found in this e-mail digest' });
  return { entries, problems };
}

/** `[3] arXiv:2609.06137 (cross-list from q-fin.CP) [pdf, html, other]`: one entry of a list page. */
const LIST_START = new RegExp(String.raw`^\s*(?:-\s*)?\[(\d+)\]\s*arXiv:${ID}\b`);
/** Section headings and page furniture that end the abstract before them. */
const LIST_BREAK =
  /^\s*(?:(?:New|Cross|Replacement) submissions\b|Cross-lists\b|Replacements\b|Total of \d+ entries|Showing up to \d+ entries|fewer \| more \| all|Showing new listings for\b|We gratefully acknowledge\b|About$)/i;
const LIST_LABEL = /^(Title|Authors|Comments|Journal-ref|Subjects|DOI|Report-no|ACM-class|MSC-class):\s*(.*)$/;

interface ListEntry {
  line: number;
  id: string;
  fields: Map<string, string>;
  /** The page shows authors as a plain line after the title (older pages: `Authors:`). */
  authors: string | null;
  abstract: string[];
  phase: 'header' | 'abstract' | 'done';
}

/**
 * Reads the text of an arXiv `/list/<category>/new` (or `/recent`) page as a browser copies it:
 * `[1] arXiv:<id> [pdf, html, other]`, `Title: …`, the authors (a plain line, or `Authors: …` on older
 * pages), `Comments:`, `Journal-ref:`, `Subjects:`, then the abstract up to the next entry or section.
 * A last entry cut before its `Subjects:` line (a half-copied page) is reported and skipped; one whose
 * abstract stops mid-sentence is kept with a warning. Never throws.
 */
export function readArxivList(text: string, file: string): SourceRead {
  const lines = splitLines(text);
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  const warn = (line: number, message: string) => problems.push({ file, line, severity: 'warning', message });
  let pageDate: string | null = null;
  const found: ListEntry[] = [];
  let cur: ListEntry | null = null;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const date = /^Showing new listings for (.+)$/i.exec(line);
    if (date) pageDate = pageStyleDate(date[1])?.date ?? pageDate;
    const start = LIST_START.exec(line);
    if (start) {
      cur = { line: i + 1, id: start[2], fields: new Map(), authors: null, abstract: [], phase: 'header' };
      found.push(cur);
      continue;
    }
    if (!cur || cur.phase === 'done' || !line) continue;
    if (LIST_BREAK.test(line)) {
      cur.phase = 'done';
      continue;
    }
    if (cur.phase === 'abstract') {
      cur.abstract.push(line);
      continue;
    }
    const label = LIST_LABEL.exec(line);
    if (label) {
      if (label[1] === 'Authors') cur.authors = label[2];
      else cur.fields.set(label[1], label[2]);
      if (label[1] === 'Subjects') cur.phase = 'abstract';
    } else if (cur.fields.has('Title') && cur.authors === null) {
      cur.authors = line;
    }
  }

  found.forEach((e, n) => {
    const last = n === found.length - 1;
    const title = e.fields.get('Title');
    if (!title) {
      warn(e.line, `arXiv:${e.id} has no "Title:" line${last ? ' (a half-copied last entry?)' : ''}; skipped`);
      return;
    }
    if (!e.fields.has('Subjects') && last) {
      warn(e.line, `arXiv:${e.id} "${preview(title)}" is cut off before its "Subjects:" line (a half-copied last entry?); skipped`);
      return;
    }
    const abstract = e.abstract.join(' ');
    if (last && abstract && !/[.!?)\]"'”’$]$/.test(abstract)) {
      warn(e.line, `the abstract of arXiv:${e.id} "${preview(title)}" stops mid-sentence (a half-copied last entry?); kept as copied`);
    }
    entries.push(
      sightingEntry({
        title,
        abstract,
        authorNames: splitAuthorList(plainText(e.authors ?? '', true)),
        arxiv: e.id,
        // `Subjects: Artificial Intelligence (cs.AI); Machine Learning (cs.LG)`: the page shows the primary subject first.
        arxivClass: arxivCategory(/\(([^()]*)\)/.exec(e.fields.get('Subjects') ?? '')?.[1]),
        doi: normalizeDoi(e.fields.get('DOI')),
        venue: e.fields.get('Journal-ref') ?? null,
        file,
        line: e.line,
        origin: 'arxiv-list',
        pageDate,
      }),
    );
  });
  if (entries.length === 0) problems.push({ file, line: 0, severity: 'error', message: 'no arXiv entries found in this listing' });
  return { entries, problems };
}
