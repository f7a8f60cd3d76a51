/** Extension-host tests of screening: deciding by command, the reviewer file on disk, undo, external edits, refused files and decision filters. */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import {
  activateLitDigest,
  eventually,
  restoreDocumentBibliographies,
  scratch,
  shippedDigestOnly,
  startReviewing,
  stopReviewing,
  workspaceFolder,
} from './litdigest';

interface Decision {
  key: string;
  status: string;
  reason?: string;
  tags: string[];
}

interface Exports {
  store: { whenIdle(): Promise<void>; library: { papers: { key: string }[] } };
  tree: {
    shownKeys(): string[];
    filter: string;
    getChildren(node?: unknown): vscode.ProviderResult<unknown[]>;
    getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem>;
  };
  reviews: {
    reviewer: string;
    decision(key: string): Decision | undefined;
    refused: string[];
    load(): Promise<void>;
    decide(keys: string[], change: { tags?: string[]; note?: string }): Promise<unknown>;
  };
  screening: { active: boolean; queue: readonly string[]; current: string | undefined };
  summary: { shown: { prisma: { included: number; excluded: { total: number }; records: number; unscreened: number } } | undefined };
}

const HELP = 'help-i454';
const REVIEWER = 'tester';
let api: Exports;

const folder = () => join(workspaceFolder().uri.fsPath, '.litdigest', 'review');
const reviewerFile = () => join(folder(), `${REVIEWER}.jsonl`);
const lines = () =>
  readFileSync(reviewerFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Screening', function () {
  this.timeout(60_000);

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    // The counts below are the shipped digest's: the bibliographies of documents other suites left open stay out.
    await shippedDigestOnly(api);
    await startReviewing(api, REVIEWER);
  });

  after(async () => {
    await vscode.commands.executeCommand('litdigest.stopScreening');
    await vscode.commands.executeCommand('litdigest.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await stopReviewing();
    await restoreDocumentBibliographies();
  });

  it('Screen Papers starts at the first unscreened paper; Include writes the reviewer file and moves on; a fresh read sees it', async () => {
    await vscode.commands.executeCommand('litdigest.screenPapers');
    assert.equal(api.screening.active, true);
    assert.equal(api.screening.queue.length, api.store.library.papers.length);
    const first = api.screening.current;
    assert.ok(first);
    await vscode.commands.executeCommand('litdigest.include');
    assert.deepEqual(
      lines()
        .slice(1)
        .map((d) => [d.key, d.status]),
      [[first, 'included']],
    );
    assert.equal(lines()[0].litdigest, 'review');
    assert.notEqual(api.screening.current, first, 'the next paper appears');
    await api.reviews.load();
    assert.equal(api.reviews.decision(first)?.status, 'included');
  });

  it('Undo Last Decision takes the decision back, in the file too, and shows that paper again', async () => {
    await vscode.commands.executeCommand('litdigest.maybe');
    const [decided] = lines()
      .slice(1)
      .filter((d) => d.status === 'maybe')
      .map((d) => d.key as string);
    assert.ok(decided);
    await vscode.commands.executeCommand('litdigest.undoDecision');
    assert.equal(api.reviews.decision(decided), undefined);
    assert.ok(!lines().some((d) => d.key === decided));
    assert.equal(api.screening.current, decided);
  });

  it('decides a multi-selection from the tree in one step', async () => {
    const [a, b] = api.store.library.papers.slice(-2).map((p) => p.key);
    await vscode.commands.executeCommand('litdigest.maybe', { kind: 'paper', paper: { key: a } }, [
      { kind: 'paper', paper: { key: a } },
      { kind: 'paper', paper: { key: b } },
    ]);
    assert.equal(api.reviews.decision(a)?.status, 'maybe');
    assert.equal(api.reviews.decision(b)?.status, 'maybe');
    await vscode.commands.executeCommand('litdigest.undoDecision');
    assert.equal(api.reviews.decision(a), undefined);
    assert.equal(api.reviews.decision(b), undefined);
  });

  it('filters the tree with status:included', async () => {
    await vscode.commands.executeCommand('litdigest.filter', 'status:included');
    const shown = api.tree.shownKeys();
    assert.ok(shown.length >= 1);
    assert.ok(shown.every((k) => api.reviews.decision(k)?.status === 'included'));
    await vscode.commands.executeCommand('litdigest.clearFilter');
  });

  it('the hover of a cited included paper says so, with its tags and note', async () => {
    const [included] = lines()
      .slice(1)
      .filter((d) => d.status === 'included')
      .map((d) => d.key as string);
    assert.ok(included);
    await api.reviews.decide([included], { tags: ['fpga', 'kv'], note: 'Read the FPGA part' });
    const editor = await scratch('screen-hover.md', `See [@${included}].`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    const shown = text.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(shown, /Screening: included · tags: fpga, kv/);
    assert.match(shown, /Note: Read the FPGA part/);
  });

  it("groups the tree by status, and shows each paper's status with a theme icon", async () => {
    await vscode.commands.executeCommand('litdigest.groupByStatus');
    const roots = ((await api.tree.getChildren()) ?? []) as unknown[];
    const labels = await Promise.all(roots.map(async (n) => String((await api.tree.getTreeItem(n)).label)));
    assert.ok(
      labels.some((l) => l.startsWith('Included (')),
      labels.join(', '),
    );
    assert.ok(
      labels.some((l) => l.startsWith('Unscreened (')),
      labels.join(', '),
    );
    const included = roots[labels.findIndex((l) => l.startsWith('Included ('))];
    const [paper] = ((await api.tree.getChildren(included)) ?? []) as unknown[];
    const item = await api.tree.getTreeItem(paper);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.match(String(item.accessibilityInformation?.label), /, included/);
    await vscode.commands.executeCommand('litdigest.groupByTopic');
  });

  it('Show Screening Summary counts the decisions and follows a new one', async () => {
    await vscode.commands.executeCommand('litdigest.showScreeningSummary');
    const before = api.summary.shown?.prisma;
    assert.ok(before);
    assert.equal(before.records, api.store.library.papers.length);
    const included = api.store.library.papers.filter((p) => api.reviews.decision(p.key)?.status === 'included').length;
    assert.equal(before.included, included);
    const next = api.store.library.papers.find((p) => !api.reviews.decision(p.key));
    assert.ok(next);
    await vscode.commands.executeCommand('litdigest.include', next.key);
    await eventually(() => api.summary.shown?.prisma.included === included + 1, 'the summary to follow the decision', 5000);
    assert.equal(api.summary.shown?.prisma.unscreened, before.unscreened - 1);
    await vscode.commands.executeCommand('litdigest.undoDecision');
  });

  it('picks up an edit made outside VS Code within a second', async () => {
    const text = readFileSync(reviewerFile(), 'utf8') + `{"key":"${HELP}","status":"excluded","reason":"off topic","decidedAt":"2026-11-29T12:00:00Z"}\n`;
    writeFileSync(reviewerFile(), text);
    const ms = await eventually(() => api.reviews.decision(HELP)?.status === 'excluded', 'the external edit to be read', 5000);
    assert.ok(ms < 1000, `read after ${ms} ms`);
  });

  it('refuses a file with merge-conflict markers: keeps the last good state and overwrites nothing', async () => {
    mkdirSync(folder(), { recursive: true });
    const broken = `{"litdigest":"review","version":1}\n<<<<<<< HEAD\n{"key":"${HELP}","status":"included","decidedAt":"2026-11-29T12:00:00Z"}\n=======\n{"key":"${HELP}","status":"maybe","decidedAt":"2026-11-29T12:01:00Z"}\n>>>>>>> theirs\n`;
    writeFileSync(reviewerFile(), broken);
    await eventually(() => api.reviews.refused.includes(`${REVIEWER}.jsonl`), 'the file to be refused', 5000);
    assert.equal(api.reviews.decision(HELP)?.status, 'excluded', 'the last good state stays');
    await vscode.commands.executeCommand('litdigest.include', HELP);
    assert.equal(readFileSync(reviewerFile(), 'utf8'), broken);
    assert.equal(api.reviews.decision(HELP)?.status, 'excluded');
    rmSync(reviewerFile());
    await eventually(() => api.reviews.refused.length === 0 && existsSync(folder()), 'the refusal to clear', 5000);
  });
});
