/** The bibliography a document cites, as text: the files it names, the keys a file holds, the text that appends entries. */
import type * as Yaml from 'yaml';
import { bibliographyKeys } from './bibtex';
import { languageFamily } from './languages';

let yaml: typeof Yaml | undefined;

/**
 * Front matter's YAML, parsed by the `yaml` package, which is required on first use: in the extension it is a chunk of
 * its own (esbuild.mjs's CHUNKS), so activation does not load 115 KB for the first document with front matter.
 */
function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require inside the function is what keeps it lazy
  yaml ??= require('yaml') as typeof Yaml;
  return yaml.parse(text);
}

/**
 * The bibliography files a document names, as written (relative to the document): pandoc front matter
 * `bibliography:` (a string or a list, read by a YAML parser so comments, quoting and folded scalars mean what they
 * mean to pandoc), LaTeX `\addbibresource{refs.bib}` (each one) and `\bibliography{a,b}` (`.bib` added when missing).
 * LaTeX comments are ignored; remote resources (`http…`) are not files. Front matter that is not valid YAML names
 * nothing, and `problem` says why.
 */
export function bibliographyNames(text: string, languageId: string): { names: string[]; problem?: string } {
  if (languageFamily(languageId) === 'latex') return { names: latexBibliographies(text) };
  const front = FRONT_MATTER.exec(text);
  if (!front) return { names: [] };
  let meta: unknown;
  try {
    meta = parseYaml(front[1]);
  } catch (e) {
    return { names: [], problem: `the front matter is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
  const value = meta && typeof meta === 'object' ? (meta as Record<string, unknown>).bibliography : undefined;
  const names = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  return { names: names.filter(Boolean) };
}

/** Pandoc's front matter: a YAML block that opens the document, closed by `---` or `...`. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

function latexBibliographies(text: string): string[] {
  const names: string[] = [];
  const body = text.replace(/(?<!\\)%.*$/gm, '');
  for (const m of body.matchAll(/\\(addbibresource|addglobalbib|bibliography)\s*(?:\[[^\]]*\])?\s*\{([^}]+)\}/g)) {
    for (const part of m[1] === 'bibliography' ? m[2].split(',') : [m[2]]) {
      const name = part.trim();
      if (!name || /^[a-z]+:\/\//i.test(name)) continue;
      names.push(m[1] === 'bibliography' && !/\.bib$/i.test(name) ? `${name}.bib` : name);
    }
  }
  return names;
}

/**
 * The entry keys of a BibTeX file, as the parser reads them ({@link bibliographyKeys}): not the keys inside
 * `@comment{…}`, after `%`, or inside another entry's field; with the keys of entries too broken to read. For lines
 * and repeats, call `bibliographyKeys`.
 */
export async function bibtexKeys(text: string): Promise<Set<string>> {
  const { keys, unreadKeys } = await bibliographyKeys(text);
  // A broken entry's key is still taken: appending it again would repeat the key once the entry is fixed.
  return new Set([...keys.map((k) => k.key), ...unreadKeys]);
}

/**
 * The text to append to a bibliography so that it ends with `entries`: nothing else in the file
 * changes. Keeps the file's line ending (CRLF or LF), adds the newline the file may lack at its end,
 * and a blank line before each entry.
 */
export function appendition(existing: string, entries: readonly string[]): string {
  if (!entries.length) return '';
  const eol = /\r\n/.test(existing) ? '\r\n' : '\n';
  const lead = existing === '' ? '' : existing.endsWith('\n') ? eol : eol + eol;
  return lead + entries.map((e) => e.replace(/\r?\n/g, eol).replace(/(\r?\n)+$/, '') + eol).join(eol);
}
