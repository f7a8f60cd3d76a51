/** UI test: a person comparing a topic's papers from the tree's context menu, sorting by speedup, then reading a paper's related papers. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { useWorkbench } from './workbench';

describe('Compare Papers as a person uses it', function () {
  const opened = useWorkbench({ name: 'compare' });

  it('compares a topic group from its context menu and sorts it by speedup, largest first', async () => {
    await opened().openViewContainer('LitDigest');
    assert.deepEqual(await opened().waitForActivation('litdigest.litdigest'), []);
    const pane = opened().viewPane('Papers');
    const group = opened().treeItem('Speculative decoding (', pane);
    await group.waitFor();
    // The library has finished loading (the tree shows cached papers first and refreshes once loaded).
    await opened().waitForExtensionHostLog(/loaded \d+ papers/);
    // The first-run walkthrough's webview and Compare's, starting together, race for code-server's webview service
    // worker (CI: "Found unexpected service worker controller … pre/service-worker.js"); close it first.
    await opened().runCommand('View: Close All Editors');
    await opened().chooseFromContextMenu(group, 'Compare Papers');
    const frame = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Insert as table' });
    assert.match((await frame.locator('h1').textContent()) ?? '', /^Compare: Speculative decoding/);
    assert.ok((await frame.locator('tbody tr').count()) >= 5, 'a row per paper of the group');
    await frame.locator('button.sort[data-column="speedup"]').click();
    assert.equal(await frame.locator('th[data-column="speedup"]').getAttribute('aria-sort'), 'descending');
    const speedupColumn = await frame.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => th.getAttribute('data-column') === 'speedup'));
    const sorted = await frame
      .locator('tbody tr')
      .evaluateAll((rows, i) => rows.map((r) => (r as HTMLTableRowElement).cells[i].getAttribute('data-sort') ?? ''), speedupColumn);
    const numbers = sorted.filter((v) => v !== '').map(Number);
    assert.ok(numbers.length >= 3, `speedups: ${sorted.join(', ')}`);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => b - a),
    );
    assert.ok(
      sorted.slice(numbers.length).every((v) => v === ''),
      'papers without a speedup come last',
    );
    // A Refresh that changes nothing leaves the page as the reader left it: a new page would lose the sort, the scroll
    // and any click on its way.
    await frame.evaluate(() => (document.body.dataset.readerWasHere = 'yes'));
    const loads =
      opened()
        .extensionHostLog()
        .match(/loaded \d+ papers/g)?.length ?? 0;
    await opened().runCommand('LitDigest: Refresh');
    await opened().waitForExtensionHostLog(new RegExp(`(loaded \\d+ papers[^]*){${loads + 1}}`));
    await opened().page.waitForTimeout(500);
    assert.equal(await frame.evaluate(() => document.body.dataset.readerWasHere), 'yes', 'the page was not replaced');
    assert.equal(await frame.locator('th[data-column="speedup"]').getAttribute('aria-sort'), 'descending');
    const first = frame.locator('tbody tr').first().locator('td[title]').first();
    assert.match((await first.getAttribute('title')) ?? '', /\d/);
    await opened().screenshot('compare speculative decoding by speedup');
    // The page alone, for the README (media/compare.png is this picture).
    await (await frame.frameElement()).screenshot({ path: join(opened().screenshotDir, 'compare-page.png') });
  });

  it('opens a row in the details view, which lists five related papers', async () => {
    const frame = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Insert as table' });
    await frame.locator('tbody tr').first().locator('button[data-action="openDetails"]').click();
    const details = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Related papers' });
    assert.equal(await details.locator('ol.related li').count(), 5);
    await opened().screenshot('details with related papers');
  });
});
