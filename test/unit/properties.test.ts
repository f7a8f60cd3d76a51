/** Property tests (fast-check) of the parser, merging, keys and BibTeX: for any input, not just the ones we thought of. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatBibtex } from '../../src/core/bibtexWrite';
import { assignKeys, citationKey } from '../../src/core/keys';
import type { Paper } from '../../src/core/model';
import { parseDigest, type Layout } from '../../src/core/parse';
import { buildLibrary } from '../../src/core/build';

const WORD = fc.stringMatching(/^[A-Za-z][A-Za-z0-9+-]{0,11}$/);
/** A title: 1–12 words, not a header, date or metadata line, not ending a sentence. */
const TITLE = fc
  .array(WORD, { minLength: 1, maxLength: 12 })
  .map((words) => words.join(' '))
  .filter((t) => !/^(new|subscribe|daily papers|get trending|by\s*ak|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)\s)/i.test(t) && !/^•/.test(t));
/** An abstract: two to six sentences. */
const SENTENCE = fc.array(WORD, { minLength: 3, maxLength: 25 }).map((w) => `${w.join(' ')}.`);
const ABSTRACT = fc.array(SENTENCE, { minLength: 2, maxLength: 6 }).map((s) => s.join(' '));
const PAPERS = fc.uniqueArray(fc.record({ title: TITLE, abstract: ABSTRACT, authors: fc.integer({ min: 1, max: 99 }) }), {
  minLength: 1,
  maxLength: 30,
  selector: (p) =>
    p.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim(),
});

/** Writes papers as a digest page in one of the three layouts. */
function render(papers: { title: string; abstract: string; authors: number }[], layout: Exclude<Layout, 'empty'>): string {
  if (layout === 'compact')
    return [
      'Get trending papers in your email inbox once a day!',
      'Get trending papers in your email inbox!',
      ...papers.flatMap((p, i) => [i === 0 ? `Subscribe${p.title}` : p.title, p.abstract]),
    ].join('\n');
  const header = [
    'new',
    '',
    'Get trending papers in your email inbox!',
    '',
    'Subscribe',
    '',
    'Daily Papers',
    '',
    'byAK and the research community',
    '',
    'Apr 21',
    '',
  ];
  const body = papers.flatMap((p) => [p.title, '', p.abstract, '', ...(layout === 'spaced-meta' ? [`  • ${p.authors} authors`, '·', 'Jan 9, 2024', ''] : [])]);
  return [...header, ...body].join('\n');
}

describe('properties', function () {
  // Hundreds of generated cases each: seconds on a busy 2-core machine, more than mocha's 2 s default.
  this.timeout(30_000);
  it('the parser never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const result = parseDigest(text, 'any.txt');
        assert.ok(Array.isArray(result.entries) && Array.isArray(result.problems));
      }),
      { numRuns: 500 },
    );
  });

  it('the parser never throws on digest-like lines in any order', () => {
    const line = fc.oneof(
      fc.constantFrom('', '·', '  • 3 authors', 'nvidia NVIDIA', 'Mar 3', 'Sep 30, 2025 2', 'Subscribe', 'new', 'Daily Papers'),
      TITLE,
      ABSTRACT,
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const result = parseDigest(lines.join(eol), 'lines.txt');
        for (const e of result.entries) assert.ok(e.title.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  for (const layout of ['compact', 'spaced', 'spaced-meta'] as const) {
    it(`every paper of a well-formed ${layout} digest survives the round trip`, () => {
      fc.assert(
        fc.property(PAPERS, (papers) => {
          const result = parseDigest(render(papers, layout), 'page.txt');
          assert.deepEqual(result.problems, []);
          assert.equal(result.layout, layout);
          assert.deepEqual(
            result.entries.map((e) => [e.title, e.abstract]),
            papers.map((p) => [p.title, p.abstract]),
          );
          if (layout === 'spaced-meta')
            assert.deepEqual(
              result.entries.map((e) => e.authors),
              papers.map((p) => p.authors),
            );
        }),
        { numRuns: 100 },
      );
    });
  }

  it('merging is the same in any order of the files', () => {
    fc.assert(
      fc.property(PAPERS, PAPERS, (a, b) => {
        const files = [
          { name: 'a.txt', text: render(a, 'spaced-meta') },
          { name: 'b.txt', text: render(b, 'compact') },
        ];
        const forward = buildLibrary(files).papers.map((p) => JSON.stringify(p));
        const backward = buildLibrary([...files].reverse()).papers.map((p) => JSON.stringify(p));
        assert.deepEqual(forward, backward);
      }),
      { numRuns: 60 },
    );
  });

  it('keys are unique, and the same under any order or subset of the titles (unless two 4-character keys collide)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(TITLE, {
          minLength: 1,
          maxLength: 60,
          selector: (t) =>
            t
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, ' ')
              .trim(),
        }),
        fc.nat(),
        (titles, seed) => {
          const keys = assignKeys(titles);
          assert.equal(new Set(keys).size, keys.length);
          const shuffled = [...titles].sort((x, y) => ((x.length * 31 + seed) % 7) - ((y.length * 31 + seed) % 7));
          const again = assignKeys(shuffled);
          shuffled.forEach((t, i) => assert.equal(again[i], keys[titles.indexOf(t)]));
          const short = titles.map((t) => citationKey(t));
          const subset = titles.filter((_, i) => i % 2 === 0);
          assignKeys(subset).forEach((k, i) => {
            const title = subset[i];
            if (short.filter((s) => s === citationKey(title)).length === 1) assert.equal(k, keys[titles.indexOf(title)]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('BibTeX of any title and abstract reads back through pandoc as the same text', function () {
    this.timeout(60_000);
    // Printable text of any script; TeX folds runs of white space and typesets ' and ` as quotes.
    const text = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 80 })
      .map((s) =>
        s
          .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((s) => s.length > 0);
    const samples = fc.sample(fc.tuple(text, text), { numRuns: 150, seed: 42 });
    const papers: Paper[] = samples.map(([title, abstract], i) => ({
      key: `k${i}`,
      title,
      abstract,
      authors: null,
      org: null,
      date: null,
      year: null,
      count: null,
      urls: [],
      sources: [{ file: 'f', line: 1, pageDate: null }],
      topics: ['general'],
      hardware: [],
      claims: [],
    }));
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-prop-'));
    writeFileSync(join(dir, 'refs.bib'), papers.map(formatBibtex).join('\n'));
    const items: { id: string; title?: string; abstract?: string }[] = JSON.parse(
      execFileSync('pandoc', [join(dir, 'refs.bib'), '-f', 'bibtex', '-t', 'csljson'], { encoding: 'utf8' }),
    );
    const typographic = (s: string) => s.replace(/'/g, '’').replace(/`/g, '‘').replace(/"/g, '"');
    const byId = new Map(items.map((i) => [i.id, i]));
    const wrong = papers.filter((p) => byId.get(p.key)?.title !== typographic(p.title) || byId.get(p.key)?.abstract !== typographic(p.abstract));
    assert.deepEqual(
      wrong.slice(0, 5).map((p) => [p.title, byId.get(p.key)?.title, p.abstract, byId.get(p.key)?.abstract]),
      [],
    );
  });
});
