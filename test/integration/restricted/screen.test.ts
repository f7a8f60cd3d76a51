/** Restricted Mode: screening decisions and corrections are refused with a message, and no review file or folder is written. */
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

describe('Restricted Mode: corrections', function () {
  this.timeout(60_000);

  it('writes no review file for a correction in an untrusted workspace, and the library does not change', async () => {
    const api = (await activateLitDigest()) as Exports & { store: { paper(key: string): { hardware: { name: string }[] } | undefined } };
    await api.store.whenIdle();
    const result = (await vscode.commands.executeCommand('litdigest.correct', 'help-i454', {
      kind: 'addHardware',
      target: { name: 'Google TPU v4', class: 'ASIC/Accelerator' },
    })) as { ok: boolean };
    assert.equal(result.ok, false);
    assert.equal(existsSync(join(workspaceFolder().uri.fsPath, '.litdigest')), false);
    assert.ok(!api.store.paper('help-i454')?.hardware.some((h) => h.name === 'Google TPU v4'));
  });
});
