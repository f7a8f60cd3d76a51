/** A large `.bib` read in parts (each handed on as soon as it is read) gives what reading it whole gives: entries, lines, problems. */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBibtexParser } from '../../src/core/bibtex';
import type { Entry } from '../../src/core/model';
import { fastBibtexParser } from '../../src/core/sources/bibfast';
import type { BibtexParser } from '../../src/core/sources/bibtex';
import { cutBibtex, readBibtexPartsSteps } from '../../src/core/sources/bibsplit';
import { readSource } from '../../src/core/sources/detect';
import { runSync } from '../../src/core/steps';
import { manyEntries } from './largeInputs';

const sources = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'sources');
const bytesOf = (text: string) => new TextEncoder().encode(text);
const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Reads `text` in parts of about `partBytes`, whatever its size: the read (null when the file is to be read whole) and each part's entries. */
function readByParts(text: string | Uint8Array, name: string, parse: BibtexParser, partBytes = 600) {
  const told: (readonly Entry[])[] = [];
  const read = runSync(readBibtexPartsSteps(name, typeof text === 'string' ? bytesOf(text) : text, parse, (entries) => told.push(entries), partBytes, 0));
  return { read, told };
}

describe('a large .bib read in parts (bibsplit)', () => {
  let parse: BibtexParser;
  before(async () => {
    const full = await loadBibtexParser();
    parse = fastBibtexParser(() => full);
  });

  it('cuts before an entry line about every part size, and leaves a small file whole', () => {
    const bytes = bytesOf(manyEntries(40));
    assert.equal(cutBibtex(bytes), null, 'below the size a worker pays for');
    const cut = cutBibtex(bytes, 5000, 0)!;
    assert.ok(cut.parts.length >= 6 && cut.parts.length <= 10, `${cut.parts.length} parts`);
    assert.ok(textOf(cut.opening).startsWith('@string{conf') && !textOf(cut.opening).includes('@article'), 'the opening is what precedes the first entry');
    for (const part of cut.parts) {
      assert.match(textOf(part), /^@article\{key\d+,/);
      assert.ok(part.length >= 5000 || part === cut.parts.at(-1), 'each part but the last reaches the part size');
    }
    assert.equal(textOf(cut.opening) + cut.parts.map(textOf).join(''), textOf(bytes));
  });

  it('hands on each part as it is read, and reads as the whole file does', () => {
    const text = manyEntries(40);
    const { read, told } = readByParts(text, 'many.bib', parse, 5000);
    const whole = readSource({ name: 'many.bib', text }, { parseBibtex: parse });
    assert.ok(told.length >= 6, `${told.length} parts told`);
    assert.deepEqual(told.flat(), whole.entries);
    assert.deepEqual(read, whole);
  });

  it('leaves out a UTF-8 byte-order mark, and does not cut UTF-16 or a file with NULs', () => {
    // The first entry on the first line, right after the mark.
    const text = manyEntries(40).replace(/^@string[^\n]*\n\n/, '');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(text)]);
    const { read } = readByParts(bom, 'bom.bib', parse);
    assert.deepEqual(read?.entries, readSource({ name: 'bom.bib', text }, { parseBibtex: parse }).entries);
    assert.deepEqual(read?.problems, []);
    assert.equal(cutBibtex(new Uint8Array([0xff, 0xfe, ...bytesOf(text)]), 600, 0), null);
    assert.equal(cutBibtex(new Uint8Array([...bytesOf('% \0\n'), ...bytesOf(text)]), 600, 0), null);
  });

  it('reads the real fixtures in parts exactly as whole: entries, lines, problems in order', () => {
    const bibs = readdirSync(sources).filter((f) => f.endsWith('.bib'));
    let compared = 0;
    for (const name of bibs) {
      const text = readFileSync(join(sources, name), 'utf8');
      const whole = readSource({ name, text }, { parseBibtex: parse });
      const { read } = readByParts(text, name, parse);
      if (!read) continue;
      compared++;
      assert.deepEqual(read.entries, whole.entries, name);
      assert.deepEqual(read.problems, whole.problems, name);
    }
    assert.ok(compared >= 3, `compared ${compared} of ${bibs.length} fixtures in parts`);
  });

  it('reads in parts what needs the full parser, an undefined @string in several parts, and a key repeated across a cut', () => {
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
    const { read, told } = readByParts(text, 'x.bib', parse, 60);
    assert.ok(read && told.length >= 3, `read in ${told.length} parts`);
    assert.deepEqual(read.entries, whole.entries);
    assert.deepEqual(read.problems, whole.problems);
    assert.ok(whole.problems.some((p) => /also used at line 4/.test(p.message)) && whole.problems.some((p) => p.line === 0));
    assert.ok(
      whole.problems.some((p) => p.line === 3 && /unknowncommand/.test(p.message)),
      "an opening @string's warning, at the entry that uses it",
    );
  });

  it('leaves the file whole when its parts could read otherwise', () => {
    const body = manyEntries(20);
    assert.ok(readByParts(body, 'b.bib', parse).read, 'the opening @string opens every part');
    const crossref = `${body}@inproceedings{child, title = {Child}, crossref = {key3}}\n`;
    assert.equal(readByParts(crossref, 'c.bib', parse).read, null, 'a crossref');
    const lateString = body.replace('@article{key2,', '@string{late = {Late}}\n@article{key2,');
    assert.equal(readByParts(lateString, 'l.bib', parse).read, null, 'a @string after the first entry');
    // Windows-1252 bytes (not UTF-8) in a part: the whole file's read decides how to decode them.
    const latin = bytesOf(body);
    latin[latin.length - 40] = 0xe9;
    assert.equal(readByParts(latin, 'w.bib', parse).read, null);
    // A value holding a line that starts with `@`, where a cut falls: the first entry's abstract ends with one, past the
    // part size, so the first part ends in a broken entry.
    const quoting = body.replace('}\n}', '\n@article{quoted, title = {Quoted}}\nas written.}\n}');
    assert.deepEqual(readSource({ name: 'q.bib', text: quoting }, { parseBibtex: parse }).problems, [], 'read whole, nothing is wrong');
    assert.ok(
      cutBibtex(bytesOf(quoting), 600, 0)!.parts.some((p) => textOf(p).startsWith('@article{quoted')),
      'a cut falls inside the value',
    );
    assert.equal(readByParts(quoting, 'q.bib', parse).read, null);
  });
});
