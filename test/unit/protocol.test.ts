import { strict as assert } from 'node:assert';
import { WebviewMessage } from '../../src/webview/protocol';

describe('WebviewMessage', () => {
  it('accepts each message the page sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'insertCitation', paperId: 'help-i454' },
      { type: 'insertClaim', paperId: 'help-i454', claimIndex: 0 },
      { type: 'copyBibtex', paperId: 'help-i454' },
      { type: 'openDetails', paperId: 'help-i454' },
      { type: 'copyReference', paperId: 'help-i454' },
      { type: 'openLink', url: 'https://github.com/HayeonLee/HELP' },
    ]) {
      assert.ok(WebviewMessage.safeParse(m).success, JSON.stringify(m));
    }
  });

  it('rejects links that are not http or https', () => {
    for (const url of [
      'javascript:alert(1)',
      'command:workbench.action.terminal.new',
      'file:///etc/passwd',
      'vscode://x',
      'not a url',
      'data:text/html,<script>',
    ]) {
      assert.equal(WebviewMessage.safeParse({ type: 'openLink', url }).success, false, url);
    }
  });

  it('rejects unknown types, missing or extra fields, and keys that are not keys', () => {
    for (const m of [
      null,
      'ready',
      {},
      { type: 'runCommand', command: 'x' },
      { type: 'insertCitation' },
      { type: 'insertCitation', paperId: '__proto__' },
      { type: 'insertCitation', paperId: 'help-i454', extra: 1 },
      { type: 'openDetails', paperId: '../x' },
      { type: 'openDetails' },
      { type: 'insertClaim', paperId: 'help-i454', claimIndex: -1 },
      { type: 'insertClaim', paperId: 'help-i454', claimIndex: 1.5 },
    ]) {
      assert.equal(WebviewMessage.safeParse(m).success, false, JSON.stringify(m));
    }
  });
});

describe('WebviewMessage: screening', () => {
  it('accepts decide with each status, and editTags / editNote', () => {
    for (const status of ['included', 'excluded', 'maybe', 'unscreened']) {
      assert.ok(WebviewMessage.safeParse({ type: 'decide', paperId: 'help-i454', status }).success, status);
    }
    assert.ok(WebviewMessage.safeParse({ type: 'editTags', paperId: 'help-i454' }).success);
    assert.ok(WebviewMessage.safeParse({ type: 'editNote', paperId: 'help-i454' }).success);
  });

  it('rejects an unknown status, a missing key, a bad key and extra fields', () => {
    for (const m of [
      { type: 'decide', paperId: 'help-i454', status: 'sure' },
      { type: 'decide', status: 'included' },
      { type: 'decide', paperId: '../x', status: 'included' },
      { type: 'editNote', paperId: 'help-i454', note: 'injected' },
    ]) {
      assert.equal(WebviewMessage.safeParse(m).success, false, JSON.stringify(m));
    }
  });

  it('rejects a copyReference without a key, with a key that is not one, or with extra fields', () => {
    for (const m of [{ type: 'copyReference' }, { type: 'copyReference', paperId: '<script>' }, { type: 'copyReference', paperId: 'help-i454', html: '<b>' }])
      assert.equal(WebviewMessage.safeParse(m).success, false, JSON.stringify(m));
  });
});

describe('WebviewMessage: corrections', () => {
  it('accepts correct with a key, and nothing the page could use to write a correction itself', () => {
    assert.ok(WebviewMessage.safeParse({ type: 'correct', paperId: 'help-i454' }).success);
    for (const m of [
      { type: 'correct' },
      { type: 'correct', paperId: 'Help I454' },
      { type: 'correct', paperId: 'help-i454', action: { kind: 'addHardware', target: { name: 'x', class: 'GPU' } } },
    ]) {
      assert.equal(WebviewMessage.safeParse(m).success, false, JSON.stringify(m));
    }
  });
});
