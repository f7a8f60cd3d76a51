/** The bibliography a document cites: finding its file, reading its keys, appending missing entries. */
import { bibliographyKeys } from './bibtex';

/**
 * The bibliography files a document names, as written (relative to the document):
 * Markdown front matter `bibliography: refs.bib` (or a list), LaTeX `\addbibresource{refs.bib}`
 * and `\bibliography{a,b}` (`.bib` added when missing). Comments are ignored.
 */
export function bibliographyPaths(text: string, languageId: string): string[] {
  if (languageId === 'latex' || languageId === 'tex') {
    const paths: string[] = [];
    const body = text.replace(/(?<!\\)%.*$/gm, '');
    for (const m of body.matchAll(/\\addbibresource(?:\[[^\]]*\])?\{([^}]+)\}/g)) paths.push(m[1].trim());
    for (const m of body.matchAll(/\\bibliography\{([^}]+)\}/g)) {
      for (const name of m[1].split(',')) paths.push(/\.bib$/i.test(name.trim()) ? name.trim() : `${name.trim()}.bib`);
    }
    return paths.filter(Boolean);
  }
  const front = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text);
  if (!front) return [];
  const lines = front[1].split(/\r?\n/);
  const paths: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^bibliography:\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    const value = m[1].trim();
    if (value.startsWith('['))
      paths.push(
        ...value
          .replace(/^\[|\]$/g, '')
          .split(',')
          .map(unquote),
      );
    else if (value) paths.push(unquote(value));
    else for (let j = i + 1; j < lines.length && /^\s*-\s+/.test(lines[j]); j++) paths.push(unquote(lines[j].replace(/^\s*-\s+/, '')));
  }
  return paths.filter(Boolean);
}

function unquote(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/, '$2');
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
