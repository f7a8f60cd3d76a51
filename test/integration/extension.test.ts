/** Extension-host tests of LitDigest as installed: it is present, activates, and runs against the sample workspace. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLitDigest, extensionId, openWorkspaceFile, readWorkspaceFile, workspaceFolder } from './litdigest';

describe('LitDigest in the extension host', () => {
  it('is installed under its publisher.name id', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} should be known to the extension host`);
    assert.equal(extension.packageJSON.displayName, 'LitDigest');
  });

  it('activates without throwing and returns its exports object', async () => {
    const exports = await activateLitDigest();
    assert.equal(typeof exports, 'object', 'activate() should return an object (tests reach the store through it)');
    assert.ok(vscode.extensions.getExtension(extensionId)?.isActive, 'the extension should report itself active');
  });

  it('runs in a temporary copy of the sample workspace, never the committed one', async () => {
    const folder = workspaceFolder().uri.fsPath;
    assert.ok(!folder.includes('/test/workspace'), `expected a temporary copy, got ${folder}`);
    assert.match(await readWorkspaceFile('draft.md'), /^bibliography: references\.bib$/m);
    assert.match(await readWorkspaceFile('draft.tex'), /\\addbibresource\{references\.bib\}/);
  });

  it('opens the Markdown draft as a markdown document the extension can edit', async () => {
    const editor = await openWorkspaceFile('draft.md');
    assert.equal(editor.document.languageId, 'markdown');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    assert.ok(await editor.edit((edit) => edit.insert(end, 'Edge inference [@kv-x9ic].\n')));
    assert.match(editor.document.getText(), /\[@kv-x9ic\]/);
    // Leave the copy as it was on disk, for the tests that follow.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
