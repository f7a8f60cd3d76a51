/** Screening: the Screen Papers flow (single keys i/e/m/n/p/u), the decide, tag, note and undo commands, and resolving conflicts (registered here; src/lazy/screen.ts loaded on first use). */
import * as vscode from 'vscode';
import { Commands } from '../commands';
import { pickPapers } from '../pick';
import type { ReviewStore } from '../reviewStore';
import type { DigestStore } from '../store';

/** What screening needs from the tree: the keys it shows now (its filter applied), in its order. */
export interface ScreeningSource {
  shownKeys(): string[];
}

/** The screening flow's state, for the tests: the set being screened and where it is. */
export interface ScreeningState {
  readonly active: boolean;
  readonly queue: readonly string[];
  readonly current: string | undefined;
}

/** The screening commands, each implemented by the chunk's handler of the same name. */
const COMMANDS = [
  'screenPapers',
  'stopScreening',
  'include',
  'exclude',
  'maybe',
  'clearDecision',
  'nextPaper',
  'previousPaper',
  'undoDecision',
  'editTags',
  'editNote',
  'resolveConflict',
] as const satisfies readonly (keyof typeof Commands)[];

/**
 * Registers the screening commands. Each decide command takes a key, keys, a tree node or the
 * tree's multi-selection; with none it acts on the paper being screened, else asks for papers.
 * Returns the flow's state for the tests (not screening until the first screening command loads the flow).
 */
export function registerScreen(context: vscode.ExtensionContext, store: DigestStore, reviews: ReviewStore, tree: ScreeningSource): ScreeningState {
  let flow: ReturnType<typeof import('../lazy/screen').screeningCommands> | undefined;
  // The chunk gets this bundle's stores and picker rather than bundling its own copies.
  const load = async () => (flow ??= (await import('../lazy/screen')).screeningCommands({ store, reviews, tree, pickPapers }));
  context.subscriptions.push(
    { dispose: () => flow?.screening.dispose() },
    reviews.onDidChange(() => flow?.screening.update()),
    ...COMMANDS.map((name) =>
      vscode.commands.registerCommand(Commands[name], async (...args: unknown[]) => ((await load()).handlers[name] as (...a: unknown[]) => unknown)(...args)),
    ),
  );
  return {
    get active() {
      return flow?.screening.active ?? false;
    },
    get queue() {
      return flow?.screening.queue ?? [];
    },
    get current() {
      return flow?.screening.current;
    },
  };
}
