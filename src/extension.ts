/** Extension entry point: settings → DigestStore → each feature → first load. */
import * as vscode from 'vscode';
import { registerCompare } from './features/compare';
import { registerClaimCheck } from './features/claimCheck';
import { registerCompletion } from './features/completion';
import { registerCorrect } from './features/correct';
import { registerDetails } from './features/details';
import { registerDiagnostics } from './features/diagnostics';
import { registerDocumentLibrary } from './features/documentLibrary';
import { registerEvidence } from './features/evidence';
import { registerHover } from './features/hover';
import { registerInsert } from './features/insert';
import { registerPreview } from './features/preview';
import { registerReferences } from './features/references';
import { registerScreen } from './features/screen';
import { registerScreeningSummary } from './features/screeningSummary';
import { registerSearch } from './features/search';
import { registerStatus } from './features/status';
import { registerTree } from './features/tree';
import { registerUncited } from './features/uncited';
import { registerWalkthrough } from './features/walkthrough';
import { Commands } from './commands';
import { initReferences } from './csl';
import { openReviews } from './reviews';
import { DigestStore } from './store';

export function activate(context: vscode.ExtensionContext) {
  const activatedAt = performance.now();
  const store = new DigestStore(context.extensionUri, context.globalStorageUri, String(context.extension.packageJSON.version ?? '0'));
  context.subscriptions.push(store);
  initReferences(context.extensionUri);
  const reviews = openReviews(context, store);
  store.decisionOf = (key) => reviews.decision(key);
  // Corrections live in the review files; the library shows them wherever it is viewed.
  context.subscriptions.push(reviews.onDidChange(() => store.setCorrections(reviews.corrections)));
  const tree = registerTree(context, store, reviews);
  const screening = registerScreen(context, store, reviews, tree);
  const details = registerDetails(context, store, reviews);
  registerCorrect(context, store, reviews);
  const summary = registerScreeningSummary(context, store, reviews);
  const bibliographies = registerInsert(context, store);
  const compare = registerCompare(context, store);
  const uncited = registerUncited(context, store, tree);
  registerEvidence(context, store, bibliographies, tree);
  for (const register of [
    registerSearch,
    registerCompletion,
    registerHover,
    registerDiagnostics,
    registerClaimCheck,
    registerStatus,
    registerDocumentLibrary,
    registerReferences,
  ]) {
    register(context, store);
  }
  context.subscriptions.push(vscode.commands.registerCommand(Commands.refresh, () => store.load()));
  const walkthrough = registerWalkthrough(context, store);
  const { extendMarkdownIt } = registerPreview(context, store);
  void store.load(); // reports its own problems; never throws into activate
  // extendMarkdownIt is VS Code's Markdown preview hook (markdown.markdownItPlugins); the rest is read by tests and bench:vscode.
  return { store, tree, bibliographies, activatedAt, reviews, screening, summary, walkthrough, compare, uncited, details, extendMarkdownIt };
}

export function deactivate() {}
