/** Insert Evidence Table and Refresh Evidence Table, loaded on their first use (dist/evidence.js): choosing papers, metrics and columns, and writing the tables. */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { announce, BibliographyOutcome, BibliographyWriter, complete } from '../bibliography';
import type { Group } from '../core/group';
import {
  DEFAULT_EVIDENCE_COLUMNS,
  EVIDENCE_COLUMNS,
  EvidenceSpecSchema,
  findEvidenceBlocks,
  groupQuery,
  renderEvidenceTable,
  selectPapers,
  tableFormatFor,
  type ClaimMetric,
  type EvidenceBlock,
  type EvidenceColumn,
  type EvidenceSpec,
} from '../core/evidence';
import { citationStyleFor } from '../core/languages';
import { CLAIM_METRICS, type Paper } from '../core/model';
import { readConfig } from '../config';
import type { pickPapers } from '../pick';
import type { DigestStore } from '../store';

/**
 * What the extension bundle hands this chunk. The functions come from the bundle's own modules, whose state (the CSL
 * references that the pickers show, the bibliography's key cache) the chunk must share rather than hold a second copy of.
 */
export interface EvidenceHost {
  readonly store: DigestStore;
  /** Insert Citation's writer, so tables complete bibliographies as it does. */
  readonly writer: BibliographyWriter;
  readonly pickPapers: typeof pickPapers;
  readonly complete: typeof complete;
  readonly announce: typeof announce;
}

/** A tree group node, as the context menu passes it. */
type GroupArg = { kind: 'group'; group: Group };

const COLUMN_LABELS: Record<EvidenceColumn, string> = {
  paper: 'Paper (short title and citation)',
  hardware: 'Hardware the number was measured on',
  metric: 'Metric',
  value: 'Value, as the paper states it',
  baseline: 'Baseline it is compared against',
  claim: 'Claim sentence, verbatim',
  year: 'Year',
  topic: 'Topics',
};

/** Every paper of a group and its sub-groups, once. */
function papersOf(group: Group): Paper[] {
  return [...new Set([...group.papers, ...group.groups.flatMap(papersOf)])];
}

function isGroupArg(arg: unknown): arg is GroupArg {
  return !!arg && typeof arg === 'object' && (arg as GroupArg).kind === 'group' && typeof (arg as GroupArg).group?.id === 'string';
}

/**
 * Insert Evidence Table: the papers of a tree group, a query, the given keys or a pick (`arg`), the metrics and columns
 * (from `spec`, else asked), written at the cursor of the active editor (else `lastEditor`).
 */
export async function insertEvidenceTable(
  host: EvidenceHost,
  lastEditor: vscode.TextEditor | undefined,
  filter: string,
  arg?: unknown,
  spec?: unknown,
): Promise<BibliographyOutcome | undefined> {
  const { store } = host;
  const editor = editorFor('Insert Evidence Table', lastEditor);
  if (!editor) return;
  await store.whenReady();
  const selection = await chooseSelection(host, arg, filter);
  if (!selection) return;
  const { papers, source } = selection;
  if (!papers.length) {
    void vscode.window.showInformationMessage(`No papers are in ${source}, so there is no evidence table to write.`);
    return;
  }
  // From the tree's context menu the second argument is the selection (an array of nodes), not a spec.
  const given = spec && !Array.isArray(spec) ? z.partial(EvidenceSpecSchema).safeParse(spec).data : undefined;
  const metrics = given?.metrics ?? (await chooseMetrics(papers));
  if (!metrics) return;
  const columns = given?.columns ?? (await chooseColumns());
  if (!columns) return;
  return insertTable(host, editor, { ...selection.spec, metrics, columns }, papers);
}

/** Refresh Evidence Table: the block at the cursor of the active editor (else `lastEditor`), or every block of it. */
export async function refreshEvidenceTables(host: EvidenceHost, lastEditor: vscode.TextEditor | undefined): Promise<BibliographyOutcome | undefined> {
  const editor = editorFor('Refresh Evidence Table', lastEditor);
  if (!editor) return;
  await host.store.whenReady();
  return refreshTables(host, editor);
}

function editorFor(action: string, last: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor ?? (last && vscode.window.visibleTextEditors.includes(last) ? last : undefined);
  if (!editor || !tableFormatFor(editor.document.languageId)) {
    void vscode.window.showErrorMessage(
      `${action}: open a Markdown, LaTeX or Typst document and put the cursor where the table goes, then run LitDigest: ${action} again.`,
    );
    return undefined;
  }
  return editor;
}

/** The papers to tabulate and how the table records them: a tree group, or what the user picks. */
async function chooseSelection(
  { store, pickPapers }: EvidenceHost,
  arg: unknown,
  filter: string,
): Promise<{ papers: Paper[]; spec: Pick<EvidenceSpec, 'query' | 'keys'>; source: string } | undefined> {
  const select = (spec: Pick<EvidenceSpec, 'query' | 'keys'>, source: string) => ({
    papers: selectPapers(store.library, spec, store.decisionOf).papers,
    spec,
    source,
  });
  if (isGroupArg(arg)) {
    const query = groupQuery(arg.group);
    if (query) return select({ query: [filter, query].filter(Boolean).join(' ') }, `the group ${arg.group.label}`);
    return { papers: papersOf(arg.group), spec: { keys: papersOf(arg.group).map((p) => p.key) }, source: `the group ${arg.group.label}` };
  }
  if (typeof arg === 'string') return select({ query: arg }, `the papers matching ${arg}`);
  if (Array.isArray(arg) && arg.every((k) => typeof k === 'string')) return select({ keys: arg }, 'the papers given');
  const options = [
    ...(filter ? [{ label: '$(filter) Papers of the tree filter', description: filter, id: 'filter' as const }] : []),
    { label: '$(pass) Included papers', description: 'status:included', id: 'included' as const },
    { label: '$(search) Papers matching a query…', description: 'hw:fpga topic:speculative year:>=2025 words…', id: 'query' as const },
    { label: '$(checklist) Pick papers…', id: 'pick' as const },
  ];
  const choice = await vscode.window.showQuickPick(options, { title: 'Insert Evidence Table: which papers?' });
  switch (choice?.id) {
    case undefined:
      return undefined;
    case 'filter':
      return select({ query: filter }, `the tree filter ${filter}`);
    case 'included':
      return select({ query: 'status:included' }, 'the included papers');
    case 'query': {
      const query = await vscode.window.showInputBox({
        title: 'Evidence table of the papers matching',
        prompt: 'Words and filters, as in Search Papers',
        value: filter,
      });
      return query === undefined ? undefined : select({ query: query.trim() }, `the papers matching ${query}`);
    }
    case 'pick': {
      const picked = await pickPapers(store, 'Evidence table of…', true);
      return picked && { papers: picked, spec: { keys: picked.map((p) => p.key) }, source: 'the papers picked' };
    }
  }
}

async function chooseMetrics(papers: readonly Paper[]): Promise<ClaimMetric[] | undefined> {
  const counts = new Map<ClaimMetric, number>();
  for (const p of papers) for (const c of p.claims) counts.set(c.metric, (counts.get(c.metric) ?? 0) + 1);
  if (!counts.size) {
    void vscode.window.showInformationMessage(
      `None of the ${papers.length} papers states a quantitative claim in its abstract, so there is no evidence table to write.`,
    );
    return undefined;
  }
  const first = counts.has('speedup') ? 'speedup' : [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const items = CLAIM_METRICS.filter((m) => counts.has(m)).map((metric) => ({
    label: metric,
    description: `${counts.get(metric)} claim${counts.get(metric) === 1 ? '' : 's'}`,
    picked: metric === first,
    metric,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Insert Evidence Table: which metrics?', canPickMany: true });
  return picked?.length ? picked.map((p) => p.metric) : undefined;
}

async function chooseColumns(): Promise<EvidenceColumn[] | undefined> {
  const items = EVIDENCE_COLUMNS.map((column) => ({
    label: column,
    description: COLUMN_LABELS[column],
    picked: DEFAULT_EVIDENCE_COLUMNS.includes(column),
    column,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Insert Evidence Table: which columns?', canPickMany: true });
  return picked?.length ? picked.map((p) => p.column) : undefined;
}

/** A file as the user knows it (bibliography.ts's `label`, which this chunk does not import). */
const label = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);

const eolOf = (doc: vscode.TextDocument) => (doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');

/** The table text for `spec` in `doc`: papers as the document cites them, its citation style and line ends. */
function tableFor({ writer, store }: EvidenceHost, doc: vscode.TextDocument, spec: EvidenceSpec, papers: readonly Paper[]) {
  const cited = writer.citedAs(doc, papers);
  const style = citationStyleFor(doc.languageId, readConfig(doc.uri).config.citationStyles);
  const labels = new Map(store.taxonomy.topics.map((t) => [t.id, t.label]));
  const format = tableFormatFor(doc.languageId)!;
  return { table: renderEvidenceTable(cited.papers, spec, format, { style, eol: eolOf(doc), topicLabel: (id) => labels.get(id) ?? id }), known: cited.known };
}

/**
 * Inserts the table on lines of its own at the cursor, and completes the bibliography, as one WorkspaceEdit when the
 * bibliography is open with changes (else appended after the document accepted the table, as Insert Citation does).
 */
async function insertTable(
  host: EvidenceHost,
  editor: vscode.TextEditor,
  spec: EvidenceSpec,
  papers: readonly Paper[],
): Promise<BibliographyOutcome | undefined> {
  const { writer, complete, announce } = host;
  const doc = editor.document;
  const { table, known } = tableFor(host, doc, spec, papers);
  if (table.kind === 'message') {
    void vscode.window.showInformationMessage(table.message);
    return undefined;
  }
  const plan = await writer.plan(doc, table.papers);
  const eol = eolOf(doc);
  const line = doc.lineAt(editor.selection.active.line);
  // A table must start on a line of its own (pandoc reads a pipe table only after a blank line).
  const at = line.isEmptyOrWhitespace ? line.range.start : line.range.end;
  const text = line.isEmptyOrWhitespace ? `${table.text}${eol}` : `${eol}${eol}${table.text}${eol}`;
  const edit = new vscode.WorkspaceEdit();
  if (plan.kind === 'editor') edit.insert(plan.file.uri, plan.at, plan.text);
  edit.insert(doc.uri, at, text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`LitDigest could not insert into ${label(doc.uri)} (it may be read-only); nothing was changed.`);
    return undefined;
  }
  return announce({ ...(await complete(writer, plan)), known });
}

/** Regenerates the block at the cursor, or every block of the document, in place; the text outside the markers is left as it is. */
async function refreshTables(host: EvidenceHost, editor: vscode.TextEditor): Promise<BibliographyOutcome | undefined> {
  const { writer, store, complete, announce } = host;
  const doc = editor.document;
  const version = doc.version;
  const { blocks, problems } = findEvidenceBlocks(doc.getText(), doc.languageId, label(doc.uri));
  for (const p of problems) store.log(`${p.file}:${p.line}: ${p.message}`);
  const cursor = doc.offsetAt(editor.selection.active);
  const here = blocks.filter((b) => b.start <= cursor && cursor <= b.end);
  const targets: EvidenceBlock[] = here.length ? here : blocks;
  if (!targets.length) {
    void vscode.window.showInformationMessage(
      problems.length
        ? `${label(doc.uri)} has no evidence table LitDigest can refresh: ${problems[0].message}`
        : `${label(doc.uri)} has no evidence table to refresh.`,
    );
    return undefined;
  }
  const replacements: { block: EvidenceBlock; text: string }[] = [];
  const cited = new Map<string, Paper>();
  const messages: string[] = [];
  let known: string[] = [];
  for (const block of targets) {
    const { papers, missing } = selectPapers(store.library, block.spec, store.decisionOf);
    if (missing.length) messages.push(`the library no longer holds ${missing.join(', ')}`);
    const result = tableFor(host, doc, block.spec, papers);
    if (result.table.kind === 'message') {
      messages.push(`the table on line ${block.startLine + 1} was left as it was: ${result.table.message}`);
      continue;
    }
    known = [...known, ...result.known];
    for (const p of result.table.papers) cited.set(p.key, p);
    replacements.push({ block, text: result.table.text });
  }
  if (messages.length) void vscode.window.showWarningMessage(`Refresh Evidence Table: ${messages.join('; ')}.`);
  if (!replacements.length) return undefined;
  const plan = await writer.plan(doc, [...cited.values()]);
  if (doc.version !== version) {
    void vscode.window.showErrorMessage('Refresh Evidence Table: the document changed while the tables were made; nothing was changed. Run it again.');
    return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  if (plan.kind === 'editor') edit.insert(plan.file.uri, plan.at, plan.text);
  for (const { block, text } of replacements) edit.replace(doc.uri, new vscode.Range(doc.positionAt(block.start), doc.positionAt(block.end)), text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`LitDigest could not refresh the tables of ${label(doc.uri)} (it may be read-only); nothing was changed.`);
    return undefined;
  }
  return announce({ ...(await complete(writer, plan)), known: [...new Set(known)] });
}
