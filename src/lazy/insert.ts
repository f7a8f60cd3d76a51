/** Insert Citation, Insert Claim, Copy BibTeX, Export Bibliography and Add to Bibliography: loaded on the first use of any (dist/insert.js). */
import * as vscode from 'vscode';
import type { announce, BibliographyOutcome, BibliographyWriter, complete, label } from '../bibliography';
import { formatBibtex } from '../core/bibtexWrite';
import { toCslJson } from '../core/cite';
import { citationGroupAt, citationStyleFor, findCitedKeys, renderCitation, renderClaim } from '../core/languages';
import { writeFileAtomically } from '../files';
import { asCited } from '../core/keys';
import type { Paper } from '../core/model';
import type { readConfig } from '../config';
import type { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/**
 * What these commands use of the extension bundle: its store, Insert Citation's bibliography writer and the functions
 * that share its state (the picker reads the loaded styles; the writer's confirmations), and the settings reader (whose
 * schemas stay in one bundle).
 */
export interface InsertHost {
  store: DigestStore;
  writer: BibliographyWriter;
  pickPapers: typeof pickPapers;
  complete: typeof complete;
  announce: typeof announce;
  label: typeof label;
  readConfig: typeof readConfig;
}

/** Insert Citation: the papers `keys` name (else picked) cited at every cursor of the editor, the bibliography completed. */
export async function insertCitation(
  host: InsertHost,
  editor: vscode.TextEditor | undefined,
  keys: string[] | undefined,
): Promise<BibliographyOutcome | undefined> {
  const writable = await writableEditor(editor, 'Insert Citation');
  if (!writable) return;
  const papers = await papersFor(host, keys, 'Insert citation of…', true);
  if (papers?.length) return insert(host, writable, papers, (doc, selection, cited) => citationEdit(host, doc, selection, cited));
}

/** Insert Claim: a claim of the paper `keys` names (else picked), the one at `index` or one picked, with its citation. */
export async function insertClaim(
  host: InsertHost,
  editor: vscode.TextEditor | undefined,
  keys: string[] | undefined,
  index: number | undefined,
): Promise<BibliographyOutcome | undefined> {
  const writable = await writableEditor(editor, 'Insert Claim');
  if (!writable) return;
  const [paper] = (await papersFor(host, keys, 'Insert a claim of…', false)) ?? [];
  if (!paper) return;
  const claim = await pickClaim(paper, index);
  if (claim === undefined) return;
  const { config } = host.readConfig(writable.document.uri);
  const style = citationStyleFor(writable.document.languageId, config.citationStyles);
  return insert(host, writable, [paper], (_doc, selection, [cited]) =>
    vscode.TextEdit.replace(selection, renderClaim(claim, cited, style, config.claimTemplate, writable.document.languageId)),
  );
}

/** Copy BibTeX: the entries of the papers `keys` name (else picked) on the clipboard. */
export async function copyBibtex(host: InsertHost, keys: string[] | undefined): Promise<void> {
  const papers = await papersFor(host, keys, 'Copy BibTeX of…', true);
  if (!papers) return;
  const cited = papers.map((p) => asCited(p));
  await vscode.env.clipboard.writeText(cited.map(formatBibtex).join('\n'));
  void vscode.window.showInformationMessage(`Copied BibTeX for ${cited.map((p) => p.key).join(', ')}.`);
}

/** Add to Bibliography: `paper`'s entry added to the bibliography of the document at `uri`. */
export async function addToBibliography(host: InsertHost, uri: vscode.Uri | string, paper: Paper): Promise<BibliographyOutcome> {
  const document = await vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
  const plan = await host.writer.plan(document, host.writer.citedAs(document, [paper]).papers);
  if (plan.kind === 'editor') {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(plan.file.uri, plan.at, plan.text);
    await vscode.workspace.applyEdit(edit);
  }
  return host.announce(await host.complete(host.writer, plan));
}

async function papersFor({ store, pickPapers }: InsertHost, keys: string[] | undefined, title: string, many: boolean): Promise<Paper[] | undefined> {
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
function citationEdit(host: InsertHost, doc: vscode.TextDocument, selection: vscode.Selection, papers: Paper[]): vscode.TextEdit {
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
  return vscode.TextEdit.replace(selection, renderCitation(keys, citationStyleFor(doc.languageId, host.readConfig(doc.uri).config.citationStyles)));
}

/**
 * Inserts at every selection as one edit (one undo), then completes the bibliography. What happens to the
 * bibliography is planned first (asking before a file outside the workspace is written); a file open with unsaved
 * changes is edited in the same WorkspaceEdit; one on disk is appended to only after the document accepted the
 * insertion, so a read-only or refused document leaves every file as it was. If the document changed while the
 * edits were computed, they are computed again.
 */
async function insert(
  { writer, complete, announce, label }: InsertHost,
  editor: vscode.TextEditor,
  papers: Paper[],
  editAt: (doc: vscode.TextDocument, s: vscode.Selection, cited: Paper[]) => vscode.TextEdit,
): Promise<BibliographyOutcome | undefined> {
  const doc = editor.document;
  // Before editing: an insertion at the very top could otherwise hide the front matter that names it.
  const { papers: cited, known } = writer.citedAs(doc, papers);
  const plan = await writer.plan(doc, cited);
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = doc.version;
    const edit = new vscode.WorkspaceEdit();
    if (plan.kind === 'editor') edit.insert(plan.file.uri, plan.at, plan.text);
    const selections = [...editor.selections].sort((a, b) => a.start.compareTo(b.start));
    const textEdits = selections.map((s) => editAt(doc, s, cited));
    if (doc.version !== version) continue;
    edit.set(doc.uri, textEdits);
    if (!(await vscode.workspace.applyEdit(edit))) {
      if (doc.version !== version) continue;
      void vscode.window.showErrorMessage(`LitDigest could not insert into ${label(doc.uri)} (it may be read-only); nothing was changed.`);
      return undefined;
    }
    return announce({ ...(await complete(writer, plan)), known });
  }
  void vscode.window.showErrorMessage(`LitDigest could not insert into ${label(doc.uri)}: it kept changing. Nothing was changed; try again.`);
  return undefined;
}

/** Export Bibliography: the papers cited in the active document, or all, as a BibTeX or CSL-JSON file the user names. */
export async function exportBibliography({ store, label }: InsertHost): Promise<void> {
  await store.whenReady();
  const doc = vscode.window.activeTextEditor?.document;
  const cited = doc
    ? [...new Set(findCitedKeys(doc.getText(), doc.languageId).map((k) => k.key))].map((k) => store.paper(k)).filter((p): p is Paper => !!p)
    : [];
  const scopes = [
    ...(doc && cited.length ? [{ label: `Papers cited in ${vscode.workspace.asRelativePath(doc.uri)}`, description: `${cited.length}`, papers: cited }] : []),
    { label: 'All papers in the library', description: `${store.library.papers.length}`, papers: store.library.papers },
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
  const entries = scope.papers.map((p) => asCited(p));
  const text = format.ext === 'bib' ? entries.map(formatBibtex).join('\n') : `${JSON.stringify(entries.map(toCslJson), null, 2)}\n`;
  try {
    const bytes = new TextEncoder().encode(text);
    // The user chose this file in the save dialog: replace it whole or not at all, never leaving it missing.
    if (target.scheme === 'file') await writeFileAtomically(target.fsPath, bytes);
    else await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Exported ${scope.papers.length} papers to ${label(target)}.`);
  } catch (e) {
    void vscode.window.showErrorMessage(`LitDigest could not write ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
