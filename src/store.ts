/** DigestStore: finds and reads the digest files, builds the library with the core, and announces every change. */
import * as vscode from 'vscode';
import { buildDigest, type Digest, type DigestFile } from './core/digest';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/extract';
import type { Paper, Problem } from './core/model';
import { parseTaxonomy } from './core/vocabulary';
import { readConfig, type Config } from './config';

/** Folder entries read as digests. */
const DIGEST_FILE = /\.(txt|md)$/i;
const GLOB_CHARS = /[*?[\]{}]/;
/** Waits this long after the last change before reloading, so a burst of saves costs one reload. */
const RELOAD_DELAY_MS = 300;

const EMPTY: Digest = buildDigest([]);

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

  constructor(private readonly extensionUri: vscode.Uri) {
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

  /** Resolves when the load under way (if any) has finished. */
  whenIdle(): Promise<void> {
    return this.loading;
  }

  /** Reloads every digest now. */
  load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = this.loadNow(generation).catch((e) => this.log(`load failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    return this.loading;
  }

  /** Reloads after `delay` ms unless another change comes first. */
  scheduleReload(delay = RELOAD_DELAY_MS): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(), delay);
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

  private async loadNow(generation: number): Promise<void> {
    const problems: Problem[] = [];
    const trusted = vscode.workspace.isTrusted;
    if (!trusted && (this.settings.digests.length || this.settings.taxonomyFile)) {
      const message = 'LitDigest: this workspace is not trusted, so the digests and taxonomy named in its settings are not read. The shipped digest is loaded.';
      this.log(message);
      void vscode.window.showInformationMessage(message);
    }
    const files: DigestFile[] = [];
    if (this.settings.includeShippedDigest) files.push(...(await this.readFolder(vscode.Uri.joinPath(this.extensionUri, 'seeds'), problems)));
    if (trusted) {
      for (const entry of this.settings.digests) files.push(...(await this.readEntry(entry, problems)));
    }
    const knowledge = trusted ? await this.readKnowledge(problems) : DEFAULT_KNOWLEDGE;
    if (generation !== this.generation) return;
    const started = Date.now();
    const digest = buildDigest(files, knowledge);
    if (generation !== this.generation) return;
    this.current = digest;
    this.knowledge = knowledge;
    this.isLoaded = true;
    this.report([...problems, ...digest.problems]);
    this.log(`loaded ${digest.papers.length} papers from ${files.length} file${files.length === 1 ? '' : 's'} in ${Date.now() - started} ms`);
    this.changed.fire();
  }

  private report(problems: Problem[]): void {
    for (const p of problems) this.log(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`);
    const failedFiles = problems.filter((p) => p.severity === 'error' && p.line === 0);
    for (const p of failedFiles.slice(0, 3)) {
      void vscode.window.showWarningMessage(`LitDigest could not read ${p.file}: ${p.message}`, 'Show Problems').then((choice) => {
        if (choice) this.output.show(true);
      });
    }
    if (failedFiles.length > 3) void vscode.window.showWarningMessage(`LitDigest could not read ${failedFiles.length - 3} more files: see the LitDigest output.`);
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
      return this.readFiles(uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath)), problems);
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

  private async readFolder(folder: vscode.Uri, problems: Problem[]): Promise<DigestFile[]> {
    try {
      const entries = await vscode.workspace.fs.readDirectory(folder);
      const names = entries.filter(([name, type]) => type & vscode.FileType.File && DIGEST_FILE.test(name) && !name.startsWith('.')).map(([name]) => name).sort();
      if (!names.length) problems.push({ file: folder.fsPath, line: 0, severity: 'error', message: 'folder holds no .txt or .md digest files' });
      return this.readFiles(names.map((n) => vscode.Uri.joinPath(folder, n)), problems);
    } catch (e) {
      problems.push({ file: folder.fsPath, line: 0, severity: 'error', message: `cannot read folder: ${describe(e)}` });
      return [];
    }
  }

  private async readFiles(uris: vscode.Uri[], problems: Problem[]): Promise<DigestFile[]> {
    const read = await Promise.all(uris.map(async (uri): Promise<DigestFile | null> => {
      try {
        return { name: vscode.workspace.asRelativePath(uri, false), bytes: await vscode.workspace.fs.readFile(uri) };
      } catch (e) {
        // Deleted or replaced between listing and reading: report it, keep the others.
        problems.push({ file: uri.fsPath, line: 0, severity: 'error', message: `cannot read: ${describe(e)}` });
        return null;
      }
    }));
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
        const reload = () => this.scheduleReload();
        this.watchers.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
      }
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof vscode.FileSystemError) return e.code === 'FileNotFound' ? 'no such file or folder' : e.message;
  return e instanceof Error ? e.message : String(e);
}
