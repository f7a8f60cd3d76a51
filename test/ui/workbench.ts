/** A real VS Code workbench (code-server + headless Chromium) for UI tests, with helpers that act as a person would: palette, Quick Open, views, editors, webviews, screenshots. */
import * as assert from 'node:assert/strict';
import { Browser, Frame, Locator, Page } from 'playwright-core';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launchChromium, newWorkbenchPage, viewport } from '../../scripts/lib/browser';
import { CodeServer, installVsix, startCodeServer, workbenchUrl } from '../../scripts/lib/codeServer';
import { createRunFolders, RunFolders, testResultsDir, vsixPath } from '../../scripts/lib/repo';

/** How a UI test wants its workbench. */
export interface WorkbenchOptions {
  /** Names the screenshot folder `test-results/ui/<name>/`; use the test file's subject, e.g. `extension-installed`. */
  name: string;
  /**
   * Run the extension from this folder unpackaged (as F5 does) instead of installing the .vsix.
   * Default: install the .vsix `npm run vsix` wrote, because users get exactly that file.
   */
  extensionDevelopmentPath?: string;
  /** Files to write into the workspace copy before the workbench starts, by path relative to it (e.g. a large digest and its settings). */
  files?: Record<string, string>;
}

/** How long one UI step may take before the test fails; the workbench is slow on 2 cores, never this slow. */
const stepTimeoutMs = 20_000;

/**
 * One workbench per test file: open it in `before`, close it in `after` (always, even when `open` half-failed,
 * `close` is safe). Every helper waits for what a person would wait for, and fails with a message saying what
 * was missing.
 */
export class Workbench {
  private screenshotCount = 0;
  private readonly consoleLines: string[] = [];

  private constructor(
    /** The Playwright page showing the workbench; use it directly for anything the helpers do not cover. */
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: CodeServer,
    private readonly folders: RunFolders,
    /** Where this workbench's screenshots go. */
    readonly screenshotDir: string,
  ) {
    page.on('console', (message) => this.consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.consoleLines.push(`[pageerror] ${error.message}`));
  }

  /** The temporary copy of test/workspace that the workbench has open (tests may read what the UI wrote there). */
  get workspace(): string {
    return this.folders.workspace;
  }

  /** The folder the .vsix was installed into. */
  get extensionsDir(): string {
    return this.folders.extensionsDir;
  }

  /**
   * Installs the extension (the .vsix, unless `extensionDevelopmentPath` is given), starts code-server on a copy of the
   * sample workspace, opens the workbench in Chromium and waits until the explorer shows the workspace and the
   * extension host has started. Cleans up everything it started if any of that fails.
   */
  static async open(options: WorkbenchOptions): Promise<Workbench> {
    const folders = createRunFolders(`ui-${options.name}`);
    for (const [path, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(folders.workspace, path)), { recursive: true });
      writeFileSync(join(folders.workspace, path), text);
    }
    const screenshotDir = join(testResultsDir, 'ui', options.name);
    rmSync(screenshotDir, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      if (!options.extensionDevelopmentPath) {
        const vsix = vsixPath();
        if (!existsSync(vsix)) {
          throw new Error(`No ${vsix}: run \`npm run vsix\` first (npm run test:ui does).`);
        }
        await installVsix(vsix, folders);
      }
      server = await startCodeServer({ userDataDir: folders.userDataDir, extensionsDir: folders.extensionsDir, workspace: folders.workspace });
      browser = await launchChromium();
      const page = await newWorkbenchPage(browser, { viewport });
      page.setDefaultTimeout(stepTimeoutMs);
      const workbench = new Workbench(page, browser, server, folders, screenshotDir);
      await page.goto(workbenchUrl(server, { folder: folders.workspace, extensionDevelopmentPath: options.extensionDevelopmentPath }));
      await workbench.waitUntilReady();
      return workbench;
    } catch (error) {
      await browser?.close();
      await server?.stop();
      folders.remove();
      throw error;
    }
  }

  /** Waits for the explorer to list the sample workspace's drafts and for the extension host to finish its startup activations. */
  private async waitUntilReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'draft.md' }).waitFor({ timeout: 60_000 });
    await this.waitForExtensionHostLog(/Eager extensions activated/, 60_000);
  }

  /**
   * Saves a PNG of the whole window as `test-results/ui/<name>/<NN>-<step>.png` (NN counts the steps of this
   * workbench, so the files sort in the order they were taken) and returns its path. Look at them after a run.
   */
  async screenshot(step: string): Promise<string> {
    this.screenshotCount += 1;
    const slug = step
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const path = join(this.screenshotDir, `${String(this.screenshotCount).padStart(2, '0')}-${slug}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Runs a command from the Command Palette (F1) by its title as shown there, e.g. `LitDigest: Refresh`. */
  async runCommand(title: string): Promise<void> {
    const input = this.quickInput().locator('input');
    // The first-run walkthrough can take the focus as it renders and close a palette just opened: open it again then.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      const typed = await input.fill(`>${title}`, { timeout: 5000 }).then(
        () => true,
        (e: unknown) => {
          if (attempt === 3) throw e;
          return false;
        },
      );
      if (typed) break;
    }
    const row = this.quickInput()
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactly(title) }) })
      .first();
    await row.waitFor().catch(async () => {
      throw new Error(`The Command Palette has no command titled "${title}"; it offers: ${(await this.quickPickItems()).join(' | ')}`);
    });
    await row.click();
    // Done when the palette closes, or when the command reused its widget for a QuickPick of its own (no `>` query).
    const deadline = Date.now() + stepTimeoutMs;
    while ((await this.quickInput().isVisible()) && (await input.inputValue().catch(() => '')).startsWith('>')) {
      if (Date.now() > deadline) {
        throw new Error(`The Command Palette stayed open after choosing "${title}"`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Right-clicks `target` and chooses `item` from its context menu; done when the menu has closed. VS Code can miss a
   * click that comes while the menu is still settling (CI saw the menu stay open, the item highlighted, nothing run);
   * then the item is focused and chosen with Enter, as a keyboard user would.
   */
  async chooseFromContextMenu(target: Locator, item: string): Promise<void> {
    await target.click({ button: 'right' });
    const entry = this.page.getByRole('menuitem', { name: item });
    await entry.click();
    const closed = () =>
      entry.waitFor({ state: 'hidden', timeout: 3000 }).then(
        () => true,
        () => false,
      );
    if (await closed()) return;
    await entry.focus();
    await this.page.keyboard.press('Enter');
    if (!(await closed())) throw new Error(`The context menu stayed open after choosing "${item}"`);
  }

  /**
   * Reloads the window as `Developer: Reload Window` from the Command Palette does, and waits until the workbench is
   * back and a new extension host has finished its startup activations (state kept in memory is then gone; what
   * the extension saved must come back from disk or workspace state).
   */
  async reloadWindow(): Promise<void> {
    const hostsBefore = countMatches(this.extensionHostLog(), /Eager extensions activated/g);
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill('>Developer: Reload Window');
    const row = this.quickInput()
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: exactly('Developer: Reload Window') }) })
      .first();
    await row.waitFor();
    await Promise.all([this.page.waitForEvent('load', { timeout: 60_000 }), row.click()]);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const deadline = Date.now() + 60_000;
    while (countMatches(this.extensionHostLog(), /Eager extensions activated/g) <= hostsBefore) {
      if (Date.now() > deadline) {
        throw new Error(`No new extension host finished starting after the reload:\n${this.extensionHostLog().slice(-4000)}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  /** Opens Quick Open (Ctrl+P), types `text`, and returns the labels it then lists (Escape closes it; {@link pickQuickPickItem} picks). */
  async quickOpen(text: string): Promise<string[]> {
    await this.page.keyboard.press('Control+P');
    return this.fillQuickPick(text);
  }

  /**
   * Types `text` into the open QuickPick (Quick Open, or one a command such as `LitDigest: Search Papers` opened)
   * and returns the labels it then lists.
   */
  async fillQuickPick(text: string): Promise<string[]> {
    const input = this.quickInput().locator('input');
    await input.waitFor();
    const before = (await this.quickPickItems()).join('\n');
    await input.fill(text);
    await this.quickInput().locator('.monaco-list-row').first().waitFor();
    // The rows shown before typing stay until the picker has filtered (an extension may search asynchronously), so
    // wait for the list to change (or a second to pass, when the filter keeps it as it was) and then to hold still.
    const filledAt = Date.now();
    let items = await this.quickPickItems();
    for (let steadyPolls = 0; steadyPolls < 3 && Date.now() - filledAt < stepTimeoutMs;) {
      await this.page.waitForTimeout(100);
      const next = await this.quickPickItems();
      const settled = next.join('\n') !== before || Date.now() - filledAt > 1000;
      steadyPolls = settled && next.join('\n') === items.join('\n') ? steadyPolls + 1 : 0;
      items = next;
    }
    return items;
  }

  /** The aria-labels of the rows the open Quick Open, Command Palette or extension QuickPick shows now. */
  async quickPickItems(): Promise<string[]> {
    return this.quickInput()
      .locator('.monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
  }

  /** Clicks the row of the open QuickPick whose label starts with `label`, and waits for the picker to close. */
  async pickQuickPickItem(label: string): Promise<void> {
    await this.quickInput()
      .locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) })
      .first()
      .click();
    await this.quickInput().waitFor({ state: 'hidden' });
  }

  /** Opens `relativePath` of the workspace through Quick Open, as a person would, and waits for its tab to be active. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.quickOpen(relativePath);
    await this.pickQuickPickItem(name);
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.activeEditor().locator('.view-lines').waitFor();
  }

  /**
   * Clicks the activity-bar icon whose tooltip starts with `title` (e.g. `LitDigest`, `Explorer`) and waits for its
   * side bar to show; returns the side bar. A container already open is left open (a second click would close it).
   */
  async openViewContainer(title: string): Promise<Locator> {
    const icon = this.page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${title}"]`);
    await icon.waitFor().catch(async () => {
      const offered = await this.page
        .locator('.part.activitybar .action-item a.action-label')
        .evaluateAll((links) => links.map((link) => link.getAttribute('aria-label')));
      throw new Error(`No activity-bar icon titled "${title}"; there are: ${offered.join(' | ')}`);
    });
    const sideBar = this.page.locator('.part.sidebar');
    const heading = sideBar.locator('.composite.title .title-label h2');
    const isOpen = (await sideBar.isVisible()) && new RegExp(`^${escapeRegExp(title)}`, 'i').test((await heading.textContent().catch(() => '')) ?? '');
    if (!isOpen) {
      await icon.click();
      // Park the pointer on the editor area, so the icon's hover tooltip does not cover later screenshots.
      await this.page.mouse.move(viewport.width * 0.75, viewport.height * 0.75);
    }
    await heading.filter({ hasText: new RegExp(`^${escapeRegExp(title)}`, 'i') }).waitFor();
    return sideBar;
  }

  /** The side-bar section (pane) whose header reads `title`, e.g. the `Papers` view inside the LitDigest container. */
  viewPane(title: string): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header h3.title', { hasText: exactly(title) }) });
  }

  /** The first tree row whose text contains `label` (in `within`, default the whole side bar). */
  treeItem(label: string, within: Locator = this.page.locator('.part.sidebar')): Locator {
    return within.locator('.monaco-list-row', { hasText: label }).first();
  }

  /** Expands the tree row containing `label` (no-op when it already is expanded) and returns the row. */
  async expandTreeItem(label: string, within?: Locator): Promise<Locator> {
    const row = this.treeItem(label, within);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
    }
    await expectAttribute(row, 'aria-expanded', 'true');
    return row;
  }

  /**
   * The content frame of a webview (the page's own HTML, where its buttons are). VS Code puts each webview in an outer
   * iframe whose URL names the extension that made it (`extensionId=…`; empty for the workbench's own, such as an
   * extension's README) and, inside it, the frame whose element id is `active-frame`. `extensionId` limits the search
   * to that extension's webviews; `containing` picks the one whose body contains that text (and waits for it).
   */
  async webviewFrame(options: { extensionId?: string; containing?: string }): Promise<Frame> {
    const deadline = Date.now() + stepTimeoutMs;
    const owner = options.extensionId === undefined ? undefined : `extensionId=${encodeURIComponent(options.extensionId)}&`;
    for (;;) {
      const outers = this.page.frames().filter((frame) => frame.url().includes('/webview/browser/pre/index.html') && (!owner || frame.url().includes(owner)));
      for (const inner of outers.flatMap((outer) => outer.childFrames())) {
        const isActive = await inner
          .frameElement()
          .then((element) => element.getAttribute('id'))
          .then(
            (id) => id === 'active-frame',
            () => false,
          );
        const body =
          isActive && options.containing
            ? ((await inner
                .locator('body')
                .textContent()
                .catch(() => '')) ?? '')
            : '';
        // Once its scripts have run: a click before they did would go nowhere.
        if (isActive && (!options.containing || body.includes(options.containing)) && (await scriptsHaveRun(inner))) {
          return inner;
        }
      }
      if (Date.now() > deadline) {
        const wanted = `${options.extensionId ? ` of ${options.extensionId}` : ''}${options.containing ? ` containing "${options.containing}"` : ''}`;
        throw new Error(`No webview${wanted} appeared within ${stepTimeoutMs / 1000} s`);
      }
      await this.page.waitForTimeout(200);
    }
  }

  /** The editor of the active editor group (the one with keyboard focus after opening a file). */
  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /**
   * The text the active editor shows, one line per rendered line. Monaco renders only the lines in view, so this is
   * the whole document only for short files (the sample drafts are); the UI settings turn word wrap off so a rendered
   * line is a document line. For long documents, assert in the extension-host suite instead.
   */
  async activeEditorText(): Promise<string> {
    const lines = await this.activeEditor()
      .locator('.view-lines .view-line')
      .evaluateAll((rows) =>
        rows
          .map((row) => ({ top: parseFloat((row as HTMLElement).style.top), text: row.textContent ?? '' }))
          .sort((a, b) => a.top - b.top)
          .map((line) => line.text.replace(/\u00a0/g, ' ')),
      );
    return lines.join('\n');
  }

  /** Moves the cursor of the active editor to the end of the document (Ctrl+End), clicking into the editor first. */
  async goToEndOfDocument(): Promise<void> {
    await this.activeEditor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+End');
  }

  /** Inserts `text` at the cursor in one go, as a paste would: no auto-closing brackets, no completion popping up. */
  async insertText(text: string): Promise<void> {
    await this.page.keyboard.insertText(text);
  }

  /** Types `text` key by key, as a person would, so completion and auto-closing react (use for completion tests). */
  async typeText(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  /** Saves the active editor with Ctrl+S and waits until its tab is no longer marked dirty (the file is then on disk). */
  async saveActiveEditor(): Promise<void> {
    // The active group's active tab: with the walkthrough (or details) open beside, every group has an active tab.
    const activeTab = this.page.locator('.editor-group-container.active .tabs-container .tab.active');
    // The tab shows an edit as dirty a moment after it happens; saving before that could race the edit.
    await activeTab
      .and(this.page.locator('.dirty'))
      .waitFor({ timeout: 2000 })
      .catch(() => undefined);
    await this.page.keyboard.press('Control+S');
    await activeTab.and(this.page.locator(':not(.dirty)')).waitFor();
  }

  /**
   * Waits until the workspace file `relativePath` on disk matches `pattern` and returns its text. Use it after a
   * save: the tab stops looking dirty before the remote write has necessarily finished, so one read could see a
   * half-written file.
   */
  async waitForWorkspaceFile(relativePath: string, pattern: RegExp): Promise<string> {
    const path = join(this.folders.workspace, relativePath);
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (pattern.test(text)) {
        return text;
      }
      if (Date.now() > deadline) {
        throw new Error(`${relativePath} never matched ${pattern}; it holds:\n${text}`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** The labels of the completion list the editor shows now; waits for it to appear. */
  async completionItems(): Promise<string[]> {
    const rows = this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor();
    return rows.evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
  }

  /** The texts of the notification toasts showing now (info, warning and error messages from `showXMessage`). */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notification-toast .notification-list-item-message').allTextContents();
  }

  /** What the workbench page logged to the browser console (the extension host's console.log arrives here too). */
  browserConsole(): string {
    return this.consoleLines.join('\n');
  }

  /**
   * The extension host's own log (`remoteexthost.log`: which extension activated, and why one failed), followed by every
   * log an extension wrote through a LogOutputChannel (`exthost1/<publisher.name>/*.log`). Empty before the host starts.
   */
  extensionHostLog(): string {
    const logsRoot = join(this.folders.userDataDir, 'logs');
    if (!existsSync(logsRoot)) {
      return '';
    }
    const parts: string[] = [];
    for (const session of readdirSync(logsRoot).sort()) {
      for (const host of readdirSync(join(logsRoot, session)).filter((name) => name.startsWith('exthost'))) {
        parts.push(...logFilesUnder(join(logsRoot, session, host)).map((file) => `=== ${file}\n${readFileSync(file, 'utf8')}`));
      }
    }
    return parts.join('\n');
  }

  /** Waits until the extension host log matches `pattern` (e.g. `/Activating extension 'litdigest.litdigest'/`). */
  async waitForExtensionHostLog(pattern: RegExp, timeoutMs = stepTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.extensionHostLog())) {
      if (Date.now() > deadline) {
        throw new Error(`The extension host log never matched ${pattern}:\n${this.extensionHostLog().slice(-4000)}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Waits until the extension host has started activating `extensionId` (a view, command or language of its
   * `activationEvents` triggered it) and returns the log lines that say its activation failed: `[]` is success.
   * Give the UI a moment to show the extension's work first, since a failure is logged after activation begins.
   */
  async waitForActivation(extensionId: string): Promise<string[]> {
    const id = escapeRegExp(extensionId);
    await this.waitForExtensionHostLog(new RegExp(`_doActivateExtension ${id}\\b`));
    return this.extensionHostLog()
      .split('\n')
      .filter((line) => new RegExp(`Activating extension '?${id}'? failed`).test(line));
  }

  /**
   * Call from `afterEach` with mocha's `this.currentTest`: a failed test leaves a `failed-<title>.png` screenshot
   * and prints the extension host log, which is usually where the reason is.
   */
  async recordFailure(test: Mocha.Test | undefined): Promise<void> {
    if (test?.state !== 'failed') {
      return;
    }
    const path = await this.screenshot(`failed ${test.title}`).catch(() => 'no screenshot (the page is gone)');
    console.error(
      `  screenshot: ${path}\n  extension host log:\n${this.extensionHostLog().slice(-6000)}\n  browser console:\n${this.browserConsole().slice(-3000)}`,
    );
  }

  /** Closes the browser, stops code-server (and its extension host) and deletes the temporary folders. Safe to call twice. */
  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await this.server.stop();
      this.folders.remove();
    }
  }

  /** The QuickInput widget (Command Palette, Quick Open, QuickPicks). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }
}

/**
 * Call inside a mocha `describe`: opens one {@link Workbench} for its tests (`before`), records a failed test's
 * screenshot and log (`afterEach`) and always closes it (`after`). Returns a getter for the open workbench:
 *
 * ```ts
 * const workbench = useWorkbench({ name: 'papers-view' });
 * it('shows the papers', async () => { await workbench().openViewContainer('LitDigest'); });
 * ```
 */
export function useWorkbench(options: WorkbenchOptions): () => Workbench {
  let workbench: Workbench | undefined;
  before(async function () {
    // A cold start installs the .vsix and boots code-server, the extension host and Chromium.
    this.timeout(180_000);
    workbench = await Workbench.open(options);
  });
  afterEach(async function () {
    await workbench?.recordFailure(this.currentTest);
  });
  after(async function () {
    await workbench?.close();
  });
  return () => {
    assert.ok(workbench, "the workbench did not open; the before hook's error says why");
    return workbench;
  };
}

function logFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? logFilesUnder(path) : entry.name.endsWith('.log') ? [path] : [];
  });
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern matching `text` as the whole (trimmed) text of an element, for labels that prefix others ("Refresh" vs "Refresh All"). */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

async function expectAttribute(locator: Locator, name: string, value: string): Promise<void> {
  const deadline = Date.now() + stepTimeoutMs;
  while ((await locator.getAttribute(name)) !== value) {
    if (Date.now() > deadline) {
      throw new Error(`Expected ${name}="${value}" on ${locator}`);
    }
    await locator.page().waitForTimeout(100);
  }
}

/** True once `frame`'s document has been parsed, so its (non-async) scripts have run; false if it went away meanwhile. */
function scriptsHaveRun(frame: Frame): Promise<boolean> {
  return frame
    .waitForFunction(() => document.readyState !== 'loading', undefined, { timeout: 5000 })
    .then(
      () => true,
      () => false,
    );
}
