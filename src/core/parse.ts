/** Digest text in any known layout → one entry per paper sighting, plus problems found on the way. */
import type { Entry, Problem } from './model';
import { ITEMS_PER_STEP, runSync, type Steps } from './steps';

/**
 * How a digest file is laid out:
 * - `compact`: no blank lines; title and abstract lines alternate (`000_…`);
 * - `spaced`: title, blank, abstract, blank (`001_…`);
 * - `spaced-meta`: like `spaced`, each abstract followed by author/organisation, `·` and date lines (`002_…`);
 * - `empty`: no paper found.
 */
export type Layout = 'compact' | 'spaced' | 'spaced-meta' | 'empty';

export interface ParseResult {
  entries: Entry[];
  problems: Problem[];
  layout: Layout;
}

const HEADER = /^(?:new|subscribe|daily papers|by\s*ak and the research community|get trending papers in your email inbox(?: once a day)?!?)$/i;
/** `000_…` glues the first title to the Subscribe button's label. */
const GLUED_SUBSCRIBE = /^Subscribe(?=\S)/;
const AUTHORS = /^•\s*(\d+)\s+authors?$/i;
const SEPARATOR = '·';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';
/** `Mar 3`, `Jan 9, 2024`, `Sep 30, 2025 2`: a number after the date without a comma is the count, never a year. */
const DATE = new RegExp(`^(${MONTH}\\s+\\d{1,2}(?:,\\s*(\\d{4}))?)(?:\\s+(\\d{1,9}))?$`);
/** Longer than any title in practice; a longer first line of an entry is taken for an abstract that lost its title. */
const MAX_TITLE = 300;

type Kind = 'blank' | 'header' | 'authors' | 'separator' | 'date' | 'text';

function classify(line: string): Kind {
  if (line === '') return 'blank';
  if (line === SEPARATOR) return 'separator';
  if (HEADER.test(line)) return 'header';
  if (AUTHORS.test(line)) return 'authors';
  if (DATE.test(line)) return 'date';
  return 'text';
}

/** An abstract is long, or ends a sentence after another one or after many words; a title does neither. */
function looksLikeAbstract(text: string): boolean {
  return text.length > MAX_TITLE || (/[.!?]$/.test(text) && (text.length > 150 || /[.!?]\s+\S/.test(text)));
}

/** `nvidia NVIDIA` → `NVIDIA`: the page shows the organisation's handle, then its display name. */
function orgName(line: string): string {
  const match = /^(\S+)\s+(.+)$/.exec(line);
  if (match && match[1].toLowerCase() === match[2].toLowerCase().replace(/[^a-z0-9-]+/g, '')) return match[2];
  return line;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Parses one digest file. Never throws: anything it cannot read is a `Problem`
 * with the file, line and what is wrong, and parsing goes on with the next line.
 * Titles without an abstract are kept (abstract `''`) with a warning, since a title alone is citable.
 */
export function parseDigest(text: string, file: string): ParseResult {
  return runSync(parseDigestSteps(text, file));
}

/** `parseDigest` as steps, yielding every few dozen lines, so even a 50 MB file never blocks for long. */
export function* parseDigestSteps(text: string, file: string): Steps<ParseResult> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim());
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  const problem = (line: number, message: string, severity: Problem['severity'] = 'warning') => problems.push({ file, line, severity, message });

  let pageDate: string | null = null;
  let inHeader = true;
  let current = null as Entry | null;
  /** True once `current` has its abstract: the next text line starts a new paper. */
  let haveAbstract = false;
  let blankLines = 0;
  let metadataLines = 0;

  const nextNonBlank = (from: number): number => {
    let i = from;
    while (i < lines.length && lines[i] === '') i++;
    return i;
  };
  const closeWithoutAbstract = () => {
    if (current && !haveAbstract) {
      problem(current.source.line, `title with no abstract: "${preview(current.title)}"`);
      haveAbstract = true;
    }
  };
  const open = (title: string, line: number) => {
    closeWithoutAbstract();
    current = {
      title,
      abstract: '',
      authors: null,
      org: null,
      date: null,
      year: null,
      count: null,
      source: { file, line, pageDate },
    };
    entries.push(current);
    haveAbstract = false;
  };
  /** Metadata belongs to the paper whose abstract it follows. */
  const metadataTarget = (line: number, what: string): Entry | null => {
    metadataLines++;
    if (!current) {
      problem(line, `${what} before any paper; ignored`);
      return null;
    }
    closeWithoutAbstract();
    return current;
  };

  for (let i = 0; i < lines.length; i++) {
    if (i % (ITEMS_PER_STEP * 8) === 0) yield;
    let line = lines[i];
    const lineNo = i + 1;
    if (inHeader && !current && GLUED_SUBSCRIBE.test(line) && !HEADER.test(line)) line = line.slice('Subscribe'.length);
    const kind = classify(line);
    switch (kind) {
      case 'blank':
        blankLines++;
        break;
      case 'header':
        inHeader = true;
        break;
      case 'separator':
        metadataTarget(lineNo, 'a "·" line');
        break;
      case 'authors': {
        const target = metadataTarget(lineNo, 'an authors line');
        if (!target) break;
        const authors = Number(AUTHORS.exec(line)![1]);
        if (target.authors !== null && target.authors !== authors) problem(lineNo, `second authors line for "${preview(target.title)}"; kept the first`);
        else target.authors = authors;
        break;
      }
      case 'date': {
        const [, date, year, count] = DATE.exec(line)!;
        if (inHeader || !current) {
          pageDate = date;
          break;
        }
        const target = metadataTarget(lineNo, 'a date');
        if (!target) break;
        if (target.date !== null) {
          problem(lineNo, `second date for "${preview(target.title)}"; kept "${target.date}"`);
          break;
        }
        target.date = date;
        target.year = year ? Number(year) : null;
        target.count = count ? Number(count) : null;
        break;
      }
      case 'text': {
        inHeader = false;
        const next = nextNonBlank(i + 1);
        if (current && haveAbstract && lines[next] === SEPARATOR) {
          const target = metadataTarget(lineNo, 'an organisation line')!;
          if (target.org === null) target.org = orgName(line);
          else problem(lineNo, `second organisation for "${preview(target.title)}"; kept "${target.org}"`);
          break;
        }
        if (current && !haveAbstract) {
          // A title-like line followed by an abstract means the open title never got its abstract.
          const following = next < lines.length ? lines[next] : '';
          if (!looksLikeAbstract(line) && classify(following) === 'text' && looksLikeAbstract(following)) {
            open(line, lineNo);
          } else {
            current.abstract = line;
            haveAbstract = true;
          }
          break;
        }
        if (looksLikeAbstract(line)) {
          problem(lineNo, `abstract with no title: "${preview(line)}"; skipped`);
          break;
        }
        open(line, lineNo);
        break;
      }
    }
  }
  if (current && !haveAbstract) problem(current.source.line, `file ends after a title with no abstract: "${preview(current.title)}"`);
  if (entries.length === 0) problem(0, 'no papers found in this file', 'error');

  const layout: Layout = entries.length === 0 ? 'empty' : metadataLines > 0 ? 'spaced-meta' : blankLines >= entries.length ? 'spaced' : 'compact';
  return { entries, problems, layout };
}
