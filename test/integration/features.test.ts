/** Extension-host tests of every LitDigest feature, through commands, providers, documents and the exported store. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  activateLitDigest,
  eventually,
  openWorkspaceFile,
  readWorkspaceFile,
  restoreDocumentBibliographies,
  scratch,
  shippedDigestOnly,
  workspaceFile,
} from './litdigest';

interface Exports {
  store: {
    library: { papers: { key: string; title: string; hardware: { class: string }[]; topics: string[] }[]; fileNames: string[] };
    documentBibliographyPaths: readonly string[];
    whenIdle(): Promise<void>;
    whenReady(): Promise<void>;
    onDidChange: vscode.Event<void>;
    lastLoad?: { source: string; cacheMiss?: string };
    lastProblems: { file: string; message: string }[];
    cacheUri: vscode.Uri;
  };
  tree: {
    getChildren(node?: unknown): vscode.ProviderResult<unknown[]>;
    getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem>;
    mode: string;
  };
}

const HELP = 'help-i454';
let api: Exports;

/** Resolves at the store's next change, or rejects after `ms`. */
function nextChange(ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the library did not reload')), ms);
    const sub = api.store.onDidChange(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

async function labels(nodes: unknown[] | null | undefined): Promise<string[]> {
  return Promise.all((nodes ?? []).map(async (n) => String((await api.tree.getTreeItem(n)).label)));
}

describe('LitDigest features', function () {
  this.timeout(60_000);

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    // These tests are about the shipped digest: the bibliographies of documents other suites left open stay out.
    await shippedDigestOnly(api);
  });

  after(restoreDocumentBibliographies);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('loading', () => {
    it('loads the 219 papers of the shipped digest', () => {
      assert.equal(api.store.library.papers.length, 219);
    });

    it('registers every command under the LitDigest category', async () => {
      const all = await vscode.commands.getCommands(true);
      const mine = vscode.extensions.getExtension('litdigest.litdigest')!.packageJSON.contributes.commands as { command: string }[];
      for (const c of mine) assert.ok(all.includes(c.command), c.command);
    });

    it('loads the shipped digest from the ready cache that comes with the extension', async () => {
      await vscode.commands.executeCommand('litdigest.refresh');
      assert.equal(api.store.lastLoad?.source, 'cache');
    });

    it('saves a library it built, uses that cache next time, and rebuilds when the cache file is corrupt', async () => {
      const settings = vscode.workspace.getConfiguration('litdigest');
      await vscode.workspace.fs.writeFile(
        workspaceFile('cached/page.txt'),
        new TextEncoder().encode('Cached Paper\nWe propose a thing. It is 3x faster on an FPGA.\n'),
      );
      try {
        await settings.update('includeShippedDigest', false, vscode.ConfigurationTarget.Workspace);
        await settings.update('digests', ['cached'], vscode.ConfigurationTarget.Workspace);
        // The settings change reaches the extension a moment after update() resolves, and reloads it.
        await eventually(async () => {
          await api.store.whenIdle();
          return api.store.library.papers.map((p) => p.title).join() === 'Cached Paper';
        }, 'the library of the user digest alone');
        assert.equal(api.store.lastLoad?.source, 'build');
        await vscode.commands.executeCommand('litdigest.refresh');
        assert.equal(api.store.lastLoad?.source, 'cache');
        // A changed byte among the saved papers: caught before anything is shown, and the library is built again.
        const bytes = await vscode.workspace.fs.readFile(api.store.cacheUri);
        bytes[bytes.indexOf(10) + 40] ^= 0xff;
        await vscode.workspace.fs.writeFile(api.store.cacheUri, bytes);
        await vscode.commands.executeCommand('litdigest.refresh');
        assert.deepEqual([api.store.lastLoad?.source, api.store.lastLoad?.cacheMiss, api.store.library.papers.length], ['build', 'corrupt cache file', 1]);
        // The rebuilt library was saved; a changed byte among its index's terms is caught when the index loads.
        await vscode.commands.executeCommand('litdigest.refresh');
        assert.equal(api.store.lastLoad?.source, 'cache');
        const again = await vscode.workspace.fs.readFile(api.store.cacheUri);
        again[again.length - 10] ^= 0xff;
        await vscode.workspace.fs.writeFile(api.store.cacheUri, again);
        await vscode.commands.executeCommand('litdigest.refresh');
        assert.deepEqual(
          [api.store.lastLoad?.source, api.store.lastLoad?.cacheMiss, api.store.library.papers.length],
          ['build', 'the index part does not match its checksum', 1],
        );
      } finally {
        await settings.update('digests', undefined, vscode.ConfigurationTarget.Workspace);
        await settings.update('includeShippedDigest', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await eventually(async () => {
        await api.store.whenIdle();
        return api.store.library.papers.length === 219;
      }, 'the shipped digest to come back');
    });
  });

  describe('the tree', () => {
    it('groups by topic, with counts in the labels', async () => {
      await vscode.commands.executeCommand('litdigest.groupByTopic');
      const roots = await labels(await api.tree.getChildren());
      assert.ok(
        roots.some((l) => /^Speculative decoding \(\d+\)$/.test(l)),
        roots.join(' | '),
      );
    });

    it('groups by hardware class, then device, then papers', async () => {
      await vscode.commands.executeCommand('litdigest.groupByHardware');
      const roots = (await api.tree.getChildren()) ?? [];
      const names = await labels(roots);
      assert.ok(names.some((l) => l.startsWith('GPU (')) && names.at(-1)!.startsWith('Unspecified ('), names.join(' | '));
      const gpu = roots[names.findIndex((l) => l.startsWith('GPU ('))];
      const devices = await labels(await api.tree.getChildren(gpu));
      assert.ok(
        devices.some((l) => l.startsWith('NVIDIA T4 (')),
        devices.join(' | '),
      );
    });

    it('groups by year and by source page', async () => {
      await vscode.commands.executeCommand('litdigest.groupByYear');
      assert.ok((await labels(await api.tree.getChildren())).some((l) => l.startsWith('2025 (')));
      await vscode.commands.executeCommand('litdigest.groupBySource');
      assert.equal((await api.tree.getChildren())?.length, 5);
      await vscode.commands.executeCommand('litdigest.groupByTopic');
    });

    it('narrows to papers matching a filter, and shows all again when cleared', async () => {
      await vscode.commands.executeCommand('litdigest.groupByHardware');
      await vscode.commands.executeCommand('litdigest.filter', 'hw:fpga');
      assert.deepEqual(
        (await labels(await api.tree.getChildren())).map((l) => l.replace(/ \(\d+\)$/, '')).sort(),
        // Every class of the papers that pass the filter: an FPGA paper may also be an edge-device or board paper.
        [...new Set(api.store.library.papers.filter((p) => p.hardware.some((h) => h.class === 'FPGA')).flatMap((p) => p.hardware.map((h) => h.class)))].sort(),
      );
      await vscode.commands.executeCommand('litdigest.clearFilter');
      assert.ok(((await api.tree.getChildren()) ?? []).length > 5);
      await vscode.commands.executeCommand('litdigest.groupByTopic');
    });

    it("shows a paper's claims as its children", async () => {
      await vscode.commands.executeCommand('litdigest.filter', 'key:converting');
      const [group] = (await api.tree.getChildren()) ?? [];
      const [paper] = (await api.tree.getChildren(group)) ?? [];
      assert.match(String((await api.tree.getTreeItem(paper)).label), /Converting Autoencoder/);
      const claims = await labels(await api.tree.getChildren(paper));
      assert.deepEqual(claims, ['speedup 4.8x']);
      await vscode.commands.executeCommand('litdigest.clearFilter');
    });
  });

  describe('citing into Markdown', () => {
    it('inserts [@key] at the cursor, adds the entry to the bibliography on disk, and one undo removes the insertion', async () => {
      const editor = await openWorkspaceFile('draft.md');
      const before = editor.document.getText();
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      assert.ok(editor.document.getText().endsWith(`[@${HELP}]`), editor.document.getText().slice(-80));
      assert.match(await readWorkspaceFile('references.bib'), new RegExp(`@misc\\{${HELP},`));
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), before);
    });

    it('inserts at every cursor in one edit', async () => {
      const editor = await scratch('multi.md', 'one\ntwo\nthree\n');
      editor.selections = [new vscode.Selection(0, 3, 0, 3), new vscode.Selection(2, 5, 2, 5)];
      await vscode.commands.executeCommand('litdigest.insertCitation', [HELP, 'cachequant-aer3']);
      assert.equal(editor.document.getText(), `one[@${HELP}; @cachequant-aer3]\ntwo\nthree[@${HELP}; @cachequant-aer3]\n`);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), 'one\ntwo\nthree\n');
    });

    it('joins an existing [@…] group when the cursor is inside it, and never repeats a key', async () => {
      const editor = await scratch('join.md', 'See [@cachequant-aer3] here.\n');
      editor.selection = new vscode.Selection(0, 8, 0, 8);
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      assert.equal(editor.document.lineAt(0).text, `See [@cachequant-aer3; @${HELP}] here.`);
      editor.selection = new vscode.Selection(0, 8, 0, 8);
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      assert.equal(editor.document.lineAt(0).text, `See [@cachequant-aer3; @${HELP}] here.`);
    });

    it('inserts a claim with its citation', async () => {
      const editor = await scratch('claim.md', '');
      await vscode.commands.executeCommand('litdigest.insertClaim', 'converting-pnsb', 0);
      assert.match(
        editor.document.getText(),
        /^Our experimental results using three popular image-classification datasets on a Raspberry Pi 4.*competing techniques while maintaining similar or higher accuracy\. \[@converting-pnsb\]$/,
      );
    });

    it('adds the entry through the editor, unsaved, when the bibliography is open with unsaved changes', async () => {
      const bib = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('references.bib')));
      await bib.edit((e) => e.insert(new vscode.Position(0, 0), '% my unsaved note\n'));
      const onDisk = await readWorkspaceFile('references.bib');
      // A paper no other test cites, so the entry is really missing from the file.
      assert.doesNotMatch(onDisk, /mirror-eoax/);
      const editor = await openWorkspaceFile('draft.md');
      const outcome = await vscode.commands.executeCommand('litdigest.insertCitation', 'mirror-eoax');
      assert.match(bib.document.getText(), /@misc\{mirror-eoax,/, JSON.stringify(outcome));
      assert.ok(bib.document.isDirty, "the bibliography must stay unsaved: it is the user's to save");
      assert.equal(await readWorkspaceFile('references.bib'), onDisk);
      assert.match(bib.document.getText(), /^% my unsaved note\n/);
      await vscode.commands.executeCommand('undo');
      void editor;
      await vscode.window.showTextDocument(bib.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('keeps what was written to the bibliography outside VS Code between two insertions, and never duplicates an entry', async () => {
      await scratch('outside.md', '---\nbibliography: outside.bib\n---\n\nA ');
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      const after1 = await readWorkspaceFile('outside.bib');
      // Another program (a reference manager, git) rewrites the file, with CRLF line endings and a BOM.
      const external = `\uFEFF${after1.replace(/\n/g, '\r\n')}\r\n@article{mine,\r\n  title={Kept As Is},\r\n}\r\n`;
      await vscode.workspace.fs.writeFile(workspaceFile('outside.bib'), new TextEncoder().encode(external));
      await vscode.commands.executeCommand('litdigest.insertCitation', [HELP, 'speed-xl1i']);
      const bytes = await vscode.workspace.fs.readFile(workspaceFile('outside.bib'));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the byte-order mark must stay');
      const after2 = await readWorkspaceFile('outside.bib'); // decoding drops the BOM
      const kept = external.slice(1);
      assert.ok(after2.startsWith(kept), 'what was there must stay byte for byte');
      assert.equal(after2.match(/@misc\{help-i454,/g)?.length, 1);
      assert.match(after2.slice(kept.length), /^\r\n@misc\{speed-xl1i,\r\n/);
    });

    it('appends to a bibliography that is not valid BibTeX without touching what is there', async () => {
      const broken = '@misc{half-open,\n  title = {never closed\n% and a stray } brace\n';
      await vscode.workspace.fs.writeFile(workspaceFile('broken.bib'), new TextEncoder().encode(broken));
      await scratch('broken.md', '---\nbibliography: broken.bib\n---\n\nA ');
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      const after = await readWorkspaceFile('broken.bib');
      assert.ok(after.startsWith(broken));
      assert.match(after, /@misc\{help-i454,/);
    });

    it('uses the bibliography the front matter names even when the citation goes above it', async () => {
      const editor = await scratch('top.md', '---\nbibliography: top.bib\n---\n\nText');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      assert.match(await readWorkspaceFile('top.bib'), /^@misc\{help-i454,/);
    });

    it('creates a missing bibliography named in the front matter', async () => {
      await scratch('missing-bib.md', '---\nbibliography: fresh.bib\n---\n\nText ');
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      assert.match(await readWorkspaceFile('fresh.bib'), /^@misc\{help-i454,/);
    });
  });

  describe('citing into LaTeX', () => {
    it('inserts \\cite{key}, and joins \\citep{…} groups', async () => {
      const editor = await scratch('cite.tex', '\\documentclass{article}\n\\addbibresource{references.bib}\nText \\citep{cachequant-aer3}.\n', 'latex');
      editor.selection = new vscode.Selection(2, 12, 2, 12);
      await vscode.commands.executeCommand('litdigest.insertCitation', HELP);
      assert.equal(editor.document.lineAt(2).text, `Text \\citep{cachequant-aer3,${HELP}}.`);
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand('litdigest.insertCitation', 'speed-xl1i');
      assert.ok(editor.document.lineAt(0).text.startsWith('\\cite{speed-xl1i}'));
    });
  });

  describe('when citing cannot be done', () => {
    it('changes nothing and does not throw with no editor open', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const bib = await readWorkspaceFile('references.bib');
      await vscode.commands.executeCommand('litdigest.insertCitation', 'speed-xl1i');
      assert.equal(await readWorkspaceFile('references.bib'), bib);
    });

    it('changes nothing, in the document or the bibliography, when the document is read-only', async () => {
      // A document on a read-only file system, as VS Code shows for git history, archives or remote views.
      const content = new TextEncoder().encode('Locked text.\n');
      const provider: vscode.FileSystemProvider = {
        onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
        watch: () => new vscode.Disposable(() => undefined),
        stat: () => ({ type: vscode.FileType.File, ctime: 0, mtime: 0, size: content.length }),
        readDirectory: () => [],
        createDirectory: () => undefined,
        readFile: () => content,
        writeFile: () => {
          throw vscode.FileSystemError.NoPermissions('read-only');
        },
        delete: () => undefined,
        rename: () => undefined,
      };
      const registration = vscode.workspace.registerFileSystemProvider('litdigest-readonly', provider, { isReadonly: true });
      try {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('litdigest-readonly:/locked.md'));
        const editor = await vscode.window.showTextDocument(doc);
        const bib = await readWorkspaceFile('references.bib');
        await vscode.commands.executeCommand('litdigest.insertCitation', 'speed-xl1i');
        assert.equal(editor.document.getText(), 'Locked text.\n');
        assert.equal(editor.document.isDirty, false);
        assert.equal(await readWorkspaceFile('references.bib'), bib);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        registration.dispose();
      }
    });
  });

  describe('while typing', () => {
    it('completes keys after [@ in Markdown, with the title as detail', async () => {
      const editor = await scratch('complete.md', 'See [@hel');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(0, 9),
      );
      const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === HELP);
      assert.ok(item, 'help-i454 should be offered');
      assert.match(typeof item.label === 'string' ? '' : (item.label.detail ?? ''), /HELP: Hardware-Adaptive/);
      assert.ok(list.items.length <= 50);
    });

    it('completes keys inside \\parencite{ in LaTeX', async () => {
      const editor = await scratch('complete.tex', '\\parencite{a,hel', 'latex');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        new vscode.Position(0, 16),
      );
      assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === HELP));
    });

    it('shows the paper card when hovering a key', async () => {
      const editor = await scratch('hover.md', `As in [@${HELP}].`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 10));
      const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      // The card is escaped Markdown: read it as the hover shows it.
      const text = markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.match(text, /HELP: Hardware-Adaptive Efficient Latency Prediction/);
      assert.match(text, /help-i454 · Jun 16, 2021/);
    });

    it('warns about unknown keys as you type, and offers a quick fix for keys missing from the bibliography', async () => {
      const editor = await scratch('diag.md', '---\nbibliography: diag.bib\n---\nSee [@no-such-key-zz; @speed-xl1i].\n');
      await vscode.workspace.fs.writeFile(workspaceFile('diag.bib'), new TextEncoder().encode('@misc{other,\n  title = {Other},\n}\n'));
      await eventually(() => vscode.languages.getDiagnostics(editor.document.uri).length === 2, 'two diagnostics');
      const diagnostics = vscode.languages.getDiagnostics(editor.document.uri);
      const unknown = diagnostics.find((d) => /Unknown citation key no-such-key-zz/.test(d.message));
      assert.equal(unknown?.severity, vscode.DiagnosticSeverity.Warning);
      const missing = diagnostics.find((d) => /speed-xl1i is missing from diag\.bib/.test(d.message))!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, missing.range);
      const fix = actions.find((a) => a.title === 'Add speed-xl1i to the bibliography');
      assert.ok(fix?.command);
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      assert.match(await readWorkspaceFile('diag.bib'), /^@misc\{other,[\s\S]*@misc\{speed-xl1i,/);
      await eventually(() => vscode.languages.getDiagnostics(editor.document.uri).length === 1, 'the fixed diagnostic to go');
    });
  });

  describe('details', () => {
    it('opens one details panel titled after the paper, and reuses it', async () => {
      await vscode.commands.executeCommand('litdigest.openDetails', HELP);
      await vscode.commands.executeCommand('litdigest.openDetails', 'cachequant-aer3');
      const details = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('litdigest.details'));
      await eventually(
        () => details().length > 0 && /CacheQuant/.test(details()[0].label),
        `the details tab (tabs: ${vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .map((t) => `${t.label}:${(t.input as { viewType?: string })?.viewType}`)
          .join(', ')})`,
      );
      assert.equal(details().length, 1);
    });
  });

  describe('user digests', () => {
    it('loads digests named in the settings and reloads a changed file without a full rebuild', async () => {
      await vscode.workspace.fs.writeFile(
        workspaceFile('digests/mine.txt'),
        new TextEncoder().encode(`My Own Paper\nWe propose a thing. It is 3x faster on an FPGA.\n`),
      );
      const loaded = nextChange();
      await vscode.workspace.getConfiguration('litdigest').update('digests', ['digests'], vscode.ConfigurationTarget.Workspace);
      await loaded;
      await eventually(async () => {
        await api.store.whenIdle();
        return api.store.library.papers.some((p) => p.title === 'My Own Paper');
      }, 'the user digest to load');
      // Let any reload the settings change scheduled run out before editing the file.
      await new Promise((r) => setTimeout(r, 1500));
      await api.store.whenIdle();
      const updated = nextChange();
      await vscode.workspace.fs.writeFile(
        workspaceFile('digests/mine.txt'),
        new TextEncoder().encode(`My Renamed Paper\nWe propose a thing. It is 3x faster on an FPGA.\n`),
      );
      await updated;
      assert.equal(api.store.lastLoad?.source, 'update');
      assert.ok(api.store.library.papers.some((p) => p.title === 'My Renamed Paper'));
      assert.ok(!api.store.library.papers.some((p) => p.title === 'My Own Paper'));
    });

    it('reads no digest path that leaves the workspace, and names each path it cannot read', async () => {
      const settings = vscode.workspace.getConfiguration('litdigest');
      await settings.update('digests', ['../../etc/*.txt', '/etc/hostname', 'no-such-folder', 'digests'], vscode.ConfigurationTarget.Workspace);
      try {
        await eventually(async () => {
          await api.store.whenIdle();
          return api.store.lastProblems.some((p) => p.file === 'no-such-folder');
        }, 'the problems of the new settings');
        const message = (file: string) => api.store.lastProblems.find((p) => p.file === file)?.message ?? '';
        assert.match(message('../../etc/*.txt'), /leaves the workspace/);
        assert.match(message('/etc/hostname'), /outside the workspace/);
        assert.match(message('no-such-folder'), /cannot read: no such file or folder/);
        assert.ok(
          api.store.library.papers.some((p) => p.title === 'My Renamed Paper'),
          'the readable digest still loads',
        );
      } finally {
        await settings.update('digests', ['digests'], vscode.ConfigurationTarget.Workspace);
      }
    });

    it('refuses a FIFO named as a digest instead of waiting on it: whenReady resolves and the problem names it', async () => {
      const pipe = workspaceFile('digests/pipe.txt');
      const made = spawnSync('mkfifo', [pipe.fsPath]);
      assert.equal(made.status, 0, `mkfifo is needed for this test (coreutils): ${made.stderr}`);
      const settings = vscode.workspace.getConfiguration('litdigest');
      try {
        await settings.update('digests', ['digests/pipe.txt', 'digests'], vscode.ConfigurationTarget.Workspace);
        await eventually(async () => {
          await api.store.whenReady();
          return api.store.lastProblems.some((p) => p.file === 'digests/pipe.txt');
        }, 'the FIFO to be reported');
        assert.match(api.store.lastProblems.find((p) => p.file === 'digests/pipe.txt')!.message, /named pipe/);
        assert.ok(api.store.library.papers.some((p) => p.title === 'My Renamed Paper'));
      } finally {
        await settings.update('digests', ['digests'], vscode.ConfigurationTarget.Workspace);
        rmSync(pipe.fsPath, { force: true });
      }
    });

    it('survives a file rewritten 100 times a second for ten seconds: the last state wins', async function () {
      this.timeout(90_000);
      const uri = workspaceFile('digests/busy.txt');
      for (let i = 0; i < 1000; i++) {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`Busy Paper ${i}\nWe propose a thing. It is 3x faster on an FPGA.\n`));
        await new Promise((r) => setTimeout(r, 10));
      }
      await eventually(
        async () => {
          await api.store.whenIdle();
          return api.store.library.papers.some((p) => p.title === 'Busy Paper 999');
        },
        'the last version to be loaded',
        20_000,
      );
      assert.equal(api.store.library.papers.filter((p) => p.title.startsWith('Busy Paper')).length, 1);
      await vscode.workspace.getConfiguration('litdigest').update('digests', undefined, vscode.ConfigurationTarget.Workspace);
    });
  });
});
