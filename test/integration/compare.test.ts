/** Extension-host tests of writing aids: Compare Papers for a tree group, Uncited Papers for a document, related papers in details. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLitDigest, eventually, restoreDocumentBibliographies, scratch, shippedDigestOnly } from './litdigest';

interface PaperView {
  key: string;
  title: string;
  topics: string[];
  claims: unknown[];
}
interface GroupNode {
  kind: 'group';
  group: { id: string; label: string; count: number; papers: PaperView[]; groups: unknown[] };
}
interface Exports {
  store: { whenIdle(): Promise<void>; library: { papers: PaperView[] } };
  tree: { mode: string; getChildren(node?: unknown): vscode.ProviderResult<unknown[]> };
  compare: { shown: { heading: string; metrics: string[]; rows: { paper: { key: string }; cells: Record<string, { value: string }> }[] } | undefined };
  uncited: { shown: { set: string; document: string; keys: string[] } | undefined };
  details: { related: readonly { key: string; title: string; cited: boolean | null; shared: string[] }[] | undefined };
}

let api: Exports;

/** The tree's topic group of speculative decoding papers, as the context menu passes it. */
async function speculativeGroup(): Promise<GroupNode> {
  if (api.tree.mode !== 'topic') await vscode.commands.executeCommand('litdigest.groupByTopic');
  const roots = ((await api.tree.getChildren()) ?? []) as GroupNode[];
  const node = roots.find((n) => n.group.id === 'topic/speculative-decoding');
  assert.ok(node, `no speculative decoding group among ${roots.map((n) => n.group.id).join(', ')}`);
  return node;
}

describe('Compare, related and uncited papers', function () {
  this.timeout(60_000);

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await shippedDigestOnly(api);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreDocumentBibliographies();
  });

  it('compares the papers of a tree group: one row each, the speedup column, values as the papers write them', async () => {
    const node = await speculativeGroup();
    await vscode.commands.executeCommand('litdigest.comparePapers', node);
    const shown = api.compare.shown;
    assert.ok(shown, 'the Compare panel shows a page');
    assert.equal(shown.heading, node.group.label);
    assert.equal(shown.rows.length, node.group.count);
    assert.ok(shown.metrics.includes('speedup'), `metrics: ${shown.metrics.join(', ')}`);
    const withSpeedup = shown.rows.filter((r) => r.cells.speedup);
    assert.ok(withSpeedup.length >= 3, `${withSpeedup.length} papers with a speedup`);
    for (const r of withSpeedup) assert.match(r.cells.speedup.value, /\d/);
  });

  it('compares papers given by key, and a later compare replaces the page', async () => {
    const [a, b] = api.store.library.papers.filter((p) => p.claims.length);
    await vscode.commands.executeCommand('litdigest.comparePapers', [a.key, b.key]);
    assert.deepEqual(
      api.compare.shown?.rows.map((r) => r.paper.key),
      [a.key, b.key],
    );
  });

  it('lists the papers of a group the document does not cite yet', async () => {
    const node = await speculativeGroup();
    const [first, second, ...rest] = node.group.papers;
    await scratch('uncited.md', `# Draft\n\nSpeculative decoding [@${first.key}; @${second.key}] is fast.\n`, 'markdown');
    await vscode.commands.executeCommand('litdigest.uncitedPapers', node);
    const shown = api.uncited.shown;
    assert.ok(shown);
    assert.equal(shown.set, node.group.label);
    assert.equal(shown.document, 'uncited.md');
    assert.deepEqual(shown.keys, [...new Set(rest.map((p) => p.key))]);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  it('lists five related papers in details, and marks one cited once the document cites it', async () => {
    const editor = await scratch('related.md', '# Draft\n\n', 'markdown');
    const node = await speculativeGroup();
    const paper = node.group.papers[0];
    await vscode.commands.executeCommand('litdigest.openDetails', paper.key);
    await eventually(() => (api.details.related?.length ?? 0) === 5, 'five related papers');
    const related = api.details.related!;
    assert.ok(
      related.every((r) => r.cited === false && r.key !== paper.key),
      JSON.stringify(related),
    );
    const target = related[0];
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), `As shown [@${target.key}].\n`));
    await eventually(() => api.details.related?.find((r) => r.key === target.key)?.cited === true, `${target.key} marked cited`);
    assert.equal(api.details.related?.filter((r) => r.cited).length, 1);
  });
});
