/** The CSL style and locale the settings ask for, and the formatter (loaded from its own chunk on first use), shared by every feature that shows references. */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Problem } from './core/model';
import type { References } from './core/references';
import { DEFAULT_STYLE, FALLBACK_LOCALE, SHIPPED_STYLES, isShippedStyle, localeFile } from './core/styles';
import { readConfig } from './config';

type FormatModule = typeof import('./core/format');

let formatModule: Promise<FormatModule> | undefined;

/**
 * Loads the CSL formatter once (later calls share the load). In the extension bundle `citeproc` resolves to
 * dist/csl.js, required here on first use; tests and the CLI bundle it.
 */
export function loadFormatter(): Promise<FormatModule> {
  return (formatModule ??= import('./core/format'));
}

const shipped = (extensionUri: vscode.Uri, file: string) => path.join(extensionUri.fsPath, 'media', 'csl', file);

/** Reads a style or locale file, or gives why it cannot be read. */
async function readText(file: string): Promise<{ text: string } | { error: string }> {
  try {
    return { text: await fsp.readFile(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a folder' : String(e) };
  }
}

/**
 * The style a `litdigest.citationStyle` value names: a shipped style's name, else a `.csl` path (absolute, or relative to
 * `folder`). An unusable one (missing, not XML, not CSL, dependent…) gives the default style and a problem naming
 * the file and the reason. In an untrusted workspace only shipped styles are read.
 */
export async function resolveStyle(
  setting: string,
  folder: string | undefined,
  extensionUri: vscode.Uri,
  locales: readonly string[],
): Promise<{ name: string; style: string; problems: Problem[] }> {
  const fallback = async (problems: Problem[]) => ({
    name: DEFAULT_STYLE,
    style: ((await readText(shipped(extensionUri, SHIPPED_STYLES[DEFAULT_STYLE]))) as { text: string }).text,
    problems,
  });
  const problem = (file: string, message: string): Problem[] => [{ file, line: 0, severity: 'error', message }];
  if (isShippedStyle(setting)) {
    const read = await readText(shipped(extensionUri, SHIPPED_STYLES[setting]));
    return 'text' in read ? { name: setting, style: read.text, problems: [] } : fallback(problem(setting, read.error));
  }
  if (!vscode.workspace.isTrusted) return fallback(problem(setting, 'a style file is not read in an untrusted workspace'));
  const file = path.isAbsolute(setting) || !folder ? setting : path.join(folder, setting);
  const read = await readText(file);
  if ('error' in read) return fallback(problem(file, read.error));
  const { checkStyle } = await loadFormatter();
  const problems = checkStyle(read.text, file, locales);
  return problems.length ? fallback(problems) : { name: setting, style: read.text, problems: [] };
}

/** The locale files for `lang` (then en-US, which citeproc-js falls back to); a language LitDigest does not ship is a problem and en-US is used. */
export async function resolveLocales(lang: string, extensionUri: vscode.Uri): Promise<{ locales: string[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const files = [...new Set([lang, FALLBACK_LOCALE])].flatMap((l) => {
    const file = localeFile(l);
    if (!file) problems.push({ file: 'litdigest.locale', line: 0, severity: 'warning', message: `no shipped CSL locale ${l}; using ${FALLBACK_LOCALE}` });
    return file ? [file] : [];
  });
  const locales = await Promise.all(files.map(async (f) => ((await readText(shipped(extensionUri, f))) as { text: string }).text ?? ''));
  return { locales: locales.filter(Boolean), problems };
}

let extensionRoot: vscode.Uri | undefined;

/** Tells where the shipped styles and locales are (the extension's folder); activate calls it first. */
export function initReferences(extensionUri: vscode.Uri): void {
  extensionRoot = extensionUri;
}

const loaded = new Map<string, References>();
const loading = new Map<string, Promise<References>>();
const reported = new Set<string>();

const forgotten = new vscode.EventEmitter<void>();

/** Fires after {@link forgetStyles}: what shows formatted text renders it again. */
export const onDidForgetStyles = forgotten.event;

/** Forgets the resolved styles (after a settings change, or a change to a `.csl` file). */
export function forgetStyles(): void {
  loaded.clear();
  loading.clear();
  forgotten.fire();
}

/**
 * The references for `scope`'s settings (a document or folder URI), loading the formatter and reading the style
 * and locale on first use. Each problem (an unusable style, a locale not shipped) is shown once, naming the file and the
 * reason; the default style is used instead.
 */
export function loadReferences(scope?: vscode.Uri): Promise<References> {
  const extensionUri = extensionRoot;
  if (!extensionUri) return Promise.reject(new Error('initReferences was not called'));
  const { config, folder, id } = settingsOf(scope);
  let promise = loading.get(id);
  if (!promise) {
    promise = (async () => {
      const module = await loadFormatter();
      const { locales, problems: localeProblems } = await resolveLocales(config.locale, extensionUri);
      const style = await resolveStyle(config.citationStyle, folder?.uri.fsPath, extensionUri, locales);
      for (const p of [...style.problems, ...localeProblems]) {
        const text = `LitDigest: ${p.file}: ${p.message}.${style.problems.includes(p) ? ` The ${DEFAULT_STYLE.toUpperCase()} style is used instead.` : ''}`;
        if (reported.has(text)) continue;
        reported.add(text);
        void vscode.window.showWarningMessage(text);
      }
      const apa = style.name === DEFAULT_STYLE ? style.style : (await resolveStyle(DEFAULT_STYLE, undefined, extensionUri, locales)).style;
      // Loaded with the formatter: the CSL items and short citations are made only around a formatter (dist/cslReferences.js).
      const { makeReferences } = await import('./core/references');
      const references = makeReferences(module, style.name, style.style, locales, apa);
      loaded.set(id, references);
      return references;
    })();
    // A load that failed (the chunk missing from a broken install) is tried again next time.
    promise.catch(() => loading.delete(id));
    loading.set(id, promise);
  }
  return promise;
}

/** The references for `scope` if already loaded (see {@link loadReferences}), else undefined: for callers that must not wait. */
export function loadedReferences(scope?: vscode.Uri): References | undefined {
  return loaded.get(settingsOf(scope).id);
}

/** The settings in force for `scope`, its workspace folder, and the id its references are kept under. */
function settingsOf(scope: vscode.Uri | undefined) {
  const { config } = readConfig(scope ?? null);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  return { config, folder, id: `${config.citationStyle}\u0000${config.locale}\u0000${folder?.uri.fsPath ?? ''}` };
}
