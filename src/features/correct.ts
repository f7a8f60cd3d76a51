/** Correct Hardware and Claims… (its choices load on first use from src/lazy/correct.ts): a reviewer removes or adds a paper's hardware targets and claims, stored in their review file, undoable like a decision. */
import * as vscode from 'vscode';
import type { CorrectionAction } from '../core/corrections';
import { Commands } from '../commands';
import { pickPapers } from '../pick';
import type { ReviewStore, WriteResult } from '../reviewStore';
import type { DigestStore } from '../store';

/** The command's first argument: a key, or a tree node with a paper. */
type Target = string | { paper?: { key: string } } | undefined;

/**
 * Registers `litdigest.correct`: arguments are a key or tree node (else a paper is picked) and,
 * optionally, the correction (`CorrectionAction`; else it is picked). Resolves to what the write
 * did, or undefined when cancelled; failures are shown, never thrown.
 */
export function registerCorrect(context: vscode.ExtensionContext, store: DigestStore, reviews: ReviewStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.correct, async (arg?: Target, given?: CorrectionAction): Promise<WriteResult | undefined> => {
      const { chooseCorrection, actionProblem, describeAction } = await import('../lazy/correct');
      await store.whenReady();
      const key = typeof arg === 'string' ? arg : arg?.paper?.key;
      const paper = key ? store.paper(key) : (await pickPapers(store, 'Correct the hardware and claims of…', false))?.[0];
      if (!paper) {
        if (key) void vscode.window.showErrorMessage(`LitDigest has no paper with the key ${key}. Run LitDigest: Refresh, or search for the paper.`);
        return undefined;
      }
      let action = given;
      if (!action) {
        action = await chooseCorrection(paper, reviews.corrections.get(paper.key), store.library.knowledge.catalog);
        if (!action) return undefined;
      }
      const problem = actionProblem(paper, action);
      if (problem) {
        void vscode.window.showErrorMessage(`LitDigest cannot correct ${paper.key}: ${problem}`);
        return { ok: false, message: problem, problems: [] };
      }
      const result = await reviews.correct(paper.key, action);
      if (!result.ok) {
        void vscode.window.showErrorMessage(result.message, ...(result.problems.length ? ['Show Problems'] : [])).then((choice) => {
          if (choice) store.output.show(true);
        });
        return result;
      }
      vscode.window.setStatusBarMessage(`LitDigest: ${paper.key}: ${describeAction(action)} (in ${reviews.reviewer}'s review file)`, 4000);
      return result;
    }),
  );
}
