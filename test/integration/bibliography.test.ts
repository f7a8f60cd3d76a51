/** Extension-host tests of which bibliographies a document uses and of the write boundary around them (trusted workspace). */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLitDigest, scratch, workspaceFolder } from './litdigest';

interface Outcome {
  file?: string;
  added: string[];
  unsaved?: boolean;
  error?: string;
}

interface Exports {
  store: { whenIdle(): Promise<void>; library: { papers: { key: string; sources: { file: string }[] }[] } };
  bibliographies: { confirm: (message: string, detail: string, allow: string) => Thenable<string | undefined> };
}

const HELP = 'help-i454';
const SPEED = 'speed-xl1i';
let api: Exports;
/** What the modal confirmation was asked, in order; the stub answers with `answer`. */
let asked: string[] = [];
let answer: string | undefined;

const cite = (keys: string | string[]) => vscode.commands.executeCommand<Outcome | undefined>('litdigest.insertCitation', keys);
const write = (name: string, text: string) => writeFileSync(join(workspaceFolder().uri.fsPath, name), text);
const read = (path: string) => readFileSync(path.startsWith('/') ? path : join(workspaceFolder().uri.fsPath, path), 'utf8');

/** Waits until the document's only diagnostic is the warning about the unknown key no-such-key-zz: no key is reported missing. */
async function onlyUnknownKeyReported(uri: vscode.Uri): Promise<void> {
  const messages = () => vscode.languages.getDiagnostics(uri).map((d) => d.message);
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const now = messages();
    if (now.length === 1 && /Unknown citation key no-such-key-zz/.test(now[0])) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected only the unknown-key warning, got: ${messages().join(' | ')}`);
}

/** Keys of the papers only the shipped digest has (a paper some test's .bib also holds is cited with that file's key). */
function libraryKeys(): string[] {
  return api.store.library.papers.filter((p) => p.sources.every((s) => s.file.startsWith('seeds/'))).map((p) => p.key);
}

describe('bibliographies', function () {
  this.timeout(60_000);
  let outside: string;

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await api.store.whenIdle();
    assert.ok(vscode.workspace.isTrusted, 'this suite runs in a trusted workspace; restricted.test.ts covers Restricted Mode');
    api.bibliographies.confirm = async (message) => {
      asked.push(message);
      return answer;
    };
    outside = mkdtempSync(join(tmpdir(), 'litdigest-outside-'));
  });

  beforeEach(() => {
    asked = [];
    answer = undefined;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => rmSync(outside, { recursive: true, force: true }));

  describe('which files a document uses', () => {
    it('a YAML list of two files: a key in the second is not missing, and a new entry goes to the first, which the outcome names', async () => {
      write('list-two.bib', `@misc{${SPEED},\n  title = {SPEED},\n}\n`);
      const editor = await scratch('list.md', '---\nbibliography: [list-one.bib, list-two.bib]\n---\nSee [@speed-xl1i; @no-such-key-zz]. ');
      // The unknown key's warning shows the check ran; speed-xl1i, held by the second file, is not reported.
      await onlyUnknownKeyReported(editor.document.uri);
      const outcome = await cite(HELP);
      assert.equal(outcome?.file, 'list-one.bib');
      assert.match(read('list-one.bib'), /^@misc\{help-i454,/);
      assert.doesNotMatch(read('list-one.bib'), /speed-xl1i/);
      await onlyUnknownKeyReported(editor.document.uri);
    });

    it('the YAML block-list form, with a comment after the name', async () => {
      write('block-two.bib', `@misc{${SPEED},\n  title = {SPEED},\n}\n`);
      await scratch('block.md', '---\nbibliography:\n  - block-one.bib # mine\n  - block-two.bib\n---\n');
      const outcome = await cite([HELP, SPEED]);
      assert.deepEqual([outcome?.file, outcome?.added], ['block-one.bib', [HELP]]);
    });

    it('an absolute path inside the workspace', async () => {
      const path = join(workspaceFolder().uri.fsPath, 'absolute.bib');
      await scratch('absolute.md', `---\nbibliography: ${path}\n---\n`);
      const outcome = await cite(HELP);
      assert.deepEqual(outcome?.added, [HELP]);
      assert.match(read(path), /@misc\{help-i454,/);
      assert.deepEqual(asked, [], 'inside the workspace nothing is asked');
    });

    it('\\addbibresource twice and \\bibliography{a,b}: a key in a later file is not missing; entries go to the first', async () => {
      write('tex-two.bib', `@misc{${SPEED},\n  title = {SPEED},\n}\n`);
      const editor = await scratch(
        'twice.tex',
        '\\addbibresource{tex-one.bib}\n\\addbibresource{tex-two.bib}\nSee \\cite{speed-xl1i,no-such-key-zz}. ',
        'latex',
      );
      await onlyUnknownKeyReported(editor.document.uri);
      const outcome = await cite(HELP);
      assert.equal(outcome?.file, 'tex-one.bib');
      await onlyUnknownKeyReported(editor.document.uri);
      await scratch('pair.tex', '\\bibliography{tex-pair,tex-two}\n', 'latex');
      const second = await cite([HELP, SPEED]);
      assert.deepEqual([second?.file, second?.added], ['tex-pair.bib', [HELP]]);
    });

    it('an untitled document: its names are relative to the workspace folder', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '---\nbibliography: untitled.bib\n---\n' });
      await vscode.window.showTextDocument(doc);
      const outcome = await cite(HELP);
      assert.equal(outcome?.file, 'untitled.bib');
      assert.match(read('untitled.bib'), /@misc\{help-i454,/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('no bibliography named: the litdigest.bibliographyFile setting, in the workspace folder', async () => {
      await scratch('none.md', 'No front matter. ');
      const outcome = await cite(HELP);
      assert.equal(outcome?.file, 'references.bib');
    });

    it('a document that names itself gets no entry and a message saying so (row 8)', async () => {
      const before = '---\nbibliography: self.md\n---\n';
      const editor = await scratch('self.md', before);
      const outcome = await cite(HELP);
      assert.match(outcome?.error ?? '', /names itself as its bibliography/);
      assert.equal(editor.document.getText(), `${before}[@${HELP}]`, 'only the citation is inserted');
    });

    it('with the library not reading them, completes and hovers the keys of every bibliography the document names', async () => {
      const settings = vscode.workspace.getConfiguration('litdigest');
      await settings.update('readDocumentBibliography', false, vscode.ConfigurationTarget.Workspace);
      try {
        write('own-one.bib', '@misc{lee2021help,\n  title = {HELP},\n}\n');
        write('own-two.bib', '@misc{leeSecond,\n  title = {Another},\n}\n');
        const editor = await scratch('own.md', '---\nbibliography: [own-one.bib, own-two.bib]\n---\nSee [@lee2021help] and [@lee');
        const end = editor.document.lineAt(3).range.end;
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
        const offered = list.items.map((i) => (typeof i.label === 'string' ? i.label : `${i.label.label}${i.label.detail ?? ''}`));
        assert.ok(offered.includes('lee2021help  in own-one.bib'), offered.join(' | '));
        assert.ok(offered.includes('leeSecond  in own-two.bib'), offered.join(' | '));
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(3, 8));
        const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
        // The hover is escaped Markdown: read it as the hover shows it.
        assert.match(text.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'), /lee2021help · in own-one\.bib/);
      } finally {
        await settings.update('readDocumentBibliography', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('warns about a repeated key and a key differing only in case in an open .bib, naming the first line (row 6)', async () => {
      const editor = await scratch(
        'dupes.bib',
        '@misc{Smith2020,\n  title = {A},\n}\n@misc{other,\n  title = {B},\n}\n@misc{smith2020,\n  title = {C},\n}\n@misc{other,\n  title = {D},\n}\n',
      );
      const messages = () => vscode.languages.getDiagnostics(editor.document.uri).map((d) => `${d.range.start.line + 1}: ${d.message}`);
      const until = Date.now() + 15_000;
      while (messages().length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(messages().sort(), [
        '10: The key other is already used on line 4.',
        '7: The key smith2020 differs only in case from Smith2020 on line 1: bibtex takes them for the same key.',
      ]);
    });
  });

  describe('the write boundary (trusted workspace)', () => {
    it('asks before writing a file outside the workspace, writes nothing when refused, and remembers a yes (row 1)', async () => {
      const target = join(outside, 'bashrc');
      writeFileSync(target, 'export PATH=$PATH\n');
      await scratch('outside-abs.md', `---\nbibliography: ${target}\n---\n`);
      const refused = await cite(HELP);
      assert.equal(asked.length, 1);
      assert.ok(asked[0].includes(target), `the question names the absolute path: ${asked[0]}`);
      assert.match(refused?.error ?? '', /did not allow writing outside the workspace/);
      assert.equal(read(target), 'export PATH=$PATH\n');
      answer = 'Add Entries';
      const allowed = await cite(HELP);
      assert.deepEqual(allowed?.added, [HELP]);
      assert.match(read(target), /^export PATH=\$PATH\n\n@misc\{help-i454,/);
      answer = undefined;
      const again = await cite(SPEED);
      assert.deepEqual(again?.added, [SPEED], 'a yes is remembered for this path');
      assert.equal(asked.length, 2);
    });

    it('never creates a folder outside the workspace, even when allowed (row 1)', async () => {
      answer = 'Add Entries';
      await scratch('outside-rel.md', `---\nbibliography: ${join(outside, 'sub', 'deeper', 'refs.bib')}\n---\n`);
      const outcome = await cite(HELP);
      assert.match(outcome?.error ?? '', /does not exist/);
      assert.equal(existsSync(join(outside, 'sub')), false);
    });

    it('a symlink inside the workspace that points outside is outside: asked with the real path; the link stays a link (row 5)', async () => {
      const target = join(outside, 'id_rsa');
      writeFileSync(target, 'SECRET\n');
      const link = join(workspaceFolder().uri.fsPath, 'linked.bib');
      symlinkSync(target, link);
      await scratch('linked.md', '---\nbibliography: linked.bib\n---\n');
      const refused = await cite(HELP);
      assert.ok(asked[0]?.includes(target), `asked about the link's target: ${asked.join(' | ')}`);
      assert.match(refused?.error ?? '', /linked\.bib links there/);
      assert.equal(read(target), 'SECRET\n');
      assert.ok(lstatSync(link).isSymbolicLink());
    });

    it('keeps a hard link, the mode of a 0600 file and its inode (rows 5 and 8)', async () => {
      const path = join(workspaceFolder().uri.fsPath, 'private.bib');
      writeFileSync(path, '@misc{mine,\n  title = {Mine},\n}\n');
      chmodSync(path, 0o600);
      const twin = join(workspaceFolder().uri.fsPath, 'private-twin.bib');
      linkSync(path, twin);
      const inode = statSync(path).ino;
      await scratch('private.md', '---\nbibliography: private.bib\n---\n');
      await cite(HELP);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(path).ino, inode);
      assert.match(read(twin), /@misc\{help-i454,/);
      assert.equal(statSync(path).nlink, 2);
    });

    it('loses no line another program appends while citing repeatedly, and the file is never missing (row 2)', async () => {
      const path = join(workspaceFolder().uri.fsPath, 'busy.bib');
      writeFileSync(path, '');
      // Another program appends 600 numbered comment lines, one write each, as fast as it can.
      const writer = spawn(process.execPath, [
        '-e',
        `const fs=require('fs');for(let i=0;i<600;i++){fs.appendFileSync(${JSON.stringify(path)},'% other '+i+'\\n');const t=Date.now();while(Date.now()-t<2);}`,
      ]);
      const finished = new Promise((resolve) => writer.on('exit', resolve));
      let missing = 0;
      const poller = setInterval(() => (existsSync(path) ? undefined : missing++), 1);
      await scratch('busy.md', '---\nbibliography: busy.bib\n---\n');
      const keys = libraryKeys().slice(0, 40);
      try {
        for (const key of keys) await cite(key);
        await finished;
      } finally {
        clearInterval(poller);
        writer.kill();
      }
      const text = read(path);
      for (let i = 0; i < 600; i++) assert.ok(text.includes(`% other ${i}\n`), `line ${i} of the other program is gone`);
      for (const key of keys) assert.equal(text.split(`@misc{${key},`).length - 1, 1, key);
      assert.equal(missing, 0, 'the bibliography was missing while LitDigest wrote it');
    });

    it('appends in UTF-16 to a UTF-16LE file without a byte-order mark (row 8)', async () => {
      const path = join(workspaceFolder().uri.fsPath, 'wide.bib');
      writeFileSync(path, Buffer.from('@misc{mine,\n  title = {Mine},\n}\n', 'utf16le'));
      await scratch('wide.md', '---\nbibliography: wide.bib\n---\n');
      await cite(HELP);
      const text = readFileSync(path).toString('utf16le');
      assert.match(text, /^@misc\{mine,[\s\S]*\n@misc\{help-i454,\n/);
    });

    it('adds an entry whose key appears only in a comment, after %, or inside another entry (row 6)', async () => {
      write('commented.bib', `@comment{${HELP}, old}\n% @misc{${SPEED},\n@misc{other,\n  abstract = {see @misc{cachequant-aer3, x}},\n}\n`);
      await scratch('commented.md', '---\nbibliography: commented.bib\n---\n');
      const outcome = await cite([HELP, SPEED, 'cachequant-aer3']);
      assert.deepEqual(outcome?.added, [HELP, SPEED, 'cachequant-aer3']);
    });
  });
});
