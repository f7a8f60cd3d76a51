/**
 * UI test in the real browser: a digest whose titles and abstracts carry scripts, event handlers, javascript: and
 * command: links and snippet syntax. Nothing runs, nothing is executed, and text is inserted so that it reads as written.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWorkbench } from './workbench';

const TITLE = 'Evil <img src=x onerror="window.__pwned=1"> Paper <script>window.__pwned=2</script>';
const CLAIM = 'It achieves 2x speedup at a cost of $O(n^2)$ with ${1} and \\alpha unchanged.';
const ABSTRACT = `We show [run](command:workbench.action.terminal.new) and <a href="javascript:window.__pwned=3">click</a> here. ${CLAIM} Code at https://example.org/ok. ${'x'.repeat(10_000)}.`;

describe('hostile text in LitDigest', function () {
  const opened = useWorkbench({ name: 'hostile' });
  const dialogs: string[] = [];

  before(async () => {
    // Before anything activates LitDigest: a digest of the workspace, named in its settings.
    mkdirSync(join(opened().workspace, 'hostile'), { recursive: true });
    writeFileSync(
      join(opened().workspace, 'hostile', 'evil.txt'),
      `${TITLE}\n${ABSTRACT}\n__proto__ constructor toString\nAn innocent abstract about nothing in particular. It is long enough to be one.\n`,
    );
    mkdirSync(join(opened().workspace, '.vscode'), { recursive: true });
    writeFileSync(join(opened().workspace, '.vscode', 'settings.json'), JSON.stringify({ 'litdigest.digests': ['hostile'] }));
    opened().page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  it('shows the hostile paper in the details view as inert text', async () => {
    await opened().openFile('draft.md');
    await opened().runCommand('LitDigest: Search Papers');
    // The workspace settings that name the hostile digest may reach the extension after it first loaded.
    for (let tries = 0; !(await opened().fillQuickPick('Evil Paper')).some((label) => label.startsWith('Evil')); tries++) {
      assert.ok(tries < 20, 'the hostile digest never loaded');
      await opened().fillQuickPick('');
      await opened().page.waitForTimeout(500);
    }
    await opened().page.keyboard.press('Enter');
    const frame = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Insert citation' });
    assert.equal((await frame.locator('h1').textContent())?.trim(), TITLE);
    assert.equal(await frame.locator('h1 img, h1 script, .abstract a, .abstract img').count(), 0);
    assert.equal(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    const links = await frame.locator('button[data-action="openLink"]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-url')));
    assert.deepEqual(links, ['https://example.org/ok']);
    await opened().screenshot('hostile paper shown as text');
  });

  it('inserts the claim escaped for Markdown, so the document shows it as written: $, ${1} and \\ are not snippet syntax nor math', async () => {
    const frame = await opened().webviewFrame({ extensionId: 'litdigest.litdigest', containing: 'Insert citation' });
    // The draft is still open in the first editor group, beside the details.
    await opened().page.keyboard.press('Control+1');
    await opened().goToEndOfDocument();
    await opened().insertText('\n');
    await frame.locator('button[data-action="insertClaim"]').first().click();
    // The editor beside the details is too narrow to show the whole line: read the saved file.
    // The insertion lands a moment after the click. Two editor groups each have an active tab, so
    // save with the keyboard in the draft's group, until the saved file holds the claim.
    let saved = '';
    for (let tries = 0; !saved.includes('It achieves 2x speedup'); tries++) {
      assert.ok(tries < 40, `the claim never reached draft.md:\n${saved.slice(-300)}`);
      await opened().page.keyboard.press('Control+1');
      await opened().page.keyboard.press('Control+S');
      await opened().page.waitForTimeout(250);
      saved = readFileSync(join(opened().workspace, 'draft.md'), 'utf8');
    }
    // What escapeForMarkdown writes for CLAIM (escape.test.ts checks with pandoc that it reads back as CLAIM).
    assert.ok(saved.includes('It achieves 2x speedup at a cost of \\$O(n\\^2)\\$ with \\${1} and \\\\alpha unchanged. [@evil-'), saved.slice(-300));
    await opened().screenshot('claim inserted escaped');
  });

  it('ran no script and opened no dialog', () => {
    assert.deepEqual(dialogs, []);
    assert.doesNotMatch(opened().browserConsole(), /__pwned/);
  });

  it('loads a paper titled like an object prototype key as any other', async () => {
    await opened().runCommand('LitDigest: Search Papers');
    const items = await opened().fillQuickPick('__proto__');
    assert.ok(
      items.some((label) => label.includes('__proto__ constructor toString')),
      items.join(' | '),
    );
    await opened().page.keyboard.press('Escape');
  });
});
