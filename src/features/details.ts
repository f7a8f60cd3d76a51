/** The paper details webview: one panel, re-rendered on reload, whose messages are validated before anything runs. */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Paper } from '../core/model';
import { renderDetailsHtml, safeHttpUrl, type OtherDecision } from '../webview/html';
import { describeIssues } from '../core/vocabulary';
import { WebviewMessage } from '../webview/protocol';
import { Commands } from '../commands';
import { loadReferences, loadedReferences } from '../csl';
import { pickPapers } from '../pick';
import type { ReviewStore } from '../reviewStore';
import type { DigestStore } from '../store';

class DetailsPanel {
  private panel: vscode.WebviewPanel | undefined;
  private paperKey: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DigestStore,
    private readonly reviews?: ReviewStore,
  ) {}

  show(paper: Paper): void {
    this.paperKey = paper.key;
    if (!this.panel) {
      const media = vscode.Uri.joinPath(this.extensionUri, 'media');
      this.panel = vscode.window.createWebviewPanel('litdigest.details', paper.title, vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      const disposables = [this.panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw))];
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        for (const d of disposables) d.dispose();
      });
    }
    this.render();
    this.panel.reveal(undefined, true);
  }

  /** After a reload: show the same paper's new data, or say it is gone. */
  refresh(): void {
    if (this.panel) this.render();
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private render(): void {
    if (!this.panel || !this.paperKey) return;
    const paper = this.store.paper(this.paperKey);
    const webview = this.panel.webview;
    if (!paper) {
      this.panel.title = 'Paper not in the digest';
      webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>This paper is no longer in the loaded digests.</p></body></html>`;
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    this.panel.title = paper.title;
    // The formatter loads from its own chunk on first use: the page shows without the reference, then again with it.
    const references = loadedReferences();
    if (!references)
      void loadReferences().then(
        () => this.refresh(),
        (e: unknown) => this.store.log(`formatted reference: ${String(e)}`),
      );
    webview.html = renderDetailsHtml(
      paper,
      {
        cspSource: webview.cspSource,
        nonce: randomBytes(16).toString('base64'),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
        codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'codicons', 'codicon.css')).toString(),
      },
      this.reviews ? { decision: this.reviews.decision(paper.key), others: this.otherDecisions(paper.key) } : undefined,
      references ? { style: references.styleName, html: references.references([paper], 'html')[0]?.text ?? '' } : undefined,
    );
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
    const message = WebviewMessage.safeParse(raw);
    if (!message.success) {
      this.store.log(`details webview sent a message that was rejected: ${JSON.stringify(raw)?.slice(0, 200)} (${describeIssues(message.error.issues)})`);
      return;
    }
    const m = message.data;
    switch (m.type) {
      case 'ready':
        break;
      case 'insertCitation':
        void vscode.commands.executeCommand(Commands.insertCitation, m.paperId);
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
      case 'openLink': {
        const url = safeHttpUrl(m.url);
        if (url) void vscode.env.openExternal(vscode.Uri.parse(url, true));
        break;
      }
    }
  }
}

export function registerDetails(context: vscode.ExtensionContext, store: DigestStore, reviews?: ReviewStore): void {
  const details = new DetailsPanel(context.extensionUri, store, reviews);
  context.subscriptions.push(
    details,
    store.onDidChange(() => details.refresh()),
    reviews?.onDidChange(() => details.refresh()) ?? { dispose() {} },
    vscode.commands.registerCommand(Commands.openDetails, async (arg?: string | { paper?: Paper }) => {
      await store.whenReady();
      const key = typeof arg === 'string' ? arg : arg?.paper?.key;
      const paper = key ? store.paper(key) : (await pickPapers(store, 'Open details of…', false))?.[0];
      if (paper) details.show(paper);
      else if (key) void vscode.window.showErrorMessage(`LitDigest has no paper with the key ${key}.`);
    }),
  );
}
