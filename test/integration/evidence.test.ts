/** Extension-host tests of evidence tables (insert, refresh after a digest changes) and of the claim check, through commands, providers and real documents. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLitDigest, eventually, readWorkspaceFile, restoreDocumentBibliographies, scratch, shippedDigestOnly, workspaceFile } from './litdigest';

interface Exports {
  store: {
    library: { papers: { key: string; title: string; claims: { value: string }[] }[] };
    whenIdle(): Promise<void>;
    onDidChange: vscode.Event<void>;
  };
  tree: { getChildren(node?: unknown): vscode.ProviderResult<unknown[]>; mode: string };
}

let api: Exports;

const SPEEDUP_COLUMNS = { metrics: ['speedup'], columns: ['paper', 'hardware', 'value', 'baseline'] };
const DIGEST = (value: string) =>
  `ZqxSpec: Speculative Decoding for Tiny Drafts\nWe propose ZqxSpec, a draft model scheme. ZqxSpec achieves a ${value} speedup over autoregressive decoding on an NVIDIA A100.\n`;

describe('LitDigest evidence tables and claim check', function () {
  this.timeout(60_000);

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await shippedDigestOnly(api);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('litdigest').update('digests', undefined, vscode.ConfigurationTarget.Workspace);
    await restoreDocumentBibliographies();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Markdown: inserts the table of a tree group with one citation per row, and adds every cited paper to the bibliography', async () => {
    if (api.tree.mode !== 'topic') await vscode.commands.executeCommand('litdigest.groupByTopic');
    const roots = ((await api.tree.getChildren()) ?? []) as { kind: string; group: { id: string } }[];
    const group = roots.find((n) => n.group.id === 'topic/speculative-decoding');
    assert.ok(group, 'the tree has a speculative decoding group');
    const before = '---\nbibliography: ev-md.bib\n---\n\n# Related work\n\n';
    const editor = await scratch('ev.md', `${before}\n\nAfter the table.\n`);
    editor.selection = new vscode.Selection(6, 0, 6, 0);
    await vscode.commands.executeCommand('litdigest.insertEvidenceTable', group, SPEEDUP_COLUMNS);
    const text = editor.document.getText();
    assert.ok(text.startsWith(before), text);
    assert.ok(text.endsWith('\n\nAfter the table.\n'), text);
    assert.match(
      text,
      /<!-- litdigest:evidence \{"query":"topic:speculative-decoding","metrics":\["speedup"\],"columns":\["paper","hardware","value","baseline"\]\} -->/,
    );
    assert.match(text, /\| Speculative Decoding with Big Little Decoder \[@speculative-pyss\] \| NVIDIA T4 \| 2\.12x \| {2}\|/);
    const keys = [...text.matchAll(/\[@([a-z0-9-]+)\]/g)].map((m) => m[1]);
    assert.ok(keys.length >= 5);
    const bib = await readWorkspaceFile('ev-md.bib');
    for (const key of keys) assert.match(bib, new RegExp(`@\\w+\\{${key},`), `${key} in ev-md.bib`);
  });

  it('refreshes a table in place after its digest changes, leaving every byte outside the markers as it was', async () => {
    await vscode.workspace.fs.writeFile(workspaceFile('ev-digests/zqx.txt'), new TextEncoder().encode(DIGEST('4.2x')));
    await vscode.workspace.getConfiguration('litdigest').update('digests', ['ev-digests'], vscode.ConfigurationTarget.Workspace);
    await eventually(async () => {
      await api.store.whenIdle();
      return api.store.library.papers.some((p) => p.title.startsWith('ZqxSpec') && p.claims[0]?.value === '4.2x');
    }, 'the ZqxSpec digest to load');
    const before = '\\documentclass{article}\n\\usepackage{booktabs}\n\\addbibresource{ev-tex.bib}\n\\begin{document}\n';
    const after = '\n% a comment & 50% of it\nText after.\n\\end{document}\n';
    const editor = await scratch('ev.tex', `${before}${after}`, 'latex');
    editor.selection = new vscode.Selection(4, 0, 4, 0);
    await vscode.commands.executeCommand('litdigest.insertEvidenceTable', 'zqxspec', SPEEDUP_COLUMNS);
    const inserted = editor.document.getText();
    assert.match(inserted, /^% litdigest:evidence \{"query":"zqxspec",/m);
    assert.match(inserted, /^ZqxSpec \\cite\{zqxspec-[a-z0-9]+\} & A100 & 4\.2x & autoregressive decoding \\\\$/m);
    assert.match(inserted, /\\begin\{tabular\}\{llrl\}\n\\toprule/);
    await editor.document.save();
    // The digest changes: the paper now reports 5.5x.
    await new Promise((r) => setTimeout(r, 1500));
    await api.store.whenIdle();
    await vscode.workspace.fs.writeFile(workspaceFile('ev-digests/zqx.txt'), new TextEncoder().encode(DIGEST('5.5x')));
    await eventually(async () => {
      await api.store.whenIdle();
      return api.store.library.papers.some((p) => p.title.startsWith('ZqxSpec') && p.claims[0]?.value === '5.5x');
    }, 'the changed digest to load');
    // Cursor outside the block: every block of the document is refreshed.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('litdigest.refreshEvidenceTable');
    const refreshed = editor.document.getText();
    assert.match(refreshed, /& 5\.5x &/);
    assert.doesNotMatch(refreshed, /4\.2x/);
    const start = inserted.indexOf('% litdigest:evidence');
    const end = inserted.indexOf('% litdigest:end') + '% litdigest:end'.length;
    assert.equal(refreshed.slice(0, start), inserted.slice(0, start));
    assert.equal(refreshed.slice(refreshed.indexOf('% litdigest:end') + '% litdigest:end'.length), inserted.slice(end));
    assert.match(await readWorkspaceFile('ev-tex.bib'), /@\w+\{zqxspec-/);
  });

  it('an empty selection or a metric no paper reports writes nothing', async () => {
    const editor = await scratch('ev-empty.md', 'Nothing here.\n');
    await vscode.commands.executeCommand('litdigest.insertEvidenceTable', 'topic:speculative-decoding', { metrics: ['energy'], columns: ['value'] });
    await vscode.commands.executeCommand('litdigest.insertEvidenceTable', 'year:1800', { metrics: ['speedup'], columns: ['value'] });
    assert.equal(editor.document.getText(), 'Nothing here.\n');
  });

  it('claim check: a number the paper states gets its sentence on hover; one it does not, a diagnostic whose quick fix uses the paper’s words', async () => {
    const editor = await scratch(
      'ev-claims.md',
      '---\nbibliography: ev-claims.bib\n---\n\nBiLD runs 2.1× faster on a T4 [@speculative-pyss].\n\nBiLD runs 3.1× faster [@speculative-pyss].\n',
    );
    const uri = editor.document.uri;
    await eventually(() => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'LitDigest' && /3\.1×/.test(d.message)), 'the claim diagnostic');
    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => /3\.1×/.test(d.message))!;
    assert.equal(diagnostic.message, "3.1× is not in [@speculative-pyss]'s abstract; it reports 2.12x speedup.");
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(editor.document.getText(diagnostic.range), '3.1×');
    assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => /2\.1×/.test(d.message)), 'the stated number has no diagnostic');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(4, 11));
    const hover = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\(.)/g, '$1');
    assert.match(hover, /On an NVIDIA T4 GPU, our framework achieves a speedup of up to 2\.12x speedup/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    // Markdown's own extension offers actions at any range too: look for ours among them.
    const titles = actions.map((a) => a.title);
    for (const title of ["Use the paper's words", 'Ignore']) assert.ok(titles.includes(title), `${title} in ${titles.join(', ')}`);
    const use = actions.find((a) => a.title === "Use the paper's words")!;
    await vscode.commands.executeCommand(use.command!.command, ...(use.command!.arguments ?? []));
    const text = editor.document.getText();
    assert.match(
      text,
      /\n\nOn an NVIDIA T4 GPU, our framework achieves a speedup of up to 2\.12x speedup with minimal generation quality degradation\. \[@speculative-pyss\]\n$/,
    );
    assert.match(text, /BiLD runs 2\.1× faster on a T4 \[@speculative-pyss\]\./);
    await eventually(() => !vscode.languages.getDiagnostics(uri).some((d) => /is not in/.test(d.message)), 'the diagnostic to go');
    assert.match(await readWorkspaceFile('ev-claims.bib'), /@\w+\{speculative-pyss,/);
  });

  it('claim check: Ignore silences the sentence in LaTeX, and the choice is kept for the document', async () => {
    const editor = await scratch('ev-ignore.tex', 'It runs 9.9$\\times$ faster \\cite{speculative-pyss}.\n', 'latex');
    const uri = editor.document.uri;
    await eventually(
      () => vscode.languages.getDiagnostics(uri).some((d) => /is not in \\cite\{speculative-pyss\}'s abstract/.test(d.message)),
      'the claim diagnostic',
    );
    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => /is not in/.test(d.message))!;
    assert.equal(editor.document.getText(diagnostic.range), '9.9$\\times$');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const ignore = actions.find((a) => a.title === 'Ignore')!;
    await vscode.commands.executeCommand(ignore.command!.command, ...(ignore.command!.arguments ?? []));
    await eventually(() => !vscode.languages.getDiagnostics(uri).some((d) => /is not in/.test(d.message)), 'the ignored diagnostic to go');
    // An edit elsewhere re-checks the document; the ignored sentence stays quiet.
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), '\nMore text.\n'));
    await new Promise((r) => setTimeout(r, 800));
    assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => /is not in/.test(d.message)));
  });
});
