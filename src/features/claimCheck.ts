/** The claim check while writing: a number beside a citation that the paper states gets a hover with its sentence; one it does not gets an Information diagnostic and quick fixes. */
import * as vscode from 'vscode';
import type { ClaimFinding } from '../core/claimCheck';
import { citationStyleFor, resolvesKeys } from '../core/languages';
import { Commands } from '../commands';
import { readConfig } from '../config';
import type { DigestStore } from '../store';
import { CITING_SELECTOR } from './documents';

/** Longer than the key diagnostics' 250 ms: the check reads every citing sentence, and a writer mid-number is not done. */
const DELAY_MS = 400;
const UNSTATED = 'litdigest.claimNotStated';
/** workspaceState: document URI → the sentences (see `sentenceId`) the user chose to ignore. */
const IGNORED = 'litdigest.claimCheck.ignored';

/**
 * Registers the claim check: its diagnostics (Information, code `litdigest.claimNotStated`), the hover on stated numbers,
 * the quick fixes and their two commands. Every citing language that resolves keys is checked, saved or untitled.
 */
export function registerClaimCheck(context: vscode.ExtensionContext, store: DigestStore): void {
  const collection = vscode.languages.createDiagnosticCollection('litdigest.claims');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  // The last check of each document, for hovers and quick fixes: they read it instead of checking again.
  const results = new Map<string, { version: number; findings: ClaimFinding[] }>();
  // The checker is loaded on the first document that needs checking (dist/claimCheck.js in the extension).
  let checker: typeof import('../lazy/claimCheck') | undefined;
  const loadChecker = async () => (checker ??= await import('../lazy/claimCheck'));
  const ignoredIn = (uri: vscode.Uri) => new Set(context.workspaceState.get<Record<string, string[]>>(IGNORED, {})[uri.toString()] ?? []);

  // Before the checker is loaded there is nothing to show: its first check sets the diagnostics.
  const findingsOf = (document: vscode.TextDocument): ClaimFinding[] => {
    if (!checker) return [];
    const { checkClaims } = checker;
    const id = document.uri.toString();
    const cached = results.get(id);
    if (cached?.version === document.version) return cached.findings;
    const ignored = ignoredIn(document.uri);
    const style = citationStyleFor(document.languageId, readConfig(document.uri).config.citationStyles);
    const findings = store.loaded
      ? checkClaims(document.getText(), document.languageId, (key) => store.paper(key), { style, ignored: (s) => ignored.has(s) })
      : [];
    results.set(id, { version: document.version, findings });
    return findings;
  };

  const check = (document: vscode.TextDocument) => {
    if (!resolvesKeys(document.languageId) || /\.bib$/i.test(document.uri.path)) return;
    const diagnostics = findingsOf(document).flatMap((f) => {
      if (f.kind !== 'unstated') return [];
      const range = new vscode.Range(document.positionAt(f.quantity.start), document.positionAt(f.quantity.end));
      const d = new vscode.Diagnostic(range, f.message, vscode.DiagnosticSeverity.Information);
      d.source = 'LitDigest';
      d.code = UNSTATED;
      return [d];
    });
    collection.set(document.uri, diagnostics);
  };
  // What the last check of each document cost: a long draft is checked less eagerly, so that while the writer types
  // the check never takes more than a tenth of the extension host's time.
  const costs = new Map<string, number>();
  const schedule = (document: vscode.TextDocument) => {
    if (!resolvesKeys(document.languageId) || /\.bib$/i.test(document.uri.path)) return;
    const id = document.uri.toString();
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(
        async () => {
          timers.delete(id);
          try {
            await loadChecker();
            const start = performance.now();
            check(document);
            costs.set(id, performance.now() - start);
          } catch (e) {
            store.log(`claim check failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        },
        Math.max(DELAY_MS, 10 * (costs.get(id) ?? 0)),
      ),
    );
  };
  const checkAll = () => {
    results.clear();
    vscode.workspace.textDocuments.forEach(schedule);
  };

  context.subscriptions.push(
    collection,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      collection.delete(d.uri);
      results.delete(d.uri.toString());
      costs.delete(d.uri.toString());
    }),
    store.onDidChange(checkAll),
    vscode.languages.registerHoverProvider(CITING_SELECTOR, {
      async provideHover(document, position) {
        if (!resolvesKeys(document.languageId)) return undefined;
        await loadChecker();
        const offset = document.offsetAt(position);
        const hit = findingsOf(document).find((f) => f.kind === 'stated' && f.quantity.start <= offset && offset <= f.quantity.end);
        if (!hit || hit.kind !== 'stated') return undefined;
        // Untrusted Markdown built with appendText: the paper's sentence is digest text.
        const md = new vscode.MarkdownString(undefined, false);
        md.isTrusted = false;
        md.appendText(`${hit.quantity.text} is in ${hit.key}'s abstract:\n\n“${hit.paperSentence}”`);
        return new vscode.Hover(md, new vscode.Range(document.positionAt(hit.quantity.start), document.positionAt(hit.quantity.end)));
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      CITING_SELECTOR,
      {
        provideCodeActions(document, _range, ctx) {
          // The quick fixes answer the diagnostics, which exist only once the checker has run.
          const findings = findingsOf(document);
          return ctx.diagnostics
            .filter((d) => d.code === UNSTATED)
            .flatMap((d) => {
              const start = document.offsetAt(d.range.start);
              const f = findings.find((x) => x.kind === 'unstated' && x.quantity.start === start);
              if (!f || f.kind !== 'unstated') return [];
              const actions: vscode.CodeAction[] = [];
              if (f.claimIndex !== null) {
                const use = new vscode.CodeAction("Use the paper's words", vscode.CodeActionKind.QuickFix);
                use.diagnostics = [d];
                use.isPreferred = true;
                use.command = {
                  command: Commands.useClaimWords,
                  title: use.title,
                  arguments: [document.uri, f.sentence.start, f.sentence.end, f.key, f.claimIndex, f.sentence.text],
                };
                actions.push(use);
              }
              const ignore = new vscode.CodeAction('Ignore', vscode.CodeActionKind.QuickFix);
              ignore.diagnostics = [d];
              ignore.command = { command: Commands.ignoreClaimCheck, title: ignore.title, arguments: [document.uri, f.sentence.text] };
              actions.push(ignore);
              return actions;
            });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.commands.registerCommand(
      Commands.useClaimWords,
      async (uri: vscode.Uri, start: number, end: number, key: string, claimIndex: number, sentence?: string) => {
        const document = await vscode.workspace.openTextDocument(uri);
        // The sentence may have moved or changed since the diagnostic was made: never replace other text.
        if (sentence !== undefined && document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end))) !== sentence) {
          void vscode.window.showWarningMessage('The sentence changed since it was checked; LitDigest left it as it is. Try the quick fix again.');
          return;
        }
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
        // Insert Claim writes the claim as the template says, and completes the bibliography: one code path for both.
        return vscode.commands.executeCommand(Commands.insertClaim, key, claimIndex);
      },
    ),
    vscode.commands.registerCommand(Commands.ignoreClaimCheck, async (uri: vscode.Uri, sentence: string) => {
      const { sentenceId } = await loadChecker();
      const all = context.workspaceState.get<Record<string, string[]>>(IGNORED, {});
      const id = uri.toString();
      await context.workspaceState.update(IGNORED, { ...all, [id]: [...new Set([...(all[id] ?? []), sentenceId(sentence)])] });
      results.delete(id);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === id);
      if (document) check(document);
    }),
  );
  checkAll();
}
