/**
 * A measurement on real `.bib` files the tests never see (`node out/test/bench/bibCheck.js FILE...`): for each file, the
 * entries counted by pattern, independently of every reader, against those read and those reported; whether the fast
 * pass and the parser alone agree; and, where pandoc is installed and reads the file, how often each field agrees with
 * pandoc's own BibTeX reader (title, author family names, year, DOI).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadBibtexParser } from '../../src/core/bibtex';
import type { Entry } from '../../src/core/model';
import { fastBibtexParser } from '../../src/core/sources/bibfast';
import { readBibtex } from '../../src/core/sources/bibtex';
import { readSource } from '../../src/core/sources/detect';

/** The lines that open an entry (`@type{` or `@type(`, not string, comment or preamble), counted as an editor counts lines. */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const m = /^\s*@\s*(\w+)\s*[{(]/.exec(line);
    if (m && !/^(string|comment|preamble)$/i.test(m[1])) lines.push(i + 1);
  });
  return lines;
}

/** Text as two readers may differ on it without disagreeing: case, markup, punctuation and spacing aside. */
const comparable = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/<[^>]+>/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

interface CslItem {
  id: string;
  title?: string;
  author?: { family?: string; literal?: string }[];
  issued?: { 'date-parts'?: number[][] };
  DOI?: string;
}

/** pandoc's reading of a file as CSL-JSON, or null when pandoc is missing or refuses the file. */
function pandocItems(file: string): CslItem[] | null {
  try {
    return JSON.parse(execFileSync('pandoc', ['-f', 'bibtex', '-t', 'csljson', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as CslItem[];
  } catch {
    return null;
  }
}

const families = (names: readonly { family?: string; literal?: string }[] | null | undefined) =>
  (names ?? []).map((n) => comparable(n.family ?? n.literal ?? '')).join('|');

async function main(files: string[]): Promise<void> {
  const full = await loadBibtexParser();
  const fast = fastBibtexParser(() => full);
  const total = { files: 0, counted: 0, read: 0, reported: 0, dropped: 0, parityDiffers: 0 };
  const agree = { compared: 0, title: 0, families: 0, year: 0, doi: 0, doiGiven: 0, unreadByPandoc: 0 };
  const disagreements: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const counted = entryLines(text);
    const ours = readSource({ name: file, text }, { parseBibtex: fast });
    const said = new Set([...ours.entries.map((e) => e.source.line), ...ours.problems.map((p) => p.line)]);
    const dropped = counted.filter((line) => !said.has(line));
    const fields = (entries: readonly Entry[]) =>
      JSON.stringify(entries.map((e) => [e.source.bibKey, e.title, e.authorNames, e.year, e.doi, e.arxiv, e.venue]));
    const parity = fields(ours.entries) === fields(readBibtex(text, file, full).entries);
    total.files++;
    total.counted += counted.length;
    total.read += ours.entries.length;
    total.reported += counted.length - ours.entries.length - dropped.length;
    total.dropped += dropped.length;
    if (!parity) total.parityDiffers++;
    console.log(
      `${file}: counted ${counted.length}, read ${ours.entries.length}, problems ${ours.problems.length}${dropped.length ? `, not read nor reported at lines ${dropped.join(', ')}` : ''}${parity ? '' : ', fast pass and parser DIFFER'}`,
    );
    const theirs = pandocItems(file);
    if (!theirs) {
      agree.unreadByPandoc += ours.entries.length;
      continue;
    }
    const byKey = new Map(theirs.map((t) => [String(t.id).toLowerCase(), t]));
    for (const e of ours.entries) {
      const t = byKey.get(String(e.source.bibKey).toLowerCase());
      if (!t?.title) continue;
      agree.compared++;
      const say = (what: string, a: unknown, b: unknown) => disagreements.push(`${what} ${file} ${e.source.bibKey}\n  ours:   ${a}\n  pandoc: ${b}`);
      if (comparable(e.title) === comparable(t.title)) agree.title++;
      else say('title', e.title, t.title);
      if (families(e.authorNames) === families(t.author)) agree.families++;
      else say('authors', families(e.authorNames), families(t.author));
      const year = t.issued?.['date-parts']?.[0]?.[0];
      if (String(e.year ?? '') === String(year ?? '')) agree.year++;
      else say('year', e.year, year);
      if (t.DOI) {
        agree.doiGiven++;
        if ((e.doi ?? '').toLowerCase() === t.DOI.toLowerCase()) agree.doi++;
        else say('DOI', e.doi, t.DOI);
      }
    }
  }
  console.log(`\n${JSON.stringify(total)}\nagreement with pandoc's BibTeX reader: ${JSON.stringify(agree)}`);
  if (disagreements.length) console.log(`\n${disagreements.join('\n')}`);
}

// Run as out/test/bench/bibCheck.js FILE...
if (require.main === module) void main(process.argv.slice(2));
