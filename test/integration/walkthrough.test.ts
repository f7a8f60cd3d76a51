/** Extension-host tests of the Getting Started walkthrough: it opened once on the first activation, and the draft its Cite step opens. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateLitDigest, eventually, extensionId, openWorkspaceFile } from './litdigest';

/** What activate() returns about the walkthrough (src/features/walkthrough.ts's WalkthroughFirstRun). */
interface Exports {
  store: { whenIdle(): Promise<void> };
  walkthrough: Promise<{ ref: string | undefined; opened: boolean; shown: boolean }>;
}

describe('the Getting Started walkthrough', function () {
  this.timeout(60_000);
  let api: Exports;

  before(async () => {
    api = (await activateLitDigest()) as Exports;
    await api.store.whenIdle();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("was opened by this profile's first activation, by publisher.name#id, and globalState now records it so no later activation opens it", async () => {
    // The run starts with a fresh user-data folder, so this activation was the profile's first. (That VS Code shows
    // LitDigest's walkthrough for this id is checked in the real workbench: test/ui/walkthrough.test.ts.)
    assert.deepEqual(await api.walkthrough, { ref: `${extensionId}#gettingStarted`, opened: true, shown: true });
  });

  it("opens the Cite step's draft: an untitled Markdown document in the active editor group, cursor after its sentence, that Insert Citation writes into", async () => {
    const source = await openWorkspaceFile('draft.md');
    await vscode.commands.executeCommand('litdigest.openDraft');
    await eventually(() => vscode.window.activeTextEditor?.document.isUntitled === true, 'the draft to become the active editor');
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.languageId, 'markdown');
    // The walkthrough's button runs it with command:toSide:, which first makes the half beside the walkthrough active.
    assert.equal(editor.viewColumn, source.viewColumn, 'the draft should open in the active editor group');
    const cursor = editor.selection.active;
    assert.ok(editor.selection.isEmpty);
    assert.match(editor.document.lineAt(cursor.line).text.slice(0, cursor.character), /\w $/, 'the cursor should wait after a sentence');

    await vscode.commands.executeCommand('litdigest.insertCitation', 'help-i454');
    await eventually(() => editor.document.getText().includes('[@help-i454]'), 'the citation in the draft');
    assert.match(editor.document.lineAt(cursor.line).text, /\w \[@help-i454\]$/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
