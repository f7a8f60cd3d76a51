/** Installs code-server (VS Code's workbench and extension host, served to a browser) into the repository's cache and starts it on loopback. */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { runCommand, spawnGroup, withTimeout } from './processes';
import { cacheDir } from './repo';
import { requireSystemPackages, ripgrepPath, SystemPackageName } from './systemPackages';

/** The code-server release the harness uses: VS Code 1.100.3, the last release that runs on Node 20. */
export const codeServerVersion = '4.100.3';

/** The git-ignored folder code-server is installed into, reused while its version matches. */
export const codeServerDir = join(cacheDir, 'code-server');

const packageDir = join(codeServerDir, 'node_modules', 'code-server');
const entryPath = join(packageDir, 'out', 'node', 'entry.js');
// Beside the install folder, which each install deletes first, so the log of a failed one survives for reading.
const installLogPath = join(cacheDir, 'code-server-install.log');
// Written last, so an install that died half-way is redone rather than trusted.
const installedMarker = join(codeServerDir, 'installed-version');

function lastLines(text: string, count = 40): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

interface Shrinkwrap {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
}

/** The dependency names in a shrinkwrap whose install scripts must run (native modules, ripgrep). */
function packagesWithInstallScripts(shrinkwrapPath: string): string[] {
  return Object.entries(readJson<Shrinkwrap>(shrinkwrapPath).packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

/**
 * npm 11 runs no dependency install script unless package.json's `allowScripts` names it, and refuses the
 * equivalent command-line flag in a project. code-server's postinstall runs `npm install` in lib/vscode and
 * lib/vscode/extensions, so each of those package.json files gets the list its own shrinkwrap declares.
 */
function allowInstallScripts(projectDir: string, names: readonly string[]): void {
  const manifestPath = join(projectDir, 'package.json');
  const manifest = readJson<Record<string, unknown>>(manifestPath);
  manifest.allowScripts = Object.fromEntries(names.map((name) => [name, true]));
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
}

/** The name @vscode/ripgrep's postinstall gives the release asset for this machine, read from the package itself. */
async function ripgrepAssetName(ripgrepVersion: string, scratchDir: string): Promise<string> {
  const packed = await runCommand('npm', ['pack', `@vscode/ripgrep@${ripgrepVersion}`, '--pack-destination', scratchDir, '--silent']);
  if (packed.code !== 0) {
    throw new Error(`npm pack @vscode/ripgrep@${ripgrepVersion} failed:\n${packed.output}`);
  }
  const tarball = join(scratchDir, packed.output.trim().split('\n').pop() ?? '');
  const postinstall = await runCommand('tar', ['-xzOf', tarball, 'package/lib/postinstall.js']);
  const assetVersion = /const VERSION = '([^']+)'/.exec(postinstall.output)?.[1];
  if (!assetVersion) {
    throw new Error(`Could not read the ripgrep release from @vscode/ripgrep@${ripgrepVersion}'s postinstall.js`);
  }
  const target = arch() === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  return `ripgrep-${assetVersion}-${target}.tar.gz`;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which these machines cannot reach, but it first looks in
 * `$TMPDIR/vscode-ripgrep-cache-<its version>/`. Putting Debian's rg there, under the asset's name, makes it use that.
 */
async function seedRipgrepCache(tmpDir: string): Promise<void> {
  const shrinkwrap = readJson<Shrinkwrap>(join(packageDir, 'lib', 'vscode', 'npm-shrinkwrap.json'));
  const ripgrepVersion = shrinkwrap.packages['node_modules/@vscode/ripgrep']?.version;
  if (!ripgrepVersion) {
    throw new Error("code-server's lib/vscode/npm-shrinkwrap.json names no @vscode/ripgrep version");
  }
  const cache = join(tmpDir, `vscode-ripgrep-cache-${ripgrepVersion}`);
  mkdirSync(cache, { recursive: true });
  const asset = await ripgrepAssetName(ripgrepVersion, tmpDir);
  const staging = mkdtempSync(join(tmpDir, 'rg-'));
  copyFileSync(ripgrepPath, join(staging, 'rg'));
  const tar = await runCommand('tar', ['-czf', join(cache, asset), '-C', staging, 'rg']);
  if (tar.code !== 0) {
    throw new Error(`Could not pack ${ripgrepPath} for @vscode/ripgrep:\n${tar.output}`);
  }
}

/** The system packages only an install of code-server needs (a warm cache does without them). */
export const codeServerInstallPackages: readonly SystemPackageName[] = ['ripgrep', 'libkrb5-dev', 'build-essential', 'python3'];

/** True when the cache holds a complete install of {@link codeServerVersion}. */
export function isCodeServerInstalled(): boolean {
  return existsSync(installedMarker) && readFileSync(installedMarker, 'utf8').trim() === codeServerVersion && existsSync(entryPath);
}

/**
 * Makes sure code-server {@link codeServerVersion} is installed in {@link codeServerDir} and returns its entry script.
 * Reuses a complete install of that version; otherwise installs afresh (about a minute: VS Code's native modules are
 * compiled here), printing one line to stderr when it starts and one when it is done. Names any missing system package
 * before starting.
 */
export async function ensureCodeServer(): Promise<string> {
  if (isCodeServerInstalled()) {
    return entryPath;
  }
  requireSystemPackages(codeServerInstallPackages);
  const started = Date.now();
  console.error(`harness: installing code-server ${codeServerVersion} into ${codeServerDir} (once, about a minute; log: ${installLogPath})`);
  rmSync(codeServerDir, { recursive: true, force: true });
  const tmpDir = join(codeServerDir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  writeFileSync(join(codeServerDir, 'package.json'), JSON.stringify({ private: true, description: 'LitDigest test harness cache' }, null, 2) + '\n');

  writeFileSync(installLogPath, '');
  // Compiling native modules prints hundreds of lines; they go to the log, and its end is shown if a step fails.
  const npm = async (args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const result = await runCommand('npm', args, { cwd: codeServerDir, env });
    appendFileSync(installLogPath, `$ npm ${args.join(' ')}\n${result.output}\n`);
    return result;
  };
  // Fetch first without scripts: the shrinkwraps inside the package say which scripts to allow and which rg to seed.
  const fetched = await npm(['install', `code-server@${codeServerVersion}`, '--ignore-scripts', '--save-exact', '--no-audit', '--no-fund']);
  if (fetched.code !== 0) {
    throw new Error(`npm could not fetch code-server@${codeServerVersion} (exit ${fetched.code}):\n${lastLines(fetched.output)}\nFull log: ${installLogPath}`);
  }
  allowInstallScripts(codeServerDir, ['code-server', ...packagesWithInstallScripts(join(packageDir, 'npm-shrinkwrap.json'))]);
  for (const nested of [join(packageDir, 'lib', 'vscode'), join(packageDir, 'lib', 'vscode', 'extensions')]) {
    allowInstallScripts(nested, packagesWithInstallScripts(join(nested, 'npm-shrinkwrap.json')));
  }
  await seedRipgrepCache(tmpDir);

  const built = await npm(['rebuild', '--foreground-scripts'], {
    ...process.env,
    TMPDIR: tmpDir,
    // code-server's postinstall refuses to run as root without it (CI is root).
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which would otherwise wait for a "proceed?" answer.
    npm_config_yes: 'true',
  });
  if (built.code !== 0 || !existsSync(join(packageDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'))) {
    throw new Error(`code-server's install scripts failed (exit ${built.code}):\n${lastLines(built.output)}\nFull log: ${installLogPath}`);
  }
  rmSync(tmpDir, { recursive: true, force: true });
  writeFileSync(installedMarker, codeServerVersion + '\n');
  console.error(`harness: code-server ${codeServerVersion} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return entryPath;
}

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT` with no trailing slash. */
  origin: string;
  port: number;
  /** Everything code-server printed so far (its own log, not the extension host's). */
  output: () => string;
  /** Settles when code-server exits, whether stopped or crashed. */
  exited: Promise<void>;
  /** Stops code-server and every process it started (extension host, file watcher, pty host). */
  stop: () => Promise<void>;
}

/** Where and how to start code-server; the folders are made if missing. */
export interface CodeServerOptions {
  userDataDir: string;
  extensionsDir: string;
  /** The folder it opens when the browser does not ask for one. */
  workspace: string;
  /** Default 0: any free port, read back from code-server's log. */
  port?: number;
  /** Workspace trust on, so a folder nobody trusted opens in Restricted Mode. Default off (every folder trusted). */
  workspaceTrust?: boolean;
}

/**
 * Installs `vsixPath` into `extensionsDir` with code-server's own CLI (offline, about 2 s) — the same path a user's
 * "Install from VSIX…" takes, so a file the .vsix lacks is missing here too.
 */
export async function installVsix(vsixPath: string, options: Pick<CodeServerOptions, 'userDataDir' | 'extensionsDir'>): Promise<void> {
  const entry = await ensureCodeServer();
  const result = await runCommand(
    process.execPath,
    [entry, '--user-data-dir', options.userDataDir, '--extensions-dir', options.extensionsDir, '--install-extension', vsixPath, '--force'],
    { env: codeServerEnv(options.userDataDir) },
  );
  if (result.code !== 0 || !/successfully installed/i.test(result.output)) {
    throw new Error(`code-server could not install ${vsixPath}:\n${result.output}`);
  }
}

/**
 * User settings for a fresh user-data folder (an existing settings.json, e.g. `npm start`'s, is left alone): nothing
 * that reaches for the network, no welcome page or tips over the editor, and no word wrap, so an editor's rendered
 * lines are its document lines (UI tests read them back).
 */
const defaultSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // npm start's workspace sits inside this checkout; without this, Git asks about the parent repository.
  'git.openRepositoryInParentFolders': 'never',
  'editor.wordWrap': 'off',
  // The web workbench saves dirty editors after a delay by default; tests of unsaved documents need them to stay unsaved.
  'files.autoSave': 'off',
  '[markdown]': { 'editor.wordWrap': 'off' },
};

function writeDefaultSettings(userDataDir: string): void {
  const settingsPath = join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsPath)) {
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(settingsPath, JSON.stringify(defaultSettings, null, 2) + '\n');
  }
}

// code-server writes a config file with a generated password into ~/.config on first run; keep it in the run's folder.
function codeServerEnv(userDataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: join(userDataDir, 'xdg-config'), XDG_DATA_HOME: join(userDataDir, 'xdg-data') };
}

/** Starts code-server on 127.0.0.1 only, with no password, and resolves once it answers HTTP. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const entry = await ensureCodeServer();
  for (const dir of [options.userDataDir, options.extensionsDir]) {
    mkdirSync(dir, { recursive: true });
  }
  writeDefaultSettings(options.userDataDir);
  const configPath = join(options.userDataDir, 'code-server.yaml');
  writeFileSync(configPath, 'auth: none\n');
  const server = spawnGroup(
    process.execPath,
    [
      entry,
      '--config',
      configPath,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${options.port ?? 0}`,
      '--user-data-dir',
      options.userDataDir,
      '--extensions-dir',
      options.extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      options.workspace,
    ],
    { env: codeServerEnv(options.userDataDir) },
  );

  let output = '';
  const listening = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) {
        resolve(Number(port));
      }
    };
    server.child.stdout?.on('data', onData);
    server.child.stderr?.on('data', onData);
    server.child.once('exit', (code) => reject(new Error(`code-server exited (code ${code}) before listening:\n${output}`)));
  });
  try {
    const port = await withTimeout(listening, 60_000, 'code-server did not start listening within 60 s');
    const origin = `http://127.0.0.1:${port}`;
    await withTimeout(waitForHealthy(origin), 30_000, `code-server at ${origin} did not answer /healthz within 30 s`);
    const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
    return { origin, port, output: () => output, exited, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function waitForHealthy(origin: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not accepting connections yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What the workbench page should open and run; see {@link workbenchUrl}. */
export interface WorkbenchTarget {
  /** Absolute path of the folder to open. */
  folder: string;
  /** Absolute path of an extension to run unpackaged (its package.json's folder), as F5 in VS Code does. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a compiled module exporting `run(): Promise<void>`; VS Code awaits it in the extension host. */
  extensionTestsPath?: string;
}

/**
 * The URL that opens the workbench on `target.folder`. Development and test paths travel in the `payload` query
 * parameter as `vscode-remote://` URIs on the same server, which is how code-server's workbench reads them.
 */
export function workbenchUrl(server: CodeServer, target: WorkbenchTarget): string {
  const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (target.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(target.extensionDevelopmentPath)]);
  }
  if (target.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
  }
  const query = new URLSearchParams({ folder: target.folder, payload: JSON.stringify(payload) });
  return `${server.origin}/?${query.toString()}`;
}
