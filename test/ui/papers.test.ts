/** UI test: a person browsing the LitDigest view, opening a paper, searching from the palette and citing into Markdown. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './workbench';

describe('LitDigest as a person uses it', function () {
  const opened = useWorkbench({ name: 'papers' });

  it('opens the LitDigest view from the activity bar and shows the papers grouped by topic, with counts', async () => {
    await opened().openViewContainer('LitDigest');
    assert.deepEqual(await opened().waitForActivation('litdigest.litdigest'), []);
    const pane = opened().viewPane('Papers');
    await opened().treeItem('Speculative decoding (', pane).waitFor();
    await opened().screenshot('papers grouped by topic');
  });

  it('expands a topic and opens a paper in the details view', async () => {
    const pane = opened().viewPane('Papers');
    await opened().expandTreeItem('Speculative decoding (', pane);
    await opened().treeItem('SpecDec++', pane).click();
    const frame = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Insert citation' });
    assert.match((await frame.locator('h1').textContent()) ?? '', /^SpecDec\+\+: Boosting Speculative Decoding/);
    assert.ok((await frame.locator('mark.claim').count()) >= 1, 'the claims should be highlighted in the abstract');
    await opened().screenshot('details of SpecDec++');
  });

  it('switches the tree to hardware targets with the title-bar button', async () => {
    const pane = opened().viewPane('Papers');
    // The view is alone in its container, so its title-bar buttons sit in the side bar's title.
    await opened()
      .page.locator(
        '.part.sidebar .title-actions a.action-label[aria-label="Group by Hardware"], .part.sidebar .actions a.action-label[aria-label="Group by Hardware"]',
      )
      .first()
      .click();
    await opened().expandTreeItem('GPU (', pane);
    await opened().treeItem('NVIDIA T4 (', pane).waitFor();
    await opened().screenshot('grouped by hardware');
  });

  it('searches from the Command Palette, typos and filters included', async () => {
    await opened().runCommand('LitDigest: Search Papers');
    const typo = await opened().fillQuickPick('spekulative decodng');
    assert.ok(
      typo.some((label) => /speculative decoding/i.test(label)),
      typo.join(' | '),
    );
    const filtered = await opened().fillQuickPick('hw:fpga');
    assert.ok(filtered.length >= 3, filtered.join(' | '));
    await opened().screenshot('search with a hardware filter');
    await opened().page.keyboard.press('Escape');
  });

  it('inserts a citation into the Markdown draft and adds its entry to references.bib', async () => {
    await opened().openFile('draft.md');
    await opened().goToEndOfDocument();
    await opened().insertText('\nKV prediction speeds up the first token ');
    await opened().runCommand('LitDigest: Insert Citation');
    const offered = await opened().fillQuickPick('KV Prediction for Improved');
    assert.match(offered[0] ?? '', /KV Prediction for Improved Time to First Token/);
    // Enter with nothing ticked cites the paper on top.
    await opened().page.keyboard.press('Enter');
    await opened().quickInput().waitFor({ state: 'hidden' });
    // The insertion lands a moment after the picker closes.
    const cited = /KV prediction speeds up the first token \[@kv-x9ic\]/;
    for (let tries = 0; !cited.test(await opened().activeEditorText()); tries++) {
      assert.ok(tries < 50, `no citation in the editor:\n${await opened().activeEditorText()}`);
      await opened().page.waitForTimeout(100);
    }
    await opened().waitForWorkspaceFile('references.bib', /@misc\{kv-x9ic,/);
    await opened().screenshot('citation inserted into draft.md');
  });

  it('leaves a draft that pandoc builds with every citation resolved', async () => {
    await opened().saveActiveEditor();
    const draft = await opened().waitForWorkspaceFile('draft.md', /\[@kv-x9ic\]/);
    // Build a copy of the text just seen: VS Code may still be writing draft.md while pandoc reads it.
    writeFileSync(join(opened().workspace, 'draft-build.md'), draft);
    const build = spawnSync('pandoc', ['--citeproc', 'draft-build.md', '-t', 'plain'], { cwd: opened().workspace, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    assert.doesNotMatch(build.stderr, /not found/, build.stderr);
    assert.match(build.stdout, /KV Prediction for Improved Time to First Token/);
    assert.match(build.stdout, /HELP: Hardware-Adaptive Efficient Latency Prediction/);
  });
});
