/** The Getting Started walkthrough: opens it once after installation, and opens the Markdown draft its Cite step offers. */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import { WALKTHROUGH_SHOWN_KEY, openWalkthroughOnce, walkthroughRef } from '../core/walkthrough';
import type { DigestStore } from '../store';

/** What the first-run check of one activation did; activate() returns it for the extension-host tests. */
export interface WalkthroughFirstRun {
  /** The `workbench.action.openWalkthrough` argument used, `<publisher>.<name>#<walkthrough id>`; undefined if unknown. */
  ref: string | undefined;
  /** True when this activation opened the walkthrough (only the first activation in a profile does). */
  opened: boolean;
  /** True when `globalState` records that the walkthrough was shown, so no later activation opens it. */
  shown: boolean;
}

const SENTENCE = 'Speculative decoding lowers the latency of large language models ';
/** The draft's text; the cursor goes after its sentence, where Insert Citation then writes. */
const DRAFT = `# Draft\n\n${SENTENCE}\n`;

/**
 * Registers `litdigest.openDraft` and opens the walkthrough if this is the profile's first activation (and VS Code's
 * `workbench.welcomePage.walkthroughs.openOnInstall` is on). The returned promise never rejects: a failure is logged.
 */
export function registerWalkthrough(context: vscode.ExtensionContext, store: DigestStore): Promise<WalkthroughFirstRun> {
  context.subscriptions.push(vscode.commands.registerCommand(Commands.openDraft, () => openDraft()));
  const ref = walkthroughRef(context.extension.packageJSON);
  const shown = () => context.globalState.get(WALKTHROUGH_SHOWN_KEY) === true;
  if (!ref) {
    store.log('the Getting Started walkthrough cannot open: package.json lacks publisher or name');
    return Promise.resolve({ ref, opened: false, shown: shown() });
  }
  // VS Code opens an extension's walkthrough on install unless the user turned that off; follow the same choice.
  const enabled = vscode.workspace.getConfiguration('workbench').get<boolean>('welcomePage.walkthroughs.openOnInstall', true);
  // inactive: as VS Code does on install, open it as a background tab when an editor is open, so activation by opening
  // a document (onLanguage) never takes that document (or the keyboard) away; in an empty editor area it shows.
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', ref, { inactive: true });
  return openWalkthroughOnce(context.globalState, open, enabled).then(
    (opened) => ({ ref, opened, shown: shown() }),
    (e: unknown) => {
      store.log(`the Getting Started walkthrough did not open: ${e instanceof Error ? e.message : String(e)}`);
      return { ref, opened: false, shown: shown() };
    },
  );
}

/**
 * Opens an untitled Markdown draft with the cursor after its sentence: in the active editor group, unless that group
 * shows something other than a text editor (the walkthrough itself), which the draft then opens beside. The walkthrough's
 * button runs it as `command:toSide:`, so VS Code usually splits the editor area and activates the empty half first.
 */
async function openDraft(): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: DRAFT });
    const active = vscode.window.tabGroups.activeTabGroup.activeTab;
    // Clicking the button can leave the walkthrough's group active; the draft must not cover the steps it explains.
    const besideWalkthrough = active !== undefined && !(active.input instanceof vscode.TabInputText);
    const viewColumn = besideWalkthrough ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const editor = await vscode.window.showTextDocument(document, { viewColumn });
    const end = document.positionAt(DRAFT.indexOf(SENTENCE) + SENTENCE.length);
    editor.selection = new vscode.Selection(end, end);
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Open Draft: could not open a new Markdown document (${e instanceof Error ? e.message : String(e)}). Use File > New File instead.`,
    );
  }
}
