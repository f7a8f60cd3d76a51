/** Extension-host tests of the user's own bibliography in the library: read from the open document, cited with the user's keys, never duplicated. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLitDigest, scratch, workspaceFolder } from './litdigest';

interface Outcome {
  file?: string;
  added: string[];
  known?: string[];
  error?: string;
}

interface Paper {
  key: string;
  title: string;
  abstract: string;
  authorNames?: { family: string; given: string }[] | null;
  sources: { file: string; bibKey?: string }[];
}

interface Exports {
  store: {
    whenIdle(): Promise<void>;
    paper(key: string): Paper | undefined;
    library: { papers: Paper[] };
    documentBibliographyPaths: readonly string[];
  };
}

const HELP = 'help-i454';
const SPEED = 'speed-xl1i';
/** The user's own bibliography: HELP under their key, with names and the arXiv id, and a paper no digest has. */
const OWN_BIB = `% My references, kept by hand.
@inproceedings{lee2021helpnas,
  title = {{HELP}: Hardware-Adaptive Efficient Latency Prediction for {NAS} via Meta-Learning},
  author = {Lee, Hayeon and Lee, Sewoong and Chong, Song and Hwang, Sung Ju},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2021},
  eprint = {2106.08630},
  archivePrefix = {arXiv}
}

@article{doe2020only,
  title = {A Paper No Digest Mentions},
  author = {Doe, Jane and van der Berg, Piet},
  journal = {Journal of Examples},
  year = {2020}
}
`;

let api: Exports;
const path = (name: string) => join(workspaceFolder().uri.fsPath, name);
const cite = (keys: string | string[]) => vscode.commands.executeCommand<Outcome | undefined>('litdigest.insertCitation', keys);

async function until(what: string, test: () => boolean): Promise<void> {
  const end = Date.now() + 15_000;
  while (!test()) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await api.store.whenIdle();
}

describe("the user's own bibliography", function () {
  this.timeout(60_000);

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await api.store.whenIdle();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is read when a document uses it: its keys find the merged paper, and a paper only it has is listed', async () => {
    writeFileSync(path('own-read.bib'), OWN_BIB);
    await scratch('own-read.md', '---\nbibliography: own-read.bib\n---\n\nText ');
    await until('the document bibliography is in the library', () => api.store.paper('lee2021helpnas') !== undefined);
    const help = api.store.paper('lee2021helpnas')!;
    assert.equal(help.key, HELP, 'the bibliography entry merged with the digest paper');
    assert.match(help.abstract, /hardware-aware/, 'the digest gave the abstract');
    assert.deepEqual(
      help.authorNames?.map((n) => n.family),
      ['Lee', 'Lee', 'Chong', 'Hwang'],
    );
    assert.equal(api.store.library.papers.filter((p) => p.title.startsWith('HELP: Hardware-Adaptive')).length, 1);
    assert.equal(api.store.paper('doe2020only')?.title, 'A Paper No Digest Mentions');
  });

  it('citing a paper it holds writes the user key and leaves the file byte for byte as it was', async () => {
    writeFileSync(path('own-cite.bib'), OWN_BIB);
    const editor = await scratch('own-cite.md', '---\nbibliography: own-cite.bib\n---\n\nSee ');
    await until('the document bibliography is in the library', () => api.store.documentBibliographyPaths.includes(path('own-cite.bib')));
    const outcome = await cite(HELP);
    assert.equal(outcome?.error, undefined);
    assert.deepEqual(outcome?.added, []);
    assert.match(outcome?.known?.join() ?? '', /"HELP" is already in own-cite\.bib as lee2021helpnas/);
    assert.match(editor.document.getText(), /See \[@lee2021helpnas\]/);
    assert.equal(readFileSync(path('own-cite.bib'), 'utf8'), OWN_BIB);
  });

  it('citing a digest-only paper appends one entry, and pandoc --citeproc resolves both with the authors the bibliography gave', async () => {
    writeFileSync(path('own-build.bib'), OWN_BIB);
    const editor = await scratch('own-build.md', '---\nbibliography: own-build.bib\n---\n\nSee ');
    await until('the document bibliography is in the library', () => api.store.documentBibliographyPaths.includes(path('own-build.bib')));
    await cite([HELP, SPEED]);
    const outcome = await cite('doe2020only');
    assert.deepEqual(outcome?.added, []);
    await editor.document.save();
    const bib = readFileSync(path('own-build.bib'), 'utf8');
    assert.ok(bib.startsWith(OWN_BIB), 'nothing of the user file changed');
    assert.equal(bib.match(/^@/gm)?.length, 3, `one entry appended:\n${bib.slice(OWN_BIB.length)}`);
    assert.match(bib.slice(OWN_BIB.length), new RegExp(`^@\\w+\\{${SPEED},`, 'm'));
    const pandoc = spawnSync('pandoc', ['--citeproc', '-t', 'plain', 'own-build.md'], { cwd: workspaceFolder().uri.fsPath, encoding: 'utf8' });
    assert.ok(!pandoc.error, `pandoc must be installed (apt-get install pandoc): ${pandoc.error?.message}`);
    assert.equal(pandoc.status, 0, pandoc.stderr);
    assert.doesNotMatch(pandoc.stderr, /not found/i);
    assert.match(pandoc.stdout, /Lee/);
    assert.match(pandoc.stdout, /Hwang/);
    assert.match(pandoc.stdout, /Doe/);
    assert.match(pandoc.stdout, /SPEED-Bench/);
  });

  it('completes the user keys, and leaves the file out when the setting is off', async () => {
    writeFileSync(path('own-complete.bib'), OWN_BIB);
    const editor = await scratch('own-complete.md', '---\nbibliography: own-complete.bib\n---\n\nSee [@lee2021h');
    await until('the document bibliography is in the library', () => api.store.documentBibliographyPaths.includes(path('own-complete.bib')));
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, end);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('lee2021helpnas'), labels.join(', '));
    const settings = vscode.workspace.getConfiguration('litdigest');
    await settings.update('readDocumentBibliography', false, vscode.ConfigurationTarget.Workspace);
    try {
      await until('the setting takes the files out', () => api.store.documentBibliographyPaths.length === 0);
      await until('the library no longer has the user key', () => api.store.paper('lee2021helpnas') === undefined);
    } finally {
      await settings.update('readDocumentBibliography', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the setting back on reads them again', () => api.store.paper('lee2021helpnas') !== undefined);
  });
});
