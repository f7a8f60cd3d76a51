/** DigestStore: finds and reads the digest files, builds the library with the core, and announces every change. */
import * as vscode from 'vscode';
import { CACHE_VERSION, restoreLibrary, serializeSteps } from './core/cache';
import { buildDigest, buildDigestSliced, type Digest, type DigestFile } from './core/digest';
import { runSliced } from './core/steps';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/extract';
import type { Paper, Problem } from './core/model';
import { parseTaxonomy } from './core/vocabulary';
import { SHIPPED_CACHE, checksummed, libraryCacheKey, verifiedLines } from './cacheKey';
import { readConfig, type Config } from './config';

/** Folder entries read as digests. */
const DIGEST_FILE = /\.(txt|md)$/i;
const GLOB_CHARS = /[*?[\]{}]/;
/** Waits this long after the last change before reloading, so a burst of saves costs one reload. */
const RELOAD_DELAY_MS = 300;

const EMPTY: Digest = buildDigest([]);
/** Show a progress notification only for loads a person waits on. */
const PROGRESS_AFTER_MS = 1000;

/** How the last load went: from the cache or built, why the cache was not used, and how long it took. */
export interface LoadReport {
  source: 'cache' | 'build' | 'update';
  cacheMiss?: string;
  papers: number;
  ms: number;
}

/**
 * Holds the current library. `load()` never throws: unreadable paths, bad files and a bad taxonomy
 * become problems in the LitDigest output channel (and a warning for a whole file that failed),
 * and whatever could be read is still loaded. Concurrent loads are allowed; the last one started wins.
 */
export class DigestStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every completed load. */
  readonly onDidChange = this.changed.event;
  readonly output = vscode.window.createOutputChannel('LitDigest');
  private current: Digest = EMPTY;
  private knowledge: Knowledge = DEFAULT_KNOWLEDGE;
  private settings: Config;
  private generation = 0;
  private isLoaded = false;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private loading: Promise<void> = Promise.resolve();
  /** The last load, for the log and the tests. */
  lastLoad: LoadReport | undefined;
  /** Every problem the last load reported (unreadable paths, bad files, broken entries), as shown in the output channel. */
  lastProblems: Problem[] = [];
  /** Where the library is saved between activations. */
  readonly cacheUri: vscode.Uri;

  constructor(
    private readonly extensionUri: vscode.Uri,
    storageUri: vscode.Uri,
    private readonly version: string,
  ) {
    this.cacheUri = vscode.Uri.joinPath(storageUri, `library-v${CACHE_VERSION}.jsonl`);
    this.settings = this.rereadConfig();
    this.disposables.push(
      this.changed,
      this.output,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('litdigest')) return;
        this.settings = this.rereadConfig();
        this.watch();
        this.scheduleReload(0);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload(0)),
    );
    this.watch();
  }

  get digest(): Digest {
    return this.current;
  }

  get config(): Config {
    return this.settings;
  }

  get taxonomy(): Knowledge['taxonomy'] {
    return this.knowledge.taxonomy;
  }

  /** True once the first load has finished. */
  get loaded(): boolean {
    return this.isLoaded;
  }

  paper(key: string): Paper | undefined {
    return this.current.byKey.get(key);
  }

  /** Resolves when the load under way (if any) has finished, cache written and all. */
  whenIdle(): Promise<void> {
    return this.loading;
  }

  private ready: Promise<void> = Promise.resolve();

  /** Resolves when the library being loaded (if any) is complete, search index included; the cache may still be being saved. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Reloads every digest now. */
  load(): Promise<void> {
    const generation = ++this.generation;
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.loading = this.loadNow(generation, markReady)
      .catch((e) => this.log(`load failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`))
      .finally(markReady);
    return this.loading;
  }

  /** Reloads after `delay` ms unless another change comes first. */
  scheduleReload(delay = RELOAD_DELAY_MS): void {
    clearTimeout(this.reloadTimer);
    this.pendingChanges.clear();
    this.reloadTimer = setTimeout(() => void this.load(), delay);
  }

  private readonly pendingChanges = new Map<string, { uri: vscode.Uri; deleted: boolean }>();

  /** Collects file changes for a moment, then applies them together: the last state of each file wins. */
  private fileChanged(uri: vscode.Uri, deleted: boolean): void {
    if (uri.fsPath.endsWith('.json')) return this.scheduleReload();
    // A folder's own change (its listing changed) is followed by the events of the files in it.
    if (!DIGEST_FILE.test(uri.path)) return deleted ? this.scheduleReload() : undefined;
    this.pendingChanges.set(uri.toString(), { uri, deleted });
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      const changes = [...this.pendingChanges.values()];
      this.pendingChanges.clear();
      this.loading = this.loading
        .then(() =>
          this.applyFileChanges(
            changes.filter((c) => !c.deleted).map((c) => c.uri),
            changes.filter((c) => c.deleted).map((c) => c.uri),
          ),
        )
        .catch((e) => this.log(`update failed: ${describe(e)}`));
    }, RELOAD_DELAY_MS);
  }

  log(message: string): void {
    this.output.appendLine(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }

  private rereadConfig(): Config {
    const { config, invalid } = readConfig();
    if (invalid.length) {
      const message = `Invalid LitDigest setting${invalid.length > 1 ? 's' : ''} ${invalid.join(', ')}: using the default instead.`;
      this.log(message);
      void vscode.window.showWarningMessage(message);
    }
    return config;
  }

  private async loadNow(generation: number, markReady: () => void): Promise<void> {
    const problems: Problem[] = [];
    const trusted = vscode.workspace.isTrusted;
    if (!trusted && (this.settings.digests.length || this.settings.taxonomyFile)) {
      const message = 'LitDigest: this workspace is not trusted, so the digests and taxonomy named in its settings are not read. The shipped digest is loaded.';
      this.log(message);
      void vscode.window.showInformationMessage(message);
    }
    const files: DigestFile[] = [];
    // Shipped files are named seeds/<file>: the same on every machine, so the ready cache built with the extension matches.
    if (this.settings.includeShippedDigest) files.push(...(await this.readFolder(vscode.Uri.joinPath(this.extensionUri, 'seeds'), problems, 'seeds/')));
    if (trusted) {
      for (const entry of this.settings.digests) files.push(...(await this.readEntry(entry, problems)));
    }
    const knowledge = trusted ? await this.readKnowledge(problems) : DEFAULT_KNOWLEDGE;
    if (generation !== this.generation) return;
    // Files in name order: the library's order then needs no sorting, and the cache key is stable.
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = libraryCacheKey(files, knowledge.taxonomy, this.version);
    const started = Date.now();
    const done = this.progressAfter(PROGRESS_AFTER_MS, `LitDigest: loading ${files.length} digest file${files.length === 1 ? '' : 's'}…`);
    try {
      // The tree needs papers, not the index: show them as soon as they exist; search waits for whenReady().
      const showPapers = (library: Digest) => {
        if (generation !== this.generation) return;
        this.current = library;
        this.knowledge = knowledge;
        this.isLoaded = true;
        this.changed.fire();
      };
      const cached = await this.readCache(key, knowledge, showPapers);
      const digest = 'library' in cached ? cached.library : await buildDigestSliced(files, knowledge, undefined, showPapers);
      if (generation !== this.generation) return;
      this.current = digest;
      this.knowledge = knowledge;
      this.isLoaded = true;
      this.lastLoad = {
        source: 'library' in cached ? 'cache' : 'build',
        cacheMiss: 'library' in cached ? undefined : cached.miss,
        papers: digest.papers.length,
        ms: Date.now() - started,
      };
      markReady();
      this.report([...problems, ...digest.problems]);
      this.log(
        `loaded ${digest.papers.length} papers from ${files.length} file${files.length === 1 ? '' : 's'} in ${this.lastLoad.ms} ms (${'library' in cached ? 'from the cache' : `built; cache not used: ${cached.miss}`})`,
      );
      this.changed.fire();
      if ('library' in cached) await runSliced(digest.attachSteps(files));
      else await this.writeCache(digest, key);
    } finally {
      done();
    }
  }

  /**
   * Applies changed, added or deleted digest files to the loaded library without rebuilding it.
   * Falls back to a full load when the change is not a plain digest file of the library.
   * Callers chain it after the load under way (see `fileChanged`), so it never races one.
   */
  private async applyFileChanges(changed: vscode.Uri[], deleted: vscode.Uri[]): Promise<void> {
    const library = this.current;
    const names = new Set(library.fileNames);
    const known = (uri: vscode.Uri) => names.has(vscode.workspace.asRelativePath(uri, false));
    if (!library.hasSources || changed.some((u) => !DIGEST_FILE.test(u.path)) || deleted.some((u) => !known(u))) return this.load();
    const problems: Problem[] = [];
    const files = await this.readFiles(changed, problems);
    const started = Date.now();
    const summary = library.update(
      files,
      deleted.map((u) => vscode.workspace.asRelativePath(u, false)),
    );
    this.lastLoad = { source: 'update', papers: library.papers.length, ms: Date.now() - started };
    this.report([...problems, ...library.problems.filter((p) => files.some((f) => f.name === p.file))]);
    this.log(
      `updated ${changed.length + deleted.length} file${changed.length + deleted.length === 1 ? '' : 's'} in ${this.lastLoad.ms} ms: ${summary.added} papers added, ${summary.changed} changed, ${summary.removed} removed`,
    );
    this.changed.fire();
  }

  /**
   * The cached library, or why not: the user's cache from the last activation, else the ready cache
   * of the shipped digest that comes with the extension (used when only the shipped digest is
   * loaded). A missing, changed, corrupt or older cache is rebuilt and logged, never trusted. Never throws.
   */
  private async readCache(key: string, knowledge: Knowledge, onPapers: (library: Digest) => void): Promise<{ library: Digest } | { miss: string }> {
    const saved = await this.readCacheFile(this.cacheUri, key, knowledge, onPapers);
    if ('library' in saved) return saved;
    const shipped = await this.readCacheFile(vscode.Uri.joinPath(this.extensionUri, SHIPPED_CACHE), key, knowledge, onPapers);
    return 'library' in shipped ? shipped : saved;
  }

  private async readCacheFile(
    uri: vscode.Uri,
    key: string,
    knowledge: Knowledge,
    onPapers: (library: Digest) => void,
  ): Promise<{ library: Digest } | { miss: string }> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      return { miss: 'no cache yet' };
    }
    const lines = verifiedLines(bytes);
    if (!lines) {
      this.log(`cache file ${uri.fsPath} is corrupt; rebuilding`);
      return { miss: 'corrupt cache file' };
    }
    const restored = await restoreLibrary(lines, key, knowledge, undefined, onPapers);
    if ('reason' in restored) return { miss: restored.reason };
    return { library: restored };
  }

  /** Saves the library for the next activation: written beside, then renamed over, so it is whole or absent. */
  private async writeCache(library: Digest, key: string): Promise<void> {
    try {
      const lines = await runSliced(serializeSteps(library, key));
      const temp = vscode.Uri.joinPath(this.cacheUri, '..', `${this.cacheUri.path.split('/').pop()}.tmp`);
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.cacheUri, '..'));
      await vscode.workspace.fs.writeFile(temp, checksummed(lines));
      await vscode.workspace.fs.rename(temp, this.cacheUri, { overwrite: true });
    } catch (e) {
      this.log(`cache not saved: ${describe(e)}`);
    }
  }

  /** Shows a progress notification if the work is still going after `delay` ms; call the result when done. */
  private progressAfter(delay: number, title: string): () => void {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => finished);
    }, delay);
    return () => {
      clearTimeout(timer);
      finish();
    };
  }

  private report(problems: Problem[]): void {
    this.lastProblems = problems;
    for (const p of problems) this.log(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`);
    const failedFiles = problems.filter((p) => p.severity === 'error' && p.line === 0);
    for (const p of failedFiles.slice(0, 3)) {
      void vscode.window.showWarningMessage(`LitDigest could not read ${p.file}: ${p.message}`, 'Show Problems').then((choice) => {
        if (choice) this.output.show(true);
      });
    }
    if (failedFiles.length > 3)
      void vscode.window.showWarningMessage(`LitDigest could not read ${failedFiles.length - 3} more files: see the LitDigest output.`);
  }

  /** A `litdigest.digests` entry: a file, a folder, or a glob, relative to a workspace folder. */
  private async readEntry(entry: string, problems: Problem[]): Promise<DigestFile[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.length) {
      problems.push({ file: entry, line: 0, severity: 'error', message: 'no workspace folder is open to resolve this digest path in' });
      return [];
    }
    if (/(^|[\\/])\.\.([\\/]|$)/.test(entry)) {
      problems.push({ file: entry, line: 0, severity: 'error', message: 'this path leaves the workspace; only digests inside the workspace are read' });
      return [];
    }
    if (GLOB_CHARS.test(entry)) {
      const uris = (await Promise.all(folders.map((f) => vscode.workspace.findFiles(new vscode.RelativePattern(f, entry))))).flat();
      if (!uris.length) problems.push({ file: entry, line: 0, severity: 'error', message: 'no file in the workspace matches this pattern' });
      return this.readFiles(
        uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath)),
        problems,
      );
    }
    const isAbsolute = /^([a-zA-Z]:)?[\\/]/.test(entry);
    const uri = isAbsolute ? vscode.Uri.file(entry) : vscode.Uri.joinPath(folders[0].uri, entry);
    if (!folders.some((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(f.uri.fsPath + (f.uri.fsPath.endsWith('/') ? '' : '/')))) {
      problems.push({ file: entry, line: 0, severity: 'error', message: 'this path is outside the workspace; only digests inside the workspace are read' });
      return [];
    }
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      return stat.type & vscode.FileType.Directory ? this.readFolder(uri, problems) : this.readFiles([uri], problems);
    } catch (e) {
      problems.push({ file: entry, line: 0, severity: 'error', message: `cannot read: ${describe(e)}` });
      return [];
    }
  }

  private async readFolder(folder: vscode.Uri, problems: Problem[], namePrefix?: string): Promise<DigestFile[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(folder);
      const names = entries
        .filter(([name, type]) => type & vscode.FileType.File && DIGEST_FILE.test(name) && !name.startsWith('.'))
        .map(([name]) => name)
        .sort();
      if (!names.length) problems.push({ file: folder.fsPath, line: 0, severity: 'error', message: 'folder holds no .txt or .md digest files' });
      return this.readFiles(
        names.map((n) => vscode.Uri.joinPath(folder, n)),
        problems,
        namePrefix === undefined ? undefined : (uri) => `${namePrefix}${uri.path.split('/').pop()}`,
      );
    } catch (e) {
      problems.push({ file: folder.fsPath, line: 0, severity: 'error', message: `cannot read folder: ${describe(e)}` });
      return [];
    }
  }

  private async readFiles(
    uris: vscode.Uri[],
    problems: Problem[],
    nameOf: (uri: vscode.Uri) => string = (uri) => vscode.workspace.asRelativePath(uri, false),
  ): Promise<DigestFile[]> {
    const read = await Promise.all(
      uris.map(async (uri): Promise<DigestFile | null> => {
        try {
          return { name: nameOf(uri), bytes: await vscode.workspace.fs.readFile(uri) };
        } catch (e) {
          // Deleted or replaced between listing and reading: report it, keep the others.
          problems.push({ file: uri.fsPath, line: 0, severity: 'error', message: `cannot read: ${describe(e)}` });
          return null;
        }
      }),
    );
    return read.filter((f) => f !== null);
  }

  private async readKnowledge(problems: Problem[]): Promise<Knowledge> {
    const file = this.settings.taxonomyFile;
    if (!file) return DEFAULT_KNOWLEDGE;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = /^([a-zA-Z]:)?[\\/]/.test(file) || !folder ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder.uri, file);
    let parsed: ReturnType<typeof parseTaxonomy>;
    try {
      parsed = parseTaxonomy(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
    } catch (e) {
      parsed = { error: describe(e) };
    }
    if ('taxonomy' in parsed) return { ...DEFAULT_KNOWLEDGE, taxonomy: parsed.taxonomy };
    const message = `LitDigest: the taxonomy ${file} cannot be used (${parsed.error}); the shipped taxonomy stays in force.`;
    problems.push({ file, line: 0, severity: 'warning', message: parsed.error });
    void vscode.window.showWarningMessage(message);
    return DEFAULT_KNOWLEDGE;
  }

  /** Watches the user's digest paths and taxonomy file; any change schedules one debounced reload. */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    const patterns = [...this.settings.digests, ...(this.settings.taxonomyFile ? [this.settings.taxonomyFile] : [])];
    for (const folder of folders) {
      for (const pattern of patterns) {
        if (/(^|[\\/])\.\.([\\/]|$)/.test(pattern)) continue;
        const glob = GLOB_CHARS.test(pattern) ? pattern : `${pattern.replace(/[\\/]+$/, '')}{,/**}`;
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
        this.watchers.push(
          watcher,
          watcher.onDidChange((uri) => this.fileChanged(uri, false)),
          watcher.onDidCreate((uri) => this.fileChanged(uri, false)),
          watcher.onDidDelete((uri) => this.fileChanged(uri, true)),
        );
      }
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof vscode.FileSystemError) return e.code === 'FileNotFound' ? 'no such file or folder' : e.message;
  return e instanceof Error ? e.message : String(e);
}
