import { strict as assert } from 'node:assert';
import type { Paper } from '../../src/core/model';
import { escapeHtml, renderDetailsHtml, safeHttpUrl, safeReferenceHtml } from '../../src/webview/html';

const hostile: Paper = {
  key: 'evil-0000',
  title: '<script>alert(1)</script> & "quotes"',
  abstract: 'Intro <img src=x onerror=alert(1)>. We achieve 2x speedup with [link](command:workbench.action.terminal.new). Done.',
  authors: 2,
  org: '<b>Org</b>',
  date: 'Jan 9, 2024',
  year: 2024,
  count: null,
  urls: ['javascript:alert(1)', 'https://ok.example/a?b=1&c=<2>', 'command:foo'],
  sources: [{ file: 'seeds/x.txt', line: 3, pageDate: null }],
  topics: ['general'],
  hardware: [],
  claims: [{ text: 'We achieve 2x speedup with [link](command:workbench.action.terminal.new).', metric: 'speedup', value: '2x' }],
};
const assets = {
  cspSource: 'vscode-resource:',
  scriptUri: 'vscode-resource:/media/details.js',
  styleUri: 'vscode-resource:/media/details.css',
  codiconsUri: 'vscode-resource:/media/codicons/codicon.css',
  nonce: 'abc123',
};

describe('renderDetailsHtml', () => {
  const html = renderDetailsHtml(hostile, assets);

  it('sets a strict CSP: no default source, scripts only with the nonce, no images', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /img-src|unsafe-inline|unsafe-eval/);
  });

  it('has exactly one script, the page script with the nonce, and no inline handlers', () => {
    const scripts = html.match(/<script\b[^>]*>/g)!;
    assert.deepEqual(scripts, ['<script nonce="abc123" src="vscode-resource:/media/details.js">']);
    // Escaped text may read "onerror="; no real tag may carry an event attribute.
    for (const tag of html.match(/<[a-z][^>]*>/gi)!) assert.doesNotMatch(tag, /\son\w+=/i, tag);
  });

  it('escapes every digest string', () => {
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /&lt;b&gt;Org&lt;\/b&gt;/);
  });

  it('renders only http(s) links, as buttons carrying the escaped URL', () => {
    assert.doesNotMatch(html, /javascript:|data-url="command:/);
    assert.match(html, /data-url="https:\/\/ok.example\/a\?b=1&amp;c=%3C2%3E"/);
  });

  it("shows what a bibliography or listing gave: the user's key, names, venue, ids, each sighting and every value not kept", () => {
    const page = renderDetailsHtml(
      {
        ...hostile,
        sources: [
          { file: 'seeds/x.txt', line: 3, pageDate: null, origin: 'hfpage' },
          { file: 'refs/references.bib', line: 12, pageDate: null, origin: 'bibtex', bibKey: 'lee2021<help>' },
        ],
        authorNames: [
          { family: 'Lee', given: 'Hayeon' },
          { family: 'Google <DeepMind>', given: '' },
        ],
        venue: 'NeurIPS',
        arxiv: '2106.08630',
        doi: '10.48550/arxiv.2106.08630',
        conflicts: [{ field: 'title', value: 'HELP <old>', source: { file: 'a/arxiv.txt', line: 4, pageDate: null } }],
      },
      assets,
    );
    assert.match(page, /<dt>Your key<\/dt><dd>lee2021&lt;help&gt;<\/dd>/);
    assert.match(page, /<dt>Authors<\/dt><dd>Hayeon Lee, Google &lt;DeepMind&gt;<\/dd>/);
    assert.match(page, /<dt>Venue<\/dt><dd>NeurIPS<\/dd>/);
    assert.match(page, /<dt>arXiv<\/dt><dd>2106.08630<\/dd>/);
    assert.match(page, /<dt>Sources<\/dt><dd>x.txt:3, references.bib:12 \(lee2021&lt;help&gt;\)<\/dd>/);
    assert.match(page, /<dt>Also titled<\/dt><dd>HELP &lt;old&gt; \(arxiv.txt:4\)<\/dd>/);
  });

  it("shows the paper's own wording of each target and what each claim is measured against and on, escaped", () => {
    const page = renderDetailsHtml(
      {
        ...hostile,
        hardware: [
          { name: 'GPU, model not named', class: 'GPU', phrase: '24 GB <consumer> GPU' },
          { name: 'NVIDIA T4', class: 'GPU', phrase: 'NVIDIA T4' },
        ],
        claims: [{ text: 'It is 2x faster.', metric: 'speedup', value: '2x', baseline: 'v<LLM>', hardware: 'Jetson & Orin' }],
      },
      assets,
    );
    assert.match(page, /<dt>Hardware<\/dt><dd>GPU, model not named \(GPU, “24 GB &lt;consumer&gt; GPU”\); NVIDIA T4 \(GPU\)<\/dd>/);
    assert.match(page, /<span class="claim-context">\(vs v&lt;LLM&gt;, on Jetson &amp; Orin\)<\/span> It is 2x faster\./);
  });

  it('highlights the claims in the abstract, with a title naming the claim', () => {
    assert.match(html, /<mark class="claim" data-marks="claim-0" title="Claim 1: speedup 2x">We achieve 2x speedup/);
  });
});

describe('escapeHtml and safeHttpUrl', () => {
  it('escapes the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href='x'>&"`), '&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('accepts only http and https', () => {
    assert.equal(safeHttpUrl('https://a.org/x'), 'https://a.org/x');
    for (const bad of ['javascript:alert(1)', 'command:x', 'file:///etc/passwd', 'vscode://a', 'nonsense']) assert.equal(safeHttpUrl(bad), null);
  });
});

describe('renderDetailsHtml with a decision', () => {
  const decision = {
    key: hostile.key,
    status: 'excluded' as const,
    reason: '<b>off</b> topic',
    tags: ['<i>kv</i>'],
    note: 'See <script>alert(2)</script>\nsecond line',
    decidedAt: '2026-11-29',
  };
  const html = renderDetailsHtml(hostile, assets, { decision });

  it('shows status, reason, tags and note escaped, never as markup', () => {
    assert.match(html, /class="status status-excluded">excluded</);
    assert.ok(html.includes('&lt;b&gt;off&lt;/b&gt; topic'));
    assert.ok(html.includes('&lt;i&gt;kv&lt;/i&gt;'));
    assert.ok(html.includes('See &lt;script&gt;alert(2)&lt;/script&gt;'));
    assert.ok(!html.includes('<script>alert(2)'));
  });

  it('has a decide button per status, the current one pressed, with its key shortcut', () => {
    for (const status of ['included', 'excluded', 'maybe', 'unscreened']) assert.ok(html.includes(`data-status="${status}"`), status);
    assert.match(html, /data-status="excluded" aria-pressed="true" aria-keyshortcuts="e"/);
    assert.ok(!/data-status="included" aria-pressed/.test(html));
    const undecided = renderDetailsHtml(hostile, assets, { decision: undefined });
    assert.match(undecided, /data-status="unscreened"/);
    assert.ok(!/aria-pressed/.test(undecided), 'Clear is not shown pressed (the suggested action) on a paper not yet decided');
  });

  it("lists the other reviewers' decisions, escaped", () => {
    const withOthers = renderDetailsHtml(hostile, assets, { decision, others: [{ reviewer: '<ben>', status: 'included' }] });
    assert.ok(withOthers.includes('Other reviewers: &lt;ben&gt;: <span class="status-included">included</span>'));
    assert.ok(!html.includes('Other reviewers'));
  });

  it('shows an unscreened paper as unscreened, and no screening section without review data', () => {
    assert.match(renderDetailsHtml(hostile, assets, { decision: undefined }), /status-unscreened">unscreened</);
    assert.ok(!renderDetailsHtml(hostile, assets).includes('class="screening"'));
  });
});

describe('renderDetailsHtml highlights where targets and claims were found', () => {
  const paper: Paper = {
    ...hostile,
    title: 'Fast <kernels> on Jetson Orin',
    abstract: 'We target <script>alert(3)</script> & the "RTX 4090" GPU. Our kernel is 2x faster on the RTX 4090 & saves 30% energy. Nothing else.',
    hardware: [
      { name: 'NVIDIA RTX 4090', class: 'GPU', phrase: 'RTX 4090' },
      { name: 'NVIDIA Jetson Orin', class: 'Embedded board', phrase: 'Jetson Orin' },
      { name: 'Google TPU', class: 'ASIC/Accelerator', phrase: 'TPU' },
    ],
    claims: [{ text: 'Our kernel is 2x faster on the RTX 4090 & saves 30% energy.', metric: 'speedup', value: '2x' }],
  };
  const page = renderDetailsHtml(paper, assets, { decision: undefined });
  const marks: string[] = page.match(/<mark\b[^>]*>[^<]*<\/mark>/g) ?? [];

  it('marks the first whole-word occurrence of each phrase and each claim, with a class, a title and the ids a list entry jumps to', () => {
    assert.ok(marks.includes('<mark class="hardware" data-marks="hw-0" title="Hardware: NVIDIA RTX 4090 (GPU)">RTX 4090</mark>'), marks.join('\n'));
    assert.ok(marks.some((m) => m.startsWith('<mark class="claim" data-marks="claim-0" title="Claim 1: speedup 2x">Our kernel is 2x faster on the ')));
  });

  it('escapes every piece of text around and inside the marks, and no mark can carry markup', () => {
    assert.ok(page.includes('We target &lt;script&gt;alert(3)&lt;/script&gt; &amp; the &quot;<mark class="hardware"'));
    assert.ok(marks.some((m) => m.includes('&amp; saves 30% energy.</mark>')));
    assert.ok(!page.includes('<script>alert(3)'));
    for (const tag of page.match(/<[a-z][^>]*>/gi)!) assert.doesNotMatch(tag, /\son\w+=/i, tag);
  });

  it('marks a target named only in the title in the title, and says so of one found nowhere', () => {
    assert.match(
      page,
      /<h1>Fast &lt;kernels&gt; on <mark class="hardware" data-marks="hw-1" title="Hardware: NVIDIA Jetson Orin \(Embedded board\)">Jetson Orin<\/mark><\/h1>/,
    );
    assert.match(
      page,
      /<li>Google TPU <span class="hw-class">\(ASIC\/Accelerator, “TPU”\)<\/span> <span class="corrected">wording not found in the title or abstract<\/span><\/li>/,
    );
  });

  it('lists targets and claims as buttons that show their mark, only for what is marked', () => {
    assert.ok(page.includes('<button class="jump" data-jump="hw-0" title="Show where it was found">NVIDIA RTX 4090</button>'));
    assert.ok(page.includes('data-jump="hw-1"'));
    assert.ok(!page.includes('data-jump="hw-2"'));
    assert.ok(page.includes('data-jump="claim-0"'));
  });

  it('shows what reviewers added and removed, escaped, and a Correct button only with review data', () => {
    const corrected = renderDetailsHtml(paper, assets, {
      decision: undefined,
      corrections: {
        hardware: { add: [{ name: 'Google TPU', class: 'ASIC/Accelerator' }], remove: [{ name: '<b>Old</b> GPU', class: 'GPU' }] },
        claims: { add: [paper.claims[0].text], remove: ['It is <i>fast</i>.'] },
      },
    });
    assert.match(
      corrected,
      /<li>Google TPU <span class="hw-class">\(ASIC\/Accelerator, “TPU”\)<\/span> <span class="corrected">added by a reviewer; wording not found/,
    );
    assert.ok(
      corrected.includes(
        '<li class="removed"><del>&lt;b&gt;Old&lt;/b&gt; GPU</del> <span class="hw-class">(GPU)</span> <span class="corrected">removed by a reviewer</span></li>',
      ),
    );
    assert.ok(corrected.includes('<del>It is &lt;i&gt;fast&lt;/i&gt;.</del>'));
    assert.match(corrected, /data-jump="claim-0"[^>]*>[^<]*<\/button> <span class="corrected">added by a reviewer<\/span>/);
    assert.ok(corrected.includes('data-action="correct" data-paper="evil-0000"'));
    assert.ok(!renderDetailsHtml(paper, assets).includes('data-action="correct"'));
  });
});

describe('renderDetailsHtml: related papers', () => {
  const related = [
    { key: 'lee2021-ok', title: '<script>alert(2)</script> Related', cited: true, shared: ['topic:nas', '<b>x</b>'] },
    { key: 'other-0001', title: 'Other', cited: false, shared: [] },
    { key: 'third-0002', title: 'Third', cited: null, shared: ['draft'] },
  ];
  const html = renderDetailsHtml(hostile, assets, undefined, related);

  it('lists each related paper as a button that opens its details, title and shared terms escaped', () => {
    assert.ok(html.includes('<h2>Related papers</h2>'));
    assert.ok(html.includes('<button class="link" data-action="openDetails" data-paper="lee2021-ok">&lt;script&gt;alert(2)&lt;/script&gt; Related</button>'));
    assert.ok(html.includes('(shares topic:nas, &lt;b&gt;x&lt;/b&gt;)'));
    assert.ok(!html.includes('<script>alert(2)'));
  });

  it('marks each one cited or not in the document, and makes no mark when no document is open', () => {
    assert.match(html, /data-paper="lee2021-ok">[^<]*(?:&[^;]+;[^<]*)*<\/button> <span class="cited">cited in this document<\/span>/);
    assert.match(html, /data-paper="other-0001">Other<\/button> <span class="not-cited">not cited in this document<\/span>/);
    assert.match(html, /data-paper="third-0002">Third<\/button> <span class="shared">/);
  });

  it('has no Related section when there are none or they are not computed yet', () => {
    assert.ok(!renderDetailsHtml(hostile, assets, undefined, []).includes('Related papers'));
    assert.ok(!renderDetailsHtml(hostile, assets).includes('Related papers'));
  });
});

describe('safeReferenceHtml', () => {
  it("keeps citeproc-js's italics and escaped text, drops every other tag and escapes a stray <", () => {
    assert.equal(
      safeReferenceHtml('<div class="csl-entry">Lee, H. (2021). <i>HELP &#38; more</i> <a href="javascript:x">x</a> <img src=x onerror=alert(1)> 1 < 2</div>'),
      'Lee, H. (2021). <i>HELP &#38; more</i> x 1 &lt; 2',
    );
  });
});

describe('renderDetailsHtml with a formatted reference', () => {
  it('shows the reference, names the style and offers a copy button that carries the key', () => {
    const html = renderDetailsHtml(hostile, assets, undefined, undefined, {
      style: 'apa',
      html: '<div class="csl-entry"><i>&#60;script&#62;</i><script>alert(1)</script></div>',
    });
    assert.match(html, /<p class="formatted-reference"><i>&#60;script&#62;<\/i> alert\(1\)<\/p>/);
    assert.match(html, /\(apa\)/);
    assert.match(html, /<button data-action="copyReference" data-paper="evil-0000">/);
    assert.equal(html.match(/<script/g)?.length, 1, 'only the page script');
  });

  it('shows no reference section without one', () => {
    assert.doesNotMatch(renderDetailsHtml(hostile, assets), /copyReference/);
  });
});
