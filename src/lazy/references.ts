/** Copy Formatted Reference and Insert Reference List, loaded on the first use of either (dist/references.js). */
import * as vscode from 'vscode';
import { toCslJson } from '../core/cite';
import type { CslItem } from '../core/format';
import { findCitedKeys } from '../core/languages';
import type { Paper } from '../core/model';
import { placeReferenceList, referenceListBlock } from '../core/referenceList';
import type { loadReferences } from '../csl';
import type { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/** What these commands use of the extension bundle's own state: the loaded CSL references and the paper picker. */
export interface ReferencesHost {
  loadReferences: typeof loadReferences;
  pickPapers: typeof pickPapers;
}

/** Keys named by a command argument (a key, keys, or a tree node holding a paper), or undefined when the command should ask. */
function keysOf(arg: unknown): string[] | undefined {
  if (typeof arg === 'string') return [arg];
  if (Array.isArray(arg)) {
    const keys = arg.filter((k): k is string => typeof k === 'string');
    return keys.length ? keys : undefined;
  }
  const paper = (arg as { paper?: Paper } | undefined)?.paper;
  return paper ? [paper.key] : undefined;
}

/**
 * Copies the formatted references of `arg`'s papers (else papers picked) as plain text, one per paragraph. VS Code's
 * clipboard API writes text only (`env.clipboard.writeText`), so no HTML flavour is put beside it.
 */
export async function copyFormattedReference(store: DigestStore, arg: unknown, host: ReferencesHost): Promise<void> {
  const keys = keysOf(arg);
  if (keys) await store.whenReady();
  const papers = keys
    ? keys.map((k) => store.paper(k)).filter((p): p is Paper => p !== undefined)
    : await host.pickPapers(store, 'Copy formatted reference of…', true);
  if (!papers?.length) {
    if (keys) void vscode.window.showErrorMessage(`LitDigest has no paper with the key ${keys.join(', ')}. Run LitDigest: Refresh, or search for the paper.`);
    return;
  }
  const references = await host.loadReferences(vscode.window.activeTextEditor?.document.uri);
  const entries = references.references(papers);
  await vscode.env.clipboard.writeText(entries.map((e) => e.text).join('\n\n'));
  void vscode.window.showInformationMessage(`Copied ${entries.length === 1 ? 'the reference' : `${entries.length} references`} in ${references.styleName}.`);
}

/**
 * Writes the formatted reference list of the papers the active document cites (in order of first citation) between
 * marker comments: over the old list when the markers are there, else at the cursor. Keys the library does not hold are
 * named in a warning and left out. One edit, one undo; nothing outside the markers changes.
 */
export async function insertReferenceList(store: DigestStore, host: ReferencesHost): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showErrorMessage('Open the document to write a reference list into, then run LitDigest: Insert Reference List again.');
    return;
  }
  const document = editor.document;
  await store.whenReady();
  const keys = [...new Set(findCitedKeys(document.getText(), document.languageId).map((k) => k.key))];
  const found = keys.flatMap((key) => {
    const paper = store.paper(key);
    return paper ? [{ ...(toCslJson(paper) as CslItem), id: key }] : [];
  });
  const missing = keys.filter((k) => !store.paper(k));
  if (!found.length) {
    void vscode.window.showWarningMessage(
      keys.length
        ? `None of the keys this document cites is in the LitDigest library (${missing.join(', ')}).`
        : 'This document cites no papers yet: nothing to list.',
    );
    return;
  }
  const references = await host.loadReferences(document.uri);
  const out = references.format({ items: found, clusters: found.map((item) => [{ id: item.id }]), output: 'html' });
  const block = referenceListBlock(
    out.bibliography.map((e) => e.text),
    document.languageId,
  );
  const text = document.getText();
  const place = placeReferenceList(text, block, document.languageId, document.offsetAt(editor.selection.active));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(place.start), document.positionAt(place.end)), place.insert);
  await vscode.workspace.applyEdit(edit);
  if (missing.length) void vscode.window.showWarningMessage(`Not in the LitDigest library, so left out of the reference list: ${missing.join(', ')}.`);
}
