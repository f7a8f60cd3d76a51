/** Compare Papers' panel: the papers × metrics table, its page, CSV and messages; loaded when the first comparison opens (dist/compare.js). */
import * as vscode from 'vscode';
import { compareTable } from '../core/metrics';
import type { Paper } from '../core/model';
import { compareCsv, renderCompareHtml, type ComparePage, type CompareSort } from '../webview/compare';
import { CompareMessage } from '../webview/compareProtocol';
import { Commands } from '../commands';
import type { CompareView } from '../features/compare';
import { focusEditor, writingEditor } from '../features/documents';
import type { acceptMessage, createPanel, pageNowShows, saveTextAs, showPage } from '../panels';
import type { DigestStore } from '../store';

/** The table, page, CSV and message code the panel renders and checks with. */
const CODE = { compareTable, compareCsv, renderCompareHtml, CompareMessage };
type CompareCode = typeof CODE;

/** What the panel uses of the extension bundle: panels.ts's functions (the one place pages are made and shown). */
export interface PanelsHost {
  createPanel: typeof createPanel;
  showPage: typeof showPage;
  pageNowShows: typeof pageNowShows;
  saveTextAs: typeof saveTextAs;
  acceptMessage: typeof acceptMessage;
}

/** The Compare panel: one, re-rendered on reload, whose messages are checked before anything runs. */
export class ComparePanel implements CompareView {
  private panel: vscode.WebviewPanel | undefined;
  private readonly code: CompareCode = CODE;
  private heading = '';
  private keys: string[] = [];
  private sort: CompareSort | undefined;
  shown: ComparePage | undefined;
  lastCsv: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DigestStore,
    private readonly host: PanelsHost,
  ) {}

  show(heading: string, papers: readonly Paper[]): void {
    const code = this.code;
    this.heading = heading;
    this.keys = [...new Set(papers.map((p) => p.key))];
    this.sort = undefined;
    this.panel ??= this.host.createPanel(
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
    if (this.panel) this.render(this.code);
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
    this.present(this.shown, this.host.showPage);
  }

  /** `shown` rendered into the panel: set as its page (`showPage`), or recorded as what it now shows (`pageNowShows`). */
  private present(shown: ComparePage, how: PanelsHost['showPage']): void {
    const code = this.code;
    if (this.panel) how(this.panel.webview, this.extensionUri, 'compare.js', 'compare.css', (assets) => code.renderCompareHtml(shown, assets));
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = this.host.acceptMessage(this.code.CompareMessage, raw, 'compare webview', (line) => this.store.log(line));
    if (!m) return;
    switch (m.type) {
      case 'ready':
        break;
      case 'sort':
        // The page sorted itself; kept so a re-render, the CSV and the table keep the reader's order.
        this.sort = { column: m.column, descending: m.descending };
        if (this.shown) {
          this.shown = { ...this.shown, sort: this.sort };
          this.present(this.shown, this.host.pageNowShows);
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
    const csv = this.code.compareCsv(this.page(this.code));
    if (await this.host.saveTextAs('Save the comparison as CSV', 'compare.csv', csv)) this.lastCsv = csv;
  }
}
