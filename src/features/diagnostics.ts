/** As-you-type warnings for unknown citation keys, and a quick fix for keys missing from the bibliography. */
import * as vscode from 'vscode';
import { bibliographyPaths, bibtexKeys } from '../core/bibliography';
import { citationGroupAt, findCitedKeys } from '../core/cite';
import { decodeText, detectEncoding } from '../core/decode';
import { Commands } from '../commands';
import type { DigestStore } from '../store';
import { CITING_LANGUAGES, CITING_SELECTOR } from './documents';

const DELAY_MS = 250;
const MISSING = 'litdigest.missingFromBibliography';
const UNKNOWN = 'litdigest.unknownKey';

export function registerDiagnostics(context: vscode.ExtensionContext, store: DigestStore): void {
  const collection = vscode.languages.createDiagnosticCollection('litdigest');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const check = async (document: vscode.TextDocument) => {
    if (!CITING_LANGUAGES.includes(document.languageId)) return;
    const version = document.version;
    const text = document.getText();
    // In Markdown only keys inside [...] groups are citations; "@name" in prose is often a handle.
    const cited = findCitedKeys(text, document.languageId).filter(
      (k) => document.languageId === 'latex' || document.languageId === 'tex' || citationGroupAt(document.lineAt(k.line).text, k.start, document.languageId),
    );
    const bibKeys = await bibliographyKeys(document, store);
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

/** The keys of the document's bibliography (an open editor's text wins over the disk), or null when it has none readable. */
async function bibliographyKeys(document: vscode.TextDocument, store: DigestStore): Promise<{ file: string; keys: Set<string> } | null> {
  const [named] = bibliographyPaths(document.getText(), document.languageId);
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const uri = named
    ? document.uri.scheme === 'file'
      ? vscode.Uri.joinPath(document.uri, '..', named)
      : undefined
    : folder && vscode.Uri.joinPath(folder.uri, store.config.bibliographyFile);
  if (!uri) return null;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  try {
    const text = open ? open.getText() : await vscode.workspace.fs.readFile(uri).then((bytes) => decodeText(bytes, detectEncoding(bytes)));
    return { file: vscode.workspace.asRelativePath(uri), keys: await bibtexKeys(text) };
  } catch {
    return named ? { file: vscode.workspace.asRelativePath(uri), keys: new Set() } : null;
  }
}

function watchBibliographies(onChange: () => void): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.bib');
  return [watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange)];
}
