import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';
import { serializeReviewFile, type Decision } from '../../src/core/reviewFile';
import { formatBibtex } from '../../src/core/bibtexWrite';
import {
  endMarker,
  evidenceRows,
  findEvidenceBlocks,
  groupQuery,
  renderEvidenceTable,
  selectPapers,
  startMarker,
  tableFormatFor,
  type EvidenceSpec,
} from '../../src/core/evidence';
import { groupPapers, type Group } from '../../src/core/group';
import { asCited } from '../../src/core/keys';
import type { Claim, Paper } from '../../src/core/model';
import { HOSTILE } from './hostile';
import { pandoc } from './pandoc';
import { samplePaper } from './samplePaper';
import { repoRoot, seedFiles, seedsDir } from './seedFiles';
import { tempCacheEnv } from './tempCache';
import { buildLibrary } from '../../src/core/build';

function claim(overrides: Partial<Claim> = {}): Claim {
  return {
    text: 'It is 2.1x faster.',
    metric: 'speedup',
    value: '2.1x',
    number: 2.1,
    unit: 'x',
    direction: 'higher',
    baseline: null,
    hardware: null,
    ...overrides,
  };
}

function paper(key: string, claims: Claim[], overrides: Partial<Paper> = {}): Paper {
  return samplePaper({ key, title: `Paper ${key}: a title`, claims, ...overrides });
}

const ALL: EvidenceSpec = { query: '', metrics: ['speedup'], columns: ['paper', 'hardware', 'metric', 'value', 'baseline', 'claim', 'year', 'topic'] };

/** One paper per hostile text, its claim sentence starting with a row marker so a cell that moved shows. */
const hostilePapers = HOSTILE.map((text, i) =>
  paper(`p${i}`, [claim({ text: `ROW${i} ${text}`, value: `${i + 1}.5x`, number: i + 1.5, baseline: text, hardware: text })], { title: text || 'x' }),
);

/** The table part of a rendered block (between the markers). */
function table(text: string): string {
  const lines = text.split('\n');
  return lines.slice(1, -1).join('\n');
}

/** Splits on `sep` where it is not escaped by a backslash (an escaped backslash does not escape). */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      current += text.slice(i, i + 2);
      i++;
    } else if (text.startsWith(sep, i)) {
      parts.push(current);
      current = '';
      i += sep.length - 1;
    } else current += text[i];
  }
  parts.push(current);
  return parts;
}

/** Cells of pandoc's HTML table rows: `rows[r][c]` as text without tags. */
function htmlRows(html: string): string[][] {
  return [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1].replace(/<[^>]+>/g, '')),
  );
}

describe('evidenceRows', () => {
  it('keeps one row per claim of a chosen metric and sorts by metric, unit, then best first', () => {
    const papers = [
      paper('a', [claim({ value: '2x', number: 2 }), claim({ metric: 'latency', value: '12 ms', number: 12, unit: 'ms', direction: 'lower' })]),
      paper('b', [claim({ value: '5x~9x', number: [5, 9] }), claim({ metric: 'latency', value: '3 ms', number: 3, unit: 'ms', direction: 'lower' })]),
      paper('c', [claim({ value: 'much', number: null }), claim({ metric: 'accuracy', value: '90%', number: 90, unit: '%' })]),
    ];
    const rows = evidenceRows(papers, ['latency', 'speedup']);
    assert.deepEqual(
      rows.map((r) => `${r.paper.key}:${r.claim.value}`),
      ['b:3 ms', 'a:12 ms', 'b:5x~9x', 'a:2x', 'c:much'],
    );
    assert.deepEqual(
      rows.map((r) => r.claimIndex),
      [1, 1, 0, 0, 0],
    );
  });

  it('ranks a reduction like a gain: the biggest cut first', () => {
    const rows = evidenceRows(
      [
        paper('a', [claim({ metric: 'energy', value: '30%', number: 30, unit: '%', direction: 'reduction' })]),
        paper('b', [claim({ metric: 'energy', value: '79%', number: 79, unit: '%', direction: 'reduction' })]),
      ],
      ['energy'],
    );
    assert.deepEqual(
      rows.map((r) => r.paper.key),
      ['b', 'a'],
    );
  });
});

describe('renderEvidenceTable', () => {
  it('gives a message, not an empty table, for no papers or a metric none of them reports', () => {
    const none = renderEvidenceTable([], ALL, 'markdown');
    assert.equal(none.kind, 'message');
    const noEnergy = renderEvidenceTable([paper('a', [claim()]), paper('b', [])], { ...ALL, metrics: ['energy'] }, 'latex');
    assert.equal(noEnergy.kind, 'message');
    assert.match(noEnergy.kind === 'message' ? noEnergy.message : '', /none of the 2 selected papers reports energy/);
  });

  it('writes values as the paper states them, with units, and cites each row in the format of the language', () => {
    const p = paper('help-i454', [claim({ value: '289times', number: 289 })]);
    const md = renderEvidenceTable([p], { query: 'x', metrics: ['speedup'], columns: ['paper', 'value'] }, 'markdown');
    assert.equal(md.kind, 'table');
    assert.match(md.kind === 'table' ? md.text : '', /\| Paper help-i454 \[@help-i454\] \| 289times \|/);
    const tex = renderEvidenceTable([p], { query: 'x', metrics: ['speedup'], columns: ['value'] }, 'latex');
    assert.match(tex.kind === 'table' ? tex.text : '', /^\\cite\{help-i454\} & 289times \\\\$/m);
    const typ = renderEvidenceTable([p], { query: 'x', metrics: ['speedup'], columns: ['value'] }, 'typst');
    assert.match(typ.kind === 'table' ? typ.text : '', /^ {2}\[@help-i454\], \[289times\],$/m);
  });

  it('Markdown: pandoc reads one table row per claim, each cell in its column, whatever the claim text holds', () => {
    const md = renderEvidenceTable(hostilePapers, ALL, 'markdown');
    assert.equal(md.kind, 'table');
    const text = md.kind === 'table' ? md.text : '';
    const rows = htmlRows(pandoc(text, ['-f', 'markdown', '-t', 'html', '--wrap=none']));
    assert.equal(rows.length, HOSTILE.length + 1);
    for (const [r, cells] of rows.slice(1).entries()) {
      assert.equal(cells.length, 8, `row ${r}: ${JSON.stringify(cells)}`);
      // Rows are sorted by value, highest first: the last hostile text comes first.
      const i = HOSTILE.length - 1 - r;
      assert.match(cells[5], new RegExp(`^ROW${i}\\b`), `row ${r} claim cell: ${cells[5]}`);
    }
    assert.doesNotMatch(text, /<script>/);
  });

  it('LaTeX: a booktabs tabular with balanced braces, every % & _ # $ escaped, and pandoc reads each row and cell', () => {
    const tex = renderEvidenceTable(hostilePapers, ALL, 'latex');
    assert.equal(tex.kind, 'table');
    const text = tex.kind === 'table' ? tex.text : '';
    const body = table(text);
    assert.match(body, /^\\begin\{tabular\}\{lllrlp\{0\.4\\linewidth\}rl\}\n\\toprule\n.*\\\\\n\\midrule\n/);
    assert.match(body, /\n\\bottomrule\n\\end\{tabular\}$/);
    const rowLines = body.split('\n').slice(4, -2);
    assert.equal(rowLines.length, HOSTILE.length);
    for (const line of rowLines) {
      assert.ok(line.endsWith(' \\\\'), line);
      const cells = splitUnescaped(line.slice(0, -3), '&');
      assert.equal(cells.length, 8, line);
      for (const cell of cells) {
        let depth = 0;
        // Outside kept math, no special is left unescaped; `$…$` pairs are the kept math or a `|` written as `$|$`.
        const outsideMath = splitUnescaped(cell, '$').filter((_, k) => k % 2 === 0);
        assert.equal(splitUnescaped(cell, '$').length % 2, 1, `unpaired $ in ${cell}`);
        for (const piece of outsideMath) {
          for (let k = 0; k < piece.length; k++) {
            if (piece[k] === '\\') {
              k++;
              continue;
            }
            assert.ok(!'%&_#'.includes(piece[k]), `unescaped ${piece[k]} in ${cell}`);
            if (piece[k] === '{') depth++;
            if (piece[k] === '}') depth--;
            assert.ok(depth >= 0, `} before { in ${cell}`);
          }
        }
        assert.equal(depth, 0, `unbalanced braces in ${cell}`);
      }
    }
    const rows = htmlRows(pandoc(body, ['-f', 'latex', '-t', 'html', '--wrap=none']));
    assert.equal(rows.length, HOSTILE.length + 1);
    for (const [r, cells] of rows.slice(1).entries()) {
      assert.equal(cells.length, 8, JSON.stringify(cells));
      assert.match(cells[5], new RegExp(`^ROW${HOSTILE.length - 1 - r}\\b`));
    }
  });

  it('Typst: every cell is one bracketed content block, brackets and # @ $ escaped inside', () => {
    const typ = renderEvidenceTable(hostilePapers, ALL, 'typst');
    const text = typ.kind === 'table' ? typ.text : '';
    const lines = table(text).split('\n');
    assert.equal(lines[0], '#table(');
    assert.equal(lines[1], '  columns: 8,');
    assert.equal(lines.at(-1), ')');
    for (const line of lines.slice(3, -1)) {
      // Top-level content blocks of the row: `[…], […], …,`
      const cells: string[] = [];
      let depth = 0;
      let current = '';
      for (let k = 2; k < line.length; k++) {
        const c = line[k];
        if (c === '\\') {
          current += line.slice(k, k + 2);
          k++;
          continue;
        }
        if (c === '[') {
          if (depth++ === 0) continue;
        } else if (c === ']') {
          if (--depth === 0) {
            cells.push(current);
            current = '';
            continue;
          }
        }
        if (depth > 0) current += c;
        else assert.ok(c === ',' || c === ' ', `stray ${c} between cells of ${line}`);
        assert.ok(depth >= 0, line);
      }
      assert.equal(depth, 0, line);
      assert.equal(cells.length, 8, line);
      for (const cell of cells.slice(1)) assert.doesNotMatch(cell.replace(/\\./g, ''), /[[\]#@$<>]/, cell);
    }
  });

  it('CSV: a header and one line per row; cells a spreadsheet would run get a leading quote', () => {
    const p = paper('a', [claim({ text: '=HYPERLINK("http://x")', value: '+2x', baseline: '@SUM(A1)', hardware: '-1' })]);
    const csv = renderEvidenceTable([p], { query: '', metrics: ['speedup'], columns: ['paper', 'hardware', 'value', 'baseline', 'claim'] }, 'csv');
    assert.equal(csv.kind, 'table');
    assert.deepEqual((csv.kind === 'table' ? csv.text : '').split('\r\n'), [
      'Paper,Hardware,Value,Baseline,Claim,Key',
      `Paper a,'-1,'+2x,'@SUM(A1),"'=HYPERLINK(""http://x"")",a`,
    ]);
  });

  it('a table without the paper column still cites each row, in a first column of its own', () => {
    const t = renderEvidenceTable([paper('k1', [claim()])], { query: '', metrics: ['speedup'], columns: ['value'] }, 'markdown');
    assert.match(t.kind === 'table' ? t.text : '', /^\| Ref\. \| Value \|$\n^\| --- \| ---: \|$\n^\| \[@k1\] \| 2\.1x \|$/m);
  });

  it('pandoc --citeproc resolves every citation of a table written for the shipped digest', () => {
    const library = buildLibrary(seedFiles());
    const spec: EvidenceSpec = { query: 'topic:speculative', metrics: ['speedup', 'latency'], columns: ['paper', 'hardware', 'value', 'baseline'] };
    const { papers } = selectPapers(library, spec);
    const cited = papers.map((p) => asCited(p));
    const t = renderEvidenceTable(cited, spec, 'markdown');
    assert.equal(t.kind, 'table');
    if (t.kind !== 'table') return;
    assert.ok(t.papers.length >= 5, `only ${t.papers.length} papers`);
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-evidence-'));
    writeFileSync(join(dir, 'refs.bib'), t.papers.map(formatBibtex).join('\n'));
    writeFileSync(join(dir, 'doc.md'), `# Related work\n\nSpeculative decoding, measured:\n\n${t.text}\n\n# References\n`);
    const run = spawnSync('pandoc', ['doc.md', '--citeproc', '--bibliography', 'refs.bib', '-t', 'html', '--wrap=none'], { cwd: dir, encoding: 'utf8' });
    if (run.error) throw new Error(`pandoc could not run (${run.error.message}): install pandoc ≥ 2.17 (apt-get install pandoc); CI installs it`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '', 'pandoc warned (a citation it could not resolve?)');
    const rows = htmlRows(run.stdout);
    assert.equal(rows.length, t.rows.length + 1);
    for (const p of t.papers) assert.ok(!run.stdout.includes(`@${p.key}`), `${p.key} left unresolved`);
    // citeproc writes one reference entry per cited paper.
    assert.equal((run.stdout.match(/class="csl-entry"/g) ?? []).length, t.papers.length);
  });
});

describe('findEvidenceBlocks', () => {
  const spec: EvidenceSpec = { query: 'topic:"x-->y" <b>', metrics: ['speedup'], columns: ['paper', 'value'] };
  const papers = [paper('a', [claim()]), paper('b', [claim({ value: '3x', number: 3 })])];

  for (const [languageId, format] of [
    ['markdown', 'markdown'],
    ['latex', 'latex'],
    ['typst', 'typst'],
  ] as const) {
    it(`${languageId}: a table written into a document is found again with its record, and Refresh leaves every byte outside it as it was`, () => {
      const first = renderEvidenceTable(papers, spec, format, { eol: '\r\n' });
      assert.equal(first.kind, 'table');
      const before = 'Intro line,\r\n\r\nwith text before.\r\n';
      const after = '\r\nText after, with a trailing space \r\n';
      const doc = `${before}${first.kind === 'table' ? first.text : ''}${after}`;
      const { blocks, problems } = findEvidenceBlocks(doc, languageId);
      assert.deepEqual(problems, []);
      assert.equal(blocks.length, 1);
      assert.deepEqual(blocks[0].spec, spec);
      assert.equal(doc.slice(0, blocks[0].start), before);
      assert.equal(doc.slice(blocks[0].end), after);
      assert.equal(blocks[0].startLine, 3);
      // The library changed: one more paper. The new table replaces the old one in place.
      const second = renderEvidenceTable([...papers, paper('c', [claim({ value: '9x', number: 9 })])], blocks[0].spec, format, { eol: '\r\n' });
      const refreshed = doc.slice(0, blocks[0].start) + (second.kind === 'table' ? second.text : '') + doc.slice(blocks[0].end);
      assert.ok(refreshed.startsWith(before) && refreshed.endsWith(after));
      assert.match(refreshed, /9x/);
      assert.equal(findEvidenceBlocks(refreshed, languageId).blocks.length, 1);
      // The markers are the format's comments.
      assert.ok(doc.includes(startMarker(spec, format)) && doc.includes(endMarker(format)));
    });
  }

  it('a query holding --> cannot close the Markdown comment that records it', () => {
    const marker = startMarker(spec, 'markdown');
    assert.equal(marker.indexOf('-->'), marker.length - 3);
  });

  it('reports as data a block without an end marker, and one whose record was edited; neither is refreshed', () => {
    const text = [
      '<!-- litdigest:evidence {"query":"a","metrics":["speedup"],"columns":["value"]} -->',
      '| x |',
      '',
      '<!-- litdigest:evidence {not json} -->',
      '<!-- litdigest:end -->',
      '',
    ].join('\n');
    const { blocks, problems } = findEvidenceBlocks(text, 'markdown', 'doc.md');
    assert.deepEqual(blocks, []);
    assert.deepEqual(
      problems.map((p) => [p.file, p.line, p.severity]),
      [
        ['doc.md', 1, 'warning'],
        ['doc.md', 4, 'warning'],
      ],
    );
  });

  it('a record with an unknown metric or column is not read', () => {
    const text = '% litdigest:evidence {"query":"a","metrics":["speed"],"columns":["value"]}\n% litdigest:end\n';
    assert.equal(findEvidenceBlocks(text, 'latex').blocks.length, 0);
    assert.equal(findEvidenceBlocks(text, 'latex').problems.length, 1);
  });

  it('finds no block in a language that writes no tables, nor markers of another language', () => {
    const md = renderEvidenceTable(papers, spec, 'markdown');
    assert.equal(findEvidenceBlocks(md.kind === 'table' ? md.text : '', 'plaintext').blocks.length, 0);
    assert.equal(findEvidenceBlocks(md.kind === 'table' ? md.text : '', 'latex').blocks.length, 0);
    assert.equal(tableFormatFor('quarto'), 'markdown');
    assert.equal(tableFormatFor('tex'), 'latex');
  });
});

describe('selectPapers', () => {
  const library = buildLibrary(seedFiles(), undefined, {}, false);

  it('a filter-only query needs no search index', () => {
    const { papers } = selectPapers(library, { query: 'topic:speculative' });
    assert.ok(papers.length > 3);
    assert.ok(papers.every((p) => p.topics.some((t) => t.includes('speculative'))));
  });

  it('picked keys select those papers and name the unknown ones', () => {
    const [a, b] = library.papers;
    const { papers, missing } = selectPapers(library, { keys: [b.key, 'nope-0000', a.key] });
    assert.deepEqual(
      papers.map((p) => p.key),
      [b.key, a.key],
    );
    assert.deepEqual(missing, ['nope-0000']);
  });

  it('status:included reads the decisions it is given', () => {
    const key = library.papers[3].key;
    const { papers } = selectPapers(library, { query: 'status:included' }, (k) =>
      k === key ? { key, status: 'included', tags: [], decidedAt: '2026-01-01T00:00:00Z' } : undefined,
    );
    assert.deepEqual(
      papers.map((p) => p.key),
      [key],
    );
  });
});

describe('litdigest table', () => {
  async function run(...argv: string[]) {
    let out = '';
    let err = '';
    const status = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, tempCacheEnv());
    return { status, out, err };
  }

  it('prints the Markdown table of the papers a query selects, the same as the core renders', async () => {
    const { status, out, err } = await run('table', 'topic:speculative', '--metric', 'speedup', '--digest', seedsDir);
    assert.equal(status, 0, err);
    const library = buildLibrary(seedFiles());
    const spec: EvidenceSpec = { query: 'topic:speculative', metrics: ['speedup'], columns: ['paper', 'hardware', 'metric', 'value', 'baseline'] };
    const t = renderEvidenceTable(
      selectPapers(library, spec).papers.map((p) => asCited(p)),
      spec,
      'markdown',
    );
    assert.equal(out, `${t.kind === 'table' ? t.text : ''}\n`);
  });

  it('--format latex cites with \\cite and --json lists the rows with their claims', async () => {
    const tex = await run('table', 'topic:speculative', '--metric', 'speedup', '--format', 'latex', '--digest', seedsDir);
    assert.match(tex.out, /\\cite\{[a-z0-9-]+\}/);
    assert.match(tex.out, /^\\begin\{tabular\}/m);
    const json = await run('table', 'topic:speculative', '--metric', 'speedup', '--json', '--digest', seedsDir);
    const rows = JSON.parse(json.out);
    assert.ok(rows.length > 3);
    for (const r of rows) {
      assert.equal(r.claim.metric, 'speedup');
      assert.equal(r.citation, `[@${r.key}]`);
    }
  });

  it('--format csv ends every line with CRLF, as RFC 4180 and the PRISMA CSV do', async () => {
    const { status, out } = await run('table', 'topic:speculative', '--metric', 'speedup', '--format', 'csv', '--digest', seedsDir);
    assert.equal(status, 0);
    assert.ok(out.startsWith('Paper,Hardware,Metric,Value,Baseline,Key\r\n'), out);
    assert.ok(out.endsWith('\r\n'));
    assert.doesNotMatch(out.replace(/\r\n/g, ''), /\n/);
  });

  it('a metric no selected paper reports is a message on stderr and exit 1, with no table', async () => {
    const { status, out, err } = await run('table', 'topic:speculative', '--metric', 'energy', '--digest', seedsDir);
    assert.equal(status, 1);
    assert.equal(out, '');
    assert.match(err, /reports energy/);
  });

  it('filters on the team’s decisions: status: by the outcome, tag: by any reviewer’s tags (a disagreement is not included)', async () => {
    const library = buildLibrary(seedFiles());
    const speedy = selectPapers(library, { query: 'topic:speculative' }).papers.filter((p) => p.claims.some((c) => c.metric === 'speedup'));
    const [a, b, c] = speedy.map((p) => p.key);
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-table-review-'));
    const at = '2026-11-30T01:00:00.000Z';
    const line = (key: string, status: string, tags: string[] = []) => ({ key, status, tags, decidedAt: at });
    writeFileSync(join(dir, 'ana.jsonl'), serializeReviewFile([line(a, 'included', ['kv']), line(b, 'included'), line(c, 'included')] as Decision[]));
    writeFileSync(join(dir, 'ben.jsonl'), serializeReviewFile([line(b, 'excluded'), line(c, 'included', ['draft'])] as Decision[]));
    const keysOf = async (query: string) => {
      const { status, out, err } = await run('table', query, '--metric', 'speedup', '--json', '--review-dir', dir, '--digest', seedsDir);
      assert.equal(status, 0, err);
      return [...new Set(JSON.parse(out).map((r: { key: string }) => r.key))].sort();
    };
    assert.deepEqual(await keysOf('status:included'), [a, c].sort());
    assert.deepEqual(await keysOf('tag:kv'), [a]);
    assert.deepEqual(await keysOf('tag:draft status:included'), [c]);
  });

  it('refuses an unknown metric, column or format as bad usage (exit 2)', async () => {
    assert.equal((await run('table', '--metric', 'speed')).status, 2);
    assert.equal((await run('table', '--columns', 'paper,colour')).status, 2);
    assert.equal((await run('table', '--format', 'bibtex')).status, 2);
  });
});

describe('groupQuery', () => {
  it('says each tree grouping as a query, so Refresh finds the group again', () => {
    assert.equal(groupQuery({ id: 'topic/speculative-decoding' }), 'topic:speculative-decoding');
    assert.equal(groupQuery({ id: 'hardware/FPGA' }), 'hw:FPGA');
    assert.equal(groupQuery({ id: 'hardware/Cloud/Datacenter' }), 'hw:Cloud/Datacenter');
    assert.equal(groupQuery({ id: 'year/2025' }), 'year:2025');
    assert.equal(groupQuery({ id: 'status/included' }), 'status:included');
    assert.equal(groupQuery({ id: 'tag/kv cache' }), 'tag:"kv cache"');
    assert.equal(groupQuery({ id: 'topic/llm-serving#100' }), 'topic:llm-serving');
  });

  it('gives null where no query says the group: its papers are then recorded by key', () => {
    for (const id of [
      'source/seeds/a.txt',
      'hardware/GPU/NVIDIA T4',
      'hardware/Embedded board/NVIDIA Jetson',
      'hardware/Unspecified',
      'year/No year given',
      'status/excluded/off topic',
      'status/conflict',
      'tag/No tags',
      'topic/',
    ])
      assert.equal(groupQuery({ id }), null, id);
  });

  it('the query of each shipped topic, hardware and year group selects exactly that group’s papers', () => {
    const library = buildLibrary(seedFiles(), undefined, {}, false);
    const groups = groupPapers(library.papers, 'topic', library.knowledge.taxonomy);
    const hardware = groupPapers(library.papers, 'hardware', library.knowledge.taxonomy);
    assert.ok(groups.length > 3);
    for (const group of [...groups, ...hardware, ...hardware.flatMap((g) => g.groups), ...groupPapers(library.papers, 'year', library.knowledge.taxonomy)]) {
      if (!groupQuery(group)) continue;
      const { papers } = selectPapers(library, { query: groupQuery(group)! });
      assert.deepEqual(new Set(papers.map((p) => p.key)), new Set(collect(group).map((p) => p.key)), group.id);
    }
  });
});

function collect(group: Group): Paper[] {
  return [...new Set([...group.papers, ...group.groups.flatMap(collect)])];
}

describe('README', () => {
  it('shows the evidence table of the speculative decoding group exactly as litdigest table writes it', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const { blocks } = findEvidenceBlocks(readme, 'markdown');
    assert.equal(blocks.length, 1);
    let out = '';
    const status = await main(
      ['table', 'topic:speculative-decoding', '--metric', 'speedup', '--columns', 'paper,hardware,value,baseline', '--digest', seedsDir],
      {
        out: (t) => (out += t),
        err: () => undefined,
      },
      tempCacheEnv(),
    );
    assert.equal(status, 0);
    assert.equal(readme.slice(blocks[0].start, blocks[0].end), out.trimEnd());
  });
});
