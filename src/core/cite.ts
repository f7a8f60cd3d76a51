/** Bibliography entries: BibTeX and CSL-JSON (in-text citation forms are in languages.ts). */
import type { Paper } from './model';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Escapes text for a BibTeX field so that BibTeX readers give back exactly `text`: the specials
 * `\ { } % & _ # $ ~ ^` become commands, and hyphens are kept apart (`-{}-`) so that `--` does not
 * become a dash. Apostrophes and backticks stay as they are: every TeX reader typesets them as curly quotes.
 */
export function escapeBibtex(text: string): string {
  return text
    .replace(/[\\{}%&_#$~^]/g, (c) => {
      switch (c) {
        case '\\':
          return '\\textbackslash{}';
        case '~':
          return '\\textasciitilde{}';
        case '^':
          return '\\textasciicircum{}';
        default:
          return `\\${c}`;
      }
    })
    .replace(/-(?=-)/g, '-{}');
}

/** The month (1–12) and day of a date such as `Jan 9, 2024`, or null. */
function monthDay(date: string | null): [number, number] | null {
  const m = date && /^([A-Za-z]{3})[a-z]*\s+(\d{1,2})/.exec(date);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
  return month ? [month, Number(m[2])] : null;
}

/**
 * A BibTeX `@misc` entry. The year, month and day are written only when the digest gives a year;
 * the first link becomes `url`; the abstract is kept so the bibliography says what was cited.
 */
export function formatBibtex(paper: Paper): string {
  const fields: [string, string][] = [['title', `{{${escapeBibtex(paper.title)}}}`]]; // double braces keep the capitals
  if (paper.year !== null) {
    fields.push(['year', `{${paper.year}}`]);
    const md = monthDay(paper.date);
    if (md) fields.push(['month', MONTHS[md[0] - 1]], ['day', `{${md[1]}}`]);
  }
  fields.push(['howpublished', '{Hugging Face Daily Papers}']);
  if (paper.org) fields.push(['organization', `{{${escapeBibtex(paper.org)}}}`]);
  if (paper.urls.length) fields.push(['url', `{${paper.urls[0].replace(/[{}\\\s]/g, encodeURIComponent)}}`]);
  if (paper.abstract) fields.push(['abstract', `{${escapeBibtex(paper.abstract)}}`]);
  return `@misc{${paper.key},\n${fields.map(([name, value]) => `  ${name} = ${value},`).join('\n')}\n}\n`;
}

/** A CSL-JSON item (the format of Zotero and pandoc's citeproc). `issued` is set only when the year is known. */
export function toCslJson(paper: Paper): Record<string, unknown> {
  const item: Record<string, unknown> = { id: paper.key, type: 'article', title: paper.title };
  if (paper.year !== null) {
    const md = monthDay(paper.date);
    item.issued = { 'date-parts': [md ? [paper.year, ...md] : [paper.year]] };
  }
  item.publisher = 'Hugging Face Daily Papers';
  if (paper.urls.length) item.URL = paper.urls[0];
  if (paper.abstract) item.abstract = paper.abstract;
  return item;
}
