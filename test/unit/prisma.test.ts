import { strict as assert } from 'node:assert';
import { prismaCounts, type PrismaCounts } from '../../src/core/review';
import type { Decision } from '../../src/core/reviewFile';
import { csvField } from '../../src/core/escape';
import { prismaCsv, prismaMarkdown, prismaRows, renderPrismaHtml } from '../../src/webview/prisma';
import { PrismaMessage } from '../../src/webview/prismaProtocol';

const d = (key: string, status: Decision['status'], reason?: string): Decision => ({
  key,
  status,
  tags: [],
  decidedAt: '2026-11-29',
  ...(reason ? { reason } : {}),
});
const counts: PrismaCounts = prismaCounts(
  {
    sources: [
      { name: 'seeds/a|b.txt', kind: 'digest', records: 4 },
      { name: '=HYPERLINK("x")', kind: 'digest', records: 2 },
    ],
    keys: ['k1', 'k2', 'k3', 'k4', 'k5'],
  },
  new Map([
    ['k1', d('k1', 'included')],
    ['k2', d('k2', 'excluded', 'off topic')],
    ['k3', d('k3', 'excluded', '<script>alert(1)</script>, "quoted"')],
    ['k4', d('k4', 'maybe')],
  ]),
);
const assets = { cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/media/prisma.js', styleUri: 'vscode-resource:/media/prisma.css', nonce: 'n0nce' };

describe('prismaRows', () => {
  it('lists the flow in order with the counts of prismaCounts, per source and per reason', () => {
    assert.deepEqual(
      prismaRows(counts).map((r) => [r.stage, r.count]),
      [
        ['Records identified', 6],
        ['Records identified', 4],
        ['Records identified', 2],
        ['Duplicates removed', 1],
        ['Records screened', 4],
        ['Records excluded', 2],
        ['Records excluded', 1],
        ['Records excluded', 1],
        ['Included', 1],
        ['Maybe', 1],
        ['Conflicts (unresolved)', 0],
        ['Unscreened', 1],
      ],
    );
  });
});

describe('prismaMarkdown', () => {
  it('is a table with one row per stage; a | in a name is escaped so the row keeps its columns', () => {
    const md = prismaMarkdown(counts);
    const lines = md.trim().split('\n');
    assert.equal(lines.length, 2 + prismaRows(counts).length);
    assert.ok(lines.includes('| Records identified | seeds/a\\|b.txt (digest) | 4 |'));
    for (const line of lines) assert.equal(line.replace(/\\\|/g, '').split('|').length, 5, line);
  });
});

describe('prismaCsv', () => {
  it('quotes commas and quotes, defuses formulas, and ends lines with CRLF', () => {
    const csv = prismaCsv(counts);
    assert.ok(csv.startsWith('stage,detail,count\r\n'));
    assert.ok(csv.includes(`Records identified,"'=HYPERLINK(""x"") (digest)",2\r\n`));
    assert.ok(csv.includes('Records excluded,"<script>alert(1)</script>, ""quoted""",1\r\n'));
    assert.ok(csv.endsWith('Unscreened,,1\r\n'));
  });

  it('csvField leaves plain text alone and prefixes every formula starter', () => {
    assert.equal(csvField('off topic'), 'off topic');
    for (const start of ['=', '+', '-', '@']) assert.equal(csvField(`${start}1`), `'${start}1`);
  });
});

describe('renderPrismaHtml', () => {
  const html = renderPrismaHtml(counts, [], assets);

  it('has a strict CSP with the nonce on the one script and no inline handler', () => {
    assert.match(html, /default-src 'none'; style-src vscode-resource:; script-src 'nonce-n0nce'/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="n0nce" src=/);
    assert.ok(!/\son\w+=/.test(html));
  });

  it('escapes every name: a reason with <script> is text', () => {
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('shows the counts and, with two reviewers, their kappa', () => {
    assert.match(html, /Records identified<\/div><div class="count">6</);
    assert.match(html, /Included<\/div><div class="count">1</);
    const withAgreement = renderPrismaHtml(
      counts,
      [{ a: 'ana', b: 'ben', compared: 4, agreed: 3, disagreed: 1, onlyA: 0, onlyB: 0, matrix: {} as never, observed: 0.75, expected: 0.5, kappa: 0.5 }],
      assets,
    );
    assert.match(withAgreement, /<td>ana \/ ben<\/td><td>4<\/td><td>3<\/td><td>1<\/td><td>0.50<\/td>/);
  });
});

describe('PrismaMessage', () => {
  it('accepts the page messages and rejects anything else', () => {
    for (const m of [{ type: 'ready' }, { type: 'copyMarkdown' }, { type: 'saveCsv' }]) assert.ok(PrismaMessage.safeParse(m).success);
    for (const m of [{ type: 'saveCsv', path: '/etc/passwd' }, { type: 'run' }, 'saveCsv', null])
      assert.equal(PrismaMessage.safeParse(m).success, false, JSON.stringify(m));
  });
});
