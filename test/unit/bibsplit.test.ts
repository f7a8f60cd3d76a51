/** A `.bib` cut in two and read by two threads gives what reading it whole gives: entries, lines, problems, papers. */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBibtexParser } from '../../src/core/bibtex';
import { DEFAULT_KNOWLEDGE, enrichmentOf, type Knowledge } from '../../src/core/extract';
import { buildLibrary, buildLibrarySliced } from '../../src/core/build';
import type { DigestFile } from '../../src/core/library';
import { fastBibtexParser } from '../../src/core/sources/bibfast';
import type { BibtexParser } from '../../src/core/sources/bibtex';
import { cutBibtex, partsMayDiffer, readCutSteps, readPart } from '../../src/core/sources/bibsplit';
import { ByTitleAndAbstract, type Enrichment } from '../../src/core/extract';
import { runSliced } from '../../src/core/steps';
import { readSource, type BibtexPart, type PartRead, type ReadOptions } from '../../src/core/sources/detect';
import { ExtractAside } from '../../src/extractAside';
import { repoRoot, seedFiles } from './seedFiles';

const sources = join(repoRoot, 'test', 'fixtures', 'sources');

const bytesOf = (text: string) => new TextEncoder().encode(text);
const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Reads `text` as a build with a worker does, cut however small (null when it is not cut or a part falls back). */
async function readByParts(text: string | Uint8Array, name: string, parse: BibtexParser) {
  const readAside = async (part: BibtexPart, knowledge: Knowledge) => readPart(part, parse, knowledge);
  const context = { knowledge: DEFAULT_KNOWLEDGE, known: new ByTitleAndAbstract<Enrichment>(), minBytes: 0 };
  return runSliced(readCutSteps(name, typeof text === 'string' ? bytesOf(text) : text, { parseBibtex: parse, readAside }, context), Infinity);
}

/** A `.bib` of `count` entries with abstracts (the shipped papers under titles of their own), about 1 KB each. */
function manyEntries(count: number, extra = ''): string {
  const shipped = buildLibrary(seedFiles()).papers;
  const entries = Array.from({ length: count }, (_, i) => {
    const p = shipped[i % shipped.length];
    const abstract = `${p.abstract} ${p.abstract}`.slice(0, 900).replace(/[{}\\%]/g, ' ');
    return `@article{key${i},\n  title = {${p.title.replace(/[{}\\%]/g, ' ')} (variant ${i})},\n  author = {Doe, Jane and Roe, Richard},\n  year = {2024},\n  abstract = {${abstract}}\n}`;
  });
  return `@string{conf = {Conference on Things}}\n\n${entries.join('\n\n')}\n${extra}`;
}

describe('a .bib cut in two (bibsplit)', () => {
  let parse: BibtexParser;
  before(async () => {
    const full = await loadBibtexParser();
    parse = fastBibtexParser(() => full);
  });

  it('cuts at the start of the first entry line past 55% of the bytes, and leaves a small file whole', () => {
    const bytes = bytesOf(manyEntries(40));
    assert.equal(cutBibtex(bytes), null, 'below the size a worker pays for');
    const cut = cutBibtex(bytes, 0)!;
    assert.ok(cut.head.length >= bytes.length * 0.55 && cut.head.length <= bytes.length * 0.55 + 1300, `head ${cut.head.length} of ${bytes.length}`);
    assert.match(textOf(bytes.subarray(cut.head.length)), /^@article\{key\d+,/);
    assert.ok(textOf(cut.tail).startsWith('@string{conf'), 'the opening travels with the tail');
    assert.equal(textOf(cut.tail), textOf(bytes.subarray(0, cut.opening)) + textOf(bytes.subarray(cut.head.length)));
  });

  it('leaves out a UTF-8 byte-order mark, and does not cut UTF-16 or a file with NULs', async () => {
    // The first entry on the first line, right after the mark: it must open the head only, not the tail as well.
    const text = manyEntries(40).replace(/^@string[^\n]*\n\n/, '');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(text)]);
    const parts = await readByParts(bom, 'bom.bib', parse);
    assert.deepEqual(parts?.entries, readSource({ name: 'bom.bib', text }, { parseBibtex: parse }).entries);
    assert.deepEqual(parts?.problems, []);
    assert.equal(cutBibtex(new Uint8Array([0xff, 0xfe, ...bytesOf(text)]), 0), null);
    assert.equal(cutBibtex(new Uint8Array([...bytesOf('% \0\n'), ...bytesOf(text)]), 0), null);
  });

  it('reads the real fixtures by parts exactly as whole: entries, lines, problems in order', async () => {
    const bibs = readdirSync(sources).filter((f) => f.endsWith('.bib'));
    let compared = 0;
    for (const name of bibs) {
      const text = readFileSync(join(sources, name), 'utf8');
      const whole = readSource({ name, text }, { parseBibtex: parse });
      const parts = await readByParts(text, name, parse);
      if (!parts) continue;
      compared++;
      assert.deepEqual(parts.entries, whole.entries, name);
      assert.deepEqual(parts.problems, whole.problems, name);
    }
    assert.ok(compared >= 3, `compared ${compared} of ${bibs.length} fixtures by parts`);
  });

  it('reads by parts what needs the full parser, an undefined @string in both parts, and a key repeated across the cut', async () => {
    const text = [
      '% a library',
      '@string{conf = {Conference \\unknowncommand{} on Things}}',
      '@article{first, title = {One \\emph{with} $x^2$}, journal = conf, year = {2020}}',
      '@article{dup, title = {Two}, journal = undefinedmacro, year = {2021}}',
      '@article{notitle, year = {2021}}',
      '@inproceedings{mid, title = {Three}, booktitle = conf}',
      '@article{Dup, title = {Four \\textsuperscript{2}}, journal = undefinedmacro}',
      '@article{last, title = {Five}, note = otherundefined}',
      '',
    ].join('\n');
    const whole = readSource({ name: 'x.bib', text }, { parseBibtex: parse });
    const parts = await readByParts(text, 'x.bib', parse);
    assert.ok(parts, 'read by parts');
    assert.deepEqual(parts.entries, whole.entries);
    assert.deepEqual(parts.problems, whole.problems);
    assert.ok(whole.problems.some((p) => /also used at line 4/.test(p.message)) && whole.problems.some((p) => p.line === 0));
    assert.ok(
      whole.problems.some((p) => p.line === 3 && /unknowncommand/.test(p.message)),
      "an opening @string's warning, at the entry that uses it",
    );
  });

  it('leaves the file whole when the parts could read otherwise', async () => {
    const body = manyEntries(20);
    assert.ok(await readByParts(body, 'b.bib', parse), 'the opening @string travels');
    const crossref = `${body}@inproceedings{child, title = {Child}, crossref = {key3}}\n`;
    assert.equal(partsMayDiffer(textOf(cutBibtex(bytesOf(crossref), 0)!.tail), 'tail'), true, 'a crossref in the tail');
    assert.equal(await readByParts(crossref, 'c.bib', parse), null);
    const lateString = body.replace('@article{key2,', '@string{late = {Late}}\n@article{key2,');
    assert.equal(await readByParts(lateString, 'l.bib', parse), null, 'a @string after the first entry');
    // Windows-1252 bytes (not UTF-8) in the tail: the whole file's read decides how to decode them.
    const latin = bytesOf(body);
    latin[latin.length - 40] = 0xe9;
    assert.equal(await readByParts(latin, 'w.bib', parse), null);
    // A value holding a line that starts with `@` where the cut falls: the head's last entry breaks, so no join.
    // `end` is the last entry's closing brace; the one before it closes its abstract.
    const end = textOf(cutBibtex(bytesOf(body), 0)!.head).lastIndexOf('}');
    const quoting = `${body.slice(0, end - 2)}\n@article{quoted, title = {Quoted}}\nquoted.${body.slice(end - 2)}`;
    const cutQuoting = cutBibtex(bytesOf(quoting), 0)!;
    assert.match(textOf(bytesOf(quoting).subarray(cutQuoting.head.length)), /^@article\{quoted/, 'the cut falls inside the value');
    assert.deepEqual(readSource({ name: 'q.bib', text: quoting }, { parseBibtex: parse }).problems, [], 'read whole, nothing is wrong');
    assert.equal(await readByParts(quoting, 'q.bib', parse), null);
  });
});

describe('a build that reads a large .bib on two threads', () => {
  // A key of the head written again at the end: the repeat is reported across the cut.
  const text = manyEntries(2300, '@article{key7, title = {Again}}\n');
  const files: DigestFile[] = [{ name: 'large.bib', bytes: bytesOf(text) }];
  let read: ReadOptions;
  before(async () => {
    const full = await loadBibtexParser();
    read = { parseBibtex: fastBibtexParser(() => full) };
  });

  it('gives the papers and problems of a build on one thread, and sends the worker the tail once', async () => {
    assert.ok(text.length > 2_000_000, `${text.length} characters`);
    const parts: BibtexPart[] = [];
    const readAside = async (part: BibtexPart, knowledge: Knowledge): Promise<PartRead> => {
      parts.push(part);
      return readPart(part, read.parseBibtex!, knowledge);
    };
    const oneThread = buildLibrary(files, undefined, read);
    const twoThreads = await buildLibrarySliced(files, undefined, undefined, undefined, { ...read, readAside });
    assert.equal(parts.length, 1);
    assert.ok(parts[0].bytes.length < bytesOf(text).length * 0.5);
    assert.deepEqual(twoThreads.papers, oneThread.papers);
    assert.deepEqual(twoThreads.problems, oneThread.problems);
    assert.ok(twoThreads.papers.some((p) => p.hardware.length) && twoThreads.papers.some((p) => p.claims.length));
    assert.ok(twoThreads.problems.some((p) => /key7 is also used/.test(p.message)));
  });

  it("takes the worker's extraction of the tail rather than extracting it again", async () => {
    const marked = async (part: BibtexPart, knowledge: Knowledge): Promise<PartRead> => {
      const r = readPart(part, read.parseBibtex!, knowledge);
      return { ...r, enrichments: r.enrichments.map((e) => ({ ...e, topics: ['from-the-worker'] })) };
    };
    const built = await buildLibrarySliced(files, undefined, undefined, undefined, { ...read, readAside: marked });
    const fromWorker = built.papers.filter((p) => p.topics[0] === 'from-the-worker').length;
    assert.ok(fromWorker > 1000 && fromWorker < built.papers.length - 1000, `${fromWorker} of ${built.papers.length}`);
  });

  it('reads the file whole, and loses nothing, when the worker fails, answers short or finds links', async () => {
    const oneThread = buildLibrary(files, undefined, read);
    const failing = async (): Promise<PartRead> => Promise.reject(new Error('worker crashed'));
    const short = async (part: BibtexPart, knowledge: Knowledge): Promise<PartRead> => {
      const r = readPart(part, read.parseBibtex!, knowledge);
      return { ...r, enrichments: r.enrichments.slice(1) };
    };
    const differs = async (): Promise<PartRead> => ({ entries: [], problems: [], enrichments: [], differs: true });
    for (const readAside of [failing, short, differs]) {
      const built = await buildLibrarySliced(files, undefined, undefined, undefined, { ...read, readAside });
      assert.deepEqual(built.papers, oneThread.papers);
      assert.deepEqual(built.problems, oneThread.problems);
    }
  });

  it('the worker (dist/extractionWorker.js) reads a part as this thread does', async () => {
    const cut = cutBibtex(bytesOf(text))!;
    const part = { name: 'large.bib', bytes: cut.tail, lineOffset: cut.lineOffset };
    const aside = new ExtractAside(join(repoRoot, 'dist', 'extractionWorker.js'));
    try {
      const there = await aside.read(part, DEFAULT_KNOWLEDGE);
      const here = readPart(part, read.parseBibtex!, DEFAULT_KNOWLEDGE);
      assert.deepEqual(there, here);
      assert.deepEqual(there.enrichments[0], enrichmentOf(there.entries[0].title, there.entries[0].abstract));
    } finally {
      aside.dispose();
    }
  });
});
