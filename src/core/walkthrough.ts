/** When the Getting Started walkthrough opens by itself (once, after installation) and the id VS Code opens it by. */

/** The id of LitDigest's walkthrough in package.json's `contributes.walkthroughs` (checked by manifest.test.ts). */
export const WALKTHROUGH_ID = 'gettingStarted';

/** The `globalState` key that records that the walkthrough was opened by itself; set once, never cleared. */
export const WALKTHROUGH_SHOWN_KEY = 'litdigest.walkthroughShown';

/** The part of `vscode.Memento` (an extension's `globalState`) the first-run check uses. */
export interface FlagState {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * The argument `workbench.action.openWalkthrough` takes for this extension's walkthrough: `<publisher>.<name>#<id>`,
 * read from the extension's own package.json (so a renamed publisher or fork still opens its own walkthrough).
 * Undefined when `packageJSON` lacks a string `publisher` or `name`.
 */
export function walkthroughRef(packageJSON: unknown, walkthroughId: string = WALKTHROUGH_ID): string | undefined {
  const manifest = (typeof packageJSON === 'object' && packageJSON !== null ? packageJSON : {}) as { publisher?: unknown; name?: unknown };
  if (typeof manifest.publisher !== 'string' || !manifest.publisher || typeof manifest.name !== 'string' || !manifest.name) return undefined;
  return `${manifest.publisher}.${manifest.name}#${walkthroughId}`;
}

/**
 * Calls `open` on the first activation in a profile and never again: resolves true when it called `open`, false
 * when `state` already records it. The record is written before `open` runs, so an `open` that rejects (its
 * rejection is passed on) or a window closed meanwhile does not bring the walkthrough back at every activation.
 * With `enabled` false (the user turned VS Code's `workbench.welcomePage.walkthroughs.openOnInstall` off) it records
 * the first run without opening, so turning that setting on later does not open the walkthrough long after install.
 */
export async function openWalkthroughOnce(state: FlagState, open: () => PromiseLike<unknown>, enabled = true): Promise<boolean> {
  if (state.get(WALKTHROUGH_SHOWN_KEY) === true) return false;
  // VS Code's Memento records the value at once and saves it later; `open` is asked for in this same turn, during
  // activation, so VS Code opens the walkthrough before it runs the command that activated LitDigest: a picker that
  // command opens is not then closed by the walkthrough (a UI test types into one at once).
  const recorded = state.update(WALKTHROUGH_SHOWN_KEY, true);
  if (!enabled) {
    await recorded;
    return false;
  }
  const opened = open();
  await recorded;
  await opened;
  return true;
}
