/** The paper details webview: one panel, re-rendered on reload, whose messages are validated before anything runs. */
import * as vscode from 'vscode';
import type { Paper } from '../core/model';
import type { OtherDecision, RelatedEntry } from '../webview/html';
import { citedPaperKeys } from '../core/cited';
import type { RelatedIndex } from '../core/related';
import { runSliced } from '../core/steps';
import { writingEditor } from './documents';
import { Commands } from '../commands';
import { loadReferences, loadedReferences } from '../csl';
import { pickPapers } from '../pick';
import { acceptMessage, createPanel, showPage } from '../panels';
import type { ReviewStore } from '../reviewStore';
import type { DigestStore } from '../store';

/** How many related papers the details page lists. */
const RELATED_COUNT = 5;

/** The page of a paper that a reload removed. */
const GONE_PAGE = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>This paper is no longer in the loaded digests.</p></body></html>`;

/** What the tests read: the related papers the open page lists (undefined while closed or still computing). */
export interface DetailsView {
  readonly related: readonly RelatedEntry[] | undefined;
}

/** The page's rendering and the related-papers index, from their own chunk: the panel exists only once `show` loaded them. */
type Page = typeof import('../lazy/details');

class DetailsPanel implements DetailsView {
  private panel: vscode.WebviewPanel | undefined;
  private page: Page | undefined;
  private paperKey: string | undefined;
  /**
   * The related-papers index of one list of papers, built in slices the first time a page needs it. Keyed by the
   * library's `papers` array, not the library: `Library.update` changes a library in place and gives a new array.
   */
  private relatedIndex: { papers: readonly Paper[]; index: RelatedIndex | undefined } | undefined;
  /** What the Related section showed last (keys and cited marks), so a keystroke re-renders only when a mark changes. */
  related: RelatedEntry[] | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DigestStore,
    private readonly reviews?: ReviewStore,
  ) {}

  async show(paper: Paper): Promise<void> {
    this.page ??= await import('../lazy/details');
    this.paperKey = paper.key;
    this.panel ??= createPanel(
      this.extensionUri,
      'litdigest.details',
      paper.title,
      vscode.ViewColumn.Beside,
      (raw) => this.onMessage(raw),
      () => {
        this.panel = undefined;
        this.related = undefined;
      },
    );
    this.render();
    this.panel.reveal(undefined, true);
  }

  /** After a reload: show the same paper's new data, or say it is gone. */
  refresh(): void {
    if (this.panel) this.render();
  }

  /** After the document being written changed or another became active: re-render when a related paper's mark changed. */
  refreshCited(): void {
    if (!this.panel || !this.paperKey) return;
    const related = this.relatedOf(this.paperKey);
    if (related && JSON.stringify(related) !== JSON.stringify(this.related)) this.render();
  }

  /**
   * The related papers of `key`, each marked cited or not in the document being written; undefined while the index of
   * this library is still being built (the page is rendered again when it is ready).
   */
  private relatedOf(key: string): RelatedEntry[] | undefined {
    if (!this.page) return undefined;
    const { RelatedIndex } = this.page;
    const papers = this.store.library.papers;
    if (this.relatedIndex?.papers !== papers) {
      const slot: { papers: readonly Paper[]; index: RelatedIndex | undefined } = { papers, index: undefined };
      this.relatedIndex = slot;
      // Built in slices: at 20,000 papers it takes a second or more, which must not freeze the window.
      void runSliced(RelatedIndex.buildSteps(papers)).then((index) => {
        slot.index = index;
        if (this.relatedIndex === slot) this.refresh();
      });
    }
    const index = this.relatedIndex.index;
    if (!index) return undefined;
    const document = writingEditor()?.document;
    const cited = document ? citedPaperKeys(document.getText(), document.languageId, (k) => this.store.paper(k)) : undefined;
    return index
      .related(key, RELATED_COUNT)
      .map((r) => ({ key: r.paper.key, title: r.paper.title, cited: cited ? cited.has(r.paper.key) : null, shared: r.shared }));
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private render(): void {
    if (!this.panel || !this.paperKey || !this.page) return;
    const { renderDetailsHtml } = this.page;
    const paper = this.store.paper(this.paperKey);
    const webview = this.panel.webview;
    if (!paper) {
      this.panel.title = 'Paper not in the digest';
      showPage(webview, this.extensionUri, 'details.js', 'details.css', () => GONE_PAGE);
      return;
    }
    this.panel.title = paper.title;
    const related = this.relatedOf(paper.key);
    this.related = related;
    // The formatter loads from its own chunk on first use: the page shows without the reference, then again with it.
    const references = loadedReferences();
    if (!references)
      void loadReferences().then(
        () => this.refresh(),
        (e: unknown) => this.store.log(`formatted reference: ${String(e)}`),
      );
    const review = this.reviews
      ? { decision: this.reviews.decision(paper.key), others: this.otherDecisions(paper.key), corrections: this.reviews.corrections.get(paper.key) }
      : undefined;
    const reference = references ? { style: references.styleName, html: references.references([paper], 'html')[0]?.text ?? '' } : undefined;
    showPage(webview, this.extensionUri, 'details.js', 'details.css', (assets) => renderDetailsHtml(paper, assets, review, related, reference));
  }

  /** What the other reviewers decided on `key` (unscreened left out). */
  private otherDecisions(key: string): OtherDecision[] {
    if (!this.reviews) return [];
    return [...this.reviews.reviewers]
      .filter(([name]) => name !== this.reviews?.reviewer)
      .flatMap(([reviewer, decisions]) => {
        const d = decisions.get(key);
        return d && d.status !== 'unscreened' ? [{ reviewer, status: d.status, ...(d.reason ? { reason: d.reason } : {}) }] : [];
      })
      .sort((a, b) => (a.reviewer < b.reviewer ? -1 : 1));
  }

  private onMessage(raw: unknown): void {
    // The page's code (with the message schema) is loaded before the panel exists, so before any message comes.
    if (!this.page) return;
    const m = acceptMessage(this.page.WebviewMessage, raw, 'details webview', (line) => this.store.log(line));
    if (!m) return;
    switch (m.type) {
      case 'ready':
        break;
      case 'insertCitation':
        void vscode.commands.executeCommand(Commands.insertCitation, m.paperId);
        break;
      case 'openDetails':
        void vscode.commands.executeCommand(Commands.openDetails, m.paperId);
        break;
      case 'insertClaim':
        void vscode.commands.executeCommand(Commands.insertClaim, m.paperId, m.claimIndex);
        break;
      case 'copyBibtex':
        void vscode.commands.executeCommand(Commands.copyBibtex, m.paperId);
        break;
      case 'copyReference':
        void vscode.commands.executeCommand(Commands.copyFormattedReference, m.paperId);
        break;
      case 'decide': {
        const command = { included: Commands.include, excluded: Commands.exclude, maybe: Commands.maybe, unscreened: Commands.clearDecision }[m.status];
        void vscode.commands.executeCommand(command, m.paperId);
        break;
      }
      case 'editTags':
        void vscode.commands.executeCommand(Commands.editTags, m.paperId);
        break;
      case 'editNote':
        void vscode.commands.executeCommand(Commands.editNote, m.paperId);
        break;
      case 'correct':
        void vscode.commands.executeCommand(Commands.correct, m.paperId);
        break;
      case 'openLink': {
        const url = this.page?.safeHttpUrl(m.url);
        if (url) void vscode.env.openExternal(vscode.Uri.parse(url, true));
        break;
      }
    }
  }
}

/** Registers Open Paper Details; the page follows reloads, reviews and the document being written. Returns what the tests read. */
export function registerDetails(context: vscode.ExtensionContext, store: DigestStore, reviews?: ReviewStore): DetailsView {
  const details = new DetailsPanel(context.extensionUri, store, reviews);
  // Typing in the document may cite or uncite a related paper; checked once typing pauses.
  let citedTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleCited = () => {
    clearTimeout(citedTimer);
    citedTimer = setTimeout(() => details.refreshCited(), 400);
  };
  context.subscriptions.push(
    details,
    store.onDidChange(() => details.refresh()),
    reviews?.onDidChange(() => details.refresh()) ?? { dispose() {} },
    vscode.window.onDidChangeActiveTextEditor(() => details.refreshCited()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === writingEditor()?.document) scheduleCited();
    }),
    { dispose: () => clearTimeout(citedTimer) },
    vscode.commands.registerCommand(Commands.openDetails, async (arg?: string | { paper?: Paper }) => {
      await store.whenReady();
      const key = typeof arg === 'string' ? arg : arg?.paper?.key;
      const paper = key ? store.paper(key) : (await pickPapers(store, 'Open details of…', false))?.[0];
      if (paper) await details.show(paper);
      else if (key) void vscode.window.showErrorMessage(`LitDigest has no paper with the key ${key}.`);
    }),
  );
  return details;
}
