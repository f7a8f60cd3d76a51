/** Restricted Mode: screening decisions are refused with a message, and no review file or folder is written. */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateLitDigest, workspaceFolder } from '../litdigest';

interface Exports {
  store: { whenIdle(): Promise<void> };
  reviews: { decision(key: string): { status: string } | undefined; load(): Promise<void> };
}

describe('Restricted Mode: screening', function () {
  this.timeout(60_000);

  it('writes no review file in an untrusted workspace, and the decision is not taken', async () => {
    const api = (await activateLitDigest()) as Exports;
    await api.store.whenIdle();
    assert.equal(vscode.workspace.isTrusted, false);
    await vscode.commands.executeCommand('litdigest.include', 'help-i454');
    await vscode.commands.executeCommand('litdigest.maybe', ['help-i454']);
    await api.reviews.load();
    assert.equal(api.reviews.decision('help-i454'), undefined);
    assert.equal(existsSync(join(workspaceFolder().uri.fsPath, '.litdigest')), false);
  });
});
