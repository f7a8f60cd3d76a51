/** As-you-type warnings for unknown citation keys, a quick fix for keys missing from the bibliography, and repeated keys in a .bib. */
import * as vscode from 'vscode';
import { documentKeys, label } from '../bibliography';
import { citationGroupAt, findCitedKeys, languageFamily, resolvesKeys } from '../core/languages';
import { bibliographyKeys } from '../core/bibtex';
import { Commands } from '../commands';
import type { DigestStore } from '../store';
import { CITING_SELECTOR } from './documents';

const DELAY_MS = 250;
const MISSING = 'litdigest.missingFromBibliography';
const UNKNOWN = 'litdigest.unknownKey';
const DUPLICATE = 'litdigest.duplicateKey';

const isBibliography = (document: vscode.TextDocument) => /\.bib$/i.test(document.uri.path);

/** A warning on every repeated key of a BibTeX document, naming the line of the first (bibtex rejects both kinds). */
async function duplicateKeys(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  const { duplicates } = await bibliographyKeys(document.getText());
  return duplicates.map((d) => {
    const line = document.lineAt(Math.min(d.line, document.lineCount) - 1);
    const message = d.caseOnly
      ? `The key ${d.key} differs only in case from ${d.first.key} on line ${d.first.line}: bibtex takes them for the same key.`
      : `The key ${d.key} is already used on line ${d.first.line}.`;
    const diagnostic = new vscode.Diagnostic(line.range, message, vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'LitDigest';
    diagnostic.code = DUPLICATE;
    const first = document.lineAt(Math.min(d.first.line, document.lineCount) - 1).range;
    diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, first), `first ${d.first.key}`)];
    return diagnostic;
  });
}

export function registerDiagnostics(context: vscode.ExtensionContext, store: DigestStore): void {
  const collection = vscode.languages.createDiagnosticCollection('litdigest');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const check = async (document: vscode.TextDocument) => {
    if (isBibliography(document)) return collection.set(document.uri, await duplicateKeys(document));
    if (!resolvesKeys(document.languageId)) return;
    const version = document.version;
    const text = document.getText();
    // In Markdown only keys inside [...] groups are citations; "@name" in prose is often a handle.
    const cited = findCitedKeys(text, document.languageId).filter(
      (k) => languageFamily(document.languageId) === 'latex' || citationGroupAt(document.lineAt(k.line).text, k.start, document.languageId),
    );
    const bibKeys = await keysOfBibliographies(document);
    if (document.version !== version) return;
    const diagnostics: vscode.Diagnostic[] = [];
    for (const k of cited) {
      const range = new vscode.Range(k.line, k.start, k.line, k.end);
      if (!store.paper(k.key)) {
        if (bibKeys?.keys.has(k.key)) continue;
        const d = new vscode.Diagnostic(
          range,
          `Unknown citation key ${k.key}: it is not in the LitDigest library${bibKeys ? ` nor in ${bibKeys.file}` : ''}.`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'LitDigest';
        d.code = UNKNOWN;
        diagnostics.push(d);
      } else if (bibKeys && !bibKeys.keys.has(k.key)) {
        const d = new vscode.Diagnostic(range, `${k.key} is missing from ${bibKeys.file}.`, vscode.DiagnosticSeverity.Information);
        d.source = 'LitDigest';
        d.code = MISSING;
        diagnostics.push(d);
      }
    }
    collection.set(document.uri, diagnostics);
  };
  const schedule = (document: vscode.TextDocument) => {
    const id = document.uri.toString();
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        void check(document).catch((e) => store.log(`diagnostics failed: ${e instanceof Error ? e.message : String(e)}`));
      }, DELAY_MS),
    );
  };
  const checkAll = () => vscode.workspace.textDocuments.forEach(schedule);

  context.subscriptions.push(
    collection,
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    // A bibliography saved, written by the quick fix or changed outside VS Code may now hold the missing keys.
    vscode.workspace.onDidSaveTextDocument((d) => (d.fileName.endsWith('.bib') ? checkAll() : undefined)),
    ...watchBibliographies(checkAll),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    store.onDidChange(checkAll),
    vscode.languages.registerCodeActionsProvider(
      CITING_SELECTOR,
      {
        provideCodeActions(document, _range, ctx) {
          return ctx.diagnostics
            .filter((d) => d.code === MISSING)
            .map((d) => {
              const key = document.getText(d.range);
              const action = new vscode.CodeAction(`Add ${key} to the bibliography`, vscode.CodeActionKind.QuickFix);
              action.diagnostics = [d];
              action.command = { command: Commands.addToBibliography, title: action.title, arguments: [document.uri, key] };
              return action;
            });
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
  checkAll();
}

/**
 * The keys of every bibliography the document uses (an open editor's text wins over the disk) and the file a missing
 * entry would go to (the first named), or null when the document has none and the fallback setting's file does not exist.
 */
async function keysOfBibliographies(document: vscode.TextDocument): Promise<{ file: string; keys: Set<string> } | null> {
  const { held, keys } = await documentKeys(document);
  if (!held.length || (held[0].file.from === 'setting' && !held[0].exists)) return null;
  return { file: label(held[0].file.uri), keys: new Set(keys.keys()) };
}

function watchBibliographies(onChange: () => void): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.bib');
  return [watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange)];
}
