/** UI test: a person who runs Search Papers the moment the window opens, while a large library still loads, and types at once. */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/repo';
import { synthesizePages, synthesizePapers } from '../bench/synth';
import { useWorkbench } from './workbench';
import { buildLibrary } from '../../src/core/build';

/** 20,000 papers made from the shipped ones, in the Hugging Face page layouts: a load of several seconds in the extension host. */
function largeDigest(): Record<string, string> {
  const seeds = join(repoRoot, 'seeds');
  const shipped = buildLibrary(readdirSync(seeds).map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') }))).papers;
  const pages = synthesizePages(synthesizePapers(shipped, 20000), 200);
  const files: Record<string, string> = Object.fromEntries(pages.map((page) => [`large/${page.name}`, page.text]));
  files['.vscode/settings.json'] = JSON.stringify({ 'litdigest.digests': ['large'] });
  return files;
}

describe('Search Papers while a large library loads', function () {
  const opened = useWorkbench({ name: 'slow-load', files: largeDigest() });

  it('opens its picker at once, keeps what is typed during the load, and answers it when the library is ready', async function () {
    // The load itself takes seconds on a quiet machine, and much longer on a loaded one.
    this.timeout(180_000);
    // The extension is not active yet: the command activates it, and the load of 20,000 papers starts then.
    await opened().runCommand('LitDigest: Search Papers');
    const input = opened().quickInput().locator('input');
    await input.waitFor();
    const placeholder = await input.getAttribute('placeholder');
    // Typed as a person types, straight after the command, without waiting for anything else.
    await opened().page.keyboard.type('spiking neural network', { delay: 20 });
    assert.match(placeholder ?? '', /Loading the library/, 'the picker should have opened while the library was still loading');
    await opened().screenshot('typed while loading');
    const deadline = Date.now() + 120_000;
    let items = await opened().quickPickItems();
    while (!items.some((label) => /spiking/i.test(label))) {
      assert.ok(Date.now() < deadline, `no answer for the typed query; the picker shows: ${items.join(' | ')}`);
      await opened().page.waitForTimeout(250);
      items = await opened().quickPickItems();
    }
    assert.equal(await input.inputValue(), 'spiking neural network', 'not one typed character may be lost');
    await opened().screenshot('answered when ready');
    await opened().page.keyboard.press('Escape');
    // Built, not from a cache, so part of the extraction ran on the worker thread, which started in this VS Code.
    await opened().waitForExtensionHostLog(/loaded \d+ papers .*built/);
    assert.doesNotMatch(opened().extensionHostLog(), /extraction worker/);
  });
});
