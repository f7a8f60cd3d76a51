/** UI test of the harness itself: each Workbench helper works on VS Code's built-in views, so LitDigest's UI tests can rely on them. */
import * as assert from 'node:assert/strict';
import { useWorkbench } from './workbench';

describe('the UI test helpers on built-in views', function () {
  const opened = useWorkbench({ name: 'workbench-helpers' });

  it('finds files with Quick Open', async () => {
    const items = await opened().quickOpen('draft');
    assert.ok(
      items.some((item) => item.startsWith('draft.md')),
      `Quick Open listed: ${items.join(' | ')}`,
    );
    assert.ok(
      items.some((item) => item.startsWith('draft.tex')),
      `Quick Open listed: ${items.join(' | ')}`,
    );
    await opened().screenshot('quick open lists the drafts');
    await opened().page.keyboard.press('Escape');
  });

  it('inserts text into the Markdown draft, reads it back and saves it', async () => {
    await opened().openFile('draft.md');
    // Opening Markdown activates VS Code's Markdown extension (onLanguage:markdown), as a view will activate LitDigest.
    assert.deepEqual(await opened().waitForActivation('vscode.markdown-language-features'), []);
    assert.match(await opened().activeEditorText(), /^bibliography: references\.bib$/m);
    await opened().goToEndOfDocument();
    await opened().insertText('Edge inference [@kv-x9ic].');
    assert.match(await opened().activeEditorText(), /^Edge inference \[@kv-x9ic\]\.$/m);
    await opened().screenshot('markdown draft with inserted citation');
    await opened().saveActiveEditor();
    const saved = await opened().waitForWorkspaceFile('draft.md', /Edge inference \[@kv-x9ic\]\.\n?$/);
    assert.match(saved, /^bibliography: references\.bib$/m, 'the save kept the front matter');
  });

  it('expands a tree item in a side-bar view (the Outline of the draft)', async () => {
    const explorer = await opened().openViewContainer('Explorer');
    const outline = opened().viewPane('Outline');
    if ((await outline.locator('.pane-header').getAttribute('aria-expanded')) === 'false') {
      await outline.locator('.pane-header').click();
    }
    await opened().expandTreeItem('Low-latency inference on the edge', outline);
    await opened().treeItem('Related work', outline).waitFor();
    assert.ok(await explorer.isVisible());
    await opened().screenshot('outline tree expanded');
  });

  it('finds the Markdown preview webview and reads its rendered page', async () => {
    await opened().runCommand('Markdown: Open Preview to the Side');
    const preview = await opened().webviewFrame({ extensionId: 'vscode.markdown-language-features', containing: 'Related work' });
    assert.equal((await preview.locator('h1').first().textContent())?.trim(), 'Low-latency inference on the edge');
    await opened().screenshot('markdown preview webview');
  });
});
