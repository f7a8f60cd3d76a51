/** Extension-host tests of formatted references: hover, Copy Formatted Reference, Insert Reference List and the Markdown preview plugin. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLitDigest, restoreDocumentBibliographies, scratch, shippedDigestOnly } from './litdigest';

const HELP = 'help-i454';
// HELP's entry in APA 7 as the shipped digest knows it (no author names, a GitHub link).
const HELP_APA = /^HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning\. \(2021\)\./;

/** Polls `check` until it gives a value, or fails after `ms`. */
async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Formatted references', function () {
  this.timeout(90_000);

  before(async () => {
    const api = await activateLitDigest();
    await shippedDigestOnly(api);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('litdigest').update('citationStyle', undefined, vscode.ConfigurationTarget.Workspace);
    await restoreDocumentBibliographies();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the formatted reference when hovering over a key', async () => {
    const editor = await scratch('format-hover.md', `See [@${HELP}].\n`);
    // The first hover may come before the style has loaded (the card is shown without the reference): hover again.
    const text = await eventually(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 8));
      const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      const shown = markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      return /\(2021\)\./.test(shown) ? shown : undefined;
    }, 'the formatted reference in the hover');
    assert.match(
      text,
      /HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning\. \(2021\)\. Hugging Face Daily Papers\. https:\/\/github\.com\/HayeonLee\/HELP/,
    );
  });

  it('copies the formatted reference of one paper, and of several, as plain text', async () => {
    await vscode.commands.executeCommand('litdigest.copyFormattedReference', HELP);
    assert.match(await vscode.env.clipboard.readText(), HELP_APA);
    await vscode.commands.executeCommand('litdigest.copyFormattedReference', [HELP, 'cachequant-aer3']);
    const entries = (await vscode.env.clipboard.readText()).split('\n\n');
    assert.equal(entries.length, 2);
  });

  it('copies in IEEE when the setting says so, and keeps APA for a .csl file that does not exist', async () => {
    const config = vscode.workspace.getConfiguration('litdigest');
    await config.update('citationStyle', 'ieee', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('litdigest.copyFormattedReference', HELP);
    assert.match(await vscode.env.clipboard.readText(), /^\[1\]\s*“HELP: Hardware-Adaptive/);
    await config.update('citationStyle', 'styles/missing.csl', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('litdigest.copyFormattedReference', HELP);
    assert.match(await vscode.env.clipboard.readText(), HELP_APA);
    await config.update('citationStyle', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('inserts the reference list between markers, and refreshes it in place without touching the rest', async () => {
    const before = `# Draft\n\nFast [@${HELP}].\n\n`;
    const after = '\n\n## Appendix\n\nUnchanged.\n';
    const editor = await scratch('format-list.md', `${before}${after}`);
    editor.selection = new vscode.Selection(editor.document.positionAt(before.length), editor.document.positionAt(before.length));
    await vscode.commands.executeCommand('litdigest.insertReferenceList');
    const first = editor.document.getText();
    assert.ok(first.startsWith(before) && first.endsWith(after), first);
    assert.match(first, /<!-- litdigest:references[^\n]*-->\n\n\*HELP: Hardware-Adaptive[^\n]*\*\. \(2021\)\.[^\n]*\n\n<!-- \/litdigest:references -->/);
    // A second citation, then the command again: one list, now with both papers, the rest byte for byte as it was.
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), `Also [@cachequant-aer3].\n`));
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('litdigest.insertReferenceList');
    const second = editor.document.getText();
    assert.equal(second.match(/litdigest:references/g)?.length, 2);
    assert.ok(second.startsWith(`# Draft\n\nAlso [@cachequant-aer3].\nFast [@${HELP}].\n\n`) && second.endsWith(after), second);
    assert.equal(second.split('\n\n').filter((p) => /^\S.*\(\d{4}\)\./.test(p)).length, 2);
  });

  it('renders citations and a reference list in the Markdown preview (markdown.api.render)', async () => {
    const text = `# Draft\n\nFast [@${HELP}, p. 3], says @${HELP}; not [@nobody-here].\n`;
    const html = await eventually(async () => {
      const out = await vscode.commands.executeCommand<string>('markdown.api.render', text);
      // The first render may come before the formatter has loaded: citations are then shown as written, marked pending.
      return /litdigest-pending/.test(out) ? undefined : out;
    }, 'formatted citations');
    assert.match(
      html,
      /<span class="litdigest-citation" data-cites="help-i454">\(<i>HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning<\/i>, 2021, p\. 3\)<\/span>/,
    );
    assert.match(html, /class="litdigest-citation litdigest-unknown" data-cites="nobody-here" title="[^"]*nobody-here"/);
    assert.match(html, /<h2 class="litdigest-references-heading">References<\/h2>/);
    assert.match(html, /<div class="csl-entry"><i>HELP: Hardware-Adaptive/);
  });
});
