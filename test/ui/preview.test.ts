/** UI test: the Markdown preview of a cited draft shows formatted citations, a flagged unknown key and the reference list (README screenshot). */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/repo';
import { useWorkbench } from './workbench';

const DRAFT = `# Speculative decoding on the edge

Latency models per device help architecture search [@help-i454, p. 3], and @cachequant-aer3 quantise the cache.
A key LitDigest does not know is flagged: [@nobody-2099].

## References

::: {#refs}
:::
`;

describe('Citations in the Markdown preview', function () {
  const opened = useWorkbench({ name: 'preview' });

  it('renders the citations of a draft in APA, flags an unknown key and lists the references at the refs div', async () => {
    writeFileSync(join(opened().workspace, 'cited.md'), DRAFT);
    await opened().openFile('cited.md');
    await opened().runCommand('Markdown: Open Preview to the Side');
    const frame = await opened().webviewFrame({ containing: 'Speculative decoding on the edge' });
    // The first render may come before the formatter has loaded (shown as written, pending); the preview refreshes then.
    const cited = frame.locator('span.litdigest-citation[data-cites="help-i454"]:not(.litdigest-pending)');
    await cited.waitFor({ timeout: 60_000 });
    assert.equal(await cited.textContent(), '(HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning, 2021, p. 3)');
    const unknown = frame.locator('span.litdigest-unknown[data-cites="nobody-2099"]');
    assert.equal(await unknown.textContent(), '[@nobody-2099]');
    assert.match((await unknown.getAttribute('title')) ?? '', /nobody-2099/);
    const entries = await frame.locator('#refs .csl-entry').allTextContents();
    assert.equal(entries.length, 2, entries.join(' | '));
    assert.match(entries.join('\n'), /CacheQuant: Comprehensively Accelerated Diffusion Models\. \(2025\)\./);
    await opened().screenshot('preview of a cited draft');
    // The README's picture: the preview's editor group alone.
    await opened()
      .page.locator('.editor-group-container')
      .last()
      .screenshot({ path: join(repoRoot, 'media', 'preview.png') });
  });
});
