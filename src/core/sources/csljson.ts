/** CSL-JSON (Zotero, Better BibTeX, pandoc) → entries, each item checked against a zod schema of the fields we use. */
import * as z from 'zod/mini';
import type { Entry, PersonName, Problem } from '../model';
import { sightingEntry, type SourceRead } from './entry';
import { arxivCategory } from './arxiv';
import { findArxivId, normalizeDoi } from './ids';

const Text = z.string();
/** CSL dates: `date-parts` (numbers, or strings as Better BibTeX writes them), else `raw` or `literal`. */
const CslDate = z.looseObject({
  'date-parts': z.optional(z.array(z.array(z.union([z.number(), z.string()])))),
  raw: z.optional(Text),
  literal: z.optional(Text),
});
const CslName = z.looseObject({
  family: z.optional(Text),
  given: z.optional(Text),
  literal: z.optional(Text),
  'non-dropping-particle': z.optional(Text),
});

/**
 * The CSL-JSON item fields LitDigest reads; any other field is allowed and ignored. `title` is the
 * one field required, since an entry without a title cannot be listed or keyed.
 */
export const CslItemSchema = z.looseObject({
  id: z.optional(z.union([Text, z.number()])),
  type: z.optional(Text),
  title: Text.check(z.minLength(1)),
  author: z.optional(z.array(CslName)),
  issued: z.optional(CslDate),
  DOI: z.optional(Text),
  URL: z.optional(Text),
  'container-title': z.optional(Text),
  abstract: z.optional(Text),
  note: z.optional(Text),
  number: z.optional(z.union([Text, z.number()])),
  publisher: z.optional(Text),
  'citation-key': z.optional(Text),
});
export type CslItem = z.infer<typeof CslItemSchema>;

/**
 * Reads a CSL-JSON file: an array of items. Never throws. Text that is not JSON, or JSON that is not
 * an array, is one error naming the reason (and the line, where JSON.parse gives a position); an item
 * that fails the schema is one warning naming its index, its id and the field, and the other items
 * are still read. Each entry's line is the line of its item's `{`.
 */
export function readCslJson(text: string, file: string): SourceRead {
  const problems: Problem[] = [];
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const line = at ? lineOf(body, Number(at[1])) : 0;
    return { entries: [], problems: [{ file, line, severity: 'error', message: `not CSL-JSON: the file is not valid JSON (${message})` }] };
  }
  if (!Array.isArray(data)) {
    const found = data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`;
    return { entries: [], problems: [{ file, line: 1, severity: 'error', message: `not CSL-JSON: expected an array of items, found ${found}` }] };
  }
  const lines = itemLines(body);
  const entries: Entry[] = [];
  data.forEach((raw: unknown, index) => {
    const line = lines[index] ?? 1;
    const parsed = CslItemSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.length ? issue.path.map(String).join('.') : '(item)';
      const id = raw && typeof raw === 'object' && 'id' in raw ? ` (id ${JSON.stringify((raw as { id: unknown }).id)})` : '';
      const what =
        issue.path.length === 1 && issue.code === 'invalid_type' && (raw as Record<string, unknown>)?.[String(issue.path[0])] === undefined
          ? 'is missing'
          : issue.message;
      problems.push({ file, line, severity: 'warning', message: `item ${index}${id}: field "${field}" ${what}; skipped` });
      return;
    }
    const entry = itemEntry(parsed.data, file, line);
    // A title of blanks or markup alone (`<i></i>`) passes the schema but names nothing.
    if (entry.title) entries.push(entry);
    else problems.push({ file, line, severity: 'warning', message: `item ${index}: field "title" is empty once its markup is removed; skipped` });
  });
  if (data.length === 0) problems.push({ file, line: 1, severity: 'warning', message: 'CSL-JSON array is empty' });
  return { entries, problems };
}

function itemEntry(item: CslItem, file: string, line: number): Entry {
  // Better BibTeX may write a short DOI (`10/fqd6hj`) and the full one only in a doi.org URL.
  const doi = normalizeDoi(item.DOI) ?? (/doi\.org\//i.test(item.URL ?? '') ? normalizeDoi(item.URL) : null);
  const container = item['container-title'] ?? null;
  const numberText = item.number === undefined ? null : String(item.number);
  const onArxiv = /arxiv/i.test(`${container ?? ''} ${item.publisher ?? ''}`);
  const arxiv =
    findArxivId(item.URL) ?? findArxivId(item.DOI) ?? findArxivId(item.note) ?? (onArxiv ? (findArxivId(numberText, true) ?? findArxivId(container)) : null);
  const id = item['citation-key'] ?? (item.id === undefined ? undefined : String(item.id));
  return sightingEntry({
    title: stripMarkup(item.title),
    abstract: item.abstract ? stripMarkup(item.abstract) : '',
    authorNames: (item.author ?? []).map(cslName).filter((n): n is PersonName => n !== null),
    arxiv,
    arxivClass: arxiv ? primaryClass(item) : null,
    doi,
    // "arXiv preprint arXiv:…" names no venue, only the preprint server.
    venue: container && !/^arxiv\b/i.test(container) ? stripMarkup(container) : null,
    year: yearOf(item.issued),
    file,
    line,
    origin: 'csljson',
    bibKey: id,
  });
}

/**
 * The primary arXiv category an item gives: a `primaryClass` or `eprintclass` field (CSL has none; exporters add
 * them as BibTeX has them), else the `[cs.LG]` of a note such as Zotero's `arXiv:2501.01234 [cs.LG]`.
 * Read outside the schema: a field of the wrong type is ignored rather than costing the item.
 */
function primaryClass(item: CslItem): string | null {
  const extra = item as Record<string, unknown>;
  for (const field of ['primaryClass', 'primaryclass', 'eprintclass', 'eprintClass']) {
    const value = extra[field];
    if (typeof value === 'string' && arxivCategory(value)) return arxivCategory(value);
  }
  return arxivCategory(/\barxiv:\s*\S+\s*\[([^\]\s]+)\]/i.exec(item.note ?? '')?.[1]);
}

function cslName(n: z.infer<typeof CslName>): PersonName | null {
  if (n.family) return { family: [n['non-dropping-particle'], n.family].filter(Boolean).join(' '), given: n.given ?? '' };
  // A literal is an institution or a name the exporter would not split: keep it whole.
  if (n.literal) return { family: n.literal.trim(), given: '' };
  return null;
}

function yearOf(date: z.infer<typeof CslDate> | undefined): number | null {
  const first = date?.['date-parts']?.[0]?.[0];
  const y = first === undefined ? NaN : Number(first);
  if (Number.isInteger(y)) return y;
  const m = /\b(\d{4})\b/.exec(date?.raw ?? date?.literal ?? '');
  return m ? Number(m[1]) : null;
}

/** CSL's rich-text markup (`<i>`, `<b>`, `<sub>`, `<span class="nocase">`) removed; the text kept. */
function stripMarkup(text: string): string {
  return text.replace(/<\/?(?:i|b|sub|sup|sc|span)(?:\s[^>]*)?>/gi, '');
}

/** 1-based line of the character at `offset`. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The 1-based line where each element of the top-level array starts (strings and nesting skipped), in one pass. */
function itemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (depth === 1 && expectValue && !/[\s,\]]/.test(c)) {
      lines.push(line);
      expectValue = false;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return lines;
}
