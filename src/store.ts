/** DigestStore: settings and trust → inputs → the cached or built library → onDidChange; problems are reported here, once. */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CorrectionsByKey } from './core/corrections';
import { Library, inputSize, type BuildKit, type DigestFile } from './core/library';
import type { DecisionLookup } from './core/query';
import type { Paper, Problem } from './core/model';
import type { ReadOptions } from './core/sources/detect';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/vocabulary';
import { digestFormat, prepareReaders, readDigests, readInputs, readShippedDigests, readTaxonomy } from './inputs';
import { CACHE_FILE, attachSources, importBuilder, libraryCacheKey, loadLibrary, shippedCachePath } from './libraryCache';
import { readConfig, type Config } from './config';
import { watchInputs } from './watchInputs';
import type { ExtractAside } from './extractAside';

/** Waits this long after the last change before reloading, so a burst of saves costs one reload. */
const RELOAD_DELAY_MS = 300;
/** A document's bibliography is appended to at every citation: a burst of citing costs one update. */
const DOCUMENT_RELOAD_DELAY_MS = 1000;
/** Show a progress notification only for loads a person waits on. */
const PROGRESS_AFTER_MS = 1000;
/**
 * Inputs this large (about 2,000 papers) start the extraction worker at the beginning of a load: `SHARE_MIN_BYTES`, from
 * which a build shares its extraction (not imported: it lives in the builder chunk, which a cached load never loads).
 */
const WARM_WORKER_BYTES = 2_000_000;

const EMPTY: Library = Library.empty();

/** How the last load went: from the cache or built, why the cache was not used, and how long it took. */
export interface LoadReport {
  source: 'cache' | 'build' | 'update';
  cacheMiss?: string;
  papers: number;
  ms: number;
}

/** What the settings ask to read, per workspace folder (each folder's own `litdigest.digests`, relative to it). */
interface Inputs {
  shipped: boolean;
  folders: { folder: vscode.WorkspaceFolder; digests: string[] }[];
  /** Entries set with no workspace folder open to resolve them in. */
  unresolved: string[];
  taxonomy: { file: string; root: string } | null;
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
  private current: Library = EMPTY;
  private knowledge: Knowledge = DEFAULT_KNOWLEDGE;
  private settings: Config;
  private generation = 0;
  private isLoaded = false;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private watcher: vscode.Disposable | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private loading: Promise<void> = Promise.resolve();
  private ready: Promise<void> = Promise.resolve();
  private readonly pendingChanges = new Map<string, { uri: vscode.Uri; deleted: boolean }>();
  /** The last load, for the log and the tests. */
  lastLoad: LoadReport | undefined;
  /** Every problem the last load reported (unreadable paths, bad files, broken entries), as shown in the output channel. */
  lastProblems: Problem[] = [];
  /** Where the library is saved between activations (a local file: the extension host is Node). */
  readonly cacheUri: vscode.Uri;
  /** Each paper's screening decision, for the `status:`/`tag:`/`reason:` filters of the pickers (set once reviews are open). */
  decisionOf: DecisionLookup | undefined;
  /** The reviewers' corrections of hardware and claims, given to every library this store loads (see `setCorrections`). */
  private corrections: CorrectionsByKey = new Map();
  private correctionsText = '[]';
  /**
   * The builder (core/builder.ts, dist/builder.js): loaded on first need (a build, attaching a restored library's
   * sources, corrections to apply), so activation and a library restored from the cache never load it.
   */
  private kit: BuildKit | undefined;
  /** The extraction worker's manager (dist/extractAside.js), loaded with the first large library: a small one never needs it. */
  private aside: Promise<ExtractAside> | undefined;
  /** The same once loaded: a build asks it for a share synchronously (`ReadOptions.shareExtraction`). */
  private asideLoaded: ExtractAside | undefined;
  private disposed = false;
  /** The readers some formats need (the BibTeX parser), given to every library and filled before a read needs them. */
  private readonly readers: ReadOptions;
  /** The bibliographies open documents use (absolute paths, sorted), read beside the settings' inputs. */
  private documentBibliographies: string[] = [];
  private documentWatchers: vscode.Disposable[] = [];
  /** Names of the files the settings gave at the last load: a document's bibliography among them is theirs to keep. */
  private settingsFileNames = new Set<string>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    storageUri: vscode.Uri,
    private readonly version: string,
  ) {
    this.cacheUri = vscode.Uri.joinPath(storageUri, CACHE_FILE);
    // A build shares its extraction with the worker once its manager is loaded (a large library loads it first).
    this.readers = { shareExtraction: (knowledge) => this.asideLoaded?.share(knowledge) };
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
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        this.scheduleReload(0);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload(0)),
    );
    this.watch();
  }

  /** The library loaded last (an empty one until the first load). */
  get library(): Library {
    return this.current;
  }

  /** The window's settings (features read their per-document settings through `readConfig(document.uri)`). */
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

  /**
   * The reviewers' corrections of hardware and claims by key (the review files'), applied to the
   * library now and to every library loaded later, so the tree, details, hover, claim insertion and
   * search all show them. Fires `onDidChange` only when they changed.
   */
  setCorrections(corrections: CorrectionsByKey): void {
    // Every decision hands over a new map; the library's view is rebuilt only when a correction changed.
    const text = JSON.stringify([...corrections]);
    if (text === this.correctionsText) return;
    this.correctionsText = text;
    const apply = (kit: BuildKit | undefined) => {
      // A later call may have replaced them while the builder was loading.
      if (text !== this.correctionsText) return;
      this.corrections = corrections;
      this.current.setCorrections(corrections, kit);
      if (this.isLoaded) this.changed.fire();
    };
    // Applying corrections re-reads added claims (extraction, in the builder): loaded the first time there are some.
    if (corrections.size && !this.kit) {
      this.whenCorrected = this.builder().then(apply, (e) => this.log(`corrections not applied: ${describe(e)}`));
    } else apply(this.kit);
  }

  /** Resolves once the corrections last set are applied (the builder they need may still be loading). */
  whenCorrected: Promise<void> = Promise.resolve();

  /** The builder, loaded once. */
  private async builder(): Promise<BuildKit> {
    return (this.kit ??= await importBuilder());
  }

  /** The paper a key names (corrections applied): LitDigest's own key, else a key the user's bibliography gives it. */
  paper(key: string): Paper | undefined {
    return this.current.byKey.get(key) ?? this.current.byBibKey.get(key);
  }

  /**
   * Reads these bibliographies (absolute paths of the files the open documents use) into the library beside the
   * settings' inputs, and drops the ones no open document uses any more. Files that do not exist are left out
   * quietly: a document may name a bibliography that LitDigest will create. Nothing is read in an untrusted workspace.
   */
  setDocumentBibliographies(paths: readonly string[]): void {
    const next = vscode.workspace.isTrusted ? [...new Set(paths)].sort() : [];
    const before = this.documentBibliographies;
    if (next.join('\n') === before.join('\n')) return;
    this.documentBibliographies = next;
    this.watchDocumentBibliographies();
    // After the load under way, which may or may not have read them; before the first load, that load will.
    this.loading = this.loading
      .then(async () => {
        if (!this.isLoaded) return;
        const inLibrary = new Set(this.current.fileNames);
        const name = (uri: vscode.Uri) => this.nameOf(uri) ?? uri.fsPath;
        const present = await Promise.all(next.map(async (p) => ((await isFile(p)) ? vscode.Uri.file(p) : null)));
        const added = present.filter((uri) => uri !== null && !inLibrary.has(name(uri))) as vscode.Uri[];
        const dropped = before
          .filter((p) => !next.includes(p))
          .map((p) => vscode.Uri.file(p))
          .filter((uri) => inLibrary.has(name(uri)) && !this.settingsFileNames.has(name(uri)));
        if (added.length || dropped.length) await this.applyFileChanges(added, dropped);
      })
      .catch((e) => this.log(`update failed: ${describe(e)}`));
  }

  /** The document bibliographies in force (for the tests). */
  get documentBibliographyPaths(): readonly string[] {
    return this.documentBibliographies;
  }

  /** Resolves when the load under way (if any) has finished, cache written and all. */
  whenIdle(): Promise<void> {
    return this.loading;
  }

  /**
   * Resolves when the library being loaded (if any) is complete, search index included; the cache may
   * still be being saved. A stuck input file cannot hold it: every read has a deadline (see `readUserFile`).
   */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** True when no load is under way: the library and its search index are complete. */
  get isReady(): boolean {
    return this.readyNow;
  }
  private readyNow = true;

  /** Reloads every digest now. */
  load(): Promise<void> {
    const generation = ++this.generation;
    let resolveReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (resolveReady = resolve));
    this.readyNow = false;
    const markReady = () => {
      if (generation === this.generation) this.readyNow = true;
      resolveReady();
    };
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

  log(message: string): void {
    this.output.appendLine(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
  }

  /** The worker's manager, loaded on first use; after `dispose` one that loads late is stopped at once. */
  private extractAside(): Promise<ExtractAside> {
    this.aside ??= import('./extractAside').then(({ ExtractAside }) => {
      const aside = new ExtractAside(vscode.Uri.joinPath(this.extensionUri, 'dist', 'extractionWorker.js').fsPath, (line) => this.log(line));
      if (this.disposed) aside.dispose();
      else this.asideLoaded = aside;
      return aside;
    });
    return this.aside;
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    this.disposed = true;
    void this.aside?.then((aside) => aside.dispose());
    this.watcher?.dispose();
    for (const d of this.documentWatchers) d.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private rereadConfig(): Config {
    const window = readConfig(vscode.workspace.workspaceFolders?.[0]?.uri ?? null);
    const invalid = new Set(window.invalid);
    for (const folder of vscode.workspace.workspaceFolders ?? []) for (const name of readConfig(folder.uri).invalid) invalid.add(name);
    const { config } = window;
    if (invalid.size) {
      const message = `Invalid LitDigest setting${invalid.size > 1 ? 's' : ''} ${[...invalid].join(', ')}: using the default instead.`;
      this.log(message);
      void vscode.window.showWarningMessage(message);
    }
    return config;
  }

  /** What to read, from each folder's own settings; nothing of the workspace's when it is not trusted. */
  private inputs(): Inputs {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const trusted = vscode.workspace.isTrusted;
    const perFolder = folders.map((folder) => ({ folder, digests: readConfig(folder.uri).config.digests }));
    const first = folders[0];
    const taxonomyFile = first ? readConfig(first.uri).config.taxonomyFile : this.settings.taxonomyFile;
    if (!trusted && (perFolder.some((f) => f.digests.length) || this.settings.digests.length || taxonomyFile)) {
      const message = 'LitDigest: this workspace is not trusted, so the digests and taxonomy named in its settings are not read. The shipped digest is loaded.';
      this.log(message);
      void vscode.window.showInformationMessage(message);
    }
    return {
      shipped: this.settings.includeShippedDigest,
      folders: trusted ? perFolder : [],
      unresolved: trusted && !folders.length ? this.settings.digests : [],
      taxonomy: trusted && taxonomyFile ? { file: taxonomyFile, root: first?.uri.fsPath ?? process.cwd() } : null,
    };
  }

  /** Reads every input the settings name; what cannot be read becomes a problem. */
  private async readAll(inputs: Inputs): Promise<{ files: DigestFile[]; documents: DigestFile[]; knowledge: Knowledge; problems: Problem[] }> {
    const multiRoot = inputs.folders.length > 1;
    const documentFiles = (await Promise.all(this.documentBibliographies.map(async (p) => ((await isFile(p)) ? p : null)))).filter((p) => p !== null);
    const [shipped, taxonomy, documents, ...user] = await Promise.all([
      inputs.shipped ? readShippedDigests(this.extensionUri.fsPath) : { files: [], problems: [] },
      inputs.taxonomy ? readTaxonomy(inputs.taxonomy.file, inputs.taxonomy.root) : { knowledge: DEFAULT_KNOWLEDGE, problems: [] },
      readInputs(documentFiles.map((p) => ({ path: p, name: this.nameOf(vscode.Uri.file(p)) ?? p }))),
      ...inputs.folders.map(({ folder, digests }) =>
        readDigests(digests, { root: folder.uri.fsPath, confine: true, namePrefix: multiRoot ? `${folder.name}/` : '' }),
      ),
    ]);
    const problems: Problem[] = [
      ...inputs.unresolved.map((entry): Problem => ({
        file: entry,
        line: 0,
        severity: 'error',
        message: 'no workspace folder is open to resolve this digest path in',
      })),
      ...shipped.problems,
      ...user.flatMap((u) => u.problems),
      ...documents.problems,
      ...taxonomy.problems,
    ];
    const settingsFiles = [...shipped.files, ...user.flatMap((u) => u.files)];
    this.settingsFileNames = new Set(settingsFiles.map((f) => f.name));
    // Files in name order: the library's order then needs no sorting, and the cache key is stable.
    const files = settingsFiles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { files, documents: documents.files.filter((f) => !this.settingsFileNames.has(f.name)), knowledge: taxonomy.knowledge, problems };
  }

  private async loadNow(generation: number, markReady: () => void): Promise<void> {
    const { files, documents, knowledge, problems } = await this.readAll(this.inputs());
    if (generation !== this.generation) return;
    // A large library may have to be built: the worker starts now, to be ready when the papers are.
    if (inputSize(files) >= WARM_WORKER_BYTES) {
      await this.extractAside().then(
        (aside) => aside.warm(),
        () => undefined,
      );
      if (generation !== this.generation) return;
    }
    const key = libraryCacheKey(files, knowledge.taxonomy, this.version);
    const started = Date.now();
    const done = this.progressAfter(PROGRESS_AFTER_MS, `LitDigest: loading ${files.length} digest file${files.length === 1 ? '' : 's'}…`);
    try {
      // The tree needs papers, not the index: show them as soon as they exist; search waits for whenReady().
      const show = (library: Library) => {
        if (generation !== this.generation) return;
        library.setCorrections(this.corrections, this.kit);
        this.current = library;
        this.knowledge = knowledge;
        this.isLoaded = true;
        this.changed.fire();
      };
      await prepareReaders(files, this.readers);
      const loaded = await loadLibrary(files, knowledge, {
        key,
        read: this.readers,
        // The user's cache from the last activation, else the ready cache of the shipped digest.
        cacheFiles: [this.cacheUri.fsPath, shippedCachePath(this.extensionUri.fsPath)],
        onPapers: show,
        builder: () => this.builder(),
      });
      if (generation !== this.generation) return;
      const { library } = loaded;
      const fromCache = loaded.cacheFile !== null;
      library.setCorrections(this.corrections, this.kit);
      this.current = library;
      this.knowledge = knowledge;
      this.isLoaded = true;
      this.lastLoad = {
        source: fromCache ? 'cache' : 'build',
        cacheMiss: loaded.cacheMiss ?? undefined,
        papers: library.papers.length,
        ms: Date.now() - started,
      };
      markReady();
      this.report([...problems, ...library.problems]);
      this.log(
        `loaded ${library.papers.length} papers from ${files.length} file${files.length === 1 ? '' : 's'} in ${this.lastLoad.ms} ms (${fromCache ? 'from the cache' : `built; cache not used: ${loaded.cacheMiss}`})`,
      );
      this.changed.fire();
      // The restored library's sightings, for later updates: the builder is loaded now, after the tree and search are ready.
      if (fromCache) await attachSources(library, files, await this.builder());
      else
        await import('./cacheWrite')
          .then(({ saveLibrary }) => saveLibrary(this.cacheUri.fsPath, library, key))
          .catch((e) => this.log(`cache not saved: ${describe(e)}`));
      // The open documents' bibliographies join last, outside the cache: opening a document must not make the cache
      // of the settings' inputs (or the shipped one) useless, and the saved cache must not hold a document's file.
      if (documents.length && generation === this.generation) {
        await prepareReaders(documents, this.readers);
        const summary = library.update(documents);
        this.report(
          library.problems.filter((p) => documents.some((f) => f.name === p.file)),
          true,
        );
        this.log(
          `read ${documents.length} bibliograph${documents.length === 1 ? 'y' : 'ies'} of open documents: ${summary.added} papers added, ${summary.changed} merged`,
        );
        this.changed.fire();
      }
    } finally {
      done();
    }
  }

  /** Collects file changes for a moment, then applies them together: the last state of each file wins. */
  private fileChanged(uri: vscode.Uri, deleted: boolean): void {
    if (uri.fsPath.endsWith('.json')) return this.scheduleReload();
    // A folder's own change (its listing changed) is followed by the events of the files in it.
    if (digestFormat(uri.path) === null) return deleted ? this.scheduleReload() : undefined;
    this.pendingChanges.set(uri.toString(), { uri, deleted });
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(
      () => {
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
      },
      this.documentBibliographies.includes(uri.fsPath) ? DOCUMENT_RELOAD_DELAY_MS : RELOAD_DELAY_MS,
    );
  }

  /**
   * The library's name of a user file: its path relative to its workspace folder (prefixed by the folder's name in a
   * multi-root workspace); a document's bibliography outside the workspace goes by its absolute path.
   */
  nameOf(uri: vscode.Uri): string | null {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return this.documentBibliographies.includes(uri.fsPath) ? uri.fsPath : null;
    const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    return folders.length > 1 ? `${folder.name}/${rel}` : rel;
  }

  /**
   * Applies changed, added or deleted digest files to the loaded library without rebuilding it.
   * Falls back to a full load when the change is not a plain digest file of the library.
   * Callers chain it after the load under way (see `fileChanged`), so it never races one.
   */
  private async applyFileChanges(changed: vscode.Uri[], deleted: vscode.Uri[]): Promise<void> {
    const library = this.current;
    const names = new Set(library.fileNames);
    const changedFiles = changed.map((uri) => ({ path: uri.fsPath, name: this.nameOf(uri) }));
    const deletedNames = deleted.map((uri) => this.nameOf(uri));
    if (
      !library.hasSources ||
      changedFiles.some((f) => f.name === null || digestFormat(f.path) === null) ||
      deletedNames.some((n) => n === null || !names.has(n))
    )
      return this.load();
    const read = await readInputs(changedFiles as { path: string; name: string }[]);
    await prepareReaders(read.files, this.readers);
    const started = Date.now();
    const summary = library.update(read.files, deletedNames as string[]);
    this.lastLoad = { source: 'update', papers: library.papers.length, ms: Date.now() - started };
    this.report([...read.problems, ...library.problems.filter((p) => read.files.some((f) => f.name === p.file))]);
    this.log(
      `updated ${changed.length + deleted.length} file${changed.length + deleted.length === 1 ? '' : 's'} in ${this.lastLoad.ms} ms: ${summary.added} papers added, ${summary.changed} changed, ${summary.removed} removed`,
    );
    this.changed.fire();
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

  /**
   * The one place problems reach the user: every one in the output channel, a warning for each whole file that failed.
   * They replace the last load's problems, or join them when `more` (the open documents' bibliographies, read after).
   */
  private report(problems: Problem[], more = false): void {
    this.lastProblems = more ? [...this.lastProblems, ...problems] : problems;
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

  /** Watches each folder's digest entries and the taxonomy file; any change schedules a debounced reload or update. */
  private watch(): void {
    this.watcher?.dispose();
    const folders = vscode.workspace.workspaceFolders ?? [];
    this.watcher = watchInputs(
      folders.map((folder, i) => {
        const config = readConfig(folder.uri).config;
        return { folder, patterns: [...config.digests, ...(i === 0 && config.taxonomyFile ? [config.taxonomyFile] : [])] };
      }),
      (uri, deleted) => this.fileChanged(uri, deleted),
    );
  }

  /** Watches each document bibliography (in or outside the workspace): an append by LitDigest or another program updates the library. */
  private watchDocumentBibliographies(): void {
    for (const d of this.documentWatchers) d.dispose();
    this.documentWatchers = this.documentBibliographies.map((p) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(p)), path.basename(p)));
      watcher.onDidCreate((uri) => this.fileChanged(uri, false));
      watcher.onDidChange((uri) => this.fileChanged(uri, false));
      watcher.onDidDelete((uri) => this.fileChanged(uri, true));
      return watcher;
    });
  }
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
