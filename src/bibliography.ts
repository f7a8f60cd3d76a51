/** Which bibliography files a document uses, the keys they hold, and adding entries to them: the only writer of `.bib` files. */
import * as vscode from 'vscode';
import { appendition, bibliographyNames, bibtexKeys } from './core/bibliography';
import { decodeText, detectEncoding, encodeText } from './core/decode';
import { citeKey } from './core/keys';
import type { Paper } from './core/model';
import { readConfig } from './config';
import { appendToFile, readUserFile, realPathInside, resolveRealPath } from './files';

/** The BibTeX writer (core/bibtexWrite.ts), imported on the first entry to write (in the extension dist/bibtexWrite.js). */
const bibtexWriter = () => import('./core/bibtexWrite');

/** One bibliography file of a document. */
export interface BibliographyFile {
  uri: vscode.Uri;
  /** The name as the document wrote it, or the setting's value. */
  name: string;
  /** Named by the document itself, or the `litdigest.bibliographyFile` setting used as a fallback. */
  from: 'document' | 'setting';
}

/** The bibliography files of a document, first named first, and why there are none when the document's names cannot be read. */
export interface DocumentBibliographies {
  files: BibliographyFile[];
  problem?: string;
}

const isAbsolute = (path: string) => /^([a-zA-Z]:)?[\\/]/.test(path) || path.startsWith('~/');

/**
 * The bibliography files `doc` uses: every file its front matter or `\addbibresource`/`\bibliography` names, relative to
 * the document (an untitled document's names are relative to the workspace folder), absolute paths as they are; when it
 * names none, the `litdigest.bibliographyFile` setting of the document's folder, relative to that workspace folder.
 */
export function documentBibliographies(doc: vscode.TextDocument): DocumentBibliographies {
  const { names, problem } = bibliographyNames(doc.getText(), doc.languageId);
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri) ?? vscode.workspace.workspaceFolders?.[0];
  const resolveName = (name: string, base: vscode.Uri | undefined): vscode.Uri | undefined => {
    if (name.startsWith('~/')) return undefined; // pandoc does not expand ~ either; writing to a literal "~" folder would surprise
    if (isAbsolute(name)) return vscode.Uri.file(name);
    return base && vscode.Uri.joinPath(base, name);
  };
  const documentBase = doc.uri.scheme === 'untitled' ? folder?.uri : vscode.Uri.joinPath(doc.uri, '..');
  const files = names.flatMap((name): BibliographyFile[] => {
    const uri = resolveName(name, documentBase);
    return uri ? [{ uri, name, from: 'document' }] : [];
  });
  if (names.length || problem) return { files, problem };
  const fallback = readConfig(doc.uri).config.bibliographyFile;
  const uri = resolveName(fallback, folder?.uri);
  return { files: uri ? [{ uri, name: fallback, from: 'setting' }] : [] };
}

/** The keys of one bibliography file: an open editor's text wins over the disk. */
export interface BibliographyKeys {
  file: BibliographyFile;
  keys: Set<string>;
  /** False when the file does not exist (yet). */
  exists: boolean;
  /** Why the file could not be read, when it exists but cannot. */
  error?: string;
}

/**
 * The keys last read per file, with what they were read from (an editor's version, or the file's size and mtime):
 * diagnostics ask again at every keystroke and library change, and the parser takes milliseconds per entry.
 */
const keysRead = new Map<string, { stamp: string; keys: Set<string> }>();

async function keysOf(uri: vscode.Uri, stamp: string, text: () => string | Promise<string>): Promise<Set<string>> {
  const known = keysRead.get(uri.toString());
  if (known?.stamp === stamp) return known.keys;
  const keys = await bibtexKeys(await text());
  keysRead.set(uri.toString(), { stamp, keys });
  return keys;
}

/** Reads the keys of `file` from its open editor, else from disk; unchanged files are not parsed again. Never throws. */
export async function readBibliographyKeys(file: BibliographyFile): Promise<BibliographyKeys> {
  const open = openDocument(file.uri);
  if (open) {
    // A document reopened starts again at version 1: the length tells its text apart from the one read before.
    const text = open.getText();
    return { file, keys: await keysOf(file.uri, `editor ${open.version} ${text.length}`, () => text), exists: true };
  }
  try {
    const stat = await vscode.workspace.fs.stat(file.uri);
    const read = async () => {
      const bytes = file.uri.scheme === 'file' ? await readUserFile(file.uri.fsPath) : await vscode.workspace.fs.readFile(file.uri);
      return decodeText(bytes, detectEncoding(bytes));
    };
    return { file, keys: await keysOf(file.uri, `disk ${stat.size} ${stat.mtime}`, read), exists: true };
  } catch (e) {
    const missing = (e as { kind?: string }).kind === 'missing' || (e instanceof vscode.FileSystemError && e.code === 'FileNotFound');
    return { file, keys: new Set(), exists: !missing, error: missing ? undefined : describe(e) };
  }
}

/** Every key the bibliographies of `doc` hold, with the file that holds it first (as the user knows it); never throws. */
export async function documentKeys(doc: vscode.TextDocument): Promise<{ held: BibliographyKeys[]; keys: Map<string, string> }> {
  const held = await Promise.all(documentBibliographies(doc).files.map(readBibliographyKeys));
  const keys = new Map<string, string>();
  for (const h of held) for (const key of h.keys) if (!keys.has(key)) keys.set(key, label(h.file.uri));
  return { held, keys };
}

/**
 * `papers` as `doc` cites them: a paper the user's bibliography holds with the user's key (one the document's own
 * bibliographies give first), any other with its own key (see `citeKey`). `known` says, for each paper a bibliography
 * of the document already holds under the user's key, where: `"HELP" is already in refs.bib as lee2021help`.
 * `nameOf` gives the library's name of a file (`DigestStore.nameOf`).
 */
export function citedAs(doc: vscode.TextDocument, papers: readonly Paper[], nameOf: (uri: vscode.Uri) => string | null): { papers: Paper[]; known: string[] } {
  const names = new Set(
    documentBibliographies(doc)
      .files.map((f) => nameOf(f.uri))
      .filter((n) => n !== null),
  );
  const known: string[] = [];
  const cited = papers.map((paper) => {
    const { key, file } = citeKey(paper, names);
    if (key === paper.key) return paper;
    if (file !== null && names.has(file)) known.push(`"${shortTitle(paper.title)}" is already in ${file} as ${key}`);
    return { ...paper, key };
  });
  return { papers: cited, known };
}

/** What adding entries to a document's bibliography will do, decided before anything is written. */
export type BibliographyPlan =
  /** Every paper is already in one of the files. */
  | { kind: 'present'; file: BibliographyFile }
  /** Nothing may or can be written: the message says why and what to do. */
  | { kind: 'refused'; message: string }
  /** The file is open with unsaved changes: add the text at `at` in its editor, for the user to save. */
  | { kind: 'editor'; file: BibliographyFile; papers: Paper[]; at: vscode.Position; text: string }
  /** Append to the file on disk, after the document accepted its edit. */
  | { kind: 'disk'; file: BibliographyFile; papers: Paper[]; path: string };

/** What happened to the bibliography, for the message after an insertion. */
export interface BibliographyOutcome {
  file?: string;
  added: string[];
  /** Papers the document's bibliography already holds under the user's own key: `HELP is already in refs.bib as lee2021help`. */
  known?: string[];
  unsaved?: boolean;
  error?: string;
}

/** Paths outside the workspace the user allowed LitDigest to add to, remembered per workspace. */
const ALLOWED_OUTSIDE = 'litdigest.bibliographiesAllowedOutside';

/**
 * Plans and performs additions to bibliographies. The write boundary: files inside the workspace folders (after
 * resolving symlinks) are written; a file outside them only in a trusted workspace and after a modal confirmation
 * naming its real path (remembered for the workspace); never in Restricted Mode. Nothing creates a folder.
 */
export class BibliographyWriter {
  /** Asks the user; replaced by extension-host tests, which cannot click a modal dialog. */
  confirm: (message: string, detail: string, allow: string) => Thenable<string | undefined> = (message, detail, allow) =>
    vscode.window.showWarningMessage(message, { modal: true, detail }, allow);

  /**
   * @param nameOf the library's name of a file (`DigestStore.nameOf`), to tell which of a paper's sightings are in the
   *   bibliographies a document uses.
   */
  constructor(
    private readonly state: vscode.Memento,
    private readonly nameOf: (uri: vscode.Uri) => string | null = () => null,
  ) {}

  /** `papers` as `doc` cites them (see {@link citedAs}). */
  citedAs(doc: vscode.TextDocument, papers: readonly Paper[]): { papers: Paper[]; known: string[] } {
    return citedAs(doc, papers, this.nameOf);
  }

  /**
   * Decides where entries for `papers` go: the first file the document names (a paper found in any of its files is
   * not added). Asks before a file outside the workspace is written. Writes nothing.
   */
  async plan(doc: vscode.TextDocument, papers: readonly Paper[]): Promise<BibliographyPlan> {
    const { files, problem } = documentBibliographies(doc);
    if (problem)
      return { kind: 'refused', message: `LitDigest cannot tell which bibliography ${label(doc.uri)} uses: ${problem}. Nothing was added to a bibliography.` };
    const [target] = files;
    if (!target) {
      return {
        kind: 'refused',
        message:
          'LitDigest found no bibliography for this document: name one in its front matter (bibliography: refs.bib) or with \\addbibresource, or open a workspace folder for litdigest.bibliographyFile.',
      };
    }
    if (target.uri.toString() === doc.uri.toString()) {
      return { kind: 'refused', message: `${label(doc.uri)} names itself as its bibliography, so LitDigest added no entry to it. Name a .bib file instead.` };
    }
    const held = await Promise.all(files.map(readBibliographyKeys));
    const missing = papers.filter((p) => !held.some((h) => h.keys.has(p.key)));
    if (!missing.length) return { kind: 'present', file: target };
    const unreadable = held.find((h) => h.file === target && h.error);
    if (unreadable) return { kind: 'refused', message: `LitDigest could not read ${label(target.uri)}: ${unreadable.error}. Nothing was added to it.` };
    const refusal = await this.checkBoundary(target, missing.length);
    if (refusal) return { kind: 'refused', message: refusal };
    // Before the document is read: no wait may come between reading it and planning the edit.
    const { formatBibtex } = await bibtexWriter();
    const open = openDocument(target.uri);
    if (open?.isDirty) {
      const text = open.getText();
      return {
        kind: 'editor',
        file: target,
        papers: missing,
        at: open.lineAt(open.lineCount - 1).range.end,
        text: appendition(text, missing.map(formatBibtex)),
      };
    }
    if (target.uri.scheme !== 'file') {
      return {
        kind: 'refused',
        message: `LitDigest adds entries only to bibliographies on disk; ${label(target.uri)} is not. Open it in an editor and try again.`,
      };
    }
    return { kind: 'disk', file: target, papers: missing, path: target.uri.fsPath };
  }

  /** Appends a `disk` plan's entries that are still missing: one O_APPEND write, encoding, BOM and line endings kept. Never throws. */
  async write(plan: Extract<BibliographyPlan, { kind: 'disk' }>): Promise<BibliographyOutcome> {
    const file = label(plan.file.uri);
    let added: string[] = [];
    try {
      const { formatBibtex } = await bibtexWriter();
      await appendToFile(
        plan.path,
        async (existing) => {
          const encoding = detectEncoding(existing);
          const text = decodeText(existing, encoding);
          const keys = await bibtexKeys(text);
          const missing = plan.papers.filter((p) => !keys.has(p.key));
          added = missing.map((p) => p.key);
          return missing.length ? encodeText(appendition(text, missing.map(formatBibtex)), encoding, existing.length === 0) : null;
        },
        { create: true },
      );
      return { file, added };
    } catch (e) {
      return {
        file,
        added: [],
        error: `LitDigest could not add to ${file}: ${describe(e)}. The citation is in the document; fix the file, then use the quick fix on the key to add its entry.`,
      };
    }
  }

  /** Why `file` may not be written, or undefined when it may. Asks the user about a file outside the workspace. */
  private async checkBoundary(file: BibliographyFile, count: number): Promise<string | undefined> {
    if (file.uri.scheme !== 'file') return undefined;
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    if (await realPathInside(file.uri.fsPath, roots)) return undefined;
    const real = await resolveRealPath(file.uri.fsPath);
    const where = real === file.uri.fsPath ? real : `${real} (${file.name} links there)`;
    if (!vscode.workspace.isTrusted) {
      return `LitDigest did not add to ${where}: it is outside the workspace, and LitDigest writes outside the workspace only in a trusted workspace (this one is in Restricted Mode). The citation is in the document.`;
    }
    const allowed = this.state.get<string[]>(ALLOWED_OUTSIDE, []);
    if (allowed.includes(real)) return undefined;
    const allow = 'Add Entries';
    const answer = await this.confirm(
      `Add ${count} entr${count === 1 ? 'y' : 'ies'} to ${real}?`,
      `This bibliography is outside the workspace${real === file.uri.fsPath ? '' : ` (${file.name} links there)`}. LitDigest will remember your answer for this file in this workspace.`,
      allow,
    );
    if (answer !== allow) return `LitDigest did not add to ${where}: you did not allow writing outside the workspace. The citation is in the document.`;
    await this.state.update(ALLOWED_OUTSIDE, [...allowed, real]);
    return undefined;
  }
}

/** Carries out what a plan leaves to do after the document's edit: the append to disk. */
export async function complete(writer: BibliographyWriter, plan: BibliographyPlan): Promise<BibliographyOutcome> {
  switch (plan.kind) {
    case 'present':
      return { file: label(plan.file.uri), added: [] };
    case 'refused':
      return { added: [], error: plan.message };
    case 'editor':
      return { file: label(plan.file.uri), added: plan.papers.map((p) => p.key), unsaved: true };
    case 'disk':
      return writer.write(plan);
  }
}

/** Tells the user what happened to the bibliography, and returns it (commands return it to their caller). */
export function announce(outcome: BibliographyOutcome): BibliographyOutcome {
  if (outcome.error) void vscode.window.showErrorMessage(outcome.error);
  else if (outcome.unsaved && outcome.added.length) {
    void vscode.window.showWarningMessage(
      `${outcome.file} has unsaved changes, so LitDigest added ${outcome.added.join(', ')} in its editor: save it so your build sees the entries.`,
    );
  } else if (outcome.added.length) vscode.window.setStatusBarMessage(`LitDigest added ${outcome.added.join(', ')} to ${outcome.file}.`, 5000);
  if (!outcome.error && outcome.known?.length) vscode.window.setStatusBarMessage(`${outcome.known.join('; ')}.`, 8000);
  return outcome;
}

/** A title short enough for a message: up to its colon, else its first 60 characters. */
function shortTitle(title: string): string {
  const head = title.split(':')[0];
  return head.length <= 60 ? head : `${head.slice(0, 57)}…`;
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** A file as the user knows it: relative to the workspace when inside it, else its full path. */
export function label(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

function describe(e: unknown): string {
  if (e instanceof vscode.FileSystemError) return e.code === 'FileNotFound' ? 'no such file or folder' : e.message;
  return e instanceof Error ? e.message : String(e);
}
