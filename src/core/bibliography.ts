/** The bibliography a document cites, as text: the files it names, the keys a file holds, the text that appends entries. */
import { parse as parseYaml } from 'yaml';
import { languageFamily } from './languages';

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

/** The entry keys of a BibTeX file (`@type{key,`), ignoring `@comment`, `@string` and `@preamble`. */
export function bibtexKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/@(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,/g)) {
    if (!/^(comment|string|preamble)$/i.test(m[1])) keys.add(m[2]);
  }
  return keys;
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
