/** UI test: the packaged .vsix, installed into a real VS Code, is there — every file it needs, and LitDigest in the Extensions view. */
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { missingFromInstalledExtension } from '../../scripts/lib/packaging';
import { extensionId, readManifest } from '../../scripts/lib/repo';
import { useWorkbench } from './workbench';

describe('the packaged LitDigest in VS Code', function () {
  const opened = useWorkbench({ name: 'extension-installed' });
  const manifest = readManifest();

  it('opens the workbench on the sample workspace', async () => {
    const explorer = await opened().openViewContainer('Explorer');
    for (const file of ['draft.md', 'draft.tex', 'references.bib']) {
      await opened().treeItem(file, explorer).waitFor();
    }
    await opened().screenshot('workbench ready');
  });

  it('installs every file the extension reads at run time (a file .vscodeignore leaves out fails here)', () => {
    const installedFolder = readdirSync(opened().extensionsDir).find((name) => name.startsWith(`${extensionId()}-`));
    assert.ok(installedFolder, `code-server did not install ${extensionId()} into ${opened().extensionsDir}`);
    const missing = missingFromInstalledExtension(join(opened().extensionsDir, installedFolder));
    assert.deepEqual(missing, [], `the installed extension lacks files; check .vscodeignore`);
  });

  it('lists LitDigest as installed in the Extensions view', async () => {
    const sideBar = await opened().openViewContainer('Extensions');
    const search = sideBar.locator('.extensions-search-container .monaco-editor').first();
    await search.click();
    await opened().page.keyboard.type('@installed litdigest');
    // The search box suggests filter keywords in a popup that would cover the result.
    await opened().page.keyboard.press('Escape');
    const entry = sideBar.locator(`.monaco-list-row[aria-label^="${manifest.displayName}, ${manifest.version}"]`);
    await entry.waitFor();
    await opened().screenshot('extensions view lists LitDigest');

    await entry.click();
    const details = opened().page.locator('.extension-editor');
    await details.locator('.header .name', { hasText: manifest.displayName }).waitFor();
    const installation = (await details.locator('.more-info').textContent()) ?? '';
    assert.match(installation, new RegExp(`Version\\s*${manifest.version.replace(/\./g, '\\.')}`));
    assert.match(installation, /Source\s*VSIX/, 'the installed copy should come from the .vsix, not a development folder');
    // The details tab renders the README that shipped inside the .vsix, in a webview of the workbench's own.
    const readme = await opened().webviewFrame({ extensionId: '', containing: 'Quick start' });
    assert.equal((await readme.locator('h1').first().textContent())?.trim(), manifest.displayName);
    await opened().screenshot('extension details show the shipped README');
  });

  it('logs no activation failure for LitDigest in the extension host', () => {
    const id = extensionId().replace(/\./g, '\\.');
    assert.doesNotMatch(opened().extensionHostLog(), new RegExp(`Activating extension '?${id}'? failed`));
  });
});
