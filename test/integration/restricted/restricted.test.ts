/** Extension-host tests in Restricted Mode (an untrusted workspace): LitDigest writes nothing outside the workspace and says why. */
import * as assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLitDigest, scratch, workspaceFolder } from '../litdigest';

interface Outcome {
  file?: string;
  added: string[];
  error?: string;
}

interface Exports {
  store: { whenIdle(): Promise<void> };
  bibliographies: { confirm: (message: string, detail: string, allow: string) => Thenable<string | undefined> };
}

const HELP = 'help-i454';

describe('Restricted Mode', function () {
  this.timeout(60_000);
  let api: Exports;
  let outside: string;
  const asked: string[] = [];

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await api.store.whenIdle();
    // Were it asked, the answer would be yes: the refusal must come from the missing trust, not from the user.
    api.bibliographies.confirm = async (message) => {
      asked.push(message);
      return 'Add Entries';
    };
    outside = mkdtempSync(join(tmpdir(), 'litdigest-restricted-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(outside, { recursive: true, force: true });
  });

  it('runs untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('refuses a bibliography outside the workspace, says why, and still inserts the citation (row 1)', async () => {
    const target = join(outside, 'bashrc');
    writeFileSync(target, 'alias ls=ls\n');
    const editor = await scratch('outside.md', `---\nbibliography: ${target}\n---\n`);
    const outcome = await vscode.commands.executeCommand<Outcome>('litdigest.insertCitation', HELP);
    assert.match(outcome?.error ?? '', /outside the workspace.*Restricted Mode/);
    assert.equal(readFileSync(target, 'utf8'), 'alias ls=ls\n');
    assert.ok(editor.document.getText().endsWith(`[@${HELP}]`));
    assert.deepEqual(asked, [], 'nothing is asked in Restricted Mode');
  });

  it('refuses a relative path that climbs out of the workspace and creates no folder there (row 1)', async () => {
    await scratch('climb.md', `---\nbibliography: ../../../../../../../..${join(outside, 'sub', 'refs.bib')}\n---\n`);
    const outcome = await vscode.commands.executeCommand<Outcome>('litdigest.insertCitation', HELP);
    assert.match(outcome?.error ?? '', /Restricted Mode/);
    assert.equal(existsSync(join(outside, 'sub')), false);
  });

  it('refuses a symlink in the workspace that points outside, naming where it leads; the link stays (row 5)', async () => {
    const target = join(outside, 'id_rsa');
    writeFileSync(target, 'SECRET\n');
    const link = join(workspaceFolder().uri.fsPath, 'refs-link.bib');
    symlinkSync(target, link);
    await scratch('link.md', '---\nbibliography: refs-link.bib\n---\n');
    const outcome = await vscode.commands.executeCommand<Outcome>('litdigest.insertCitation', HELP);
    assert.match(outcome?.error ?? '', new RegExp(`${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*refs-link\\.bib links there.*Restricted Mode`));
    assert.equal(readFileSync(target, 'utf8'), 'SECRET\n');
    assert.ok(lstatSync(link).isSymbolicLink());
  });

  it('still writes a bibliography inside the workspace', async () => {
    await scratch('inside.md', '---\nbibliography: inside.bib\n---\n');
    const outcome = await vscode.commands.executeCommand<Outcome>('litdigest.insertCitation', HELP);
    assert.deepEqual(outcome?.added, [HELP]);
    assert.match(readFileSync(join(workspaceFolder().uri.fsPath, 'inside.bib'), 'utf8'), /@misc\{help-i454,/);
  });
});
