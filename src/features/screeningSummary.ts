/** Show Screening Summary: the PRISMA 2020 counts and agreement in one webview, kept current, with Copy as Markdown table and Save as CSV. */
import * as vscode from 'vscode';
import type { ReviewSummary } from '../core/review';
import { Commands } from '../commands';
import { acceptMessage, createPanel, saveTextAs, showPage } from '../panels';
import type { ReviewStore } from '../reviewStore';
import type { DigestStore } from '../store';

/** What the tests read: the summary the open panel shows (undefined while it is closed). */
export interface SummaryView {
  readonly shown: ReviewSummary | undefined;
  /** The last text copied or saved, for the tests. */
  readonly lastExport: string | undefined;
}

/** The summary's code, from its own chunk: the panel exists only once `show` loaded it. */
type SummaryCode = typeof import('../lazy/screeningSummary');

class SummaryPanel implements SummaryView {
  private panel: vscode.WebviewPanel | undefined;
  private code: SummaryCode | undefined;
  shown: ReviewSummary | undefined;
  lastExport: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DigestStore,
    private readonly reviews: ReviewStore,
  ) {}

  async show(): Promise<void> {
    const code = (this.code ??= await import('../lazy/screeningSummary'));
    if (!this.panel)
      this.panel = createPanel(
        this.extensionUri,
        'litdigest.screeningSummary',
        'Screening Summary',
        vscode.ViewColumn.Active,
        (raw) => void this.onMessage(raw),
        () => {
          this.panel = undefined;
          this.shown = undefined;
        },
      );
    this.render(code);
    this.panel.reveal();
  }

  /** The team's summary now: the same call as `litdigest review`, so both count the same. */
  summary({ summarizeReview, prismaInputOf }: SummaryCode): ReviewSummary {
    return summarizeReview(prismaInputOf(this.store.library), this.reviews.reviewers, this.reviews.resolutions);
  }

  refresh(): void {
    if (this.panel && this.code) this.render(this.code);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private render(code: SummaryCode): void {
    if (!this.panel) return;
    const { renderPrismaHtml } = code;
    const shown = this.summary(code);
    this.shown = shown;
    showPage(this.panel.webview, this.extensionUri, 'prisma.js', 'prisma.css', (assets) => renderPrismaHtml(shown.prisma, shown.agreement, assets));
  }

  private async onMessage(raw: unknown): Promise<void> {
    // The page's code (with the message schema) is loaded before the panel exists, so before any message comes.
    if (!this.code) return;
    const message = acceptMessage(this.code.PrismaMessage, raw, 'screening summary', (line) => this.store.log(line));
    if (!message) return;
    const { prismaMarkdown, prismaCsv } = this.code;
    const counts = this.summary(this.code).prisma;
    switch (message.type) {
      case 'ready':
        break;
      case 'copyMarkdown':
        this.lastExport = prismaMarkdown(counts);
        await vscode.env.clipboard.writeText(this.lastExport);
        vscode.window.setStatusBarMessage('LitDigest: PRISMA counts copied as a Markdown table', 3000);
        break;
      case 'saveCsv': {
        const csv = prismaCsv(counts);
        if (await saveTextAs('Save the PRISMA counts as CSV', 'prisma.csv', csv)) this.lastExport = csv;
        break;
      }
    }
  }
}

/** Registers Show Screening Summary; the panel follows library and review changes. Returns what the tests read. */
export function registerScreeningSummary(context: vscode.ExtensionContext, store: DigestStore, reviews: ReviewStore): SummaryView {
  const panel = new SummaryPanel(context.extensionUri, store, reviews);
  context.subscriptions.push(
    panel,
    store.onDidChange(() => panel.refresh()),
    reviews.onDidChange(() => panel.refresh()),
    vscode.commands.registerCommand(Commands.showScreeningSummary, async () => {
      await store.whenReady();
      await panel.show();
    }),
  );
  return panel;
}
