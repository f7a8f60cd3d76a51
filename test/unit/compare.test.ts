import { strict as assert } from 'node:assert';
import { compareTable } from '../../src/core/metrics';
import type { Claim, Paper } from '../../src/core/model';
import { compareCsv, renderCompareHtml, type ComparePage } from '../../src/webview/compare';
import { CompareMessage } from '../../src/webview/compareProtocol';
import { HOSTILE } from './hostile';
import { samplePaper } from './samplePaper';

const assets = {
  cspSource: 'vscode-resource:',
  scriptUri: 'vscode-resource:/media/compare.js',
  styleUri: 'vscode-resource:/media/compare.css',
  codiconsUri: 'vscode-resource:/media/codicons/codicon.css',
  nonce: 'n0nce-1',
};
const claim = (over: Partial<Claim>): Claim => ({ text: 'x', metric: 'speedup', value: '2x', number: 2, unit: 'x', ...over });
const evil = '<script>alert(1)</script> "q" \'a\' & <img src=x onerror=alert(1)>';
const hostilePaper: Paper = samplePaper({
  key: 'evil-0001',
  title: evil,
  year: 2025,
  hardware: [{ name: '<b>GPU</b>', class: 'GPU' }],
  claims: [
    claim({ text: `Speedup ${evil} 2x.`, value: '2x<script>', baseline: '"vLLM" onmouseover=alert(1)', hardware: '</td><script>x()</script>' }),
    claim({ text: 'Latency is 12 ms.', metric: 'latency', value: '12 ms', number: 12, unit: 'ms' }),
  ],
});
const page = (papers: Paper[], sort?: ComparePage['sort']): ComparePage => ({ heading: `Group ${evil}`, ...compareTable(papers), ...(sort ? { sort } : {}) });

describe('renderCompareHtml', () => {
  const html = renderCompareHtml(page([hostilePaper]), assets);

  it('sets a strict CSP: nothing by default, styles and fonts from the extension, scripts only with this render nonce', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce-1'/);
    assert.doesNotMatch(csp, /img-src|unsafe-inline|unsafe-eval/);
    assert.deepEqual(html.match(/<script\b[^>]*>/g), ['<script nonce="n0nce-1" src="vscode-resource:/media/compare.js">']);
  });

  it('escapes every digest string: titles, values, devices, baselines, hover sentences and the heading', () => {
    assert.doesNotMatch(html, /<script>|<img|<b>|"vLLM" onmouseover/);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &amp;'));
    assert.ok(html.includes('2x&lt;script&gt;'));
    assert.ok(html.includes('on &lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;, vs &quot;vLLM&quot; onmouseover=alert(1)'));
    assert.ok(
      html.includes(
        `title="Speedup ${evil.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')} 2x."`,
      ),
    );
  });

  it('keeps every hostile text of the shared list inert', () => {
    for (const text of HOSTILE) {
      const out = renderCompareHtml(page([samplePaper({ title: text, claims: [claim({ text, value: text, baseline: text, hardware: text })] })]), assets);
      const withoutScript = out.replace(/<script nonce="n0nce-1" src="[^"]+"><\/script>/, '');
      assert.doesNotMatch(withoutScript, /<script|<img|<!--|href="(?!vscode-resource)/i, text);
    }
  });

  it('gives each row Details and Cite buttons carrying only the paper key, and the toolbar Insert as table and Save as CSV', () => {
    assert.ok(html.includes('<button data-action="openDetails" data-paper="evil-0001"'));
    assert.ok(html.includes('<button data-action="cite" data-paper="evil-0001"'));
    assert.ok(html.includes('data-action="insertTable"'));
    assert.ok(html.includes('data-action="saveCsv"'));
  });

  it('makes every column a sort button and writes a numeric sort key in each metric cell (empty when none)', () => {
    for (const column of ['title', 'year', 'speedup', 'latency']) assert.ok(html.includes(`data-action="sort" data-column="${column}"`), column);
    assert.ok(html.includes('<td data-sort="12" title="Latency is 12 ms.">'));
    const other = renderCompareHtml(page([hostilePaper, samplePaper({ key: 'plain', claims: [claim({ text: 'b', value: '3x', number: 3 })] })]), assets);
    assert.ok(other.includes('<td class="empty" data-sort=""></td>'));
  });

  it('renders rows in the page sort and marks the sorted column with aria-sort', () => {
    const papers = [1.5, 9, 3].map((n, i) => samplePaper({ key: `p${i}`, title: `P${i}`, claims: [claim({ value: `${n}x`, number: n })] }));
    const sorted = renderCompareHtml(page(papers, { column: 'speedup', descending: true }), assets);
    const order = [...sorted.matchAll(/<tr data-paper="(p\d)">/g)].map((m) => m[1]);
    assert.deepEqual(order, ['p1', 'p2', 'p0']);
    assert.match(sorted, /<th scope="col" data-column="speedup" aria-sort="descending">/);
    assert.equal((sorted.match(/aria-sort=/g) ?? []).length, 1);
  });

  it('says so when no paper states a compare metric', () => {
    const none = renderCompareHtml(page([samplePaper()]), assets);
    assert.match(none, /None of these papers states a speedup/);
  });
});

describe('compareCsv', () => {
  it('writes a header, one row per paper in sort order, with value, hardware, baseline and sentence per metric', () => {
    const csv = compareCsv(page([hostilePaper]));
    const [head] = csv.split('\r\n');
    assert.equal(head, 'key,title,year,speedup,speedup hardware,speedup baseline,speedup claim,latency,latency hardware,latency baseline,latency claim');
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.split('\r\n').length, 3);
  });

  it("quotes fields with commas or quotes, and defuses formula-like fields with a leading '", () => {
    const p = samplePaper({ key: 'f', title: '=HYPERLINK("http://x")', claims: [claim({ text: '+1, "quoted"', value: '-3x', baseline: '@SUM(A1)' })] });
    const row = compareCsv(page([p])).split('\r\n')[1];
    assert.equal(row, `f,"'=HYPERLINK(""http://x"")",2021,'-3x,,'@SUM(A1),"'+1, ""quoted"""`);
  });
});

describe('CompareMessage', () => {
  it('accepts each message the page sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'sort', column: 'speedup', descending: true },
      { type: 'sort', column: 'title', descending: false },
      { type: 'openDetails', paperId: 'help-i454' },
      { type: 'cite', paperId: 'help-i454' },
      { type: 'insertTable' },
      { type: 'saveCsv' },
    ]) {
      assert.ok(CompareMessage.safeParse(m).success, JSON.stringify(m));
    }
  });

  it('rejects unknown types and columns, missing or extra fields, and keys that are not keys', () => {
    for (const m of [
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'sort', column: 'key', descending: true },
      { type: 'sort', column: 'speedup' },
      { type: 'sort', column: 'speedup', descending: 'yes' },
      { type: 'cite' },
      { type: 'cite', paperId: '../etc/passwd' },
      { type: 'openDetails', paperId: 'A<b>' },
      { type: 'openDetails', paperId: 'ok', extra: 1 },
      { type: 'saveCsv', path: '/tmp/x.csv' },
      null,
      'saveCsv',
    ]) {
      assert.equal(CompareMessage.safeParse(m).success, false, JSON.stringify(m));
    }
  });
});
