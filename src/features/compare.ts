/** LitDigest: Compare Papers: a papers × metrics webview for a tree group, a tree selection or picked papers, with Cite, Details, CSV and table. */
import * as vscode from 'vscode';
import type { Group } from '../core/group';
import { papersOfGroup } from '../core/cited';
import type { Paper } from '../core/model';
import type { ComparePage, CompareSort } from '../webview/compare';
import { Commands } from '../commands';
import { acceptMessage, createPanel, pageNowShows, saveTextAs, showPage } from '../panels';
import { pickPapers } from '../pick';
import type { DigestStore } from '../store';
import { focusEditor, writingEditor } from './documents';

/** What the tests read: the page the open panel shows (undefined while it is closed) and the last CSV written. */
export interface CompareView {
  readonly shown: ComparePage | undefined;
  readonly lastCsv: string | undefined;
}

/** A command's argument: a key, keys, a tree node (group or paper), or nothing. */
type Target = string | string[] | { kind?: string; paper?: Paper; group?: Group } | undefined;

/** The papers and heading a command compares: the tree's multi-selection, a group node, keys; undefined to ask. */
function targetOf(arg: Target, selection: unknown, store: DigestStore): { heading: string; papers: Paper[] } | undefined {
  const nodes = Array.isArray(selection) && selection.length > 1 ? (selection as Target[]) : undefined;
  if (nodes) {
    const papers = nodes.flatMap((n) => (n && typeof n === 'object' && !Array.isArray(n) ? (n.paper ? [n.paper] : n.group ? papersOfGroup(n.group) : []) : []));
    return { heading: `${nodes.length} selected items`, papers };
  }
  if (typeof arg === 'string') arg = [arg];
  if (Array.isArray(arg)) {
    const papers = arg.map((k) => store.paper(k)).filter((p): p is Paper => !!p);
    return { heading: papers.length === 1 ? papers[0].title : `${papers.length} papers`, papers };
  }
  if (arg?.group) return { heading: arg.group.label, papers: papersOfGroup(arg.group) };
  return undefined;
}

/** The table, page and CSV code, from its own chunk: the panel exists only once `show` loaded it. */
type CompareCode = typeof import('../lazy/compare');

class ComparePanel implements CompareView {
  private panel: vscode.WebviewPanel | undefined;
  private code: CompareCode | undefined;
  private heading = '';
  private keys: string[] = [];
  private sort: CompareSort | undefined;
  shown: ComparePage | undefined;
  lastCsv: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DigestStore,
  ) {}

  async show(heading: string, papers: readonly Paper[]): Promise<void> {
    const code = (this.code ??= await import('../lazy/compare'));
    this.heading = heading;
    this.keys = [...new Set(papers.map((p) => p.key))];
    this.sort = undefined;
    this.panel ??= createPanel(
      this.extensionUri,
      'litdigest.compare',
      'Compare',
      // Beside the document, so Cite and Insert as table write into it while the table stays in view.
      vscode.ViewColumn.Beside,
      (raw) => void this.onMessage(raw),
      () => {
        this.panel = undefined;
        this.shown = undefined;
      },
    );
    this.render(code);
    this.panel.reveal();
  }

  /** After a reload: the same papers' new claims (a paper no longer loaded drops out). */
  refresh(): void {
    if (this.panel && this.code) this.render(this.code);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  /** The page for the current papers, as loaded now, in the sort the page last reported. */
  private page({ compareTable }: CompareCode): ComparePage {
    const papers = this.keys.map((k) => this.store.paper(k)).filter((p): p is Paper => !!p);
    return { heading: this.heading, ...compareTable(papers), ...(this.sort ? { sort: this.sort } : {}) };
  }

  private render(code: CompareCode): void {
    if (!this.panel) return;
    this.shown = this.page(code);
    this.panel.title = `Compare: ${this.heading}`;
    this.present(this.shown, showPage);
  }

  /** `shown` rendered into the panel: set as its page (`showPage`), or recorded as what it now shows (`pageNowShows`). */
  private present(shown: ComparePage, how: typeof showPage): void {
    const code = this.code;
    if (this.panel && code) how(this.panel.webview, this.extensionUri, 'compare.js', 'compare.css', (assets) => code.renderCompareHtml(shown, assets));
  }

  private async onMessage(raw: unknown): Promise<void> {
    // The page's code (with the message schema) is loaded before the panel exists, so before any message comes.
    if (!this.code) return;
    const m = acceptMessage(this.code.CompareMessage, raw, 'compare webview', (line) => this.store.log(line));
    if (!m) return;
    switch (m.type) {
      case 'ready':
        break;
      case 'sort':
        // The page sorted itself; kept so a re-render, the CSV and the table keep the reader's order.
        this.sort = { column: m.column, descending: m.descending };
        if (this.shown) {
          this.shown = { ...this.shown, sort: this.sort };
          this.present(this.shown, pageNowShows);
        }
        break;
      case 'openDetails':
        void vscode.commands.executeCommand(Commands.openDetails, m.paperId);
        break;
      case 'cite':
        void vscode.commands.executeCommand(Commands.insertCitation, m.paperId);
        break;
      case 'insertTable':
        await this.insertTable();
        break;
      case 'saveCsv':
        await this.saveCsv();
        break;
    }
  }

  private async insertTable(): Promise<void> {
    if (!this.code) return;
    const page = this.page(this.code);
    const editor = writingEditor();
    if (!editor) {
      void vscode.window.showInformationMessage('Open the Markdown, LaTeX or Typst document to insert the table into, then press Insert as table again.');
      return;
    }
    await focusEditor(editor);
    // The rows' papers, in Insert Evidence Table's usual way: it asks for the metrics and columns, then writes and cites.
    await vscode.commands.executeCommand(
      Commands.insertEvidenceTable,
      page.rows.map((r) => r.paper.key),
    );
  }

  private async saveCsv(): Promise<void> {
    if (!this.code) return;
    const csv = this.code.compareCsv(this.page(this.code));
    if (await saveTextAs('Save the comparison as CSV', 'compare.csv', csv)) this.lastCsv = csv;
  }
}

/** Registers Compare Papers; the panel follows library reloads. Returns what the tests read. */
export function registerCompare(context: vscode.ExtensionContext, store: DigestStore): CompareView {
  const panel = new ComparePanel(context.extensionUri, store);
  context.subscriptions.push(
    panel,
    store.onDidChange(() => panel.refresh()),
    vscode.commands.registerCommand(Commands.comparePapers, async (arg?: Target, selection?: unknown) => {
      await store.whenReady();
      const target = targetOf(arg, selection, store) ?? (await pick(store));
      if (!target) return;
      if (target.papers.length === 0) {
        void vscode.window.showInformationMessage('LitDigest has none of these papers loaded: nothing to compare.');
        return;
      }
      await panel.show(target.heading, target.papers);
    }),
  );
  return panel;
}

async function pick(store: DigestStore): Promise<{ heading: string; papers: Paper[] } | undefined> {
  const papers = await pickPapers(store, 'Compare which papers? (tick several)', true);
  return papers && { heading: papers.length === 1 ? papers[0].title : `${papers.length} papers`, papers };
}
