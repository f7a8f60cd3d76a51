import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH_SHOWN_KEY, openWalkthroughOnce, walkthroughRef, type FlagState } from '../../src/core/walkthrough';
import { repoRoot } from './seedFiles';

/** An extension's globalState as VS Code keeps it: a key-value store whose writes are asynchronous. */
function memento(initial: Record<string, unknown> = {}): FlagState & { values: Map<string, unknown> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: (key) => values.get(key),
    update: async (key, value) => {
      values.set(key, value);
    },
  };
}

/** An `open` callback that counts its calls and records whether the flag was already written when it ran. */
function opener(state: FlagState, fails = false) {
  const calls: { flagSet: boolean }[] = [];
  const open = async () => {
    calls.push({ flagSet: state.get(WALKTHROUGH_SHOWN_KEY) === true });
    if (fails) throw new Error('no such walkthrough');
  };
  return { calls, open };
}

describe('openWalkthroughOnce', () => {
  it('opens the walkthrough on the first activation and records that it did', async () => {
    const state = memento();
    const { calls, open } = opener(state);
    assert.equal(await openWalkthroughOnce(state, open), true);
    assert.equal(calls.length, 1);
    assert.equal(state.values.get(WALKTHROUGH_SHOWN_KEY), true);
  });

  it('never opens it again once recorded: later activations and new windows of the profile', async () => {
    const state = memento();
    const { calls, open } = opener(state);
    await openWalkthroughOnce(state, open);
    assert.equal(await openWalkthroughOnce(state, open), false);
    assert.equal(await openWalkthroughOnce(state, open), false);
    assert.equal(calls.length, 1);
  });

  it('does not open it in a profile that already records it (installed before this version, or shown by an earlier one)', async () => {
    const state = memento({ [WALKTHROUGH_SHOWN_KEY]: true });
    const { calls, open } = opener(state);
    assert.equal(await openWalkthroughOnce(state, open), false);
    assert.deepEqual(calls, []);
  });

  it('asks to open in the same turn as it is called, so VS Code opens the walkthrough before running the command that activated the extension', async () => {
    const state = memento();
    const { calls, open } = opener(state);
    const done = openWalkthroughOnce(state, open);
    assert.deepEqual(calls, [{ flagSet: true }], 'open was not called before the first await');
    assert.equal(await done, true);
  });

  it('records the flag before opening, so a failing open passes its error on and is not retried at every activation', async () => {
    const state = memento();
    const { calls, open } = opener(state, true);
    await assert.rejects(openWalkthroughOnce(state, open), /no such walkthrough/);
    assert.deepEqual(calls, [{ flagSet: true }]);
    assert.equal(await openWalkthroughOnce(state, open), false);
    assert.equal(calls.length, 1);
  });

  it('records the first run without opening when the user turned walkthroughs-on-install off, and stays closed after', async () => {
    const state = memento();
    const { calls, open } = opener(state);
    assert.equal(await openWalkthroughOnce(state, open, false), false);
    assert.equal(state.values.get(WALKTHROUGH_SHOWN_KEY), true);
    assert.equal(await openWalkthroughOnce(state, open, true), false);
    assert.deepEqual(calls, []);
  });

  it('takes only true as recorded: a value some other code left under the key does not suppress the walkthrough', async () => {
    const state = memento({ [WALKTHROUGH_SHOWN_KEY]: 'yes' });
    const { calls, open } = opener(state);
    assert.equal(await openWalkthroughOnce(state, open), true);
    assert.equal(calls.length, 1);
  });
});

describe('walkthroughRef', () => {
  it('names the walkthrough as workbench.action.openWalkthrough expects: <publisher>.<name>#<id>', () => {
    assert.equal(walkthroughRef({ publisher: 'acme', name: 'papers' }, 'tour'), 'acme.papers#tour');
  });

  it("names this extension's own walkthrough from its package.json", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthroughRef(manifest), `${manifest.publisher}.${manifest.name}#${walkthrough.id}`);
  });

  it('is undefined when package.json lacks a publisher or a name, or they are not strings', () => {
    for (const manifest of [
      undefined,
      null,
      'litdigest',
      {},
      { name: 'litdigest' },
      { publisher: 'litdigest' },
      { publisher: '', name: 'x' },
      { publisher: 1, name: 'x' },
    ]) {
      assert.equal(walkthroughRef(manifest), undefined, JSON.stringify(manifest));
    }
  });
});
