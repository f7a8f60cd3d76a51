/** Extension-host tests of reviewer corrections: Correct Hardware and Claims… writes the reviewer file, and the tree, the library and undo follow. */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLitDigest, eventually, restoreDocumentBibliographies, shippedDigestOnly, startReviewing, stopReviewing, workspaceFolder } from './litdigest';

interface Target {
  name: string;
  class: string;
  phrase?: string;
}
interface PaperView {
  key: string;
  abstract: string;
  hardware: Target[];
  claims: { text: string }[];
}
interface GroupView {
  id: string;
  papers: PaperView[];
  groups: GroupView[];
}
interface Exports {
  store: { whenIdle(): Promise<void>; library: { papers: PaperView[] }; paper(key: string): PaperView | undefined };
  tree: { getChildren(node?: unknown): vscode.ProviderResult<unknown[]> };
  reviews: { reviewer: string; load(): Promise<void>; corrections: ReadonlyMap<string, unknown> };
}
type WriteResult = { ok: true; keys: string[] } | { ok: false; message: string };

const REVIEWER = 'corrector';
const TPU = { name: 'Google TPU v4', class: 'ASIC/Accelerator' };
let api: Exports;

const reviewerFile = () => join(workspaceFolder().uri.fsPath, '.litdigest', 'review', `${REVIEWER}.jsonl`);
const lineOf = (key: string) =>
  readFileSync(reviewerFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((d) => d.key === key);

/** The keys of the papers the hardware tree shows under the group `id` (`hardware/GPU/NVIDIA T4`), pages included. */
async function keysUnder(id: string): Promise<string[]> {
  await vscode.commands.executeCommand('litdigest.groupByHardware');
  const find = (groups: GroupView[]): GroupView | undefined => {
    for (const g of groups) {
      if (g.id === id) return g;
      const inner = find(g.groups);
      if (inner) return inner;
    }
    return undefined;
  };
  const roots = ((await api.tree.getChildren()) ?? []) as { group: GroupView }[];
  const group = find(roots.map((r) => r.group));
  const all = (g: GroupView): string[] => [...g.papers.map((p) => p.key), ...g.groups.flatMap(all)];
  return group ? all(group) : [];
}

describe('Reviewer corrections', function () {
  this.timeout(60_000);
  let paper: PaperView;
  let gpu: Target;

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await shippedDigestOnly(api);
    await startReviewing(api, REVIEWER);
    paper = api.store.library.papers.find((p) => p.hardware.filter((h) => h.class === 'GPU').length === 1 && p.claims.length >= 1)!;
    assert.ok(paper, 'the shipped digest has a paper with one GPU target and a claim');
    gpu = paper.hardware.find((h) => h.class === 'GPU')!;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('litdigest.groupByTopic');
    await stopReviewing();
    await restoreDocumentBibliographies();
  });

  it("removing a target takes the paper out of its device's group, the review file holds it, and undo puts it back", async () => {
    const group = `hardware/GPU/${gpu.name}`;
    assert.ok((await keysUnder(group)).includes(paper.key));
    const result = (await vscode.commands.executeCommand('litdigest.correct', paper.key, {
      kind: 'removeHardware',
      target: { name: gpu.name, class: gpu.class },
    })) as WriteResult;
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual((lineOf(paper.key)?.hardware as { remove: Target[] }).remove, [{ name: gpu.name, class: 'GPU' }]);
    await eventually(async () => !(await keysUnder(group)).includes(paper.key), 'the tree to drop the paper from its device');
    assert.ok(!api.store.paper(paper.key)!.hardware.some((h) => h.name === gpu.name), 'the library shows the correction');
    await vscode.commands.executeCommand('litdigest.undoDecision');
    assert.equal(lineOf(paper.key), undefined, 'the line of a paper with nothing else on it leaves the file');
    await eventually(async () => (await keysUnder(group)).includes(paper.key), 'the tree to show the paper under its device again');
  });

  it('an added target puts the paper in a group of its own class, from the tree context menu argument', async () => {
    const result = (await vscode.commands.executeCommand(
      'litdigest.correct',
      { kind: 'paper', paper: { key: paper.key } },
      { kind: 'addHardware', target: TPU },
    )) as WriteResult;
    assert.ok(result.ok, JSON.stringify(result));
    await eventually(async () => (await keysUnder(`hardware/ASIC/Accelerator/${TPU.name}`)).includes(paper.key), 'the paper under the added device');
    assert.deepEqual((lineOf(paper.key)?.hardware as { add: Target[] }).add, [TPU]);
  });

  it('a claim must be a sentence of the abstract: another is refused and nothing is written; one of the abstract is added in order', async () => {
    const before = readFileSync(reviewerFile(), 'utf8');
    const refused = (await vscode.commands.executeCommand('litdigest.correct', paper.key, {
      kind: 'addClaim',
      text: 'A sentence this paper never wrote, 99x faster.',
    })) as WriteResult;
    assert.equal(refused.ok, false);
    assert.equal(readFileSync(reviewerFile(), 'utf8'), before);
    const sentence = paper.abstract.split(/(?<=\.)\s+/)[0];
    assert.ok(!paper.claims.some((c) => c.text === sentence), 'the first sentence is not a claim yet');
    const added = (await vscode.commands.executeCommand('litdigest.correct', paper.key, { kind: 'addClaim', text: sentence })) as WriteResult;
    assert.ok(added.ok, JSON.stringify(added));
    await eventually(() => api.store.paper(paper.key)?.claims[0]?.text === sentence, 'the added claim first in the paper');
  });

  it('a correction written by another program (a git pull) reaches the tree', async () => {
    const text = readFileSync(reviewerFile(), 'utf8').replace(/"add":\[\{"name":"Google TPU v4"/, '"add":[{"name":"Google TPU v5"');
    writeFileSync(reviewerFile(), text);
    await eventually(async () => (await keysUnder('hardware/ASIC/Accelerator/Google TPU v5')).includes(paper.key), 'the edited correction in the tree');
  });
});
