/** UI test: a reviewer screening papers with single keys in the real VS Code, the tree grouped by status, the decision surviving a reload, and the PRISMA summary. */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { useWorkbench } from './workbench';

/** What the details panel shows of the paper being screened. */
interface ShownPaper {
  title: string;
  key: string;
  status: string;
}

describe('screening papers with single keys in VS Code', function () {
  // Each step continues from where the last left the workbench: after a failure, the rest would only fail for that reason.
  this.bail(true);
  const opened = useWorkbench({ name: 'screening' });
  const pane = () => opened().viewPane('Papers');
  const counter = () => opened().page.locator('.part.statusbar .statusbar-item', { hasText: /Screening \d+\/\d+/ });
  // Filled in as the flow goes: the papers the test decided on.
  let first: ShownPaper;
  let second: ShownPaper;
  let total = 0;

  /** The details webview (the only LitDigest page with a Status line). */
  async function detailsFrame(): Promise<Frame> {
    return opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Status:' });
  }

  /** Waits until the details panel shows a paper for which `wanted` holds; the page is replaced on each paper, so read it afresh. */
  async function waitForShown(wanted: (paper: ShownPaper) => boolean, what: string): Promise<ShownPaper> {
    const deadline = Date.now() + 20_000;
    let last: ShownPaper | string;
    for (;;) {
      try {
        const frame = await detailsFrame();
        const paper = {
          title: ((await frame.locator('h1').textContent({ timeout: 2000 })) ?? '').trim(),
          key: (await frame.locator('button[data-action="decide"]').first().getAttribute('data-paper', { timeout: 2000 })) ?? '',
          status: ((await frame.locator('.screening strong.status').textContent({ timeout: 2000 })) ?? '').trim(),
        };
        if (wanted(paper)) return paper;
        last = paper;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) {
        throw new Error(`The details panel never showed ${what}; last seen: ${JSON.stringify(last)}. Focus is on ${await focusedElement()}`);
      }
      await opened().page.waitForTimeout(200);
    }
  }

  /** Where the keyboard focus is in the workbench (for failure messages about keys that did nothing). */
  async function focusedElement(): Promise<string> {
    return opened().page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return 'nothing';
      const view = el.closest('.pane')?.querySelector('.pane-header h3.title')?.textContent;
      return `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">${view ? ` in the ${view} view` : ''}${el.closest('.editor-group-container') ? ' in an editor group' : ''}`;
    });
  }

  /** The screening counter's text in the status bar once it matches `pattern`. */
  async function waitForCounter(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const text = (
        (await counter()
          .textContent()
          .catch(() => '')) ?? ''
      ).trim();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`The status bar's screening counter never matched ${pattern}; it reads "${text}"`);
      await opened().page.waitForTimeout(100);
    }
  }

  it('starts from the palette: the details panel shows the first unscreened paper and the status bar counts the set', async () => {
    await opened().openViewContainer('LitDigest');
    assert.deepEqual(await opened().waitForActivation('litdigest.litdigest'), []);
    // The first activation opens the walkthrough; close it so it cannot take the focus once screening starts.
    await opened().page.locator('.tabs-container .tab', { hasText: 'Walkthrough: LitDigest' }).waitFor();
    await opened().runCommand('View: Close All Editors');
    await opened().runCommand('LitDigest: Group by Screening Status');
    await opened().treeItem('Unscreened (', pane()).waitFor();
    await opened().runCommand('LitDigest: Screen Papers');
    first = await waitForShown((p) => p.title !== '' && p.key !== '', 'a paper');
    assert.equal(first.status, 'unscreened');
    const text = await waitForCounter(/Screening 1\/\d+ · \d+ unscreened/);
    const [, size, left] = /1\/(\d+) · (\d+) unscreened/.exec(text) ?? [];
    total = Number(size);
    assert.ok(total > 3, `the shipped digest has many papers to screen: ${text}`);
    assert.equal(Number(left), total, text);
    await opened().screenshot('screening starts on the first paper');
  });

  it('includes the paper with i: the next paper appears and the tree groups the first under Included', async () => {
    await opened().page.keyboard.press('i');
    second = await waitForShown((p) => p.key !== first.key, `the next paper after pressing i on ${first.key}`);
    assert.equal(second.status, 'unscreened');
    await waitForCounter(new RegExp(`Screening 2/${total} · ${total - 1} unscreened`));
    await opened().screenshot('i included the first paper, the second is shown');
    await opened().expandTreeItem('Included (1)', pane());
    const row = opened().treeItem(first.title.slice(0, 40), pane());
    await row.waitFor();
    assert.match((await row.getAttribute('aria-label')) ?? '', /, included$/);
    await opened().screenshot('tree grouped by status with one paper included');
  });

  it('excludes the next paper with e after choosing a reason, and u undoes the exclusion', async () => {
    // The tree has the focus now (the Included group was just expanded): the keys work there as in the details panel.
    await opened().page.keyboard.press('e');
    await opened()
      .quickInput()
      .locator('.quick-input-title', { hasText: 'Exclude: why?' })
      .waitFor()
      .catch(async () => {
        throw new Error(`Pressing e opened no reason picker; focus is on ${await focusedElement()}`);
      });
    const reasons = await opened().quickPickItems();
    assert.ok(
      reasons.some((r) => r.startsWith('off topic')),
      reasons.join(' | '),
    );
    await opened().screenshot('e asks for the exclusion reason');
    await opened().pickQuickPickItem('off topic');
    const third = await waitForShown((p) => p.key !== second.key && p.key !== first.key, `the paper after excluding ${second.key}`);
    assert.equal(third.status, 'unscreened');
    await waitForCounter(new RegExp(`Screening 3/${total} · ${total - 2} unscreened`));
    await opened().expandTreeItem('Excluded (1)', pane());
    await opened().treeItem('off topic (1)', pane()).waitFor();
    await opened().screenshot('tree with an excluded paper under its reason');

    await opened().page.keyboard.press('u');
    const undone = await waitForShown((p) => p.key === second.key, `${second.key} again after pressing u`);
    assert.equal(undone.status, 'unscreened');
    await waitForCounter(new RegExp(`Screening 2/${total} · ${total - 1} unscreened`));
    await opened().treeItem('Unscreened (', pane()).waitFor();
    assert.equal(await opened().treeItem('Excluded (', pane()).count(), 0, 'the Excluded group should be gone after the undo');
    await opened().screenshot('u undid the exclusion');
  });

  it('keeps the inclusion across a window reload, in the reviewer file of .litdigest/review', async () => {
    await opened().reloadWindow();
    await opened().openViewContainer('LitDigest');
    await opened().expandTreeItem('Included (1)', pane());
    const row = opened().treeItem(first.title.slice(0, 40), pane());
    await row.waitFor();
    assert.match((await row.getAttribute('aria-label')) ?? '', /, included$/);
    assert.equal(await opened().treeItem('Excluded (', pane()).count(), 0);
    await opened().screenshot('after the reload the tree still shows the inclusion');

    const folder = join(opened().workspace, '.litdigest', 'review');
    assert.ok(existsSync(folder), `${folder} should exist`);
    const files = readdirSync(folder).filter((name) => name.endsWith('.jsonl') && !name.startsWith('_'));
    assert.equal(files.length, 1, `one reviewer file expected: ${files.join(', ')}`);
    const [header, ...lines] = readFileSync(join(folder, files[0]), 'utf8').trim().split('\n');
    assert.equal((JSON.parse(header) as { litdigest?: string }).litdigest, 'review');
    const decisions = lines.map((line) => JSON.parse(line) as { key: string; status: string });
    assert.deepEqual(
      decisions.map((d) => [d.key, d.status]),
      [[first.key, 'included']],
      `${files[0]} holds: ${lines.join('\n')}`,
    );
  });

  it('shows the PRISMA summary with one paper included', async () => {
    await opened().runCommand('LitDigest: Show Screening Summary');
    const frame = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Screening Summary (PRISMA 2020)' });
    const included = frame.locator('.box.included');
    await included.waitFor();
    assert.equal(((await included.locator('.count').textContent()) ?? '').trim(), '1');
    assert.equal(await included.getAttribute('aria-label'), 'Included: 1');
    await opened().screenshot('PRISMA summary with one paper included');
  });
});
