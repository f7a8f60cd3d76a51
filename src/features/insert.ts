/** Citing: insert citations and claims at every cursor, keep the document's bibliography complete, copy and export BibTeX. */
import * as vscode from 'vscode';
import { appendition, bibliographyPaths, bibtexKeys } from '../core/bibliography';
import { formatBibtex } from '../core/bibtex';
import { citationGroupAt, citationStyleFor, findCitedKeys, renderCitation, renderClaim, toCslJson } from '../core/cite';
import { decodeText, detectEncoding, encodeText } from '../core/decode';
import type { Paper } from '../core/model';
import { Commands } from '../commands';
import { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/** What a tree item, a webview button or a caller passes: a key, keys, or a tree node holding a paper. */
type PaperArg = string | string[] | { paper?: Paper; index?: number } | undefined;

/** Keys named by a command argument, or undefined when the command should ask. */
function keysOf(arg: PaperArg): string[] | undefined {
  if (typeof arg === 'string') return [arg];
  if (Array.isArray(arg)) {
    const keys = arg.filter((k): k is string => typeof k === 'string');
    return keys.length ? keys : undefined;
  }
  if (arg && typeof arg === 'object' && arg.paper) return [arg.paper.key];
  return undefined;
}

export function registerInsert(context: vscode.ExtensionContext, store: DigestStore): void {
  // Commands run from the webview or the tree leave no active text editor: cite into the last one used.
  let lastEditor = vscode.window.activeTextEditor;
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) lastEditor = e;
    }),
    vscode.commands.registerCommand(Commands.insertCitation, async (arg?: PaperArg) => {
      const editor = await writableEditor(vscode.window.activeTextEditor ?? visible(lastEditor), 'Insert Citation');
      if (!editor) return;
      const papers = await papersFor(store, keysOf(arg), 'Insert citation of…', true);
      if (papers?.length) await insert(store, editor, papers, (doc, selection) => citationEdit(doc, selection, papers, store));
    }),
    vscode.commands.registerCommand(Commands.insertClaim, async (arg?: PaperArg, claimIndex?: number) => {
      const editor = await writableEditor(vscode.window.activeTextEditor ?? visible(lastEditor), 'Insert Claim');
      if (!editor) return;
      const index = typeof arg === 'object' && arg && !Array.isArray(arg) && typeof arg.index === 'number' ? arg.index : claimIndex;
      const [paper] = (await papersFor(store, keysOf(arg), 'Insert a claim of…', false)) ?? [];
      if (!paper) return;
      const claim = await pickClaim(paper, index);
      if (claim === undefined) return;
      const style = citationStyleFor(editor.document.languageId, store.config.citationStyles);
      const text = renderClaim(claim, paper, style, store.config.claimTemplate);
      await insert(store, editor, [paper], (_doc, selection) => vscode.TextEdit.replace(selection, text));
    }),
    vscode.commands.registerCommand(Commands.copyBibtex, async (arg?: PaperArg) => {
      const papers = await papersFor(store, keysOf(arg), 'Copy BibTeX of…', true);
      if (!papers) return;
      await vscode.env.clipboard.writeText(papers.map(formatBibtex).join('\n'));
      void vscode.window.showInformationMessage(`Copied BibTeX for ${papers.map((p) => p.key).join(', ')}.`);
    }),
    vscode.commands.registerCommand(Commands.exportBibliography, () => exportBibliography(store)),
    vscode.commands.registerCommand(Commands.addToBibliography, async (uri?: vscode.Uri | string, key?: string) => {
      const paper = key ? store.paper(key) : undefined;
      if (!uri || !paper) return;
      const document = await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
      const edit = new vscode.WorkspaceEdit();
      const outcome = await addToBibliography(bibliographyUri(document, store), [paper], edit);
      if (edit.size) await vscode.workspace.applyEdit(edit);
      announce(outcome);
    }),
  );
}

function visible(editor: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  return editor && vscode.window.visibleTextEditors.includes(editor) ? editor : undefined;
}

async function papersFor(store: DigestStore, keys: string[] | undefined, title: string, many: boolean): Promise<Paper[] | undefined> {
  if (!keys) return pickPapers(store, title, many);
  await store.whenReady();
  const papers = keys.map((k) => store.paper(k)).filter((p): p is Paper => p !== undefined);
  if (papers.length < keys.length) {
    void vscode.window.showErrorMessage(
      `LitDigest has no paper with the key ${keys.filter((k) => !store.paper(k)).join(', ')}. Run LitDigest: Refresh, or search for the paper.`,
    );
    return undefined;
  }
  return papers;
}

async function pickClaim(paper: Paper, index: number | undefined): Promise<string | undefined> {
  if (!paper.claims.length) {
    void vscode.window.showInformationMessage(`"${paper.title}" states no quantitative claim in its abstract: insert a citation instead.`);
    return undefined;
  }
  if (index !== undefined) return paper.claims[index]?.text;
  const picked = await vscode.window.showQuickPick(
    paper.claims.map((c) => ({ label: `${c.metric} ${c.value}`, detail: c.text, text: c.text })),
    { title: `Insert a claim of ${paper.key}`, matchOnDetail: true },
  );
  return picked?.text;
}

/** The active editor if its document can be edited; otherwise says why and returns undefined. */
async function writableEditor(editor: vscode.TextEditor | undefined, action: string): Promise<vscode.TextEditor | undefined> {
  if (!editor) {
    void vscode.window.showErrorMessage(
      `${action}: open a Markdown or LaTeX document and put the cursor where the text goes, then run LitDigest: ${action} again.`,
    );
    return undefined;
  }
  if (await isReadOnly(editor.document.uri)) {
    void vscode.window.showErrorMessage(`${action}: ${vscode.workspace.asRelativePath(editor.document.uri)} is read-only, so nothing was inserted.`);
    return undefined;
  }
  return editor;
}

async function isReadOnly(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme === 'untitled') return false;
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) return true;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return ((stat.permissions ?? 0) & vscode.FilePermission.Readonly) !== 0;
  } catch {
    return false;
  }
}

/** At a cursor inside `\cite{…}` or `[@…]` the keys join that group; elsewhere a new citation replaces the selection. */
function citationEdit(doc: vscode.TextDocument, selection: vscode.Selection, papers: Paper[], store: DigestStore): vscode.TextEdit {
  const keys = papers.map((p) => p.key);
  if (selection.isEmpty) {
    const line = doc.lineAt(selection.active.line).text;
    const group = citationGroupAt(line, selection.active.character, doc.languageId);
    if (group) {
      const text = keys
        .filter((k) => !group.keys.includes(k))
        .map((k) => `${group.keys.length ? group.separator : ''}${group.keyPrefix}${k}`)
        .join('');
      return vscode.TextEdit.insert(new vscode.Position(selection.active.line, group.insertAt), text);
    }
  }
  return vscode.TextEdit.replace(selection, renderCitation(keys, citationStyleFor(doc.languageId, store.config.citationStyles)));
}

/** What happened to the bibliography, for the message after an insertion. */
interface BibliographyOutcome {
  file?: string;
  added: string[];
  unsaved?: boolean;
  error?: string;
}

/**
 * Inserts at every selection as one edit (one undo), then completes the bibliography. A bibliography
 * open with unsaved changes is edited in the same WorkspaceEdit; one on disk is written only after
 * the document accepted the insertion, so a read-only or refused document leaves every file as it was.
 * If the document changed while the edits were computed, they are computed again.
 */
async function insert(
  store: DigestStore,
  editor: vscode.TextEditor,
  papers: Paper[],
  editAt: (doc: vscode.TextDocument, s: vscode.Selection) => vscode.TextEdit,
): Promise<void> {
  const doc = editor.document;
  // Before editing: an insertion at the very top could otherwise hide the front matter that names it.
  const bibliography = bibliographyUri(doc, store);
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = doc.version;
    const edit = new vscode.WorkspaceEdit();
    const unsavedBibliography = await addToOpenBibliography(bibliography, papers, edit);
    const selections = [...editor.selections].sort((a, b) => a.start.compareTo(b.start));
    const textEdits = selections.map((s) => editAt(doc, s));
    if (doc.version !== version) continue;
    edit.set(doc.uri, textEdits);
    if (!(await vscode.workspace.applyEdit(edit))) {
      if (doc.version !== version) continue;
      void vscode.window.showErrorMessage(
        `LitDigest could not insert into ${vscode.workspace.asRelativePath(doc.uri)} (it may be read-only); nothing was changed.`,
      );
      return;
    }
    announce(unsavedBibliography ?? (await addToBibliography(bibliography, papers, new vscode.WorkspaceEdit())));
    return;
  }
  void vscode.window.showErrorMessage(
    `LitDigest could not insert into ${vscode.workspace.asRelativePath(doc.uri)}: it kept changing. Nothing was changed; try again.`,
  );
}

/** When the bibliography is open with unsaved changes, adds the entries to `edit` and says so; otherwise null. */
async function addToOpenBibliography(uri: vscode.Uri | undefined, papers: Paper[], edit: vscode.WorkspaceEdit): Promise<BibliographyOutcome | null> {
  const open = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return open?.isDirty ? addToBibliography(uri, papers, edit) : null;
}

function announce(outcome: BibliographyOutcome): void {
  if (outcome.error) void vscode.window.showErrorMessage(outcome.error);
  else if (outcome.unsaved && outcome.added.length) {
    void vscode.window.showWarningMessage(
      `${outcome.file} has unsaved changes, so LitDigest added ${outcome.added.join(', ')} in its editor: save it so your build sees the entries.`,
    );
  }
}

/** The bibliography a document cites: the first file its text names, else the setting, beside the workspace folder. */
function bibliographyUri(doc: vscode.TextDocument, store: DigestStore): vscode.Uri | undefined {
  const [named] = bibliographyPaths(doc.getText(), doc.languageId);
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri) ?? vscode.workspace.workspaceFolders?.[0];
  const isAbsolute = (p: string) => /^([a-zA-Z]:)?[\\/]/.test(p);
  if (named) {
    if (isAbsolute(named)) return vscode.Uri.file(named);
    if (doc.uri.scheme === 'untitled') return folder && vscode.Uri.joinPath(folder.uri, named);
    return vscode.Uri.joinPath(doc.uri, '..', named);
  }
  const setting = store.config.bibliographyFile;
  if (isAbsolute(setting)) return vscode.Uri.file(setting);
  return folder && vscode.Uri.joinPath(folder.uri, setting);
}

/**
 * Adds the papers missing from the document's bibliography. A file open with unsaved changes gets
 * them through `edit` (never saved for the user); otherwise they are written to disk at once,
 * atomically, so a build started right after sees them.
 */
async function addToBibliography(uri: vscode.Uri | undefined, papers: Paper[], edit: vscode.WorkspaceEdit): Promise<BibliographyOutcome> {
  if (!uri)
    return {
      added: [],
      error:
        'LitDigest found no bibliography for this document: name one in its front matter or \\addbibresource, or open a workspace folder for litdigest.bibliographyFile.',
    };
  const file = vscode.workspace.asRelativePath(uri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) {
    const text = open.getText();
    const missing = await bibtexKeys(text).then((keys) => papers.filter((p) => !keys.has(p.key)));
    if (missing.length) edit.insert(uri, open.lineAt(open.lineCount - 1).range.end, appendition(text, missing.map(formatBibtex)));
    return { file, added: missing.map((p) => p.key), unsaved: true };
  }
  try {
    const added = await appendToFile(uri, papers);
    return { file, added };
  } catch (e) {
    return {
      file,
      added: [],
      error: `LitDigest could not add to ${file}: ${e instanceof Error ? e.message : String(e)}. The citation is in the document; fix the file, then use the quick fix on the key to add its entry.`,
    };
  }
}

/**
 * Appends the missing entries of `papers` to a BibTeX file: write a temporary file beside it, check
 * the file did not change since it was read, then rename over it. Keeps encoding, BOM and line
 * endings; never duplicates an entry; creates the file when missing. Returns the keys added.
 */
async function appendToFile(uri: vscode.Uri, papers: Paper[]): Promise<string[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    let bytes: Uint8Array | null = null;
    let before: vscode.FileStat | null = null;
    try {
      before = await vscode.workspace.fs.stat(uri);
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
    }
    const encoding = bytes ? detectEncoding(bytes) : 'utf-8';
    const text = bytes ? decodeText(bytes, encoding) : '';
    const keys = await bibtexKeys(text);
    const missing = papers.filter((p) => !keys.has(p.key));
    if (!missing.length) return [];
    if (before && (before.permissions ?? 0) & vscode.FilePermission.Readonly) throw new Error('the file is read-only');
    const temp = vscode.Uri.joinPath(uri, '..', `.${uri.path.split('/').pop()}.litdigest-${Date.now().toString(36)}.tmp`);
    await vscode.workspace.fs.writeFile(temp, encodeText(text + appendition(text, missing.map(formatBibtex)), encoding));
    const now = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => null,
    );
    if ((before === null) !== (now === null) || (before && now && (before.mtime !== now.mtime || before.size !== now.size))) {
      // Someone wrote the file while we prepared ours: start again from what is there now.
      await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
      continue;
    }
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
    return missing.map((p) => p.key);
  }
  throw new Error('the file kept changing while LitDigest was writing to it');
}

async function exportBibliography(store: DigestStore): Promise<void> {
  await store.whenReady();
  const doc = vscode.window.activeTextEditor?.document;
  const cited = doc
    ? [...new Set(findCitedKeys(doc.getText(), doc.languageId).map((k) => k.key))].map((k) => store.paper(k)).filter((p): p is Paper => !!p)
    : [];
  const scopes = [
    ...(doc && cited.length ? [{ label: `Papers cited in ${vscode.workspace.asRelativePath(doc.uri)}`, description: `${cited.length}`, papers: cited }] : []),
    { label: 'All papers in the library', description: `${store.digest.papers.length}`, papers: store.digest.papers },
  ];
  const scope = scopes.length === 1 ? scopes[0] : await vscode.window.showQuickPick(scopes, { title: 'Export which papers?' });
  if (!scope) return;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'BibTeX', ext: 'bib' },
      { label: 'CSL-JSON', ext: 'json' },
    ],
    { title: 'Export as' },
  );
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder && vscode.Uri.joinPath(folder, `references.${format.ext}`),
    filters: { [format.label]: [format.ext] },
  });
  if (!target) return;
  const text = format.ext === 'bib' ? scope.papers.map(formatBibtex).join('\n') : `${JSON.stringify(scope.papers.map(toCslJson), null, 2)}\n`;
  const temp = vscode.Uri.joinPath(target, '..', `.${target.path.split('/').pop()}.litdigest-${Date.now().toString(36)}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temp, target, { overwrite: true });
    void vscode.window.showInformationMessage(`Exported ${scope.papers.length} papers to ${vscode.workspace.asRelativePath(target)}.`);
  } catch (e) {
    void vscode.window.showErrorMessage(`LitDigest could not write ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
