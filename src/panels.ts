/** What every LitDigest webview panel shares: scripts on, only the media folder readable, messages routed, assets with a fresh nonce. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type * as z from 'zod/mini';
import { describeIssues } from './core/vocabulary';
import type { DetailsAssets } from './webview/html';

/**
 * A new webview panel of `viewType` whose page may run scripts and read only `media/`; `onMessage` gets every raw
 * message (to be validated by its zod schema), and `onDispose` runs once the user closes it.
 */
export function createPanel(
  extensionUri: vscode.Uri,
  viewType: string,
  title: string,
  column: vscode.ViewColumn,
  onMessage: (raw: unknown) => void,
  onDispose: () => void,
): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(viewType, title, column, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  });
  const disposables = [panel.webview.onDidReceiveMessage(onMessage)];
  panel.onDidDispose(() => {
    onDispose();
    for (const d of disposables) d.dispose();
  });
  return panel;
}

/** What each webview shows now, without its nonce: a render that would show the same page is skipped. */
const shownPages = new WeakMap<vscode.Webview, string>();

/**
 * Renders a page with fresh assets (`script` and `style` from `media/`) and sets it, unless the webview already shows
 * exactly that page. Setting `html` reloads the page: the reader's scroll, focus and in-page sort are lost, and a click
 * on its way is dropped; the library fires a change several times while loading, mostly with nothing new to show.
 */
export function showPage(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, style: string, render: (assets: DetailsAssets) => string): void {
  const { html, page } = renderPage(webview, extensionUri, script, style, render);
  if (shownPages.get(webview) === page) return;
  shownPages.set(webview, page);
  webview.html = html;
}

/** Records that the page changed itself (sorted in place) into what `render` gives, so a later render of it is skipped. */
export function pageNowShows(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  script: string,
  style: string,
  render: (assets: DetailsAssets) => string,
): void {
  shownPages.set(webview, renderPage(webview, extensionUri, script, style, render).page);
}

/** The page's HTML, and the same without its nonce (what two renders of one page share). */
function renderPage(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, style: string, render: (assets: DetailsAssets) => string) {
  const assets = pageAssets(webview, extensionUri, script, style);
  const html = render(assets);
  return { html, page: html.split(assets.nonce).join('') };
}

/** The page's script and stylesheet (in `media/`), the codicon font, the CSP source and a fresh nonce for one render. */
function pageAssets(webview: vscode.Webview, extensionUri: vscode.Uri, script: string, style: string): DetailsAssets {
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  return {
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, script)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, style)).toString(),
    codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'codicons', 'codicon.css')).toString(),
  };
}

/**
 * Asks where to save `text` (a CSV file, `defaultName` in the first workspace folder offered) and writes it there.
 * Resolves true once written; false when the user cancels or the write fails (after saying why).
 */
export async function saveTextAs(title: string, defaultName: string, text: string): Promise<boolean> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title,
    defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
    filters: { CSV: ['csv'] },
  });
  if (!target) return false;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    return true;
  } catch (e) {
    void vscode.window.showErrorMessage(`LitDigest could not save ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

/**
 * A page's message checked against its zod `schema`: the parsed message, or undefined after logging what `page` sent
 * and why it was rejected (a page never makes the host act on a shape it does not know).
 */
export function acceptMessage<T>(schema: z.ZodMiniType<T>, raw: unknown, page: string, log: (line: string) => void): T | undefined {
  const message = schema.safeParse(raw);
  if (message.success) return message.data;
  log(`${page} sent a message that was rejected: ${JSON.stringify(raw)?.slice(0, 200)} (${describeIssues(message.error.issues)})`);
  return undefined;
}
