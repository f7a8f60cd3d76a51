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

  it('renders the citations of a draft in APA, flags an unknown key and lists the references at the refs div', async function () {
    // Loading the formatter and the style in the extension host takes a few seconds on a busy machine.
    this.timeout(150_000);
    writeFileSync(join(opened().workspace, 'cited.md'), DRAFT);
    await opened().openFile('cited.md');
    await opened().runCommand('Markdown: Open Preview to the Side');
    // The first render may come before the formatter has loaded (shown as written, pending); the preview then refreshes,
    // which can replace its frame: read everything from one frame, and look again when it went away.
    const deadline = Date.now() + 90_000;
    let seen: { cited: string | null; unknown: string | null; title: string | null; entries: string[] } | undefined;
    while (!seen) {
      assert.ok(Date.now() < deadline, 'the preview never showed formatted citations');
      const frame = await opened().webviewFrame({ containing: 'Speculative decoding on the edge' });
      seen = await (async () => {
        const cited = frame.locator('span.litdigest-citation[data-cites="help-i454"]:not(.litdigest-pending)');
        if (!(await cited.count())) return undefined;
        const unknown = frame.locator('span.litdigest-unknown[data-cites="nobody-2099"]');
        return {
          cited: await cited.textContent(),
          unknown: await unknown.textContent(),
          title: await unknown.getAttribute('title'),
          entries: await frame.locator('#refs .csl-entry').allTextContents(),
        };
      })().catch(() => undefined);
      if (!seen) await opened().page.waitForTimeout(500);
    }
    assert.equal(seen.cited, '(HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning, 2021, p. 3)');
    assert.equal(seen.unknown, '[@nobody-2099]');
    assert.match(seen.title ?? '', /nobody-2099/);
    assert.equal(seen.entries.length, 2, seen.entries.join(' | '));
    assert.match(seen.entries.join('\n'), /CacheQuant: Comprehensively Accelerated Diffusion Models\. \(2025\)\./);
    await opened().screenshot('preview of a cited draft');
    // The README's picture: the preview's editor group alone.
    await opened()
      .page.locator('.editor-group-container')
      .last()
      .screenshot({ path: join(repoRoot, 'media', 'preview.png') });
  });
});
